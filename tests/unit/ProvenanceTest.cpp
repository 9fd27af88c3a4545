#include "core/Provenance.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace attest;

TEST(Provenance, StripsCredentialsFromRemote) {
  EXPECT_EQ(stripUrlCredentials("https://user:ghp_token@github.com/o/r.git"), "https://github.com/o/r.git");
  EXPECT_EQ(stripUrlCredentials("https://github.com/o/r.git"), "https://github.com/o/r.git");
  EXPECT_EQ(stripUrlCredentials("git@github.com:o/r.git"), "git@github.com:o/r.git");
  EXPECT_EQ(stripUrlCredentials("https://x@h/p@q"), "https://h/p@q");
  EXPECT_EQ(stripUrlCredentials("https://gitlab.com/o/r.git?private_token=glpat-FixtureTok3n"), "https://gitlab.com/o/r.git");
  EXPECT_EQ(stripUrlCredentials("https://h/r.git#access_token=FixtureTok3n"), "https://h/r.git");
  EXPECT_EQ(stripUrlCredentials("https://oauth2:FixtureTok3n@h?x=1"), "https://h");
  EXPECT_EQ(stripUrlCredentials("ssh://git:FixtureTok3n@h:22/r"), "ssh://h:22/r");
}

TEST(Provenance, RemotesBecomeAbsoluteUris) {
  EXPECT_EQ(remoteToUri("/work/main"), "file:///work/main");
  EXPECT_EQ(remoteToUri("git@github.com:o/r.git"), "ssh://github.com/o/r.git");
  EXPECT_EQ(remoteToUri("https://u:tok@gitlab.com/o/r.git"), "https://gitlab.com/o/r.git");
  EXPECT_EQ(remoteToUri("relative/dir"), "");
}

TEST(Provenance, ReadsHeadBranchAndOriginWithoutRunningGit) {
  fs::path root = fs::temp_directory_path() / ("attest-git-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / ".git" / "refs" / "heads");
  fs::create_directories(root / "src" / "deep");
  std::string sha = "0123456789abcdef0123456789abcdef01234567";
  std::ofstream(root / ".git" / "HEAD") << "ref: refs/heads/feature/x\n";
  std::ofstream(root / ".git" / "packed-refs") << "# pack-refs\n" << sha << " refs/heads/feature/x\n";
  std::ofstream(root / ".git" / "config") << "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = https://bot:s3cr3t@example.com/svc.git\n";
  auto info = findGitInfo((root / "src" / "deep").string());
  ASSERT_TRUE(info);
  EXPECT_EQ(info->topLevel, root.string());
  EXPECT_EQ(info->branch, "feature/x");
  EXPECT_EQ(info->commit, sha);
  EXPECT_EQ(info->repositoryUri, "https://example.com/svc.git");
  fs::remove_all(root);
}
