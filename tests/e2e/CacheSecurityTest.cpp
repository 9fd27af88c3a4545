// The cache is not a back door (issue 16 §7): the cache directory may be written by
// someone else. An entry that was edited, moved to another TU's name or reached through a
// symbolic link is a miss, the cache's key is private, and options that change results
// (ATTEST_HMAC_KEY) are part of the entry's key.
#include "Harness.h"
#include "core/Redaction.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

constexpr size_t kTag = 64;  // an entry ends with its HMAC in hex

const char *kInsecure = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";
const char *kSafe = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
}
)";

std::string project(const std::string &name, const std::vector<std::pair<std::string, std::string>> &files) {
  std::string dir = freshDir(name);
  nlohmann::json db = nlohmann::json::array();
  for (const auto &[file, text] : files) {
    writeFile(dir + "/" + file, text);
    db.push_back({{"directory", dir}, {"file", file}, {"arguments", {"c++", "-std=c++20", "-c", file}}});
  }
  writeFile(dir + "/compile_commands.json", db.dump());
  return dir;
}

// The TU entries of a cache (not the link step's, not the key), by the main file they hold.
std::map<std::string, fs::path> entries(const std::string &cache) {
  std::map<std::string, fs::path> out;
  for (const auto &e : fs::recursive_directory_iterator(cache)) {
    if (!e.is_regular_file() || e.path().extension() != ".msgpack" || e.path().parent_path().filename() == "link")
      continue;
    std::string bytes = readFile(e.path().string());
    nlohmann::json j = nlohmann::json::from_msgpack(bytes.substr(0, bytes.size() - kTag), true, false);
    if (!j.is_discarded()) out[fs::path(j["file"].get<std::string>()).filename().string()] = e.path();
  }
  return out;
}

RunResult scan(const std::string &dir, const std::string &cache, const std::vector<std::string> &extra = {}) {
  std::vector<std::string> args = {"scan", "-p", dir, "--cache-dir", cache};
  args.insert(args.end(), extra.begin(), extra.end());
  return runAttest(args, dir);
}

TEST(CacheSecurity, AnEditedEntryIsNotUsed) {
  std::string dir = project("cache-edited", {{"a.cpp", kInsecure}}), cache = freshDir("cache-edited-dir");
  RunResult cold = scan(dir, cache);
  ASSERT_EQ(cold.exitCode, 1) << cold.err;
  fs::path entry = entries(cache).at("a.cpp");
  std::string bytes = readFile(entry.string()), oldTag = bytes.substr(bytes.size() - kTag);
  nlohmann::json j = nlohmann::json::from_msgpack(bytes.substr(0, bytes.size() - kTag));
  ASSERT_FALSE(j["findings"].empty()) << "the test would not attack anything";
  j["findings"] = nlohmann::json::array();  // the includes and their hashes stay valid
  std::vector<std::uint8_t> edited = nlohmann::json::to_msgpack(j);
  fs::remove_all(cache + "/link");  // the link step's result, so that only the TU entry can hide the finding

  for (const std::string &suffix : {oldTag, std::string(), attest::secretDigest(std::string(edited.begin(), edited.end()), "guess")}) {
    writeFile(entry.string(), std::string(edited.begin(), edited.end()) + suffix);
    RunResult warm = scan(dir, cache);
    EXPECT_EQ(warm.exitCode, cold.exitCode) << warm.err;
    EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << warm.err;
  }
  RunResult again = scan(dir, cache);
  EXPECT_NE(again.err.find("(0 parsed, 1 from cache)"), std::string::npos) << "the entry was rewritten: " << again.err;
  EXPECT_EQ(again.exitCode, 1);
}

TEST(CacheSecurity, AnEntryMovedToAnotherTusNameIsNotUsed) {
  // The safe TU's entry lists only files that are unchanged; in the insecure TU's place it
  // would hide that TU's finding.
  std::string dir = project("cache-moved", {{"safe.cpp", kSafe}, {"bad.cpp", kInsecure}});
  std::string cache = freshDir("cache-moved-dir");
  ASSERT_EQ(scan(dir, cache).exitCode, 1);
  std::map<std::string, fs::path> e = entries(cache);
  fs::copy_file(e.at("safe.cpp"), e.at("bad.cpp"), fs::copy_options::overwrite_existing);
  fs::remove_all(cache + "/link");
  RunResult warm = scan(dir, cache);
  EXPECT_EQ(warm.exitCode, 1) << warm.err;
  EXPECT_NE(warm.err.find("(1 parsed, 1 from cache)"), std::string::npos) << warm.err;
}

