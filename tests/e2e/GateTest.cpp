// The CI gate end to end on a real git repository built by the test: configuration,
// baselines, inline suppressions, GitHub annotations.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kClient = R"(#include <curl/curl.h>

void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

std::string makeRepo(const std::string &name) {
  return makeGitRepo(name, {{"src/client.cpp", kClient}, {"src/other.cpp", "int other() { return 1; }\n"}});
}

nlohmann::json firstResult(const std::string &sarif) { return readJson(sarif)["runs"][0]["results"][0]; }

TEST(Gate, BaselineShiftedLinesNewFindingAndSuppression) {
  std::string repo = makeRepo("gate-baseline");
  std::string baseline = sarifOutput("gate-baseline");
  RunResult create = runAttest({"baseline", "create", "-o", baseline, "-p", repo}, repo);
  ASSERT_EQ(create.exitCode, 0) << create.err;
  EXPECT_NE(create.err.find("baseline of 1 finding(s)"), std::string::npos) << create.err;

  // An unrelated edit that moves the finding down keeps the gate green.
  writeFile(repo + "/src/client.cpp", std::string("// header comment\n#include <cstdio>\n\n") + kClient);
  std::string shifted = sarifOutput("gate-shifted");
  RunResult r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", shifted}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(firstResult(shifted)["baselineState"], "unchanged");
  EXPECT_NE(r.err.find("0 new, 0 fixed"), std::string::npos) << r.err;

  // Reformatting the finding's own line keeps it too.
  std::string text = readFile(repo + "/src/client.cpp");
  const std::string original = "curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);";
  text.replace(text.find(original), original.size(), "curl_easy_setopt( h,CURLOPT_SSL_VERIFYPEER,  0L );");
  writeFile(repo + "/src/client.cpp", text);
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--baseline", baseline}, repo).exitCode, 0);

  // A newly added insecure call turns it red.
  writeFile(repo + "/src/client.cpp", text + "void more(CURL *h) { curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L); }\n");
  std::string added = sarifOutput("gate-added");
  r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", added}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.out.find("(new)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 new, 0 fixed"), std::string::npos) << r.err;

  // A suppression with a justification turns it green and is kept for auditors.
  text = readFile(repo + "/src/client.cpp");
  text.replace(text.find("void more("), 0, "// attest:ignore[tls-verification-disabled] proxy is on loopback, SEC-7\n");
  writeFile(repo + "/src/client.cpp", text);
  std::string suppressed = sarifOutput("gate-suppressed");
  r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", suppressed}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("PROXY"), std::string::npos) << "suppressed findings are hidden by default";
  EXPECT_NE(runAttest({"scan", "-p", repo, "--show-suppressed"}, repo).out.find("(suppressed: proxy is on loopback, SEC-7)"),
            std::string::npos);
  bool found = false;
  nlohmann::json log = readJson(suppressed);
  for (const auto &result : log["runs"][0]["results"])
    if (result.contains("suppressions")) {
      found = true;
      EXPECT_EQ(result["suppressions"][0]["kind"], "inSource");
      EXPECT_EQ(result["suppressions"][0]["justification"], "proxy is on loopback, SEC-7");
    }
  EXPECT_TRUE(found);

  // A suppression without justification is itself a finding.
  text.replace(text.find(" proxy is on loopback, SEC-7"), 28, "");
  writeFile(repo + "/src/client.cpp", text);
  r = runAttest({"scan", "-p", repo, "--fail-on", "warning"}, repo);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("[suppression-invalid]"), std::string::npos) << r.out;
}

TEST(Gate, FileMoveKeepsBaseline) {
  std::string repo = makeRepo("gate-move");
  std::string baseline = sarifOutput("gate-move-baseline");
  ASSERT_EQ(runAttest({"baseline", "create", "-o", baseline, "-p", repo}, repo).exitCode, 0);
  fs::rename(repo + "/src/client.cpp", repo + "/src/http_client.cpp");
  std::string db = readFile(repo + "/compile_commands.json");
  db.replace(db.find("src/client.cpp"), 14, "src/http_client.cpp");
  db.replace(db.find("src/client.cpp"), 14, "src/http_client.cpp");
  writeFile(repo + "/compile_commands.json", db);
  std::string moved = sarifOutput("gate-moved");
  RunResult r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", moved}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(firstResult(moved)["baselineState"], "updated");
}

