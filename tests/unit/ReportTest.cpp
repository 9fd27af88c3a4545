// The compliance report: the model built from SARIF (statuses, evidence, scope, trend)
// and the four writers (HTML, Markdown, JSON summary, CASA CSV), asserted on content.
// The SARIF inputs come from the real SARIF writer over a small test catalog, so the
// tests do not move when rules are added to the built-in catalog.
#include "driver/ReportCommand.h"
#include "reports/ComplianceReport.h"
#include "core/Fingerprint.h"
#include "reports/SarifWriter.h"
#include "core/SourceText.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

using namespace attest;
using nlohmann::json;

namespace {

// Five rules: tls (findings -> fail), crypto (only suppressed -> accepted risk),
// logging (enabled, no finding: pass where it covers the control fully, CWE-532, and
// "no findings (partial coverage)" where it does not, SOC 2 CC7.2), secrets (in the
// catalog, not enabled -> not assessed), suppression-check (meta, CC8.1 partly);
// CWE-330 and SOC 2 P4.1 are tested by no rule at all, CC7.1 gets the gate's evidence.
const char *kCatalog = R"(version: 1
taxonomies:
  cwe:
    - {id: "295", name: "Improper Certificate Validation"}
    - {id: "327", name: "Use of a Broken or Risky Cryptographic Algorithm"}
    - {id: "330", name: "Use of Insufficiently Random Values"}
    - {id: "532", name: "Insertion of Sensitive Information into Log File"}
    - {id: "798", name: "Use of Hard-coded Credentials"}
  asvs:
    - {id: "V9.2.1", name: "Verify that connections use trusted TLS certificates.", levels: "L2,L3"}
    - {id: "V6.2.5", name: "Verify that known insecure block modes are not used.", levels: "L2,L3"}
    - {id: "V7.1.1", name: "Verify that the application does not log credentials.", levels: "L1,L2,L3"}
    - {id: "V2.10.4", name: "Verify passwords are not included in the source code.", levels: "L2,L3"}
  casa:
    - {id: "4.1.2", name: "Connections shall use trusted TLS certificates."}
    - {id: "4.1.3", name: "No instances of weak cryptography."}
    - {id: "6.5.1", name: "The application shall not log credentials."}
    - {id: "6.7.1", name: "The application shall securely store secrets."}
  soc2:
    - {id: "CC6.1", name: "logical access security protects information assets"}
    - {id: "CC6.7", name: "protects information during transmission"}
    - {id: "CC7.1", name: "detection procedures identify vulnerabilities", evidence: sast-gate}
    - {id: "CC7.2", name: "monitors system components for anomalies"}
    - {id: "CC8.1", name: "changes are tested before implementation", evidence: sast-gate}
    - {id: "C1.1", name: "identifies and maintains confidential information"}
    - {id: "P4.1", name: "use of personal information"}
  owaspTop10:
    - {id: "A02", name: "Cryptographic Failures"}
    - {id: "A07", name: "Identification and Authentication Failures"}
    - {id: "A09", name: "Security Logging and Monitoring Failures"}
    - {id: "A03", name: "Injection"}
rules:
  - id: tls-verification-disabled
    name: TlsVerificationDisabled
    shortDescription: "TLS certificate verification is disabled"
    fullDescription: "f"
    help: "h"
    level: error
    securitySeverity: 7.4
    precision: high
    tags: [tls]
    cwe: ["295"]
    asvs: ["V9.2.1"]
    casa: ["4.1.2"]
    soc2: ["CC6.7"]
    owaspTop10: ["A07"]
    covers:
      cwe: {"295": full}
  - id: crypto-weak-hash
    name: CryptoWeakHash
    shortDescription: "A weak hash is used"
    fullDescription: "f"
    help: "h"
    level: warning
    securitySeverity: 5.0
    precision: high
    tags: [crypto]
    cwe: ["327"]
    asvs: ["V6.2.5"]
    casa: ["4.1.3"]
    soc2: ["CC6.1"]
    owaspTop10: ["A02"]
  - id: logging-secret
    name: LoggingSecret
    shortDescription: "A secret is logged"
    fullDescription: "f"
    help: "h"
    level: warning
    securitySeverity: 5.0
    precision: medium
    tags: [logging]
    cwe: ["532"]
    asvs: ["V7.1.1"]
    casa: ["6.5.1"]
    soc2: ["CC7.2"]
    owaspTop10: ["A09"]
    covers:
      cwe: {"532": full}
      asvs: {V7.1.1: full}
      casa: {"6.5.1": full}
      soc2: {CC7.2: partial}
  - id: secrets-hardcoded
    name: SecretsHardcoded
    shortDescription: "A credential is hard-coded"
    fullDescription: "f"
    help: "h"
    level: error
    securitySeverity: 8.0
    precision: high
    tags: [secrets]
    cwe: ["798"]
    asvs: ["V2.10.4"]
    casa: ["6.7.1"]
    soc2: ["C1.1"]
    owaspTop10: ["A07"]
  - id: suppression-check
    name: SuppressionCheck
    shortDescription: "A suppression lacks a justification"
    fullDescription: "f"
    help: "h"
    level: warning
    securitySeverity: 1.0
    precision: very-high
    tags: [meta]
    cwe: []
    asvs: []
    casa: []
    soc2: ["CC8.1"]
    owaspTop10: []
    covers:
      soc2: {CC8.1: partial}
)";

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

const Catalog &testCatalog() {
  static const Catalog catalog = [] {
    std::string error;
    auto parsed = parseCatalog(kCatalog, "report-test.yaml", error);
    if (!parsed) {
      ADD_FAILURE() << error;
      return Catalog{};
    }
    return *parsed;
  }();
  return catalog;
}

const CatalogCoverage &testCoverage() {
  static const CatalogCoverage coverage = [] {
    std::string error;
    auto parsed = parseCatalogCoverage(kCatalog, "report-test.yaml", error);
    if (!parsed) {
      ADD_FAILURE() << error;
      return CatalogCoverage{};
    }
    return *parsed;
  }();
  return coverage;
}

