// Baselines: a SARIF file of accepted findings. Results are matched by
// partialFingerprints "attest/v1" (rule, path, function, code with whitespace
// removed, occurrence), then by "attest/context/v1" (the same without the path, so
// a moved file keeps its findings); only `new` results fail the gate.
#pragma once
#include "core/Finding.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace attest {

struct BaselineEntry {
  // path: relative to the baseline's %SRCROOT%, or absolute for a file outside it.
  std::string fingerprint, contextHash, ruleId, message, path;
  unsigned line = 0;
  bool matched = false;
};

// Reads a SARIF 2.1.0 baseline; nullopt with `error` for unreadable or non-SARIF input.
std::optional<std::vector<BaselineEntry>> readBaseline(const std::string &path, std::string &error);

// Sets baselineState on every finding (new, unchanged, updated when matched only by
// the path-independent key) and returns the baseline entries not found again (absent).
std::vector<BaselineEntry> applyBaseline(std::vector<Finding> &findings, std::vector<BaselineEntry> &baseline,
                                         const std::string &sourceRoot = "");

}  // namespace attest
