// The cryptography inventory end to end: `attest scan --cbom FILE` on real OpenSSL
// code (and the crypto/TLS fixtures) writes a CycloneDX 1.6 CBOM that lists sound and
// weak algorithms, key sizes, TLS versions and cipher lists with their call sites, and
// that the official CycloneDX 1.6 JSON schema accepts (Ajv, offline: the schema and
// validator are installed into .cache/ by scripts/install-cbom-validator.sh, which
// scripts/install-deps.sh --test runs).
#include "Harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace attest::test;

namespace {

// Line numbers matter: the test asserts them.
const char *kInventorySource = R"SRC(#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/rsa.h>
void inventory(EVP_CIPHER_CTX *c, EVP_MD_CTX *m, SSL_CTX *ssl, EVP_PKEY_CTX *k, const unsigned char *iv) {
  const unsigned char *key = (const unsigned char *)"Zq9vT3kLw8RpX2mN7cB4hJ6sD1fG5aY0";
  EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), nullptr, key, iv);
  EVP_DigestInit_ex(m, EVP_sha256(), nullptr);
  EVP_DigestInit_ex(m, EVP_md5(), nullptr);
  const EVP_MD *named = EVP_get_digestbyname("sha256");
  EVP_PKEY_CTX_set_rsa_keygen_bits(k, 4096);
  SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION);
  SSL_CTX_set_min_proto_version(ssl, TLS1_VERSION);
  SSL_CTX_set_cipher_list(ssl, "ECDHE+AESGCM:!aNULL");
  SSL_CTX_set_cipher_list(ssl, "RC4-SHA:AES128-SHA");
  EVP_EncryptInit_ex(c, EVP_des_ede3_cbc(), nullptr, key, iv);
  (void)named;
}
)SRC";
constexpr const char *kKeyLiteral = "Zq9vT3kLw8RpX2mN7cB4hJ6sD1fG5aY0";

std::string cbomDir() {
  std::string dir = std::string(ATTEST_TEST_OUTPUT) + "/cbom";
  fs::create_directories(dir);
  return dir;
}

// The component named `name`, or null.
const json *component(const json &bom, const std::string &name) {
  for (const json &c : bom.at("components"))
    if (c.at("name") == name) return &c;
  return nullptr;
}

std::string property(const json &c, const std::string &name) {
  std::string out;
  for (const json &p : c.value("properties", json::array()))
    if (p.at("name") == name) out += (out.empty() ? "" : ",") + p.at("value").get<std::string>();
  return out;
}

std::vector<unsigned> lines(const json &c) {
  std::vector<unsigned> out;
  for (const json &o : c.at("evidence").at("occurrences")) out.push_back(o.value("line", 0u));
  return out;
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The line of the first line of `file` that contains `text` (1-based), 0 when none.
unsigned lineOf(const std::string &file, const std::string &text) {
  std::istringstream in(readFile(file));
  unsigned n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.find(text) != std::string::npos) return n;
  }
  return 0;
}

// Validates with the official CycloneDX 1.6 schema. Offline: the validator must have been
// installed (scripts/install-deps.sh --test or scripts/install-cbom-validator.sh).
RunResult validate(const std::vector<std::string> &files) {
  std::string scripts = sourceDir() + "/scripts";
  RunResult prefix = runShell(shellQuote(scripts + "/install-cbom-validator.sh") + " --check");
  if (prefix.exitCode != 0) return prefix;
  std::string root = prefix.out.substr(0, prefix.out.find('\n'));
  std::string command = "node " + shellQuote(scripts + "/validate-cbom.js") + " " + shellQuote(root);
  for (const std::string &f : files) command += " " + shellQuote(f);
  return runShell(command);
}

RunResult scanInventory(const std::string &dir, const std::string &cbom, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"scan", dir + "/inventory.cpp", "--cbom", cbom, "--fail-on", "none", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--", "-std=c++20"});
  return runAttest(args, dir);
}