Finding finding(const std::string &rule, Level level, const std::string &file, unsigned line,
                const std::string &message, const std::string &snippet, const std::string &function) {
  Finding f;
  f.ruleId = rule;
  f.level = level;
  f.location = {file, line, 3, line, 20, 3, 20, snippet, snippet};
  f.message = message;
  f.function = function;
  return f;
}

// `brokenTu`: one of the four TUs failed to parse, so the scan is incomplete.
ScanResult sampleScan(bool withSecondTlsFinding = true, bool brokenTu = false) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  scan.commandLine = {"attest", "scan", "src", "--sarif", "out.sarif"};
  scan.findings.push_back(finding("tls-verification-disabled", Level::Error, "/repo/src/client.cpp", 4,
                                  "peer verification off <script>alert(1)</script>",
                                  "curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); // <script>x</script>", "fetch"));
  if (withSecondTlsFinding)
    scan.findings.push_back(finding("tls-verification-disabled", Level::Error, "/repo/src/<script>.cpp", 9,
                                    "verify_none", "ctx.set_verify_mode(verify_none);", "connect"));
  scan.findings.push_back(finding("crypto-weak-hash", Level::Warning, "/repo/src/cache.cpp", 12, "MD5 is used",
                                  "MD5(data, n, out);", "cacheKey"));
  finalizeFindings(scan.findings, scan.sourceRoot);
  if (brokenTu) {
    scan.notifications.push_back({"parse-error", Level::Warning, "2 compile error(s): unknown type name", "/repo/src/broken.cpp", 0});
    scan.summary.tusFailedToParse = 1;
    scan.summary.failedFiles = {"/repo/src/broken.cpp"};
  }
  scan.summary.tusPlanned = 4;
  scan.summary.tusScanned = 4;
  scan.summary.scannedFiles = {"/repo/src/broken.cpp", "/repo/src/cache.cpp", "/repo/src/client.cpp", "/repo/src/<script>.cpp"};
  return scan;
}

json sarifOf(const ScanResult &scan, std::vector<std::string> rules = {"tls-verification-disabled", "crypto-weak-hash",
                                                                         "logging-secret", "suppression-check"}) {
  SarifOptions options;
  options.ruleIds = std::move(rules);
  options.git = GitInfo{"/repo", kCommit, "main", "https://github.com/acme/payments.git"};
  options.workingDirectory = "/repo";
  json sarif = buildSarif(scan, testCatalog(), options);
  // Suppress the weak-hash finding (SARIF suppressions, as attest will write them).
  for (json &result : sarif["runs"][0]["results"])
    if (result["ruleId"] == "crypto-weak-hash")
      result["suppressions"] = {{{"kind", "inSource"},
                                 {"justification", "MD5 keys a local cache only, never security <b>bold</b>"}}};
  return sarif;
}

SarifInput input(const json &sarif, const std::string &path = "scan.sarif") { return {path, sarif.dump(2)}; }

ComplianceReport build(const std::vector<SarifInput> &inputs, const SarifInput *previous = nullptr,
                       const std::vector<std::string> &frameworks = {}) {
  ComplianceReport report;
  std::string error;
  EXPECT_TRUE(buildComplianceReport(inputs, previous, frameworks, testCatalog(), report, error, &testCoverage())) << error;
  return report;
}

const Control &control(const ComplianceReport &report, const std::string &fw, const std::string &id) {
  for (const Framework &f : report.frameworks)
    if (f.key == fw)
      for (const Control &c : f.controls)
        if (c.id == id) return c;
  static Control missing;
  ADD_FAILURE() << "no control " << fw << " " << id;
  return missing;
}

// The HTML of one table row, found by its id attribute.
std::string rowWithId(const std::string &html, const std::string &id) {
  size_t at = html.find("id=\"" + id + "\"");
  if (at == std::string::npos) return {};
  size_t start = html.rfind("<tr", at), end = html.find("</tr>", at);
  return html.substr(start, end - start);
}

std::string csvLine(const std::string &csv, const std::string &cwe) {
  size_t at = csv.find("\r\n" + cwe + ",");
  if (at == std::string::npos) return {};
  size_t end = csv.find("\r\n", at + 2);
  return csv.substr(at + 2, end - at - 2);
}

}  // namespace

