// driver/Command.h: the front-end invocation attest derives from a compile database entry.
#include "driver/Command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace attest;

namespace {

std::string scratchDir(const std::string &name) {
  fs::path dir = fs::temp_directory_path() / ("attest-command-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

// `arg` as one argument, or split after its option ("-D" "FOO=1"), as the driver may render it.
bool has(const std::vector<std::string> &args, const std::string &arg) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == arg) return true;
    if (i + 1 < args.size() && args[i].size() < arg.size() && arg.compare(0, args[i].size(), args[i]) == 0 &&
        args[i + 1] == arg.substr(args[i].size()))
      return true;
  }
  return false;
}

bool anyContains(const std::vector<std::string> &args, const std::string &text) {
  return std::any_of(args.begin(), args.end(), [&](const std::string &a) { return a.find(text) != std::string::npos; });
}

const DroppedFlag *droppedNamed(const SanitizedCommand &c, const std::string &flag) {
  for (const DroppedFlag &d : c.dropped)
    if (d.flag == flag) return &d;
  return nullptr;
}

TEST(Command, KeepsWhatShapesTheParse) {
  std::string dir = scratchDir("keep");
  SanitizedCommand c = sanitizeCommand({"/repo/bin/g++", "-std=c++17", "-DFOO=1", "-UBAR", "-Iinclude", "-isystem",
                                        "/opt/inc", "-O2", "-pthread", "-fno-exceptions", "-m64", "-Wall",
                                        "-Wno-error=int-conversion", "-c", "t.cpp", "-o", "t.o"},
                                       dir + "/t.cpp", dir);
  ASSERT_EQ(c.refusal, "");
  ASSERT_GE(c.arguments.size(), 3u);
  // attest's own driver, never the entry's: the driver finds helper programs next to argv[0].
  EXPECT_EQ(fs::path(c.arguments[0]).filename(), "clang++");
  EXPECT_EQ(c.arguments[0].find("/repo/"), std::string::npos);
  EXPECT_EQ(c.arguments[1], "--no-default-config");
  EXPECT_EQ(c.arguments.back(), dir + "/t.cpp");
  for (const char *kept : {"-std=c++17", "-DFOO=1", "-UBAR", "-Iinclude", "-O2", "-pthread", "-fno-exceptions",
                           "-m64", "-Wall", "-Wno-error=int-conversion", "-fsyntax-only"})
    EXPECT_TRUE(has(c.arguments, kept)) << kept;
  EXPECT_TRUE(has(c.arguments, "-isystem") && has(c.arguments, "/opt/inc"));
  for (const char *gone : {"-c", "-o", "t.o", "t.cpp"}) EXPECT_FALSE(has(c.arguments, gone)) << gone;
  // -c and -o are the build's own business: no notification for them.
  EXPECT_TRUE(c.dropped.empty()) << c.dropped.front().flag;
}

TEST(Command, CompilerNameDecidesTheLanguageMode) {
  std::string dir = scratchDir("mode");
  EXPECT_EQ(fs::path(sanitizeCommand({"gcc", "-c", "a.c"}, dir + "/a.c", dir).arguments.at(0)).filename(), "clang");
  EXPECT_EQ(fs::path(sanitizeCommand({"/usr/bin/c++", "-c", "a.cc"}, dir + "/a.cc", dir).arguments.at(0)).filename(),
            "clang++");
  EXPECT_NE(sanitizeCommand({"clang-cl", "/c", "a.cc"}, dir + "/a.cc", dir).refusal, "");
}

