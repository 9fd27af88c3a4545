// Inline suppressions: `// attest:ignore[rule-id,family-*] justification until=YYYY-MM-DD ticket=ID`
// on the finding's line or the line above, in a comment of the file's language
// (core/SourceComments: C/C++ comment tokens, the comment syntax of each
// configuration format); the same text in a string literal or a value is not one. A suppressed result stays in the SARIF
// (suppressions[].justification) for auditors but never counts towards the gate.
#pragma once
#include "core/Finding.h"

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

// Finds the suppression comments of one file's text; the file name picks the comment
// syntax (a configuration format, or C/C++).
std::vector<InlineSuppression> parseSuppressions(const std::string &file, const std::string &text);

// "tls-*" matches every rule of the family; otherwise exact.
bool matchesRulePattern(const std::string &ruleId, const std::string &pattern);

struct SuppressionOptions {
  std::string today;  // YYYY-MM-DD (UTC), for until=
  bool reportUnused = false;
  bool allowWildcards = false;  // "*", "t*": blanket patterns that name no family (.attest.yaml)
};

// Reads the suppression comments of every file with a finding and of every scanned
// file, marks matching findings suppressed, adds `suppression-invalid` findings for
// comments without a justification, naming unknown rules or (unless allowed) with a
// blanket wildcard, and notifications for
// expired (and, when asked, unused) suppressions.
void applyInlineSuppressions(ScanResult &scan, const Catalog &catalog, const SuppressionOptions &options);

}  // namespace attest
