// A compile database written by an attacker (issue 16 §1, §3; issue 15 §1; issue 17; issue
// 22 §3): it cannot make attest run a program, write a file, read a file into its outputs,
// replace its headers or hang it; GCC-only flags, bear's -cc1 entries and symlinked copies
// are handled as on a real tree. Every attack plants real programs and real paths.
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kInsecure = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

nlohmann::json entry(const std::string &dir, const std::string &file, std::vector<std::string> args) {
  args.push_back(file);
  return {{"directory", dir}, {"file", file}, {"arguments", args}};
}

const nlohmann::json &invocation(const nlohmann::json &log) { return log.at("runs").at(0).at("invocations").at(0); }

std::vector<nlohmann::json> notifications(const nlohmann::json &log, const std::string &id) {
  std::vector<nlohmann::json> out;
  for (const auto &n : invocation(log).value("toolExecutionNotifications", nlohmann::json::array()))
    if (n["descriptor"]["id"] == id) out.push_back(n);
  return out;
}

std::string messages(const nlohmann::json &log, const std::string &id) {
  std::string all;
  for (const auto &n : notifications(log, id)) all += n["message"]["text"].get<std::string>() + "\n";
  return all;
}

// A shell script that records that it ran.
void plantProgram(const std::string &path, const std::string &marker) {
  writeFile(path, "#!/bin/sh\necho \"$0 $*\" >> '" + marker + "'\necho gfx906\n");
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

// attest with a time limit: a regression that blocks fails the test instead of hanging it.
RunResult runBounded(const std::vector<std::string> &args, const std::string &cwd = "") {
  std::string line = "timeout 120 " + shellQuote(ATTEST_BINARY);
  for (const std::string &arg : args) line += " " + shellQuote(arg);
  return runShell(line, cwd);
}

TEST(HostileDatabase, NothingRunsAndNothingIsWritten) {
  std::string repo = freshDir("hostile-db"), out = freshDir("hostile-db-outputs");
  std::string marker = out + "/ran.txt";
  for (const char *tool : {"bin/amdgpu-arch", "bin/nvptx-arch", "bin/clang", "bin/clang-19", "tools/ld", "tools/as",
                           "tools/cc1", "tools/clang", "tools/amdgpu-arch", "tools/nvptx-arch"})
    plantProgram(repo + "/" + tool, marker);
  writeFile(repo + "/evil.cfg", "CONFIG_FIRST_LINE_SECRET_4242\n-B" + repo + "/tools\n--offload-arch=native\n");
  writeFile(repo + "/list.txt", "IGNORELIST_SECRET_LINE_7777\nfun:*\n");
  std::string bin = repo + "/bin/clang", tools = repo + "/tools";
  std::vector<std::vector<std::string>> commands = {
      {bin, "-x", "hip", "--offload-arch=native", "-nogpuinc", "-nogpulib", "-c"},
      {bin, "-x", "cuda", "--nvptx-arch-tool=" + repo + "/bin/nvptx-arch", "--offload-arch=native", "-nocudainc",
       "-nocudalib", "-c"},
      {bin, "--amdgpu-arch-tool=" + repo + "/bin/amdgpu-arch", "--offload-arch=native", "-c"},
      {bin, "-B" + tools, "-c"},
      {bin, "-B", tools, "-fuse-ld=" + tools + "/ld", "-c"},
      {bin, "-ccc-install-dir", repo + "/bin", "-c"},
      {bin, "-fopenmp", "--offload-arch=native", "-c"},
      {bin, "-fopenmp", "-fopenmp-targets=amdgcn-amd-amdhsa", "-c"},
      {bin, "--config=" + repo + "/evil.cfg", "-c"},
      {bin, "--config", repo + "/evil.cfg", "-c"},
      {bin, "-Xclang=-dependency-file", "-Xclang=" + out + "/dep1.d", "-Xclang=-MT", "-Xclang=PWNED\nline", "-c"},
      {bin, "-Xclang", "-dependency-file", "-Xclang", out + "/dep2.d", "-Xclang", "-MT", "-Xclang", "x", "-c"},
      {bin, "-MD", "-MF", out + "/dep3.d", "-MT", "x", "-c"},
      {bin, "-Wp,-MD," + out + "/dep4.d", "-c"},
      {bin, "-Xpreprocessor", "-dependency-file", "-Xpreprocessor", out + "/dep5.d", "-c"},
      {bin, "-Xclang", "-serialize-diagnostic-file", "-Xclang", out + "/diag.dia", "-c"},
      {bin, "--serialize-diagnostics", out + "/diag2.dia", "-c"},
      {bin, "-Xclang", "-diagnostic-log-file", "-Xclang", out + "/log.txt", "-c"},
      {bin, "-Xclang", "-header-include-file", "-Xclang", out + "/headers.txt", "-H", "-c"},
      {bin, "-fmodules", "-fmodules-cache-path=" + out + "/modules", "-c"},
      {bin, "-fsanitize=address", "-fsanitize-ignorelist=" + repo + "/list.txt", "-c"},
      {bin, "-fprofile-instr-generate", "-fprofile-list=" + repo + "/list.txt", "-c"},
      {bin, "-fxray-instrument", "-fxray-always-instrument=" + repo + "/list.txt", "-c"},
      {bin, "-ftime-trace=" + out + "/trace.json", "-save-temps=obj", "-o", out + "/t.o", "-c"},
      {bin, "-mllvm", "-debug-pass=Structure", "-MJ", out + "/mj.json", "-c"},
  };
  nlohmann::json db = nlohmann::json::array();
  for (size_t i = 0; i < commands.size(); ++i) {
    std::string file = "t" + std::to_string(i) + ".c";
    writeFile(repo + "/" + file, kInsecure);
    db.push_back(entry(repo, file, commands[i]));
  }
  writeFile(repo + "/compile_commands.json", db.dump(2));
  auto before = std::distance(fs::recursive_directory_iterator(repo), fs::recursive_directory_iterator());

  std::string sarif = sarifOutput("hostile-db");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif}, repo);
  ASSERT_NE(r.exitCode, 124) << "timed out";
  EXPECT_FALSE(fs::exists(marker)) << readFile(marker);
  for (const fs::directory_entry &e : fs::directory_iterator(out)) ADD_FAILURE() << "written: " << e.path();
  auto after = std::distance(fs::recursive_directory_iterator(repo), fs::recursive_directory_iterator());
  EXPECT_EQ(before, after) << "the scan wrote into the scanned tree";

  std::string sarifText = readFile(sarif);
  for (const char *leak : {"CONFIG_FIRST_LINE_SECRET_4242", "IGNORELIST_SECRET_LINE_7777", "PWNED"}) {
    EXPECT_EQ(sarifText.find(leak), std::string::npos) << leak;
    EXPECT_EQ(r.err.find(leak), std::string::npos) << leak;
  }
  nlohmann::json log = nlohmann::json::parse(sarifText);
  // The GPU entries are refused with the reason; everything else is parsed, with its findings.
  std::string skipped = messages(log, "tu-skipped");
  EXPECT_NE(skipped.find("CUDA and HIP"), std::string::npos) << skipped;
  EXPECT_EQ(notifications(log, "tu-skipped").size(), 2u) << skipped;
  EXPECT_EQ(resultsOf(log).size(), commands.size() - 2) << r.err;
  EXPECT_EQ(messages(log, "parse-error"), "");
  std::string dropped = messages(log, "flag-dropped");
  for (const char *flag : {"-Xclang", "-Xclang=", "--config", "-B", "-ccc-install-dir", "--amdgpu-arch-tool=", "--config=", "-MF",
                           "-Wp,", "-fsanitize-ignorelist=", "-fmodules-cache-path=", "-mllvm"})
    EXPECT_NE(dropped.find("dropped the compiler flag " + std::string(flag) + " ("), std::string::npos) << flag;
  // Once per flag per scan, with the number of TUs.
  std::set<std::string> distinct;
  for (const auto &n : notifications(log, "flag-dropped"))
    EXPECT_TRUE(distinct.insert(n["message"]["text"].get<std::string>()).second) << n.dump();
  EXPECT_NE(dropped.find("dropped the compiler flag -Xclang (passes flags to a tool inside the compiler) from 4 TU(s)"),
            std::string::npos)
      << dropped;
}