// Every spelling from the hostile-input issue that runs a program, writes a file, loads a
// plugin or config file, or reaches into the compiler's internals.
TEST(Command, DropsEveryFlagThatRunsWritesOrLoads) {
  std::string dir = scratchDir("hostile");
  std::vector<std::string> argv = {"/repo/bin/clang",
                                   "-Xclang=-dependency-file", "-Xclang=/tmp/pwned.d", "-Xclang=-MT", "-Xclang=x",
                                   "-Xclang", "-load", "-Xclang", "/tmp/evil.so",
                                   "-mllvm", "-some-option",
                                   "-Wp,-MD,/tmp/pwned2.d",
                                   "-Xpreprocessor", "-dM",
                                   "-Wa,--defsym,x=1", "-Wl,-rpath,/x",
                                   "-B/repo/tools", "-B", "/repo/tools2",
                                   "-ccc-install-dir", "/repo/bin",
                                   "--amdgpu-arch-tool=/repo/bin/amdgpu-arch", "--nvptx-arch-tool=/repo/bin/nvptx-arch",
                                   "--offload-arch=native", "-march=native",
                                   "-MD", "-MF", "/tmp/pwned3.d", "-MMD", "-MT", "target", "-MQ", "q",
                                   "-fmodules-cache-path=/tmp/pwned-modules",
                                   "-fsanitize-ignorelist=/etc/shadow", "-fprofile-list=/etc/shadow",
                                   "-fxray-always-instrument=/etc/shadow", "-fprofile-instr-generate=/tmp/p",
                                   "-fplugin=/repo/evil.so", "-fpass-plugin=/repo/evil2.so",
                                   "--config=/repo/evil.cfg", "--config", "/repo/evil2.cfg",
                                   "-resource-dir", "/repo/fake", "-resource-dir=/repo/fake2",
                                   "-save-temps", "-ftime-trace=/tmp/t.json", "-fcrash-diagnostics-dir=/tmp/crash",
                                   "-Werror", "-Werror=format",
                                   "-c", "t.c"};
  SanitizedCommand c = sanitizeCommand(argv, dir + "/t.c", dir);
  ASSERT_EQ(c.refusal, "");
  for (const char *text : {"pwned", "evil", "/repo", "shadow", "Xclang", "mllvm", "-Wp,", "-Wa,", "-Wl,", "-B",
                           "ccc", "arch-tool", "offload", "native", "-M", "modules-cache", "ignorelist", "profile",
                           "xray", "plugin", "config=", "resource-dir", "save-temps", "time-trace", "crash",
                           "-Werror", "-Xpreprocessor", "-dM"})
    EXPECT_FALSE(anyContains(c.arguments, text)) << text;
  EXPECT_TRUE(has(c.arguments, "--no-default-config"));
  // Each is named, without its value (a value may be a path or a file's contents).
  for (const char *flag : {"-Xclang", "-mllvm", "-Wp,", "-B", "-ccc-install-dir", "--amdgpu-arch-tool=",
                           "--nvptx-arch-tool=", "--offload-arch=", "-march=native", "-MD", "-MF", "-MT",
                           "-fmodules-cache-path=", "-fsanitize-ignorelist=", "-fprofile-list=", "-fplugin=",
                           "--config=", "-resource-dir", "-Werror"})
    EXPECT_NE(droppedNamed(c, flag), nullptr) << flag;
  for (const DroppedFlag &d : c.dropped) EXPECT_EQ(d.flag.find("shadow"), std::string::npos) << d.flag;
  EXPECT_TRUE(droppedNamed(c, "-fplugin=")->risky);
  EXPECT_TRUE(droppedNamed(c, "--amdgpu-arch-tool=")->risky);
  EXPECT_FALSE(droppedNamed(c, "-Werror")->risky);
}

// GCC-only flags, as clangd treats them: unknown ones and ones the driver rejects for the
// target are dropped, unknown warnings are left to -Wno-unknown-warning-option.
TEST(Command, GccOnlyFlagsAreDropped) {
  std::string dir = scratchDir("gcc");
  SanitizedCommand c = sanitizeCommand({"gcc", "-fconserve-stack", "-fno-allow-store-data-races", "-fno-tree-vrp",
                                        "-mabi=lp64", "-Wimplicit-fallthrough=3", "-Wno-maybe-uninitialized",
                                        "-fstack-clash-protection", "-c", "t.c"},
                                       dir + "/t.c", dir);
  ASSERT_EQ(c.refusal, "");
  for (const char *gone : {"-fconserve-stack", "-fno-allow-store-data-races", "-fno-tree-vrp", "-mabi=lp64"})
    EXPECT_FALSE(has(c.arguments, gone)) << gone;
  ASSERT_NE(droppedNamed(c, "-fconserve-stack"), nullptr);
  EXPECT_EQ(droppedNamed(c, "-fconserve-stack")->reason, "unknown to clang");
  ASSERT_NE(droppedNamed(c, "-mabi="), nullptr);
  EXPECT_EQ(droppedNamed(c, "-mabi=")->reason, "not supported for this target");
  EXPECT_TRUE(has(c.arguments, "-Wimplicit-fallthrough=3"));
  EXPECT_TRUE(has(c.arguments, "-Wno-maybe-uninitialized"));
}

