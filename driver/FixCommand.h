// attest fix: applies the fixes a scan recorded in its SARIF log (SARIF `fixes`) to the
// source files, like clang-tidy -fix but from the log, so no rescan is needed. The log is
// untrusted input: only files under its %SRCROOT% are written, and a replacement is made
// only where the file still holds exactly the text the scan saw.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace attest {

struct FixOutcome {
  std::string file;     // absolute, resolved path (the log's URI when it does not resolve)
  unsigned line = 0;    // where the replacement starts (as the log says)
  std::string rule;     // the finding's rule
  std::string message;  // the fix's description, or why it was skipped
  bool applied = false;
};

struct FixOptions {
  std::string root;     // overrides the log's %SRCROOT% when not empty
  bool dryRun = false;  // decide and report, write nothing
};

// Applies every fix of `log` (all runs) and says what became of each. A fix is all or
// nothing: when one of its replacements cannot be made, none is. Replacements of one file
// are made from the end backwards, so that earlier offsets stay valid, and the file is
// rewritten once, atomically, with its mode kept.
std::vector<FixOutcome> applySarifFixes(const nlohmann::json &log, const FixOptions &options);

// The fix command's usage text (attest fix --help, attest help fix, the man page).
extern const char *const kFixUsage;
int runFixCommand(int argc, const char **argv);

}  // namespace attest
