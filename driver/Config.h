// .attest.yaml: the team's decisions about what gates a build. Read with LLVM's
// YAML I/O; an unknown key or bad value is an error with file:line:col (exit 2).
#pragma once
#include "rules/Catalog.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace attest {

struct AllowedFinding {
  std::string fingerprint;    // partialFingerprints["attest/v1"]
  std::string justification;  // required: why the risk is accepted
  std::string until;          // optional YYYY-MM-DD
};

struct Config {
  std::string path;    // the file read, empty for defaults
  std::string sha256;  // of its bytes, for audit evidence
  std::string root;    // its directory: paths globs are relative to it
  std::vector<std::string> enable, disable;  // rule ids or family globs
  std::map<std::string, std::string> levels; // rule id -> error|warning|note
  std::vector<std::string> include, exclude; // path globs
  std::optional<std::string> failOn;         // error|warning|note|none
  std::optional<unsigned> linkDepth;         // hops the link step follows (0: off); --link-depth overrides
  std::optional<unsigned> tuTimeout;         // seconds per TU; --tu-timeout overrides
  std::optional<unsigned> tuMemory;          // MiB of address space per TU; --tu-memory overrides
  std::optional<std::string> incomplete;     // allow | fail | N%: what an incomplete scan does to the gate
  std::vector<AllowedFinding> allow;
  bool allowWildcardSuppressions = false;  // suppressions: allowWildcards: attest:ignore[*] is honoured
};

// Parses config YAML; on error returns nullopt with "file:line:col: error: ..." set.
std::optional<Config> parseConfig(const std::string &text, const std::string &path, const Catalog &catalog,
                                  std::string &error);
// Reads FILE, or finds .attest.yaml walking up from `startDir` (none: defaults).
std::optional<Config> loadConfig(const std::string &explicitPath, const std::string &startDir,
                                 const Catalog &catalog, std::string &error);
// Whether `file` (absolute) is in scope: under an include glob (if any), no exclude glob.
bool pathInScope(const Config &config, const std::string &file);

// The commented default file `attest init` writes.
std::string defaultConfigText();

}  // namespace attest
