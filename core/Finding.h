// What travels from a check to an output: plain data, no Clang types.
#pragma once

#include "rules/Catalog.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace attest {

struct Location {
  std::string file;  // absolute, normalised path
  unsigned startLine = 0, startColumn = 0;  // 1-based; columns in bytes (compiler style)
  unsigned endLine = 0, endColumn = 0;      // end column is exclusive
  unsigned startColumnUtf16 = 0, endColumnUtf16 = 0;  // the same columns in UTF-16 code units (SARIF)
  std::string regionText;   // source text of the region, secrets masked, valid UTF-8
  std::string contextText;  // the whole lines of the region, secrets masked, valid UTF-8
};

struct RelatedLocation {
  Location location;
  std::string message;
};

// Why a result is not counted: an inline comment or the configuration/baseline.
struct Suppression {
  std::string kind;  // inSource | external
  std::string justification;
  std::string file;  // where the suppression is written (inSource), else empty
  unsigned line = 0;
  std::string until, ticket;
};

// A branch condition that reads a const global defined in another TU (`extern const bool
// kAllowInsecure;`): this TU cannot fold it, the whole program can. The finding holds only
// when the flag's value is non-zero (liveWhen) or zero (!liveWhen).
struct BranchGuard {
  std::string usr;  // the flag's Clang USR
  bool liveWhen = true;
  bool operator==(const BranchGuard &) const = default;
};

// One edit of a fix: the bytes [byteOffset, byteOffset + byteLength) of `region.file`,
// which read `region.regionText` when the scan saw them, become `inserted`.
struct Replacement {
  Location region;
  unsigned byteOffset = 0, byteLength = 0;
  std::string inserted;
};

// A mechanical repair of a finding (SARIF fix), safe to apply without reading the code:
// attached only where the offending text is written out at the finding itself.
struct Fix {
  std::string description;
  std::vector<Replacement> replacements;
};

struct Finding {
  std::string ruleId;
  Level level = Level::Warning;
  Location location;
  std::string message;   // never holds a secret in clear text
  std::string function;  // enclosing function, an input of the fingerprint
  // The first line of the call when the region is one of its arguments on a later line: an
  // attest:ignore comment above the call still applies to it. 0 when it is the region's.
  unsigned callLine = 0;
  std::vector<RelatedLocation> related;
  // Paths a value takes from its source to this location, source first (SARIF codeFlows,
  // one threadFlow each). Filled by the link step (core/Link.h), empty for local findings.
  std::vector<std::vector<RelatedLocation>> codeFlows;
  std::map<std::string, std::string> properties;  // library, side (client/server), ...
  std::vector<Fix> fixes;  // `attest fix` applies them from the SARIF log
  // Flags of other TUs that must hold for this code to run; the scanner drops the finding
  // when their definitions say it never runs (driver/Scanner.cpp). Cached, never output.
  std::vector<BranchGuard> guards;
  std::vector<Suppression> suppressions;  // non-empty: accepted, never gates
  std::string baselineState;              // new | unchanged | updated | absent (with --baseline)
  bool suppressed() const { return !suppressions.empty(); }
  // Filled by the collector (core/Finding.cpp), not by checks.
  std::string fingerprint;          // attest/v1: rule, path, function, normalised context, occurrence
  std::string lineHash;             // primaryLocationLineHash: rule, normalised line, occurrence
  std::string contextHash;          // attest/context/v1: as fingerprint but without the path (file moves)
};

// Something the tool itself has to say about the scan (SARIF toolExecutionNotifications).
struct Notification {
  std::string id;  // parse-error | tu-crashed | tu-skipped | no-compilation-database | ...
  Level level = Level::Warning;
  std::string message;
  std::string file;  // optional
  unsigned line = 0;
};

struct ScanSummary {
  std::chrono::system_clock::time_point start, end;
  unsigned tusPlanned = 0;
  unsigned tusScanned = 0;       // parsed and matched (possibly with errors)
  unsigned tusFailedToParse = 0; // had compile errors; findings of what parsed are kept
  unsigned tusCrashed = 0;       // a crash inside Clang or a check: incomplete
  unsigned tusTimedOut = 0;      // stopped at the wall-time limit (--tu-timeout): incomplete
  unsigned tusOutOfMemory = 0;   // stopped at the address-space limit (--tu-memory): incomplete
  unsigned tusFromCache = 0;     // results taken from the cache, not parsed
  unsigned tusSkipped = 0;       // e.g. file missing
  std::vector<std::string> failedFiles;  // parse errors or crashes, sorted
  std::vector<std::string> scannedFiles; // main files, sorted
  unsigned tusExcluded = 0;              // out of scope by the configuration's paths
  unsigned tusUnchanged = 0;             // not touched since --diff-base, not scanned
  std::string configPath, configSha256;  // the .attest.yaml in effect, if any
  std::map<std::string, std::string> configSettings;  // settings that differ from the defaults
  std::string databasePath, databaseSha256;           // compile_commands.json, if one was read
  std::string baselinePath;              // --baseline, if any
  size_t baselineAbsent = 0;             // baseline findings no longer found
};

struct ScanResult {
  std::vector<Finding> findings;
  std::vector<Notification> notifications;
  ScanSummary summary;
  std::string sourceRoot;  // %SRCROOT%: the git top level, or the common directory
  std::vector<std::string> commandLine;
};

// Sorts by (file, line, column, rule, message), drops duplicates (a header finding
// seen from many TUs) and computes fingerprints. Deterministic whatever the order in.
void finalizeFindings(std::vector<Finding> &findings, const std::string &sourceRoot);

// Sorts notifications deterministically.
void sortNotifications(std::vector<Notification> &notifications);

// Path of `file` relative to `root` with '/' separators, or empty when outside it.
std::string relativeTo(const std::string &file, const std::string &root);

}  // namespace attest
