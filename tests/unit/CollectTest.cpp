// The collect stage and the gate decision, without a process (driver/Collect.h).
#include "driver/Cli.h"
#include "driver/Collect.h"
#include "driver/Policy.h"
#include "core/Baseline.h"
#include "reports/SarifWriter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace attest;

namespace {

Finding finding(const std::string &file, unsigned line, Level level = Level::Error,
                const std::string &rule = "tls-verification-disabled") {
  Finding f;
  f.ruleId = rule;
  f.level = level;
  f.location.file = file;
  f.location.startLine = f.location.endLine = line;
  f.location.startColumn = 1;
  f.location.endColumn = 10;
  f.location.contextText = "curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); // line " + std::to_string(line);
  f.function = "fetch";
  return f;
}

ScanResult scanOf(unsigned planned, unsigned failed = 0, unsigned crashed = 0, unsigned skipped = 0) {
  ScanResult r;
  r.sourceRoot = "/repo";
  r.summary.tusPlanned = planned;
  r.summary.tusSkipped = skipped;
  r.summary.tusCrashed = crashed;
  r.summary.tusScanned = planned - skipped - crashed;
  r.summary.tusFailedToParse = failed;
  return r;
}

TEST(Completeness, CountsEveryKindOfIncompleteTu) {
  ScanResult r = scanOf(10, 2, 1, 3);
  EXPECT_EQ(incompleteTus(r.summary), 6u);
  EXPECT_EQ(analysedTus(r.summary), 4u);
  EXPECT_EQ(incompleteCauses(r.summary), "2 failed to parse, 1 crashed, 3 skipped");
  EXPECT_EQ(incompleteTus(scanOf(4).summary), 0u);
  EXPECT_EQ(analysedTus(scanOf(4).summary), 4u);
}

TEST(Completeness, PolicyText) {
  EXPECT_TRUE(parseCompletenessPolicy("allow")->allowAll);
  EXPECT_FALSE(parseCompletenessPolicy("fail")->allowAll);
  EXPECT_FALSE(parseCompletenessPolicy("fail")->toleratedPercent);
  EXPECT_DOUBLE_EQ(*parseCompletenessPolicy("2.5%")->toleratedPercent, 2.5);
  EXPECT_DOUBLE_EQ(*parseCompletenessPolicy("0%")->toleratedPercent, 0);
  for (const char *bad : {"", "%", "5", "101%", "-1%", "x%", "5%%", "yes", "Allow"})
    EXPECT_FALSE(parseCompletenessPolicy(bad)) << bad;
}

TEST(CollectGate, CleanCompleteScanPasses) {
  Verdict v = decideGate(scanOf(3), {});
  EXPECT_EQ(v.status, kExitClean);
  EXPECT_FALSE(v.incomplete);
  EXPECT_TRUE(v.message.empty());
}

TEST(CollectGate, AnyIncompleteTuFailsByDefault) {
  for (ScanResult r : {scanOf(3, 1), scanOf(3, 0, 1), scanOf(3, 0, 0, 1)}) {
    Verdict v = decideGate(r, {});
    EXPECT_EQ(v.status, kExitIncomplete) << v.message;
    EXPECT_TRUE(v.incomplete);
    EXPECT_NE(v.message.find("scan incomplete: 1 of 3 planned TU(s)"), std::string::npos) << v.message;
  }
}

TEST(CollectGate, FindingsGateBeforeIncompleteness) {
  ScanResult r = scanOf(3, 1);
  r.findings.push_back(finding("/repo/a.cpp", 4));
  Verdict v = decideGate(r, {});
  EXPECT_EQ(v.status, kExitFindings);
  EXPECT_TRUE(v.incomplete) << "still reported";
  EXPECT_NE(v.message.find("incomplete"), std::string::npos);

  r.findings[0].level = Level::Note;  // below the threshold: incompleteness decides again
  EXPECT_EQ(decideGate(r, {}).status, kExitIncomplete);
  r.findings[0].suppressions.push_back({"inSource", "reviewed", "", 0, "", ""});
  r.findings[0].level = Level::Error;
  EXPECT_EQ(decideGate(r, {}).status, kExitIncomplete) << "a suppressed finding never gates";
}

TEST(CollectGate, NothingAnalysedIsAnInputError) {
  Verdict stale = decideGate(scanOf(2, 0, 0, 2), {});
  EXPECT_EQ(stale.status, kExitUsage);
  EXPECT_TRUE(stale.nothingAnalysed);
  EXPECT_NE(stale.message.find("names only files that do not exist"), std::string::npos) << stale.message;

  Verdict broken = decideGate(scanOf(45, 45), {});
  EXPECT_EQ(broken.status, kExitUsage);
  EXPECT_NE(broken.message.find("every TU failed to parse"), std::string::npos) << broken.message;

  GateOptions allow;
  allow.completeness.allowAll = true;
  EXPECT_EQ(decideGate(scanOf(45, 45), allow).status, kExitUsage) << "no policy makes nothing into a pass";

  ScanResult empty = scanOf(0);
  empty.summary.tusExcluded = 7;
  Verdict excluded = decideGate(empty, {});
  EXPECT_EQ(excluded.status, kExitUsage);
  EXPECT_NE(excluded.message.find("all 7 excluded by the configuration's paths"), std::string::npos);

  GateOptions narrowed;
  narrowed.narrowed = true;  // --diff-base that touched no TU, or an empty shard
  EXPECT_EQ(decideGate(scanOf(0), narrowed).status, kExitClean);
}

TEST(CollectGate, PolicyAcceptsIncompleteness) {
  GateOptions allow;
  allow.completeness.allowAll = true;
  Verdict v = decideGate(scanOf(3, 1), allow);
  EXPECT_EQ(v.status, kExitClean);
  EXPECT_TRUE(v.incomplete);
  EXPECT_TRUE(v.incompleteAllowed);
  EXPECT_NE(v.message.find("accepted by the completeness policy"), std::string::npos);

  GateOptions share;
  share.completeness.toleratedPercent = 10;
  EXPECT_EQ(decideGate(scanOf(20, 2), share).status, kExitClean) << "2 of 20 is 10%";
  EXPECT_EQ(decideGate(scanOf(20, 3), share).status, kExitIncomplete) << "3 of 20 is 15%";
}

TEST(Collect, ScopeLevelsAllowListAndChangedLines) {
  Config config;
  config.root = "/repo";
  config.exclude = {"third_party/**"};
  config.levels["crypto-weak-hash"] = "note";
  ScanResult r = scanOf(2);
  r.findings = {finding("/repo/src/a.cpp", 4), finding("/repo/third_party/v.cpp", 4),
                finding("/repo/src/b.cpp", 9, Level::Warning, "crypto-weak-hash")};
  CollectOptions options;
  options.config = &config;
  options.today = "2026-01-01";
  collectFindings(r, options);
  ASSERT_EQ(r.findings.size(), 2u) << "out of scope findings are dropped";
  EXPECT_EQ(r.findings[0].location.file, "/repo/src/a.cpp");
  EXPECT_EQ(r.findings[1].level, Level::Note) << "the configuration's level";
  EXPECT_EQ(r.findings[0].fingerprint.size(), 32u);
  EXPECT_EQ(decideGate(r, {}).status, kExitFindings);

  // Only findings on changed lines gate with --diff-base.
  ChangeSet changes;
  changes.files["/repo/src/a.cpp"] = {{10, 12}};
  GateOptions diff;
  diff.changes = &changes;
  EXPECT_EQ(decideGate(r, diff).status, kExitClean);
  changes.files["/repo/src/a.cpp"] = {{3, 4}};
  EXPECT_EQ(decideGate(r, diff).status, kExitFindings);

  // An allow-list entry accepts the finding until its date.
  ScanResult again = scanOf(2);
  again.findings = {finding("/repo/src/a.cpp", 4)};
  config.allow = {{r.findings[0].fingerprint, "accepted in SEC-1", "2025-12-31"}};
  collectFindings(again, options);
  EXPECT_FALSE(again.findings[0].suppressed()) << "expired";
  config.allow[0].until = "2026-01-01";
  again.findings = {finding("/repo/src/a.cpp", 4)};
  collectFindings(again, options);
  ASSERT_TRUE(again.findings[0].suppressed());
  EXPECT_EQ(again.findings[0].suppressions[0].kind, "external");
  EXPECT_EQ(decideGate(again, {}).status, kExitClean);
}

TEST(Collect, BaselineOnlyNewFindingsGate) {
  Config config;
  ScanResult first = scanOf(1);
  first.findings = {finding("/repo/src/a.cpp", 4)};
  CollectOptions options;
  options.config = &config;
  collectFindings(first, options);
  std::vector<BaselineEntry> baseline = {{first.findings[0].fingerprint, first.findings[0].contextHash,
                                          first.findings[0].ruleId, "", "src/a.cpp", 4}};

  ScanResult next = scanOf(1);
  next.findings = {finding("/repo/src/a.cpp", 4), finding("/repo/src/a.cpp", 8)};
  options.baseline = &baseline;
  options.baselinePath = "base.sarif";
  collectFindings(next, options);
  EXPECT_EQ(next.findings[0].baselineState, "unchanged");
  EXPECT_EQ(next.findings[1].baselineState, "new");
  EXPECT_EQ(next.summary.baselinePath, "base.sarif");
  GateOptions gate;
  gate.baseline = true;
  EXPECT_EQ(decideGate(next, gate).status, kExitFindings);
  next.findings.pop_back();
  EXPECT_EQ(decideGate(next, gate).status, kExitClean);
  EXPECT_FALSE(baseline[0].matched) << "the caller's baseline is not consumed";
}

}  // namespace

