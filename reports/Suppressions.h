// Inline suppressions: `// attest:ignore[rule-id,family-*] justification until=YYYY-MM-DD ticket=ID`
// on the finding's line or the line above. A suppressed result stays in the SARIF
// (suppressions[].justification) for auditors but never counts towards the gate.
#pragma once
#include "reports/Finding.h"

#include <string>
#include <vector>

namespace attest {

struct InlineSuppression {
  std::string file;
  unsigned line = 0, column = 0;
  std::vector<std::string> patterns;  // rule ids or family globs ("tls-*")
  std::string justification;
  std::string until;   // YYYY-MM-DD, optional
  std::string ticket;  // optional
  std::string problem; // why it is invalid, empty when valid
  bool used = false;
};

// Finds the suppression comments of one file's text.
std::vector<InlineSuppression> parseSuppressions(const std::string &file, const std::string &text);

// "tls-*" matches every rule of the family; otherwise exact.
bool matchesRulePattern(const std::string &ruleId, const std::string &pattern);

struct SuppressionOptions {
  std::string today;  // YYYY-MM-DD (UTC), for until=
  bool reportUnused = false;
};

// Reads the suppression comments of every file with a finding and of every scanned
// file, marks matching findings suppressed, adds `suppression-invalid` findings for
// comments without a justification or naming unknown rules, and notifications for
// expired (and, when asked, unused) suppressions.
void applyInlineSuppressions(ScanResult &scan, const Catalog &catalog, const SuppressionOptions &options);

}  // namespace attest
