// The link step (issue 10) end to end: linked findings survive the result cache (the
// summaries round-trip through it), carry codeFlows, keep the secret out of every
// output and the cache, and --link-depth bounds the chains.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *const kSecret = "FixtureDbPass-7Qz";  // tests/fixtures/multi/param-credential/main.cpp

// `tag`: each test configures into its own directory (ctest -j runs them in parallel).
std::string configureFixture(const std::string &name, const std::string &tag, std::string &source) {
  source = (fs::path(sourceDir()) / "tests" / "fixtures" / "multi" / name).string();
  std::string build = freshDir("link-" + name + "-" + tag);
  RunResult configure = runShell("cmake -S " + shellQuote(source) + " -B " + shellQuote(build) +
                                 " -DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  EXPECT_EQ(configure.exitCode, 0) << configure.out << configure.err;
  return build;
}

std::vector<nlohmann::json> linked(const nlohmann::json &sarif) {
  std::vector<nlohmann::json> out;
  for (const auto &r : sarif["runs"][0]["results"])
    if (r.contains("codeFlows")) out.push_back(r);
  return out;
}

TEST(LinkCache, LinkedFindingsSurviveTheCache) {
  std::string source, build = configureFixture("param-credential", "cache", source);
  std::string cache = freshDir("link-cache-dir");
  std::string cold = sarifOutput("link-cache-cold"), warm = sarifOutput("link-cache-warm");
  RunResult r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", cold});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", warm});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("(0 parsed, 3 from cache)"), std::string::npos) << r.err;

  std::vector<nlohmann::json> before = linked(readJson(cold)), after = linked(readJson(warm));
  ASSERT_EQ(before.size(), 1u);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(before[0]["codeFlows"], after[0]["codeFlows"]);
  EXPECT_EQ(before[0]["message"], after[0]["message"]);
  // Source (main.cpp, passed to startService()), passed on to openDatabase(), the sink (db.cpp).
  const auto &steps = before[0]["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(steps.size(), 3u) << steps.dump(2);
  EXPECT_NE(steps[0]["location"]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().find("main.cpp"),
            std::string::npos);
  EXPECT_NE(steps[2]["location"]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().find("db.cpp"),
            std::string::npos);

  // The secret is in no output and no cache entry.
  EXPECT_EQ(readFile(cold).find(kSecret), std::string::npos);
  EXPECT_EQ(readFile(warm).find(kSecret), std::string::npos);
  EXPECT_EQ(r.out.find(kSecret), std::string::npos);
  for (const auto &entry : fs::recursive_directory_iterator(cache))
    if (entry.is_regular_file()) {
      std::string text = readFile(entry.path().string());
      EXPECT_EQ(text.find(kSecret), std::string::npos) << entry.path();
      if (entry.path().parent_path().filename() == "link" || entry.path().filename() == "key") continue;
      // Entries are MessagePack followed by their HMAC (64 hex digits).
      nlohmann::json decoded = nlohmann::json::from_msgpack(text.substr(0, text.size() - 64), true, false);
      EXPECT_TRUE(decoded.is_object() && decoded.contains("summary")) << "summaries are cached: " << entry.path();
    }
}

TEST(LinkCache, LinkDepthBoundsTheChain) {
  std::string source, build = configureFixture("param-credential", "depth", source);
  // main -> startService -> openDatabase -> mysql_real_connect: two parameter hops.
  RunResult r = runAttest({"scan", source, "-p", build, "--no-cache", "--link-depth", "1",
                           "--sarif", sarifOutput("link-depth-1")});
  EXPECT_EQ(linked(readJson(sarifOutput("link-depth-1"))).size(), 0u) << r.err;
  r = runAttest({"scan", source, "-p", build, "--no-cache", "--link-depth", "2", "--sarif", sarifOutput("link-depth-2")});
  EXPECT_EQ(linked(readJson(sarifOutput("link-depth-2"))).size(), 1u) << r.err;
  r = runAttest({"scan", source, "-p", build, "--no-cache", "--link-depth", "0", "--sarif", sarifOutput("link-depth-0")});
  EXPECT_EQ(linked(readJson(sarifOutput("link-depth-0"))).size(), 0u) << r.err;
  r = runAttest({"scan", source, "-p", build, "--no-cache", "--link-depth", "x"});
  EXPECT_EQ(r.exitCode, 2);
}

