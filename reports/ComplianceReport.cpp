// The compliance report model: SARIF in, per-control status out. See ComplianceReport.h.
#include "reports/ComplianceReport.h"
#include "core/Provenance.h"
#include "core/Fingerprint.h"
#include "core/InputFile.h"
#include "core/SarifReader.h"
#include "reports/SarifWriter.h"
#include "core/SourceText.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

using nlohmann::json;

namespace attest {

std::string_view statusLabel(ControlStatus status) {
  switch (status) {
  case ControlStatus::Pass: return "Pass";
  case ControlStatus::Fail: return "Fail";
  case ControlStatus::AcceptedRisk: return "Accepted risk";
  case ControlStatus::Observations: return "Observations";
  case ControlStatus::NoFindingsPartial: return "No findings (partial coverage)";
  case ControlStatus::Evidence: return "Supported by evidence";
  case ControlStatus::NotAssessed: return "Not assessed";
  }
  return "Not assessed";
}

std::string_view statusKey(ControlStatus status) {
  switch (status) {
  case ControlStatus::Pass: return "pass";
  case ControlStatus::Fail: return "fail";
  case ControlStatus::AcceptedRisk: return "accepted-risk";
  case ControlStatus::Observations: return "observations";
  case ControlStatus::NoFindingsPartial: return "no-findings-partial-coverage";
  case ControlStatus::Evidence: return "evidence";
  case ControlStatus::NotAssessed: return "not-assessed";
  }
  return "not-assessed";
}

const std::vector<ControlStatus> &allStatuses() {
  static const std::vector<ControlStatus> all = {ControlStatus::Fail,         ControlStatus::AcceptedRisk,
                                                 ControlStatus::Observations, ControlStatus::Pass,
                                                 ControlStatus::NoFindingsPartial, ControlStatus::Evidence,
                                                 ControlStatus::NotAssessed};
  return all;
}

std::string statusText(const Control &c) {
  std::string label(statusLabel(c.status));
  if (c.status == ControlStatus::NoFindingsPartial)
    return "No findings (partial coverage: " + c.coverageNote + ")";
  if (c.status == ControlStatus::NotAssessed && !c.notAssessedReason.empty())
    return label + " (" + c.notAssessedReason + ")";
  return label;
}

unsigned Scope::tusIncomplete() const {
  return std::max<unsigned>(tusFailedToParse + tusCrashed + tusSkipped, static_cast<unsigned>(incomplete.size()));
}

unsigned Scope::tusTotal() const {
  unsigned fromLists = static_cast<unsigned>(scannedFiles.size() + skipped.size());
  return std::max({tusPlanned, fromLists, tusScanned + tusSkipped, tusIncomplete()});
}

unsigned Scope::tusComplete() const {
  unsigned total = tusTotal(), bad = tusIncomplete();
  unsigned complete = total > bad ? total - bad : 0;
  // A merge that lacks a shard plans more than its runs analysed: those TUs were not seen.
  if (haveCounts) complete = std::min(complete, tusScanned > tusFailedToParse ? tusScanned - tusFailedToParse : 0u);
  return complete;
}

void LevelCounts::add(std::string_view level) {
  if (level == "error") ++error;
  else if (level == "warning") ++warning;
  else ++note;
}

unsigned Framework::count(ControlStatus status) const {
  return static_cast<unsigned>(
      std::count_if(controls.begin(), controls.end(), [&](const Control &c) { return c.status == status; }));
}

const std::vector<std::string> &RuleSummary::mappings(std::string_view key) const {
  if (key == "cwe") return cwe;
  if (key == "asvs") return asvs;
  if (key == "casa") return casa;
  if (key == "soc2") return soc2;
  return owaspTop10;
}

const std::vector<std::string> &reportFrameworkKeys() {
  static const std::vector<std::string> keys = {"soc2", "casa", "asvs", "cwe", "owasp-top10"};
  return keys;
}

bool readSarifInput(const std::string &path, SarifInput &input, std::string &error) {
  std::optional<std::string> text = readInputFile(path, kMaxSarifBytes, error);
  if (!text) {
    error = "cannot read SARIF file '" + path + "': " + error;
    return false;
  }
  input.path = path;
  input.content = std::move(*text);
  return true;
}

std::string sourceLink(const std::string &repositoryUri, const std::string &revision,
                       const std::string &encodedPath, unsigned line) {
  if (revision.empty() || encodedPath.empty() || line == 0) return {};
  for (char c : revision)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
  std::string url = repositoryUri;
  // git@github.com:org/repo.git (scp-like) and ssh:// remotes point at the same web UI.
  if (url.rfind("git@", 0) == 0 && url.find(':') != std::string::npos) {
    size_t colon = url.find(':');
    url = "https://" + url.substr(4, colon - 4) + "/" + url.substr(colon + 1);
  } else if (url.rfind("ssh://git@", 0) == 0) {
    url = "https://" + url.substr(10);
  }
  if (url.rfind("https://", 0) != 0) return {};
  // Nothing that could break out of an attribute or smuggle a second URL.
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || std::string_view("\"'<>\\`{}|^@").find(c) != std::string_view::npos)
      return {};
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() > 4 && url.compare(url.size() - 4, 4, ".git") == 0) url.resize(url.size() - 4);
  size_t hostStart = 8, hostEnd = url.find('/', hostStart);
  if (hostEnd == std::string::npos) return {};
  std::string host = url.substr(hostStart, hostEnd - hostStart);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (url.find_first_of("?#") != std::string::npos) return {};
  for (char c : encodedPath)
    if (static_cast<unsigned char>(c) <= ' ' || std::string_view("\"'<>\\`#?").find(c) != std::string_view::npos)
      return {};
  // Brackets and parentheses are legal in a URI but end a Markdown link's text or
  // destination, and '|' ends a Markdown table cell: percent-encoded, they mean the same path.
  std::string path;
  for (char c : encodedPath) {
    static const char *const kHex = "0123456789ABCDEF";
    if (std::string_view("[]()|").find(c) != std::string_view::npos) path += {'%', kHex[(c >> 4) & 15], kHex[c & 15]};
    else path += c;
  }
  std::string tail = revision + "/" + path + "#L" + std::to_string(line);
  if (host == "github.com" || host == "www.github.com") return url + "/blob/" + tail;
  if (host == "gitlab.com" || host.rfind("gitlab.", 0) == 0) return url + "/-/blob/" + tail;
  return {};
}

