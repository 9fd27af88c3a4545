#include "core/Finding.h"
#include "core/Fingerprint.h"

#include <gtest/gtest.h>

using namespace attest;

namespace {
Finding make(const std::string &file, unsigned line, const std::string &context, const std::string &rule = "tls-x") {
  Finding f;
  f.ruleId = rule;
  f.location.file = file;
  f.location.startLine = f.location.endLine = line;
  f.location.startColumn = 3;
  f.location.endColumn = 10;
  f.location.contextText = context;
  f.message = "m";
  f.function = "fetch";
  return f;
}
}  // namespace

TEST(Finding, SortedAndDeduplicated) {
  std::vector<Finding> findings = {make("/r/b.cpp", 1, "x"), make("/r/a.h", 9, "y"), make("/r/a.h", 2, "z"),
                                   make("/r/a.h", 9, "y")};
  finalizeFindings(findings, "/r");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].location.startLine, 2u);
  EXPECT_EQ(findings[1].location.startLine, 9u);
  EXPECT_EQ(findings[2].location.file, "/r/b.cpp");
}

TEST(Finding, FingerprintIgnoresLineNumbersAndWhitespace) {
  std::vector<Finding> before = {make("/r/a.cpp", 10, "  curl_easy_setopt(h, OPT, 0L);")};
  std::vector<Finding> after = {make("/r/a.cpp", 42, "curl_easy_setopt( h,OPT, 0L );")};
  finalizeFindings(before, "/r");
  finalizeFindings(after, "/r");
  EXPECT_EQ(before[0].fingerprint, after[0].fingerprint);
  EXPECT_EQ(before[0].lineHash, after[0].lineHash);
}

TEST(Finding, FingerprintDistinguishesRulesFilesAndRepeats) {
  std::vector<Finding> f = {make("/r/a.cpp", 1, "same();"), make("/r/a.cpp", 5, "same();"),
                            make("/r/b.cpp", 1, "same();"), make("/r/a.cpp", 9, "same();", "tls-y")};
  finalizeFindings(f, "/r");
  std::set<std::string> prints;
  for (const Finding &x : f) prints.insert(x.fingerprint);
  EXPECT_EQ(prints.size(), 4u);
  EXPECT_EQ(f[0].lineHash.substr(f[0].lineHash.size() - 2), ":1");
  EXPECT_EQ(f[1].lineHash.substr(f[1].lineHash.size() - 2), ":2");
}

TEST(Finding, RelativeTo) {
  EXPECT_EQ(relativeTo("/r/src/a.cpp", "/r"), "src/a.cpp");
  EXPECT_EQ(relativeTo("/r/src/a.cpp", "/r/"), "src/a.cpp");
  EXPECT_EQ(relativeTo("/rx/a.cpp", "/r"), "");
  EXPECT_EQ(relativeTo("/r", "/r"), "");
}

TEST(Fingerprint, UuidV5MatchesRfc4122) {
  // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'attest/taxonomy/CWE'))"
  EXPECT_EQ(uuidV5("attest/taxonomy/CWE"), "661e259c-6f6e-5d21-9f5b-eca34f23c7d9");
}

TEST(Fingerprint, Sha256) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(normalizeForFingerprint(" a \t b\r\n"), "ab");
}
