// Which planned TUs a scan did not analyse completely. One rule, used by the gate
// (driver/Collect), the SARIF (executionSuccessful) and the stderr summary line.
#pragma once
#include "core/Finding.h"

#include <optional>
#include <string>

namespace attest {

// Planned TUs skipped, crashed or failed to parse. Every kind of incompleteness the
// scanner counts in ScanSummary is one term here.
unsigned incompleteTus(const ScanSummary &summary);
// Planned TUs analysed completely.
unsigned analysedTus(const ScanSummary &summary);
// Why TUs are incomplete, for messages: "2 failed to parse, 1 skipped".
std::string incompleteCauses(const ScanSummary &summary);
// "scan incomplete: 3 of 10 planned TU(s) not analysed completely (2 failed to parse, 1 skipped)".
std::string incompleteSummary(const ScanSummary &summary);

// What the user accepts of an incomplete scan (`--allow-incomplete`, `.attest.yaml`
// `incomplete: allow | fail | N%`). By default nothing: any incomplete TU fails the gate.
struct CompletenessPolicy {
  bool allowAll = false;
  std::optional<double> toleratedPercent;  // share of the planned TUs that may be incomplete
};

// "allow", "fail" or "N%" (0 <= N <= 100); nullopt when it is none of them.
std::optional<CompletenessPolicy> parseCompletenessPolicy(const std::string &text);

}  // namespace attest
