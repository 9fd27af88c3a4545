#include "reports/CiFormats.h"
#include "core/Completeness.h"
#include "core/Fingerprint.h"
#include "core/SourceText.h"
#include "reports/TextWriter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <map>
#include <optional>

namespace attest {

std::string xmlEscape(const std::string &raw) {
  std::string text = sanitizeUtf8(raw), out;
  for (unsigned char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&apos;"; break;
    default:
      // XML 1.0 forbids most control characters even as references.
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
      else out += static_cast<char>(c);
    }
  }
  return out;
}

static std::string displayPath(const Finding &f, const std::string &root) {
  std::string rel = relativeTo(f.location.file, root);
  return rel.empty() ? f.location.file : rel;
}

// A notification as the stderr shows it, relative to the source root, without the newline.
static std::string notificationLine(const Notification &n, const std::string &root) {
  std::string line = formatNotification(n, root);
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

// The gate threshold the scan ran with: nonDefaultSettings() records failOn only when it
// is not attest's default (error); "none" (the gate off) is reported as failing nothing.
static std::optional<Level> junitThreshold(const ScanResult &scan) {
  auto it = scan.summary.configSettings.find("failOn");
  if (it == scan.summary.configSettings.end()) return Level::Error;
  if (it->second == "none") return std::nullopt;
  return parseLevel(it->second).value_or(Level::Error);
}

// A finding fails its test case as it fails the gate: unsuppressed, at or above the
// threshold, and not accepted by a baseline.
static bool failsGate(const Finding &f, const std::optional<Level> &threshold) {
  return threshold && !f.suppressed() && f.level >= *threshold && f.baselineState != "unchanged" &&
         f.baselineState != "updated";
}

// One test case per rule; a failing test case has one <failure> listing its gating
// findings, so `failures` counts failing test cases (issue 22 §5). Findings below the
// threshold, baselined or suppressed ones are listed in <system-out>, not failures.
std::string formatJunit(const ScanResult &scan, const Catalog &catalog, const std::vector<std::string> &ruleIds) {
  std::optional<Level> threshold = junitThreshold(scan);
  std::vector<std::string> cases = ruleIds;
  std::map<std::string, std::vector<const Finding *>> byRule;
  for (const Finding &f : scan.findings) {
    byRule[f.ruleId].push_back(&f);
    if (std::find(cases.begin(), cases.end(), f.ruleId) == cases.end()) cases.push_back(f.ruleId);  // meta rules
  }
  size_t failures = 0;
  std::string body;
  for (const std::string &id : cases) {
    const Rule *rule = catalog.find(id);
    std::string failing, other;
    unsigned failCount = 0;
    Level worst = Level::Note;
    for (const Finding *f : byRule[id]) {
      std::string line = displayPath(*f, scan.sourceRoot) + ":" + std::to_string(f->location.startLine) + ":" +
                         std::to_string(f->location.startColumn) + ": " + std::string(levelName(f->level)) + ": " +
                         f->message + " [" + id + "]";
      if (failsGate(*f, threshold)) {
        failing += line + "\n";
        ++failCount;
        worst = std::max(worst, f->level);
      } else {
        other += line + (f->suppressed() ? " (suppressed)" : !f->baselineState.empty() && f->baselineState != "new"
                                                                 ? " (in the baseline)"
                                                                 : " (below the gate threshold)") +
                 "\n";
      }
    }
    body += "    <testcase classname=\"attest\" name=\"" + xmlEscape(id) + "\">\n";
    if (failCount) {
      ++failures;
      std::string message = std::to_string(failCount) + " finding" + (failCount == 1 ? "" : "s") + " at or above " +
                            std::string(levelName(*threshold));
      body += "      <failure type=\"" + std::string(levelName(worst)) + "\" message=\"" + xmlEscape(message) + "\">" +
              xmlEscape(failing + (rule ? rule->shortDescription : std::string())) + "</failure>\n";
    }
    if (!other.empty()) body += "      <system-out>" + xmlEscape(other) + "</system-out>\n";
    body += "    </testcase>\n";
  }
  // A scan that did not analyse every planned TU is an error test case, so the merge
  // request's test widget does not show an all-green run for code attest did not see.
  size_t errors = 0, tests = cases.size();
  if (incompleteTus(scan.summary)) {
    ++errors, ++tests;
    std::string detail;
    for (const Notification &n : scan.notifications)
      if (!n.file.empty()) detail += notificationLine(n, scan.sourceRoot) + "\n";
    std::string message = incompleteSummary(scan.summary);
    body += "    <testcase classname=\"attest\" name=\"scan-completeness\">\n      <error type=\"incomplete\" message=\"" +
            xmlEscape(message) + "\">" + xmlEscape(detail) + "</error>\n    </testcase>\n";
  }
  double seconds = std::chrono::duration<double>(scan.summary.end - scan.summary.start).count();
  std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                       "\" errors=\"" + std::to_string(errors) + "\"";
  std::string header = "<testsuite name=\"attest\" " + counts + " time=\"" + std::to_string(seconds) + "\">\n";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites " + counts + ">\n  " + header + body +
         "  </testsuite>\n</testsuites>\n";
}

static std::string isoTime(std::chrono::system_clock::time_point tp) {
  std::time_t t = std::chrono::system_clock::to_time_t(tp);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

// GitLab shows scan messages on the pipeline's security tab: an incomplete scan says so
// there, one message per TU it did not analyse (the same notifications as the SARIF's).
static nlohmann::json scanMessages(const ScanResult &scan) {
  nlohmann::json messages = nlohmann::json::array();
  if (incompleteTus(scan.summary))
    messages.push_back({{"level", "fatal"}, {"value", "attest: " + incompleteSummary(scan.summary)}});
  for (const Notification &n : scan.notifications)
    if (n.level != Level::Note)  // what the scan read is in the SARIF; here only what went wrong
      messages.push_back({{"level", n.level == Level::Error ? "fatal" : "warning"},
                          {"value", notificationLine(n, scan.sourceRoot)}});
  return messages;
}

// The GitLab security report schema this output follows (SAST, 15.x): the version is
// the one GitLab validates the report against, the schema its published URL.
static const char *const kGitlabSastVersion = "15.0.7";
static const char *const kGitlabSastSchema =
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.0.7/dist/sast-report-format.json";

std::string formatGitlabSast(const ScanResult &scan, const Catalog &catalog) {
  using nlohmann::json;
  json vulnerabilities = json::array();
  for (const Finding &f : scan.findings) {
    if (f.suppressed()) continue;
    const Rule *rule = catalog.find(f.ruleId);
    json identifiers = json::array();
    identifiers.push_back({{"type", "attest_rule"}, {"name", "attest " + f.ruleId}, {"value", f.ruleId}});
    if (rule)
      for (const std::string &cwe : rule->cwe)
        identifiers.push_back({{"type", "cwe"}, {"name", "CWE-" + cwe}, {"value", cwe},
                               {"url", "https://cwe.mitre.org/data/definitions/" + cwe + ".html"}});
    double severity = rule ? rule->securitySeverity : 0;
    const char *level = severity >= 9 ? "Critical" : severity >= 7 ? "High" : severity >= 4 ? "Medium"
                      : severity > 0 ? "Low" : "Info";
    // Schema 15.0 removed a vulnerability's `category`, `message`, `cve` and `scanner`
    // (the scan's analyzer and scanner say who found it), so none is written.
    json vulnerability = {
        {"id", uuidV5("attest/gitlab/" + f.fingerprint)},
        {"name", rule ? rule->shortDescription : f.ruleId},
        {"description", f.message + (rule ? "\n\n" + rule->fullDescription : "")},
        {"severity", level},
        {"location", {{"file", displayPath(f, scan.sourceRoot)}, {"start_line", f.location.startLine},
                      {"end_line", f.location.endLine}}},
        {"identifiers", identifiers}};
    vulnerabilities.push_back(vulnerability);
  }
  json vendor = {{"name", "attest"}};
  json tool = {{"id", "attest"}, {"name", "attest"}, {"version", ATTEST_VERSION}, {"vendor", vendor}};
  json report = {{"schema", kGitlabSastSchema},
                 {"version", kGitlabSastVersion},
                 {"vulnerabilities", vulnerabilities},
                 {"scan",
                  {{"analyzer", tool},
                   {"scanner", tool},
                   {"type", "sast"},
                   {"start_time", isoTime(scan.summary.start)},
                   {"end_time", isoTime(scan.summary.end)},
                   {"status", incompleteTus(scan.summary) ? "failure" : "success"},
                   {"messages", scanMessages(scan)}}}};
  return report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace attest
