#include "core/Redaction.h"
#include "core/SourceText.h"

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

// No byte of any occurrence survives, whatever the overlap: a secret that is a prefix,
// a suffix or the middle of another, two that cross, and repeats next to each other.
TEST(Redaction, OverlappingSecretsAreMaskedWhole) {
  const std::set<std::string> secrets = {"ABCDEFGHIJKLMNOPQRST", "ABCDEFGH", "KLMNOPQRSTUVWXYZ0123",
                                         "MNOP", "XYZ0", "passw0rd", "w0rd-and-more"};
  std::vector<std::string> texts = {
      "key=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123;",  // crossing: ABC..T and KLM..3
      "ABCDEFGH and ABCDEFGHIJKLMNOPQRST",     // a prefix alone, then whole
      "xMNOPx XYZ0XYZ0 passw0rd-and-more",     // inside, repeated, crossing short ones
      "nothing here but ABCDEFG and MNO",      // near misses stay
  };
  SecretScrubber scrubber(secrets);
  for (std::string text : texts) {
    std::string original = text;
    scrubber.scrub(text);
    // Of a secret that occurs, no 5 consecutive characters are shown.
    for (const std::string &s : secrets)
      if (original.find(s) != std::string::npos)
        for (size_t at = 0; at + 5 <= s.size(); ++at)
          EXPECT_EQ(text.find(s.substr(at, 5)), std::string::npos) << original << " -> " << text;
  }
  std::string crossing = texts[0];
  scrubber.scrub(crossing);
  EXPECT_EQ(crossing, "key=ABCD\xE2\x80\xA6(redacted);");
  std::string near = texts[3];
  scrubber.scrub(near);
  EXPECT_EQ(near, texts[3]);
  std::string mixed = texts[2];
  scrubber.scrub(mixed);
  EXPECT_EQ(mixed, "x\xE2\x80\xA6(redacted)x \xE2\x80\xA6(redacted) pass\xE2\x80\xA6(redacted)");
}

// The ranges are what a brute-force search over every secret finds, merged.
TEST(Redaction, ScrubberFindsWhatBruteForceFinds) {
  std::set<std::string> secrets;
  std::string alphabet = "abc";
  unsigned seed = 7;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) % 3; };
  for (int i = 0; i < 40; ++i) {
    std::string s;
    for (size_t len = 4 + next() * 2; s.size() < len;) s.push_back(alphabet[next()]);
    secrets.insert(s);
  }
  SecretScrubber scrubber(secrets);
  for (int t = 0; t < 50; ++t) {
    std::string text;
    for (int i = 0; i < 60; ++i) text.push_back(alphabet[next()]);
    std::vector<bool> covered(text.size(), false);
    for (const std::string &s : secrets)
      for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 1))
        for (size_t k = 0; k < s.size(); ++k) covered[at + k] = true;
    std::vector<bool> found(text.size(), false);
    for (auto [begin, end] : scrubber.find(text))
      for (size_t k = begin; k < end; ++k) found[k] = true;
    EXPECT_EQ(found, covered) << text;
  }
}

// Snippets show invalid UTF-8 as U+FFFD: a secret holding such a byte is found there too.
TEST(Redaction, SecretWithInvalidUtf8IsFoundAsShown) {
  std::vector<Finding> findings(1);
  std::vector<Notification> notes;
  findings[0].location.contextText = sanitizeUtf8("pw = \"Fixture\xFFSecretValue99\";");
  findings[0].message = "value Fixture\xFFSecretValue99";
  scrubSecrets(findings, notes, {"Fixture\xFFSecretValue99"});
  EXPECT_EQ(findings[0].location.contextText.find("SecretValue"), std::string::npos) << findings[0].location.contextText;
  EXPECT_EQ(findings[0].message.find("SecretValue"), std::string::npos);
}

// Snippet-only ranges (the secret patterns, set by the scanner) apply to snippets, not messages.
TEST(Redaction, SnippetSpansMaskSourceText) {
  SecretScrubber scrubber(std::set<std::string>{});
  scrubber.snippetSpans = [](std::string_view text, Spans &out) {
    for (size_t at = text.find("tok_"); at != std::string::npos; at = text.find("tok_", at + 1))
      out.push_back({at, at + 20});
  };
  std::vector<Finding> findings(1);
  std::vector<Notification> notes;
  findings[0].location.contextText = "f(); // tok_0123456789abcdef";
  findings[0].message = "rule text";
  scrubber.scrub(findings, notes);
  EXPECT_EQ(findings[0].location.contextText, "f(); // tok_\xE2\x80\xA6(redacted)");
  EXPECT_EQ(findings[0].message, "rule text");
}

// A cached TU's secret, known only by its fingerprint, is found in another TU's text; the
// fingerprint holds neither the secret nor a piece of it, and one made under another key
// is not usable (the entry is parsed again).
TEST(Redaction, FingerprintsFindSecretsOfCachedTus) {
  const std::string secret = "FixtureCachedPw-42", key = "ci-key";
  std::string fingerprint = secretFingerprint(secret, key);
  EXPECT_EQ(fingerprint.find("Fixture"), std::string::npos) << fingerprint;
  EXPECT_TRUE(fingerprintsUsable({fingerprint}, key));
  EXPECT_FALSE(fingerprintsUsable({fingerprint}, "other-key"));
  EXPECT_FALSE(fingerprintsUsable({"garbage"}, key));
  EXPECT_EQ(secretFingerprint("abc", key), "");

  SecretScrubber scrubber(std::set<std::string>{"unrelated-secret"});
  scrubber.addFingerprints({fingerprint, "not:a:fingerprint"}, key);
  std::string text = "note = \"" + secret + "\"; again " + secret + "! and FixtureCachedPw-43";
  scrubber.scrub(text);
  EXPECT_EQ(text, "note = \"Fixt\xE2\x80\xA6(redacted)\"; again Fixt\xE2\x80\xA6(redacted)! and FixtureCachedPw-43");
  EXPECT_EQ(text.find(secret), std::string::npos) << text;
  EXPECT_NE(text.find("FixtureCachedPw-43"), std::string::npos) << "one byte off is not the secret";
}
