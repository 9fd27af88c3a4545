// The integrations under integrations/, executed where they can be here.
#include "Harness.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

using namespace attest::test;

namespace {

const char *kInsecure = "#include <curl/curl.h>\nvoid f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n";
const char *kSafe = "#include <curl/curl.h>\nvoid f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L); }\n";

std::string makeRepo(const std::string &name) {
  std::string dir = freshDir(name);
  writeFile(dir + "/net.cpp", kSafe);
  writeFile(dir + "/README", "x\n");
  nlohmann::json db = nlohmann::json::array();
  db.push_back({{"directory", dir}, {"file", "net.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "net.cpp"}}});
  writeFile(dir + "/compile_commands.json", db.dump());
  EXPECT_EQ(runShell("git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm init", dir)
                .exitCode,
            0);
  return dir;
}

TEST(Integration, PreCommitHookBlocksStagedInsecureFile) {
  std::string repo = makeRepo("precommit");
  std::string hook = "ATTEST=" + shellQuote(ATTEST_BINARY) + " " + shellQuote(sourceDir() + "/integrations/pre-commit/attest-staged.sh") + " -p .";
  EXPECT_EQ(runShell(hook, repo).exitCode, 0) << "nothing staged";
  writeFile(repo + "/net.cpp", kInsecure);
  runShell("git add net.cpp", repo);
  RunResult r = runShell(hook, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.out.find("net.cpp:2:63: error:"), std::string::npos) << r.out;
  writeFile(repo + "/net.cpp", kSafe);
  runShell("git add net.cpp", repo);
  EXPECT_EQ(runShell(hook, repo).exitCode, 0);
  writeFile(repo + "/README", "y\n");
  runShell("git add README", repo);
  EXPECT_EQ(runShell(hook, repo).exitCode, 0) << "no C/C++ file staged";
}

TEST(Integration, VsCodeProblemMatcherReadsTextOutput) {
  std::string repo = makeRepo("vscode");
  writeFile(repo + "/net.cpp", kInsecure);
  RunResult r = runAttest({"scan", "-p", repo}, repo);
  ASSERT_EQ(r.exitCode, 1);
  nlohmann::json tasks = readJson(sourceDir() + "/integrations/vscode/tasks.json");
  const auto &pattern = tasks["tasks"][0]["problemMatcher"]["pattern"];
  std::regex re(pattern["regexp"].get<std::string>());
  std::istringstream lines(r.out);
  int matched = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, re)) << line;
    EXPECT_EQ(m[pattern["file"].get<int>()], "net.cpp");
    EXPECT_EQ(m[pattern["line"].get<int>()], "2");
    EXPECT_EQ(m[pattern["severity"].get<int>()], "error");
    EXPECT_EQ(m[pattern["code"].get<int>()], "tls-verification-disabled");
    ++matched;
  }
  EXPECT_EQ(matched, 1);
}

TEST(Integration, GithubAnnotationsParseBackToTheSarifResults) {
  std::string repo = makeRepo("github");
  writeFile(repo + "/net.cpp", std::string(kInsecure) + "// 100% sure: a message with , and : is escaped\n");
  std::string sarif = sarifOutput("integration-github");
  RunResult r = runAttest({"scan", "-p", repo, "--format", "github", "--sarif", sarif}, repo);
  ASSERT_EQ(r.exitCode, 1);
  std::regex annotation(R"(^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),title=([^:]+)::(.*)$)");
  std::smatch m;
  std::string line = r.out.substr(0, r.out.find('\n'));
  ASSERT_TRUE(std::regex_match(line, m, annotation)) << line;
  nlohmann::json result = readJson(sarif)["runs"][0]["results"][0];
  EXPECT_EQ(m[2], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>());
  EXPECT_EQ(std::stoi(m[3]), result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
  EXPECT_EQ(m[6], result["ruleId"].get<std::string>());
  EXPECT_EQ(m[7], result["message"]["text"].get<std::string>());
}

TEST(Integration, JunitAndGitlabReports) {
  std::string repo = makeRepo("ci-reports");
  writeFile(repo + "/net.cpp", kInsecure);
  std::string junit = repo + "/attest-junit.xml", gitlab = repo + "/gl-sast-report.json";
  RunResult r = runAttest({"scan", "-p", repo, "--junit", junit, "--gitlab-sast", gitlab}, repo);
  ASSERT_EQ(r.exitCode, 1) << r.err;
  std::string xml = readFile(junit);
  EXPECT_NE(xml.find("<testsuite name=\"attest\""), std::string::npos);
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"attest\" name=\"tls-verification-disabled\">"), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"error\" message=\"1 finding at or above error\">net.cpp:2:63: error: curl_easy_setopt"),
            std::string::npos)
      << xml;
  if (runShell("command -v xmllint").exitCode == 0) EXPECT_EQ(runShell("xmllint --noout " + shellQuote(junit)).exitCode, 0);

  nlohmann::json report = readJson(gitlab);
  EXPECT_EQ(report["version"], "15.0.7");
  EXPECT_EQ(report["scan"]["type"], "sast");
  ASSERT_EQ(report["vulnerabilities"].size(), 1u);
  const auto &v = report["vulnerabilities"][0];
  EXPECT_EQ(v["location"]["file"], "net.cpp");
  EXPECT_EQ(v["location"]["start_line"], 2);
  EXPECT_EQ(v["severity"], "High");
  EXPECT_NE(v["identifiers"].dump().find("\"CWE-295\""), std::string::npos);
  EXPECT_EQ(report["scan"]["status"], "success");
  EXPECT_EQ(report["scan"]["messages"].size(), 0u) << report["scan"].dump();
}

