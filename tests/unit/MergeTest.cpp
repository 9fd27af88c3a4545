// attest merge without a process (issue 15 §8): shard records written by the SARIF writer,
// read back by merge; a missing, duplicated or foreign shard makes the result incomplete,
// and the report of it passes nothing. The CI formats of a merged log (issue 22 §5).
#include "driver/Merge.h"
#include "reports/CiFormats.h"
#include "core/Completeness.h"
#include "reports/ComplianceReport.h"
#include "core/SarifReader.h"
#include "reports/SarifWriter.h"

#include <gtest/gtest.h>

using namespace attest;
using nlohmann::json;

namespace {

Finding tlsFinding(const std::string &file, unsigned line, Level level = Level::Error) {
  Finding f;
  f.ruleId = "tls-verification-disabled";
  f.level = level;
  f.location = {file, line, 3, line, 40, 3, 40, "curl_easy_setopt", "curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);"};
  f.message = "peer verification off";
  f.function = "f" + std::to_string(line);
  return f;
}

// Shard K/N of a plan of `planSize` TUs with digest `digest`, holding `tus` of them.
json shardLog(unsigned k, unsigned n, unsigned planSize, const std::string &digest, unsigned tus) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  for (unsigned i = 0; i < tus; ++i) {
    std::string file = "/repo/src/s" + std::to_string(k) + "_" + std::to_string(i) + ".cpp";
    scan.summary.scannedFiles.push_back(file);
    scan.findings.push_back(tlsFinding(file, 3));
  }
  finalizeFindings(scan.findings, scan.sourceRoot);
  scan.summary.tusPlanned = scan.summary.tusScanned = tus;
  scan.summary.configSettings = {{"shard", std::to_string(k) + "/" + std::to_string(n)},
                                 {"shardPlanSize", std::to_string(planSize)},
                                 {"shardPlanDigest", digest}};
  SarifOptions options;
  options.ruleIds = {"tls-verification-disabled"};
  return buildSarif(scan, builtinCatalog(), options);
}

std::vector<std::string> notificationIds(const json &log) {
  std::vector<std::string> ids;
  for (const json &inv : log["runs"][0]["invocations"])
    if (inv.contains("toolExecutionNotifications"))
      for (const json &n : inv["toolExecutionNotifications"]) ids.push_back(n["descriptor"]["id"]);
  return ids;
}

json merged(const std::vector<json> &logs) {
  std::string error;
  std::optional<json> out = mergeSarif(logs, error, {});
  EXPECT_TRUE(out) << error;
  return out ? *out : json();
}

const std::string kDigest = std::string(64, 'a');

}  // namespace

TEST(Merge, ShardRecordIsARunPropertyNotASetting) {
  json log = shardLog(2, 3, 9, kDigest, 3);
  const json &shard = log["runs"][0]["properties"]["shard"];
  EXPECT_EQ(shard, json({{"index", 2}, {"count", 3}, {"planSize", 9}, {"planDigest", kDigest}}));
  const json &settings = log["runs"][0]["invocations"][0]["properties"]["configSettings"];
  EXPECT_EQ(settings, json({{"shard", "2/3"}})) << "the plan's size and digest are not settings";
}

TEST(Merge, EveryShardOnceIsComplete) {
  json all = merged({shardLog(1, 3, 9, kDigest, 3), shardLog(2, 3, 9, kDigest, 3), shardLog(3, 3, 9, kDigest, 3)});
  EXPECT_TRUE(notificationIds(all).empty());
  EXPECT_FALSE(mergeIsIncomplete(all));
  EXPECT_EQ(all["runs"][0]["properties"]["shard"]["merged"], json({1, 2, 3}));
  EXPECT_EQ(all["runs"][0]["invocations"].size(), 3u);
  // Services (no shard record anywhere) merge as before, unchecked.
  json a = shardLog(1, 1, 1, kDigest, 1), b = shardLog(1, 1, 1, kDigest, 1);
  a["runs"][0].erase("properties");
  b["runs"][0].erase("properties");
  EXPECT_FALSE(mergeIsIncomplete(merged({a, b})));
}

