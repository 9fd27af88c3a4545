#include "driver/ReportCommand.h"
#include "driver/Cli.h"
#include "reports/ComplianceReport.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace attest {

const char *const kReportUsage = R"(usage: attest report SARIF... [options]

Writes a compliance report for auditors from attest SARIF files (one or several,
e.g. one per shard or service), without rescanning.

options:
  --framework F       soc2|casa|asvs|cwe|owasp-top10|all, or a comma-separated
                      list (default: all)
  --format FMT        html|md|json|casa-csv (default: from the -o extension:
                      .html .md .json .csv)
  -o, --output FILE   write the report to FILE (atomically); '-' or none: stdout
  --previous OLD      an earlier SARIF: new, fixed and unchanged findings per control
  --period            the SARIF files are one scan each over a period (the CI's history,
                      SOC 2 Type II): each control's status over it (first seen, fixed,
                      time to fix, open at period end), by run time; the rest of the
                      report is of the last scan
  -h, --help          this help

exit status: 0 written, 2 usage error or unreadable/invalid SARIF
)";

namespace {

int reportError(const std::string &message) {
  llvm::errs() << "attest: error: " << message << "\nRun 'attest report --help' for usage.\n";
  return kExitUsage;
}

std::optional<std::string> formatFromExtension(const std::string &path) {
  auto endsWith = [&](const char *ext) {
    std::string e = ext, p = path;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    return p.size() > e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0;
  };
  if (endsWith(".html") || endsWith(".htm")) return "html";
  if (endsWith(".md") || endsWith(".markdown")) return "md";
  if (endsWith(".json")) return "json";
  if (endsWith(".csv")) return "casa-csv";
  if (path == "-") return "md";  // standard output: the text format
  return std::nullopt;
}

std::string render(const ComplianceReport &report, const std::string &format) {
  if (format == "html") return renderHtml(report);
  if (format == "md") return renderMarkdown(report);
  if (format == "json")
    return renderJsonSummary(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return renderCasaCsv(report);
}

bool loadAll(const std::vector<std::string> &paths, std::vector<SarifInput> &inputs, std::string &error) {
  for (const std::string &path : paths) {
    SarifInput input;
    if (!readSarifInput(path, input, error)) return false;
    inputs.push_back(std::move(input));
  }
  return true;
}

}  // namespace

int runReportCommand(int argc, const char **argv) {
  std::vector<std::string> sarifPaths, frameworks;
  std::string format, output, previousPath;
  bool all = false, period = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *name, std::string &out) -> bool {
      std::string prefix = std::string(name) + "=";
      if (arg.rfind(prefix, 0) == 0) {
        out = arg.substr(prefix.size());
        return true;
      }
      if (arg != name || i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    auto is = [&](const char *name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
    std::string v;
    if (arg == "-h" || arg == "--help") {
      llvm::outs() << kReportUsage;
      return kExitClean;
    } else if (is("--framework")) {
      if (!value("--framework", v) || v.empty()) return reportError("--framework needs a framework");
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = v.find(',', start);
        std::string key = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? v.size() + 1 : comma + 1;
        if (key == "all") {
          all = true;
          continue;
        }
        const auto &known = reportFrameworkKeys();
        if (std::find(known.begin(), known.end(), key) == known.end())
          return reportError("--framework: '" + key + "' is not one of soc2, casa, asvs, cwe, owasp-top10, all");
        if (std::find(frameworks.begin(), frameworks.end(), key) == frameworks.end()) frameworks.push_back(key);
      }
    } else if (is("--format")) {
      if (!value("--format", format)) return reportError("--format needs a format");
      if (format != "html" && format != "md" && format != "json" && format != "casa-csv")
        return reportError("--format: '" + format + "' is not one of html, md, json, casa-csv");
    } else if (arg == "-o" || is("--output")) {
      if (!value(arg == "-o" ? "-o" : "--output", output) || output.empty()) return reportError(arg + " needs a file name");
    } else if (is("--previous")) {
      if (!value("--previous", previousPath) || previousPath.empty()) return reportError("--previous needs a SARIF file");
    } else if (arg == "--period") {
      period = true;
    } else if (arg == "-") {
      return reportError("reading SARIF from standard input is not supported; name the file");
    } else if (!arg.empty() && arg[0] == '-') {
      return reportError("unknown option '" + arg + "'");
    } else {
      sarifPaths.push_back(arg);
    }
  }
  if (all) frameworks.clear();
  if (sarifPaths.empty()) return reportError("report needs at least one SARIF file");
  bool toStdout = output.empty() || output == "-";
  if (format.empty()) {
    if (toStdout) {
      format = "md";
    } else if (auto fromExt = formatFromExtension(output)) {
      format = *fromExt;
    } else {
      return reportError("cannot tell the format from '" + output + "': give --format html|md|json|casa-csv");
    }
  }
  if (format == "casa-csv" && !frameworks.empty() &&
      std::find(frameworks.begin(), frameworks.end(), "casa") == frameworks.end() &&
      std::find(frameworks.begin(), frameworks.end(), "cwe") == frameworks.end())
    return reportError("--format casa-csv writes CASA per-CWE rows: --framework must be casa, cwe or all");

  std::string error;
  std::vector<SarifInput> inputs;
  if (!loadAll(sarifPaths, inputs, error)) return reportError(error);
  std::optional<SarifInput> previous;
  if (!previousPath.empty()) {
    SarifInput p;
    if (!readSarifInput(previousPath, p, error)) return reportError("--previous: " + error);
    previous = std::move(p);
  }
  if (period && previous) return reportError("--period and --previous: the period holds the earlier scans already");
  ComplianceReport report;
  bool built = period ? buildPeriodReport(inputs, frameworks, builtinCatalog(), &builtinCoverage(), report, error)
                      : buildComplianceReport(inputs, previous ? &*previous : nullptr, frameworks, builtinCatalog(), report,
                                              error, &builtinCoverage());
  if (!built) return reportError(error);
  std::string text = render(report, format);
  if (toStdout) {
    llvm::outs() << text;
    llvm::outs().flush();
    return kExitClean;
  }
  if (!writeFileAtomically(text, output, error)) return reportError(error);
  llvm::errs() << "attest: wrote " << format << " report to " << output << "\n";
  return kExitClean;
}

bool writeReportFile(const std::vector<std::string> &sarifPaths, const std::string &outPath, std::string &error) {
  std::optional<std::string> format = formatFromExtension(outPath);
  if (!format) {
    error = "--report: cannot tell the format from '" + outPath + "' (use .html, .md, .json or .csv)";
    return false;
  }
  std::vector<SarifInput> inputs;
  if (!loadAll(sarifPaths, inputs, error)) return false;
  ComplianceReport report;
  if (!buildComplianceReport(inputs, nullptr, {}, builtinCatalog(), report, error, &builtinCoverage())) return false;
  return writeFileAtomically(render(report, *format), outPath, error);
}

bool writeReportFile(const nlohmann::json &sarif, const std::string &label, const std::string &outPath,
                     std::string &error) {
  std::string content;
  return renderReportFile(sarif, label, outPath, content, error) && writeFileAtomically(content, outPath, error);
}

bool renderReportFile(const nlohmann::json &sarif, const std::string &label, const std::string &outPath,
                      std::string &content, std::string &error) {
  std::optional<std::string> format = formatFromExtension(outPath);
  if (!format) {
    error = "--report: cannot tell the format from '" + outPath + "' (use .html, .md, .json or .csv)";
    return false;
  }
  // Byte for byte what writeJsonAtomically() writes, so the digest matches a --sarif file.
  std::vector<SarifInput> inputs = {{label, sarifText(sarif)}};
  ComplianceReport report;
  if (!buildComplianceReport(inputs, nullptr, {}, builtinCatalog(), report, error, &builtinCoverage())) return false;
  content = render(report, *format);
  return true;
}

}  // namespace attest