TEST(HostileDatabase, ResourceDirInTheDatabaseDoesNotReplaceBuiltinHeaders) {
  std::string repo = freshDir("hostile-resource-dir");
  writeFile(repo + "/fake/include/stddef.h", "#error FAKE_STDDEF_USED\n");
  writeFile(repo + "/fake/include/stdarg.h", "#error FAKE_STDARG_USED\n");
  writeFile(repo + "/t.c", std::string("#include <stddef.h>\n#include <stdarg.h>\n") + kInsecure);
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(repo, "t.c", {"clang", "-resource-dir", repo + "/fake", "-c"}));
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("hostile-resource-dir");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif});
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(messages(log, "parse-error"), "") << r.err;
  EXPECT_EQ(r.err.find("FAKE_"), std::string::npos) << r.err;
  EXPECT_EQ(resultsOf(log).size(), 1u);
  EXPECT_NE(messages(log, "flag-dropped").find("-resource-dir"), std::string::npos);
}

// An #include of any file made the parse-error notification quote the file's first token.
TEST(HostileDatabase, ParseErrorsDoNotQuoteTheFilesTheyCameFrom) {
  std::string repo = freshDir("hostile-include-leak"), outside = freshDir("hostile-include-secret");
  writeFile(outside + "/credentials", "TOPSECRET_TOKEN_abc123 = hunter2;\n");
  writeFile(repo + "/t.c", "#include \"" + outside + "/credentials\"\n" + kInsecure);
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(repo, "t.c", {"clang", "-c"}));
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("hostile-include-leak");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif});
  std::string text = readFile(sarif);
  EXPECT_EQ(text.find("TOPSECRET"), std::string::npos);
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.err.find("TOPSECRET"), std::string::npos) << r.err;
  // Still says where the error was.
  std::vector<nlohmann::json> parse = notifications(nlohmann::json::parse(text), "parse-error");
  ASSERT_EQ(parse.size(), 1u) << r.err;
  EXPECT_NE(parse[0].dump().find("credentials"), std::string::npos) << parse[0].dump();
}

