#include "core/Suppressions.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace attest;

TEST(Suppression, ParsesIdsJustificationUntilTicket) {
  auto s = parseSuppressions("f.cpp", "x();\n  // attest:ignore[tls-a, crypto-*] legacy peer until=2027-01-31 ticket=SEC-1\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].line, 2u);
  EXPECT_EQ(s[0].patterns, (std::vector<std::string>{"tls-a", "crypto-*"}));
  EXPECT_EQ(s[0].justification, "legacy peer");
  EXPECT_EQ(s[0].until, "2027-01-31");
  EXPECT_EQ(s[0].ticket, "SEC-1");
  EXPECT_EQ(s[0].problem, "");
}

TEST(Suppression, ProblemsAreReported) {
  EXPECT_EQ(parseSuppressions("f", "// attest:ignore[tls-a]")[0].problem, "has no justification");
  EXPECT_EQ(parseSuppressions("f", "// attest:ignore[tls-a] -- ")[0].problem, "has no justification");
  EXPECT_EQ(parseSuppressions("f", "// attest:ignore[] why")[0].problem, "names no rule");
  EXPECT_EQ(parseSuppressions("f", "// attest:ignore[tls-a why")[0].problem, "the rule list is not closed with ']'");
  EXPECT_EQ(parseSuppressions("f", "// attest:ignore[tls-a] why until=2027-13-01")[0].problem,
            "until= must be a date YYYY-MM-DD");
}

TEST(Suppression, OnlyInComments) {
  EXPECT_TRUE(parseSuppressions("f", "s = \"attest:ignore[tls-a] why\";").empty());
  EXPECT_EQ(parseSuppressions("f", "x(); /* attest:ignore[tls-a] why */ y();")[0].justification, "why");
}

TEST(Suppression, FamilyGlobs) {
  EXPECT_TRUE(matchesRulePattern("tls-weak-cipher", "tls-*"));
  EXPECT_FALSE(matchesRulePattern("transport-cleartext", "tls-*"));
  EXPECT_TRUE(matchesRulePattern("tls-weak-cipher", "tls-weak-cipher"));
  EXPECT_FALSE(matchesRulePattern("tls-weak-cipher", "tls-weak"));
}

// The bypasses of issue 15 §6: the marker outside a comment.
TEST(Suppression, NotInStringLiteralsOrAfterAnEarlierComment) {
  EXPECT_TRUE(parseSuppressions("f.cpp", "fetch(\"http://host/attest:ignore[tls-verification-disabled] why\");\n").empty());
  EXPECT_TRUE(parseSuppressions("f.cpp", "auto doc = R\"(\nattest:ignore[tls-verification-disabled] why\n)\";\nbad();\n").empty());
  EXPECT_TRUE(parseSuppressions("f.cpp", "x(); /* note */ s = \"attest:ignore[tls-a] why\";\n").empty());
  EXPECT_TRUE(parseSuppressions("f.cpp", "s = \"//\"; t = \"attest:ignore[tls-a] why\";\n").empty());
  EXPECT_TRUE(parseSuppressions("f.cpp", "s = \"a\\\" // attest:ignore[tls-a] why\";\n").empty());
  // A real comment after a literal still counts, and its justification ends with it.
  auto s = parseSuppressions("f.cpp", "s = \"//\"; /* attest:ignore[tls-a] why */ t(); // more\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].justification, "why");
  EXPECT_EQ(s[0].column, 14u);
}

TEST(Suppression, LinesCountedAsClangCountsThem) {
  auto s = parseSuppressions("f.cpp", "a();\rb();\r\n// attest:ignore[tls-a] why\n");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].line, 3u);
  auto block = parseSuppressions("f.cpp", "/* first\n   attest:ignore[tls-a] second line\n   attest:ignore[tls-b] third */\n");
  ASSERT_EQ(block.size(), 2u);
  EXPECT_EQ(block[0].line, 2u);
  EXPECT_EQ(block[0].justification, "second line");
  EXPECT_EQ(block[1].line, 3u);
  EXPECT_EQ(block[1].justification, "third");
}