namespace {

struct FrameworkInfo {
  const char *key, *catalogKey, *title;
  bool suggested;
};
const FrameworkInfo kFrameworks[] = {
    {"soc2", "soc2", "SOC 2 Trust Services Criteria", true},
    {"casa", "casa", "CASA (Cloud Application Security Assessment)", false},
    {"asvs", "asvs", "OWASP ASVS 4.0.3", false},
    {"cwe", "cwe", "CWE (Common Weakness Enumeration)", false},
    {"owasp-top10", "owaspTop10", "OWASP Top 10 2021", false},
};
const char *const kCatalogKeys[] = {"cwe", "asvs", "casa", "soc2", "owaspTop10"};

using sarif::member;
using sarif::messageText;
using sarif::percentDecode;
using sarif::str;
using sarif::stringList;
using sarif::uintOf;

std::string catalogKeyForTaxonomyName(const std::string &name) {
  for (const char *key : kCatalogKeys)
    if (taxonomyDisplayName(key) == name) return key;
  return {};
}

struct Location {
  std::string file, encodedUri, uriBaseId;
  unsigned line = 0, column = 0;
  std::string snippet;
  unsigned snippetLine = 0;
};

Location readLocation(const json &run, const json &physical) {
  Location loc;
  json artifact = member(physical, "artifactLocation");
  if (!artifact.contains("uri")) {
    const json &index = member(artifact, "index");
    const json &artifacts = member(run, "artifacts");
    if (index.is_number_integer() && artifacts.is_array() && index.get<long long>() >= 0 &&
        static_cast<size_t>(index.get<long long>()) < artifacts.size())
      artifact = member(artifacts[index.get<size_t>()], "location");
  }
  loc.encodedUri = str(artifact, "uri");
  loc.uriBaseId = str(artifact, "uriBaseId");
  std::string uri = loc.encodedUri;
  if (uri.rfind("file://", 0) == 0) uri = uri.substr(7);
  loc.file = percentDecode(uri);
  const json &region = member(physical, "region");
  loc.line = uintOf(member(region, "startLine"));
  loc.column = uintOf(member(region, "startColumn"));
  // The whole lines (contextRegion) read better than the region alone ("curl_easy_setopt").
  const json &context = member(physical, "contextRegion");
  loc.snippet = sanitizeUtf8(str(member(context, "snippet"), "text"));
  loc.snippetLine = uintOf(member(context, "startLine"));
  if (loc.snippet.empty()) {
    loc.snippet = sanitizeUtf8(str(member(region, "snippet"), "text"));
    loc.snippetLine = 0;
  }
  return loc;
}

// The notifications that name a planned TU the scan did not analyse completely.
bool isIncompleteTu(const std::string &id) {
  return id == "tu-skipped" || id == "tu-crashed" || id == "parse-error" || id == "tu-timeout" ||
         id == "tu-out-of-memory";
}

struct ParsedRule {
  RuleSummary summary;
  std::string defaultLevel;
};

// What one SARIF file (all its runs) contributes.
struct Parsed {
  std::map<std::string, ParsedRule> rules;  // by id; first run wins
  std::vector<std::string> enabled;         // rule ids declared by the runs, in order
  std::vector<ReportFinding> findings;
  std::vector<RunEvidence> runs;
  Scope scope;
  bool haveScopeCounts = false;
  std::map<std::pair<std::string, std::string>, std::string> taxonTitles;  // (catalogKey, id)
  std::vector<std::string> warnings;
};

RuleSummary ruleFromCatalog(const Rule &rule) {
  RuleSummary s;
  s.id = rule.id;
  s.name = rule.name;
  s.shortDescription = rule.shortDescription;
  s.level = std::string(levelName(rule.level));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", rule.securitySeverity);
  s.securitySeverity = buf;
  s.family = rule.family();
  s.cwe = rule.cwe;
  s.asvs = rule.asvs;
  s.casa = rule.casa;
  s.soc2 = rule.soc2;
  s.owaspTop10 = rule.owaspTop10;
  return s;
}

std::vector<std::string> &mutableMappings(RuleSummary &s, const std::string &key) {
  if (key == "cwe") return s.cwe;
  if (key == "asvs") return s.asvs;
  if (key == "casa") return s.casa;
  if (key == "soc2") return s.soc2;
  return s.owaspTop10;
}

RuleSummary ruleFromDescriptor(const json &descriptor) {
  RuleSummary s;
  s.id = str(descriptor, "id");
  s.name = str(descriptor, "name");
  s.shortDescription = str(member(descriptor, "shortDescription"), "text");
  s.level = str(member(descriptor, "defaultConfiguration"), "level");
  if (s.level.empty()) s.level = "warning";
  const json &props = member(descriptor, "properties");
  s.securitySeverity = str(props, "security-severity");
  s.family = s.id.substr(0, s.id.find('-'));
  bool haveProps = false;
  for (const char *key : kCatalogKeys)
    if (member(props, key).is_array()) {
      mutableMappings(s, key) = stringList(member(props, key));
      haveProps = true;
    }
  if (!haveProps) {  // relationships carry the same mapping in SARIF's own terms
    const json &relationships = member(descriptor, "relationships");
    if (relationships.is_array())
      for (const json &rel : relationships) {
        const json &target = member(rel, "target");
        std::string key = catalogKeyForTaxonomyName(str(member(target, "toolComponent"), "name"));
        std::string id = str(target, "id");
        if (!key.empty() && !id.empty()) mutableMappings(s, key).push_back(id);
      }
  }
  return s;
}

void addUnique(std::vector<std::string> &list, const std::string &value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::string describeBaseline(const json &run, const json &props) {
  std::string file = str(props, "baselineFile");
  if (!file.empty()) {
    const json &absent = member(props, "baselineAbsent");
    if (absent.is_number()) file += " (" + std::to_string(uintOf(absent)) + " baseline findings no longer found)";
    return file;
  }
  const json &baseline = member(props, "baseline");
  if (baseline.is_string()) return baseline.get<std::string>();
  if (baseline.is_object()) {
    std::string out = str(baseline, "path");
    if (out.empty()) out = str(baseline, "uri");
    std::string digest = str(baseline, "sha256");
    if (!digest.empty()) out += (out.empty() ? "" : " ") + std::string("(sha256 ") + digest + ")";
    if (!out.empty()) return out;
  }
  std::string guid = str(run, "baselineGuid");
  return guid.empty() ? std::string() : "baseline run " + guid;
}

bool parseInput(const SarifInput &input, size_t inputIndex, const Catalog &catalog, Parsed &out,
                std::string &error) {
  json doc = json::parse(input.content, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    error = input.path + ": not valid JSON, so not a SARIF file";
    return false;
  }
  if (!doc.is_object() || !member(doc, "runs").is_array()) {
    error = input.path + ": not a SARIF log (no \"runs\" array)";
    return false;
  }
  std::string version = str(doc, "version");
  if (version != "2.1.0") {
    error = input.path + ": SARIF version '" + (version.empty() ? "(missing)" : version) +
            "' is not supported; attest reads SARIF 2.1.0";
    return false;
  }
  size_t runIndex = 0;
  for (const json &run : doc["runs"]) {
    std::string where = input.path + ": run " + std::to_string(runIndex++);
    const json &driver = member(member(run, "tool"), "driver");
    if (!driver.is_object() || str(driver, "name").empty()) {
      error = where + " has no tool.driver.name: not a valid SARIF run";
      return false;
    }
    if (member(run, "results").is_null() == false && !member(run, "results").is_array()) {
      error = where + ": \"results\" is not an array";
      return false;
    }
    RunEvidence ev;
    ev.input = inputIndex;
    ev.toolName = str(driver, "name");
    ev.toolVersion = str(driver, "semanticVersion");
    if (ev.toolVersion.empty()) ev.toolVersion = str(driver, "version");
    if (ev.toolName != "attest")
      out.warnings.push_back(where + " was written by '" + ev.toolName +
                             "', not attest: only rules that carry attest's mappings count towards controls");
    ev.automationId = str(member(run, "automationDetails"), "id");

    // Rules: what this run tested.
    std::vector<std::string> runRules;  // by ruleIndex
    if (member(driver, "rules").is_array())
      for (const json &descriptor : driver["rules"]) {
        RuleSummary s = ruleFromDescriptor(descriptor);
        runRules.push_back(s.id);
        if (s.id.empty()) continue;
        ev.ruleIds.push_back(s.id);
        addUnique(out.enabled, s.id);
        if (!out.rules.count(s.id)) out.rules[s.id] = {s, s.level};
      }
    // Taxonomy titles as the scan recorded them.
    if (member(run, "taxonomies").is_array())
      for (const json &taxonomy : run["taxonomies"]) {
        std::string key = catalogKeyForTaxonomyName(str(taxonomy, "name"));
        if (key.empty() || !member(taxonomy, "taxa").is_array()) continue;
        for (const json &taxon : taxonomy["taxa"]) {
          std::string id = str(taxon, "id"), text = str(member(taxon, "shortDescription"), "text");
          if (!id.empty() && !text.empty()) out.taxonTitles.emplace(std::make_pair(key, id), text);
        }
      }

    // Provenance.
    const json &vcsList = member(run, "versionControlProvenance");
    std::string mappedBase;
    if (vcsList.is_array() && !vcsList.empty()) {
      const json &vcs = vcsList[0];
      ev.repositoryUri = stripUrlCredentials(str(vcs, "repositoryUri"));  // SARIF from elsewhere may carry a token
      ev.revisionId = str(vcs, "revisionId");
      ev.branch = str(vcs, "branch");
      mappedBase = str(member(vcs, "mappedTo"), "uriBaseId");
    }

    // Invocation: times, scope counters, notifications.
    const json &invocations = member(run, "invocations");
    if (invocations.is_array())
      for (const json &inv : invocations) {
        std::string start = str(inv, "startTimeUtc"), end = str(inv, "endTimeUtc");
        if (!start.empty() && (ev.startTimeUtc.empty() || start < ev.startTimeUtc)) ev.startTimeUtc = start;
        if (!end.empty() && end > ev.endTimeUtc) ev.endTimeUtc = end;
        if (ev.commandLine.empty()) ev.commandLine = str(inv, "commandLine");
        // Anything but an explicit true is a run that did not say it succeeded.
        if (!member(inv, "executionSuccessful").is_boolean() || !inv["executionSuccessful"].get<bool>())
          ev.executionSuccessful = false;
        if (member(inv, "exitCode").is_number_integer()) ev.exitCode = inv["exitCode"].get<int>();
        const json &props = member(inv, "properties");
        if (member(props, "tusScanned").is_number()) out.haveScopeCounts = true;
        out.scope.tusPlanned += uintOf(member(props, "tusPlanned"));
        out.scope.tusScanned += uintOf(member(props, "tusScanned"));
        out.scope.tusFailedToParse += uintOf(member(props, "tusFailedToParse"));
        out.scope.tusCrashed += uintOf(member(props, "tusCrashed")) + uintOf(member(props, "tusTimedOut")) +
                                uintOf(member(props, "tusOutOfMemory"));  // stopped TUs: not covered either
        out.scope.tusSkipped += uintOf(member(props, "tusSkipped"));
        out.scope.tusExcluded += uintOf(member(props, "tusExcluded"));
        out.scope.tusFromCache += uintOf(member(props, "tusFromCache"));
        if (ev.catalogSha256.empty()) ev.catalogSha256 = str(props, "catalogSha256");
        for (const std::string &p : stringList(member(props, "excludedPaths"))) addUnique(out.scope.excludedPaths, p);
        if (ev.baseline.empty()) ev.baseline = describeBaseline(run, props);
        if (ev.configSha256.empty()) ev.configSha256 = str(props, "configSha256");
        if (ev.configFile.empty()) ev.configFile = str(props, "configFile");
        const json &settings = member(props, "configSettings");
        if (ev.failOn.empty()) ev.failOn = str(settings, "failOn");
        if (settings.is_object())
          for (auto it = settings.begin(); it != settings.end(); ++it)
            ev.configSettings.push_back(it.key() + " = " + (it->is_string() ? it->get<std::string>() : it->dump()));
        else
          for (const std::string &s : stringList(settings)) ev.configSettings.push_back(s);
        const json &notes = member(inv, "toolExecutionNotifications");
        if (!notes.is_array()) continue;
        for (const json &n : notes) {
          ScopeNotification sn;
          sn.id = str(member(n, "descriptor"), "id");
          sn.level = str(n, "level");
          if (sn.level.empty()) sn.level = "warning";
          sn.message = sanitizeUtf8(messageText(member(n, "message")));
          const json &locs = member(n, "locations");
          if (locs.is_array() && !locs.empty())
            sn.file = readLocation(run, member(locs[0], "physicalLocation")).file;
          if (sn.id == "parse-error") addUnique(out.scope.failedToParse, sn.file);
          else if (sn.id == "tu-crashed" || sn.id == "tu-timeout" || sn.id == "tu-out-of-memory")
            addUnique(out.scope.crashed, sn.file);
          else if (sn.id == "tu-skipped") addUnique(out.scope.skipped, sn.file);
          if (isIncompleteTu(sn.id)) addUnique(out.scope.incomplete, sn.file.empty() ? sn.message : sn.file);
          else if (sn.level == "error" || sn.id.rfind("shard-", 0) == 0)
            addUnique(out.scope.incompleteReasons, sn.message);
          if (sn.level == "warning" || sn.level == "error") out.scope.notifications.push_back(sn);
        }
      }
    if (ev.baseline.empty()) ev.baseline = describeBaseline(run, json::object());
    if (!invocations.is_array() || invocations.empty()) ev.executionSuccessful = false;  // nothing says it ran
    if (ev.failOn.empty()) ev.failOn = "error";  // attest's default: not recorded when unchanged
    if (!ev.executionSuccessful) out.scope.executionSuccessful = false;

    // Artifacts: the scanned TUs, and whether each parsed.
    if (member(run, "artifacts").is_array())
      for (const json &artifact : run["artifacts"]) {
        std::vector<std::string> roles = stringList(member(artifact, "roles"));
        if (std::find(roles.begin(), roles.end(), "analysisTarget") == roles.end()) continue;
        std::string file = readLocation(run, {{"artifactLocation", member(artifact, "location")}}).file;
        addUnique(out.scope.scannedFiles, file);
        const json &parsed = member(member(artifact, "properties"), "parsedCompletely");
        if (parsed.is_boolean() && !parsed.get<bool>() &&
            std::find(out.scope.crashed.begin(), out.scope.crashed.end(), file) == out.scope.crashed.end())
          addUnique(out.scope.failedToParse, file);
      }

    // Results.
    const json &results = member(run, "results");
    if (results.is_array())
      for (const json &result : results) {
        if (!result.is_object()) {
          error = where + ": a result is not an object";
          return false;
        }
        std::string kind = str(result, "kind");
        if (!kind.empty() && kind != "fail") continue;  // pass, notApplicable, informational...
        ReportFinding f;
        f.baselineState = str(result, "baselineState");
        if (f.baselineState == "absent") continue;  // fixed since the baseline: not a finding now
        f.ruleId = str(result, "ruleId");
        if (f.ruleId.empty()) f.ruleId = str(member(result, "rule"), "id");
        const json &ruleIndex = member(result, "ruleIndex");
        if (f.ruleId.empty() && ruleIndex.is_number_integer() && ruleIndex.get<long long>() >= 0 &&
            static_cast<size_t>(ruleIndex.get<long long>()) < runRules.size())
          f.ruleId = runRules[ruleIndex.get<size_t>()];
        if (f.ruleId.empty()) f.ruleId = "(no rule id)";
        f.family = f.ruleId.substr(0, f.ruleId.find('-'));
        f.level = str(result, "level");
        if (f.level.empty()) {
          auto it = out.rules.find(f.ruleId);
          f.level = it != out.rules.end() ? it->second.defaultLevel : "warning";
        }
        if (f.level != "error" && f.level != "warning") f.level = "note";  // "none" included
        f.message = sanitizeUtf8(messageText(member(result, "message")));
        const json &locations = member(result, "locations");
        if (locations.is_array() && !locations.empty()) {
          Location loc = readLocation(run, member(locations[0], "physicalLocation"));
          f.file = loc.file;
          f.line = loc.line;
          f.column = loc.column;
          f.snippet = loc.snippet;
          f.snippetLine = loc.snippetLine;
          if (!loc.uriBaseId.empty() && loc.uriBaseId == mappedBase)
            f.link = sourceLink(ev.repositoryUri, ev.revisionId, loc.encodedUri, loc.line);
        }
        const json &fingerprints = member(result, "partialFingerprints");
        f.fingerprint = str(fingerprints, "attest/v1");
        if (f.fingerprint.empty()) f.fingerprint = str(member(result, "fingerprints"), "attest/v1");
        if (f.fingerprint.empty())
          f.fingerprint = "unfingerprinted:" + shortHash(f.ruleId + "\n" + f.file + "\n" + f.message + "\n" +
                                                          str(fingerprints, "primaryLocationLineHash"));
        const json &suppressions = member(result, "suppressions");
        bool accepted = false, pending = false;
        if (suppressions.is_array())
          for (const json &s : suppressions) {
            ReportSuppression sup{str(s, "kind"), str(s, "status"), sanitizeUtf8(str(s, "justification")),
                                  sanitizeUtf8(str(member(s, "properties"), "until")),
                                  sanitizeUtf8(str(member(s, "properties"), "ticket"))};
            if (sup.status.empty() || sup.status == "accepted") accepted = true;
            if (sup.status == "underReview") pending = true;
            f.suppressions.push_back(sup);
          }
        // SARIF §3.27.23: suppressed only when accepted and none is still under review.
        f.suppressed = accepted && !pending;
        f.input = inputIndex;
        out.findings.push_back(std::move(f));
      }
    out.runs.push_back(std::move(ev));
  }
  // Rules that produced results without being declared (other tools): take the catalog's.
  for (const ReportFinding &f : out.findings)
    if (!out.rules.count(f.ruleId))
      if (const Rule *rule = catalog.find(f.ruleId)) {
        RuleSummary s = ruleFromCatalog(*rule);
        out.rules[f.ruleId] = {s, s.level};
        addUnique(out.enabled, f.ruleId);
      }
  return true;
}

bool parseGuarded(const SarifInput &input, size_t index, const Catalog &catalog, Parsed &out, std::string &error) {
  try {
    return parseInput(input, index, catalog, out, error);
  } catch (const std::exception &e) {  // a type error deep inside a malformed log
    error = input.path + ": malformed SARIF: " + e.what();
    return false;
  }
}

using FileList = std::vector<std::string> Scope::*;

// CASA Tier 2 reads pass or fail per CWE: PASS only where the control passes.
std::string casaStatus(ControlStatus status) {
  switch (status) {
  case ControlStatus::Pass: return "PASS";
  case ControlStatus::Fail: return "FAIL";
  case ControlStatus::AcceptedRisk: return "ACCEPTED RISK";
  case ControlStatus::Observations: return "OBSERVATIONS";
  case ControlStatus::NoFindingsPartial: return "PARTIAL";
  case ControlStatus::Evidence:
  case ControlStatus::NotAssessed: return "NOT TESTED";
  }
  return "NOT TESTED";
}

bool maps(const RuleSummary &rule, const std::string &catalogKey, const std::string &id) {
  const auto &ids = rule.mappings(catalogKey);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string plural(size_t n, const std::string &word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string joinList(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

int levelRank(const std::string &level) { return level == "error" ? 2 : level == "warning" ? 1 : 0; }

// The strictest threshold of the runs: a control fails on what would fail any of their gates.
GateEvidence gateOf(const std::vector<RunEvidence> &runs) {
  GateEvidence gate;
  int strictest = 2;
  for (const RunEvidence &ev : runs) {
    std::string level = ev.failOn;
    if (level == "none") {  // the gate was off: the report still judges by attest's default
      gate.thresholdWasNone = true;
      level = "error";
    }
    if (level != "error" && level != "warning" && level != "note") level = "error";
    strictest = std::min(strictest, levelRank(level));
    if (ev.exitCode) gate.exitCodes.push_back(*ev.exitCode);
  }
  gate.threshold = strictest == 2 ? "error" : strictest == 1 ? "warning" : "note";
  return gate;
}

// What the SARIF shows about the scan and its gate, for controls marked sast-gate.
std::vector<std::string> gateEvidenceLines(const ComplianceReport &report) {
  std::vector<std::string> lines;
  const size_t shown = 3;
  for (size_t i = 0; i < report.runs.size() && i < shown; ++i) {
    const RunEvidence &ev = report.runs[i];
    std::string line = "Scan by " + ev.toolName + (ev.toolVersion.empty() ? "" : " " + ev.toolVersion);
    if (!ev.repositoryUri.empty()) line += " of " + ev.repositoryUri;
    if (!ev.revisionId.empty()) line += " at commit " + ev.revisionId;
    if (!ev.endTimeUtc.empty()) line += ", ended " + ev.endTimeUtc;
    lines.push_back(line);
  }
  if (report.runs.size() > shown) lines.push_back("… and " + plural(report.runs.size() - shown, "more run"));
  const GateEvidence &g = report.gate;
  lines.push_back("Gate threshold: findings at level " + g.threshold + " or above fail" +
                  (g.thresholdWasNone ? " (a run had the gate off, failOn none; the report applies attest's default)" : ""));
  if (g.result == "fail")
    lines.push_back("Gate result: fail, " + plural(g.gatingFindings, "unsuppressed finding") +
                    " at or above the threshold that no baseline accepts");
  else if (g.result == "pass")
    lines.push_back("Gate result: pass, no unsuppressed finding at or above the threshold");
  else
    lines.push_back("Gate result: incomplete, the scan did not analyse every planned translation unit");
  if (!g.exitCodes.empty()) {
    std::vector<std::string> codes;
    for (int code : g.exitCodes) codes.push_back(std::to_string(code));
    lines.push_back("Exit status recorded: " + joinList(codes));
  }
  lines.push_back("Scope: " + std::to_string(report.scope.tusComplete()) + " of " +
                  std::to_string(report.scope.tusTotal()) + " planned translation units analysed completely");
  return lines;
}

void decideStatus(Control &c, const CatalogCoverage *coverage, const std::string &catalogKey, bool scannedNothing,
                  const std::string &incompleteReason) {
  c.status = ControlStatus::NotAssessed;
  if (scannedNothing) {
    c.notAssessedReason = "no translation unit was analysed";
  } else if (c.rules.empty()) {
    if (!c.evidence.empty()) c.status = ControlStatus::Evidence;
    else if (c.catalogRules.empty()) c.notAssessedReason = "no attest rule tests this control";
    else c.notAssessedReason = "not enabled in this scan: " + joinList(c.catalogRules);
  } else if (c.gating.total() > 0) {
    c.status = ControlStatus::Fail;  // a finding is true whatever the scan missed
  } else if (!incompleteReason.empty()) {
    c.notAssessedReason = incompleteReason;
  } else if (c.suppressed.total() > 0) {
    c.status = ControlStatus::AcceptedRisk;
  } else if (c.observations.total() > 0) {
    c.status = ControlStatus::Observations;
  } else if (!c.fullRules.empty()) {
    c.status = ControlStatus::Pass;
  } else {
    c.status = ControlStatus::NoFindingsPartial;
    c.coverageNote = joinList(c.rules) + (c.rules.size() == 1 ? " covers" : " cover") + " part of it";
    std::vector<std::string> wouldCover;
    for (const std::string &id : c.catalogRules)
      if (coverage && coverage->coverage(id, catalogKey, c.id) == Coverage::Full) wouldCover.push_back(id);
    c.coverageNote += wouldCover.empty() ? "; no attest rule covers it fully"
                                         : "; " + joinList(wouldCover) + " would cover it fully and did not run";
  }
}

}  // namespace

bool buildComplianceReport(const std::vector<SarifInput> &inputs, const SarifInput *previous,
                           const std::vector<std::string> &frameworks, const Catalog &catalog,
                           ComplianceReport &report, std::string &error, const CatalogCoverage *coverage) {
  report = ComplianceReport();
  report.reportCatalogSha256 = catalog.sha256;
  for (const std::string &key : frameworks)
    if (std::find(reportFrameworkKeys().begin(), reportFrameworkKeys().end(), key) == reportFrameworkKeys().end()) {
      error = "unknown framework '" + key + "'";
      return false;
    }
  if (inputs.empty()) {
    error = "no SARIF input";
    return false;
  }

  // Merge every input.
  Parsed all;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Parsed one;
    if (!parseGuarded(inputs[i], i, catalog, one, error)) return false;
    report.inputs.push_back({inputs[i].path, sha256Hex(inputs[i].content), inputs[i].content.size()});
    for (auto &[id, rule] : one.rules) all.rules.emplace(id, rule);
    for (const std::string &id : one.enabled) addUnique(all.enabled, id);
    for (ReportFinding &f : one.findings) all.findings.push_back(std::move(f));
    for (RunEvidence &ev : one.runs) all.runs.push_back(std::move(ev));
    for (auto &[key, title] : one.taxonTitles) all.taxonTitles.emplace(key, title);
    for (std::string &w : one.warnings) all.warnings.push_back(std::move(w));
    all.haveScopeCounts |= one.haveScopeCounts;
    Scope &s = all.scope;
    s.tusPlanned += one.scope.tusPlanned;
    s.tusScanned += one.scope.tusScanned;
    s.tusFailedToParse += one.scope.tusFailedToParse;
    s.tusCrashed += one.scope.tusCrashed;
    s.tusSkipped += one.scope.tusSkipped;
    s.tusExcluded += one.scope.tusExcluded;
    s.tusFromCache += one.scope.tusFromCache;
    for (FileList list : {&Scope::scannedFiles, &Scope::failedToParse, &Scope::crashed, &Scope::skipped, &Scope::excludedPaths})
      for (const std::string &f : one.scope.*list) addUnique(s.*list, f);
    for (ScopeNotification &n : one.scope.notifications) s.notifications.push_back(std::move(n));
    for (const std::string &f : one.scope.incomplete) addUnique(s.incomplete, f);
    for (const std::string &r : one.scope.incompleteReasons) addUnique(s.incompleteReasons, r);
    s.executionSuccessful &= one.scope.executionSuccessful;
  }
  all.scope.haveCounts = all.haveScopeCounts;
  report.runs = all.runs;
  report.scope = all.scope;
  for (FileList list : {&Scope::scannedFiles, &Scope::failedToParse, &Scope::crashed, &Scope::skipped})
    std::sort((report.scope.*list).begin(), (report.scope.*list).end());

  // Rules in catalog order, then any others by id.
  for (const Rule &rule : catalog.rules)
    if (std::find(all.enabled.begin(), all.enabled.end(), rule.id) != all.enabled.end())
      report.rules.push_back(all.rules.count(rule.id) ? all.rules[rule.id].summary : ruleFromCatalog(rule));
  std::vector<std::string> others;
  for (const std::string &id : all.enabled)
    if (!catalog.find(id) && all.rules.count(id)) others.push_back(id);
  std::sort(others.begin(), others.end());
  for (const std::string &id : others) report.rules.push_back(all.rules[id].summary);
  auto ruleOf = [&](const std::string &id) -> const RuleSummary * {
    for (const RuleSummary &r : report.rules)
      if (r.id == id) return &r;
    return nullptr;
  };

  // Findings in a stable order with stable ids.
  report.findings = std::move(all.findings);
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const ReportFinding &a, const ReportFinding &b) {
    return std::tie(a.file, a.line, a.column, a.ruleId, a.message, a.input) <
           std::tie(b.file, b.line, b.column, b.ruleId, b.message, b.input);
  });
  report.gate = gateOf(report.runs);
  int threshold = levelRank(report.gate.threshold);
  std::map<std::string, unsigned> unmapped;
  for (size_t i = 0; i < report.findings.size(); ++i) {
    ReportFinding &f = report.findings[i];
    f.id = "F" + std::to_string(i + 1);
    f.gating = !f.suppressed && levelRank(f.level) >= threshold;
    if (f.gating && f.baselineState != "unchanged" && f.baselineState != "updated") ++report.gate.gatingFindings;
    if (f.suppressed) ++report.suppressedCount;
    else report.open.add(f.level);
    const RuleSummary *rule = ruleOf(f.ruleId);
    bool any = false;
    if (rule)
      for (const char *key : kCatalogKeys) any |= !rule->mappings(key).empty();
    if (!any) ++unmapped[f.ruleId];
  }
  for (const auto &[rule, n] : unmapped)
    all.warnings.push_back(plural(n, "result") + " of rule '" + rule + "' map to no control of any framework");

  // The previous scan, for the trend.
  Parsed prev;
  std::set<std::string> prevFingerprints;
  if (previous) {
    if (!parseGuarded(*previous, 0, catalog, prev, error)) return false;
    PreviousEvidence pe;
    pe.path = previous->path;
    pe.sha256 = sha256Hex(previous->content);
    if (!prev.runs.empty()) {
      pe.revisionId = prev.runs[0].revisionId;
      pe.endTimeUtc = prev.runs[0].endTimeUtc;
    }
    // Only findings of rules enabled now can be "fixed": a disabled rule's findings are unknown.
    std::set<std::string> current;
    for (const ReportFinding &f : report.findings) current.insert(f.fingerprint);
    // Nor can findings in a TU the previous scan analysed and this one did not.
    std::set<std::string> prevTargets(prev.scope.scannedFiles.begin(), prev.scope.scannedFiles.end());
    std::set<std::string> nowTargets(report.scope.scannedFiles.begin(), report.scope.scannedFiles.end());
    for (const ReportFinding &f : prev.findings)
      if (ruleOf(f.ruleId) && !(prevTargets.count(f.file) && !nowTargets.count(f.file) && !current.count(f.fingerprint)))
        prevFingerprints.insert(f.fingerprint);
    for (ReportFinding &f : report.findings) {
      f.isNew = !prevFingerprints.count(f.fingerprint);
      if (f.isNew) ++pe.total.added;
      else ++pe.total.unchanged;
    }
    for (const std::string &fp : prevFingerprints)
      if (!current.count(fp)) ++pe.total.fixed;
    report.previous = pe;
  }

  // Controls of every framework (CWE is always needed for the CASA per-CWE rows).
  bool scannedNothing = all.haveScopeCounts && report.scope.tusScanned == 0 && report.findings.empty();
  bool incomplete = !report.scope.complete();
  report.gate.result = report.gate.gatingFindings ? "fail" : incomplete || scannedNothing ? "incomplete" : "pass";
  std::string incompleteReason = "scan incomplete: " + std::to_string(report.scope.tusComplete()) + " of " +
                                 std::to_string(report.scope.tusTotal()) + " TUs";
  std::vector<std::string> gateEvidence = gateEvidenceLines(report);
  std::vector<Framework> built;
  for (const FrameworkInfo &info : kFrameworks) {
    Framework fw;
    fw.key = info.key;
    fw.catalogKey = info.catalogKey;
    fw.name = taxonomyDisplayName(info.catalogKey);
    fw.title = info.title;
    fw.suggestedMapping = info.suggested;
    static const std::map<std::string, std::array<const char *, 3>> meta = {
        {"cwe", {"4.14", "MITRE", "https://cwe.mitre.org/"}},
        {"asvs", {"4.0.3", "OWASP", "https://github.com/OWASP/ASVS/tree/v4.0.3_release"}},
        {"casa", {"1.0", "App Defense Alliance", "https://github.com/appdefensealliance/ASA-WG/tree/main/CASA"}},
        {"soc2", {"2017 (points of focus revised 2022)", "AICPA",
                  "https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022"}},
        {"owaspTop10", {"2021", "OWASP", "https://owasp.org/Top10/"}}};
    const auto &m = meta.at(fw.catalogKey);
    fw.version = m[0];
    fw.organization = m[1];
    fw.informationUri = m[2];

    // Every control the catalog defines, then any the SARIF names that this catalog does not.
    std::vector<std::string> ids;
    const Taxonomy *taxonomy = catalog.taxonomy(fw.catalogKey);
    if (taxonomy)
      for (const Taxon &t : taxonomy->taxa) ids.push_back(t.id);
    std::vector<std::string> extra;
    for (const RuleSummary &r : report.rules)
      for (const std::string &id : r.mappings(fw.catalogKey))
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) addUnique(extra, id);
    std::sort(extra.begin(), extra.end());
    ids.insert(ids.end(), extra.begin(), extra.end());

    for (const std::string &id : ids) {
      Control c;
      c.id = id;
      const Taxon *taxon = taxonomy ? taxonomy->find(id) : nullptr;
      auto title = all.taxonTitles.find({fw.catalogKey, id});
      c.title = title != all.taxonTitles.end() ? title->second : taxon ? taxon->name : std::string();
      if (taxon) {
        c.levels = taxon->levels;
        c.note = taxon->note;
      }
      for (const RuleSummary &r : report.rules)
        if (maps(r, fw.catalogKey, id)) {
          c.rules.push_back(r.id);
          // Coverage is what this attest's catalog says the rule can show; a rule it does
          // not know (another tool, a newer attest) covers nothing fully.
          if (coverage && catalog.find(r.id) && coverage->coverage(r.id, fw.catalogKey, id) == Coverage::Full)
            c.fullRules.push_back(r.id);
        }
      for (const Rule &r : catalog.rules)
        if (maps(ruleFromCatalog(r), fw.catalogKey, id)) c.catalogRules.push_back(r.id);
      std::set<std::string> justifications;
      std::set<std::string> currentFps;
      for (size_t i = 0; i < report.findings.size(); ++i) {
        const ReportFinding &f = report.findings[i];
        const RuleSummary *rule = ruleOf(f.ruleId);
        if (!rule || !maps(*rule, fw.catalogKey, id)) continue;
        c.findings.push_back(i);
        currentFps.insert(f.fingerprint);
        if (f.suppressed) {
          c.suppressed.add(f.level);
          for (const ReportSuppression &s : f.suppressions)
            if (s.status.empty() || s.status == "accepted") {
              std::string text = s.justification.empty() ? "(no justification given)" : s.justification;
              if (!s.ticket.empty() || !s.until.empty())
                text += " [" + (s.ticket.empty() ? "" : "ticket " + s.ticket) +
                        (s.ticket.empty() || s.until.empty() ? "" : ", ") +
                        (s.until.empty() ? "" : "until " + s.until) + "]";
              if (justifications.insert(text).second) c.justifications.push_back(text);
            }
        } else {
          c.open.add(f.level);
          (f.gating ? c.gating : c.observations).add(f.level);
        }
      }
      if (coverage && coverage->evidenceOf(fw.catalogKey, id) == "sast-gate" && !report.runs.empty())
        c.evidence = gateEvidence;
      decideStatus(c, coverage, fw.catalogKey, scannedNothing, incomplete ? incompleteReason : std::string());
      if (previous && c.status != ControlStatus::NotAssessed) {
        Trend t;
        std::set<std::string> prevFps;
        for (const ReportFinding &f : prev.findings) {
          auto it = prev.rules.find(f.ruleId);
          const RuleSummary *rule = it != prev.rules.end() ? &it->second.summary : ruleOf(f.ruleId);
          if (rule && maps(*rule, fw.catalogKey, id) && prevFingerprints.count(f.fingerprint))
            prevFps.insert(f.fingerprint);
        }
        for (const std::string &fp : currentFps) prevFps.count(fp) ? ++t.unchanged : ++t.added;
        for (const std::string &fp : prevFps)
          if (!currentFps.count(fp)) ++t.fixed;
        c.trend = t;
      }
      for (size_t i : c.findings) report.findings[i].controls.push_back({fw.key, id});
      fw.controls.push_back(std::move(c));
    }
    built.push_back(std::move(fw));
  }