TEST(HostileDatabase, MissingHeaderIsStillNamedInTheMainFile) {
  std::string repo = freshDir("hostile-missing-header");
  writeFile(repo + "/t.c", std::string("#include \"no_such_header.h\"\n") + kInsecure);
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(repo, "t.c", {"clang", "-c"}));
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("hostile-missing-header");
  runBounded({"scan", "-p", repo, "--sarif", sarif});
  EXPECT_NE(messages(readJson(sarif), "parse-error").find("'no_such_header.h' file not found"), std::string::npos);
}

// Issue 15 §1: GCC-only flags made every TU "failed to parse".
TEST(HostileDatabase, GccOnlyFlagsAreDroppedOncePerScanAndTheTuIsComplete) {
  std::string repo = freshDir("gcc-flags");
  nlohmann::json db = nlohmann::json::array();
  for (const char *file : {"a.c", "b.c"}) {
    writeFile(repo + "/" + file, kInsecure);
    db.push_back(entry(repo, file,
                       {"gcc", "-O2", "-fconserve-stack", "-fno-allow-store-data-races", "-fno-tree-vrp", "-mabi=lp64",
                        "-Wimplicit-fallthrough=3", "-Wno-maybe-uninitialized", "-fstack-clash-protection",
                        // GCC's Spectre hardening (dropbear's configure): clang rejects thunk as a value.
                        "-mindirect-branch=thunk", "-mfunction-return=thunk", "-c"}));
  }
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("gcc-flags");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif});
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(messages(log, "parse-error"), "") << r.err;
  EXPECT_EQ(resultsOf(log).size(), 2u);
  EXPECT_EQ(r.exitCode, 1) << r.err;  // the findings gate; nothing incomplete
  std::string dropped = messages(log, "flag-dropped");
  for (const char *flag : {"-fconserve-stack", "-fno-allow-store-data-races", "-mabi=", "-mfunction-return="}) {
    std::string line = "dropped the compiler flag " + std::string(flag) + " (";
    size_t at = dropped.find(line);
    ASSERT_NE(at, std::string::npos) << flag << "\n" << dropped;
    EXPECT_EQ(dropped.find(line, at + 1), std::string::npos) << "named twice: " << flag;
    EXPECT_NE(dropped.find("from 2 TU(s)", at), std::string::npos);
  }
}

