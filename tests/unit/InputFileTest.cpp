// core/InputFile.h: inputs are regular files of bounded size; nothing else is read.
#include "core/InputFile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace attest;

namespace {

std::string scratch(const std::string &name) {
  fs::path dir = fs::temp_directory_path() / ("attest-input-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

TEST(InputFile, ReadsARegularFile) {
  std::string dir = scratch("regular");
  std::ofstream(dir + "/a.json") << "{\"x\": 1}\n";
  fs::create_symlink(dir + "/a.json", dir + "/link.json");
  std::string error;
  EXPECT_EQ(readInputFile(dir + "/a.json", 100, error).value_or("?"), "{\"x\": 1}\n");
  EXPECT_EQ(readInputFile(dir + "/link.json", 100, error).value_or("?"), "{\"x\": 1}\n");
}

TEST(InputFile, RefusesWhatIsNotARegularFileWithoutBlocking) {
  std::string dir = scratch("fifo");
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", dir + "/zero-link");
  // No writer ever opens the FIFO: a blocking open would hang this test.
  std::string error;
  EXPECT_FALSE(readInputFile(dir + "/fifo", 100, error));
  EXPECT_NE(error.find("not a regular file (a FIFO)"), std::string::npos) << error;
  EXPECT_EQ(readInputFile("/dev/null", 100, error).value_or("?"), "");  // "no configuration"
  EXPECT_FALSE(readInputFile("/dev/zero", 100, error));
  EXPECT_NE(error.find("(a character device)"), std::string::npos) << error;
  EXPECT_FALSE(readInputFile(dir + "/zero-link", 100, error));
  EXPECT_NE(error.find("(a character device)"), std::string::npos) << error;
  EXPECT_FALSE(readInputFile(dir, 100, error));
  EXPECT_NE(error.find("(a directory)"), std::string::npos) << error;
  EXPECT_FALSE(readInputFile(dir + "/missing", 100, error));
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

TEST(InputFile, BoundsTheSize) {
  std::string dir = scratch("size");
  std::ofstream(dir + "/big") << std::string(2048, 'x');
  std::string error;
  EXPECT_FALSE(readInputFile(dir + "/big", 1024, error));
  EXPECT_NE(error.find("larger than 1024 bytes"), std::string::npos) << error;
  EXPECT_TRUE(readInputFile(dir + "/big", 2048, error));
}

}  // namespace