TEST(Report, StatusOfEachControl) {
  ComplianceReport report = build({input(sarifOf(sampleScan()))});
  ASSERT_EQ(report.frameworks.size(), 5u);

  const Control &fail = control(report, "soc2", "CC6.7");
  EXPECT_EQ(fail.status, ControlStatus::Fail);
  EXPECT_EQ(fail.open.error, 2u);
  EXPECT_EQ(fail.rules, std::vector<std::string>{"tls-verification-disabled"});
  EXPECT_EQ(fail.findings.size(), 2u);

  const Control &risk = control(report, "soc2", "CC6.1");
  EXPECT_EQ(risk.status, ControlStatus::AcceptedRisk);
  EXPECT_EQ(risk.open.total(), 0u);
  EXPECT_EQ(risk.suppressed.warning, 1u);
  ASSERT_EQ(risk.justifications.size(), 1u);
  EXPECT_NE(risk.justifications[0].find("MD5 keys a local cache only"), std::string::npos);

  // The logging rule covers CC7.2 only partly: nothing found is not a pass (issue 15 §9).
  const Control &monitoring = control(report, "soc2", "CC7.2");
  EXPECT_EQ(monitoring.status, ControlStatus::NoFindingsPartial);
  EXPECT_EQ(statusText(monitoring), "No findings (partial coverage: logging-secret covers part of it; no attest rule "
                                    "covers it fully)");
  // Nor does CC8.1 pass because the suppression check found nothing.
  EXPECT_EQ(control(report, "soc2", "CC8.1").status, ControlStatus::NoFindingsPartial);
  // CC7.1: no rule tests it; the scan and its gate are its evidence.
  const Control &detection = control(report, "soc2", "CC7.1");
  EXPECT_EQ(detection.status, ControlStatus::Evidence);
  std::string evidence;
  for (const std::string &line : detection.evidence) evidence += line + "\n";
  EXPECT_NE(evidence.find("Gate threshold: findings at level error or above fail"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("Gate result: fail, 2 unsuppressed findings"), std::string::npos) << evidence;
  EXPECT_NE(evidence.find("at commit " + kCommit), std::string::npos) << evidence;
  EXPECT_FALSE(control(report, "soc2", "CC8.1").evidence.empty());
  // Where it covers the control fully, nothing found is a pass.
  EXPECT_EQ(control(report, "cwe", "532").status, ControlStatus::Pass);
  EXPECT_EQ(control(report, "cwe", "532").fullRules, std::vector<std::string>{"logging-secret"});

  const Control &notEnabled = control(report, "soc2", "C1.1");
  EXPECT_EQ(notEnabled.status, ControlStatus::NotAssessed);
  EXPECT_NE(notEnabled.notAssessedReason.find("secrets-hardcoded"), std::string::npos) << notEnabled.notAssessedReason;
  const Control &noRule = control(report, "soc2", "P4.1");
  EXPECT_EQ(noRule.status, ControlStatus::NotAssessed);
  EXPECT_EQ(noRule.notAssessedReason, "no attest rule tests this control");

  // A07 is tested by an enabled rule with findings and a disabled one: it fails.
  EXPECT_EQ(control(report, "owasp-top10", "A07").status, ControlStatus::Fail);
  EXPECT_EQ(control(report, "owasp-top10", "A03").status, ControlStatus::NotAssessed);
  EXPECT_EQ(control(report, "asvs", "V6.2.5").status, ControlStatus::AcceptedRisk);
  EXPECT_EQ(control(report, "casa", "6.5.1").status, ControlStatus::Pass);
  EXPECT_EQ(control(report, "owasp-top10", "A09").status, ControlStatus::NoFindingsPartial);
  EXPECT_EQ(control(report, "cwe", "330").status, ControlStatus::NotAssessed);
  // Titles come from the SARIF taxonomies, and from the catalog for controls no rule maps to.
  EXPECT_EQ(control(report, "cwe", "295").title, "Improper Certificate Validation");
  EXPECT_EQ(control(report, "cwe", "330").title, "Use of Insufficiently Random Values");
  EXPECT_EQ(control(report, "asvs", "V9.2.1").levels, "L2,L3");
}

TEST(Report, FrameworkSelection) {
  ComplianceReport report = build({input(sarifOf(sampleScan()))}, nullptr, {"casa"});
  ASSERT_EQ(report.frameworks.size(), 1u);
  EXPECT_EQ(report.frameworks[0].key, "casa");
  EXPECT_FALSE(report.casa.empty()) << "CASA per-CWE rows whatever the framework";
  ComplianceReport error;
  std::string message;
  EXPECT_FALSE(buildComplianceReport({input(sarifOf(sampleScan()))}, nullptr, {"pci"}, testCatalog(), error, message));
  EXPECT_NE(message.find("unknown framework 'pci'"), std::string::npos);
}

TEST(Report, EvidenceAndScope) {
  SarifInput in = input(sarifOf(sampleScan(true, /*brokenTu=*/true)), "shard-1.sarif");
  ComplianceReport report = build({in});
  const EvidenceSummary &e = report.evidence;
  EXPECT_EQ(e.repository, "https://github.com/acme/payments.git");
  EXPECT_EQ(e.commit, kCommit);
  EXPECT_EQ(e.branch, "main");
  EXPECT_EQ(e.toolVersion, ATTEST_VERSION);
  EXPECT_EQ(e.catalogSha256, testCatalog().sha256);
  EXPECT_EQ(e.startTimeUtc.back(), 'Z');
  EXPECT_EQ(e.ruleIds, (std::vector<std::string>{"tls-verification-disabled", "crypto-weak-hash", "logging-secret",
                                                 "suppression-check"}));
  ASSERT_EQ(report.inputs.size(), 1u);
  EXPECT_EQ(report.inputs[0].sha256, sha256Hex(in.content));
  EXPECT_EQ(report.scope.tusScanned, 4u);
  EXPECT_EQ(report.scope.tusFailedToParse, 1u);
  EXPECT_EQ(report.scope.failedToParse, std::vector<std::string>{"src/broken.cpp"});
  EXPECT_EQ(report.scope.scannedFiles.size(), 4u);
  EXPECT_FALSE(report.scope.complete());
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings[0].find("3 of 4 planned translation units analysed completely, 1 translation unit failed "
                                    "to parse"),
            std::string::npos)
      << report.warnings[0];

  std::string html = renderHtml(report);
  for (const std::string &needle :
       {std::string("https://github.com/acme/payments.git"), kCommit, std::string("<code>main</code>"),
        e.startTimeUtc, e.endTimeUtc, std::string("attest version"), std::string(ATTEST_VERSION),
        testCatalog().sha256, sha256Hex(in.content), std::string("shard-1.sarif"),
        std::string("Translation units that failed to parse (1)"), std::string("src/broken.cpp"),
        std::string("tls-verification-disabled</span>"), std::string("Baseline")})
    EXPECT_NE(html.find(needle), std::string::npos) << needle;

  std::string md = renderMarkdown(report);
  for (const std::string &needle :
       {std::string("| Commit | <code>") + kCommit, std::string("| Branch | <code>main</code>"),
        std::string("| Scan started (UTC) | ") + e.startTimeUtc, sha256Hex(in.content),
        std::string("| Failed to parse | 1 |"), std::string("<code>src/broken.cpp</code>"),
        std::string("| Rule catalog SHA-256 | <code>") + testCatalog().sha256})
    EXPECT_NE(md.find(needle), std::string::npos) << needle;

  json summary = renderJsonSummary(report);
  EXPECT_EQ(summary["runs"][0]["revisionId"], kCommit);
  EXPECT_EQ(summary["inputs"][0]["sha256"], sha256Hex(in.content));
  EXPECT_EQ(summary["scope"]["failedToParse"][0], "src/broken.cpp");
  EXPECT_EQ(summary["scope"]["complete"], false);
}

