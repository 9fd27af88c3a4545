// What a scan prints while it runs: a progress line on a terminal (a pseudo-terminal here),
// a heartbeat elsewhere, nothing with -q; and the colour of the level words. A hidden
// --debug-tu-delay makes every TU slow, so that the timing does not depend on the machine.
#include "Harness.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace attest::test;

namespace {

const char *kClean = "int answer() { return 42; }\n";

// A file name that would set the terminal's colour if it reached the terminal as it is.
// The TUs are scanned in path order: this one first, so that it is the last one finished
// for a whole TU's time (--debug-tu-delay) while the line is drawn.
const std::string kHostileName = "a-evil\x1b[31m.cpp";

// Three TUs: with -j 1 each is the last one finished for a while.
std::string makeProject(const std::string &name, bool findings) {
  std::string dir = freshDir(name);
  std::vector<std::string> files = {kHostileName, "b.cpp", "c.cpp"};
  nlohmann::json db = nlohmann::json::array();
  for (const std::string &f : files) {
    writeFile(dir + "/" + f, findings && f == "b.cpp" ? kInsecureClient : kClean);
    db.push_back({{"directory", dir}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f, "-o", "x.o"}}});
  }
  writeFile(dir + "/compile_commands.json", db.dump(2));
  return dir;
}