  // CASA Tier 2: pass/fail per CWE.
  for (const Framework &fw : built) {
    if (fw.key != "cwe") continue;
    for (const Control &c : fw.controls) {
      CasaRow row;
      row.cwe = c.id;
      row.name = c.title;
      row.rules = c.rules;
      row.open = c.open;
      row.suppressed = c.suppressed.total();
      row.status = casaStatus(c.status);
      report.casa.push_back(std::move(row));
    }
  }

  for (Framework &fw : built)
    if (frameworks.empty() || std::find(frameworks.begin(), frameworks.end(), fw.key) != frameworks.end())
      report.frameworks.push_back(std::move(fw));
  // A finding lists only the controls of the frameworks shown.
  for (ReportFinding &f : report.findings)
    std::erase_if(f.controls, [&](const auto &ctl) {
      return !frameworks.empty() && std::find(frameworks.begin(), frameworks.end(), ctl.first) == frameworks.end();
    });

  // Caveats an auditor must not miss.
  const Scope &s = report.scope;
  if (scannedNothing)
    report.warnings.push_back("No translation unit was analysed: every control is not assessed.");
  if (!s.complete()) {
    std::string what = std::to_string(s.tusComplete()) + " of " + std::to_string(s.tusTotal()) +
                       " planned translation units analysed completely";
    if (s.tusFailedToParse) what += ", " + plural(s.tusFailedToParse, "translation unit") + " failed to parse";
    if (s.tusCrashed) what += ", " + plural(s.tusCrashed, "translation unit") + " crashed";
    if (s.tusSkipped) what += ", " + plural(s.tusSkipped, "translation unit") + " skipped";
    if (!s.executionSuccessful) what += "; the scan recorded that it did not run successfully";
    for (const std::string &reason : s.incompleteReasons) what += "; " + reason;
    report.warnings.push_back("The scan is incomplete (" + what +
                              "; see Scope): no control is reported as passing, only findings are.");
  }
  if (report.gate.thresholdWasNone)
    report.warnings.push_back("A scan ran with the gate off (failOn: none): controls fail on errors, attest's default.");
  std::set<std::string> catalogs, commits;
  for (const RunEvidence &ev : report.runs) {
    if (!ev.catalogSha256.empty()) catalogs.insert(ev.catalogSha256);
    if (!ev.revisionId.empty()) commits.insert(ev.revisionId);
  }
  for (const std::string &sha : catalogs)
    if (sha != catalog.sha256) {
      report.warnings.push_back("A scan used rule catalog sha256 " + sha + ", not this attest's (" + catalog.sha256 +
                                "): controls its catalog lacks are computed against this attest's catalog.");
      break;
    }
  if (commits.size() > 1)
    report.warnings.push_back("The inputs come from " + std::to_string(commits.size()) +
                              " different commits: the report combines them.");
  for (std::string &w : all.warnings) report.warnings.push_back(std::move(w));