TEST(CacheSecurity, SymbolicLinksInTheCacheAreNotFollowed) {
  std::string dir = project("cache-links", {{"a.cpp", kInsecure}}), cache = freshDir("cache-links-dir");
  std::string outside = freshDir("cache-links-outside");
  ASSERT_EQ(scan(dir, cache).exitCode, 1);
  RunResult warm = scan(dir, cache);
  ASSERT_NE(warm.err.find("(0 parsed, 1 from cache)"), std::string::npos) << warm.err;

  // An entry that is a link to a valid copy of itself.
  fs::path entry = entries(cache).at("a.cpp");
  fs::copy_file(entry, outside + "/entry");
  fs::remove(entry);
  fs::create_symlink(outside + "/entry", entry);
  warm = scan(dir, cache);
  EXPECT_EQ(warm.exitCode, 1) << warm.err;
  EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << "the link was followed: " << warm.err;
  EXPECT_FALSE(fs::is_symlink(entry)) << "the store replaces the link, never writes through it";
  EXPECT_EQ(readFile(outside + "/entry").size(), fs::file_size(entry));

  // The entry's directory as a link elsewhere: not read, not written.
  fs::path sub = entry.parent_path();
  fs::rename(sub, outside + "/sub");
  fs::create_directory_symlink(outside + "/sub", sub);
  fs::file_time_type before = fs::last_write_time(outside + "/sub/" + entry.filename().string());
  warm = scan(dir, cache);
  EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << warm.err;
  EXPECT_EQ(fs::last_write_time(outside + "/sub/" + entry.filename().string()), before);
  EXPECT_EQ(std::distance(fs::directory_iterator(outside + "/sub"), fs::directory_iterator()), 1);
  fs::remove(sub);

  // The key as a link to a copy of it, or readable by others: the cache is off.
  fs::copy_file(cache + "/key", outside + "/key");
  fs::remove(cache + "/key");
  fs::create_symlink(outside + "/key", cache + "/key");
  warm = scan(dir, cache);
  EXPECT_EQ(warm.exitCode, 1) << warm.err;
  EXPECT_NE(warm.err.find("the result cache is off"), std::string::npos) << warm.err;
  EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << warm.err;
  fs::remove(cache + "/key");
  fs::copy_file(outside + "/key", cache + "/key");
  fs::permissions(cache + "/key", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  warm = scan(dir, cache);
  EXPECT_NE(warm.err.find("readable or writable by others"), std::string::npos) << warm.err;
}

TEST(CacheSecurity, ANewKeyIsPrivateAndInvalidatesOldEntries) {
  std::string dir = project("cache-key", {{"a.cpp", kInsecure}}), cache = freshDir("cache-key-dir");
  ASSERT_EQ(scan(dir, cache).exitCode, 1);
  struct stat st;
  ASSERT_EQ(lstat((cache + "/key").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  fs::remove(cache + "/key");  // entries made under the old key are worthless
  RunResult warm = scan(dir, cache);
  EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << warm.err;
}

TEST(CacheSecurity, TheHmacKeyIsPartOfTheEntryKey) {
  std::string token = "ghp_AttestCacheOnly0k9Qm2Lx7Rt4Vb8Nz3Wq";
  std::string dir = project("cache-hmac", {{"a.cpp", "const char *kToken = \"" + token + "\";\n"}});
  std::string cache = freshDir("cache-hmac-dir");
  auto run = [&](const std::string &key, const std::string &name) {
    std::string sarif = sarifOutput(name);
    RunResult r = runShell((key.empty() ? "" : "ATTEST_HMAC_KEY=" + shellQuote(key) + " ") + shellQuote(ATTEST_BINARY) +
                               " scan -p " + shellQuote(dir) + " --cache-dir " + shellQuote(cache) + " --sarif " +
                               shellQuote(sarif) + " --fail-on none",
                           dir);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    std::vector<std::string> digests;
    nlohmann::json log = readJson(sarif);
    for (const auto &result : log["runs"][0]["results"])
      digests.push_back(result["properties"].value("secretDigest", ""));
    return std::make_pair(r, digests);
  };
  auto [plain, none] = run("", "cache-hmac-plain");
  ASSERT_FALSE(none.empty());
  EXPECT_EQ(none[0], "");
  std::string expected = attest::secretDigest(token, "k1");
  auto [keyed, digests] = run("k1", "cache-hmac-k1");
  EXPECT_EQ(digests, std::vector<std::string>(digests.size(), expected)) << keyed.err;
  auto [warm, again] = run("k1", "cache-hmac-k1-warm");
  EXPECT_NE(warm.err.find("(0 parsed, 1 from cache)"), std::string::npos) << warm.err;
  EXPECT_EQ(again, digests);
  auto [other, second] = run("k2", "cache-hmac-k2");
  EXPECT_EQ(second, std::vector<std::string>(second.size(), attest::secretDigest(token, "k2")));
  auto [plainWarm, noneAgain] = run("", "cache-hmac-plain-warm");
  EXPECT_NE(plainWarm.err.find("(0 parsed, 1 from cache)"), std::string::npos) << plainWarm.err;
  EXPECT_EQ(noneAgain, none);
}

// ------------------------------------------------------------------------------------
// The cache cannot hide a finding (issue 15 §2): what the preprocessor looked for and did
// not find is a dependency too.

const char *kUsesVerifyPeer = R"(#include <curl/curl.h>
#include "config.h"
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, VERIFY_PEER);
}
)";