TEST(Merge, MissingShardIsIncompleteAndTheReportSaysSo) {
  json two = merged({shardLog(1, 3, 9, kDigest, 3), shardLog(3, 3, 9, kDigest, 3)});
  EXPECT_TRUE(mergeIsIncomplete(two));
  EXPECT_EQ(notificationIds(two), std::vector<std::string>{"shard-missing"});
  const json &last = two["runs"][0]["invocations"].back();
  EXPECT_EQ(last["executionSuccessful"], false);
  EXPECT_EQ(last["properties"]["tusPlanned"], 3) << "the TUs of the missing shard";
  EXPECT_NE(last["toolExecutionNotifications"][0]["message"]["text"].get<std::string>().find("shard 2/3 is missing"),
            std::string::npos);

  ComplianceReport report;
  std::string error;
  ASSERT_TRUE(buildComplianceReport({{"merged.sarif", two.dump()}}, nullptr, {}, builtinCatalog(), report, error,
                                    &builtinCoverage()))
      << error;
  EXPECT_FALSE(report.scope.complete());
  EXPECT_EQ(report.scope.tusTotal(), 9u);
  EXPECT_EQ(report.scope.tusComplete(), 6u);
  for (const Framework &fw : report.frameworks)
    for (const Control &c : fw.controls) {
      EXPECT_NE(c.status, ControlStatus::Pass) << fw.key << " " << c.id;
      EXPECT_NE(c.status, ControlStatus::NoFindingsPartial) << fw.key << " " << c.id;
    }
  bool said = false;
  for (const std::string &w : report.warnings) said |= w.find("shard 2/3 is missing") != std::string::npos;
  EXPECT_TRUE(said);
  EXPECT_NE(renderHtml(report).find(" · 6 errors · scan incomplete (6 of 9 TUs)"),
            std::string::npos);

  // The CI formats merge writes read the merged log back: neither shows a complete scan.
  ScanResult back = scanResultFromSarif(two);
  EXPECT_EQ(incompleteTus(back.summary), 3u);
  json gitlab = json::parse(formatGitlabSast(back, builtinCatalog()));
  EXPECT_EQ(gitlab["scan"]["status"], "failure");
  EXPECT_NE(gitlab["scan"]["messages"].dump().find("shard 2/3 is missing"), std::string::npos) << gitlab["scan"].dump();
  std::string xml = formatJunit(back, builtinCatalog(), {"tls-verification-disabled"});
  EXPECT_NE(xml.find("errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"scan-completeness\""), std::string::npos) << xml;
}

// A scan stopped by its time or memory limit is incomplete when read back, as it was when
// written: the counters and the per-TU notifications round-trip.
TEST(Merge, TimedOutAndOutOfMemoryTusRoundTrip) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  scan.summary.tusPlanned = 3;
  scan.summary.tusScanned = 1;
  scan.summary.tusTimedOut = 1;
  scan.summary.tusOutOfMemory = 1;
  scan.notifications = {{"tu-timeout", Level::Error, "stopped after 600 s", "/repo/src/slow.cpp", 0},
                        {"tu-out-of-memory", Level::Error, "stopped at 8192 MiB", "/repo/src/big.cpp", 0}};
  SarifOptions options;
  ScanResult back = scanResultFromSarif(buildSarif(scan, builtinCatalog(), options));
  EXPECT_EQ(back.summary.tusTimedOut, 1u);
  EXPECT_EQ(back.summary.tusOutOfMemory, 1u);
  EXPECT_EQ(incompleteTus(back.summary), 2u);
  ASSERT_EQ(back.notifications.size(), 2u);
  EXPECT_EQ(back.notifications[0].id, "tu-timeout");
  EXPECT_EQ(back.notifications[0].file, "/repo/src/slow.cpp");
  EXPECT_EQ(back.notifications[1].level, Level::Error);
  EXPECT_EQ(json::parse(formatGitlabSast(back, builtinCatalog()))["scan"]["status"], "failure");
}

TEST(Merge, DuplicateForeignOrUnrecordedShardIsIncomplete) {
  json dup = merged({shardLog(1, 2, 6, kDigest, 3), shardLog(1, 2, 6, kDigest, 3), shardLog(2, 2, 6, kDigest, 3)});
  EXPECT_EQ(notificationIds(dup), std::vector<std::string>{"shard-duplicate"});
  EXPECT_TRUE(mergeIsIncomplete(dup));

  json otherDigest = merged({shardLog(1, 2, 6, kDigest, 3), shardLog(2, 2, 6, std::string(64, 'b'), 3)});
  EXPECT_EQ(notificationIds(otherDigest), (std::vector<std::string>{"shard-plan-mismatch", "shard-missing"}));
  json otherSize = merged({shardLog(1, 2, 6, kDigest, 3), shardLog(2, 2, 7, kDigest, 4)});
  EXPECT_EQ(notificationIds(otherSize), (std::vector<std::string>{"shard-plan-mismatch", "shard-missing"}));
  json otherCount = merged({shardLog(1, 2, 6, kDigest, 3), shardLog(2, 3, 6, kDigest, 2)});
  EXPECT_EQ(notificationIds(otherCount), (std::vector<std::string>{"shard-plan-mismatch", "shard-missing"}));

  json plain = shardLog(2, 2, 6, kDigest, 3);
  plain["runs"][0].erase("properties");
  json unrecorded = merged({shardLog(1, 2, 6, kDigest, 3), plain});
  EXPECT_EQ(notificationIds(unrecorded), (std::vector<std::string>{"shard-unrecorded", "shard-missing"}));
  // A forged record is no better than none: index outside 1..N.
  json forged = shardLog(2, 2, 6, kDigest, 3);
  forged["runs"][0]["properties"]["shard"]["index"] = 0;
  EXPECT_TRUE(mergeIsIncomplete(merged({shardLog(1, 2, 6, kDigest, 3), forged})));
  forged["runs"][0]["properties"]["shard"] = "2/2";
  EXPECT_TRUE(mergeIsIncomplete(merged({shardLog(1, 2, 6, kDigest, 3), forged})));
  // The first input's run properties are not an object: merge still records the check.
  json odd = shardLog(1, 2, 6, kDigest, 3);
  odd["runs"][0]["properties"] = "x";
  EXPECT_TRUE(mergeIsIncomplete(merged({odd, shardLog(2, 2, 6, kDigest, 3)})));
}