TEST(Suppression, ConfigFilesUseTheirOwnComments) {
  EXPECT_TRUE(parseSuppressions("/r/app.yaml", "url: http://h/#attest:ignore[secrets-hardcoded-credential] why\n").empty());
  EXPECT_TRUE(parseSuppressions("/r/app.ini", "url = http://h/ #attest:ignore[secrets-hardcoded-credential] why\n").empty());
  EXPECT_TRUE(parseSuppressions("/r/.env", "URL=http://h/#attest:ignore[secrets-hardcoded-credential] why\n").empty());
  EXPECT_TRUE(parseSuppressions("/r/a.json", "{\"k\": \"# attest:ignore[secrets-hardcoded-credential] why\"}\n").empty());
  EXPECT_TRUE(parseSuppressions("/r/a.toml", "k = \"# attest:ignore[secrets-hardcoded-credential] why\"\n").empty());
  auto yaml = parseSuppressions("/r/app.yaml", "db:\n  password: hunter2 # attest:ignore[secrets-hardcoded-credential] test db\n");
  ASSERT_EQ(yaml.size(), 1u);
  EXPECT_EQ(yaml[0].line, 2u);
  EXPECT_EQ(yaml[0].justification, "test db");
  auto env = parseSuppressions("/r/.env", "# attest:ignore[secrets-*] local only // not a comment end here\nA=b\n");
  ASSERT_EQ(env.size(), 1u);
  EXPECT_EQ(env[0].justification, "local only // not a comment end here");
  auto broken = parseSuppressions("/r/app.yml", "a: [unclosed\n# attest:ignore[secrets-*] why\n");
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_NE(broken[0].problem.find("cannot parse"), std::string::npos);
}

namespace {
// A finding of `rule` on line 2 of a real file whose line 1 is `comment`.
ScanResult suppressedScan(const std::string &comment, const std::string &rule, bool allowWildcards) {
  llvm::SmallString<128> path;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("suppression", "cpp", path));
  std::error_code ec;
  {
    llvm::raw_fd_ostream out(path, ec);
    out << comment << "\nbad();\n";
  }
  ScanResult scan;
  Finding f;
  f.ruleId = rule;
  f.location.file = std::string(path);
  f.location.startLine = f.location.endLine = 2;
  scan.findings.push_back(f);
  applyInlineSuppressions(scan, builtinCatalog(), {"2026-01-01", false, allowWildcards});
  llvm::sys::fs::remove(path);
  return scan;
}
bool hasInvalid(const ScanResult &scan) {
  for (const Finding &f : scan.findings)
    if (f.ruleId == "suppression-invalid") return true;
  return false;
}
}  // namespace

TEST(Suppression, BlanketWildcardsAreInvalidUnlessAllowed) {
  for (const char *blanket : {"*", "t*", "tls*", " * "}) {
    ScanResult scan = suppressedScan(std::string("// attest:ignore[") + blanket + "] all of it", "tls-weak-cipher", false);
    EXPECT_FALSE(scan.findings[0].suppressed()) << blanket;
    EXPECT_TRUE(hasInvalid(scan)) << blanket;
    EXPECT_NE(scan.findings.back().message.find("blanket wildcard"), std::string::npos) << scan.findings.back().message;
    ScanResult allowed = suppressedScan(std::string("// attest:ignore[") + blanket + "] all of it", "tls-weak-cipher", true);
    EXPECT_TRUE(allowed.findings[0].suppressed()) << blanket;
    EXPECT_FALSE(hasInvalid(allowed)) << blanket;
  }
  for (const char *family : {"tls-*", "tls-weak*", "tls-weak-cipher"}) {
    ScanResult scan = suppressedScan(std::string("// attest:ignore[") + family + "] legacy peer", "tls-weak-cipher", false);
    EXPECT_TRUE(scan.findings[0].suppressed()) << family;
    EXPECT_FALSE(hasInvalid(scan)) << family;
  }
}
