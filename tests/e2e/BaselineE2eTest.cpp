// Baselines match the right finding (issue 15 §5): a baselined line copied elsewhere is new,
// the original stays accepted, with and without --diff-base.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kClient = R"(#include <curl/curl.h>

void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

std::map<std::string, std::string> statesByFile(const std::string &sarif) {
  std::map<std::string, std::string> out;
  nlohmann::json log = readJson(sarif);
  for (const auto &result : log["runs"][0]["results"])
    out[result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>()] =
        result.value("baselineState", "");
  return out;
}

TEST(BaselineE2e, CopiedLineIsNewAndTheOriginalStaysAccepted) {
  std::string repo = makeGitRepo("baseline-copy", {{"src/client.cpp", kClient}});
  std::string baseline = sarifOutput("baseline-copy-base");
  ASSERT_EQ(runAttest({"baseline", "create", "-o", baseline, "-p", repo}, repo).exitCode, 0);

  // The same insecure line, in a function of the same name, in a new file that sorts first.
  writeFile(repo + "/src/a_copy.cpp", kClient);
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  db.push_back({{"directory", repo}, {"file", "src/a_copy.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "src/a_copy.cpp"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("baseline-copy");
  RunResult r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  std::map<std::string, std::string> states = statesByFile(sarif);
  EXPECT_EQ(states["src/a_copy.cpp"], "new");
  EXPECT_EQ(states["src/client.cpp"], "unchanged");
  EXPECT_NE(r.err.find("1 new, 0 fixed"), std::string::npos) << r.err;

  // With --diff-base the copy is on changed lines (a new file): it gates.
  r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("a_copy.cpp:4:47: error:"), std::string::npos) << r.out;
}

TEST(BaselineE2e, NewLocationInAnUnchangedFileIsNew) {
  std::string repo = makeGitRepo("baseline-new-place", {{"src/client.cpp", kClient}, {"src/other.cpp", "int other() { return 1; }\n"}});
  std::string baseline = sarifOutput("baseline-new-place-base");
  ASSERT_EQ(runAttest({"baseline", "create", "-o", baseline, "-p", repo}, repo).exitCode, 0);
  // The baselined call moves from client.cpp (still there) into other.cpp, same function name.
  writeFile(repo + "/src/client.cpp", "#include <curl/curl.h>\n\nvoid fetch(CURL *h) {\n}\n");
  writeFile(repo + "/src/other.cpp", std::string("int other() { return 1; }\n") + kClient);
  std::string sarif = sarifOutput("baseline-new-place");
  RunResult r = runAttest({"scan", "-p", repo, "--baseline", baseline, "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_EQ(statesByFile(sarif)["src/other.cpp"], "new");
  EXPECT_NE(r.err.find("1 new, 1 fixed"), std::string::npos) << r.err;

}

}  // namespace
