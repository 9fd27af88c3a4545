// The secret pattern catalog (rules/secret-patterns.yaml), the API sink table
// (rules/api-sinks.yaml) and the value tests the secrets rules share.
#include "checks/common/SensitiveName.h"
#include "checks/secrets/ApiSinks.h"
#include "checks/secrets/SecretPatterns.h"

#include <gtest/gtest.h>

using namespace attest;
using namespace attest::secrets;

namespace {
std::vector<std::string> ids(const std::vector<PatternMatch> &matches) {
  std::vector<std::string> out;
  for (const PatternMatch &m : matches) out.push_back(m.pattern->id);
  return out;
}
}  // namespace

TEST(SecretPatterns, BuiltinCatalogsParse) {
  const PatternCatalog &patterns = builtinPatterns();
  EXPECT_GE(patterns.patterns.size(), 20u);
  for (const SecretPattern &p : patterns.patterns) {
    EXPECT_FALSE(p.keywords.empty()) << p.id << ": every pattern needs a keyword prefilter";
    EXPECT_TRUE(p.rule == kTokenRule || p.rule == kCredentialRule) << p.id;
  }
  const ApiSinkTable &sinks = builtinApiSinks();
  EXPECT_FALSE(sinks.find("mysql_real_connect").empty());
  EXPECT_EQ(sinks.find("EVP_EncryptInit_ex").size(), 2u);  // key and iv
  EXPECT_TRUE(sinks.find("no_such_function").empty());
}

TEST(SecretPatterns, FindsTokensWithKeywordsAndGroups) {
  const PatternCatalog &p = builtinPatterns();
  auto found = p.scan("token=ghp_AttestUnitTest0k9Qm2Lx7Rt4Vb8Nz3Wp6H", ScanScope::Literal);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].pattern->id, "github-token");
  EXPECT_EQ(found[0].secret, "ghp_AttestUnitTest0k9Qm2Lx7Rt4Vb8Nz3Wp6H");
  EXPECT_EQ(found[0].offset, 6u);
  found = p.scan("postgresql://svc:UnitTestPw-9Qm2@db/app", ScanScope::Literal);
  ASSERT_EQ(ids(found), std::vector<std::string>{"url-credentials"});
  EXPECT_EQ(found[0].secret, "UnitTestPw-9Qm2");
  // The connection-string pattern needs a second connection keyword unless told otherwise;
  // alone, `password=...` is the generic keyword pattern's.
  EXPECT_EQ(ids(p.scan("password=UnitTestPw-9Qm2", ScanScope::Literal)), std::vector<std::string>{"generic-password"});
  EXPECT_EQ(p.scan("password=UnitTestPw-9Qm2", ScanScope::Literal, false).size(), 1u);
  EXPECT_EQ(p.scan("host=db password=UnitTestPw-9Qm2 dbname=app", ScanScope::Literal)[0].secret, "UnitTestPw-9Qm2");
  // key=value lines are the credential-assignment pattern's in config files, the generic
  // keyword pattern's in literals; JSON fields are the credential-field pattern's in both.
  EXPECT_EQ(ids(p.scan("db_password = UnitTestPw-9Qm2", ScanScope::Literal)),
            std::vector<std::string>{"generic-password"});
  EXPECT_EQ(ids(p.scan("db_password = UnitTestPw-9Qm2", ScanScope::File)),
            std::vector<std::string>{"credential-assignment"});
  EXPECT_EQ(ids(p.scan(R"({"password_hash": "UnitTestPw-9Qm2"})", ScanScope::File)), std::vector<std::string>{});
}

TEST(SecretPatterns, PlaceholdersAreNotSecrets) {
  const PatternCatalog &p = builtinPatterns();
  for (const char *value : {"", "changeme", "CHANGEME", "<password>", "${DB_PASSWORD}", "$(PW)", "%s", "%-10s",
                            "REDACTED", "your_api_key", "xxxxxxxx", "********", "aaaaaaaaaaaa", "DB_PASSWORD",
                            ":password", "?", "$1", "{{ db.password }}", "AKIAIOSFODNN7EXAMPLE", "password"})
    EXPECT_TRUE(p.isPlaceholder(value)) << value;
  for (const char *value : {"hunter2!", "Tr0ub4dor&3", "S3cret-pw", "Pa$word1", "admin"})
    EXPECT_FALSE(p.isPlaceholder(value)) << value;
  EXPECT_TRUE(p.scan("AKIAIOSFODNN7EXAMPLE", ScanScope::Literal).empty());
}