TEST(Report, HtmlShowsEachStatusInItsRow) {
  std::string html = renderHtml(build({input(sarifOf(sampleScan()))}));
  EXPECT_NE(rowWithId(html, "c-soc2-CC6-7").find("badge fail"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC6-7").find("2 errors"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC6-1").find("badge risk"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC7-2").find("badge part"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC7-2").find("logging-secret covers part of it"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-cwe-532").find("badge pass"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC7-1").find("badge evid"), std::string::npos);
  EXPECT_NE(html.find("Gate result: fail"), std::string::npos);
  std::string c11 = rowWithId(html, "c-soc2-C1-1");
  EXPECT_NE(c11.find("not enabled in this scan: secrets-hardcoded"), std::string::npos) << c11;
  EXPECT_NE(rowWithId(html, "c-cwe-330").find("no attest rule tests this control"), std::string::npos);
  EXPECT_NE(html.find("Accepted-risk justifications"), std::string::npos);
  EXPECT_NE(html.find("MD5 keys a local cache only, never security &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  // SOC 2 is a suggested mapping, and says so.
  size_t soc2 = html.find("id=\"fw-soc2\"");
  ASSERT_NE(soc2, std::string::npos);
  EXPECT_NE(html.find("Suggested mapping.", soc2), std::string::npos);
  EXPECT_NE(html.find("AICPA publishes no mapping"), std::string::npos);
  // Self-contained: no script, no external resource, print CSS with page breaks.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("section.framework{break-before:page}"), std::string::npos);
  EXPECT_NE(html.find("<nav class=\"toc\""), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Findings by rule family and level"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(Report, ScriptInMessageSnippetAndPathIsEscaped) {
  ComplianceReport report = build({input(sarifOf(sampleScan()))});
  bool sawPath = false;
  for (const ReportFinding &f : report.findings) sawPath |= f.file == "src/<script>.cpp";
  ASSERT_TRUE(sawPath) << "the test needs a path holding <script>";

  std::string html = renderHtml(report);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("peer verification off &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("// &lt;script&gt;x&lt;/script&gt;"), std::string::npos) << "snippet";
  EXPECT_NE(html.find("src/&lt;script&gt;.cpp:9"), std::string::npos) << "path";

  std::string md = renderMarkdown(report);
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_NE(md.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(md.find("src/&lt;script&gt;.cpp:9"), std::string::npos);

  std::string csv = renderCasaCsv(report);
  EXPECT_EQ(csv.find("<script"), std::string::npos);
  // JSON is data: the text is kept, quoted by the JSON writer.
  json summary = json::parse(renderJsonSummary(report).dump());
  bool found = false;
  for (const json &f : summary["findings"]) found |= f["message"] == "peer verification off <script>alert(1)</script>";
  EXPECT_TRUE(found);
}

TEST(Report, LinksToTheSourceLine) {
  ComplianceReport report = build({input(sarifOf(sampleScan()))});
  std::string html = renderHtml(report);
  std::string link = "https://github.com/acme/payments/blob/" + kCommit + "/src/client.cpp#L4";
  EXPECT_NE(html.find("href=\"" + link + "\""), std::string::npos) << link;
  EXPECT_NE(renderMarkdown(report).find("(<" + link + ">)"), std::string::npos);
  // The path with '<' is percent-encoded in SARIF and stays encoded in the link.
  EXPECT_NE(html.find("/src/%3Cscript%3E.cpp#L9\""), std::string::npos);
}

TEST(Report, SourceLinkOnlyForHttpsGitHubAndGitLab) {
  EXPECT_EQ(sourceLink("https://github.com/a/b.git", kCommit, "src/x.cpp", 3),
            "https://github.com/a/b/blob/" + kCommit + "/src/x.cpp#L3");
  EXPECT_EQ(sourceLink("https://gitlab.com/g/sub/p", kCommit, "x.cpp", 1),
            "https://gitlab.com/g/sub/p/-/blob/" + kCommit + "/x.cpp#L1");
  EXPECT_EQ(sourceLink("git@github.com:a/b.git", kCommit, "x.cpp", 1), "https://github.com/a/b/blob/" + kCommit + "/x.cpp#L1");
  EXPECT_EQ(sourceLink("http://github.com/a/b", kCommit, "x.cpp", 1), "");
  EXPECT_EQ(sourceLink("https://example.com/a/b", kCommit, "x.cpp", 1), "");
  EXPECT_EQ(sourceLink("file:///repo/", kCommit, "x.cpp", 1), "");
  EXPECT_EQ(sourceLink("https://github.com/a/b\" onmouseover=\"x", kCommit, "x.cpp", 1), "");
  EXPECT_EQ(sourceLink("https://github.com/a/b", "main\"><x", "x.cpp", 1), "");
  EXPECT_EQ(sourceLink("https://github.com/a/b", kCommit, "x.cpp", 0), "");
  // Brackets end a Markdown link: encoded (found by fuzz_report_strings).
  EXPECT_EQ(sourceLink("https://github.com/a/b", kCommit, "d/](x)[y]|.cpp", 2),
            "https://github.com/a/b/blob/" + kCommit + "/d/%5D%28x%29%5By%5D%7C.cpp#L2");
}

TEST(Report, CasaCsvRowsPerCwe) {
  std::string csv = renderCasaCsv(build({input(sarifOf(sampleScan()))}));
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")), "cwe_id,cwe_name,status,rules,findings,errors,warnings,notes,suppressed");
  EXPECT_EQ(csvLine(csv, "CWE-295"), "CWE-295,Improper Certificate Validation,FAIL,tls-verification-disabled,2,2,0,0,0");
  EXPECT_EQ(csvLine(csv, "CWE-327"),
            "CWE-327,Use of a Broken or Risky Cryptographic Algorithm,ACCEPTED RISK,crypto-weak-hash,0,0,0,0,1");
  EXPECT_EQ(csvLine(csv, "CWE-532"), "CWE-532,Insertion of Sensitive Information into Log File,PASS,logging-secret,0,0,0,0,0");
  // Not enabled in the run, and tested by no rule at all: NOT TESTED, never PASS.
  EXPECT_EQ(csvLine(csv, "CWE-798"), "CWE-798,Use of Hard-coded Credentials,NOT TESTED,,0,0,0,0,0");
  EXPECT_EQ(csvLine(csv, "CWE-330"), "CWE-330,Use of Insufficiently Random Values,NOT TESTED,,0,0,0,0,0");
  size_t rows = 0;
  for (size_t at = csv.find("\r\n"); at != std::string::npos && at + 2 < csv.size(); at = csv.find("\r\n", at + 2)) ++rows;
  EXPECT_EQ(rows, testCatalog().taxonomy("cwe")->taxa.size());
}

TEST(Report, CsvFieldsAreQuotedAndNeverFormulas) {
  EXPECT_EQ(csvField("plain"), "plain");
  EXPECT_EQ(csvField("a,b"), "\"a,b\"");
  EXPECT_EQ(csvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvField("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csvField("@SUM(A1)"), "\"'@SUM(A1)\"");
}

TEST(Report, MarkdownHasTablesAndDetails) {
  std::string md = renderMarkdown(build({input(sarifOf(sampleScan()))}));
  EXPECT_NE(md.find("| Framework | Fail | Accepted risk | Observations | Pass | Partial | Supported by evidence | Not "
                    "assessed |"),
            std::string::npos);
  EXPECT_NE(md.find("| **CC6.7** | ❌ **Fail** |"), std::string::npos);
  EXPECT_NE(md.find("| **CC6.1** | ⚠️ Accepted risk |"), std::string::npos);
  EXPECT_NE(md.find("| **CC7.2** | ◐ No findings (partial coverage)<br><sub>logging-secret covers part of it"),
            std::string::npos);
  EXPECT_NE(md.find("| C1.1 | identifies and maintains confidential information | not enabled in this scan: secrets-hardcoded |"),
            std::string::npos);
  EXPECT_NE(md.find("| 2 errors (F1, F3) |"), std::string::npos) << "a control names its findings";
  EXPECT_NE(md.find("**Suggested mapping.**"), std::string::npos);
  EXPECT_NE(md.find("| CWE-330 | Use of Insufficiently Random Values | NOT TESTED |"), std::string::npos);
}

TEST(Report, JsonSummaryForGrcTools) {
  json summary = renderJsonSummary(build({input(sarifOf(sampleScan()))}));
  EXPECT_EQ(summary["schema"], "attest-compliance-summary/v1");
  std::map<std::string, std::string> soc2;
  for (const json &fw : summary["frameworks"])
    if (fw["key"] == "soc2") {
      for (const json &c : fw["controls"]) soc2[c["id"]] = c["status"];
      EXPECT_EQ(fw["suggestedMapping"], true);
      EXPECT_EQ(fw["summary"]["fail"], 1);
    }
  EXPECT_EQ(soc2["CC6.7"], "fail");
  EXPECT_EQ(soc2["CC6.1"], "accepted-risk");
  EXPECT_EQ(soc2["CC7.2"], "no-findings-partial-coverage");
  EXPECT_EQ(soc2["CC7.1"], "evidence");
  EXPECT_EQ(summary["gate"]["threshold"], "error");
  EXPECT_EQ(summary["gate"]["result"], "fail");
  EXPECT_EQ(soc2["C1.1"], "not-assessed");
  EXPECT_EQ(summary["totals"]["findings"]["error"], 2);
  EXPECT_EQ(summary["totals"]["suppressed"], 1);
}

TEST(Report, TrendAgainstPreviousScan) {
  // Previous: the first TLS finding and one that is gone now; current: two TLS findings.
  ScanResult old = sampleScan(/*withSecondTlsFinding=*/false);
  old.findings.push_back(finding("tls-verification-disabled", Level::Error, "/repo/src/legacy.cpp", 30, "old one",
                                 "SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, 0);", "legacy"));
  finalizeFindings(old.findings, old.sourceRoot);
  SarifInput previous = input(sarifOf(old), "previous.sarif");
  ComplianceReport report = build({input(sarifOf(sampleScan()))}, &previous);
  const Control &c = control(report, "soc2", "CC6.7");
  ASSERT_TRUE(c.trend.has_value());
  EXPECT_EQ(c.trend->added, 1u);
  EXPECT_EQ(c.trend->fixed, 1u);
  EXPECT_EQ(c.trend->unchanged, 1u);
  ASSERT_TRUE(report.previous.has_value());
  EXPECT_EQ(report.previous->sha256, sha256Hex(previous.content));
  EXPECT_EQ(report.previous->total.added, 1u);
  EXPECT_EQ(report.previous->total.fixed, 1u);
  EXPECT_EQ(report.previous->total.unchanged, 2u);  // the TLS one and the suppressed weak hash
  EXPECT_FALSE(control(report, "soc2", "C1.1").trend.has_value()) << "no trend for a control not assessed";
  std::string html = renderHtml(report);
  EXPECT_NE(html.find("New / fixed / unchanged"), std::string::npos);
  EXPECT_NE(rowWithId(html, "c-soc2-CC6-7").find("1 / 1 / 1"), std::string::npos);
  EXPECT_NE(html.find("previous.sarif"), std::string::npos);
  json summary = renderJsonSummary(report);
  EXPECT_EQ(summary["previous"]["trend"]["new"], 1);
}

TEST(Report, SeveralInputsAreMerged) {
  ScanResult a = sampleScan(), b = sampleScan(false);
  b.sourceRoot = "/repo";
  b.findings = {finding("logging-secret", Level::Warning, "/repo/svc/log.cpp", 7, "token logged", "log(token);", "f")};
  finalizeFindings(b.findings, b.sourceRoot);
  SarifInput first = input(sarifOf(a), "shard-1.sarif"), second = input(sarifOf(b), "shard-2.sarif");
  ComplianceReport report = build({first, second});
  ASSERT_EQ(report.inputs.size(), 2u);
  EXPECT_EQ(report.inputs[1].sha256, sha256Hex(second.content));
  // The logged token is a warning, below the gate (error): an observation of CC7.2.
  EXPECT_EQ(control(report, "soc2", "CC7.2").status, ControlStatus::Observations);
  EXPECT_EQ(control(report, "soc2", "CC7.2").observations.warning, 1u);
  EXPECT_EQ(report.scope.tusScanned, 8u);
  std::string html = renderHtml(report);
  EXPECT_NE(html.find("shard-2.sarif"), std::string::npos);
  EXPECT_NE(html.find(sha256Hex(second.content)), std::string::npos);
}

TEST(Report, NothingScannedMeansNothingAssessed) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  ComplianceReport report = build({input(sarifOf(scan))});
  for (const Framework &fw : report.frameworks)
    for (const Control &c : fw.controls) EXPECT_EQ(c.status, ControlStatus::NotAssessed) << fw.key << " " << c.id;
  EXPECT_NE(renderCasaCsv(report).find("CWE-532,Insertion of Sensitive Information into Log File,NOT TESTED"), std::string::npos);
}

TEST(Report, SuppressionUnderReviewStillFails) {
  json sarif = sarifOf(sampleScan());
  sarif["runs"][0]["invocations"][0]["properties"]["configSettings"] = {{"failOn", "warning"}};  // the weak hash gates
  for (json &result : sarif["runs"][0]["results"])
    if (result["ruleId"] == "crypto-weak-hash") result["suppressions"][0]["status"] = "underReview";
  EXPECT_EQ(control(build({input(sarif)}), "soc2", "CC6.1").status, ControlStatus::Fail);
  for (json &result : sarif["runs"][0]["results"])
    if (result["ruleId"] == "crypto-weak-hash") result["suppressions"][0]["status"] = "rejected";
  EXPECT_EQ(control(build({input(sarif)}), "soc2", "CC6.1").status, ControlStatus::Fail);
}

TEST(Report, BaselineStateAbsentIsNotAFinding) {
  json sarif = sarifOf(sampleScan());
  for (json &result : sarif["runs"][0]["results"]) result["baselineState"] = "absent";
  sarif["runs"][0]["invocations"][0]["properties"]["baseline"] = {{"path", "baseline.sarif"}, {"sha256", "abc"}};
  ComplianceReport report = build({input(sarif)});
  EXPECT_TRUE(report.findings.empty());
  EXPECT_EQ(control(report, "cwe", "295").status, ControlStatus::Pass);
  EXPECT_EQ(control(report, "soc2", "CC6.7").status, ControlStatus::NoFindingsPartial);
  EXPECT_EQ(report.evidence.baseline, "baseline.sarif (sha256 abc)");
  EXPECT_NE(renderHtml(report).find("baseline.sarif (sha256 abc)"), std::string::npos);
}

TEST(Report, InvalidSarifIsAnError) {
  auto fails = [](const std::string &content) {
    ComplianceReport report;
    std::string error;
    EXPECT_FALSE(buildComplianceReport({{"bad.sarif", content}}, nullptr, {}, testCatalog(), report, error)) << content;
    EXPECT_EQ(error.rfind("bad.sarif: ", 0), 0u) << error;
    return error;
  };
  EXPECT_NE(fails("not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(fails("{}").find("no \"runs\" array"), std::string::npos);
  EXPECT_NE(fails(R"({"version":"2.0.0","runs":[]})").find("attest reads SARIF 2.1.0"), std::string::npos);
  EXPECT_NE(fails(R"({"version":"2.1.0","runs":[{"tool":{}}]})").find("tool.driver.name"), std::string::npos);
  EXPECT_NE(fails(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"attest"}},"results":{}}]})").find("not an array"),
            std::string::npos);
  EXPECT_NE(fails(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"attest"}},"results":[3]}]})").find("not an object"),
            std::string::npos);
  std::string error;
  SarifInput unused;
  EXPECT_FALSE(readSarifInput("/no/such/file.sarif", unused, error));
  EXPECT_NE(error.find("cannot read SARIF file '/no/such/file.sarif'"), std::string::npos);
}