// Merge's CI outputs come from the merged log, read back as a scan result.
TEST(Merge, ScanResultFromSarifFeedsTheCiFormats) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  scan.findings = {tlsFinding("/repo/src/a.cpp", 3), tlsFinding("/repo/src/a.cpp", 9),
                   tlsFinding("/repo/src/b.cpp", 4, Level::Note)};
  finalizeFindings(scan.findings, scan.sourceRoot);
  scan.findings[1].suppressions.push_back({"inSource", "test double", "/repo/src/a.cpp", 9, "", ""});
  scan.summary.tusPlanned = scan.summary.tusScanned = 2;
  SarifOptions options;
  options.ruleIds = {"tls-verification-disabled"};
  ScanResult back = scanResultFromSarif(buildSarif(scan, builtinCatalog(), options));
  ASSERT_EQ(back.findings.size(), 3u);
  EXPECT_EQ(back.sourceRoot, "/repo");
  EXPECT_EQ(back.findings[0].location.file, "/repo/src/a.cpp");
  EXPECT_EQ(back.findings[0].location.startLine, 3u);
  EXPECT_EQ(back.findings[0].fingerprint, scan.findings[0].fingerprint);
  EXPECT_TRUE(back.findings[1].suppressed());
  EXPECT_EQ(back.findings[2].level, Level::Note);
  EXPECT_EQ(back.summary.tusScanned, 2u);

  std::string xml = formatJunit(back, builtinCatalog(), {"tls-verification-disabled"});
  EXPECT_NE(xml.find("failures=\"1\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"1 finding at or above error\">src/a.cpp:3:3: error: peer verification off"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("src/a.cpp:9:3: error: peer verification off [tls-verification-disabled] (suppressed)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("src/b.cpp:4:3: note: peer verification off [tls-verification-disabled] (below the gate threshold)"),
            std::string::npos)
      << xml;
  json gitlab = json::parse(formatGitlabSast(back, builtinCatalog()));
  EXPECT_EQ(gitlab["vulnerabilities"].size(), 2u) << "the suppressed one is not a vulnerability";
}

// JUnit (issue 22 §5): failures counts failing test cases, one <failure> each, and the
// threshold is the scan's failOn.
TEST(Merge, JunitFailuresAreTestCases) {
  ScanResult scan;
  scan.sourceRoot = "/repo";
  for (unsigned line : {3u, 5u, 7u}) scan.findings.push_back(tlsFinding("/repo/a.cpp", line));
  Finding weak = tlsFinding("/repo/b.cpp", 2, Level::Warning);
  weak.ruleId = "crypto-weak-hash";
  scan.findings.push_back(weak);
  Finding meta = tlsFinding("/repo/c.cpp", 1, Level::Warning);
  meta.ruleId = "suppression-invalid";
  scan.findings.push_back(meta);
  finalizeFindings(scan.findings, scan.sourceRoot);
  std::vector<std::string> rules = {"tls-verification-disabled", "crypto-weak-hash"};
  auto count = [](const std::string &xml, const std::string &needle) {
    size_t n = 0;
    for (size_t at = xml.find(needle); at != std::string::npos; at = xml.find(needle, at + 1)) ++n;
    return n;
  };
  std::string xml = formatJunit(scan, builtinCatalog(), rules);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<failure "), 1u) << xml;
  EXPECT_NE(xml.find("name=\"suppression-invalid\""), std::string::npos) << "a finding's rule always has a test case";
  scan.summary.configSettings["failOn"] = "warning";
  xml = formatJunit(scan, builtinCatalog(), rules);
  EXPECT_NE(xml.find("tests=\"3\" failures=\"3\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_EQ(count(xml, "<failure "), 3u) << xml;
  scan.summary.configSettings["failOn"] = "none";
  xml = formatJunit(scan, builtinCatalog(), rules);
  EXPECT_NE(xml.find("failures=\"0\" errors=\"0\" time="), std::string::npos) << xml;
  scan.summary.configSettings.erase("failOn");
  for (Finding &f : scan.findings) f.baselineState = "unchanged";
  xml = formatJunit(scan, builtinCatalog(), rules);
  EXPECT_NE(xml.find("failures=\"0\" errors=\"0\" time="), std::string::npos) << "baselined findings do not fail: " << xml;
}
