// The code under review does not set its own gate (issue 15 §7): --policy FILE from outside
// the checkout, and with --diff-base the base revision's configuration, are the floor.
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

std::string fixture(const std::string &name) {
  return sourceDir() + "/tests/fixtures/policy/config-weakens-policy/" + name;
}

std::vector<unsigned> policyLines(const std::string &sarif) {
  std::vector<unsigned> lines;
  for (const Seen &s : resultsOf(readJson(sarif)))
    if (s.rule == "config-weakens-policy") lines.push_back(s.line);
  return lines;
}

TEST(PolicyE2e, EverySettingBelowThePolicyIsAGatingFinding) {
  std::string repo = makeGitRepo("policy-weakened", {{"src/ok.cpp", "int ok() { return 0; }\n"}});
  writeFile(repo + "/.attest.yaml", readFile(fixture("weakened.attest.yaml")) +
                                        "# attest:ignore[config-weakens-policy] we know better\n");
  std::string sarif = sarifOutput("policy-weakened");
  RunResult r = runAttest({"scan", "-p", repo, "--policy", fixture("policy.yaml"), "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_EQ(policyLines(sarif), (std::vector<unsigned>{2, 4, 6, 8, 9})) << r.out;
  EXPECT_NE(r.out.find(".attest.yaml:2:1: error: failOn: none lets through"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("turns off tls-verification-disabled"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("paths.exclude 'src/**'"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("third_party"), std::string::npos) << "an allowed exclude is fine: " << r.out;

  // At or above the policy: nothing to say, and the policy's failOn is the floor.
  writeFile(repo + "/.attest.yaml", "failOn: warning\npaths:\n  exclude: [\"third_party/**\"]\n");
  writeFile(repo + "/src/client.cpp", kClient);
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  db.push_back({{"directory", repo}, {"file", "src/client.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "src/client.cpp"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  r = runAttest({"scan", "-p", repo, "--policy", fixture("policy.yaml"), "--fail-on", "none"}, repo);
  EXPECT_EQ(r.exitCode, 1) << "--fail-on none does not go below the policy's error: " << r.err;
  EXPECT_EQ(r.out.find("config-weakens-policy"), std::string::npos) << r.out;
}

TEST(PolicyE2e, BadPolicyIsAnInputError) {
  std::string repo = makeGitRepo("policy-bad", {{"src/ok.cpp", "int ok() { return 0; }\n"}});
  std::string policy = repo + "/../policy-bad.yaml";
  writeFile(policy, "failOn: error\nrequiredRules: [nope-*]\n");
  RunResult r = runAttest({"scan", "-p", repo, "--policy", policy}, repo);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find(":2: error: unknown rule 'nope-*'"), std::string::npos) << r.err;
  writeFile(policy, "failOn: none\n");
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--policy", policy}, repo).exitCode, 2);
  writeFile(policy, "colour: red\n");
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--policy", policy}, repo).exitCode, 2);
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--policy", repo + "/none.yaml"}, repo).exitCode, 2);
}

TEST(PolicyE2e, WeakerThanTheBaseRevisionWithDiffBase) {
  std::string repo = makeGitRepo("policy-diff-base", {{"src/client.cpp", kClient}, {".attest.yaml", "failOn: warning\n"}});
  // The pull request lowers the gate and hides its new insecure call behind a nearer file.
  writeFile(repo + "/.attest.yaml", "failOn: none\n");
  writeFile(repo + "/src/.attest.yaml", "rules:\n  disable: [tls-*]\n");
  std::string sarif = sarifOutput("policy-diff-base");
  RunResult r = runAttest({"scan", "src", "-p", repo, "--diff-base", "HEAD", "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("src/.attest.yaml:2:1: error: rules.disable 'tls-*' turns off"), std::string::npos) << r.out;

  fs::remove(repo + "/src/.attest.yaml");
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(".attest.yaml:1:1: error: failOn: none lets through findings that the base revision's"),
            std::string::npos)
      << r.out;
  // Back to the base's setting: nothing weakened, and the old finding is on an unchanged line.
  writeFile(repo + "/.attest.yaml", "failOn: warning\n");
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

}  // namespace