// Issue 17: 64 symlinked copies of one file were all scanned.
TEST(HostileDatabase, SymlinkedCopiesAreOneTu) {
  std::string repo = freshDir("symlinked-copies");
  writeFile(repo + "/real/a.c", kInsecure);
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(repo, "real/a.c", {"clang", "-c"}));
  for (int i = 0; i < 8; ++i) {
    fs::create_directory_symlink(repo + "/real", repo + "/copy" + std::to_string(i));
    db.push_back(entry(repo, "copy" + std::to_string(i) + "/a.c", {"clang", "-c"}));
  }
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("symlinked-copies");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif});
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(resultsOf(log).size(), 1u) << r.err;
  EXPECT_EQ(invocation(log)["properties"]["tusPlanned"], 1) << invocation(log)["properties"].dump();
}

// Issue 17: bear writes clang's internal -cc1 command next to the driver command.
TEST(HostileDatabase, BearCc1EntriesAreSkippedWithOneNote) {
  std::string repo = freshDir("bear-cc1");
  writeFile(repo + "/a.c", kInsecure);
  writeFile(repo + "/b.c", kInsecure);
  std::vector<std::string> cc1 = {"/usr/lib/llvm-19/bin/clang", "-cc1", "-triple", "x86_64-pc-linux-gnu", "-emit-obj",
                                  "-o", "a.o", "-x", "c"};
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(repo, "a.c", cc1));  // before its driver command, as bear may write it
  db.push_back(entry(repo, "a.c", {"clang", "-c"}));
  db.push_back(entry(repo, "b.c", {"clang", "-c"}));
  db.push_back(entry(repo, "b.c", cc1));
  writeFile(repo + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("bear-cc1");
  RunResult r = runBounded({"scan", "-p", repo, "--sarif", sarif});
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(resultsOf(log).size(), 2u) << r.err;
  EXPECT_EQ(messages(log, "parse-error"), "");
  EXPECT_EQ(messages(log, "tu-skipped"), "");
  ASSERT_EQ(notifications(log, "cc1-entries-skipped").size(), 1u);
  EXPECT_NE(messages(log, "cc1-entries-skipped").find("skipped 2 "), std::string::npos);
}

// Issue 22 §3: the database where CMake presets and IDEs put it, and -p naming the file.
TEST(HostileDatabase, DatabaseFoundAsClangdFindsIt) {
  for (const char *sub : {"build", "out", "cmake-build-debug"}) {
    std::string repo = freshDir(std::string("find-db-") + sub);
    writeFile(repo + "/src/a.c", kInsecure);
    nlohmann::json db = nlohmann::json::array();
    db.push_back(entry(repo + "/" + sub, repo + "/src/a.c", {"clang", "-c"}));
    writeFile(repo + "/" + sub + "/compile_commands.json", db.dump());
    RunResult r = runBounded({"scan", "."}, repo);
    EXPECT_EQ(r.exitCode, 1) << sub << ": " << r.err;
    r = runBounded({"scan", "src"}, repo);
    EXPECT_EQ(r.exitCode, 1) << sub << ": " << r.err;
    r = runBounded({"scan", "-p", repo + "/" + sub + "/compile_commands.json"}, "/");
    EXPECT_EQ(r.exitCode, 1) << sub << ": " << r.err;
  }
}

