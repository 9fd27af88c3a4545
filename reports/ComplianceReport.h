// The compliance report for auditors and assessors: a per-control view of one or
// several attest SARIF files (never a rescan), rendered as HTML, Markdown, a JSON
// summary, or CASA per-CWE CSV.
//
// Model: for each framework (SOC 2, CASA, ASVS, CWE, OWASP Top 10) every control the
// rule catalog defines, with the rules of the run that test it and a status:
//   pass          an enabled rule tests it and no result, suppressed or not, was found
//   fail          unsuppressed results (counted by level)
//   accepted risk only suppressed results (each justification listed)
//   not assessed  no rule enabled in the run tests it (so coverage is stated honestly)
#pragma once

#include "rules/Catalog.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

enum class ControlStatus { Pass, Fail, AcceptedRisk, NotAssessed };
std::string_view statusLabel(ControlStatus status);  // "Pass", "Accepted risk", ...
std::string_view statusKey(ControlStatus status);    // "pass", "accepted-risk", ... (JSON)

struct LevelCounts {
  unsigned error = 0, warning = 0, note = 0;
  unsigned total() const { return error + warning + note; }
  void add(std::string_view level);
};

struct ReportSuppression {
  std::string kind;           // inSource | external
  std::string status;         // accepted | underReview | rejected | "" (accepted)
  std::string justification;
  std::string until, ticket;  // properties attest records with an inline suppression
};

struct ReportFinding {
  std::string id;       // F1, F2, ... in report order (file, line, rule)
  std::string ruleId, family, level;  // level: error | warning | note
  std::string message;
  std::string file;     // relative to the source root when known, else the absolute path
  unsigned line = 0, column = 0;
  std::string snippet;  // the source lines of the finding (secrets were masked by the scan)
  unsigned snippetLine = 0;  // line number of the snippet's first line, 0 when unknown
  std::string link;     // https link to the line in the repository's web UI, or empty
  std::string fingerprint;  // partialFingerprints["attest/v1"]
  std::string baselineState;
  std::vector<ReportSuppression> suppressions;
  bool suppressed = false;
  bool isNew = false;   // not in --previous (only meaningful when a previous SARIF was given)
  size_t input = 0;     // index into ComplianceReport::inputs
  std::vector<std::pair<std::string, std::string>> controls;  // (framework key, control id)
};

struct Trend {
  unsigned added = 0, fixed = 0, unchanged = 0;
};

struct Control {
  std::string id, title;
  std::string levels;  // ASVS: "L2,L3"
  std::string note;    // provenance of the title text, from the catalog
  std::vector<std::string> rules;         // enabled rules of the run that test it
  std::vector<std::string> catalogRules;  // every catalog rule that maps to it
  ControlStatus status = ControlStatus::NotAssessed;
  std::string notAssessedReason;
  LevelCounts open;        // unsuppressed findings
  LevelCounts suppressed;  // suppressed findings
  std::vector<std::string> justifications;  // of the suppressed findings, unique
  std::vector<size_t> findings;             // indices into ComplianceReport::findings
  std::optional<Trend> trend;
};

struct Framework {
  std::string key;          // soc2 | casa | asvs | cwe | owasp-top10
  std::string catalogKey;   // soc2 | casa | asvs | cwe | owaspTop10
  std::string name;         // "SOC 2 TSC"
  std::string title;        // "SOC 2 Trust Services Criteria"
  std::string version, organization, informationUri;
  bool suggestedMapping = false;  // SOC 2: AICPA publishes no mapping
  std::vector<Control> controls;
  unsigned count(ControlStatus status) const;
};

struct RuleSummary {
  std::string id, name, shortDescription, level, securitySeverity, family;
  std::vector<std::string> cwe, asvs, casa, soc2, owaspTop10;
  const std::vector<std::string> &mappings(std::string_view catalogKey) const;
};

struct InputFile {
  std::string path;
  std::string sha256;
  size_t bytes = 0;
};

// One run of one input SARIF file: the evidence an auditor needs.
struct RunEvidence {
  size_t input = 0;
  std::string toolName, toolVersion;
  std::string repositoryUri, revisionId, branch;
  std::string startTimeUtc, endTimeUtc;
  std::string catalogSha256;
  std::string commandLine;
  std::string automationId;
  std::vector<std::string> ruleIds;
  bool executionSuccessful = true;
  std::string baseline;          // the baseline in effect, as the SARIF records it
  std::string configFile, configSha256;  // the configuration file in effect, when recorded
  std::vector<std::string> configSettings;  // non-default settings, when recorded
};

