// --policy FILE: the floor of the gate, from outside the checkout (the CI job reads it from
// the base branch or its own repository). The code under review may make its own
// .attest.yaml stricter, never weaker: every setting below the policy, and with
// --diff-base every setting weaker than the base revision's configuration, is a
// `config-weakens-policy` finding at the configuration's line. These findings gate
// whatever the baseline, the diff base, suppressions or the allow-list say.
#pragma once
#include "driver/Config.h"
#include "driver/DiffBase.h"
#include "core/Finding.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

inline constexpr const char *kPolicyRule = "config-weakens-policy";

struct Policy {
  std::string path;
  std::optional<std::string> failOn;          // the laxest gate allowed: error | warning | note
  std::vector<std::string> requiredRules;     // ids or family globs that must stay enabled
  std::vector<std::string> allowedExcludes;   // the only paths.exclude globs a configuration may use
  std::vector<std::string> allowedIncludes;   // the only paths.include globs a configuration may use
  std::optional<std::string> incomplete;      // the most incompleteness accepted: fail | N% | allow
};

// Reads a policy file (YAML; unknown keys and bad values are errors with file:line:col).
std::optional<Policy> loadPolicy(const std::string &path, const Catalog &catalog, std::string &error);

// The settings of `config` (whose file holds `configText`) that go below `policy`.
std::vector<Finding> checkPolicy(const Policy &policy, const Config &config, const std::string &configText,
                                 const Catalog &catalog);

// The settings of `current` that are weaker than the base revision's `base` (which may be
// the defaults when the base had no configuration file).
std::vector<Finding> checkAgainstBase(const Config &base, const Config &current, const std::string &currentText,
                                      const Catalog &catalog);

// Both checks for a scan: against `policy` (if any) and, with `changes`, against the
// configuration file's version at the diff base (the defaults when it did not exist).
std::vector<Finding> governanceFindings(const Policy *policy, const Config &config, const ChangeSet *changes,
                                        const Catalog &catalog);

// The stricter of a gate and the policy's floor.
std::optional<Level> atLeastPolicy(const std::optional<Level> &failOn, const Policy &policy);

}  // namespace attest
