// The sensitive-name classifier on the names of issue 19 §6: fused lower-case names are
// split into words only when known words make up all of them.
#include "checks/common/SensitiveName.h"

#include <gtest/gtest.h>

namespace attest {
namespace {

unsigned kindsOf(const char *name) { return classifyName(name).kinds; }

TEST(SensitiveName, FusedLowerCaseNamesAreSplitIntoKnownWords) {
  EXPECT_TRUE(kindsOf("thepasswd") & kPassword);
  EXPECT_TRUE(kindsOf("widepassword") & kPassword);
  EXPECT_TRUE(kindsOf("newpassword") & kPassword);
  EXPECT_EQ(kindsOf("passwordhash"), kSensitiveNone) << "a word about the value after it";
  EXPECT_TRUE(kindsOf("passwordvalue") & kPassword);
  EXPECT_TRUE(kindsOf("userkey") & kKeyMaterial);
  EXPECT_TRUE(kindsOf("accountkey") & kSecret);
  EXPECT_TRUE(kindsOf("account_key") & kSecret);
  EXPECT_TRUE(kindsOf("the_passwd") & kPassword);
  EXPECT_TRUE(kindsOf("thePasswd") & kPassword);
}

TEST(SensitiveName, WordsThatOnlyContainASensitiveWordStayWhole) {
  for (const char *name : {"monkey", "turkey", "donkey", "keyboard", "tokenizer", "passwordless", "secretary",
                           "passage", "keyword", "keyspace", "keychain", "hotkey", "keystore", "keyfile",
                           "passwordlen", "tokencount", "username", "sidebar", "pass_count", "renderpass"})
    EXPECT_EQ(kindsOf(name), kSensitiveNone) << name;
}

TEST(SensitiveName, PersonalData) {
  for (const char *name : {"zipcode", "zip_code", "medical", "medical_history", "ssn", "dob", "passport",
                           "passport_number", "postal_code"})
    EXPECT_TRUE(kindsOf(name) & kPersonalData) << name;
  EXPECT_EQ(kindsOf("zip"), kSensitiveNone);  // a compression format
}

}  // namespace
}  // namespace attest
