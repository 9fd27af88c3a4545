// attest fix (issue 22 §5): the fixes a scan records in SARIF, applied by the real binary to
// a copy of the fix fixtures, repair exactly the findings that carry them and leave code
// that compiles; a hostile or stale log changes nothing.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *const kFixtures[] = {"tls-verification-disabled-fixes.c", "tls-hostname-verification-disabled-fixes.c",
                                 "tls-obsolete-protocol-fixes.c"};

// The fix fixtures, copied into a fresh directory.
std::string copyFixtures(const std::string &name) {
  std::string dir = freshDir(name);
  for (const char *fixture : kFixtures)
    fs::copy_file(fs::path(sourceDir()) / "tests" / "fixtures" / "tls" / fixture, fs::path(dir) / fixture);
  return dir;
}

RunResult scan(const std::string &dir, const std::string &sarif, const std::vector<std::string> &extra = {}) {
  std::vector<std::string> args = {"scan"};
  for (const char *fixture : kFixtures) args.push_back(dir + "/" + fixture);
  args.insert(args.end(), {"--sarif", sarif, "--fail-on", "none", "--no-cache"});
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--", "-std=c11", "-x", "c"});
  return runAttest(args, dir);
}

using Key = std::tuple<std::string, unsigned, std::string>;  // file, line, rule

std::set<Key> keysOf(const nlohmann::json &log, bool withFix) {
  std::set<Key> out;
  for (const auto &result : log.at("runs").at(0).at("results")) {
    if (withFix && !result.contains("fixes")) continue;
    const auto &phys = result.at("locations").at(0).at("physicalLocation");
    out.insert({absolutePathOf(log, phys.at("artifactLocation")), phys.at("region").at("startLine"), result.at("ruleId")});
  }
  return out;
}

std::string contents(const std::string &dir) {
  std::string all;
  for (const char *fixture : kFixtures) all += readFile(dir + "/" + fixture);
  return all;
}

