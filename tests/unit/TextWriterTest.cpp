// reports/TextWriter and writeFileAtomically: text from the scanned code cannot start a
// line, a workflow command or a terminal escape, and outputs never replace a device,
// a FIFO or /dev/stdout with a file.
#include "reports/SarifWriter.h"
#include "reports/TextWriter.h"

#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace attest;
namespace fs = std::filesystem;

namespace {
ScanResult oneFinding(const std::string &file, const std::string &message) {
  ScanResult scan;
  Finding f;
  f.ruleId = "tls-verification-disabled";
  f.level = Level::Error;
  f.message = message;
  f.location.file = file;
  f.location.startLine = f.location.endLine = 3;
  f.location.startColumn = 5;
  scan.findings.push_back(f);
  return scan;
}

std::string freshTempDir(const std::string &name) {
  fs::path dir = fs::temp_directory_path() / ("attest-unit-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}
}  // namespace

TEST(TextWriter, ControlCharactersAreShownNotSent) {
  EXPECT_EQ(neutralizeControls("a\nb\r\tc\x1b[31md\x07\x7f"), "a\\nb\\r\\tc\\x1b[31md\\x07\\x7f");
  EXPECT_EQ(neutralizeControls("\xc2\x9b" "2J"), "\\u009b2J") << "C1 CSI";
  EXPECT_EQ(neutralizeControls("abc\xe2\x80\xae" "cba"), "abc\\u202ecba") << "right-to-left override";
  EXPECT_EQ(neutralizeControls("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac") << "ordinary UTF-8 stays";
  EXPECT_EQ(neutralizeControls(std::string("a\0b", 3)), "a\xef\xbf\xbd" "b") << "NUL is replaced with the invalid bytes";
  EXPECT_EQ(neutralizeControls("a\xffz"), "a\xef\xbf\xbd" "z");
}

TEST(TextWriter, TextLinesCannotBeWorkflowCommands) {
  std::string text = formatText(oneFinding("/repo/a\n::error file=x::pwned\x1b[2J.cpp", "m\n::warning::w\x1b]0;t\x07"),
                                "/repo");
  EXPECT_EQ(text, "a\\n::error file=x::pwned\\x1b[2J.cpp:3:5: error: m\\n::warning::w\\x1b]0;t\\x07 "
                  "[tls-verification-disabled]\n");
  EXPECT_EQ(formatText(oneFinding("/repo/::error file=y::z.cpp", "m"), "/repo").rfind("./::error", 0), 0u);
  EXPECT_EQ(formatText(oneFinding("/repo/##[error]z.cpp", "m"), "/repo").rfind("./##[error]", 0), 0u);
  Notification n{"parse-error", Level::Warning, "bad\n::error::x", "/repo/a\nb.cpp", 2};
  EXPECT_EQ(formatNotification(n), "/repo/a\\nb.cpp:2: warning: bad\\n::error::x [parse-error]\n");
}

TEST(TextWriter, GithubAnnotationsEscapeDataAndProperties) {
  EXPECT_EQ(githubEscapeData("50% a\r\nb\x1b[1m"), "50%25 a%0D%0Ab\\x1b[1m");
  EXPECT_EQ(githubEscapeProperty("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
  std::string out = formatGithub(oneFinding("/repo/a\n::error file=x::pwned\x1b.cpp", "line1\nline2 ::error::x"), "/repo");
  EXPECT_EQ(out, "::error file=a%0A%3A%3Aerror file=x%3A%3Apwned\\x1b.cpp,line=3,col=5,endLine=3,"
                 "title=tls-verification-disabled::line1%0Aline2 ::error::x\n");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

TEST(WriteFile, DashAndDescriptorNamesAreStandardOutput) {
  EXPECT_EQ(standardOutputConflict({{"--sarif", "-"}, {"--junit", "j.xml"}}), "");
  EXPECT_NE(standardOutputConflict({{"--sarif", "-"}, {"--junit", "/dev/stdout"}}), "");
  EXPECT_NE(standardOutputConflict({{"--sarif", "-"}, {"--attestation", "a.json"}}), "");
  EXPECT_EQ(standardOutputConflict({{"--sarif", "s.sarif"}, {"--attestation", "-"}}), "");
  EXPECT_TRUE(writesToStandardOutput({"", "/dev/fd/1"}));
  EXPECT_FALSE(writesToStandardOutput({"out.sarif", "/dev/fd/2"}));
}

TEST(WriteFile, RegularFilesAndPlantedLinksAreReplaced) {
  std::string dir = freshTempDir("write-regular"), error;
  ASSERT_TRUE(writeFileAtomically("one", dir + "/out.sarif", error)) << error;
  ASSERT_TRUE(writeFileAtomically("two", dir + "/out.sarif", error)) << error;
  EXPECT_EQ(slurp(dir + "/out.sarif"), "two");
  std::ofstream(dir + "/victim") << "keep";
  fs::create_symlink("victim", dir + "/link.sarif");
  ASSERT_TRUE(writeFileAtomically("new", dir + "/link.sarif", error)) << error;
  EXPECT_FALSE(fs::is_symlink(dir + "/link.sarif"));
  EXPECT_EQ(slurp(dir + "/victim"), "keep");
  EXPECT_EQ(slurp(dir + "/link.sarif"), "new");
  fs::create_symlink("nowhere", dir + "/dangling.sarif");
  ASSERT_TRUE(writeFileAtomically("x", dir + "/dangling.sarif", error)) << error;
  EXPECT_FALSE(fs::exists(dir + "/nowhere")) << "a dangling link is replaced, not followed";
  fs::remove_all(dir);
}

TEST(WriteFile, FifosNullAndLinksToThemAreWrittenThrough) {
  std::string dir = freshTempDir("write-special"), error;
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  fs::create_symlink("fifo", dir + "/fifo-link");
  std::string received;
  std::thread reader([&] { received = slurp(dir + "/fifo"); });
  bool written = false;
  for (int attempt = 0; attempt < 200 && !written; ++attempt) {  // until the reader has opened it
    written = writeFileAtomically("through the fifo", dir + "/fifo-link", error);
    if (!written) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  reader.join();
  EXPECT_TRUE(written) << error;
  EXPECT_EQ(received, "through the fifo");
  EXPECT_TRUE(fs::is_symlink(dir + "/fifo-link"));
  EXPECT_TRUE(fs::is_fifo(dir + "/fifo"));
  EXPECT_FALSE(writeFileAtomically("nobody reads", dir + "/fifo", error));
  EXPECT_NE(error.find("no process reads this FIFO"), std::string::npos) << error;

  fs::create_symlink("/dev/null", dir + "/null-link");
  EXPECT_TRUE(writeFileAtomically("discarded", dir + "/null-link", error)) << error;
  EXPECT_TRUE(fs::is_symlink(dir + "/null-link"));
  fs::create_symlink("/dev/zero", dir + "/zero-link");
  EXPECT_FALSE(writeFileAtomically("refused", dir + "/zero-link", error));
  EXPECT_NE(error.find("it is a device"), std::string::npos) << error;
  EXPECT_FALSE(writeFileAtomically("refused", dir, error));
  EXPECT_NE(error.find("directory"), std::string::npos) << error;
  fs::remove_all(dir);
}

TEST(TextWriter, ColourWrapsOnlyTheLevelWord) {
  ScanResult scan = oneFinding("/src/a.cpp", "verification off \x1b[0m");
  EXPECT_EQ(formatText(scan, "/src", false, true),
            "a.cpp:3:5: \x1b[1;31merror\x1b[0m: verification off \\x1b[0m [tls-verification-disabled]\n");
  EXPECT_EQ(formatText(scan, "/src"), "a.cpp:3:5: error: verification off \\x1b[0m [tls-verification-disabled]\n");
  scan.findings[0].level = Level::Warning;
  EXPECT_NE(formatText(scan, "/src", false, true).find("\x1b[1;35mwarning\x1b[0m: "), std::string::npos);
  scan.findings[0].level = Level::Note;
  EXPECT_NE(formatText(scan, "/src", false, true).find("\x1b[1;36mnote\x1b[0m: "), std::string::npos);
  Notification n{"parse-error", Level::Warning, "1 compile error(s)", "/src/a.cpp", 2};
  EXPECT_EQ(formatNotification(n, "/src", true), "a.cpp:2: \x1b[1;35mwarning\x1b[0m: 1 compile error(s) [parse-error]\n");
  EXPECT_EQ(formatGithub(scan, "/src").find('\x1b'), std::string::npos);
}
