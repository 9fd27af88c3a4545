// The command line end to end: exit statuses, messages, parallel determinism,
// broken TUs, crash isolation, header de-duplication, compilation databases.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kSafeClient = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
}
)";

// A compilation database for `files` (relative to dir), compiled as C++20.
void writeDatabase(const std::string &dir, const std::vector<std::string> &files) {
  nlohmann::json db = nlohmann::json::array();
  for (const std::string &f : files)
    db.push_back({{"directory", dir}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f, "-o", f + ".o"}}});
  writeFile(dir + "/compile_commands.json", db.dump(2));
}

nlohmann::json stripVolatile(nlohmann::json sarif) {
  auto &inv = sarif["runs"][0]["invocations"][0];
  inv.erase("startTimeUtc");
  inv.erase("endTimeUtc");
  inv.erase("commandLine");
  inv.erase("arguments");
  return sarif;
}

TEST(Cli, NoArgumentsIsUsageError) {
  RunResult r = runAttest({});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("usage: attest"), std::string::npos);
}

TEST(Cli, UnknownCommandAndOption) {
  RunResult r = runAttest({"frobnicate"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos);
  r = runAttest({"scan", "--no-such-flag"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown option '--no-such-flag'"), std::string::npos);
}

TEST(Cli, BadJobsAndThreshold) {
  RunResult r = runAttest({"scan", "-j", "zero"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("-j: 'zero'"), std::string::npos);
  r = runAttest({"scan", "--fail-on", "critical"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--fail-on: 'critical'"), std::string::npos);
  r = runAttest({"scan", "--enable", "no-such-rule"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown rule 'no-such-rule'"), std::string::npos);
}

TEST(Cli, MissingPathIsInputError) {
  RunResult r = runAttest({"scan", "/no/such/path.cpp"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("no such file or directory: '/no/such/path.cpp'"), std::string::npos);
}

TEST(Cli, DirectoryWithoutDatabaseNeedsFlags) {
  std::string dir = freshDir("no-db");
  writeFile(dir + "/a.cpp", kInsecureClient);
  RunResult r = runAttest({"scan", dir});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("no compile_commands.json found"), std::string::npos) << r.err;
}

TEST(Cli, FixedDatabaseFromDashDashSaysSo) {
  std::string dir = freshDir("fixed-db");
  writeFile(dir + "/a.cpp", kInsecureClient);
  RunResult r = runAttest({"scan", dir, "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("no compilation database; using the flags after '--'"), std::string::npos);
  EXPECT_NE(r.out.find("a.cpp:3:47: error: curl_easy_setopt(CURLOPT_SSL_VERIFYPEER, 0L (0))"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[tls-verification-disabled]"), std::string::npos);
}

TEST(Cli, DatabaseFoundUpwardAndExitStatuses) {
  std::string dir = freshDir("upward");
  writeFile(dir + "/src/bad.cpp", kInsecureClient);
  writeFile(dir + "/src/good.cpp", kSafeClient);
  writeDatabase(dir, {"src/bad.cpp", "src/good.cpp"});
  RunResult r = runAttest({"scan", dir + "/src/good.cpp"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("1 TU(s) scanned, 0 failed to parse; findings: 0 error"), std::string::npos) << r.err;

  r = runAttest({"scan"}, dir + "/src");  // no path: the database found above the cwd
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("2 TU(s) scanned"), std::string::npos) << r.err;

  EXPECT_EQ(runAttest({"scan", "--fail-on", "none"}, dir).exitCode, 0);
  EXPECT_EQ(runAttest({"scan", "--disable", "tls-*"}, dir).exitCode, 0);
  EXPECT_EQ(runAttest({"scan", "-p", dir, "-q"}, dir).out, "");
}

TEST(Cli, BrokenDatabase) {
  std::string dir = freshDir("broken-db");
  writeFile(dir + "/compile_commands.json", "{ this is not json");
  RunResult r = runAttest({"scan", "-p", dir});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cannot read compilation database"), std::string::npos) << r.err;
  r = runAttest({"scan", "-p", dir + "/missing"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("-p: no such directory"), std::string::npos);
}

TEST(Cli, MissingFileInDatabaseIsSkippedRestScanned) {
  std::string dir = freshDir("stale-db");
  writeFile(dir + "/bad.cpp", kInsecureClient);
  writeDatabase(dir, {"bad.cpp", "deleted.cpp"});
  std::string sarif = sarifOutput("cli-stale-db");
  RunResult r = runAttest({"scan", "-p", dir, "--sarif", sarif});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("deleted.cpp"), std::string::npos);
  EXPECT_EQ(resultsOf(readJson(sarif)).size(), 1u);
}

TEST(Cli, UnwritableSarifPathFailsBeforeScanning) {
  std::string dir = freshDir("bad-output");
  writeFile(dir + "/a.cpp", kInsecureClient);
  RunResult r = runAttest({"scan", dir + "/a.cpp", "--sarif", dir + "/missing/out.sarif", "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir + "/missing"));
}

TEST(Cli, CompileErrorsKeepFindingsOfWhatParsed) {
  std::string dir = freshDir("compile-error");
  writeFile(dir + "/broken.cpp", std::string(kInsecureClient) + "int broken( { undeclared_thing; }\n");
  std::string sarif = sarifOutput("cli-compile-error");
  RunResult r = runAttest({"scan", dir + "/broken.cpp", "--sarif", sarif, "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) scanned, 1 failed to parse"), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(resultsOf(log).size(), 1u);
  const auto &notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u) << notes.dump(2);  // the parse error and "no compilation database"
  auto parse = std::find_if(notes.begin(), notes.end(), [](auto &n) { return n["descriptor"]["id"] == "parse-error"; });
  ASSERT_NE(parse, notes.end());
  EXPECT_NE((*parse)["message"]["text"].get<std::string>().find("compile error"), std::string::npos);
  EXPECT_NE((*parse)["locations"][0].dump().find("broken.cpp"), std::string::npos);
  EXPECT_EQ(log["runs"][0]["invocations"][0]["executionSuccessful"], false) << "what did not parse was not checked";
}

TEST(Cli, CrashInOneTuIsIsolated) {
  std::string dir = freshDir("crash");
  writeFile(dir + "/crashes.cpp", kSafeClient);
  writeFile(dir + "/bad.cpp", kInsecureClient);
  writeDatabase(dir, {"crashes.cpp", "bad.cpp"});
  std::string sarif = sarifOutput("cli-crash");
  RunResult r = runAttest({"scan", "-p", dir, "--sarif", sarif, "--debug-crash-on", "crashes.cpp", "-j", "2"});
  EXPECT_EQ(r.exitCode, 1) << r.err;  // the other TU's finding still gates
  EXPECT_NE(r.err.find("1 crashed"), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(resultsOf(log).size(), 1u);
  EXPECT_EQ(log["runs"][0]["invocations"][0]["executionSuccessful"], false);
  std::string notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"].dump();
  EXPECT_NE(notes.find("tu-crashed"), std::string::npos);
  EXPECT_NE(notes.find("crashes.cpp"), std::string::npos);

  r = runAttest({"scan", "-p", dir, "--debug-crash-on", "crashes.cpp", "--disable", "tls-*"});
  EXPECT_EQ(r.exitCode, 3) << "no gating finding but an incomplete scan: " << r.err;
}

TEST(Cli, HeaderFindingReportedOnceAndOrderDeterministic) {
  std::string dir = freshDir("header-dedupe");
  writeFile(dir + "/include/tls_util.h", R"(#pragma once
#include <openssl/ssl.h>
inline void trust_everything(SSL_CTX *client) { SSL_CTX_set_verify(client, SSL_VERIFY_NONE, nullptr); }
)");
  std::vector<std::string> files;
  for (int i = 0; i < 6; ++i) {
    std::string name = "tu" + std::to_string(i) + ".cpp";
    writeFile(dir + "/" + name, std::string("#include \"include/tls_util.h\"\n") + kInsecureClient);
    files.push_back(name);
  }
  writeDatabase(dir, files);
  std::string one = sarifOutput("cli-j1"), two = sarifOutput("cli-j2");
  RunResult r1 = runAttest({"scan", "-p", dir, "-j", "1", "--sarif", one});
  RunResult r2 = runAttest({"scan", "-p", dir, "-j2", "--sarif", two});
  EXPECT_EQ(r1.exitCode, 1);
  EXPECT_EQ(r1.out, r2.out);
  std::vector<Seen> seen = resultsOf(readJson(one));
  ASSERT_EQ(seen.size(), 7u) << "one header finding plus one per TU";
  EXPECT_EQ(std::count_if(seen.begin(), seen.end(), [](const Seen &s) { return s.file.ends_with("tls_util.h"); }), 1);
  EXPECT_EQ(stripVolatile(readJson(one)).dump(), stripVolatile(readJson(two)).dump());
}

// A cache of each TU's top-level declarations was keyed on the ASTContext's address,
// which the next TU's context often reuses: about 1 TU in 100 analysed the freed
// declarations of the TU before and crashed (tu-crashed). Many small TUs that all need
// that cache (SSL_CTX_set_verify asks who created the context) in one scan.
TEST(Cli, ManyTusInOneScanAllComplete) {
  std::string dir = freshDir("many-tus");
  std::vector<std::string> files;
  for (int i = 0; i < 80; ++i) {
    files.push_back("tu" + std::to_string(i) + ".cpp");
    writeFile(dir + "/" + files.back(), "#include <openssl/ssl.h>\nvoid f" + std::to_string(i) +
                                            "(SSL_CTX *ctx) {\n  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);\n}\n");
  }
  writeDatabase(dir, files);
  for (const char *jobs : {"1", "2"}) {
    SCOPED_TRACE(jobs);
    RunResult r = runAttest({"scan", "-p", dir, "-j", jobs, "-q"});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("80 TU(s) scanned, 0 failed to parse; findings: 80 error"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("crashed"), std::string::npos) << r.err;
  }
}

TEST(Cli, RulesTableAndJson) {
  RunResult r = runAttest({"rules"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(tls-verification-disabled\s+error\s+CWE-295)"))) << r.out;
  r = runAttest({"rules", "--format", "json"});
  ASSERT_EQ(r.exitCode, 0);
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_FALSE(doc["rules"].empty());
  EXPECT_EQ(doc["catalogSha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(doc["taxonomies"].contains("soc2"));
}

TEST(Cli, PluginFlagsAreStripped) {
  std::string dir = freshDir("plugin");
  writeFile(dir + "/a.cpp", kSafeClient);
  nlohmann::json db = nlohmann::json::array();
  db.push_back({{"directory", dir}, {"file", "a.cpp"},
                {"arguments", {"c++", "-std=c++20", "-fplugin=/tmp/evil.so", "-Xclang", "-load", "-Xclang", "/tmp/evil2.so", "-c", "a.cpp"}}});
  writeFile(dir + "/compile_commands.json", db.dump());
  RunResult r = runAttest({"scan", "-p", dir});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("dropped the compiler flag -fplugin= (loads a plugin) from 1 TU(s) [flag-dropped]"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dropped the compiler flag -Xclang (passes flags to a tool inside the compiler)"),
            std::string::npos) << r.err;
}

}  // namespace
