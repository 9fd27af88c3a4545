#include "reports/Redaction.h"

#include <gtest/gtest.h>

using namespace attest;

TEST(Redaction, MaskShowsPrefixOfLongTokensOnly) {
  EXPECT_EQ(maskSecret("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").substr(0, 4), "ghp_");
  EXPECT_EQ(maskSecret("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").find("aaaa"), std::string::npos);
  EXPECT_EQ(maskSecret("hunter2").find("hun"), std::string::npos);
}

// A prefix never cuts a multi-byte character: "pä" + 14 more bytes shows "pä", not "p\xC3".
TEST(Redaction, MaskPrefixStopsAtCharacterBoundary) {
  std::string secret = "p\xC3\xA4\xC3\xA4ssw0rd-long-token";
  EXPECT_EQ(maskSecret(secret).substr(0, 3), "p\xC3\xA4");
  EXPECT_EQ(maskSecret(secret).find("\xC3\xA4\xC3"), std::string::npos);
  EXPECT_EQ(maskSecret(secret).substr(3, 3), "\xE2\x80\xA6");
}

TEST(Redaction, ScrubsEveryTextField) {
  Finding f;
  f.message = "uses hunter2!";
  f.location.regionText = "\"hunter2\"";
  f.location.contextText = "login(\"admin\", \"hunter2\"); // hunter2";
  f.related.push_back({{}, "defined as hunter2"});
  f.related[0].location.contextText = "const char *kPw = \"hunter2\";";
  f.properties["evidence"] = "hunter2";
  std::vector<Finding> findings = {f};
  std::vector<Notification> notes = {{"parse-error", Level::Warning, "error near hunter2", "", 0}};
  scrubSecrets(findings, notes, {"hunter2", "xy"});
  std::string all = findings[0].message + findings[0].location.regionText + findings[0].location.contextText +
                    findings[0].related[0].message + findings[0].related[0].location.contextText +
                    findings[0].properties["evidence"] + notes[0].message;
  EXPECT_EQ(all.find("hunter2"), std::string::npos) << all;
  EXPECT_NE(findings[0].location.contextText.find("login(\"admin\""), std::string::npos);
}

TEST(Redaction, LongestSecretFirst) {
  std::vector<Finding> findings(1);
  std::vector<Notification> notes;
  findings[0].message = "sk_live_0123456789abcdef";
  scrubSecrets(findings, notes, {"0123", "sk_live_0123456789abcdef"});
  EXPECT_EQ(findings[0].message.substr(0, 4), "sk_l");
  EXPECT_EQ(findings[0].message.find("0123"), std::string::npos);
}

TEST(Redaction, HmacSha256Rfc4231) {
  // RFC 4231 test case 2.
  EXPECT_EQ(secretDigest("what do ya want for nothing?", "Jefe"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(secretDigest("x", ""), "");
}
