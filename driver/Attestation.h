// `attest scan --attestation FILE`: an in-toto v1 Statement about one scan. Its subjects
// are the files the scan wrote (SARIF, report, JUnit, ...) with their SHA-256 digests; its
// predicate records what was scanned and how, so that a team can sign it with the tools
// it already has (cosign, in-toto) and keep it as evidence for a SOC 2 Type II period.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace attest {

inline constexpr const char *kInTotoStatementType = "https://in-toto.io/Statement/v1";
inline constexpr const char *kScanPredicateType = "https://github.com/attest-scanner/attest/scan-predicate/v1";

struct DigestedFile {
  std::string name;  // as given on the command line
  std::string path;  // to read it
};

struct ScanPredicate {
  std::string toolVersion, catalogSha256;
  std::vector<std::string> rules;
  std::string repositoryUri, commit, branch;
  std::string configFile, configSha256;
  std::map<std::string, std::string> configSettings;
  std::string databaseFile, databaseSha256;
  std::string failOn;     // error|warning|note|none
  std::string result;     // pass|fail|incomplete
  int exitStatus = 0;
  std::string startTime, endTime;  // UTC, as in the SARIF
  unsigned tusScanned = 0, tusFailedToParse = 0, tusCrashed = 0, tusSkipped = 0;
  std::map<std::string, size_t> findings;  // error/warning/note/suppressed
};

// The Statement, digesting each file as it is on disk now. On a file that cannot be
// read: false with `error` set.
bool buildAttestation(const std::vector<DigestedFile> &subjects, const ScanPredicate &predicate,
                      nlohmann::json &statement, std::string &error);

}  // namespace attest
