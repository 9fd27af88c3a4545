// One TU can never take the scan down (issue 16 §2): every TU is analysed in a worker
// process with a wall-time and an address-space limit. A TU that overflows the stack,
// needs too much memory or never ends becomes a notification for that TU; the other TUs'
// findings are reported and SARIF is written.
#include "Harness.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

// `extra`: flags of the first file only.
void writeDatabase(const std::string &dir, const std::vector<std::string> &files, const std::vector<std::string> &extra = {}) {
  nlohmann::json db = nlohmann::json::array();
  for (size_t i = 0; i < files.size(); ++i) {
    std::vector<std::string> args = {"c++", "-std=c++20"};
    if (i == 0) args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"-c", files[i]});
    db.push_back({{"directory", dir}, {"file", files[i]}, {"arguments", args}});
  }
  writeFile(dir + "/compile_commands.json", db.dump(2));
}

const nlohmann::json &invocation(const nlohmann::json &log) { return log.at("runs").at(0).at("invocations").at(0); }

// The notifications of a SARIF log as "id file-name" strings.
std::vector<std::string> notificationsOf(const nlohmann::json &log) {
  std::vector<std::string> out;
  for (const auto &n : invocation(log).value("toolExecutionNotifications", nlohmann::json::array())) {
    std::string file;
    if (n.contains("locations"))
      file = fs::path(absolutePathOf(log, n["locations"][0]["physicalLocation"]["artifactLocation"])).filename();
    out.push_back(n["descriptor"]["id"].get<std::string>() + " " + file);
  }
  return out;
}

bool contains(const std::vector<std::string> &list, const std::string &item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Scans `bad` (the hostile TU, first in the database) next to bad.cpp, whose finding must
// survive: exit 1 with the finding gating, 3 without it; the hostile TU is `id`.
void expectIsolated(const std::string &dir, const std::string &bad, const std::string &id,
                    const std::vector<std::string> &options, const std::string &counter) {
  std::string sarif = sarifOutput("worker-" + id + "-" + fs::path(dir).filename().string());
  std::vector<std::string> args = {"scan", "-p", dir, "--no-cache", "-j", "2", "--sarif", sarif};
  args.insert(args.end(), options.begin(), options.end());
  RunResult r = runAttest(args);
  EXPECT_EQ(r.exitCode, 1) << "the other TU's finding gates: " << r.err;
  ASSERT_TRUE(fs::exists(sarif)) << r.err;
  nlohmann::json log = readJson(sarif);
  std::vector<Seen> seen = resultsOf(log);
  ASSERT_EQ(seen.size(), 1u) << r.err;
  EXPECT_EQ(fs::path(seen[0].file).filename(), "good.cpp");
  std::vector<std::string> notes = notificationsOf(log);
  EXPECT_TRUE(contains(notes, id + " " + bad)) << log.dump(1);
  EXPECT_EQ(invocation(log)["executionSuccessful"], false);
  EXPECT_EQ(invocation(log)["properties"][counter], 1) << invocation(log)["properties"].dump();
  EXPECT_EQ(invocation(log)["properties"]["tusScanned"], 1);

  args.insert(args.end(), {"--disable", "tls-*"});  // no finding left: the incomplete scan alone
  r = runAttest(args);
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_NE(r.err.find("[" + id + "]"), std::string::npos) << r.err;
}

// Under AddressSanitizer a worker's stack overflow is an ASan report (which fails the
// sanitizer suite by design) and no address-space limit can be set (ASan reserves
// terabytes of shadow memory): these tests prove the isolation in the ordinary build.
#if defined(__SANITIZE_ADDRESS__)
#define SKIP_UNDER_SANITIZERS() GTEST_SKIP() << "not meaningful under AddressSanitizer"
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIP_UNDER_SANITIZERS() GTEST_SKIP() << "not meaningful under AddressSanitizer"
#endif
#endif
#ifndef SKIP_UNDER_SANITIZERS
#define SKIP_UNDER_SANITIZERS() (void)0
#endif

TEST(Worker, DeepTemplateArgumentsCrashOnlyTheirTu) {
  SKIP_UNDER_SANITIZERS();
  std::string dir = freshDir("worker-deep-template");
  // Clang's parser recurses once per nested template argument, with no limit: 100,000
  // levels overflow even the worker's 256 MiB stack (the whole scan died with SIGSEGV).
  const int depth = 100000;
  std::string args;
  for (int i = 0; i < depth; ++i) args += "Wrap<";
  writeFile(dir + "/deep.cpp", "template <class T> struct Wrap {};\nusing Deep = " + args + "int" +
                                   std::string(depth, '>') + ";\n");
  writeFile(dir + "/good.cpp", kInsecureClient);
  writeDatabase(dir, {"deep.cpp", "good.cpp"});
  expectIsolated(dir, "deep.cpp", "tu-crashed", {}, "tusCrashed");
}

TEST(Worker, DeepParenthesesWithARaisedBracketDepthCrashOnlyTheirTu) {
  SKIP_UNDER_SANITIZERS();
  std::string dir = freshDir("worker-deep-parens");
  const int depth = 200000;
  writeFile(dir + "/deep.cpp", "int deep() { return " + std::string(depth, '(') + "1" + std::string(depth, ')') + "; }\n");
  writeFile(dir + "/good.cpp", kInsecureClient);
  writeDatabase(dir, {"deep.cpp", "good.cpp"}, {"-fbracket-depth=1000000"});
  expectIsolated(dir, "deep.cpp", "tu-crashed", {}, "tusCrashed");
}

TEST(Worker, ATuBeyondTheMemoryLimitIsOutOfMemory) {
  SKIP_UNDER_SANITIZERS();
  std::string dir = freshDir("worker-oom");
  // A macro bomb: a macro argument is expanded in full before it is substituted, so seven
  // nested calls of a macro that repeats its argument 16 times build 16^7 tokens (6 GiB)
  // in memory before the parser sees the first one. Clang has no limit on this.
  writeFile(dir + "/bomb.cpp", "#define X(a) a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a\n"
                               "int v[] = { X(X(X(X(X(X(X(1))))))) };\n");
  writeFile(dir + "/good.cpp", kInsecureClient);
  writeDatabase(dir, {"bomb.cpp", "good.cpp"});
  auto start = std::chrono::steady_clock::now();
  expectIsolated(dir, "bomb.cpp", "tu-out-of-memory", {"--tu-memory", "2048"}, "tusOutOfMemory");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 300) << "two scans that stop at 2 GiB";
}

