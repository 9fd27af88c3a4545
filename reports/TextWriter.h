#pragma once
#include "reports/Finding.h"
#include <string>

namespace attest {
// Compiler style, one line per finding: path:line:col: level: message [rule-id]
// Paths are relative to `displayBase` when under it.
std::string formatText(const ScanResult &scan, const std::string &displayBase, bool showSuppressed = false);
// The stderr summary: TUs scanned, TUs that failed to parse, findings by level, wall time.
std::string formatSummary(const ScanResult &scan);
}  // namespace attest