struct ScopeNotification {
  std::string id, level, message, file;
};

struct Scope {
  unsigned tusPlanned = 0, tusScanned = 0, tusFailedToParse = 0, tusCrashed = 0, tusSkipped = 0;
  unsigned tusExcluded = 0;   // out of scope by the configuration's paths
  unsigned tusFromCache = 0;  // results reused from an earlier scan of the same input
  std::vector<std::string> scannedFiles;   // analysis targets
  std::vector<std::string> failedToParse;  // names of TUs with compile errors
  std::vector<std::string> crashed;
  std::vector<std::string> skipped;
  std::vector<std::string> excludedPaths;
  std::vector<ScopeNotification> notifications;  // warnings and errors only
  bool complete() const { return tusFailedToParse == 0 && tusCrashed == 0 && tusSkipped == 0; }
};

// CASA Tier 2 evidence: one row per CWE the catalog defines.
struct CasaRow {
  std::string cwe, name;
  std::string status;  // PASS | FAIL | NOT TESTED
  std::vector<std::string> rules;
  LevelCounts open;
  unsigned suppressed = 0;
};

struct PreviousEvidence {
  std::string path, sha256, revisionId, endTimeUtc;
  Trend total;
};

// The runs' evidence folded into one value per field (distinct values joined by "; ").
struct EvidenceSummary {
  std::string repository, commit, branch;
  std::string startTimeUtc, endTimeUtc;  // earliest start, latest end
  std::string toolVersion, catalogSha256, baseline, configFile, configSha256;
  std::vector<std::string> configSettings;
  std::vector<std::string> ruleIds;      // union, catalog order
  std::vector<std::string> commandLines;
};

struct ComplianceReport {
  EvidenceSummary evidence;
  std::vector<InputFile> inputs;
  std::vector<RunEvidence> runs;
  Scope scope;
  std::vector<RuleSummary> rules;  // enabled in at least one run, catalog order
  std::vector<ReportFinding> findings;
  std::vector<Framework> frameworks;  // the ones selected, in canonical order
  std::vector<CasaRow> casa;
  std::optional<PreviousEvidence> previous;
  std::string reportCatalogSha256;  // the catalog of the attest that wrote the report
  std::vector<std::string> warnings;  // caveats shown at the top of every format
  LevelCounts open;
  unsigned suppressedCount = 0;
};

struct SarifInput {
  std::string path;     // as given; shown in the evidence
  std::string content;  // the file's bytes (hashed for the evidence)
};

// Reads a file into `input`; false with `error` set when unreadable.
bool readSarifInput(const std::string &path, SarifInput &input, std::string &error);

// The framework keys the report knows, in canonical order.
const std::vector<std::string> &reportFrameworkKeys();

// Builds the model. `frameworks` holds keys from reportFrameworkKeys() (empty: all).
// False with `error` set ("FILE: reason") when an input is not a SARIF 2.1.0 log.
bool buildComplianceReport(const std::vector<SarifInput> &inputs, const SarifInput *previous,
                           const std::vector<std::string> &frameworks, const Catalog &catalog,
                           ComplianceReport &report, std::string &error);

// Writers. Every string from SARIF is escaped for the output format.
std::string renderHtml(const ComplianceReport &report);
std::string renderMarkdown(const ComplianceReport &report);
nlohmann::json renderJsonSummary(const ComplianceReport &report);
std::string renderCasaCsv(const ComplianceReport &report);

// "2 errors, 1 warning" ("none" when zero).
std::string countsText(const LevelCounts &counts);
// "src/a.cpp:12" (or just the file when the line is unknown).
std::string locationText(const ReportFinding &finding);

// Escaping helpers, exposed for the tests.
std::string htmlEscape(std::string_view text);
std::string markdownEscape(std::string_view text);
std::string csvField(std::string_view text);
// https link to `path` (relative, percent-encoded) at `line` for a GitHub or GitLab
// repository URL at `revision`; empty when the URL is not one of those.
std::string sourceLink(const std::string &repositoryUri, const std::string &revision,
                       const std::string &encodedPath, unsigned line);

}  // namespace attest
