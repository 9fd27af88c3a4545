// secrets-hardcoded-token: known token formats in any string literal.
// Every secret below is fake test data made for attest ("AttestFixture"); each matches
// the real format of its kind, and none is on the placeholder allowlist.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#define SLACK_HOOK "https://hooks.slack.com/services/T0FIXTURE/B0ATTEST0/AttestFixtureK9Qm2Lx7Rt4V"
#define AUTH_HEADER "Authorization: Bearer AttestFixtureBearer-k9Qm2Lx7Rt4Vb8Nz3"

void use(const char *);
void use(std::string_view);

void cloud_tokens() {
  const char *aws_access_key_id = "AKIAATTESTFIXTURE2Q7";  // expect: secrets-hardcoded-token
  use("aws_secret_access_key = Fixture/AttestOnly+k9Qm2Lx7Rt4Vb8Nz3Wp6H");  // expect: secrets-hardcoded-token
  std::string github("ghp_AttestFixtureOnly0k9Qm2Lx7Rt4Vb8Nz3W");  // expect: secrets-hardcoded-token
  use("github_pat_11AttestFixture0nly_k9Qm2Lx7Rt4Vb8Nz3Wp6Hs5Jd1Fc0Yg7Ue2Ta4Ri8Ow3Pl6Mk9Nj2Bh5Vg1Cf4");  // expect: secrets-hardcoded-token
  use("glpat-AttestFixture-k9Qm2L");  // expect: secrets-hardcoded-token
  use("xoxb-1234567890123-1234567890123-AttestFixtureK9Qm2Lx7Rt4V");  // expect: secrets-hardcoded-token
  use(SLACK_HOOK);  // expect: secrets-hardcoded-token
  use("sk_live_AttestFixtureK9Qm2Lx7Rt4Vb8");  // expect: secrets-hardcoded-token
  use("https://maps.example.org/api?key=AIzaAttestFixture-K9Qm2Lx7Rt4Vb8Nz3Wp6H");  // expect: secrets-hardcoded-token
  use("GOCSPX-AttestFixture-K9Qm2Lx7Rt4Vb8");  // expect: secrets-hardcoded-token
  use("SKa77e57f1c7a3e0b9d8f6c5e4a3b2c1d0");  // expect: secrets-hardcoded-token
  use("SG.AttestFixture-K9Qm2Lx7.AttestFixtureOnly-k9Qm2Lx7Rt4Vb8Nz3Wp6Hs5Jd");  // expect: secrets-hardcoded-token
  use("//registry.npmjs.org/:_authToken=npm_AttestFixtureOnly0k9Qm2Lx7Rt4Vb8Nz3W");  // expect: secrets-hardcoded-token
  use("pypi-AgEIcHlwaS5vcmcAttestFixtureOnly-k9Qm2Lx7Rt4Vb8Nz3Wp6Hs5Jd1Fc0Yg7Ue2Ta4R");  // expect: secrets-hardcoded-token
  use(aws_access_key_id);
}

// A private key split over adjacent literals is one literal to Clang.
static const char kServerKey[] =
    "-----BEGIN PRIVATE KEY-----\n"  // expect: secrets-hardcoded-token
    "MIIEvAttestFixtureNotARealKeyOnlyTestData0k9Qm2Lx7Rt4Vb8Nz3Wp6Hs5\n"
    "Jd1Fc0Yg7Ue2Ta4Ri8Ow3Pl6Mk9Nj2Bh5Vg1Cf4XdAttestFixtureNotARealKey\n"
    "-----END PRIVATE KEY-----\n";

void web_tokens() {
  use("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhdHRlc3QtZml4dHVyZSJ9.AttestFixtureSig-k9Qm2Lx7Rt4Vb8");  // expect: secrets-hardcoded-token
  use("postgresql://svc:AttestFixturePw-9Qm2@db.internal:5432/app");  // expect: secrets-hardcoded-token
  use("host=db.internal port=5432 user=svc password=AttestFixtureConn-4Rt dbname=app");  // expect: secrets-hardcoded-token
  use(AUTH_HEADER);  // expect: secrets-hardcoded-token
  use(L"ghp_AttestFixtureWide0k9Qm2Lx7Rt4Vb8Nz3W" == nullptr ? "" : "");  // expect: secrets-hardcoded-token
  use(kServerKey);
}

template <class T> const char *token_for(T) { return "npm_AttestFixtureTmpl0k9Qm2Lx7Rt4Vb8Nz3W"; }  // expect: secrets-hardcoded-token
void templates() {
  use(token_for(1));  // ok: one finding per literal, however many instantiations
  use(token_for(2.0));  // ok: the same literal
}

void safe() {
  use("AKIAIOSFODNN7EXAMPLE");  // ok: AWS's documented example key
  use("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");  // ok: AWS's documented example secret
  use("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");  // ok: a masked token
  use("ghp_tooShort");  // ok: not the token's length
  use("sk_test_AttestFixtureK9Qm2Lx7Rt4Vb8");  // ok: a Stripe test-mode key, not a live one
  use("https://svc@db.internal/app");  // ok: a user but no password in the URL
  use("postgresql://svc:${DB_PASSWORD}@db.internal/app");  // ok: a template
  use("mysql://%s:%s@%s/app");  // ok: a format string
  char dsn[256];
  std::snprintf(dsn, sizeof dsn, "host=%s user=%s password=%s", "db", "svc", std::getenv("PGPASSWORD"));  // ok: format
  use("host=db.internal user=svc password= dbname=app");  // ok: empty password
  use("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----\n");  // ok: public
  use(std::strstr(dsn, "-----BEGIN PRIVATE KEY-----"));  // ok: a marker, no key
  use("eyJhbGciOiJIUzI1NiJ9");  // ok: a JWT header alone
  use("Authorization: Bearer %s");  // ok: a format string
  use("https://hooks.slack.com/services/XXXX/YYYY/ZZZZ");  // ok: placeholder webhook
  use("the Asia Pacific region is served from Singapore");  // ok: keyword without a token
  use("password=changeme host=localhost");  // ok: placeholder password
}