TEST(Command, RefusesWhatIsNotOneParse) {
  std::string dir = scratchDir("refuse");
  EXPECT_NE(sanitizeCommand({"clang", "-x", "hip", "--offload-arch=native", "-nogpuinc", "-nogpulib", "-c", "t.c"},
                            dir + "/t.c", dir)
                .refusal,
            "");
  EXPECT_NE(sanitizeCommand({"clang", "-x", "cuda", "-c", "t.c"}, dir + "/t.c", dir).refusal, "");
  EXPECT_NE(sanitizeCommand({"clang", "-c", "k.cu"}, dir + "/k.cu", dir).refusal, "");
  // bear records the driver's internal front-end command too.
  SanitizedCommand cc1 = sanitizeCommand({"/usr/lib/llvm-19/bin/clang", "-cc1", "-triple", "x86_64-pc-linux-gnu",
                                          "-emit-obj", "t.c"},
                                         dir + "/t.c", dir);
  EXPECT_NE(cc1.refusal.find("-cc1"), std::string::npos) << cc1.refusal;
  EXPECT_TRUE(cc1.arguments.empty());
  // An assembler source is not a parse.
  EXPECT_NE(sanitizeCommand({"clang", "-x", "assembler", "-c", "t.s"}, dir + "/t.s", dir).refusal, "");
}

TEST(Command, ResponseFilesAreExpandedAndSanitised) {
  std::string dir = scratchDir("rsp");
  std::ofstream(dir + "/flags.rsp") << "-DFROM_RSP=1 -Iinc -Xclang -load -Xclang /tmp/evil.so -fconserve-stack\n";
  SanitizedCommand c = sanitizeCommand({"clang", "@flags.rsp", "-c", "t.c"}, dir + "/t.c", dir);
  ASSERT_EQ(c.refusal, "");
  EXPECT_TRUE(has(c.arguments, "-DFROM_RSP=1"));
  EXPECT_TRUE(has(c.arguments, "-Iinc"));
  EXPECT_FALSE(anyContains(c.arguments, "evil"));
  EXPECT_FALSE(anyContains(c.arguments, "@"));
  // An unknown token from a file is not quoted: the file may be anything (a secret).
  EXPECT_EQ(droppedNamed(c, "-fconserve-stack"), nullptr);
  EXPECT_NE(droppedNamed(c, "an unknown flag in a response file"), nullptr);
}

TEST(Command, ResponseFileThatIsNotAFileIsDroppedWithoutBlocking) {
  std::string dir = scratchDir("rsp-fifo");
  ASSERT_EQ(::mkfifo((dir + "/flags.rsp").c_str(), 0600), 0);
  SanitizedCommand c = sanitizeCommand({"clang", "@flags.rsp", "@/dev/zero", "-DX", "-c", "t.c"}, dir + "/t.c", dir);
  ASSERT_EQ(c.refusal, "");
  EXPECT_TRUE(has(c.arguments, "-DX"));
  ASSERT_NE(droppedNamed(c, "@flags.rsp"), nullptr);
  EXPECT_NE(droppedNamed(c, "@flags.rsp")->reason.find("FIFO"), std::string::npos);
  EXPECT_NE(droppedNamed(c, "@/dev/zero"), nullptr);
}

TEST(Command, IncludeOfSomethingThatIsNotAFileIsDropped) {
  std::string dir = scratchDir("include");
  std::ofstream(dir + "/prefix.h") << "#define P 1\n";
  SanitizedCommand c = sanitizeCommand({"clang", "-include", "/dev/zero", "-include", "prefix.h", "-c", "t.c"},
                                       dir + "/t.c", dir);
  ASSERT_EQ(c.refusal, "");
  EXPECT_FALSE(has(c.arguments, "/dev/zero"));
  EXPECT_TRUE(has(c.arguments, "prefix.h"));
  EXPECT_NE(droppedNamed(c, "-include"), nullptr);
}

}  // namespace
