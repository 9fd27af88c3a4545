#include "core/SarifReader.h"
#include "reports/SarifWriter.h"
#include "reports/TextWriter.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace attest;
using nlohmann::json;

namespace {
ScanResult sampleScan() {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  scan.commandLine = {"attest", "scan", "--sarif", "out file.sarif"};
  Finding f;
  f.ruleId = "tls-verification-disabled";
  f.level = Level::Error;
  f.location = {"/repo/src/a b.cpp", 4, 3, 4, 20, 3, 20, "curl_easy_setopt()", "  curl_easy_setopt();"};
  f.message = "disabled";
  f.related.push_back({{"/repo/src/consts.h", 1, 1, 1, 10, 1, 10, "kVerify", "kVerify"}, "defined here"});
  Finding outside = f;
  outside.location.file = "/elsewhere/b.cpp";
  outside.related.clear();
  scan.findings = {f, outside};
  finalizeFindings(scan.findings, scan.sourceRoot);
  scan.notifications.push_back({"parse-error", Level::Warning, "1 compile error(s)", "/repo/src/x.cpp", 0});
  scan.summary.tusScanned = 3;
  scan.summary.tusFailedToParse = 1;
  return scan;
}

json build(const ScanResult &scan) {
  SarifOptions options;
  options.ruleIds = {"tls-verification-disabled"};
  options.git = GitInfo{"/repo", std::string(40, 'a'), "main", "https://example.com/repo.git"};
  options.workingDirectory = "/repo";
  return buildSarif(scan, builtinCatalog(), options);
}
}  // namespace

TEST(Sarif, TopLevelShape) {
  json sarif = build(sampleScan());
  EXPECT_EQ(sarif["version"], "2.1.0");
  const json &run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "attest");
  EXPECT_EQ(run["tool"]["driver"]["semanticVersion"], ATTEST_VERSION);
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo/");
  EXPECT_EQ(run["versionControlProvenance"][0]["revisionId"], std::string(40, 'a'));
  EXPECT_EQ(run["versionControlProvenance"][0]["branch"], "main");
  EXPECT_EQ(run["columnKind"], "utf16CodeUnits");
}