  EvidenceSummary &e = report.evidence;
  auto fold = [](std::string &into, const std::string &value) {
    if (value.empty()) return;
    if (!into.empty() && ("; " + into + "; ").find("; " + value + "; ") != std::string::npos) return;
    into += (into.empty() ? "" : "; ") + value;
  };
  for (const RunEvidence &ev : report.runs) {
    fold(e.repository, ev.repositoryUri);
    fold(e.commit, ev.revisionId);
    fold(e.branch, ev.branch);
    fold(e.toolVersion, ev.toolName == "attest" ? ev.toolVersion : ev.toolName + " " + ev.toolVersion);
    fold(e.catalogSha256, ev.catalogSha256);
    fold(e.baseline, ev.baseline);
    fold(e.configSha256, ev.configSha256);
    fold(e.configFile, ev.configFile);
    for (const std::string &setting : ev.configSettings) addUnique(e.configSettings, setting);
    addUnique(e.commandLines, ev.commandLine);
    if (!ev.startTimeUtc.empty() && (e.startTimeUtc.empty() || ev.startTimeUtc < e.startTimeUtc))
      e.startTimeUtc = ev.startTimeUtc;
    if (ev.endTimeUtc > e.endTimeUtc) e.endTimeUtc = ev.endTimeUtc;
  }
  for (const RuleSummary &r : report.rules) e.ruleIds.push_back(r.id);
  return true;
}

