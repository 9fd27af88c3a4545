#include "driver/Help.h"
#include "driver/FixCommand.h"
#include "driver/Merge.h"
#include "driver/ReportCommand.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace attest {
namespace {

const char *const kInitUsage = R"(usage: attest init [--force]

Writes a commented default .attest.yaml into the current directory.

options:
  --force             overwrite an existing .attest.yaml
  -h, --help          this help

exit status: 0 written, 2 the file exists (without --force) or cannot be written
)";

const char *const kRulesUsage = R"(usage: attest rules [--format table|json]

Lists the rule catalog: id, level, CWE and SOC 2 criteria (table), or every field with
the ASVS, CASA and OWASP Top 10 mappings and the catalog digest (json).

options:
  --format FORMAT     table (default) or json
  -h, --help          this help
)";

const char *const kBaselineUsage = R"(usage: attest baseline create -o FILE [scan options] [PATH...]

Scans like 'attest scan' and records today's findings as the accepted baseline (SARIF).
Later scans given --baseline FILE fail only on findings that are not in it.

options:
  -o, --output FILE   write the baseline SARIF to FILE
  -h, --help          this help
  (every 'attest scan' option; see 'attest scan --help')

exit status: 0 written, 2 usage or input error, 3 the scan was incomplete
)";

const char *const kVersionUsage = R"(usage: attest version | attest --version

Prints attest's version, the Clang version it parses with, and the SHA-256 of the
embedded rule catalog.
)";

unsigned editDistance(llvm::StringRef a, llvm::StringRef b) { return a.edit_distance(b, true, 64); }

// roff needs backslashes doubled and a leading '.' or '\'' escaped.
std::string roffLine(const std::string &line) {
  std::string out;
  for (char c : line) {
    if (c == '\\') out += "\\\\";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

void appendVerbatim(std::string &out, const std::string &text) {
  out += ".nf\n";
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out += roffLine(line) + "\n";
  out += ".fi\n";
}

}  // namespace

const std::vector<std::string> &commandNames() {
  static const std::vector<std::string> names = {"scan", "rules", "init", "report", "merge", "fix", "baseline", "version", "help"};
  return names;
}

std::optional<std::string> commandUsage(const std::string &command, const std::string &mainUsage) {
  if (command == "scan" || command == "help") return mainUsage;
  if (command == "report") return std::string(kReportUsage);
  if (command == "merge") return std::string(kMergeUsage);
  if (command == "fix") return std::string(kFixUsage);
  if (command == "init") return std::string(kInitUsage);
  if (command == "rules") return std::string(kRulesUsage);
  if (command == "baseline") return std::string(kBaselineUsage);
  if (command == "version") return std::string(kVersionUsage);
  return std::nullopt;
}

std::vector<std::string> usageOptions(const std::string &usage) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::istringstream in(usage);
  for (std::string line; std::getline(in, line);) {
    llvm::StringRef rest = llvm::StringRef(line).ltrim();
    // Option lines start with the option ("  -p BUILD_DIR", "  -o, --output FILE").
    while (rest.starts_with("-")) {
      size_t end = rest.find_first_of(" ,=[");
      std::string option = rest.substr(0, end).str();
      if (option.size() > 1 && option != "--" && seen.insert(option).second) out.push_back(option);
      if (end == llvm::StringRef::npos) break;
      rest = rest.substr(end);
      if (!rest.starts_with(", ")) break;
      rest = rest.drop_front(2);
    }
  }
  return out;
}

std::string closestMatch(const std::string &word, const std::vector<std::string> &candidates) {
  std::string best;
  // Two edits catch a swapped pair of letters ("scna"); longer words may be further off.
  unsigned bestDistance = std::max<unsigned>(2, word.size() / 3) + 1;
  for (const std::string &candidate : candidates) {
    unsigned d = editDistance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(const std::string &word, const std::vector<std::string> &candidates) {
  std::string best = closestMatch(word, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string manPage(const std::string &mainUsage, const std::string &version) {
  std::string out = ".TH ATTEST 1 \"\" \"attest " + version + "\" \"User Commands\"\n";
  out += ".SH NAME\nattest \\- static analysis and compliance scanner for C and C++ services\n";
  out += ".SH SYNOPSIS\n";
  appendVerbatim(out, mainUsage);
  out += ".SH DESCRIPTION\n"
         "attest reads C and C++ code through Clang (driven by compile_commands.json), finds "
         "weaknesses in how the code keeps data secret and encrypted, and writes SARIF 2.1.0 "
         "mapped to CWE, OWASP ASVS 4.0.3 / CASA, SOC 2 and the OWASP Top 10, a CI gate "
         "verdict, an auditor report, a CBOM and an in-toto attestation.\n";
  for (const std::string &command : commandNames()) {
    if (command == "scan" || command == "help") continue;
    out += ".SH \"ATTEST " + llvm::StringRef(command).upper() + "\"\n";
    appendVerbatim(out, *commandUsage(command, mainUsage));
  }
  out += ".SH FILES\n.TP\n.I .attest.yaml\nthe configuration, found upward from the first path "
         "scanned (see 'attest init')\n.SH SEE ALSO\nThe user guide and one page per rule, installed "
         "under /usr/share/doc/attest.\n";
  return out;
}

}  // namespace attest
