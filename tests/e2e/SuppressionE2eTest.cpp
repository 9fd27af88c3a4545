// Suppressions come from comments only (issue 15 §6): each bypass on a real file, scanned
// by the real binary. The marker outside a comment suppresses nothing and the gate fails;
// a blanket wildcard is itself a finding unless the configuration allows it.
#include "Harness.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

using namespace attest::test;

namespace {

const char *kHeader = "#include <curl/curl.h>\n";

// Scans one C++ file; returns the exit status and the SARIF results.
RunResult scanSource(const std::string &name, const std::string &source, nlohmann::json &results) {
  std::string dir = freshDir("suppress-" + name);
  writeFile(dir + "/t.cpp", std::string(kHeader) + source);
  std::string sarif = sarifOutput("suppress-" + name);
  RunResult r = runAttest({"scan", dir + "/t.cpp", "--sarif", sarif, "--", "-std=c++20"}, dir);
  results = readJson(sarif)["runs"][0]["results"];
  return r;
}

unsigned count(const nlohmann::json &results, const std::string &rule, bool suppressed) {
  unsigned n = 0;
  for (const auto &result : results)
    n += result["ruleId"] == rule && (result.contains("suppressions") && !result["suppressions"].empty()) == suppressed;
  return n;
}

TEST(SuppressionE2e, MarkerInAUrlOnTheLineSuppressesNothing) {
  nlohmann::json results;
  RunResult r = scanSource("url",
                           "void f(CURL *h) {\n"
                           "  curl_easy_setopt(h, CURLOPT_URL, \"https://h.example/attest:ignore[tls-verification-disabled]"
                           " why\"); curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);\n"
                           "}\n",
                           results);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_EQ(count(results, "tls-verification-disabled", false), 1u) << results.dump(1);
  EXPECT_EQ(count(results, "tls-verification-disabled", true), 0u);
}

TEST(SuppressionE2e, MarkerInARawStringOnTheLineAboveSuppressesNothing) {
  nlohmann::json results;
  RunResult r = scanSource("raw",
                           "const char *usage = R\"(\n"
                           "// attest:ignore[tls-verification-disabled] an example in the help text\n"
                           ")\"; void f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n",
                           results);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_EQ(count(results, "tls-verification-disabled", false), 1u) << results.dump(1);
}

TEST(SuppressionE2e, MarkerAfterAnEarlierCommentMarkerInCodeSuppressesNothing) {
  nlohmann::json results;
  // The '//' is in a string; the marker after it is macro text, not a comment.
  RunResult r = scanSource("after-slashes",
                           "#define DOC \"//\" attest:ignore[tls-verification-disabled] never expanded\n"
                           "void f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n",
                           results);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_EQ(count(results, "tls-verification-disabled", false), 1u) << results.dump(1);
}

TEST(SuppressionE2e, RealCommentsStillSuppress) {
  nlohmann::json results;
  RunResult r = scanSource("real",
                           "void f(CURL *h) {\n"
                           "  curl_easy_setopt(h, CURLOPT_PROXY, \"http://proxy:3128\"); /* attest:ignore["
                           "tls-verification-disabled] loopback proxy, SEC-7 */ curl_easy_setopt(h, "
                           "CURLOPT_SSL_VERIFYPEER, 0L);\n"
                           "  const char *u = R\"(x)\"; // attest:ignore[tls-verification-disabled] test double\n"
                           "  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);\n"
                           "}\n",
                           results);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(count(results, "tls-verification-disabled", true), 2u) << results.dump(1);
  EXPECT_EQ(count(results, "suppression-invalid", false), 0u) << results.dump(1);
}

TEST(SuppressionE2e, HashInAConfigUrlIsNoComment) {
  std::string dir = freshDir("suppress-config");
  writeFile(dir + "/main.cpp", "int main() { return 0; }\n");
  writeFile(dir + "/service.yaml",
            "endpoint: https://svc.example/#attest:ignore[secrets-hardcoded-credential] not a comment\n"
            "password: FixtureSuppressPw-71\n"
            "backup:\n"
            "  password: FixtureSuppressPw-72 # attest:ignore[secrets-hardcoded-credential] local test database\n");
  writeFile(dir + "/app.env",
            "DOCS=http://wiki.example/#attest:ignore[secrets-hardcoded-credential] not a comment\n"
            "DB_PASSWORD=FixtureSuppressPw-73\n");
  std::string sarif = sarifOutput("suppress-config");
  RunResult r = runAttest({"scan", dir, "--sarif", sarif, "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  std::map<std::string, std::string> state;  // file:line -> suppressed | open
  nlohmann::json log = readJson(sarif);
  for (const auto &result : log["runs"][0]["results"]) {
    const auto &loc = result["locations"][0]["physicalLocation"];
    std::string file = loc["artifactLocation"]["uri"].get<std::string>();
    file = file.substr(file.rfind('/') + 1);
    state[file + ":" + std::to_string(loc["region"]["startLine"].get<int>())] =
        result.contains("suppressions") ? "suppressed" : "open";
  }
  EXPECT_EQ(state["service.yaml:2"], "open") << r.out;
  EXPECT_EQ(state["service.yaml:4"], "suppressed") << r.out;
  EXPECT_EQ(state["app.env:2"], "open") << r.out;
}

TEST(SuppressionE2e, BlanketWildcardIsAFindingUnlessAllowed) {
  std::string dir = freshDir("suppress-wildcard");
  for (const char *pattern : {"*", "t*"}) {
    writeFile(dir + "/t.cpp", std::string(kHeader) + "// attest:ignore[" + pattern +
                                  "] whatever it is\nvoid f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n");
    std::string sarif = sarifOutput("suppress-wildcard");
    RunResult r = runAttest({"scan", dir + "/t.cpp", "--sarif", sarif, "--", "-std=c++20"}, dir);
    EXPECT_EQ(r.exitCode, 1) << pattern << r.out << r.err;
    nlohmann::json results = readJson(sarif)["runs"][0]["results"];
    EXPECT_EQ(count(results, "tls-verification-disabled", false), 1u) << pattern << results.dump(1);
    EXPECT_EQ(count(results, "suppression-invalid", false), 1u) << pattern << results.dump(1);
    EXPECT_NE(r.out.find("blanket wildcard"), std::string::npos) << r.out;

    writeFile(dir + "/.attest.yaml", "suppressions:\n  allowWildcards: true\n");
    r = runAttest({"scan", dir + "/t.cpp", "--sarif", sarif, "--", "-std=c++20"}, dir);
    EXPECT_EQ(r.exitCode, 0) << pattern << r.out << r.err;
    results = readJson(sarif)["runs"][0]["results"];
    EXPECT_EQ(count(results, "tls-verification-disabled", true), 1u) << pattern << results.dump(1);
    EXPECT_EQ(count(results, "suppression-invalid", false), 0u) << pattern;
    std::remove((dir + "/.attest.yaml").c_str());
  }
  writeFile(dir + "/.attest.yaml", "suppressions:\n  allowWildcard: true\n");
  EXPECT_EQ(runAttest({"scan", dir + "/t.cpp", "--", "-std=c++20"}, dir).exitCode, 2) << "a misspelt key is an error";
}

}  // namespace
