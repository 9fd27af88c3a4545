// Outputs cannot be used to inject (issue 16 §6): file names and literals with newlines
// and escape sequences, outputs on standard output, devices, FIFOs and symbolic links,
// and the GitHub Action's scripts run with a hostile input.
#include "Harness.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kClient =
    "#include <curl/curl.h>\n"
    "void f(CURL *h) {\n"
    "  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);\n"
    "  curl_easy_setopt(h, CURLOPT_URL, \"http://h.example/\\n::error file=y::pwned\\x1b[2J\\r\");\n"
    "}\n";

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool isSymlink(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

std::string attest() { return shellQuote(ATTEST_BINARY); }

TEST(OutputSafety, FileNamesAndLiteralsCannotStartAWorkflowCommandOrReachTheTerminal) {
  std::string dir = freshDir("output-names");
  std::string name = "a\n::error file=x::pwned\x1b]0;title\x07\x1b[31m.cpp";
  writeFile(dir + "/" + name, kClient);
  for (const char *format : {"text", "github"}) {
    RunResult r = runAttest({"scan", dir + "/" + name, "--format", format, "--", "-std=c++20"}, dir);
    EXPECT_EQ(r.exitCode, 1) << format << r.out << r.err;
    std::string all = r.out + r.err;
    EXPECT_EQ(all.find('\x1b'), std::string::npos) << format << ": raw ESC in " << all;
    EXPECT_EQ(all.find('\x07'), std::string::npos) << format << ": raw BEL in " << all;
    EXPECT_EQ(all.find('\r'), std::string::npos) << format << ": raw CR in " << all;
    unsigned annotations = 0;
    for (const std::string &line : lines(all)) {
      EXPECT_NE(line.rfind("::error file=x", 0), 0u) << format << ": injected command: " << line;
      EXPECT_NE(line.rfind("::error file=y", 0), 0u) << format << ": injected command: " << line;
      if (line.rfind("::", 0) == 0) {
        ++annotations;
        EXPECT_NE(line.find("file=a%0A%3A%3Aerror file=x%3A%3Apwned"), std::string::npos) << line;
      }
    }
    if (std::string(format) == "github") EXPECT_GE(annotations, 1u) << all;
    else EXPECT_EQ(annotations, 0u) << all;
    if (std::string(format) == "text") EXPECT_NE(r.out.find("a\\n::error file=x::pwned\\x1b]0;title\\x07"), std::string::npos) << r.out;
  }
  // A relative path that starts like a command gets "./".
  writeFile(dir + "/::warning file=z::x.cpp", kClient);
  RunResult r = runAttest({"scan", "::warning file=z::x.cpp", "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  for (const std::string &line : lines(r.out + r.err)) EXPECT_NE(line.rfind("::", 0), 0u) << line;
  EXPECT_NE(r.out.find("./::warning file=z::x.cpp:3:"), std::string::npos) << r.out;
}

TEST(OutputSafety, DashIsStandardOutputForEveryOutputFlag) {
  std::string dir = freshDir("output-dash");
  writeFile(dir + "/t.cpp", kClient);
  for (const char *flag : {"--sarif", "--junit", "--gitlab-sast", "--cbom", "--report"}) {
    RunResult r = runShell(attest() + " scan t.cpp " + flag + " - -- -std=c++20 | cat > piped.out", dir);
    EXPECT_EQ(r.exitCode, 0) << flag << r.err;
    std::string piped = readFile(dir + "/piped.out");
    EXPECT_NE(r.err.find("t.cpp:3:47: error:"), std::string::npos) << flag << ": the listing goes to stderr";
    EXPECT_FALSE(fs::exists(dir + "/-")) << flag;
    // Standard output holds the output alone: the listing, printed first, would precede it.
    if (std::string(flag) == "--junit") EXPECT_EQ(piped.rfind("<?xml", 0), 0u) << piped.substr(0, 200);
    else if (std::string(flag) == "--report") EXPECT_EQ(piped.rfind("#", 0), 0u) << piped.substr(0, 200);
    else EXPECT_NO_THROW(nlohmann::json::parse(piped)) << flag << piped.substr(0, 200);
  }
  RunResult two = runAttest({"scan", "t.cpp", "--sarif", "-", "--junit", "-", "--", "-std=c++20"}, dir);
  EXPECT_EQ(two.exitCode, 2) << two.err;
  EXPECT_NE(two.err.find("only one output can go to standard output"), std::string::npos) << two.err;
  RunResult attested = runAttest({"scan", "t.cpp", "--sarif", "-", "--attestation", "a.json", "--", "-std=c++20"}, dir);
  EXPECT_EQ(attested.exitCode, 2) << attested.err;
  RunResult statement = runShell(attest() + " scan t.cpp --sarif s.sarif --attestation - -- -std=c++20 > st.json", dir);
  EXPECT_EQ(statement.exitCode, 1) << statement.err;
  EXPECT_EQ(readJson(dir + "/st.json")["_type"], "https://in-toto.io/Statement/v1");
}

TEST(OutputSafety, LinksToStdoutFifosAndDevicesAreWrittenThroughAndStayLinks) {
  std::string dir = freshDir("output-links");
  writeFile(dir + "/t.cpp", kClient);
  // Like /dev/stdout: a link to the descriptor, here a pipe.
  fs::create_symlink("/dev/stdout", dir + "/my-stdout");
  RunResult r = runShell(attest() + " scan t.cpp --sarif my-stdout --quiet -- -std=c++20 | cat > piped.sarif", dir);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(isSymlink(dir + "/my-stdout")) << "the link was replaced by a file";
  EXPECT_NO_THROW(nlohmann::json::parse(readFile(dir + "/piped.sarif")));
  // A link to a FIFO with a reader.
  ASSERT_EQ(runShell("mkfifo fifo && ln -s fifo fifo-link", dir).exitCode, 0);
  r = runShell("cat fifo > from-fifo.sarif & " + attest() + " scan t.cpp --sarif fifo-link --quiet -- -std=c++20; "
               "status=$?; wait; exit $status", dir);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_TRUE(isSymlink(dir + "/fifo-link"));
  EXPECT_TRUE(fs::is_fifo(dir + "/fifo"));
  EXPECT_NO_THROW(nlohmann::json::parse(readFile(dir + "/from-fifo.sarif")));
  // A FIFO nobody reads is an error, not a hang.
  r = runAttest({"scan", "t.cpp", "--sarif", "fifo", "--quiet", "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("no process reads this FIFO"), std::string::npos) << r.err;
  // /dev/null through a link.
  fs::create_symlink("/dev/null", dir + "/null-link");
  r = runAttest({"scan", "t.cpp", "--sarif", "null-link", "--junit", dir + "/null-link", "--quiet", "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_TRUE(isSymlink(dir + "/null-link"));
  EXPECT_EQ(fs::read_symlink(dir + "/null-link"), "/dev/null");
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  // A link planted at an output path to another device is refused...
  fs::create_symlink("/dev/zero", dir + "/zero-link");
  r = runAttest({"scan", "t.cpp", "--sarif", "zero-link", "--quiet", "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("it is a device"), std::string::npos) << r.err;
  // ...and one to a regular file is replaced, never followed.
  writeFile(dir + "/victim.txt", "keep me\n");
  fs::create_symlink("victim.txt", dir + "/planted.sarif");
  r = runAttest({"scan", "t.cpp", "--sarif", "planted.sarif", "--quiet", "--", "-std=c++20"}, dir);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_EQ(readFile(dir + "/victim.txt"), "keep me\n");
  EXPECT_FALSE(isSymlink(dir + "/planted.sarif"));
  EXPECT_NO_THROW(nlohmann::json::parse(readFile(dir + "/planted.sarif")));
}

// The action's run: scripts, run as the runner runs them (tests/e2e/run_action_steps.py)
// with the real attest, with inputs that would run commands if pasted into a script.
TEST(OutputSafety, GithubActionInputsNeverRunAsCommands) {
  if (runShell("python3 -c 'import yaml'").exitCode != 0) GTEST_SKIP() << "python3 with PyYAML is needed";
  std::string repo = makeGitRepo("output-action", {{"src/client.cpp", kClient}});
  std::string runner = sourceDir() + "/tests/e2e/run_action_steps.py";
  std::string action = sourceDir() + "/integrations/github/action.yml";
  auto run = [&](const nlohmann::json &inputs) {
    writeFile(repo + "/../inputs.json", inputs.dump());
    RunResult r = runShell("ATTEST=" + attest() + " python3 " + shellQuote(runner) + " " + shellQuote(action) + " " +
                               shellQuote(repo + "/../inputs.json") + " " + shellQuote(repo) + " Scan Gate",
                           repo);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  std::string pwned = repo + "/../pwned";
  nlohmann::json steps = run({{"paths", "src $(touch " + pwned + "-1) `touch " + pwned + "-2` ; touch " + pwned + "-3"},
                              {"build-dir", repo + "\"; touch " + pwned + "-4; \""},
                              {"sarif-file", "out.sarif$(touch " + pwned + "-5)"},
                              {"fail-on", "error'; touch " + pwned + "-6; '"},
                              {"baseline", "$(touch " + pwned + "-7)"},
                              {"shard", "`touch " + pwned + "-8`"},
                              {"cache-dir", "c$(touch " + pwned + "-9)"}});
  for (int i = 1; i <= 9; ++i) EXPECT_FALSE(fs::exists(pwned + "-" + std::to_string(i))) << "payload " << i << " ran";
  ASSERT_EQ(steps.size(), 2u) << steps.dump(1);
  EXPECT_EQ(steps[0]["outputs"]["exit-code"], "2") << "bad input is a usage error: " << steps[0].dump(1);
  EXPECT_EQ(steps[1]["status"], 2);

  // The same action with ordinary inputs scans and gates.
  steps = run({{"paths", "src"}, {"build-dir", repo}, {"sarif-file", "out.sarif"}});
  ASSERT_EQ(steps.size(), 2u) << steps.dump(1);
  EXPECT_EQ(steps[0]["outputs"]["exit-code"], "1") << steps[0].dump(1);
  EXPECT_NE(steps[0]["log"].get<std::string>().find("::error file=src/client.cpp,line=3"), std::string::npos)
      << steps[0].dump(1);
  EXPECT_EQ(steps[1]["status"], 1);
  EXPECT_NO_THROW(readJson(repo + "/out.sarif"));

  // The result cache (on by default) is written in the workspace, where actions/cache
  // saves it from, inside a job container too; `cache: false` writes none.
  ASSERT_TRUE(fs::is_directory(repo + "/.cache/attest"));
  EXPECT_FALSE(fs::is_empty(repo + "/.cache/attest"));
  steps = run({{"paths", "src"}, {"build-dir", repo}, {"sarif-file", "out.sarif"}, {"cache", "false"},
               {"cache-dir", "no-cache-here"}});
  EXPECT_EQ(steps[0]["outputs"]["exit-code"], "1") << steps[0].dump(1);
  EXPECT_FALSE(fs::exists(repo + "/no-cache-here"));
}

// Issue 22 §2: the action builds attest once per version of its sources. A build restored
// into the workspace under the same key is used as it is (no build), and ATTEST names it.
TEST(OutputSafety, GithubActionUsesARestoredBuildOfTheSameSources) {
  if (runShell("python3 -c 'import yaml'").exitCode != 0) GTEST_SKIP() << "python3 with PyYAML is needed";
  if (geteuid() != 0) GTEST_SKIP() << "install-deps.sh needs root";
  std::string repo = makeGitRepo("action-tool", {{"src/client.cpp", kClient}});
  std::string runner = sourceDir() + "/tests/e2e/run_action_steps.py";
  std::string action = sourceDir() + "/integrations/github/action.yml";
  // Its own inputs file: the other action test writes inputs.json beside it at the same time.
  writeFile(repo + "/../action-tool-inputs.json", nlohmann::json{{"paths", "src"}, {"build-dir", repo}}.dump());
  auto run = [&](const std::string &steps) {
    RunResult r = runShell("python3 " + shellQuote(runner) + " " + shellQuote(action) + " " +
                               shellQuote(repo + "/../action-tool-inputs.json") + " " + shellQuote(repo) + " " + steps,
                           repo);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return nlohmann::json::parse(r.out);
  };
  nlohmann::json key = run("'Key of the attest build'");
  ASSERT_EQ(key.size(), 1u) << key.dump(1);
  std::string name = key[0]["outputs"]["key"];
  EXPECT_EQ(name.rfind("attest-tool-", 0), 0u) << name;
  EXPECT_EQ(run("'Key of the attest build'")[0]["outputs"]["key"], name) << "the key is stable";

  // What actions/cache/restore puts back: the binary and the key it was built under.
  fs::create_directories(repo + "/.attest-tool");
  fs::copy_file(ATTEST_BINARY, repo + "/.attest-tool/attest");
  writeFile(repo + "/.attest-tool/key", name);
  nlohmann::json steps = run("'Key of the attest build' 'Build attest' Scan");
  ASSERT_EQ(steps.size(), 3u) << steps.dump(1);
  EXPECT_EQ(steps[1]["status"], 0) << steps[1].dump(1);
  EXPECT_NE(steps[1]["log"].get<std::string>().find("using the cached build"), std::string::npos) << steps[1].dump(1);
  EXPECT_NE(steps[1]["log"].get<std::string>().find("parser: "), std::string::npos) << "--version of the restored build";
  EXPECT_EQ(steps[2]["outputs"]["exit-code"], "1") << "the restored attest scans: " << steps[2].dump(1);
}

}  // namespace