TEST(SecretPatterns, CredentialValues) {
  const PatternCatalog &p = builtinPatterns();
  EXPECT_TRUE(isCredentialValue("hunter2!", kPassword, p));
  EXPECT_TRUE(isCredentialValue("Password123", kPassword, p));  // a weak password, not a field name
  EXPECT_TRUE(isCredentialValue("k-8f2a91c4", kSecret, p));
  EXPECT_FALSE(isCredentialValue("abc", kPassword, p));                // too short to redact
  EXPECT_FALSE(isCredentialValue("Enter password: ", kPassword, p));   // prompt
  EXPECT_FALSE(isCredentialValue("/run/secrets/db", kPassword, p));    // path
  EXPECT_FALSE(isCredentialValue("X-Api-Key", kSecret, p));            // header name
  EXPECT_FALSE(isCredentialValue("client_secret", kSecret, p));        // field name
  EXPECT_FALSE(isCredentialValue("identifier", kSecret, p));           // a lexer token kind
  EXPECT_FALSE(isCredentialValue("https://auth.internal/token", kSecret, p));
  EXPECT_FALSE(isCredentialValue("0123456789", kKeyMaterial, p));      // key by name: must look random
  EXPECT_TRUE(isCredentialValue("9f8e7D6c5b4A39281706", kKeyMaterial, p));
}

TEST(SecretPatterns, CredentialNames) {
  EXPECT_TRUE(credentialKinds("kDbPassword") & kPassword);
  EXPECT_TRUE(credentialKinds("api_key") & kSecret);
  EXPECT_TRUE(credentialKinds("m_hmacKey") & kKeyMaterial);
  EXPECT_EQ(credentialKinds("kPasswordMinLength"), 0u);
  EXPECT_EQ(credentialKinds("password_hash_column"), 0u);
  EXPECT_EQ(credentialKinds("iv"), 0u);  // a constant IV is the crypto-key rule's, at the cipher call
  EXPECT_EQ(credentialKinds("cacheKey"), 0u);
  // A word about the value anywhere after the secret's word: the file of passwords (found
  // in mosquitto_passwd.c), the variable that names an environment variable.
  EXPECT_EQ(credentialKinds("password_file_tmp"), 0u);
  EXPECT_EQ(credentialKinds("password_env_var"), 0u);
  EXPECT_EQ(credentialKinds("apiKeyPathOverride"), 0u);
  EXPECT_TRUE(credentialKinds("db_password_prod") & kPassword);
}

TEST(SecretPatterns, BadCatalogsAreErrors) {
  std::string error;
  EXPECT_FALSE(parsePatternCatalog("version: 1\npatterns:\n  - {id: x, description: d, regex: '(', keywords: [a]}\n"
                                   "placeholders: {}\n",
                                   error));
  EXPECT_NE(error.find("bad regex"), std::string::npos) << error;
  EXPECT_FALSE(parsePatternCatalog("version: 1\npatterns:\n  - {id: x, description: d, regex: 'a', secretGroup: 2}\n"
                                   "placeholders: {}\n",
                                   error));
  EXPECT_NE(error.find("secretGroup"), std::string::npos) << error;
  EXPECT_FALSE(parseApiSinks("version: 1\nsinks:\n  - {functions: [f], arg: 0, receives: nothing, what: x}\n", error));
  EXPECT_NE(error.find("unknown receives"), std::string::npos) << error;
}

