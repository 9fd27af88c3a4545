// --diff-base on real git repositories (issue 15 §3, issue 16 §6): every way of naming the
// scan path, file names git quotes, renames, deletions, and revisions that try to be options.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kInsecureCall = "void added(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n";

std::string source(const std::string &name) {
  return "#include <curl/curl.h>\nint " + name + "() { return 1; }\n";
}

// A committed repository of C++ files under src/ with a database listing them.
std::string makeRepo(const std::string &name, const std::vector<std::string> &files) {
  std::string repo = freshDir(name);
  nlohmann::json db = nlohmann::json::array();
  int n = 0;
  for (const std::string &f : files) {
    writeFile(repo + "/" + f, source("f" + std::to_string(n++)));
    db.push_back({{"directory", repo}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f}}});
  }
  writeFile(repo + "/compile_commands.json", db.dump(2));
  RunResult git = runShell("git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@example.com "
                           "commit -qm base",
                           repo);
  EXPECT_EQ(git.exitCode, 0) << git.err;
  return repo;
}

void append(const std::string &file, const std::string &text) { writeFile(file, readFile(file) + text); }

TEST(DiffBaseE2e, EveryFormOfTheScanPathSeesTheChange) {
  std::string repo = makeRepo("diff-paths", {"src/a.cpp", "src/b.cpp"});
  append(repo + "/src/a.cpp", kInsecureCall);
  fs::create_directory_symlink(repo, repo + "-link");
  struct Case {
    std::vector<std::string> args;
    std::string cwd;
  };
  std::vector<Case> cases = {
      {{"scan", ".", "--diff-base", "HEAD"}, repo},
      {{"scan", "./src", "--diff-base", "HEAD"}, repo},
      {{"scan", "src/", "--diff-base=HEAD"}, repo},
      {{"scan", ".//src/./", "--diff-base", "HEAD"}, repo},
      {{"scan", "../src", "--diff-base", "HEAD"}, repo + "/src/../src"},
      {{"scan", ".", "--diff-base", "HEAD"}, repo + "-link"},  // the checkout through a symlink
      {{"scan", "-p", repo + "-link", "--diff-base", "HEAD"}, repo + "-link/src"},
  };
  for (const Case &c : cases) {
    RunResult r = runAttest(c.args, c.cwd);
    std::string what = c.cwd + ": " + c.args[1];
    EXPECT_EQ(r.exitCode, 1) << what << "\n" << r.err;
    EXPECT_NE(r.err.find("1 TU(s) touched by changes, 1 skipped"), std::string::npos) << what << "\n" << r.err;
    EXPECT_NE(r.out.find("a.cpp:3:"), std::string::npos) << what << "\n" << r.out;
  }
  fs::remove(repo + "-link");
}

