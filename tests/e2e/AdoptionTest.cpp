// What a new user meets first: --help on every subcommand, suggestions for typos,
// --version, and the shipped integrations (pre-commit under the real `pre-commit`, the
// VS Code task on a fresh workspace) run as they are shipped.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kInsecure = "#include <curl/curl.h>\nvoid f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n";

std::string binaryDir() { return fs::path(ATTEST_BINARY).parent_path().string(); }

// A git repository with a compilation database at its root (as makeGitRepo writes it).
std::string repoWith(const std::string &name, const std::vector<std::pair<std::string, std::string>> &files) {
  return makeGitRepo(name, files);
}

TEST(Adoption, EverySubcommandAnswersHelp) {
  for (const char *command : {"scan", "rules", "init", "report", "merge", "baseline", "version"}) {
    for (const char *flag : {"--help", "-h"}) {
      RunResult r = runAttest({command, flag});
      EXPECT_EQ(r.exitCode, 0) << command << " " << flag << ": " << r.err;
      EXPECT_NE(r.out.find(std::string("usage: attest")), std::string::npos) << command << ": " << r.out;
    }
    RunResult viaHelp = runAttest({"help", command});
    EXPECT_EQ(viaHelp.exitCode, 0) << command;
    EXPECT_EQ(viaHelp.out, runAttest({command, "--help"}).out) << command;
  }
  // `attest init --help` must not write a configuration.
  std::string dir = freshDir("adoption-init-help");
  EXPECT_EQ(runAttest({"init", "--help"}, dir).exitCode, 0);
  EXPECT_FALSE(fs::exists(dir + "/.attest.yaml"));
}

TEST(Adoption, TyposGetASuggestion) {
  RunResult r = runAttest({"scna"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("did you mean 'scan'?"), std::string::npos) << r.err;
  r = runAttest({"scan", "--sarf", "x.sarif"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("did you mean '--sarif'?"), std::string::npos) << r.err;
  r = runAttest({"scan", "--fail-onn=note"});
  EXPECT_NE(r.err.find("did you mean '--fail-on'?"), std::string::npos) << r.err;
  r = runAttest({"scan", "--enable", "tls-verification-disable"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("did you mean 'tls-verification-disabled'?"), std::string::npos) << r.err;
  r = runAttest({"rules", "--formt", "json"});
  EXPECT_NE(r.err.find("did you mean '--format'?"), std::string::npos) << r.err;
  // Nothing close: no suggestion.
  r = runAttest({"scan", "--completely-different"});
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(Adoption, VersionNamesParserAndCatalog) {
  RunResult r = runAttest({"--version"});
  ASSERT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out.rfind("attest ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("parser: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("clang version 19"), std::string::npos) << r.out;
  nlohmann::json rules = nlohmann::json::parse(runAttest({"rules", "--format", "json"}).out);
  EXPECT_NE(r.out.find("catalog: sha256 " + rules["catalogSha256"].get<std::string>()), std::string::npos) << r.out;
}

TEST(Adoption, ManPageIsTheHelp) {
  RunResult r = runAttest({"help", "--man"});
  ASSERT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out.rfind(".TH ATTEST 1", 0), 0u);
  for (const char *option : {"\\-\\-sarif", "\\-\\-fail\\-on", "\\-\\-baseline", "ATTEST MERGE"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  // man(1) renders it without warnings where groff is installed.
  if (runShell("command -v groff").exitCode == 0) {
    std::string dir = freshDir("adoption-man");
    writeFile(dir + "/attest.1", r.out);
    RunResult rendered = runShell("groff -man -Tutf8 -ww attest.1 >/dev/null", dir);
    EXPECT_EQ(rendered.exitCode, 0) << rendered.err;
    EXPECT_EQ(rendered.err, "");
  }
}

TEST(Adoption, ResourceDirOption) {
  RunResult r = runAttest({"scan", "--resource-dir", "/nonexistent", "x.cpp"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("has no include/stddef.h"), std::string::npos) << r.err;
  std::string repo = repoWith("adoption-resource-dir", {{"net.cpp", kInsecure}});
  r = runAttest({"scan", "-p", repo, "--no-cache", "--resource-dir", "/usr/lib/llvm-19/lib/clang/19"}, repo);
  EXPECT_EQ(r.exitCode, 1) << r.err;
}

TEST(Adoption, VsCodeTaskRunsOnAFreshWorkspace) {
  nlohmann::json tasks = readJson(sourceDir() + "/integrations/vscode/tasks.json");
  std::string command = tasks["tasks"][0]["command"];
  std::string repo = repoWith("adoption-vscode", {{"net.cpp", kInsecure}});
  // The task says -p build: the database where a CMake build would put it.
  fs::create_directories(repo + "/build");
  fs::rename(repo + "/compile_commands.json", repo + "/build/compile_commands.json");
  ASSERT_FALSE(fs::exists(repo + "/.attest"));
  RunResult r = runShell("export PATH=" + shellQuote(binaryDir()) + ":\"$PATH\" ATTEST_NO_CACHE=1; " + command, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;  // the finding, not a usage error
  EXPECT_TRUE(fs::exists(repo + "/.attest/attest.sarif"));
}

const char *kUsesHeader = "#include <curl/curl.h>\n#include \"cfg.h\"\nvoid f(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, VERIFY); }\n";

TEST(Adoption, PreCommitHookScansTheTusOfAStagedHeader) {
  std::string repo = repoWith("adoption-precommit-header",
                              {{"net.cpp", kUsesHeader}, {"cfg.h", "#define VERIFY 1L\n"}, {"other.cpp", "int g() { return 0; }\n"}});
  std::string hook = "ATTEST=" + shellQuote(ATTEST_BINARY) + " ATTEST_NO_CACHE=1 " +
                     shellQuote(sourceDir() + "/integrations/pre-commit/attest-staged.sh");
  writeFile(repo + "/cfg.h", "#define VERIFY 0L\n");
  ASSERT_EQ(runShell("git add cfg.h", repo).exitCode, 0);
  RunResult r = runShell(hook, repo);
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("net.cpp:3:"), std::string::npos) << r.out;
  // Safe again: the commit goes through.
  writeFile(repo + "/cfg.h", "#define VERIFY 1L\n");
  ASSERT_EQ(runShell("git add cfg.h", repo).exitCode, 0);
  r = runShell(hook, repo);
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
}

TEST(Adoption, PreCommitTryRepoRunsTheShippedHook) {
  // The real tool (Debian's pre-commit, installed by scripts/install-deps.sh --test).
  ASSERT_EQ(runShell("command -v pre-commit").exitCode, 0) << "pre-commit is not installed";
  std::string repo = repoWith("adoption-precommit-tool", {{"net.cpp", "int ok() { return 0; }\n"}});
  writeFile(repo + "/net.cpp", kInsecure);
  ASSERT_EQ(runShell("git add net.cpp", repo).exitCode, 0);
  std::string env = "ATTEST=" + shellQuote(ATTEST_BINARY) + " ATTEST_NO_CACHE=1 PRE_COMMIT_HOME=" +
                    shellQuote(freshDir("adoption-precommit-home")) + " ";
  RunResult r = runShell(env + "pre-commit try-repo " + shellQuote(sourceDir()) + " attest", repo);
  EXPECT_NE(r.exitCode, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("InvalidManifestError"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tls-verification-disabled"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("Failed"), std::string::npos) << r.out;
}

}  // namespace
