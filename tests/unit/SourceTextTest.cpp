#include "core/SourceText.h"

#include <gtest/gtest.h>

using namespace attest;

TEST(SourceText, SanitizeKeepsValidUtf8) {
  EXPECT_EQ(sanitizeUtf8("plain"), "plain");
  EXPECT_EQ(sanitizeUtf8("caf\xC3\xA9 \xF0\x9F\x94\x92"), "caf\xC3\xA9 \xF0\x9F\x94\x92");
}

TEST(SourceText, SanitizeReplacesInvalidBytesAndNul) {
  EXPECT_EQ(sanitizeUtf8(std::string("a\xFF" "b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sanitizeUtf8(std::string("a\0b", 3)), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sanitizeUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(sanitizeUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(sanitizeUtf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
}

TEST(SourceText, Utf16Columns) {
  EXPECT_EQ(utf16Column("abc", 3), 3u);
  EXPECT_EQ(utf16Column("\xC3\xA9x", 3), 2u);            // é is 2 bytes, 1 unit
  EXPECT_EQ(utf16Column("\xF0\x9F\x94\x92x", 5), 3u);    // U+1F512 is 4 bytes, 2 units
  EXPECT_EQ(utf16Column("ab", 3), 3u);                   // one past the end
}

TEST(SourceText, Uris) {
  EXPECT_EQ(percentEncodePath("src/a b#1.cpp"), "src/a%20b%231.cpp");
  EXPECT_EQ(fileUri("/r/x", true), "file:///r/x/");
  EXPECT_EQ(fileUri("/r/x.cpp"), "file:///r/x.cpp");
}
