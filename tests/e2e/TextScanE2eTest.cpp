// The configuration-file secret scan always covers the repository (issue 15 §4, issue 17):
// its root comes from the command line and the checkout, never from database entries;
// it is stated in the SARIF; symlinks never lead it out of the tree or round in a loop.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kEnv = "DB_PASSWORD=TextScanPw-4417\n";

std::vector<Seen> inFile(const nlohmann::json &sarif, const std::string &name) {
  std::vector<Seen> out;
  for (const Seen &s : resultsOf(sarif))
    if (fs::path(s.file).filename() == name) out.push_back(s);
  return out;
}

TEST(TextScanE2e, DatabaseEntryOutsideTheTreeDoesNotTurnItOff) {
  std::string repo = makeGitRepo("text-root", {{"src/main.cpp", "int main() { return 0; }\n"}, {".env", kEnv}});
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  // The reproduction: one entry outside the tree turned the config-file scan off.
  db.push_back({{"directory", "/etc"}, {"file", "/etc/hostname"}, {"arguments", {"c++", "-c", "/etc/hostname"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("text-root");
  RunResult r = runAttest({"scan", "-p", repo, "--sarif", sarif, "--allow-incomplete"}, repo + "/src");
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(inFile(log, ".env").size(), 1u) << r.out;
  const auto &roots = log["runs"][0]["invocations"][0]["properties"]["configFileScanRoots"];
  ASSERT_EQ(roots.size(), 1u) << log["runs"][0]["invocations"][0].dump(2);
  EXPECT_EQ(roots[0], "file://" + repo + "/") << "the git top level, stated";
}

TEST(TextScanE2e, SymlinksNeverLeaveTheTreeAndFilesAreReadOnce) {
  std::string outside = freshDir("text-links-outside");
  writeFile(outside + "/.env", "API_PASSWORD=OutsidePw-9981\n");
  std::string repo = makeGitRepo("text-links", {{"src/main.cpp", "int main() { return 0; }\n"}, {"conf/app.env", kEnv}});
  fs::create_directory_symlink(".", repo + "/conf/loop");            // a loop
  fs::create_directory_symlink(outside, repo + "/outside");          // a directory out of the tree
  fs::create_symlink(outside + "/.env", repo + "/conf/linked.env");  // a file out of the tree
  fs::create_symlink("app.env", repo + "/conf/again.env");           // the same file twice
  std::string sarif = sarifOutput("text-links");
  RunResult r = runAttest({"scan", "-p", repo, "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  nlohmann::json log = readJson(sarif);
  std::vector<Seen> results = resultsOf(log);
  ASSERT_EQ(results.size(), 1u) << r.out;
  EXPECT_EQ(results[0].file, repo + "/conf/app.env");
  EXPECT_EQ(r.out.find("OutsidePw"), std::string::npos);
  EXPECT_EQ(readFile(sarif).find("text-links-outside"), std::string::npos) << "nothing from outside the tree";
  EXPECT_EQ(readFile(sarif).find("OutsidePw"), std::string::npos);
  bool counted = false;
  for (const auto &n : log["runs"][0]["invocations"][0]["toolExecutionNotifications"])
    counted |= n["message"]["text"].get<std::string>().find("read 1 configuration file(s)") != std::string::npos;
  EXPECT_TRUE(counted) << log["runs"][0]["invocations"][0].dump(2);
}

}  // namespace
