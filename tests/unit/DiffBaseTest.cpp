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
