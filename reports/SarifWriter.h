#pragma once
#include "core/Provenance.h"
#include "core/Finding.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace attest {

struct SarifOptions {
  std::vector<std::string> ruleIds;  // the rule set in effect, in catalog order
  std::optional<GitInfo> git;        // versionControlProvenance when scanning a checkout
  std::string workingDirectory;
  std::vector<std::string> textScanRoots;  // where configuration files were read for secrets
};

nlohmann::json buildSarif(const ScanResult &scan, const Catalog &catalog, const SarifOptions &options);

// Serialises JSON (invalid UTF-8 replaced, never thrown on) to `path` through a
// temporary file in the same directory and a rename, so a reader never sees half a file.
bool writeJsonAtomically(const nlohmann::json &json, const std::string &path, std::string &error);
// "2026-11-24T01:02:03.456Z", as SARIF's *TimeUtc properties.
std::string utcTimestamp(std::chrono::system_clock::time_point tp);
// The bytes writeJsonAtomically() writes for `json`.
std::string sarifText(const nlohmann::json &json);
// Writes an output. A new or regular file is written to a temporary file in the same
// directory and renamed over it (a symbolic link there is replaced, never followed).
// "-", /dev/stdout, /dev/stderr and /dev/fd/N write to that descriptor; a FIFO, a
// terminal or /dev/null (or a link to one) is written through; a directory or any other
// device is an error.
bool writeFileAtomically(const std::string &content, const std::string &path, std::string &error);
// Whether one of the output paths is standard output.
bool writesToStandardOutput(const std::vector<std::string> &paths);
// The usage error when more than one of (flag, path) goes to standard output, or an
// attested output does (the attestation digests files); empty when none.
std::string standardOutputConflict(const std::vector<std::pair<std::string, std::string>> &outputs);

// The SARIF taxonomy name for a catalog taxonomy key (cwe -> "CWE").
std::string taxonomyDisplayName(const std::string &key);

}  // namespace attest