// Runs attest on a pseudo-terminal (stdout and stderr both a TTY, 100 columns) with
// `env` added to the environment; returns what the terminal received.
std::string runOnTerminal(const std::vector<std::string> &args, const std::vector<std::string> &env,
                          const std::string &cwd, int &exitCode) {
  winsize size{24, 100, 0, 0};
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(126);
    unsetenv("NO_COLOR");  // the test's own environment must not decide
    setenv("TERM", "xterm", 1);
    setenv("ATTEST_NO_CACHE", "1", 1);
    for (const std::string &e : env) putenv(const_cast<char *>(e.c_str()));
    std::vector<const char *> argv = {ATTEST_BINARY};
    for (const std::string &a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    execv(ATTEST_BINARY, const_cast<char *const *>(argv.data()));
    _exit(127);
  }
  std::string out;
  char buffer[4096];
  for (;;) {  // until the child closes the terminal (EIO on Linux)
    ssize_t n = read(master, buffer, sizeof buffer);
    if (n > 0) out.append(buffer, size_t(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

const std::string kRedError = "\x1b[1;31merror\x1b[0m";

bool hasColour(const std::string &text) { return text.find("\x1b[1;3") != std::string::npos; }

// `export` lines for runShell: the heartbeat every second, NO_COLOR not inherited.
std::string heartbeatEnv() { return "unset NO_COLOR; export ATTEST_HEARTBEAT_SECONDS=1; "; }

std::string attestLine(const std::vector<std::string> &args) {
  std::string line = shellQuote(ATTEST_BINARY);
  for (const std::string &a : args) line += " " + shellQuote(a);
  return line;
}

}  // namespace

TEST(Progress, TerminalShowsLineAndColourThenErasesTheLine) {
  std::string dir = makeProject("progress-tty", true);
  int status = -1;
  std::string out = runOnTerminal({"scan", "-p", dir, "-j", "1", "--debug-tu-delay", "600"}, {}, dir, status);
  EXPECT_EQ(status, 1) << out;
  // The line, rewritten in place: carriage return, erase to the end, "[done/total] file".
  size_t line = out.find("\r\x1b[K[");
  ASSERT_NE(line, std::string::npos) << out;
  EXPECT_NE(out.find("/3] ", line), std::string::npos) << out;
  EXPECT_NE(out.find(" TU/s"), std::string::npos) << out;
  // The file name on it is neutralised like every other text.
  EXPECT_NE(out.find("a-evil\\x1b[31m.cpp"), std::string::npos) << out;
  EXPECT_EQ(out.find(kHostileName), std::string::npos) << out;
  // The finding, coloured like clang's, after the line was erased for the last time.
  size_t finding = out.find("b.cpp:3:47: " + kRedError + ": curl_easy_setopt");
  ASSERT_NE(finding, std::string::npos) << out;
  EXPECT_LT(out.rfind("\r\x1b[K"), finding) << out;
  EXPECT_NE(out.find("TU(s) planned", finding), std::string::npos) << out;
  EXPECT_EQ(out.find("TUs analysed"), std::string::npos) << "no heartbeat on a terminal: " << out;
}

TEST(Progress, NoColorAndColorNeverRemoveTheColourOnATerminal) {
  std::string dir = makeProject("progress-no-color", true);
  std::vector<std::string> scan = {"scan", "-p", dir, "-j", "1", "--debug-tu-delay", "600"};
  int status = -1;
  std::string noColor = runOnTerminal(scan, {"NO_COLOR=1"}, dir, status);
  EXPECT_EQ(status, 1) << noColor;
  EXPECT_NE(noColor.find("b.cpp:3:47: error: curl_easy_setopt"), std::string::npos) << noColor;
  EXPECT_FALSE(hasColour(noColor)) << noColor;
  EXPECT_NE(noColor.find("\r\x1b[K["), std::string::npos) << "NO_COLOR keeps the progress line: " << noColor;

  std::vector<std::string> never = scan;
  never.push_back("--color=never");
  std::string plain = runOnTerminal(never, {}, dir, status);
  EXPECT_NE(plain.find("b.cpp:3:47: error: curl_easy_setopt"), std::string::npos) << plain;
  EXPECT_FALSE(hasColour(plain)) << plain;

  // An empty NO_COLOR is not set (no-color.org); --color=always outranks NO_COLOR.
  std::string empty = runOnTerminal(scan, {"NO_COLOR="}, dir, status);
  EXPECT_NE(empty.find(kRedError), std::string::npos) << empty;
  std::vector<std::string> always = scan;
  always.push_back("--color=always");
  std::string forced = runOnTerminal(always, {"NO_COLOR=1"}, dir, status);
  EXPECT_NE(forced.find(kRedError), std::string::npos) << forced;
}

TEST(Progress, PipeGetsHeartbeatsAndNoEscapes) {
  std::string dir = makeProject("progress-pipe", true);
  // 3 TUs one after another, 1.5 s each: at least four heartbeats at 1 s, surely one.
  RunResult slow = runShell(heartbeatEnv() + attestLine({"scan", "-p", dir, "-j", "1", "--debug-tu-delay", "1500"}), dir);
  EXPECT_EQ(slow.exitCode, 1) << slow.err;
  EXPECT_NE(slow.err.find("attest: 0/3 TUs analysed, "), std::string::npos) << slow.err;
  EXPECT_NE(slow.err.find("/3 TUs analysed, "), std::string::npos) << slow.err;
  for (const std::string *text : {&slow.out, &slow.err}) {
    EXPECT_EQ(text->find('\x1b'), std::string::npos) << *text;
    EXPECT_EQ(text->find('\r'), std::string::npos) << *text;
  }
  // stdout is the same as a fast scan's, which has no heartbeat.
  RunResult fast = runShell(heartbeatEnv() + attestLine({"scan", "-p", dir, "-j", "1"}), dir);
  EXPECT_EQ(fast.out, slow.out);
  EXPECT_NE(slow.out.find("b.cpp:3:47: error: curl_easy_setopt"), std::string::npos) << slow.out;

  // --color=always colours a pipe; the github format never.
  RunResult always = runShell(heartbeatEnv() + attestLine({"scan", "-p", dir, "--color=always"}), dir);
  EXPECT_NE(always.out.find("b.cpp:3:47: " + kRedError), std::string::npos) << always.out;
  RunResult github = runShell(heartbeatEnv() + attestLine({"scan", "-p", dir, "--color=always", "--format", "github"}), dir);
  EXPECT_NE(github.out.find("::error file=b.cpp"), std::string::npos) << github.out;
  EXPECT_EQ(github.out.find('\x1b'), std::string::npos) << github.out;
}

TEST(Progress, QuietPrintsOnlyTheSummary) {
  std::string dir = makeProject("progress-quiet", false);
  RunResult r =
      runShell(heartbeatEnv() + attestLine({"scan", "-p", dir, "-j", "1", "--debug-tu-delay", "1500", "-q"}), dir);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // One line: the summary. No heartbeat although the scan took more than 4 s.
  EXPECT_EQ(r.err.find("TUs analysed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.rfind("attest: 3 TU(s) planned, 3 analysed, 0 incomplete;", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;

  int status = -1;
  std::string tty = runOnTerminal({"scan", "-p", dir, "-j", "1", "--debug-tu-delay", "600", "-q"}, {}, dir, status);
  EXPECT_EQ(status, 0) << tty;
  EXPECT_EQ(tty.find("\x1b[K"), std::string::npos) << "no progress line with -q: " << tty;
}

TEST(Progress, ColorNeedsAKnownValue) {
  RunResult r = runAttest({"scan", "--color=sometimes"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("--color must be auto, always or never"), std::string::npos) << r.err;
}