// Issue 15 §1: an incomplete scan is not green in the merge request either: GitLab's
// SAST report has status "failure" and a message per TU not analysed, and JUnit an error
// test case, even when the user accepts the incomplete scan for the gate.
TEST(Integration, IncompleteScanIsAFailureInJunitAndGitlabReports) {
  std::string repo = makeRepo("ci-reports-incomplete");
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  db.push_back({{"directory", repo}, {"file", "gone.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "gone.cpp"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string junit = repo + "/attest-junit.xml", gitlab = repo + "/gl-sast-report.json";
  RunResult r = runAttest({"scan", "-p", repo, "--junit", junit, "--gitlab-sast", gitlab, "--allow-incomplete"}, repo);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json report = readJson(gitlab);
  EXPECT_EQ(report["scan"]["status"], "failure");
  std::string messages = report["scan"]["messages"].dump();
  EXPECT_NE(messages.find("scan incomplete: 1 of 2 planned TU(s) not analysed completely (1 skipped)"), std::string::npos) << messages;
  EXPECT_NE(messages.find("gone.cpp"), std::string::npos) << messages;
  EXPECT_NE(messages.find("[tu-skipped]"), std::string::npos) << messages;
  for (const auto &m : report["scan"]["messages"]) {
    std::string level = m["level"];
    EXPECT_TRUE(level == "info" || level == "warning" || level == "fatal") << level;  // the schema's enum
  }
  std::string xml = readFile(junit);
  EXPECT_NE(xml.find("failures=\"0\" errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"attest\" name=\"scan-completeness\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("gone.cpp"), std::string::npos) << xml;
  if (runShell("command -v xmllint").exitCode == 0) EXPECT_EQ(runShell("xmllint --noout " + shellQuote(junit)).exitCode, 0);
}

// Issue 22 §5: `failures` counts failing test cases (one per rule), each with one
// <failure>; findings below the gate threshold are listed, not failures.
TEST(Integration, JunitFailuresAreFailingTestCases) {
  std::string repo = makeRepo("ci-junit-count");
  writeFile(repo + "/net.cpp", std::string("#include <curl/curl.h>\n#include <openssl/ssl.h>\n") +
                                   "void f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n"
                                   "void g(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n"
                                   "void k(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L); }\n"
                                   "void n(CURL *h, bool insecure) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, insecure ? 0L : 1L); }\n");
  std::string junit = repo + "/junit.xml", sarif = sarifOutput("integration-junit-count");
  RunResult r = runAttest({"scan", "-p", repo, "--junit", junit, "--sarif", sarif}, repo);
  ASSERT_EQ(r.exitCode, 1) << r.err;
  nlohmann::json log = readJson(sarif);
  std::set<std::string> gatingRules;
  unsigned notes = 0;
  for (const auto &result : log["runs"][0]["results"]) {
    if (result["level"] == "error") gatingRules.insert(result["ruleId"].get<std::string>());
    if (result["level"] == "note") ++notes;
  }
  ASSERT_EQ(gatingRules.size(), 2u) << log["runs"][0]["results"].dump(1);
  ASSERT_GE(log["runs"][0]["results"].size(), 4u) << "two findings of one rule, one of another, and a note";
  ASSERT_GE(notes, 1u) << "the run-time choice is a note";
  std::string xml = readFile(junit);
  auto count = [&](const std::string &needle) {
    size_t n = 0;
    for (size_t at = xml.find(needle); at != std::string::npos; at = xml.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_NE(xml.find("<testsuite name=\"attest\" tests=\""), std::string::npos);
  EXPECT_NE(xml.find("failures=\"2\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_EQ(count("<failure "), 2u) << xml;
  EXPECT_NE(xml.find("message=\"2 findings at or above error\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("(below the gate threshold)"), std::string::npos) << "the note is listed, not a failure: " << xml;
  if (runShell("command -v xmllint").exitCode == 0) EXPECT_EQ(runShell("xmllint --noout " + shellQuote(junit)).exitCode, 0);

  // With the gate on notes, the note's test case fails too (same rule: still one failure per case).
  writeFile(repo + "/.attest.yaml", "failOn: note\n");
  r = runAttest({"scan", "-p", repo, "--junit", junit}, repo);
  ASSERT_EQ(r.exitCode, 1) << r.err;
  xml = readFile(junit);
  EXPECT_NE(xml.find("failures=\"2\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_EQ(xml.find("(below the gate threshold)"), std::string::npos) << xml;
}

TEST(Integration, ActionAndTemplatesReferenceRealFiles) {
  std::string action = readFile(sourceDir() + "/integrations/github/action.yml");
  for (const char *needle : {"scripts/install-deps.sh", "scripts/build.sh", "github/codeql-action/upload-sarif",
                             "--format github", "--sarif"})
    EXPECT_NE(action.find(needle), std::string::npos) << needle;
  EXPECT_EQ(runShell("test -x " + shellQuote(sourceDir() + "/scripts/install-deps.sh")).exitCode, 0);
  std::string gitlab = readFile(sourceDir() + "/integrations/gitlab/attest.gitlab-ci.yml");
  EXPECT_NE(gitlab.find("--gitlab-sast gl-sast-report.json"), std::string::npos);
  EXPECT_NE(gitlab.find("sast: gl-sast-report.json"), std::string::npos);
  // Sharding: the action passes --shard, the matrix workflow and GitLab's parallel job merge.
  EXPECT_NE(action.find("--shard \"$ATTEST_SHARD\""), std::string::npos);
  EXPECT_NE(action.find("--policy \"$ATTEST_POLICY_FILE\""), std::string::npos) << "the policy input is passed";
  std::string sharded = readFile(sourceDir() + "/integrations/github/sharded-workflow.yml");
  for (const char *needle : {"shard: [1, 2, 3, 4]", "shard: ${{ matrix.shard }}/4", "merge shard-*.sarif -o attest.sarif",
                             "upload-sarif"})
    EXPECT_NE(sharded.find(needle), std::string::npos) << needle;
  for (const char *needle : {"parallel: 4", "--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"", "merge attest-shard-*.sarif"})
    EXPECT_NE(gitlab.find(needle), std::string::npos) << needle;
}

}  // namespace
