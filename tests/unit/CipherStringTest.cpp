// checks/common/CipherString: the OpenSSL cipher-list grammar and GnuTLS priority strings.
#include "checks/common/CipherString.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace attest::cipher;

namespace {
std::vector<std::string> weakNames(std::string_view list) {
  std::vector<std::string> out;
  for (const WeakClass &w : analyzeOpenSslCipherList(list).weak) out.push_back(w.name);
  return out;
}
bool enables(std::string_view list, const std::string &suite) {
  std::vector<std::string> enabled = analyzeOpenSslCipherList(list).enabled;
  return std::find(enabled.begin(), enabled.end(), suite) != enabled.end();
}
}  // namespace

TEST(CipherString, StrongListsAreQuiet) {
  for (const char *list : {"HIGH:!aNULL:!MD5", "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM", "DEFAULT",
                           "PROFILE=SYSTEM", "ALL:!aNULL:!eNULL:!EXPORT:!LOW:!MEDIUM:!RC4:!3DES:!MD5",
                           "kEECDH+AESGCM:kEDH+AESGCM:+AES256:!aNULL", "HIGH:!aNULL:@STRENGTH:@SECLEVEL=2",
                           "ECDHE-RSA-AES128-GCM-SHA256 ECDHE-RSA-AES256-GCM-SHA384", ""})
    EXPECT_TRUE(analyzeOpenSslCipherList(list).weak.empty()) << list;
}

TEST(CipherString, AllWithoutEnoughExclusionsIsWeak) {
  std::vector<std::string> weak = weakNames("ALL:!aNULL");
  EXPECT_NE(std::find(weak.begin(), weak.end(), "3DES"), weak.end());
  EXPECT_NE(std::find(weak.begin(), weak.end(), "RC4"), weak.end());
  EXPECT_EQ(std::find(weak.begin(), weak.end(), "anonymous (aNULL)"), weak.end());
  EXPECT_EQ(std::find(weak.begin(), weak.end(), "NULL encryption"), weak.end());  // ALL excludes eNULL
}

TEST(CipherString, HighAloneEnablesAnonymousSuites) {
  EXPECT_EQ(weakNames("HIGH"), std::vector<std::string>{"anonymous (aNULL)"});
  EXPECT_TRUE(enables("HIGH", "ADH-AES256-GCM-SHA384"));
  EXPECT_TRUE(enables("HIGH", "AECDH-AES128-SHA"));
  EXPECT_FALSE(enables("HIGH:!aNULL", "ADH-AES256-GCM-SHA384"));
}

TEST(CipherString, KillIsPermanentDeleteIsNot) {
  EXPECT_FALSE(enables("RC4-SHA:!RC4:RC4", "RC4-SHA"));
  EXPECT_TRUE(enables("RC4-SHA:-RC4:RC4", "RC4-SHA"));
  EXPECT_FALSE(enables("RC4-SHA:-RC4", "RC4-SHA"));
}

TEST(CipherString, PlusPrefixOnlyReorders) {
  EXPECT_FALSE(enables("HIGH:!aNULL:+RC4", "RC4-SHA"));
  EXPECT_TRUE(enables("HIGH:!aNULL:+AES256", "ECDHE-RSA-AES256-GCM-SHA384"));
}

TEST(CipherString, PlusJoinsAliasesAsIntersection) {
  EXPECT_TRUE(enables("kEDH+AESGCM", "DHE-RSA-AES128-GCM-SHA256"));
  EXPECT_FALSE(enables("kEDH+AESGCM", "ECDHE-RSA-AES128-GCM-SHA256"));
  EXPECT_FALSE(enables("kEDH+AESGCM", "DHE-RSA-AES128-SHA"));
  EXPECT_TRUE(analyzeOpenSslCipherList("AES128+AES256").enabled.empty());
}

TEST(CipherString, SeparatorsAndRenamedSuites) {
  EXPECT_TRUE(enables("RC4-SHA,DES-CBC3-SHA", "DES-CBC3-SHA"));
  EXPECT_TRUE(enables("RC4-SHA;EDH-RSA-DES-CBC3-SHA", "DHE-RSA-DES-CBC3-SHA"));
}

TEST(CipherString, SevereClasses) {
  OpenSslAnalysis analysis = analyzeOpenSslCipherList("ALL:eNULL");
  ASSERT_FALSE(analysis.weak.empty());
  EXPECT_EQ(analysis.weak.front().name, "NULL encryption");
  EXPECT_TRUE(analysis.weak.front().severe);
  EXPECT_FALSE(analyzeOpenSslCipherList("RC4-SHA").weak.front().severe);
}

TEST(CipherString, UnknownItemsMatchNothing) {
  OpenSslAnalysis analysis = analyzeOpenSslCipherList("TLS_AES_128_GCM_SHA256:NOT-A-SUITE");
  EXPECT_TRUE(analysis.enabled.empty());
  EXPECT_EQ(analysis.unknown.size(), 2u);
}

TEST(CipherString, GnuTlsPriorityStrings) {
  EXPECT_TRUE(analyzeGnuTlsPriority("NORMAL").obsoleteVersions.empty());
  EXPECT_TRUE(analyzeGnuTlsPriority("@SYSTEM").weak.empty());
  EXPECT_EQ(analyzeGnuTlsPriority("NORMAL:+VERS-TLS1.0").obsoleteVersions, std::vector<std::string>{"TLS 1.0"});
  EXPECT_TRUE(analyzeGnuTlsPriority("NORMAL:+VERS-TLS1.0:-VERS-TLS-ALL:+VERS-TLS1.3").obsoleteVersions.empty());
  EXPECT_EQ(analyzeGnuTlsPriority("NONE:+VERS-TLS1.2:+3DES-CBC:+ARCFOUR-128").weak.size(), 2u);
  EXPECT_TRUE(analyzeGnuTlsPriority("SECURE256:+3DES-CBC:-CIPHER-ALL:+AES-256-GCM").weak.empty());
  EXPECT_TRUE(analyzeGnuTlsPriority("NORMAL:+ANON-ECDH").weak.front().severe);
}

namespace {
// anySevere decides tls-weak-cipher's level, locally and for the link step's cipher-list trait.
TEST(CipherString, SevereClassesMakeAnError) {
  EXPECT_TRUE(anySevere(analyzeOpenSslCipherList("eNULL").weak));
  EXPECT_TRUE(anySevere(analyzeOpenSslCipherList("ALL:!aNULL").weak)) << "EXPORT suites";
  EXPECT_FALSE(anySevere(analyzeOpenSslCipherList("RC4-SHA:DES-CBC3-SHA").weak));
  EXPECT_FALSE(anySevere(analyzeOpenSslCipherList("HIGH:!aNULL:!MD5").weak));
}

TEST(CipherString, GnuTlsAppendToTheDefault) {
  EXPECT_TRUE(gnutlsAppendsToDefault("gnutls_set_default_priority_append", std::nullopt));
  EXPECT_TRUE(gnutlsAppendsToDefault("gnutls_priority_init2", 1));
  EXPECT_FALSE(gnutlsAppendsToDefault("gnutls_priority_init2", 0));
  EXPECT_FALSE(gnutlsAppendsToDefault("gnutls_priority_init2", std::nullopt));
  EXPECT_FALSE(gnutlsAppendsToDefault("gnutls_priority_set_direct", 1));
}
}  // namespace