// A macro chain of 2^levels copies of `unit`: no memory, just time.
std::string macroBomb(int levels, const std::string &unit) {
  std::string text = "#define B0 " + unit + "\n";
  for (int i = 1; i <= levels; ++i)
    text += "#define B" + std::to_string(i) + " B" + std::to_string(i - 1) + " B" + std::to_string(i - 1) + "\n";
  return text;
}

TEST(Worker, ASlowTuIsStoppedAtTheTimeout) {
  std::string dir = freshDir("worker-timeout");
  // 2^30 tokens in one #if expression: minutes of preprocessing in constant memory.
  writeFile(dir + "/slow.cpp", macroBomb(30, "1 +") + "#if B30 1\n#endif\nint slow;\n");
  writeFile(dir + "/good.cpp", kInsecureClient);
  writeDatabase(dir, {"slow.cpp", "good.cpp"});
  auto start = std::chrono::steady_clock::now();
  expectIsolated(dir, "slow.cpp", "tu-timeout", {"--tu-timeout", "1"}, "tusTimedOut");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 60) << "two scans stopped after 1 s each";

  // The same limit from .attest.yaml; the command line overrides it.
  writeFile(dir + "/.attest.yaml", "tuTimeout: 1\n");
  RunResult r = runAttest({"scan", "-p", dir, "--no-cache", "--disable", "tls-*"}, dir);
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_NE(r.err.find("1 timed out"), std::string::npos) << r.err;
  writeFile(dir + "/.attest.yaml", "tuTimeout: 0\n");
  r = runAttest({"scan", "-p", dir, "--no-cache"}, dir);
  EXPECT_EQ(r.exitCode, 2) << "a configuration cannot remove the limit: " << r.err;
  EXPECT_NE(r.err.find("tuTimeout must be a number of seconds between 1 and 86400"), std::string::npos) << r.err;
}

TEST(Worker, ResultsAreTheSameWhateverTheNumberOfWorkers) {
  std::string dir = freshDir("worker-jobs");
  std::vector<std::string> files;
  auto token = [](int i) { return "ghp_AttestWorkerTok" + std::to_string(i) + "k9Qm2Lx7Rt4Vb8Nz3Wq5"; };
  for (int i = 0; i < 5; ++i) {
    files.push_back("tu" + std::to_string(i) + ".cpp");
    writeFile(dir + "/" + files.back(), "const char *kToken" + std::to_string(i) + " = \"" + token(i) + "\";\n" +
                                            kInsecureClient);
  }
  writeDatabase(dir, files);
  std::string one = sarifOutput("worker-j1"), three = sarifOutput("worker-j3");
  RunResult r1 = runAttest({"scan", "-p", dir, "--no-cache", "-j", "1", "--sarif", one});
  RunResult r3 = runAttest({"scan", "-p", dir, "--no-cache", "-j", "3", "--sarif", three});
  EXPECT_EQ(r1.exitCode, 1) << r1.err;
  EXPECT_EQ(r3.exitCode, 1) << r3.err;
  std::vector<Seen> a = resultsOf(readJson(one)), b = resultsOf(readJson(three));
  EXPECT_EQ(a.size(), 10u);
  EXPECT_EQ(a, b);
  // The secrets a worker found travel back to the parent for redaction, never in clear.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(readFile(one).find(token(i)), std::string::npos);
    EXPECT_EQ(r1.out.find(token(i)), std::string::npos);
  }
}

}  // namespace