std::string projectWithFlags(const std::string &name, const std::string &main, const std::vector<std::string> &flags) {
  std::string dir = freshDir(name);
  writeFile(dir + "/main.cpp", main);
  std::vector<std::string> args = {"c++", "-std=c++20"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.insert(args.end(), {"-c", "main.cpp"});
  nlohmann::json db = nlohmann::json::array({{{"directory", dir}, {"file", "main.cpp"}, {"arguments", args}}});
  writeFile(dir + "/compile_commands.json", db.dump());
  return dir;
}

// A warm scan's exit status equals a scan without the cache, before and after `change`.
void expectWarmEqualsCold(const std::string &dir, int before, int after, const std::function<void()> &change) {
  std::string cache = freshDir(fs::path(dir).filename().string() + "-cache");
  RunResult cold = scan(dir, cache);
  ASSERT_EQ(cold.exitCode, before) << cold.err;
  RunResult warm = scan(dir, cache);
  ASSERT_NE(warm.err.find("(0 parsed, 1 from cache)"), std::string::npos) << "the entry is used: " << warm.err;
  change();
  RunResult fresh = runAttest({"scan", "-p", dir, "--no-cache"}, dir);
  ASSERT_EQ(fresh.exitCode, after) << fresh.err;
  warm = scan(dir, cache);
  EXPECT_EQ(warm.exitCode, after) << "the cache hid the change: " << warm.err;
  EXPECT_NE(warm.err.find("1 TU(s) scanned, 0 failed"), std::string::npos) << warm.err;
}

TEST(CacheDependencies, AHeaderEarlierOnTheIncludePathShadowsTheCachedOne) {
  for (bool firstDirExists : {true, false}) {
    SCOPED_TRACE(firstDirExists ? "inc1 exists" : "inc1 is created");
    std::string dir = projectWithFlags(firstDirExists ? "cache-shadow" : "cache-shadow-newdir", kUsesVerifyPeer,
                                       {"-Iinc1", "-Iinc2"});
    writeFile(dir + "/inc2/config.h", "#define VERIFY_PEER 1L\n");
    if (firstDirExists) fs::create_directories(dir + "/inc1");
    expectWarmEqualsCold(dir, 0, 1, [&] { writeFile(dir + "/inc1/config.h", "#define VERIFY_PEER 0L\n"); });
  }
}

TEST(CacheDependencies, HasIncludeThatNowFindsAFile) {
  std::string dir = projectWithFlags("cache-has-include", R"(#include <curl/curl.h>
#if __has_include("insecure_defaults.h")
#include "insecure_defaults.h"
#else
#define VERIFY_PEER 1L
#endif
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, VERIFY_PEER);
}
)", {});
  expectWarmEqualsCold(dir, 0, 1, [&] { writeFile(dir + "/insecure_defaults.h", "#define VERIFY_PEER 0L\n"); });
}

TEST(CacheDependencies, FilesNamedByFlagsAreDependencies) {
  std::string main = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, VERIFY_PEER);
}
)";
  for (const char *flag : {"-include", "-imacros"}) {
    SCOPED_TRACE(flag);
    std::string dir = projectWithFlags(std::string("cache-flag") + flag, main, {flag, "prefix.h"});
    writeFile(dir + "/prefix.h", "#define VERIFY_PEER 1L\n");
    expectWarmEqualsCold(dir, 0, 1, [&] { writeFile(dir + "/prefix.h", "#define VERIFY_PEER 0L\n"); });
  }
}

// attest expands response files itself (driver/Command): their text is part of the
// command, so a changed @file is a changed command, not a cached one.
TEST(CacheDependencies, AChangedResponseFileIsAChangedCommand) {
  std::string main = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, VERIFY_PEER);
}
)";
  std::string dir = projectWithFlags("cache-response-file", main, {"@flags.rsp"});
  writeFile(dir + "/flags.rsp", "-DVERIFY_PEER=1L\n");
  expectWarmEqualsCold(dir, 0, 1, [&] { writeFile(dir + "/flags.rsp", "-DVERIFY_PEER=0L\n"); });
}

}  // namespace