namespace {
TEST(Collect, BaselinePrefersTheSamePathAndACopyIsNew) {
  // The baselined call in client.cpp (still present) and a copy in a file that sorts first,
  // inside a function of the same name: the copy is new, the original unchanged.
  Config config;
  ScanResult before = scanOf(1);
  Finding original = finding("/repo/src/client.cpp", 4);
  original.location.contextText = "curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);";
  before.findings = {original};
  CollectOptions options;
  options.config = &config;
  collectFindings(before, options);
  std::vector<BaselineEntry> baseline = {{before.findings[0].fingerprint, before.findings[0].contextHash,
                                          before.findings[0].ruleId, "", "src/client.cpp", 4}};
  ScanResult after = scanOf(2);
  Finding copy = original;
  copy.location.file = "/repo/src/a_copy.cpp";
  after.findings = {original, copy};
  options.baseline = &baseline;
  collectFindings(after, options);
  ASSERT_EQ(after.findings.size(), 2u);
  EXPECT_EQ(after.findings[0].location.file, "/repo/src/a_copy.cpp");
  EXPECT_EQ(after.findings[0].baselineState, "new");
  EXPECT_EQ(after.findings[1].baselineState, "unchanged");
  EXPECT_EQ(after.summary.baselineAbsent, 0u);

  // Only the copy left, the baselined file still there (it exists on disk: a temporary dir).
  std::string root = testing::TempDir() + "attest-collect-baseline";
  std::filesystem::create_directories(root + "/src");
  std::ofstream(root + "/src/client.cpp") << "int client() { return 0; }\n";
  ScanResult moved = scanOf(1);
  moved.sourceRoot = root;
  copy.location.file = root + "/src/a_copy.cpp";
  moved.findings = {copy};
  collectFindings(moved, options);
  EXPECT_EQ(moved.findings[0].baselineState, "new") << "a new place while the baselined file is still there";
  std::filesystem::remove(root + "/src/client.cpp");  // now the file moved: the finding follows it
  moved.findings = {copy};
  collectFindings(moved, options);
  EXPECT_EQ(moved.findings[0].baselineState, "updated");
  std::filesystem::remove_all(root);
}

// A baseline written in another checkout (CI's workspace, another %SRCROOT%) is read by the
// SARIF reader with its paths relative to its own root, so the same-path preference holds.
TEST(Collect, BaselineFromAnotherCheckoutMatchesByRelativePath) {
  std::string dir = testing::TempDir() + "attest-collect-other-root";
  std::filesystem::create_directories(dir + "/src");
  std::ofstream(dir + "/src/client.cpp") << "int client() { return 0; }\n";
  Config config;
  CollectOptions options;
  options.config = &config;
  ScanResult old = scanOf(1);
  old.sourceRoot = "/elsewhere/ci/workspace";
  old.findings = {finding(old.sourceRoot + "/src/client.cpp", 4)};
  collectFindings(old, options);
  std::string path = dir + "/baseline.sarif";
  std::ofstream(path) << buildSarif(old, builtinCatalog(), SarifOptions{}).dump();
  std::string error;
  std::optional<std::vector<BaselineEntry>> baseline = readBaseline(path, error);
  ASSERT_TRUE(baseline) << error;
  ASSERT_EQ(baseline->size(), 1u);
  EXPECT_EQ((*baseline)[0].path, "src/client.cpp");
  EXPECT_EQ((*baseline)[0].line, 4u);

  ScanResult now = scanOf(2);
  now.sourceRoot = dir;
  Finding original = finding(dir + "/src/client.cpp", 4), copy = original;
  copy.location.file = dir + "/src/a_copy.cpp";
  now.findings = {original, copy};
  options.baseline = &*baseline;
  collectFindings(now, options);
  ASSERT_EQ(now.findings.size(), 2u);
  EXPECT_EQ(now.findings[0].location.file, copy.location.file);
  EXPECT_EQ(now.findings[0].baselineState, "new");
  EXPECT_EQ(now.findings[1].baselineState, "unchanged");
  std::filesystem::remove_all(dir);
}

TEST(Policy, SettingsBelowThePolicyAreFindingsAtTheirLines) {
  std::string text = "failOn: note\nrules:\n  disable: [tls-*, crypto-weak-hash]\n"
                     "paths:\n  exclude: [\"third_party/**\", \"src/**\"]\nincomplete: 5%\n";
  std::string error;
  std::optional<Config> config = parseConfig(text, "/repo/.attest.yaml", builtinCatalog(), error);
  ASSERT_TRUE(config) << error;
  Policy policy;
  policy.path = "policy.yaml";
  policy.failOn = "warning";
  policy.requiredRules = {"tls-*"};
  policy.allowedExcludes = {"third_party/**"};
  policy.incomplete = "10%";
  std::vector<Finding> found = checkPolicy(policy, *config, text, builtinCatalog());
  std::vector<unsigned> lines;
  for (const Finding &f : found) {
    lines.push_back(f.location.startLine);
    EXPECT_EQ(f.ruleId, kPolicyRule);
    EXPECT_EQ(f.location.file, "/repo/.attest.yaml");
  }
  EXPECT_EQ(lines, (std::vector<unsigned>{3, 5})) << "failOn note is stricter, 5% is less than 10%";

  // Against a base revision that had no configuration: the defaults.
  std::vector<Finding> weaker = checkAgainstBase(Config{}, *config, text, builtinCatalog());
  EXPECT_GE(weaker.size(), 3u);  // disable (two patterns), exclude x2, incomplete
  ScanResult r = scanOf(1);
  CollectOptions options;
  Config empty;
  options.config = &empty;
  options.governance = found;
  collectFindings(r, options);
  GateOptions gate;
  gate.failOn = std::nullopt;  // even with findings turned off
  ChangeSet none;
  gate.changes = &none;        // and on a line that did not change
  EXPECT_EQ(decideGate(r, gate).status, kExitFindings);
}
}  // namespace