TEST(Gate, ConfigFileRulesPathsLevelsAndAllowlist) {
  std::string repo = makeRepo("gate-config");
  writeFile(repo + "/.attest.yaml", "failOn: warning\npaths:\n  exclude: [\"third_party/**\"]\n");
  writeFile(repo + "/third_party/vendor.cpp", kClient);
  std::string db = readFile(repo + "/compile_commands.json");
  nlohmann::json entries = nlohmann::json::parse(db);
  entries.push_back({{"directory", repo}, {"file", "third_party/vendor.cpp"}, {"arguments", {"c++", "-c", "third_party/vendor.cpp"}}});
  writeFile(repo + "/compile_commands.json", entries.dump());
  RunResult r = runAttest({"scan", "-p", repo}, repo + "/src");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.out.find("vendor.cpp"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 TU(s) excluded by configuration"), std::string::npos) << r.err;

  writeFile(repo + "/.attest.yaml", "rules:\n  levels:\n    tls-verification-disabled: note\n");
  EXPECT_EQ(runAttest({"scan", "-p", repo}, repo).exitCode, 0) << "a note does not fail the default gate";
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--fail-on", "note"}, repo).exitCode, 1) << "the flag overrides the file";

  std::string sarif = sarifOutput("gate-config");
  runAttest({"scan", "-p", repo, "--sarif", sarif, "--config", "/dev/null"}, repo);
  std::string print = firstResult(sarif)["partialFingerprints"]["attest/v1"];
  writeFile(repo + "/.attest.yaml", "paths:\n  exclude: [\"third_party/**\"]\nallow:\n  - fingerprint: " + print +
                                        "\n    justification: \"accepted by security review SEC-1\"\n");
  std::string allowed = sarifOutput("gate-allowed");
  r = runAttest({"scan", "-p", repo, "--sarif", allowed}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(firstResult(allowed)["suppressions"][0]["kind"], "external");
  EXPECT_EQ(firstResult(allowed)["suppressions"][0]["justification"], "accepted by security review SEC-1");
}

TEST(Gate, BadConfigIsAnErrorWithPosition) {
  std::string repo = makeRepo("gate-bad-config");
  writeFile(repo + "/.attest.yaml", "rules:\n  enable: [tls-*]\n  colour: red\n");
  RunResult r = runAttest({"scan", "-p", repo}, repo);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find(".attest.yaml:3:3: error: unknown key 'colour'"), std::string::npos) << r.err;
  writeFile(repo + "/.attest.yaml", "rules:\n  levels:\n    tls-verification-disabled: fatal\n");
  r = runAttest({"scan", "-p", repo}, repo);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find(".attest.yaml:3:5: error: level of 'tls-verification-disabled'"), std::string::npos) << r.err;
  writeFile(repo + "/.attest.yaml", "rules:\n  disable: [nope-*]\n");
  r = runAttest({"scan", "-p", repo}, repo);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown rule 'nope-*'"), std::string::npos) << r.err;
  writeFile(repo + "/not-sarif.json", "{ broken");
  writeFile(repo + "/.attest.yaml", "");
  r = runAttest({"scan", "-p", repo, "--baseline", repo + "/not-sarif.json"}, repo);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("is not valid JSON"), std::string::npos) << r.err;
}

TEST(Gate, InitWritesAValidDefaultConfig) {
  std::string repo = makeRepo("gate-init");
  RunResult r = runAttest({"init"}, repo);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(fs::exists(repo + "/.attest.yaml"));
  EXPECT_EQ(runAttest({"init"}, repo).exitCode, 2) << "never overwrites silently";
  EXPECT_EQ(runAttest({"scan", "-p", repo}, repo).exitCode, 1) << "the default file keeps the default gate";
}

TEST(Gate, GithubAnnotations) {
  std::string repo = makeRepo("gate-github");
  RunResult r = runAttest({"scan", "-p", repo, "--format", "github"}, repo);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.out.rfind("::error file=src/client.cpp,line=4,col=47,endLine=4,title=tls-verification-disabled::", 0), 0u)
      << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);
}

}  // namespace

namespace {
TEST(Gate, DiffBaseScansTouchedTusAndGatesChangedLines) {
  std::string repo = freshDir("gate-diff-base");
  writeFile(repo + "/include/net.h", "#pragma once\n#include <curl/curl.h>\ninline void tune(CURL *h) { curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L); }\n");
  writeFile(repo + "/a.cpp", "#include \"include/net.h\"\nvoid a(CURL *h) { tune(h); }\n");
  writeFile(repo + "/b.cpp", "#include <curl/curl.h>\nvoid b(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n");
  writeFile(repo + "/c.cpp", "int c() { return 3; }\n");
  nlohmann::json db = nlohmann::json::array();
  for (const char *f : {"a.cpp", "b.cpp", "c.cpp"})
    db.push_back({{"directory", repo}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  ASSERT_EQ(runShell("git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm base", repo).exitCode, 0);

  RunResult full = runAttest({"scan", "-p", repo}, repo);
  EXPECT_EQ(full.exitCode, 1) << "b.cpp's old finding gates a full scan";
  EXPECT_NE(full.err.find("3 TU(s) scanned"), std::string::npos) << full.err;

  // A new insecure call in a.cpp: only a.cpp is scanned, and the new finding fails.
  writeFile(repo + "/a.cpp", "#include \"include/net.h\"\nvoid a(CURL *h) { tune(h); }\nvoid a2(CURL *h) { curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L); }\n");
  RunResult r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) touched by changes, 2 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.cpp:3:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("b.cpp"), std::string::npos) << r.out;

  // Commit it; a change to the header rescans the TU that includes it, and the
  // unchanged finding on an unchanged line of a scanned TU does not fail the gate.
  runShell("git -c user.name=t -c user.email=t@example.com commit -qam more", repo);
  writeFile(repo + "/include/net.h", "#pragma once\n#include <curl/curl.h>\ninline void tune(CURL *h) { curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L); }\n");
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_NE(r.err.find("1 TU(s) touched by changes, 2 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("a.cpp:3:"), std::string::npos) << "a.cpp is rescanned through its header";
  EXPECT_EQ(r.exitCode, 0) << "its finding is on an unchanged line";

  EXPECT_EQ(runAttest({"scan", "-p", repo, "--diff-base", "no-such-ref"}, repo).exitCode, 2);
}
}  // namespace
