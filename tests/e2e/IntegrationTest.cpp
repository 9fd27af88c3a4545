// The integrations under integrations/, executed where they can be here.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

using namespace attest::test;
namespace fs = std::filesystem;

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

// What GitLab's validation of a SAST report (security-report-schemas 15.x,
// dist/sast-report-format.json) requires, written from the schema's text: no package of
// the schema is reachable here (npm has none), so the test checks the required fields,
// their types and enums one by one. Top level: `version`, `vulnerabilities` and `scan`
// required (`schema` is the schema's URL). scan: `analyzer` and `scanner` (each `id`,
// `name`, `version`, `vendor.name`), `type` "sast", `start_time` and `end_time` as
// YYYY-MM-DDTHH:MM:SS, `status` "success" or "failure", `messages[]` with `level` info,
// warning or fatal. A vulnerability: `id`, `identifiers` (at least one, each `type`,
// `name`, `value`) and `location` required, `severity` one of the six levels. 15.0 removed
// a vulnerability's `cve` and `scanner` and dropped `category` and `message` (GitLab issue
// gitlab-org/gitlab#339812, "Build and release next MODEL version 15-0-0"): none is written.
void expectGitlabSast15(const nlohmann::json &report) {
  ASSERT_TRUE(report.is_object());
  EXPECT_TRUE(report["schema"].is_string() && report["schema"].get<std::string>().find("/v15.") != std::string::npos &&
              report["schema"].get<std::string>().ends_with("/sast-report-format.json"))
      << report["schema"];
  ASSERT_TRUE(report["version"].is_string());
  EXPECT_TRUE(std::regex_match(report["version"].get<std::string>(), std::regex(R"(15\.\d+\.\d+)"))) << report["version"];
  ASSERT_TRUE(report["vulnerabilities"].is_array());
  const nlohmann::json &scan = report["scan"];
  ASSERT_TRUE(scan.is_object());
  for (const char *tool : {"analyzer", "scanner"}) {
    for (const char *field : {"id", "name", "version"})
      EXPECT_TRUE(scan[tool][field].is_string() && !scan[tool][field].get<std::string>().empty()) << tool << "." << field;
    EXPECT_TRUE(scan[tool]["vendor"]["name"].is_string()) << tool << ".vendor.name";
  }
  EXPECT_EQ(scan["type"], "sast");
  std::regex time(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
  for (const char *field : {"start_time", "end_time"})
    EXPECT_TRUE(scan[field].is_string() && std::regex_match(scan[field].get<std::string>(), time)) << field << " " << scan[field];
  EXPECT_TRUE(scan["status"] == "success" || scan["status"] == "failure") << scan["status"];
  for (const auto &m : scan.value("messages", nlohmann::json::array())) {
    EXPECT_TRUE(m["level"] == "info" || m["level"] == "warning" || m["level"] == "fatal") << m;
    EXPECT_TRUE(m["value"].is_string()) << m;
  }
  std::set<std::string> severities = {"Info", "Unknown", "Low", "Medium", "High", "Critical"};
  for (const auto &v : report["vulnerabilities"]) {
    EXPECT_TRUE(v["id"].is_string() && !v["id"].get<std::string>().empty()) << v;
    ASSERT_TRUE(v["identifiers"].is_array() && !v["identifiers"].empty()) << v;
    for (const auto &id : v["identifiers"])
      for (const char *field : {"type", "name", "value"}) EXPECT_TRUE(id[field].is_string()) << field << " " << id;
    ASSERT_TRUE(v["location"].is_object()) << v;
    EXPECT_TRUE(v["location"]["file"].is_string()) << v["location"];
    EXPECT_TRUE(v["location"]["start_line"].is_number_integer()) << v["location"];
    EXPECT_TRUE(severities.count(v["severity"].get<std::string>())) << v["severity"];
    for (const char *removed : {"category", "message", "cve", "scanner"})
      EXPECT_FALSE(v.contains(removed)) << "schema 15 has no vulnerability " << removed;
  }
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
  expectGitlabSast15(report);
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
  expectGitlabSast15(report);
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

// Issue 22 §2: the GitLab template's jobs, run as a runner runs their script: lines
// (tests/e2e/run_gitlab_job.py) with the real attest, on a CMake project: the template
// parses, each shard scans its part, and the merge job writes the SAST report and the
// JUnit results its artifacts:reports: name, for the whole scan.
TEST(Integration, GitlabTemplateShardsMergeIntoMergeRequestReports) {
  if (runShell("python3 -c 'import yaml'").exitCode != 0) GTEST_SKIP() << "python3 with PyYAML is needed";
  std::vector<std::pair<std::string, std::string>> files = {
      {"CMakeLists.txt", "cmake_minimum_required(VERSION 3.16)\nproject(t CXX)\n"
                         "add_library(t net.cpp a.cpp b.cpp c.cpp d.cpp)\n"},
      {"net.cpp", kInsecure}};
  for (const char *name : {"a", "b", "c", "d"})
    files.push_back({std::string(name) + ".cpp", "int " + std::string(name) + "() { return 1; }\n"});
  std::string repo = makeGitRepo("ci-gitlab-template", files);
  std::string runner = sourceDir() + "/tests/e2e/run_gitlab_job.py";
  std::string tmpl = sourceDir() + "/integrations/gitlab/attest.gitlab-ci.yml";
  auto run = [&](const std::string &jobs) {
    RunResult r = runShell("python3 " + shellQuote(runner) + " " + shellQuote(tmpl) + " " + shellQuote(repo) + " " + jobs +
                               " -- ATTEST=" + shellQuote(ATTEST_BINARY),
                           repo);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };

  nlohmann::json runs = run(".attest-shard .attest-merge");
  ASSERT_EQ(runs.size(), 5u) << runs.dump(1);
  int failedShards = 0;
  for (int i = 0; i < 4; ++i) {
    const auto &shard = runs[i];
    EXPECT_TRUE(shard["status"] == 0 || shard["status"] == 1) << shard.dump(1);
    failedShards += shard["status"] == 1;
    EXPECT_TRUE(shard["reports"].empty()) << "a shard declares no report it does not write: " << shard["reports"];
  }
  EXPECT_EQ(failedShards, 1) << "the shard with net.cpp gates on its finding";
  for (int i = 1; i <= 4; ++i) EXPECT_TRUE(fs::exists(repo + "/attest-shard-" + std::to_string(i) + ".sarif")) << i;
  const auto &merge = runs[4];
  EXPECT_EQ(merge["job"], ".attest-merge");
  EXPECT_EQ(merge["status"], 0) << merge["log"].get<std::string>();
  EXPECT_EQ(merge["when"], "always") << "it runs after a shard failed on findings";
  ASSERT_EQ(merge["reports"].size(), 2u) << merge["reports"];
  EXPECT_EQ(merge["reports"]["sast"]["file"], "gl-sast-report.json");
  EXPECT_EQ(merge["reports"]["junit"]["file"], "attest-junit.xml");
  for (const auto &[kind, report] : merge["reports"].items()) EXPECT_TRUE(report["exists"].get<bool>()) << kind;
  for (const auto &[pattern, matched] : merge["paths"].items()) EXPECT_FALSE(matched.empty()) << pattern;

  nlohmann::json sast = readJson(repo + "/gl-sast-report.json");
  expectGitlabSast15(sast);
  ASSERT_EQ(sast["vulnerabilities"].size(), 1u) << sast.dump(1);
  EXPECT_EQ(sast["vulnerabilities"][0]["location"]["file"], "net.cpp");
  EXPECT_EQ(sast["scan"]["status"], "success") << "all four shards merged";
  std::string xml = readFile(repo + "/attest-junit.xml");
  EXPECT_NE(xml.find("<testcase classname=\"attest\" name=\"tls-verification-disabled\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(readFile(repo + "/attest-report.html").find("tls-verification-disabled"), std::string::npos);

  // The unsharded job writes the same two reports itself.
  for (const char *file : {"gl-sast-report.json", "attest-junit.xml"}) fs::remove(repo + "/" + file);
  runs = run("attest");
  ASSERT_EQ(runs.size(), 1u) << runs.dump(1);
  EXPECT_EQ(runs[0]["status"], 1) << runs[0]["log"].get<std::string>();
  for (const auto &[kind, report] : runs[0]["reports"].items()) EXPECT_TRUE(report["exists"].get<bool>()) << kind;
  expectGitlabSast15(readJson(repo + "/gl-sast-report.json"));
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
  // The result cache: restored from the base commit's, else the branch's; saved before the gate.
  for (const char *needle : {"uses: actions/cache/restore@v4", "uses: actions/cache/save@v4",
                             "github.event.pull_request.base.sha", "restore-keys:", "--cache-dir \"$ATTEST_CACHE_DIR\""})
    EXPECT_NE(action.find(needle), std::string::npos) << needle;
  EXPECT_LT(action.find("actions/cache/save@v4"), action.find("name: Gate"));
  // actions/runner#2185: in a job container ${{ github.action_path }} is the host's path.
  EXPECT_EQ(action.find("${{ github.action_path }}/"), std::string::npos);
  // Every action used is pinned to a major version.
  for (const std::string &file : {std::string("action.yml"), std::string("example-workflow.yml"),
                                  std::string("sharded-workflow.yml")}) {
    std::string text = readFile(sourceDir() + "/integrations/github/" + file);
    std::regex uses(R"(uses:\s*([^\s#]+))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), uses); it != std::sregex_iterator(); ++it) {
      std::string target = (*it)[1];
      if (target.rfind("./", 0) == 0) continue;  // a local action
      EXPECT_TRUE(std::regex_match(target, std::regex(R"([\w.-]+/[\w./-]+@v\d+)"))) << file << ": " << target;
    }
  }
  std::string sharded = readFile(sourceDir() + "/integrations/github/sharded-workflow.yml");
  for (const char *needle : {"shard: [1, 2, 3, 4]", "shard: ${{ matrix.shard }}/4", "merge shard-*.sarif -o attest.sarif",
                             "upload-sarif"})
    EXPECT_NE(sharded.find(needle), std::string::npos) << needle;
  for (const char *needle : {"parallel: 4", "--shard \"$CI_NODE_INDEX/$CI_NODE_TOTAL\"", "merge attest-shard-*.sarif"})
    EXPECT_NE(gitlab.find(needle), std::string::npos) << needle;
}

}  // namespace

namespace {
// Issue 22 §2: a Bazel workspace's compile actions (`bazel aquery --output=jsonproto`, here
// as Bazel writes it for a cc_library with copts and a cc_binary) become a compilation
// database with each target's own flags, and attest scans it.
TEST(Integration, BazelActionGraphBecomesACompilationDatabase) {
  std::string execroot = freshDir("bazel-execroot");
  writeFile(execroot + "/net/net.c",
            "#include <curl/curl.h>\nvoid fetch(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, NET_VERIFY); }\n");
  writeFile(execroot + "/main.c", "int main(void) { return 0; }\n");
  nlohmann::json aquery = {
      {"actions",
       {{{"targetId", 1}, {"mnemonic", "CppCompile"},
         {"arguments", {"/usr/bin/gcc", "-U_FORTIFY_SOURCE", "-fstack-protector", "-Wall", "-fno-omit-frame-pointer",
                        "-std=c11", "-MD", "-MF", "bazel-out/k8-fastbuild/bin/net/_objs/net/net.d",
                        "-iquote", ".", "-DNET_VERIFY=0L", "-c", "net/net.c", "-o",
                        "bazel-out/k8-fastbuild/bin/net/_objs/net/net.o"}}},
        {{"targetId", 2}, {"mnemonic", "CppCompile"},
         {"arguments", {"/usr/bin/gcc", "-std=c11", "-iquote", ".", "-c", "main.c", "-o",
                        "bazel-out/k8-fastbuild/bin/_objs/client/main.o"}}},
        {{"targetId", 2}, {"mnemonic", "CppLink"}, {"arguments", {"/usr/bin/gcc", "-o", "client"}}}}},
      {"targets", {{{"id", 1}, {"label", "//net:net"}}, {{"id", 2}, {"label", "//:client"}}}}};
  std::string out = freshDir("bazel-db");
  writeFile(out + "/aquery.json", aquery.dump());
  RunResult convert = runShell("python3 " + sourceDir() + "/integrations/bazel/compile_commands.py --aquery " +
                                   out + "/aquery.json --execroot " + execroot + " -o " + out + "/compile_commands.json",
                               out);
  ASSERT_EQ(convert.exitCode, 0) << convert.err;
  nlohmann::json db = readJson(out + "/compile_commands.json");
  ASSERT_EQ(db.size(), 2u) << db.dump(1);  // the link action is not a compile
  EXPECT_EQ(db[0]["file"], "net/net.c");
  EXPECT_EQ(db[0]["directory"], fs::weakly_canonical(execroot).string());
  // The target's own -D decides the finding: NET_VERIFY is 0 only in net's copts.
  RunResult scan = runAttest({"scan", "-p", out, "--no-cache"}, out);
  EXPECT_EQ(scan.exitCode, 1) << scan.out << scan.err;
  EXPECT_NE(scan.out.find("net.c:2:"), std::string::npos) << scan.out;
  EXPECT_NE(scan.out.find("tls-verification-disabled"), std::string::npos) << scan.out;
  EXPECT_NE(scan.err.find("2 TU(s) planned, 2 analysed"), std::string::npos) << scan.err;
}
}  // namespace
