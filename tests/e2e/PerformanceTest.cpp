// Behaviour (not speed) of the result cache, shards and merge. Timings live in bench/.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

std::string makeProject(const std::string &name, int tus) {
  std::string dir = freshDir(name);
  writeFile(dir + "/include/common.h", "#pragma once\n#include <curl/curl.h>\ninline void common(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n");
  nlohmann::json db = nlohmann::json::array();
  for (int i = 0; i < tus; ++i) {
    std::string file = "src/tu" + std::to_string(i) + ".cpp";
    std::string body = "#include \"../include/common.h\"\nvoid f" + std::to_string(i) + "(CURL *h) {\n  common(h);\n";
    for (int k = 0; k <= i % 3; ++k) body += "  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, " + std::to_string(k) + "L);\n";
    writeFile(dir + "/" + file, body + "}\n" + std::string(i * 200, ' ') + "\n");
    db.push_back({{"directory", dir}, {"file", file}, {"arguments", {"c++", "-std=c++20", "-c", file}}});
  }
  writeFile(dir + "/compile_commands.json", db.dump());
  return dir;
}

std::vector<std::string> resultKeys(const nlohmann::json &sarif) {
  std::vector<std::string> keys;
  for (const auto &r : sarif["runs"][0]["results"]) {
    const auto &p = r["locations"][0]["physicalLocation"];
    keys.push_back(p["artifactLocation"]["uri"].get<std::string>() + ":" + std::to_string(p["region"]["startLine"].get<int>()) +
                   ":" + r["ruleId"].get<std::string>() + ":" + r["message"]["text"].get<std::string>());
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

TEST(Performance, WarmScanParsesNothingAndTouchedTuOnly) {
  std::string dir = makeProject("cache", 6), cache = freshDir("cache-dir");
  std::string cold = sarifOutput("cache-cold"), warm = sarifOutput("cache-warm");
  RunResult r = runAttest({"scan", "-p", dir, "--cache-dir", cache, "--sarif", cold}, dir);
  ASSERT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("6 TU(s) scanned, 0 failed"), std::string::npos) << r.err;
  r = runAttest({"scan", "-p", dir, "--cache-dir", cache, "--sarif", warm}, dir);
  EXPECT_NE(r.err.find("6 TU(s) scanned (0 parsed, 6 from cache)"), std::string::npos) << r.err;
  EXPECT_EQ(resultKeys(readJson(cold)), resultKeys(readJson(warm)));

  writeFile(dir + "/src/tu2.cpp", readFile(dir + "/src/tu2.cpp") + "// touched\n");
  r = runAttest({"scan", "-p", dir, "--cache-dir", cache}, dir);
  EXPECT_NE(r.err.find("(1 parsed, 5 from cache)"), std::string::npos) << r.err;

  writeFile(dir + "/include/common.h", readFile(dir + "/include/common.h") + "// a header every TU includes\n");
  r = runAttest({"scan", "-p", dir, "--cache-dir", cache}, dir);
  EXPECT_NE(r.err.find("6 TU(s) scanned, 0 failed"), std::string::npos) << "a changed header invalidates all: " << r.err;
}

TEST(Performance, CorruptCacheEntryIsAMiss) {
  std::string dir = makeProject("cache-corrupt", 3), cache = freshDir("cache-corrupt-dir");
  ASSERT_EQ(runAttest({"scan", "-p", dir, "--cache-dir", cache}, dir).exitCode, 1);
  int corrupted = 0;
  for (const auto &entry : fs::recursive_directory_iterator(cache))
    if (entry.is_regular_file() && entry.path().filename() != "key") {
      std::string text = readFile(entry.path().string());
      writeFile(entry.path().string(), corrupted++ % 2 ? text.substr(0, text.size() / 2) : "\x01garbage{[");
    }
  ASSERT_EQ(corrupted, 4);  // the 3 TUs' entries and the link step's result
  RunResult r = runAttest({"scan", "-p", dir, "--cache-dir", cache}, dir);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("3 TU(s) scanned, 0 failed"), std::string::npos) << "all re-parsed: " << r.err;
  r = runAttest({"scan", "-p", dir, "--cache-dir", cache}, dir);
  EXPECT_NE(r.err.find("(0 parsed, 3 from cache)"), std::string::npos) << "entries rewritten: " << r.err;
}

TEST(Performance, MergedShardsEqualTheUnshardedScan) {
  std::string dir = makeProject("shards", 9);
  std::string whole = sarifOutput("shards-whole");
  runAttest({"scan", "-p", dir, "--sarif", whole}, dir);
  std::vector<std::string> parts;
  std::set<std::string> seenTus;
  size_t tuCount = 0;
  for (int k = 1; k <= 3; ++k) {
    std::string part = sarifOutput("shards-" + std::to_string(k));
    RunResult r = runAttest({"scan", "-p", dir, "--shard", std::to_string(k) + "/3", "--sarif", part}, dir);
    ASSERT_NE(r.exitCode, 2) << r.err;
    nlohmann::json log = readJson(part);
    for (const auto &a : log["runs"][0]["artifacts"]) {
      seenTus.insert(a["location"]["uri"].get<std::string>());
      ++tuCount;
    }
    parts.push_back(part);
  }
  EXPECT_EQ(tuCount, 9u) << "every TU in exactly one shard";
  EXPECT_EQ(seenTus.size(), 9u);
  std::string merged = sarifOutput("shards-merged");
  std::vector<std::string> args = {"merge"};
  args.insert(args.end(), parts.begin(), parts.end());
  args.insert(args.end(), {"-o", merged});
  RunResult r = runAttest(args);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json log = readJson(merged);
  EXPECT_EQ(resultKeys(log), resultKeys(readJson(whole)));
  EXPECT_EQ(log["runs"][0]["invocations"].size(), 3u);
  for (const auto &result : log["runs"][0]["results"])
    EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].get<int>()]["id"], result["ruleId"]);

  EXPECT_EQ(runAttest({"scan", "-p", dir, "--shard", "4/3"}).exitCode, 2);
  writeFile(dir + "/bogus.sarif", "{\"version\": \"1.0\"}");
  EXPECT_EQ(runAttest({"merge", dir + "/bogus.sarif", "-o", dir + "/x.sarif"}).exitCode, 2);
}

TEST(Performance, ShardsAreStableWhenAFileIsAdded) {
  std::string dir = makeProject("shard-stable", 12);
  auto shardOf = [&](int count) {
    std::map<std::string, int> owner;
    for (int k = 1; k <= 3; ++k) {
      std::string part = sarifOutput("stable-" + std::to_string(count) + "-" + std::to_string(k));
      runAttest({"scan", "-p", dir, "--shard", std::to_string(k) + "/3", "--sarif", part, "--disable", "tls-*"}, dir);
      nlohmann::json log = readJson(part);
      for (const auto &a : log["runs"][0]["artifacts"]) owner[a["location"]["uri"]] = k;
    }
    return owner;
  };
  std::map<std::string, int> before = shardOf(12);
  nlohmann::json db = readJson(dir + "/compile_commands.json");
  writeFile(dir + "/src/extra.cpp", "int extra() { return 0; }\n");
  db.push_back({{"directory", dir}, {"file", "src/extra.cpp"}, {"arguments", {"c++", "-c", "src/extra.cpp"}}});
  writeFile(dir + "/compile_commands.json", db.dump());
  std::map<std::string, int> after = shardOf(13);
  int moved = 0;
  for (auto &[uri, k] : before) moved += after[uri] != k;
  EXPECT_LE(moved, 3) << "only TUs next to a shard boundary may move";
}

}  // namespace
