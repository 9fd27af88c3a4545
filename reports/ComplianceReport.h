// The compliance report for auditors and assessors: a per-control view of one or
// several attest SARIF files (never a rescan), rendered as HTML, Markdown, a JSON
// summary, or CASA per-CWE CSV. The model is built in ComplianceReport.cpp (reading the
// SARIF with core/SarifReader.h, as merge does); the renderers are ReportHtml.cpp,
// ReportMarkdown.cpp and ReportData.cpp (JSON, CSV).
//
// Model: for each framework (SOC 2, CASA, ASVS, CWE, OWASP Top 10) every control the
// rule catalog defines, with the rules of the run that test it and a status:
//   fail          unsuppressed results at or above the gate threshold (failOn)
//   accepted risk no open result at the threshold, suppressed ones (justifications listed)
//   observations  only unsuppressed results below the threshold
//   pass          a rule that covers the control fully (catalog `covers: full`) ran on a
//                 complete scan, and no rule that tests it found anything
//   no findings (partial coverage)  as pass, but only rules that cover it partly ran
//   evidence      no rule tests it; the scan and its gate ran (SOC 2 CC7.1)
//   not assessed  no rule enabled in the run tests it, or the scan is incomplete (a TU
//                 skipped, crashed, timed out or failed to parse, executionSuccessful
//                 false): then nothing but "fail" is claimed anywhere
#pragma once

#include "rules/Catalog.h"
#include "rules/Coverage.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

enum class ControlStatus { Pass, Fail, AcceptedRisk, Observations, NoFindingsPartial, Evidence, NotAssessed };
std::string_view statusLabel(ControlStatus status);  // "Pass", "Accepted risk", ...
std::string_view statusKey(ControlStatus status);    // "pass", "accepted-risk", ... (JSON)
// Every status, in the order the summaries show them.
const std::vector<ControlStatus> &allStatuses();

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
  bool gating = false;  // unsuppressed and at or above the gate threshold: fails its controls
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
  std::vector<std::string> fullRules;     // those of `rules` that cover it fully
  std::vector<std::string> catalogRules;  // every catalog rule that maps to it
  ControlStatus status = ControlStatus::NotAssessed;
  std::string notAssessedReason;
  std::string coverageNote;  // no findings, partial coverage: which rules cover which part
  std::vector<std::string> evidence;  // `evidence: sast-gate`: that the scan and its gate ran
  LevelCounts open;          // unsuppressed findings
  LevelCounts gating;        // unsuppressed findings at or above the gate threshold
  LevelCounts observations;  // unsuppressed findings below it
  LevelCounts suppressed;    // suppressed findings
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
  std::string failOn;  // the gate threshold the run recorded (configSettings failOn), else "error"
  std::optional<int> exitCode;  // invocation exitCode, when recorded
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
  bool executionSuccessful = true;  // every invocation said so (false: a run or a merge knew it was short)
  // TUs not analysed completely, from the notifications (tu-skipped, tu-crashed,
  // parse-error, tu-timeout, tu-out-of-memory): the file, or the message without one.
  std::vector<std::string> incomplete;
  std::vector<std::string> incompleteReasons;  // executionSuccessful false: the notifications that say why
  bool complete() const {
    return executionSuccessful && tusFailedToParse == 0 && tusCrashed == 0 && tusSkipped == 0 && incomplete.empty();
  }
  unsigned tusIncomplete() const;  // planned TUs not analysed completely
  unsigned tusTotal() const;       // the plan's size, as far as the SARIF tells it
  unsigned tusComplete() const;    // tusTotal() - tusIncomplete() (and no more than analysed)
  bool haveCounts = false;         // the SARIF recorded tusScanned
};

// The CI gate as the SARIF shows it: evidence for the controls marked sast-gate.
struct GateEvidence {
  std::string threshold = "error";  // the strictest failOn of the runs ("none" is reported as error)
  bool thresholdWasNone = false;    // a run had the gate off
  std::string result;               // pass | fail | incomplete
  unsigned gatingFindings = 0;      // unsuppressed, at or above the threshold, not baselined
  std::vector<int> exitCodes;       // as the invocations recorded them
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

// SOC 2 Type II covers a period: the controls over a series of scans (the CI's history,
// `attest report --period`), ordered by the scans' run time. A control's failure episode
// starts with the first run in which it fails and ends (fixed) with the first later run
// that assessed it without failing; one open at the last run is open at period end.
struct FailureEpisode {
  std::string firstSeen, fixed;  // run end times (UTC); fixed empty while open
  std::string timeToFix;         // "2 d 3 h", empty while open
};
struct ControlHistory {
  std::string framework, id, title;
  std::vector<ControlStatus> statuses;  // one per run, in time order
  std::vector<FailureEpisode> episodes;
  bool openAtEnd = false;
};
struct PeriodReport {
  struct Run {
    std::string input, endTimeUtc, commit;
  };
  std::vector<Run> runs;                  // in time order
  std::vector<ControlHistory> controls;   // every control of the frameworks shown
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
  GateEvidence gate;
  std::optional<PeriodReport> period;  // --period: this report is of the last run
};

// "2 d 3 h" between two SARIF times; empty when either is not one.
std::string durationText(const std::string &fromUtc, const std::string &toUtc);

// "Not assessed (scan incomplete: 3 of 4 TUs)", "No findings (partial coverage: ...)":
// the status with the reason that qualifies it.
std::string statusText(const Control &control);

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
// `coverage` (the catalog's covers/evidence, rules/Coverage.h) is what lets a control
// pass; without it every rule covers its controls partly and no control has evidence.
bool buildComplianceReport(const std::vector<SarifInput> &inputs, const SarifInput *previous,
                           const std::vector<std::string> &frameworks, const Catalog &catalog,
                           ComplianceReport &report, std::string &error,
                           const CatalogCoverage *coverage = nullptr);
// For --period: each input is one scan; the report is the last one's (by run time), with
// every control's status over the period. False with `error` as buildComplianceReport.
bool buildPeriodReport(const std::vector<SarifInput> &inputs, const std::vector<std::string> &frameworks,
                       const Catalog &catalog, const CatalogCoverage *coverage, ComplianceReport &report,
                       std::string &error);

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
