#include "reports/CiFormats.h"
#include "reports/Fingerprint.h"
#include "reports/SourceText.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <map>

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

std::string formatJunit(const ScanResult &scan, const Catalog &catalog, const std::vector<std::string> &ruleIds) {
  std::map<std::string, std::vector<const Finding *>> byRule;
  size_t failures = 0;
  for (const Finding &f : scan.findings)
    if (!f.suppressed()) {
      byRule[f.ruleId].push_back(&f);
      ++failures;
    }
  std::string cases;
  for (const std::string &id : ruleIds) {
    const Rule *rule = catalog.find(id);
    cases += "    <testcase classname=\"attest\" name=\"" + xmlEscape(id) + "\">\n";
    for (const Finding *f : byRule[id]) {
      std::string where = displayPath(*f, scan.sourceRoot) + ":" + std::to_string(f->location.startLine) + ":" +
                          std::to_string(f->location.startColumn);
      cases += "      <failure type=\"" + std::string(levelName(f->level)) + "\" message=\"" +
               xmlEscape(where + ": " + f->message) + "\">" +
               xmlEscape(where + ": " + std::string(levelName(f->level)) + ": " + f->message + " [" + id + "]" +
                         (rule ? "\n" + rule->shortDescription : "")) +
               "</failure>\n";
    }
    cases += "    </testcase>\n";
  }
  double seconds = std::chrono::duration<double>(scan.summary.end - scan.summary.start).count();
  std::string header = "<testsuite name=\"attest\" tests=\"" + std::to_string(ruleIds.size()) + "\" failures=\"" +
                       std::to_string(failures) + "\" errors=\"0\" time=\"" + std::to_string(seconds) + "\">\n";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  " + header + cases + "  </testsuite>\n</testsuites>\n";
}

static std::string isoTime(std::chrono::system_clock::time_point tp) {
  std::time_t t = std::chrono::system_clock::to_time_t(tp);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

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
    json vulnerability = {
        {"id", uuidV5("attest/gitlab/" + f.fingerprint)},
        {"category", "sast"},
        {"name", rule ? rule->shortDescription : f.ruleId},
        {"message", f.message},
        {"description", f.message + (rule ? "\n\n" + rule->fullDescription : "")},
        {"severity", level},
        {"scanner", {{"id", "attest"}, {"name", "attest"}}},
        {"location", {{"file", displayPath(f, scan.sourceRoot)}, {"start_line", f.location.startLine},
                      {"end_line", f.location.endLine}}},
        {"identifiers", identifiers}};
    vulnerabilities.push_back(vulnerability);
  }
  json vendor = {{"name", "attest"}};
  json tool = {{"id", "attest"}, {"name", "attest"}, {"version", ATTEST_VERSION}, {"vendor", vendor}};
  json report = {{"version", "15.0.7"},
                 {"vulnerabilities", vulnerabilities},
                 {"scan",
                  {{"analyzer", tool},
                   {"scanner", tool},
                   {"type", "sast"},
                   {"start_time", isoTime(scan.summary.start)},
                   {"end_time", isoTime(scan.summary.end)},
                   {"status", scan.summary.tusCrashed ? "failure" : "success"}}}};
  return report.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace attest