// Issue 22 §3: the user guide's own example parsed nothing.
TEST(HostileDatabase, RelativeIncludeAfterDashDashIsRelativeToTheWorkingDirectory) {
  std::string repo = freshDir("no-db-relative-include");
  writeFile(repo + "/include/config.h", "#define VERIFY 0L\n");
  writeFile(repo + "/src/client.c",
            "#include <curl/curl.h>\n#include \"config.h\"\nvoid f(CURL *h) { curl_easy_setopt(h, "
            "CURLOPT_SSL_VERIFYPEER, VERIFY); }\n");
  std::string sarif = sarifOutput("no-db-relative-include");
  RunResult r = runBounded({"scan", "src/client.c", "--sarif", sarif, "--", "-Iinclude"}, repo);
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(messages(log, "parse-error"), "") << r.err;
  EXPECT_EQ(resultsOf(log).size(), 1u) << r.err;
}

// §3: files that are not files. Each run is bounded so that a regression fails, not hangs.
class NotAFile : public ::testing::Test {
protected:
  void SetUp() override {
    dir = freshDir(std::string("not-a-file-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fifo = dir + "/fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    writeFile(dir + "/a.c", kInsecure);
  }
  std::string dir, fifo;
};

TEST_F(NotAFile, DatabaseEntriesThatAreAFifoOrADeviceAreSkipped) {
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(dir, "a.c", {"clang", "-c"}));
  db.push_back(entry(dir, fifo, {"clang", "-c"}));
  db.push_back(entry(dir, "/dev/zero", {"clang", "-c"}));
  db.push_back(entry(dir, "/dev/urandom", {"clang", "-c"}));
  writeFile(dir + "/compile_commands.json", db.dump());
  std::string sarif = sarifOutput("not-a-file-entries");
  RunResult r = runBounded({"scan", "-p", dir, "--sarif", sarif});
  ASSERT_NE(r.exitCode, 124) << "timed out";
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(resultsOf(log).size(), 1u) << r.err;
  EXPECT_EQ(notifications(log, "tu-skipped").size(), 3u) << r.err;
  EXPECT_NE(messages(log, "tu-skipped").find("not a regular file"), std::string::npos);
}

TEST_F(NotAFile, ScanPathDatabaseAndInputsAreRefusedWithExit2) {
  nlohmann::json db = nlohmann::json::array();
  db.push_back(entry(dir, "a.c", {"clang", "-c"}));
  writeFile(dir + "/compile_commands.json", db.dump());
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"scan", "/dev/zero", "--", "-std=c11"}, "'/dev/zero' is not a regular file or a directory"},
      {{"scan", fifo, "--", "-std=c11"}, "is not a regular file or a directory"},
      {{"scan", "-p", dir, "--config", fifo}, "not a regular file (a FIFO)"},
      {{"scan", "-p", dir, "--config", "/dev/zero"}, "not a regular file (a character device)"},
      {{"scan", "-p", dir, "--baseline", fifo}, "not a regular file (a FIFO)"},
      {{"scan", "-p", dir, "--baseline", "/dev/urandom"}, "not a regular file (a character device)"},
      {{"scan", "-p", fifo}, "not a regular file (a FIFO)"},
      {{"report", fifo, "--format", "md", "-o", dir + "/r.md"}, "not a regular file (a FIFO)"},
      {{"report", "/dev/zero", "--format", "md", "-o", dir + "/r.md"}, "not a regular file"},
      {{"merge", fifo, "-o", dir + "/m.sarif"}, "not a regular file (a FIFO)"},
  };
  for (const Case &c : cases) {
    RunResult r = runBounded(c.args, dir);
    std::string line;
    for (const std::string &a : c.args) line += a + " ";
    ASSERT_NE(r.exitCode, 124) << "timed out: " << line;
    EXPECT_EQ(r.exitCode, 2) << line << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << line << "\n" << r.err;
  }
}

TEST_F(NotAFile, DatabaseThatIsAFifoIsRefused) {
  fs::rename(fifo, dir + "/compile_commands.json");
  RunResult r = runBounded({"scan", "."}, dir);
  ASSERT_NE(r.exitCode, 124) << "timed out";
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("not a regular file (a FIFO)"), std::string::npos) << r.err;
}

}  // namespace