TEST(Report, OutputIsDeterministic) {
  SarifInput in = input(sarifOf(sampleScan()));
  EXPECT_EQ(renderHtml(build({in})), renderHtml(build({in})));
  EXPECT_EQ(renderMarkdown(build({in})), renderMarkdown(build({in})));
}

TEST(Report, WriteReportFileForScanReport) {
  // `attest scan --report FILE` calls these: the format comes from the extension.
  std::string dir = testing::TempDir(), sarifPath = dir + "/report-test-input.sarif", error;
  json sarif = sarifOf(sampleScan());
  ASSERT_TRUE(writeJsonAtomically(sarif, sarifPath, error)) << error;
  ASSERT_TRUE(writeReportFile({sarifPath}, dir + "/report-test.html", error)) << error;
  SarifInput written;
  ASSERT_TRUE(readSarifInput(dir + "/report-test.html", written, error));
  EXPECT_NE(written.content.find("<!DOCTYPE html>"), std::string::npos);
  ASSERT_TRUE(readSarifInput(sarifPath, written, error));
  std::string digest = sha256Hex(written.content);

  // In memory (no --sarif file): the digest is that of the file --sarif would write.
  ASSERT_TRUE(writeReportFile(sarif, "(this scan)", dir + "/report-test.json", error)) << error;
  json summary = json::parse(std::ifstream(dir + "/report-test.json"));
  EXPECT_EQ(summary["inputs"][0]["path"], "(this scan)");
  EXPECT_EQ(summary["inputs"][0]["sha256"], digest);
  ASSERT_TRUE(writeReportFile({sarifPath}, dir + "/report-test.csv", error)) << error;
  ASSERT_TRUE(writeReportFile({sarifPath}, dir + "/report-test.md", error)) << error;

  EXPECT_FALSE(writeReportFile({sarifPath}, dir + "/report-test.txt", error));
  EXPECT_NE(error.find("cannot tell the format"), std::string::npos) << error;
  EXPECT_FALSE(writeReportFile({dir + "/missing.sarif"}, dir + "/report-test.html", error));
  EXPECT_NE(error.find("cannot read SARIF file"), std::string::npos) << error;
}

