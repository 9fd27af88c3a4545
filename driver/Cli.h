#pragma once
namespace attest {
// Exit statuses, documented in docs/user-guide.md.
enum ExitStatus {
  kExitClean = 0,       // no finding at or above the failure threshold
  kExitFindings = 1,    // findings at or above the threshold
  kExitUsage = 2,       // usage or input error: bad flag, path, database, output path
  kExitIncomplete = 3,  // no gating finding, but a TU crashed: the scan is incomplete
  kExitFixesSkipped = 4,  // attest fix: some fixes could not be applied (the rest were)
};
int runCli(int argc, const char **argv);
}  // namespace attest
