// The report's data formats: the JSON summary for GRC tools and the CASA per-CWE CSV.
#include "reports/ComplianceReport.h"

#include <cctype>

using nlohmann::json;

namespace attest {

// ---------------------------------------------------------------------------
// JSON summary, for GRC tools.

namespace {
json statusCounts(const Framework &fw) {
  json out = json::object();
  for (ControlStatus status : allStatuses()) {
    // "accepted-risk" -> "acceptedRisk": the summary's keys were camelCase from the start.
    std::string key;
    bool upper = false;
    for (char c : statusKey(status)) {
      if (c == '-') upper = true;
      else key += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c, upper = false;
    }
    out[key] = fw.count(status);
  }
  return out;
}
}  // namespace

nlohmann::json renderJsonSummary(const ComplianceReport &report) {
  auto counts = [](const LevelCounts &c) {
    return json{{"error", c.error}, {"warning", c.warning}, {"note", c.note}, {"total", c.total()}};
  };
  json inputs = json::array();
  for (const InputFile &in : report.inputs) inputs.push_back({{"path", in.path}, {"sha256", in.sha256}, {"bytes", in.bytes}});
  json runs = json::array();
  for (const RunEvidence &ev : report.runs) {
    json run = {{"input", ev.input},
                {"tool", {{"name", ev.toolName}, {"version", ev.toolVersion}}},
                {"repositoryUri", ev.repositoryUri},
                {"revisionId", ev.revisionId},
                {"branch", ev.branch},
                {"startTimeUtc", ev.startTimeUtc},
                {"endTimeUtc", ev.endTimeUtc},
                {"catalogSha256", ev.catalogSha256},
                {"rules", ev.ruleIds},
                {"executionSuccessful", ev.executionSuccessful},
                {"commandLine", ev.commandLine}};
    if (!ev.baseline.empty()) run["baseline"] = ev.baseline;
    if (!ev.configSha256.empty()) run["configSha256"] = ev.configSha256;
    if (!ev.configFile.empty()) run["configFile"] = ev.configFile;
    if (!ev.configSettings.empty()) run["configSettings"] = ev.configSettings;
    if (!ev.automationId.empty()) run["automationId"] = ev.automationId;
    runs.push_back(run);
  }
  const Scope &s = report.scope;
  json scope = {{"complete", s.complete()},
                {"executionSuccessful", s.executionSuccessful},
                {"tusTotal", s.tusTotal()},
                {"tusComplete", s.tusComplete()},
                {"incomplete", s.incomplete},
                {"tusPlanned", s.tusPlanned},
                {"tusScanned", s.tusScanned},
                {"tusFailedToParse", s.tusFailedToParse},
                {"tusCrashed", s.tusCrashed},
                {"tusSkipped", s.tusSkipped},
                {"tusExcluded", s.tusExcluded},
                {"tusFromCache", s.tusFromCache},
                {"scannedFiles", s.scannedFiles},
                {"failedToParse", s.failedToParse},
                {"crashed", s.crashed},
                {"skipped", s.skipped},
                {"excludedPaths", s.excludedPaths}};
  json frameworks = json::array();
  for (const Framework &fw : report.frameworks) {
    json controls = json::array();
    for (const Control &c : fw.controls) {
      json control = {{"id", c.id},
                      {"title", c.title},
                      {"status", statusKey(c.status)},
                      {"statusText", statusText(c)},
                      {"rules", c.rules},
                      {"rulesCoveringFully", c.fullRules},
                      {"findings", counts(c.open)},
                      {"gating", counts(c.gating)},
                      {"observations", counts(c.observations)},
                      {"suppressed", c.suppressed.total()}};
      if (!c.justifications.empty()) control["justifications"] = c.justifications;
      if (c.status == ControlStatus::NotAssessed) control["reason"] = c.notAssessedReason;
      if (!c.coverageNote.empty()) control["coverage"] = c.coverageNote;
      if (!c.evidence.empty()) control["evidence"] = c.evidence;
      if (c.trend) control["trend"] = {{"new", c.trend->added}, {"fixed", c.trend->fixed}, {"unchanged", c.trend->unchanged}};
      json ids = json::array();
      for (size_t i : c.findings) ids.push_back(report.findings[i].id);
      control["findingIds"] = ids;
      controls.push_back(control);
    }
    frameworks.push_back({{"key", fw.key},
                          {"name", fw.name},
                          {"title", fw.title},
                          {"version", fw.version},
                          {"organization", fw.organization},
                          {"suggestedMapping", fw.suggestedMapping},
                          {"summary", statusCounts(fw)},
                          {"controls", controls}});
  }
  json findings = json::array();
  for (const ReportFinding &f : report.findings) {
    json item = {{"id", f.id},
                 {"ruleId", f.ruleId},
                 {"level", f.level},
                 {"file", f.file},
                 {"line", f.line},
                 {"message", f.message},
                 {"fingerprint", f.fingerprint},
                 {"suppressed", f.suppressed},
                 {"gating", f.gating}};
    if (!f.link.empty()) item["link"] = f.link;
    if (!f.suppressions.empty()) {
      json sups = json::array();
      for (const ReportSuppression &s : f.suppressions)
      {
        json sup = {{"kind", s.kind}, {"status", s.status.empty() ? "accepted" : s.status},
                    {"justification", s.justification}};
        if (!s.until.empty()) sup["until"] = s.until;
        if (!s.ticket.empty()) sup["ticket"] = s.ticket;
        sups.push_back(sup);
      }
      item["suppressions"] = sups;
    }
    if (!f.baselineState.empty()) item["baselineState"] = f.baselineState;
    if (report.previous) item["new"] = f.isNew;
    json controls = json::array();
    for (const auto &[fw, id] : f.controls) controls.push_back(fw + ":" + id);
    item["controls"] = controls;
    findings.push_back(item);
  }
  json casa = json::array();
  for (const CasaRow &row : report.casa)
    casa.push_back({{"cwe", "CWE-" + row.cwe},
                    {"name", row.name},
                    {"status", row.status},
                    {"rules", row.rules},
                    {"findings", counts(row.open)},
                    {"suppressed", row.suppressed}});
  json doc = {{"schema", "attest-compliance-summary/v1"},
              {"generator", {{"name", "attest"}, {"version", ATTEST_VERSION}, {"catalogSha256", report.reportCatalogSha256}}},
              {"inputs", inputs},
              {"runs", runs},
              {"scope", scope},
              {"totals", {{"findings", counts(report.open)}, {"suppressed", report.suppressedCount}}},
              {"gate",
               {{"threshold", report.gate.threshold},
                {"result", report.gate.result},
                {"gatingFindings", report.gate.gatingFindings},
                {"exitCodes", report.gate.exitCodes}}},
              {"warnings", report.warnings},
              {"frameworks", frameworks},
              {"casaPerCwe", casa},
              {"findings", findings}};
  if (report.period) {
    json runsOverPeriod = json::array();
    for (const PeriodReport::Run &run : report.period->runs)
      runsOverPeriod.push_back({{"input", run.input}, {"endTimeUtc", run.endTimeUtc}, {"commit", run.commit}});
    json controls = json::array();
    for (const ControlHistory &c : report.period->controls) {
      json statuses = json::array(), episodes = json::array();
      for (ControlStatus st : c.statuses) statuses.push_back(statusKey(st));
      for (const FailureEpisode &e : c.episodes)
        episodes.push_back({{"firstSeen", e.firstSeen}, {"fixed", e.fixed}, {"timeToFix", e.timeToFix}});
      controls.push_back({{"framework", c.framework},
                          {"id", c.id},
                          {"statuses", statuses},
                          {"episodes", episodes},
                          {"openAtEnd", c.openAtEnd}});
    }
    doc["period"] = {{"runs", runsOverPeriod}, {"controls", controls}};
  }
  if (report.previous) {
    const PreviousEvidence &p = *report.previous;
    doc["previous"] = {{"path", p.path},
                       {"sha256", p.sha256},
                       {"revisionId", p.revisionId},
                       {"endTimeUtc", p.endTimeUtc},
                       {"trend", {{"new", p.total.added}, {"fixed", p.total.fixed}, {"unchanged", p.total.unchanged}}}};
  }
  return doc;
}

// ---------------------------------------------------------------------------
// CASA per-CWE CSV (RFC 4180).

std::string csvField(std::string_view text) {
  std::string value(text);
  // A cell a spreadsheet would run as a formula is neutralised (CSV injection).
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos)
    value = "'" + value;
  bool quote = value.find_first_of(",\"\r\n") != std::string::npos || value != std::string(text);
  if (!quote) return value;
  std::string out = "\"";
  for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string renderCasaCsv(const ComplianceReport &report) {
  std::string out =
      "cwe_id,cwe_name,status,rules,findings,errors,warnings,notes,suppressed\r\n";
  for (const CasaRow &row : report.casa) {
    std::string rules;
    for (const std::string &r : row.rules) rules += (rules.empty() ? "" : ";") + r;
    out += csvField("CWE-" + row.cwe) + "," + csvField(row.name) + "," + row.status + "," + csvField(rules) + "," +
           std::to_string(row.open.total()) + "," + std::to_string(row.open.error) + "," +
           std::to_string(row.open.warning) + "," + std::to_string(row.open.note) + "," +
           std::to_string(row.suppressed) + "\r\n";
  }
  return out;
}

}  // namespace attest