TEST(FixE2e, AppliedFixesRepairTheirFindingsAndTheCodeStillCompiles) {
  std::string dir = copyFixtures("fix-e2e-apply");
  std::string sarif = sarifOutput("fix-e2e-apply");  // checked by the official validator
  RunResult first = scan(dir, sarif);
  ASSERT_EQ(first.exitCode, 0) << first.err;
  nlohmann::json log = readJson(sarif);
  std::set<Key> fixable = keysOf(log, true), before = keysOf(log, false);
  ASSERT_EQ(fixable.size(), 11u);  // the `fix:` comments of the three fixtures
  // The region is the argument at fault, and the fix deletes exactly that text.
  for (const auto &result : log["runs"][0]["results"]) {
    if (!result.contains("fixes")) continue;
    const auto &region = result["locations"][0]["physicalLocation"]["region"];
    const auto &deleted = result["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
    EXPECT_EQ(region["snippet"]["text"], deleted["snippet"]["text"]);
    EXPECT_EQ(region["startColumn"], deleted["startColumn"]);
  }

  std::string modeKept = dir + "/tls-hostname-verification-disabled-fixes.c";
  fs::permissions(modeKept, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  RunResult fix = runAttest({"fix", sarif}, dir);
  EXPECT_EQ(fix.exitCode, 0) << fix.err;
  EXPECT_EQ(fs::status(modeKept).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read)
      << "the rewritten file keeps its mode";
  EXPECT_NE(fix.out.find("tls-verification-disabled-fixes.c:14: fixed tls-verification-disabled: Pass 1L to "
                         "CURLOPT_SSL_VERIFYPEER: verify the peer's certificate (0L -> 1L)\n"),
            std::string::npos)
      << fix.out;
  EXPECT_NE(fix.out.find(": fixed tls-obsolete-protocol: Require TLS 1.2 as the minimum: pass TLS1_2_VERSION "
                         "(SSL3_VERSION -> TLS1_2_VERSION)\n"),
            std::string::npos)
      << fix.out;
  EXPECT_NE(fix.err.find("11 fixes applied, 0 skipped"), std::string::npos) << fix.err;
  std::string fixed = readFile(dir + "/tls-obsolete-protocol-fixes.c");
  EXPECT_NE(fixed.find("SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);  // expect: tls-obsolete-protocol fix"),
            std::string::npos);
  EXPECT_NE(fixed.find("#define LEGACY_MINIMUM TLS1_VERSION"), std::string::npos) << "a macro is never rewritten";

  std::string again = freshDir("fix-e2e-apply-rescan") + "/rescan.sarif";
  ASSERT_EQ(scan(dir, again).exitCode, 0);
  std::set<Key> after = keysOf(readJson(again), false);
  for (const Key &key : fixable) EXPECT_EQ(after.count(key), 0u) << std::get<0>(key) << ":" << std::get<1>(key);
  EXPECT_EQ(after.size(), before.size() - fixable.size()) << "the findings without a fix stay";

  for (const char *fixture : kFixtures) {
    RunResult compile = runShell("clang-19 -fsyntax-only -std=c11 -x c " + shellQuote(dir + "/" + fixture));
    EXPECT_EQ(compile.exitCode, 0) << fixture << ":\n" << compile.err;
  }
  // Applying the same log again finds the text changed: nothing is written twice.
  std::string fixedOnce = contents(dir);
  RunResult twice = runAttest({"fix", sarif}, dir);
  EXPECT_EQ(twice.exitCode, 4);
  EXPECT_NE(twice.err.find("no longer reads"), std::string::npos) << twice.err;
  EXPECT_EQ(contents(dir), fixedOnce);
}

TEST(FixE2e, DryRunWritesNothing) {
  std::string dir = copyFixtures("fix-e2e-dry");
  std::string sarif = dir + "/scan.sarif";
  ASSERT_EQ(scan(dir, sarif).exitCode, 0);
  std::string original = contents(dir);
  RunResult dry = runAttest({"fix", sarif, "--dry-run"}, dir);
  EXPECT_EQ(dry.exitCode, 0) << dry.err;
  EXPECT_NE(dry.out.find("would fix tls-obsolete-protocol"), std::string::npos) << dry.out;
  EXPECT_EQ(contents(dir), original);
}

TEST(FixE2e, FixesSurviveTheCacheAndTheWorker) {
  std::string dir = copyFixtures("fix-e2e-cache");
  std::string cache = dir + "/cache";
  std::vector<std::string> withCache = {"--cache-dir", cache};
  std::string fresh = dir + "/fresh.sarif", cached = dir + "/cached.sarif";
  std::vector<std::string> args = {"scan"};
  for (const char *fixture : kFixtures) args.push_back(dir + "/" + fixture);
  auto run = [&](const std::string &sarif) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--sarif", sarif, "--fail-on", "none", "--cache-dir", cache, "--", "-std=c11", "-x", "c"});
    return runAttest(all, dir);
  };
  ASSERT_EQ(run(fresh).exitCode, 0);
  ASSERT_EQ(run(cached).exitCode, 0);
  nlohmann::json a = readJson(fresh), b = readJson(cached);
  EXPECT_EQ(b["runs"][0]["invocations"][0]["properties"]["tusFromCache"], 3);
  nlohmann::json fixesA = nlohmann::json::array(), fixesB = nlohmann::json::array();
  for (const auto &r : a["runs"][0]["results"]) fixesA.push_back(r.value("fixes", nlohmann::json()));
  for (const auto &r : b["runs"][0]["results"]) fixesB.push_back(r.value("fixes", nlohmann::json()));
  EXPECT_EQ(fixesA, fixesB);
  EXPECT_EQ(keysOf(b, true).size(), 11u);
}

// A log is input anyone may have written: every way out of the root, a changed file and a
// replacement that is not a token leave every file as it was.
TEST(FixE2e, HostileOrStaleLogChangesNothing) {
  std::string dir = copyFixtures("fix-e2e-hostile");
  std::string outsideDir = freshDir("fix-e2e-hostile-outside");
  std::string outside = outsideDir + "/victim.c";
  writeFile(outside, "long v = 0L;\n");
  fs::create_symlink(outside, dir + "/link.c");
  std::string sarif = dir + "/scan.sarif";
  ASSERT_EQ(scan(dir, sarif).exitCode, 0);
  nlohmann::json log = readJson(sarif);
  auto &results = log["runs"][0]["results"];
  nlohmann::json templateResult;
  for (const auto &r : results)
    if (r.contains("fixes")) templateResult = r;
  ASSERT_FALSE(templateResult.is_null());
  // The victim's `0L` at byte 9, as a fix would name it.
  auto pointing = [&](nlohmann::json artifact, const std::string &deleted, unsigned offset, const std::string &inserted) {
    nlohmann::json r = templateResult;
    auto &change = r["fixes"][0]["artifactChanges"][0];
    change["artifactLocation"] = artifact;
    auto &replacement = change["replacements"][0];
    replacement["deletedRegion"] = {{"startLine", 1}, {"startColumn", offset + 1}, {"endLine", 1},
                                    {"endColumn", offset + 1 + deleted.size()}, {"byteOffset", offset},
                                    {"byteLength", deleted.size()}, {"snippet", {{"text", deleted}}}};
    replacement["insertedContent"] = {{"text", inserted}};
    return r;
  };
  std::string relativeOut = fs::relative(outside, dir).string();  // ../fix-e2e-hostile-outside/victim.c
  nlohmann::json hostile = nlohmann::json::array();
  hostile.push_back(pointing({{"uri", relativeOut}, {"uriBaseId", "%SRCROOT%"}}, "0L", 9, "1L"));
  hostile.push_back(pointing({{"uri", "file://" + outside}}, "0L", 9, "1L"));
  hostile.push_back(pointing({{"uri", "link.c"}, {"uriBaseId", "%SRCROOT%"}}, "0L", 9, "1L"));
  hostile.push_back(pointing({{"uri", "%2E%2E/" + fs::path(outsideDir).filename().string() + "/victim.c"},
                              {"uriBaseId", "%SRCROOT%"}},
                             "0L", 9, "1L"));
  hostile.push_back(pointing({{"uri", "/" + outside}, {"uriBaseId", "%SRCROOT%"}}, "0L", 9, "1L"));
  // Code, not a token, in place of the argument.
  nlohmann::json code = templateResult;
  code["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] = "1L); system(\"id\"";
  hostile.push_back(code);
  // The scanned file changed since: the recorded text is no longer there.
  std::string stale = dir + "/tls-hostname-verification-disabled-fixes.c";
  for (auto &r : results) hostile.push_back(r);
  std::string text = readFile(stale);
  for (size_t at = 0; (at = text.find("VERIFYHOST, 0L)", at)) != std::string::npos;) text.replace(at, 15, "VERIFYHOST, 0l)");
  for (size_t at = 0; (at = text.find("VERIFYHOST, 1L)", at)) != std::string::npos;) text.replace(at, 15, "VERIFYHOST, 1l)");
  for (size_t at = 0; (at = text.find("VERIFYHOST, 0)", at)) != std::string::npos;) text.replace(at, 14, "VERIFYHOST, 0 )");
  text.insert(0, "\n");  // and every line moved down
  writeFile(stale, text);
  for (const char *fixture : kFixtures)  // the other files changed too: a blank line first
    if (dir + "/" + fixture != stale) writeFile(dir + "/" + fixture, "\n" + readFile(dir + "/" + fixture));
  results = hostile;
  // A run that names another root altogether: the log's author chose it, not the user.
  nlohmann::json otherRun = log["runs"][0];
  otherRun["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file://" + outsideDir + "/";
  otherRun["results"] = {pointing({{"uri", "victim.c"}, {"uriBaseId", "%SRCROOT%"}}, "0L", 9, "1L")};
  log["runs"].push_back(otherRun);
  writeFile(sarif, log.dump());

  std::string before = contents(dir);
  RunResult fix = runAttest({"fix", sarif}, dir);
  EXPECT_EQ(fix.exitCode, 4) << fix.out << fix.err;
  EXPECT_EQ(fix.out, "") << "nothing applied";
  EXPECT_NE(fix.err.find("outside the root"), std::string::npos) << fix.err;
  EXPECT_NE(fix.err.find("leaves the root"), std::string::npos) << fix.err;
  EXPECT_NE(fix.err.find("not a replacement of one token"), std::string::npos) << fix.err;
  EXPECT_NE(fix.err.find("no longer reads"), std::string::npos) << fix.err;
  EXPECT_NE(fix.err.find("neither the current directory nor its checkout"), std::string::npos) << fix.err;
  EXPECT_EQ(readFile(outside), "long v = 0L;\n");
  EXPECT_TRUE(fs::is_symlink(dir + "/link.c"));
  EXPECT_EQ(contents(dir), before);
}

TEST(FixE2e, HelpAndUsageErrors) {
  RunResult help = runAttest({"fix", "--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.out.find("usage: attest fix SARIF_FILE [--dry-run]"), std::string::npos);
  EXPECT_EQ(runAttest({"help", "fix"}).out, help.out);
  EXPECT_NE(runAttest({"help", "--man"}).out.find("ATTEST FIX"), std::string::npos);
  EXPECT_EQ(runAttest({"fix"}).exitCode, 2);
  std::string dir = freshDir("fix-e2e-usage");
  writeFile(dir + "/not.sarif", "{\"version\": \"1.0\"}");
  RunResult notSarif = runAttest({"fix", dir + "/not.sarif"});
  EXPECT_EQ(notSarif.exitCode, 2);
  EXPECT_NE(notSarif.err.find("not a SARIF 2.1.0 log"), std::string::npos) << notSarif.err;
  EXPECT_EQ(runAttest({"fix", "/dev/zero"}).exitCode, 2) << "only regular files are read";
}

}  // namespace