TEST(SecretPatterns, TokenFormatsOfIssue19) {
  const PatternCatalog &p = builtinPatterns();
  struct Case {
    const char *text, *id;
  } cases[] = {
      {"sq0atp-Q7mK2xL9vR4tB8nZ3wP6hS", "square-access-token"},
      {"sq0csp-Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7uE2tA4rI8oW", "square-oauth-secret"},
      {"amzn.mws.4f1c2b7e-9d3a-4b6c-8e2f-1a5d7c9b3e60", "amazon-mws-auth-token"},
      {"key=0f3a9c2e7b1d4f6a8c5e3b9d2f7a1c4e-us21", "mailchimp-api-key"},
      {"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", "huggingface-token"},
      {"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", "huggingface-token"},
      {"xoxa-2-Q7mK2xL9vR4tB8nZ3wP6hS5jD1", "slack-workspace-token"},
      {"xoxr-Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0", "slack-workspace-token"},
      {"$2b$12$Q7mK2xL9vR4tB8nZ3wP6hOS5jD1fC0yG7uE2tA4rI8oW3pL6mK9nJ", "bcrypt-hash"},
      {"$5$Q7mK2xL9$Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7uE2tA4rI8oW", "crypt-hash"},
      {"svc:$1$Q7mK2xL9$vR4tB8nZ3wP6hS5jD1fC0y:19000:0:99999:7:::", "shadow-entry"},
      {"sshpass -p Q7mK2xL9vR ssh host", "sshpass-password"},
      {"service key: Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7\n", "generic-api-key"},
      {"Bearer Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7", "bearer-token"},
      {"login=ops pass=Q7mK2xL9vR4t", "generic-password"},
  };
  for (const Case &c : cases) EXPECT_EQ(ids(p.scan(c.text, ScanScope::Literal)), std::vector<std::string>{c.id}) << c.text;
  auto generic = p.scan("service key: Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7\n", ScanScope::Literal);
  ASSERT_EQ(generic.size(), 1u);
  EXPECT_EQ(generic[0].name, "service key");
  EXPECT_EQ(generic[0].secret, "Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7");
  for (const char *text : {"this.mPassword", "axis._maxTicksKey", "password=this.mPassword", "api_key=%s",
                           "key: ${API_KEY}", "token=xxxxxxxxxxxxxxxxxxxxxxxx", "password: ••••••••",
                           "api_key=Q7mK2xL9vR4tB8nZ3wFAKEKEY", "cache_key=0f3a9c2e7b1d4f6a8c5e3b9d2f7a1c4e",
                           "public key: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "key=/etc/ssl/private/a.key",
                           "token_url=https://oauth2.googleapis.com/token", "key: v2.13.0-rc.1",
                           "password: must contain at least 12 characters", "sshpass -p %s ssh", "$6$rounds=5000$",
                           "root:x:0:0:root:/root:/bin/bash", "Accept-Language: en-us", "hf_tooShort"})
    EXPECT_TRUE(p.scan(text, ScanScope::Literal).empty()) << text;
  // The keyword patterns are for string literals; configuration files have their own.
  EXPECT_TRUE(p.scan("service key: Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7", ScanScope::File).empty());
}

TEST(SecretPatterns, KeywordSecretValues) {
  EXPECT_TRUE(isKeywordSecretValue("Q7mK2xL9vR4tB8nZ", ValueShape::Generic));
  EXPECT_FALSE(isKeywordSecretValue("this.mPassword", ValueShape::Generic));
  EXPECT_FALSE(isKeywordSecretValue("Content-Security-Policy", ValueShape::Generic));
  EXPECT_FALSE(isKeywordSecretValue("v2.13.0-rc.1", ValueShape::Generic));
  EXPECT_FALSE(isKeywordSecretValue("/run/secrets/db", ValueShape::Password));
  EXPECT_TRUE(isKeywordSecretValue("hunter2!x", ValueShape::Password));
  EXPECT_FALSE(isKeywordSecretValue("Incorrect", ValueShape::Password));
  EXPECT_FALSE(isKeywordSecretValue("dbname=app2", ValueShape::Password));  // the next entry
  EXPECT_TRUE(isKeywordSecretValue("Q7mK2xL9vR4tB8nZ3wP6hS5jD1fC0yG7=", ValueShape::Generic));  // base64 padding
}