TEST(Sarif, RulesCarryMetadataAndTaxonomyRelationships) {
  json run = build(sampleScan())["runs"][0];
  const json &rule = run["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "tls-verification-disabled");
  EXPECT_EQ(rule["properties"]["security-severity"], "7.4");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  auto tags = rule["properties"]["tags"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(tags.begin(), tags.end(), "external/cwe/cwe-295"), tags.end());
  EXPECT_NE(std::find(tags.begin(), tags.end(), "security"), tags.end());
  EXPECT_EQ(rule["helpUri"], std::string(ATTEST_INFORMATION_URI) + "/blob/v" + ATTEST_VERSION +
                                "/docs/rules/tls-verification-disabled.md")
      << "rule help is the page of this version, not of main";
  // The catalog's own references to attest's documentation are versioned the same way.
  for (const Rule &r : builtinCatalog().rules)
    for (const std::string &reference : r.references)
      EXPECT_EQ(reference.find("/blob/main/"), std::string::npos) << r.id << ": " << reference;

  std::map<std::string, std::string> taxonomyGuid;
  for (const json &t : run["taxonomies"]) taxonomyGuid[t["name"]] = t["guid"];
  for (const char *name : {"CWE", "OWASP ASVS", "CASA", "SOC 2 TSC", "OWASP Top 10"})
    EXPECT_TRUE(taxonomyGuid.count(name)) << name;
  bool cwe295 = false, soc2 = false;
  for (const json &rel : rule["relationships"]) {
    std::string tax = rel["target"]["toolComponent"]["name"];
    EXPECT_EQ(rel["target"]["toolComponent"]["guid"], taxonomyGuid[tax]);
    EXPECT_FALSE(rel["target"].contains("index")) << "taxonomies are referenced by name and guid";
    if (tax == "CWE" && rel["target"]["id"] == "295") cwe295 = rel["kinds"][0] == "superset";
    if (tax == "SOC 2 TSC" && rel["target"]["id"] == "CC6.7") soc2 = rel["kinds"][0] == "relevant";
  }
  EXPECT_TRUE(cwe295);
  EXPECT_TRUE(soc2);
  std::string guid = taxonomyGuid["CWE"];
  EXPECT_EQ(guid[14], '5') << "RFC 4122 version 5";
  EXPECT_NE(std::string("89ab").find(guid[19]), std::string::npos) << "RFC 4122 variant";
}

TEST(Sarif, ResultsLocationsAndFingerprints) {
  json run = build(sampleScan())["runs"][0];
  ASSERT_EQ(run["results"].size(), 2u);
  const json &outside = run["results"][0];  // /elsewhere sorts before /repo
  EXPECT_EQ(outside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "file:///elsewhere/b.cpp");
  const json &r = run["results"][1];
  EXPECT_EQ(r["ruleIndex"], 0);
  const json &loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/a%20b.cpp");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(loc["region"]["startLine"], 4);
  EXPECT_EQ(loc["region"]["endColumn"], 20);
  EXPECT_EQ(loc["contextRegion"]["snippet"]["text"], "  curl_easy_setopt();");
  EXPECT_TRUE(r["partialFingerprints"].contains("primaryLocationLineHash"));
  EXPECT_EQ(r["relatedLocations"][0]["message"]["text"], "defined here");
}

TEST(Sarif, InvocationRecordsNotificationsAndCommandLine) {
  json inv = build(sampleScan())["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["commandLine"], "attest scan --sarif 'out file.sarif'");
  EXPECT_EQ(inv["executionSuccessful"], false) << "a TU failed to parse: the scan is incomplete";
  EXPECT_EQ(inv["toolExecutionNotifications"][0]["descriptor"]["id"], "parse-error");
  EXPECT_EQ(inv["properties"]["tusFailedToParse"], 1);
  EXPECT_EQ(inv["startTimeUtc"].get<std::string>().back(), 'Z');
}

TEST(Sarif, InvalidUtf8NeverBreaksTheJson) {
  ScanResult scan = sampleScan();
  scan.findings[0].message = std::string("bad \xFF byte");
  std::string path = testing::TempDir() + "/utf8.sarif", error;
  ASSERT_TRUE(writeJsonAtomically(build(scan), path, error)) << error;
  std::ifstream in(path);
  EXPECT_FALSE(json::parse(in, nullptr, false).is_discarded());
}

TEST(Sarif, AtomicWriteRefusesMissingDirectory) {
  std::string error;
  EXPECT_FALSE(writeFileAtomically("x", "/no/such/dir/out.sarif", error));
  EXPECT_NE(error.find("does not exist"), std::string::npos);
}

TEST(Text, CompilerStyleLines) {
  ScanResult scan = sampleScan();
  std::string text = formatText(scan, "/repo");
  EXPECT_NE(text.find("src/a b.cpp:4:3: error: disabled [tls-verification-disabled]\n"), std::string::npos) << text;
  EXPECT_NE(text.find("/elsewhere/b.cpp:4:3: error:"), std::string::npos);
  scan.summary.tusPlanned = 3;
  std::string summary = formatSummary(scan);
  EXPECT_NE(summary.find("attest: 3 TU(s) planned, 2 analysed, 1 incomplete; 3 TU(s) scanned, 1 failed to parse; "
                         "findings: 2 error, 0 warning, 0 note"),
            std::string::npos) << summary;
}

// Times read back from SARIF (invocations' start and end): a year past what system_clock
// can hold, or a field out of range, is no time rather than an overflow (fuzz_baseline).
TEST(SarifReader, TimesOutOfRangeAreNoTime) {
  EXPECT_TRUE(attest::sarif::parseUtc("2026-12-04T21:30:00.123Z").has_value());
  EXPECT_FALSE(attest::sarif::parseUtc("4053-01-01T00:00:00Z").has_value());
  EXPECT_FALSE(attest::sarif::parseUtc("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(attest::sarif::parseUtc("2026-12-04T99:99:99Z").has_value());
  EXPECT_FALSE(attest::sarif::parseUtc("0001-01-01T00:00:00Z").has_value());
}

namespace attest {
namespace {
// Issue 19: each result names the CWE it is an instance of (result.taxa): the finding's own
// when its rule maps it, else the rule's first.
TEST(Sarif, EachResultNamesItsCwe) {
  ScanResult scan = sampleScan();
  Finding query = scan.findings.front();
  query.ruleId = "transport-cleartext-sensitive";
  query.properties["cwe"] = "598";
  Finding unmapped = query;
  unmapped.properties["cwe"] = "79";  // not one of the rule's: falls back to the rule's first
  scan.findings = {scan.findings.front(), query, unmapped};
  SarifOptions options;
  options.ruleIds = {"tls-verification-disabled", "transport-cleartext-sensitive"};
  json run = buildSarif(scan, builtinCatalog(), options)["runs"][0];
  std::vector<std::string> cwes;
  for (const json &result : run["results"]) {
    ASSERT_TRUE(result.contains("taxa")) << result.dump();
    EXPECT_EQ(result["taxa"][0]["toolComponent"]["name"], "CWE");
    cwes.push_back(result["taxa"][0]["id"]);
  }
  EXPECT_EQ(cwes, (std::vector<std::string>{"295", "598", "319"}));
  // The taxon each result names is one the run's CWE taxonomy lists.
  std::set<std::string> listed;
  for (const json &taxonomy : run["taxonomies"])
    if (taxonomy["name"] == "CWE")
      for (const json &taxon : taxonomy["taxa"]) listed.insert(taxon["id"]);
  for (const std::string &cwe : cwes) EXPECT_TRUE(listed.count(cwe)) << cwe;
}
}  // namespace
}  // namespace attest
