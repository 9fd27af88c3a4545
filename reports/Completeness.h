// Which planned TUs a scan did not analyse completely. One rule, used by the gate
// (driver/Collect), the SARIF (executionSuccessful) and the stderr summary line.
#pragma once
#include "reports/Finding.h"

#include <string>

namespace attest {

// Planned TUs skipped, crashed or failed to parse. Every kind of incompleteness the
// scanner counts in ScanSummary is one term here.
unsigned incompleteTus(const ScanSummary &summary);
// Planned TUs analysed completely.
unsigned analysedTus(const ScanSummary &summary);
// Why TUs are incomplete, for messages: "2 failed to parse, 1 skipped".
std::string incompleteCauses(const ScanSummary &summary);

}  // namespace attest
