// `attest report`: the compliance report for auditors, from SARIF files (no rescan).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace attest {

// The report command's usage text (for `attest report --help` and the main usage).
extern const char *const kReportUsage;

// `attest report SARIF... [--framework F] [--format FMT] [-o FILE] [--previous OLD.sarif]`.
// argv as main() receives it (argv[1] is "report"). Returns 0 on success, 2 (kExitUsage)
// with a message on stderr for bad flags or an unreadable or invalid SARIF file.
int runReportCommand(int argc, const char **argv);

// For `attest scan --report FILE`: every framework, the format from FILE's extension
// (.html/.htm, .md, .json, .csv for casa-csv), written atomically. False with `error`.
bool writeReportFile(const std::vector<std::string> &sarifPaths, const std::string &outPath, std::string &error);

// The same from a SARIF log held in memory (a scan run without --sarif). Its digest in
// the evidence is that of the bytes writeJsonAtomically() would write for it; `label`
// names it there (e.g. "attest.sarif" or "(this scan)").
bool writeReportFile(const nlohmann::json &sarif, const std::string &label, const std::string &outPath,
                     std::string &error);
// The same, rendered into `content` for the caller to write.
bool renderReportFile(const nlohmann::json &sarif, const std::string &label, const std::string &outPath,
                      std::string &content, std::string &error);

}  // namespace attest