TEST(DiffBaseE2e, NamesGitQuotesAreChangedFiles) {
  std::vector<std::string> names = {"src/my client.cpp", "src/na\xc3\xafve.cpp", "src/q\"uote.cpp", "src/tab\there.cpp",
                                    "src/plain.cpp"};
  std::string repo = makeRepo("diff-names", names);
  for (size_t i = 0; i + 1 < names.size(); ++i) append(repo + "/" + names[i], kInsecureCall);
  std::string sarif = sarifOutput("diff-names");
  RunResult r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD", "--sarif", sarif}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("4 TU(s) touched by changes, 1 skipped"), std::string::npos) << r.err;
  std::set<std::string> files;
  for (const Seen &s : resultsOf(readJson(sarif))) files.insert(fs::path(s.file).filename().string());
  EXPECT_EQ(files, (std::set<std::string>{"my client.cpp", "na\xc3\xafve.cpp", "q\"uote.cpp", "tab\there.cpp"}));

  // Committed, the same names are unchanged: nothing gates, nothing is rescanned.
  ASSERT_EQ(runShell("git -c user.name=t -c user.email=t@example.com commit -qam more", repo).exitCode, 0);
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("0 TU(s) touched by changes, 5 skipped"), std::string::npos) << r.err;
  // An untracked new file with such a name is new in every line.
  writeFile(repo + "/src/new file \xc3\xa9.cpp", std::string("#include <curl/curl.h>\n") + kInsecureCall);
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  db.push_back({{"directory", repo}, {"file", "src/new file \xc3\xa9.cpp"},
                {"arguments", {"c++", "-std=c++20", "-c", "src/new file \xc3\xa9.cpp"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) touched by changes, 5 skipped"), std::string::npos) << r.err;
}

TEST(DiffBaseE2e, RenamesAndDeletions) {
  std::string repo = makeRepo("diff-rename", {"src/old.cpp", "src/gone.cpp", "src/stays.cpp"});
  append(repo + "/src/old.cpp", kInsecureCall);
  ASSERT_EQ(runShell("git -c user.name=t -c user.email=t@example.com commit -qam insecure", repo).exitCode, 0);
  // A pure rename: the TU is rescanned, but no line of it changed, so its old finding does not gate.
  ASSERT_EQ(runShell("git mv src/old.cpp src/new.cpp && git rm -q src/gone.cpp", repo).exitCode, 0);
  nlohmann::json db = nlohmann::json::array();
  for (const char *f : {"src/new.cpp", "src/stays.cpp"})
    db.push_back({{"directory", repo}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  RunResult r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("1 TU(s) touched by changes, 1 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("new.cpp:3:"), std::string::npos) << "reported, not gating: " << r.out;
  // An edit in the renamed file gates on the edited line only.
  append(repo + "/src/new.cpp", "void more(CURL *h) { curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L); }\n");
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
}

TEST(DiffBaseE2e, RevisionIsNeverAnOptionToGit) {
  std::string repo = makeRepo("diff-option", {"src/a.cpp"});
  std::string planted = repo + "/planted.txt";
  for (const std::string &ref : std::vector<std::string>{"--output=" + planted, "--output " + planted, "--ext-diff", "--textconv", "-O" + planted,
                          "--no-index", "HEAD --output=" + planted}) {
    RunResult r = runAttest({"scan", "-p", repo, "--diff-base=" + ref}, repo);
    EXPECT_EQ(r.exitCode, 2) << ref << "\n" << r.err;
    EXPECT_NE(r.err.find("is not a commit"), std::string::npos) << ref << "\n" << r.err;
    EXPECT_FALSE(fs::exists(planted)) << ref;
  }
  RunResult separate = runAttest({"scan", "-p", repo, "--diff-base", "--output=" + planted}, repo);
  EXPECT_EQ(separate.exitCode, 2) << separate.err;
  EXPECT_FALSE(fs::exists(planted));
  EXPECT_EQ(runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo).exitCode, 0) << "a real revision works";
}

TEST(DiffBaseE2e, ChangedSubmoduleCountsAsChangedEverywhereInIt) {
  std::string repo = makeRepo("diff-submodule", {"src/a.cpp"});
  std::string lib = freshDir("diff-submodule-lib");
  writeFile(lib + "/lib.cpp", source("lib"));
  ASSERT_EQ(runShell("git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm lib",
                     lib)
                .exitCode,
            0);
  ASSERT_EQ(runShell("git -c protocol.file.allow=always submodule add -q " + shellQuote(lib) +
                         " vendor/lib && git -c user.name=t -c user.email=t@example.com commit -qm sub",
                     repo)
                .exitCode,
            0);
  nlohmann::json db = readJson(repo + "/compile_commands.json");
  db.push_back({{"directory", repo}, {"file", "vendor/lib/lib.cpp"},
                {"arguments", {"c++", "-std=c++20", "-c", "vendor/lib/lib.cpp"}}});
  writeFile(repo + "/compile_commands.json", db.dump());
  RunResult r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("0 TU(s) touched by changes, 2 skipped"), std::string::npos) << r.err;
  // The submodule moves to a commit that adds an insecure call: its files are scanned and gate.
  append(repo + "/vendor/lib/lib.cpp", kInsecureCall);
  ASSERT_EQ(runShell("git -c user.name=t -c user.email=t@example.com commit -qam insecure", repo + "/vendor/lib")
                .exitCode,
            0);
  r = runAttest({"scan", "-p", repo, "--diff-base", "HEAD"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) touched by changes, 1 skipped"), std::string::npos) << r.err;
}

}  // namespace
