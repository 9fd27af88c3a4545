// The collect stage of `attest scan`: from the scanner's raw result to the findings that
// count and the gate's verdict. Scope, level overrides, inline suppressions,
// fingerprints, the allow-list, the baseline and completeness are applied here, in this
// order, without running a process or Clang (tests/unit/CollectTest.cpp).
#pragma once
#include "driver/Config.h"
#include "driver/DiffBase.h"
#include "core/Baseline.h"
#include "core/Completeness.h"
#include "core/Finding.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct CollectOptions {
  const Config *config = nullptr;  // required
  const std::vector<BaselineEntry> *baseline = nullptr;
  std::string baselinePath;
  const ChangeSet *changes = nullptr;  // --diff-base: only changed lines gate
  std::string today;                   // YYYY-MM-DD (UTC): suppression and allow-list expiry
  bool reportUnusedSuppressions = false;
  // Findings about the gate itself (driver/Policy.h): added after scope, suppressions,
  // the allow-list and the baseline, none of which the code under review may use on them.
  std::vector<Finding> governance;
};

// Applies the configuration and the accepted findings to `result.findings` in place.
void collectFindings(ScanResult &result, const CollectOptions &options);

struct GateOptions {
  std::optional<Level> failOn = Level::Error;  // nullopt: findings never fail
  const ChangeSet *changes = nullptr;
  bool baseline = false;     // only baselineState "new" findings gate
  bool narrowed = false;     // --diff-base or --shard chose the TUs: none planned is fine
  CompletenessPolicy completeness;
};

struct Verdict {
  int status = 0;                // an ExitStatus (driver/Cli.h)
  bool gatingFindings = false;   // findings at or above failOn
  bool incomplete = false;       // some planned TU was not analysed completely
  bool incompleteAllowed = false;  // ... and the policy accepts it
  bool nothingAnalysed = false;
  std::string message;           // for stderr: why the scan is incomplete or empty
};

// Findings gate first (1); then a scan that analysed nothing (2); then an incomplete
// scan the policy does not accept (3); else 0.
Verdict decideGate(const ScanResult &result, const GateOptions &options);

}  // namespace attest