// Labels and titles from SARIF are cut at a character boundary (found by fuzz_report_strings:
// a control id ending in a 4-byte emoji made the HTML invalid UTF-8).
TEST(Report, Utf8TruncateKeepsCharactersWhole) {
  EXPECT_EQ(utf8Truncate("CWE-79", 15), "CWE-79");
  std::string lock = "\xF0\x9F\x94\x92";
  std::string cut = utf8Truncate("CWE-abcdefghij" + lock + "x", 15);  // the emoji spans bytes 14-17
  EXPECT_EQ(cut, "CWE-abcdefghij\xE2\x80\xA6");
  EXPECT_EQ(utf8Truncate("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xE2\x80\xA6");
}

// Issue 15 §9: an incomplete scan claims nothing but its findings. Each way the SARIF can
// say so: a parse error, executionSuccessful false, a TU timeout notification alone.
TEST(Report, IncompleteScanPassesNothing) {
  json parseError = sarifOf(sampleScan(true, /*brokenTu=*/true));
  json notSuccessful = sarifOf(sampleScan());
  notSuccessful["runs"][0]["invocations"][0]["executionSuccessful"] = false;
  json timedOut = sarifOf(sampleScan());
  json location = {{"physicalLocation", {{"artifactLocation", {{"uri", "src/cache.cpp"}, {"uriBaseId", "%SRCROOT%"}}}}}};
  json timeout = {{"level", "error"},
                  {"message", {{"text", "analysis timed out after 300 s"}}},
                  {"descriptor", {{"id", "tu-timeout"}}},
                  {"locations", json::array({location})}};
  timedOut["runs"][0]["invocations"][0]["toolExecutionNotifications"].push_back(timeout);
  struct Case {
    const char *name;
    json sarif;
    unsigned complete;
  };
  for (const Case &one : std::vector<Case>{{"parse error", parseError, 3u},
                                           {"executionSuccessful false", notSuccessful, 4u},
                                           {"timeout", timedOut, 3u}}) {
    const char *name = one.name;
    const json &sarif = one.sarif;
    unsigned complete = one.complete;
    SCOPED_TRACE(name);
    ComplianceReport report = build({input(sarif)});
    EXPECT_FALSE(report.scope.complete());
    for (const Framework &fw : report.frameworks)
      for (const Control &c : fw.controls)
        EXPECT_TRUE(c.status == ControlStatus::Fail || c.status == ControlStatus::NotAssessed ||
                    c.status == ControlStatus::Evidence)
            << fw.key << " " << c.id << " " << statusLabel(c.status);
    const Control &c = control(report, "cwe", "532");  // would pass on a complete scan
    EXPECT_EQ(statusText(c), "Not assessed (scan incomplete: " + std::to_string(complete) + " of 4 TUs)");
    EXPECT_EQ(control(report, "soc2", "CC6.7").status, ControlStatus::Fail) << "a finding is still a finding";
    EXPECT_EQ(control(report, "soc2", "CC6.1").status, ControlStatus::NotAssessed) << "accepted risk claims too much";
    EXPECT_EQ(report.gate.result, "fail");
    std::string html = renderHtml(report);
    EXPECT_EQ(html.find("badge pass"), std::string::npos);
    EXPECT_EQ(html.find("badge part"), std::string::npos);
    EXPECT_NE(html.find("scan incomplete: " + std::to_string(complete) + " of 4 TUs"), std::string::npos);
    EXPECT_EQ(renderCasaCsv(report).find(",PASS,"), std::string::npos);
    EXPECT_EQ(renderJsonSummary(report)["scope"]["complete"], false);
  }
  // Without any finding, the verdict says the scan was incomplete.
  ScanResult clean = sampleScan(true, true);
  clean.findings.clear();
  std::string html = renderHtml(build({input(sarifOf(clean))}));
  EXPECT_NE(html.find("Not assessed: scan incomplete (3 of 4 TUs)"), std::string::npos);
}

// Controls fail on findings at or above the gate threshold; lower ones are observations.
TEST(Report, FindingsBelowTheGateAreObservations) {
  ScanResult scan = sampleScan();
  scan.findings.push_back(finding("logging-secret", Level::Note, "/repo/src/log.cpp", 3, "token logged at debug level",
                                  "log_debug(token);", "trace"));
  finalizeFindings(scan.findings, scan.sourceRoot);
  json sarif = sarifOf(scan);
  ComplianceReport report = build({input(sarif)});
  const Control &c = control(report, "cwe", "532");
  EXPECT_EQ(c.status, ControlStatus::Observations);
  EXPECT_EQ(c.observations.note, 1u);
  EXPECT_EQ(c.gating.total(), 0u);
  EXPECT_EQ(control(report, "soc2", "CC7.2").status, ControlStatus::Observations);
  EXPECT_NE(rowWithId(renderHtml(report), "c-cwe-532").find("badge obs"), std::string::npos);

  // The same note fails the control when the scan's gate fails on notes.
  sarif["runs"][0]["invocations"][0]["properties"]["configSettings"] = {{"failOn", "note"}};
  ComplianceReport strict = build({input(sarif)});
  EXPECT_EQ(control(strict, "cwe", "532").status, ControlStatus::Fail);
  EXPECT_EQ(strict.gate.threshold, "note");
  // A gate turned off does not turn the report off: attest's default applies, and it says so.
  sarif["runs"][0]["invocations"][0]["properties"]["configSettings"] = {{"failOn", "none"}};
  ComplianceReport off = build({input(sarif)});
  EXPECT_EQ(off.gate.threshold, "error");
  EXPECT_EQ(control(off, "soc2", "CC6.7").status, ControlStatus::Fail);
  bool warned = false;
  for (const std::string &w : off.warnings) warned |= w.find("failOn: none") != std::string::npos;
  EXPECT_TRUE(warned);
}

// Coverage is this attest's catalog's word, not the SARIF's: a rule the catalog does not
// know covers nothing fully.
TEST(Report, UnknownRulesNeverPass) {
  json sarif = sarifOf(sampleScan());
  for (json &rule : sarif["runs"][0]["tool"]["driver"]["rules"])
    if (rule["id"] == "logging-secret") rule["id"] = "logging-other";
  ComplianceReport report = build({input(sarif)});
  const Control &c = control(report, "cwe", "532");
  EXPECT_EQ(c.rules, std::vector<std::string>{"logging-other"});
  EXPECT_EQ(c.status, ControlStatus::NoFindingsPartial);
  EXPECT_NE(c.coverageNote.find("logging-secret would cover it fully and did not run"), std::string::npos) << c.coverageNote;
}

// Without the catalog's coverage nothing passes and nothing has evidence: the safe default.
TEST(Report, WithoutCoverageNothingPasses) {
  ComplianceReport report;
  std::string error;
  ASSERT_TRUE(buildComplianceReport({input(sarifOf(sampleScan()))}, nullptr, {}, testCatalog(), report, error)) << error;
  EXPECT_EQ(control(report, "cwe", "532").status, ControlStatus::NoFindingsPartial);
  EXPECT_EQ(control(report, "soc2", "CC7.1").status, ControlStatus::NotAssessed);
}

// Issue 15 §9: each finding is listed once (under all findings), with links from every
// control it maps to; controls link to it, they do not repeat it.
TEST(Report, EachFindingIsListedOnce) {
  ComplianceReport report = build({input(sarifOf(sampleScan()))});
  const ReportFinding &f = report.findings[2];
  ASSERT_EQ(f.file, "src/client.cpp");
  ASSERT_GE(f.controls.size(), 5u) << "mapped to a control of every framework";
  auto count = [](const std::string &text, const std::string &needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  };
  std::string html = renderHtml(report), md = renderMarkdown(report);
  EXPECT_EQ(count(html, "peer verification off &lt;script&gt;"), 1u);
  EXPECT_EQ(count(md, "peer verification off &lt;script&gt;"), 1u);
  EXPECT_NE(rowWithId(html, "c-soc2-CC6-7").find("<a href=\"#F1\">F1</a>, <a href=\"#F3\">F3</a>"), std::string::npos);
  EXPECT_NE(rowWithId(html, "F3").find("<a href=\"#c-soc2-CC6-7\">CC6.7</a>"), std::string::npos) << rowWithId(html, "F3");
  EXPECT_NE(rowWithId(html, "F3").find("<a href=\"#c-cwe-295\">295</a>"), std::string::npos);
}

// Issue 15 §9, SOC 2 Type II: a series of scans shows each control over the period, by run
// time (not by the order given): first seen, fixed, time to fix, open at period end.
TEST(Report, PeriodShowsEachControlOverTime) {
  auto scanAt = [](const std::string &endTime, bool tlsFinding, bool loggingFinding, bool broken) {
    ScanResult scan = sampleScan(true, broken);
    std::erase_if(scan.findings, [&](const Finding &f) { return f.ruleId == "tls-verification-disabled" && !tlsFinding; });
    if (loggingFinding)
      scan.findings.push_back(finding("logging-secret", Level::Error, "/repo/src/log.cpp", 3, "token logged", "log(t);", "g"));
    finalizeFindings(scan.findings, scan.sourceRoot);
    json sarif = sarifOf(scan);
    sarif["runs"][0]["invocations"][0]["endTimeUtc"] = endTime;
    return input(sarif, "scan-" + endTime.substr(0, 10) + ".sarif");
  };
  // Given out of order: Jan 10 (TLS and log fail), Jan 1 (TLS fails), Jan 20 (log fails, a
  // TU broken: TLS not assessed, so not fixed), Jan 31 (log still fails, TLS fixed).
  std::vector<SarifInput> inputs = {scanAt("2026-01-10T12:00:00.000Z", true, true, false),
                                    scanAt("2026-01-01T12:00:00.000Z", true, false, false),
                                    scanAt("2026-01-20T12:00:00.000Z", false, true, true),
                                    scanAt("2026-01-31T18:30:00.000Z", false, true, false)};
  ComplianceReport report;
  std::string error;
  ASSERT_TRUE(buildPeriodReport(inputs, {}, testCatalog(), &testCoverage(), report, error)) << error;
  ASSERT_TRUE(report.period.has_value());
  ASSERT_EQ(report.period->runs.size(), 4u);
  EXPECT_EQ(report.period->runs[0].input, "scan-2026-01-01.sarif");
  EXPECT_EQ(report.period->runs[3].input, "scan-2026-01-31.sarif");
  auto history = [&](const std::string &fw, const std::string &id) {
    for (const ControlHistory &c : report.period->controls)
      if (c.framework == fw && c.id == id) return c;
    ADD_FAILURE() << fw << " " << id;
    return ControlHistory{};
  };
  ControlHistory tls = history("cwe", "295");
  ASSERT_EQ(tls.episodes.size(), 1u);
  EXPECT_EQ(tls.episodes[0].firstSeen, "2026-01-01T12:00:00.000Z");
  EXPECT_EQ(tls.episodes[0].fixed, "2026-01-31T18:30:00.000Z") << "the incomplete scan of Jan 20 fixed nothing";
  EXPECT_EQ(tls.episodes[0].timeToFix, "30 d 6 h");
  EXPECT_FALSE(tls.openAtEnd);
  EXPECT_EQ(tls.statuses[2], ControlStatus::NotAssessed);
  ControlHistory logging = history("cwe", "532");
  ASSERT_EQ(logging.episodes.size(), 1u);
  EXPECT_EQ(logging.episodes[0].firstSeen, "2026-01-10T12:00:00.000Z");
  EXPECT_TRUE(logging.episodes[0].fixed.empty());
  EXPECT_TRUE(logging.openAtEnd);
  EXPECT_TRUE(history("cwe", "330").episodes.empty());
  // The rest of the report is the last scan's.
  EXPECT_EQ(control(report, "cwe", "532").status, ControlStatus::Fail);
  EXPECT_EQ(report.inputs.size(), 1u);
  std::string md = renderMarkdown(report), html = renderHtml(report);
  EXPECT_NE(md.find("| cwe | 295 | 2026-01-01T12:00:00.000Z | 2026-01-31T18:30:00.000Z | 30 d 6 h | no |"), std::string::npos)
      << md.substr(0, 3000);
  EXPECT_NE(md.find("| cwe | 532 | 2026-01-10T12:00:00.000Z | — | — | **open** |"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"period\">"), std::string::npos);
  EXPECT_NE(html.find("2026-01-31 18:30:00 UTC"), std::string::npos);
  json summary = renderJsonSummary(report);
  EXPECT_EQ(summary["period"]["runs"].size(), 4u);
  EXPECT_EQ(durationText("2026-01-01T00:00:00Z", "2026-01-01T02:05:00Z"), "2 h 5 min");
  EXPECT_EQ(durationText("x", "2026-01-01T02:05:00Z"), "");
}