// The sink kinds judged from a value's traits (cipher lists, URLs, algorithm names,
// sensitive-named values: core/Summary.h ValueTrait) come back the same from the cache.
TEST(LinkCache, TraitFindingsSurviveTheCache) {
  for (const char *fixture : {"log-param", "cipher-return"}) {
    std::string source, build = configureFixture(fixture, "traits", source);
    std::string cache = freshDir(std::string("link-traits-cache-") + fixture);
    std::string cold = sarifOutput(std::string("link-traits-cold-") + fixture);
    std::string warm = sarifOutput(std::string("link-traits-warm-") + fixture);
    RunResult r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", cold, "--fail-on", "none"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", warm, "--fail-on", "none"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("0 parsed"), std::string::npos) << r.err;
    std::vector<nlohmann::json> before = linked(readJson(cold)), after = linked(readJson(warm));
    EXPECT_GE(before.size(), 2u) << fixture;
    ASSERT_EQ(before.size(), after.size()) << fixture;
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(before[i]["message"], after[i]["message"]);
      EXPECT_EQ(before[i]["level"], after[i]["level"]);
      EXPECT_EQ(before[i]["codeFlows"], after[i]["codeFlows"]);
    }
  }
}

}  // namespace

// linkDepth in .attest.yaml sets the default; --link-depth overrides it; a bad value is a
// configuration error with its position; a non-default depth is recorded in the SARIF.
TEST(LinkCache, LinkDepthFromTheConfigFile) {
  std::string source, build = configureFixture("param-credential", "config-depth", source);
  std::string dir = freshDir("link-config-depth");
  writeFile(dir + "/shallow.yaml", "linkDepth: 1\n");
  std::string shallow = sarifOutput("link-config-depth-1"), overridden = sarifOutput("link-config-depth-cli");
  RunResult r = runAttest({"scan", source, "-p", build, "--no-cache", "--config", dir + "/shallow.yaml", "--sarif",
                           shallow, "--fail-on", "none"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json sarif = readJson(shallow);
  EXPECT_EQ(linked(sarif).size(), 0u);
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["properties"]["configSettings"]["linkDepth"], "1") << sarif["runs"][0]["invocations"][0].dump(2);
  r = runAttest({"scan", source, "-p", build, "--no-cache", "--config", dir + "/shallow.yaml", "--link-depth", "2",
                 "--sarif", overridden, "--fail-on", "none"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(linked(readJson(overridden)).size(), 1u);

  writeFile(dir + "/bad.yaml", "failOn: error\nlinkDepth: 65\n");
  r = runAttest({"scan", source, "-p", build, "--no-cache", "--config", dir + "/bad.yaml"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("bad.yaml:2:1: error: linkDepth must be"), std::string::npos) << r.err;
}

// A branch on a const flag of another TU is settled by the flag's definition, also when
// both TUs come from the cache (the guard travels with the cached finding).
TEST(LinkCache, ExternFlagGuardsSurviveTheCache) {
  std::string source, build = configureFixture("extern-flag", "cache", source);
  std::string cache = freshDir("link-extern-flag-cachedir");
  for (const char *run : {"cold", "warm"}) {
    std::string out = sarifOutput(std::string("link-extern-flag-") + run);
    RunResult r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", out, "--fail-on", "none"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    if (std::string(run) == "warm") EXPECT_NE(r.err.find("(0 parsed, 2 from cache)"), std::string::npos) << r.err;
    std::vector<unsigned> lines;
    nlohmann::json sarif = readJson(out);
    for (const auto &result : sarif["runs"][0]["results"])
      lines.push_back(result["locations"][0]["physicalLocation"]["region"]["startLine"]);
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<unsigned>{20, 22})) << run;  // client.c: only the live branches
  }
}

// The link step's result is cached for an unchanged program (every TU's state the same);
// a corrupt entry is a miss that is written again, and the results never change.
TEST(LinkCache, LinkResultCacheCorruptEntryIsAMiss) {
  std::string source, build = configureFixture("param-credential", "linkentry", source);
  std::string cache = freshDir("link-result-cachedir");
  std::string cold = sarifOutput("link-result-cold"), warm = sarifOutput("link-result-warm");
  RunResult r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", cold});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  std::vector<std::string> entries;
  for (const auto &entry : fs::directory_iterator(cache + "/link")) entries.push_back(entry.path().string());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(readFile(entries[0]).find(kSecret), std::string::npos);
  writeFile(entries[0], "\x82garbage");
  r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", warm});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("(0 parsed, 3 from cache)"), std::string::npos) << r.err;
  nlohmann::json a = readJson(cold), b = readJson(warm);
  EXPECT_EQ(a["runs"][0]["results"], b["runs"][0]["results"]);
  EXPECT_NE(readFile(entries[0]), "\x82garbage") << "the link entry is written again";
  r = runAttest({"scan", source, "-p", build, "--cache-dir", cache, "--sarif", warm});
  ASSERT_EQ(r.exitCode, 1) << r.err;
  b = readJson(warm);
  EXPECT_EQ(a["runs"][0]["results"], b["runs"][0]["results"]);
}
