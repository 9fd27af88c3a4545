#include "driver/DiffBase.h"

#include <gtest/gtest.h>

using namespace attest;

TEST(DiffBase, ParsesUnifiedZeroHunks) {
  const char *diff = "diff --git a/src/a.cpp b/src/a.cpp\n--- a/src/a.cpp\n+++ b/src/a.cpp\n"
                     "@@ -3,0 +4,2 @@ void f()\n+x\n+y\n@@ -10 +12 @@\n-a\n+b\n@@ -20,3 +22,0 @@\n-gone\n"
                     "diff --git a/new.h b/new.h\n--- /dev/null\n+++ b/new.h\n@@ -0,0 +1,5 @@\n";
  ChangeSet changes;
  parseUnifiedZeroDiff(diff, "/r", changes);
  EXPECT_TRUE(changes.touches("/r/src/a.cpp"));
  EXPECT_TRUE(changes.touches("/r/new.h"));
  EXPECT_FALSE(changes.touches("/r/other.cpp"));
  EXPECT_TRUE(changes.changedLine("/r/src/a.cpp", 4));
  EXPECT_TRUE(changes.changedLine("/r/src/a.cpp", 5));
  EXPECT_FALSE(changes.changedLine("/r/src/a.cpp", 6));
  EXPECT_TRUE(changes.changedLine("/r/src/a.cpp", 12));
  EXPECT_TRUE(changes.changedLine("/r/src/a.cpp", 22)) << "the line after a deletion";
  EXPECT_TRUE(changes.changedLine("/r/new.h", 3));
}

TEST(DiffBase, PatchNamesAsGitQuotesThem) {
  // A name with a space ends in a TAB; bytes git finds special are C-quoted.
  const char *diff = "diff --git a/my client.c b/my client.c\n--- a/my client.c\t\n+++ b/my client.c\t\n@@ -1 +1 @@\n"
                     "diff --git \"a/q\\\"uote.c\" \"b/q\\\"uote.c\"\n--- \"a/q\\\"uote.c\"\n+++ \"b/q\\\"uote.c\"\n"
                     "@@ -2,0 +3 @@\n"
                     "diff --git \"a/na\\303\\257ve.c\" \"b/na\\303\\257ve.c\"\n--- \"a/na\\303\\257ve.c\"\n"
                     "+++ \"b/na\\303\\257ve.c\"\n@@ -7 +7,2 @@\n";
  ChangeSet changes;
  parseUnifiedZeroDiff(diff, "/r", changes);
  EXPECT_TRUE(changes.changedLine("/r/my client.c", 1));
  EXPECT_TRUE(changes.changedLine("/r/q\"uote.c", 3));
  EXPECT_FALSE(changes.changedLine("/r/q\"uote.c", 2));
  EXPECT_TRUE(changes.changedLine("/r/na\xc3\xafve.c", 8));
}

TEST(DiffBase, RawListingWithRenamesNewFilesAndSubmodules) {
  std::string raw;
  auto entry = [&](const std::string &header, std::vector<std::string> paths) {
    raw += header + '\0';
    for (const std::string &p : paths) raw += p + '\0';
  };
  std::string z(40, '0'), a(40, 'a');
  entry(":100644 100644 " + a + " " + z + " M", {"src/edit ed.c"});
  entry(":100644 100644 " + a + " " + a + " R100", {"old.c", "dir/new.c"});
  entry(":000000 100644 " + z + " " + a + " A", {"added.h"});
  entry(":160000 160000 " + a + " " + z + " M", {"vendor/lib"});
  entry(":100644 000000 " + a + " " + z + " D", {"deleted.c"});
  ChangeSet changes;
  parseRawZ(raw, "/r", changes);
  EXPECT_TRUE(changes.touches("/r/src/edit ed.c"));
  EXPECT_TRUE(changes.touches("/r/dir/new.c"));
  EXPECT_FALSE(changes.touches("/r/old.c"));
  EXPECT_FALSE(changes.changedLine("/r/dir/new.c", 1)) << "a pure rename changes no line";
  EXPECT_TRUE(changes.renamedFiles.count("/r/dir/new.c"));
  EXPECT_TRUE(changes.changedLine("/r/added.h", 99));
  EXPECT_TRUE(changes.changedLine("/r/vendor/lib/src/x.c", 5)) << "everything in a moved submodule";
  EXPECT_FALSE(changes.touches("/r/vendor/library.c"));
  EXPECT_FALSE(changes.touches("/r/deleted.c"));
}

TEST(DiffBase, PathsCompareNormalised) {
  ChangeSet changes;
  changes.files["/r/src/a.c"] = {{3, 3}};
  EXPECT_TRUE(changes.changedLine("/r/./src/a.c", 3));
  EXPECT_TRUE(changes.changedLine("/r/src/../src/a.c", 3));
  EXPECT_TRUE(changes.touches("/r//src/a.c"));
  EXPECT_EQ(canonicalPath("/r/x/../y/./z"), "/r/y/z");
}