TEST(Cbom, InventoryOfSoundAndWeakCryptography) {
  if (!headerAvailable("<openssl/ssl.h>", {})) GTEST_SKIP() << "libssl-dev is not installed";
  std::string dir = freshDir("cbom-inventory");
  writeFile(dir + "/inventory.cpp", kInventorySource);
  std::string cbom = cbomDir() + "/inventory.cdx.json";
  RunResult run = scanInventory(dir, cbom, {"--no-cache"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  json bom = readJson(cbom);
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");

  // AES-256-GCM: authenticated encryption, 256-bit, not weak, at its call.
  const json *aes = component(bom, "AES-256-GCM");
  ASSERT_TRUE(aes) << bom.dump(2);
  EXPECT_EQ((*aes)["type"], "cryptographic-asset");
  const json &aesAlg = (*aes)["cryptoProperties"]["algorithmProperties"];
  EXPECT_EQ((*aes)["cryptoProperties"]["assetType"], "algorithm");
  EXPECT_EQ(aesAlg["primitive"], "ae");
  EXPECT_EQ(aesAlg["mode"], "gcm");
  EXPECT_EQ(aesAlg["parameterSetIdentifier"], "256");
  EXPECT_EQ(aesAlg["classicalSecurityLevel"], 256);
  EXPECT_EQ(aesAlg["nistQuantumSecurityLevel"], 5);
  EXPECT_EQ(property(*aes, "attest:weak"), "false");
  EXPECT_EQ(property(*aes, "attest:ruleId"), "");
  EXPECT_EQ(lines(*aes), std::vector<unsigned>{6});
  std::string location = (*aes)["evidence"]["occurrences"][0]["location"];
  EXPECT_TRUE(endsWith(location, "inventory.cpp")) << location;
  EXPECT_NE(location.front(), '/') << "occurrence paths are relative, as in the SARIF: " << location;
  EXPECT_EQ((*aes)["evidence"]["occurrences"][0]["symbol"], "EVP_aes_256_gcm");

  // SHA-256 twice: EVP_sha256() and EVP_get_digestbyname("sha256").
  const json *sha = component(bom, "SHA-256");
  ASSERT_TRUE(sha);
  EXPECT_EQ((*sha)["cryptoProperties"]["algorithmProperties"]["primitive"], "hash");
  EXPECT_EQ((*sha)["cryptoProperties"]["algorithmProperties"]["nistQuantumSecurityLevel"], 2);
  EXPECT_EQ(property(*sha, "attest:weak"), "false");
  EXPECT_EQ(lines(*sha), (std::vector<unsigned>{7, 9}));

  // MD5: weak, with the rule that reports it.
  const json *md5 = component(bom, "MD5");
  ASSERT_TRUE(md5);
  EXPECT_EQ((*md5)["cryptoProperties"]["algorithmProperties"]["primitive"], "hash");
  EXPECT_EQ(property(*md5, "attest:weak"), "true");
  EXPECT_EQ(property(*md5, "attest:ruleId"), "crypto-weak-hash");
  EXPECT_EQ(lines(*md5), std::vector<unsigned>{8});

  // RSA key generation with its size.
  const json *rsa = component(bom, "RSA-4096");
  ASSERT_TRUE(rsa);
  const json &rsaAlg = (*rsa)["cryptoProperties"]["algorithmProperties"];
  EXPECT_EQ(rsaAlg["primitive"], "pke");
  EXPECT_EQ(rsaAlg["parameterSetIdentifier"], "4096");
  EXPECT_EQ(rsaAlg["classicalSecurityLevel"], 128);
  EXPECT_EQ(rsaAlg["nistQuantumSecurityLevel"], 0);
  EXPECT_EQ(property(*rsa, "attest:weak"), "false");
  EXPECT_EQ(lines(*rsa), std::vector<unsigned>{10});

  // TLS versions: a 1.2 minimum is sound, a 1.0 minimum is flagged.
  const json *tls12 = component(bom, "TLS 1.2");
  ASSERT_TRUE(tls12);
  EXPECT_EQ((*tls12)["cryptoProperties"]["assetType"], "protocol");
  EXPECT_EQ((*tls12)["cryptoProperties"]["protocolProperties"]["type"], "tls");
  EXPECT_EQ((*tls12)["cryptoProperties"]["protocolProperties"]["version"], "1.2");
  EXPECT_EQ(property(*tls12, "attest:weak"), "false");
  EXPECT_EQ(lines(*tls12), std::vector<unsigned>{11});
  const json *tls10 = component(bom, "TLS 1.0");
  ASSERT_TRUE(tls10);
  EXPECT_EQ((*tls10)["cryptoProperties"]["protocolProperties"]["version"], "1.0");
  EXPECT_EQ(property(*tls10, "attest:weak"), "true");
  EXPECT_EQ(property(*tls10, "attest:ruleId"), "tls-obsolete-protocol");
  EXPECT_EQ(lines(*tls10), std::vector<unsigned>{12});

  // Cipher lists, with the suites they enable.
  const json *strong = component(bom, "TLS cipher list \"ECDHE+AESGCM:!aNULL\"");
  ASSERT_TRUE(strong);
  EXPECT_EQ(property(*strong, "attest:weak"), "false");
  EXPECT_EQ(lines(*strong), std::vector<unsigned>{13});
  bool hasGcmSuite = false;
  for (const json &suite : (*strong)["cryptoProperties"]["protocolProperties"]["cipherSuites"])
    hasGcmSuite |= suite["name"] == "ECDHE-RSA-AES128-GCM-SHA256";
  EXPECT_TRUE(hasGcmSuite) << strong->dump(2);
  const json *rc4 = component(bom, "TLS cipher list \"RC4-SHA:AES128-SHA\"");
  ASSERT_TRUE(rc4);
  EXPECT_EQ(property(*rc4, "attest:weak"), "true");
  EXPECT_EQ(property(*rc4, "attest:ruleId"), "tls-weak-cipher");
  EXPECT_EQ(lines(*rc4), std::vector<unsigned>{14});

  // Triple DES: weak.
  const json *des = component(bom, "3DES-CBC");
  ASSERT_TRUE(des);
  EXPECT_EQ((*des)["cryptoProperties"]["algorithmProperties"]["mode"], "cbc");
  EXPECT_EQ(property(*des, "attest:ruleId"), "crypto-weak-cipher");
  EXPECT_EQ(lines(*des), std::vector<unsigned>{15});

  // Keys are never assets' values; the document is sorted and stable.
  EXPECT_EQ(readFile(cbom).find(kKeyLiteral), std::string::npos);
  std::vector<std::pair<std::string, std::string>> order;
  std::set<std::string> refs;
  for (const json &c : bom["components"]) {
    order.push_back({c["cryptoProperties"]["assetType"], c["name"]});
    EXPECT_TRUE(refs.insert(c["bom-ref"].get<std::string>()).second) << "duplicate bom-ref " << c["bom-ref"];
  }
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_EQ((*aes)["bom-ref"], "crypto/algorithm/aes-256-gcm");

  RunResult valid = validate({cbom});
  EXPECT_EQ(valid.exitCode, 0) << valid.out << valid.err;
}

TEST(Cbom, DeterministicCachedAndIndependentOfRuleSelection) {
  if (!headerAvailable("<openssl/ssl.h>", {})) GTEST_SKIP() << "libssl-dev is not installed";
  std::string dir = freshDir("cbom-determinism");
  writeFile(dir + "/inventory.cpp", kInventorySource);
  std::string cache = dir + "/cache", out = cbomDir();
  RunResult first = scanInventory(dir, out + "/first.cdx.json", {"--cache-dir", cache, "-j", "1"});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  // The second run takes the TU from the cache: the inventory must round-trip.
  RunResult second = scanInventory(dir, out + "/cached.cdx.json", {"--cache-dir", cache, "-j", "2"});
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_NE(second.err.find("1 from cache"), std::string::npos) << second.err;
  EXPECT_EQ(readFile(out + "/first.cdx.json"), readFile(out + "/cached.cdx.json"));

  // Turning the crypto and TLS rules off changes the findings, not the inventory.
  RunResult off = scanInventory(dir, out + "/rules-off.cdx.json", {"--no-cache", "--disable", "crypto-*,tls-*"});
  ASSERT_EQ(off.exitCode, 0) << off.err;
  EXPECT_EQ(readFile(out + "/first.cdx.json"), readFile(out + "/rules-off.cdx.json"));

  // A usage error before scanning, as for the other output files.
  RunResult bad = runAttest({"scan", dir + "/inventory.cpp", "--cbom", dir + "/no/such/dir/x.json", "--", "-std=c++20"});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.err.find("--cbom"), std::string::npos) << bad.err;
}

TEST(Cbom, FixturesOfTheCryptoAndTlsRules) {
  for (const char *header : {"<openssl/ssl.h>", "<cryptopp/sha.h>", "<gcrypt.h>", "<curl/curl.h>", "<boost/asio/ssl.hpp>"})
    if (!headerAvailable(header, {"-std=c++20"})) GTEST_SKIP() << header << " is not installed";
  std::string fixtures = sourceDir() + "/tests/fixtures";
  std::string hash = fixtures + "/crypto/crypto-weak-hash.cpp", cipher = fixtures + "/crypto/crypto-weak-cipher.cpp",
              key = fixtures + "/crypto/crypto-weak-key.cpp", tls = fixtures + "/tls/tls-obsolete-protocol.cpp",
              tlsCipher = fixtures + "/tls/tls-weak-cipher.cpp";
  std::string cbom = cbomDir() + "/fixtures.cdx.json";
  RunResult run = runAttest({"scan", hash, cipher, key, tls, tlsCipher, "--cbom", cbom, "--fail-on", "none", "-q",
                             "--no-cache", "--", "-std=c++20", "-Wno-deprecated-declarations"});
  ASSERT_EQ(run.exitCode, 0) << run.err;
  EXPECT_EQ(run.err.find("parse-error"), std::string::npos) << run.err;
  json bom = readJson(cbom);
  auto occursAt = [](const json &c, const std::string &file, unsigned line) {
    for (const json &o : c["evidence"]["occurrences"])
      if (endsWith(o["location"], file) && o["line"] == line) return true;
    return false;
  };
  const json *md5 = component(bom, "MD5");
  ASSERT_TRUE(md5);
  EXPECT_EQ(property(*md5, "attest:weak"), "true");
  EXPECT_EQ(property(*md5, "attest:ruleId"), "crypto-weak-hash");
  unsigned md5Line = lineOf(hash, "EVP_DigestInit_ex(ctx, EVP_md5(), nullptr);");
  ASSERT_NE(md5Line, 0u);
  EXPECT_TRUE(occursAt(*md5, "crypto/crypto-weak-hash.cpp", md5Line)) << md5->dump(2);
  unsigned namedLine = lineOf(hash, "EVP_get_digestbyname(\"md5\")");
  EXPECT_TRUE(occursAt(*md5, "crypto/crypto-weak-hash.cpp", namedLine)) << md5->dump(2);

  const json *sha512t = component(bom, "SHA-512/256");
  ASSERT_TRUE(sha512t);
  EXPECT_EQ(property(*sha512t, "attest:weak"), "false");

  const json *aes = component(bom, "AES-256-GCM");
  ASSERT_TRUE(aes);
  EXPECT_EQ(property(*aes, "attest:weak"), "false");
  EXPECT_TRUE(occursAt(*aes, "crypto/crypto-weak-cipher.cpp", lineOf(cipher, "EVP_aes_256_gcm()"))) << aes->dump(2);

  const json *tls10 = component(bom, "TLS 1.0");
  ASSERT_TRUE(tls10);
  EXPECT_EQ(property(*tls10, "attest:weak"), "true");
  EXPECT_EQ(property(*tls10, "attest:ruleId"), "tls-obsolete-protocol");

  // Every weak asset names its rule; every component has at least one occurrence.
  for (const json &c : bom["components"]) {
    EXPECT_FALSE(c["evidence"]["occurrences"].empty()) << c.dump();
    if (property(c, "attest:weak") == "true") EXPECT_NE(property(c, "attest:ruleId"), "") << c.dump();
  }
  RunResult valid = validate({cbom});
  EXPECT_EQ(valid.exitCode, 0) << valid.out << valid.err;
}

TEST(Cbom, WindowsCryptoApiAndCng) {
  std::vector<std::string> flags = {"--target=x86_64-w64-mingw32", "-std=c++20"};
  if (!headerAvailable("<windows.h>", flags)) GTEST_SKIP() << "mingw-w64 headers are not installed";
  std::string fixtures = sourceDir() + "/tests/fixtures/crypto";
  std::string hash = fixtures + "/crypto-weak-hash-win32.cpp", cipher = fixtures + "/crypto-weak-cipher-win32.cpp";
  std::string cbom = cbomDir() + "/win32.cdx.json";
  std::vector<std::string> args = {"scan", hash, cipher, "--cbom", cbom, "--fail-on", "none", "-q", "--no-cache", "--"};
  args.insert(args.end(), flags.begin(), flags.end());
  RunResult run = runAttest(args);
  ASSERT_EQ(run.exitCode, 0) << run.err;
  json bom = readJson(cbom);
  const json *sha = component(bom, "SHA-256");
  ASSERT_TRUE(sha);
  EXPECT_NE(property(*sha, "attest:library").find("windows-cryptoapi"), std::string::npos) << sha->dump(2);
  EXPECT_NE(property(*sha, "attest:library").find("windows-cng"), std::string::npos) << sha->dump(2);
  const json *aes = component(bom, "AES-256");
  ASSERT_TRUE(aes);
  EXPECT_EQ(property(*aes, "attest:weak"), "false");
  const json *md5 = component(bom, "MD5");
  ASSERT_TRUE(md5);
  EXPECT_EQ(property(*md5, "attest:weak"), "true");
  RunResult valid = validate({cbom});
  EXPECT_EQ(valid.exitCode, 0) << valid.out << valid.err;
}

// The validator itself rejects what the schema forbids (it is not a no-op).
TEST(Cbom, SchemaValidatorRejectsInvalidDocuments) {
  std::string bad = cbomDir() + "/invalid.cdx.json";
  writeFile(bad, R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[
    {"type":"cryptographic-asset","name":"X","cryptoProperties":{"assetType":"algorithm",
     "algorithmProperties":{"primitive":"not-a-primitive"}}}]})");
  RunResult valid = validate({bad});
  EXPECT_NE(valid.exitCode, 0) << valid.out;
  EXPECT_NE(valid.err.find("primitive"), std::string::npos) << valid.err;
}

}  // namespace
