// `attest scan --attestation`: an in-toto v1 Statement whose subject digests match the
// files the scan wrote, and whose predicate records the commit, rule set, configuration
// (with its non-default settings, also in the SARIF), compilation database and gate.
#include "Harness.h"
#include "core/Fingerprint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace attest;
using namespace attest::test;

namespace {

const char *kClient = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

std::string makeRepo(const std::string &name, const std::string &config) {
  return makeGitRepo(name, {{"src/client.cpp", kClient}, {"vendor/lib.cpp", kClient}, {".attest.yaml", config}});
}

std::string digestOf(const std::string &path) { return sha256Hex(readFile(path)); }

TEST(Attestation, SubjectsAreTheWrittenFilesWithTheirDigests) {
  std::string repo = makeRepo("attestation", "failOn: warning\nrules:\n  levels:\n    tls-verification-disabled: warning\n"
                                             "paths:\n  exclude: [\"vendor/**\"]\n");
  std::string out = freshDir("attestation-out");
  std::string sarif = sarifOutput("attestation");
  std::string statementPath = out + "/scan.intoto.json";
  RunResult r = runAttest({"scan", "-p", repo, "--sarif", sarif, "--report", out + "/report.json", "--junit",
                           out + "/junit.xml", "--attestation", statementPath},
                          repo);
  ASSERT_EQ(r.exitCode, 1) << "the warning gates under failOn: warning: " << r.err;

  nlohmann::json statement = readJson(statementPath);
  EXPECT_EQ(statement["_type"], "https://in-toto.io/Statement/v1");
  EXPECT_EQ(statement["predicateType"], "https://github.com/attest-scanner/attest/scan-predicate/v1");
  std::map<std::string, std::string> digests;
  for (const auto &s : statement["subject"]) digests[s["name"]] = s["digest"]["sha256"];
  ASSERT_EQ(digests.size(), 3u) << statement["subject"].dump(2);
  EXPECT_EQ(digests[sarif], digestOf(sarif));
  EXPECT_EQ(digests[out + "/report.json"], digestOf(out + "/report.json"));
  EXPECT_EQ(digests[out + "/junit.xml"], digestOf(out + "/junit.xml"));
  EXPECT_EQ(digests[sarif].size(), 64u);

  const nlohmann::json &p = statement["predicate"];
  RunResult head = runShell("git rev-parse HEAD", repo);
  EXPECT_EQ(p["source"]["commit"], head.out.substr(0, 40));
  EXPECT_EQ(p["source"]["branch"], "main");
  EXPECT_EQ(p["gate"]["failOn"], "warning");
  EXPECT_EQ(p["gate"]["result"], "fail");
  EXPECT_EQ(p["gate"]["exitStatus"], 1);
  EXPECT_EQ(p["findings"]["warning"], 1) << "vendor/ is excluded, the level lowered";
  EXPECT_EQ(p["findings"]["error"], 0);
  EXPECT_EQ(p["configuration"]["sha256"], digestOf(repo + "/.attest.yaml"));
  EXPECT_EQ(p["compilationDatabase"]["sha256"], digestOf(repo + "/compile_commands.json"));
  const nlohmann::json &settings = p["configuration"]["nonDefaultSettings"];
  EXPECT_EQ(settings["failOn"], "warning");
  EXPECT_EQ(settings["rules.levels.tls-verification-disabled"], "warning");
  EXPECT_EQ(settings["paths.exclude"], "vendor/**");
  nlohmann::json log = readJson(sarif);
  std::string catalog = log["runs"][0]["invocations"][0]["properties"]["catalogSha256"];
  EXPECT_EQ(p["ruleSet"]["catalogSha256"], catalog);
  EXPECT_EQ(p["scan"]["tusScanned"], 1);

  // The same settings are in the SARIF (for `attest report` later) and in the report,
  // which was built from the very bytes of the --sarif file.
  EXPECT_EQ(log["runs"][0]["invocations"][0]["properties"]["configSettings"], settings);
  EXPECT_EQ(log["runs"][0]["invocations"][0]["properties"]["compilationDatabaseSha256"],
            digestOf(repo + "/compile_commands.json"));
  nlohmann::json report = readJson(out + "/report.json");
  ASSERT_EQ(report["inputs"].size(), 1u);
  EXPECT_EQ(report["inputs"][0]["sha256"], digestOf(sarif));
  EXPECT_EQ(report["inputs"][0]["path"], sarif);
  std::string shown = report["runs"][0]["configSettings"].dump();
  EXPECT_NE(shown.find("failOn = warning"), std::string::npos) << shown;

  // Change an attested file: its digest no longer matches.
  writeFile(out + "/junit.xml", readFile(out + "/junit.xml") + " ");
  EXPECT_NE(digests[out + "/junit.xml"], digestOf(out + "/junit.xml"));
}

TEST(Attestation, DefaultScanHasNoSettingsAndPasses) {
  std::string repo = makeRepo("attestation-default", "");
  std::string out = freshDir("attestation-default-out");
  RunResult r = runAttest({"scan", "-p", repo, "--report", out + "/r.md", "--attestation", out + "/a.json",
                           "--disable", "tls-*"},
                          repo);
  ASSERT_EQ(r.exitCode, 0) << "the only findings are TLS ones: " << r.err;
  nlohmann::json p = readJson(out + "/a.json")["predicate"];
  EXPECT_EQ(p["gate"]["result"], "pass");
  EXPECT_EQ(p["gate"]["failOn"], "error");
  EXPECT_EQ(p["configuration"]["nonDefaultSettings"], nlohmann::json({{"rules.disable", "tls-*"}}));
  ASSERT_EQ(readJson(out + "/a.json")["subject"].size(), 1u) << "the report only: no --sarif";
  EXPECT_EQ(readJson(out + "/a.json")["subject"][0]["digest"]["sha256"], digestOf(out + "/r.md"));
  EXPECT_NE(readFile(out + "/r.md").find("(this scan)"), std::string::npos) << "the in-memory SARIF is named";
}

TEST(Attestation, NeedsSomethingToAttest) {
  std::string repo = makeRepo("attestation-nothing", "");
  RunResult r = runAttest({"scan", "-p", repo, "--attestation", repo + "/a.json"}, repo);
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("--attestation attests the files the scan writes"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(repo + "/a.json"));
  EXPECT_EQ(r.out, "") << "nothing was scanned";
}

}  // namespace