std::string countsText(const LevelCounts &c) {
  std::string out;
  auto part = [&](unsigned n, const char *word) {
    if (n) out += (out.empty() ? "" : ", ") + plural(n, word);
  };
  part(c.error, "error");
  part(c.warning, "warning");
  part(c.note, "note");
  return out.empty() ? "none" : out;
}

std::string locationText(const ReportFinding &f) {
  std::string where = f.file.empty() ? "(no location)" : f.file;
  if (f.line) where += ":" + std::to_string(f.line);
  return where;
}

std::string durationText(const std::string &fromUtc, const std::string &toUtc) {
  auto from = sarif::parseUtc(fromUtc), to = sarif::parseUtc(toUtc);
  if (!from || !to || *to < *from) return {};
  long long minutes = std::chrono::duration_cast<std::chrono::minutes>(*to - *from).count();
  long long days = minutes / (24 * 60), hours = minutes / 60 % 24;
  if (days) return std::to_string(days) + " d " + std::to_string(hours) + " h";
  if (hours) return std::to_string(hours) + " h " + std::to_string(minutes % 60) + " min";
  return std::to_string(minutes) + " min";
}

bool buildPeriodReport(const std::vector<SarifInput> &inputs, const std::vector<std::string> &frameworks,
                       const Catalog &catalog, const CatalogCoverage *coverage, ComplianceReport &report,
                       std::string &error) {
  // One report per scan, ordered by when the scan ran (not by the order given).
  std::vector<ComplianceReport> runs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!buildComplianceReport({inputs[i]}, nullptr, frameworks, catalog, runs[i], error, coverage)) return false;
  if (runs.empty()) {
    error = "no SARIF input";
    return false;
  }
  std::vector<size_t> order(runs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return runs[a].evidence.endTimeUtc < runs[b].evidence.endTimeUtc;
  });
  PeriodReport period;
  for (size_t i : order) period.runs.push_back({inputs[i].path, runs[i].evidence.endTimeUtc, runs[i].evidence.commit});
  const ComplianceReport &last = runs[order.back()];
  for (size_t f = 0; f < last.frameworks.size(); ++f)
    for (size_t c = 0; c < last.frameworks[f].controls.size(); ++c) {
      const Control &control = last.frameworks[f].controls[c];
      ControlHistory history{last.frameworks[f].key, control.id, control.title, {}, {}, false};
      for (size_t i : order) {
        // Every run lists the same controls (the same catalog), looked up by id all the same.
        ControlStatus status = ControlStatus::NotAssessed;
        for (const Framework &fw : runs[i].frameworks)
          if (fw.key == history.framework)
            for (const Control &other : fw.controls)
              if (other.id == control.id) status = other.status;
        const std::string &time = runs[i].evidence.endTimeUtc;
        bool open = !history.episodes.empty() && history.episodes.back().fixed.empty();
        if (status == ControlStatus::Fail && !open) {
          history.episodes.push_back({time, "", ""});
        } else if (open && status != ControlStatus::Fail && status != ControlStatus::NotAssessed) {
          // Fixed only when a later run assessed it: a scan that did not see it proves nothing.
          FailureEpisode &episode = history.episodes.back();
          episode.fixed = time;
          episode.timeToFix = durationText(episode.firstSeen, time);
        }
        history.statuses.push_back(status);
      }
      history.openAtEnd = !history.episodes.empty() && history.episodes.back().fixed.empty();
      period.controls.push_back(std::move(history));
    }
  report = last;
  report.period = std::move(period);
  return true;
}

}  // namespace attest
