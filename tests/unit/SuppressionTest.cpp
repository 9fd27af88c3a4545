#include "reports/Suppressions.h"

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
