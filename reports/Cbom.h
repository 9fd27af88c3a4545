// The cryptography inventory: every algorithm, key size, TLS protocol version and
// cipher configuration the scanned code selects (weak or not), written as a CycloneDX
// 1.6 Cryptography Bill of Materials (`attest scan --cbom FILE`). Plain data, no Clang.
//
// Checks record a CryptoAsset where they recognise an algorithm (checks/Check.h,
// Check::recordAsset); the driver carries them like findings (result cache included);
// buildCbom() canonicalises names ("aes_256_gcm", "AES-256-GCM", L"AES" + 256-bit key,
// "CALG_SHA_256", "GCRY_MD_SHA256" are one vocabulary), merges occurrences and writes
// components sorted by (asset type, name) with stable bom-refs. Keys and other secrets
// are never an asset's value: only algorithm names, sizes, versions and cipher lists.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace attest {

struct CryptoAsset {
  std::string kind;       // algorithm | protocol | cipher-list | priority-string
  std::string name;       // as recognised: "aes_256_gcm", "MD5 (\"md5\")", "TLS 1.2", the cipher list
  std::string primitive;  // optional hint when the name does not say it: pke, signature, key-agree, kdf, ...
  int keyBits = 0;        // RSA/DSA/DH modulus or curve size, symmetric key size; 0: unknown
  std::string detail;     // e.g. "minimum" / "maximum" for protocol versions, a curve, iterations
  std::vector<std::string> suites;  // cipher-list: the suites it enables
  bool weak = false;      // attest reports it (under ruleId)
  std::string ruleId;     // the rule that reports it, when weak
  std::string library;    // openssl, windows-cng, windows-cryptoapi, libgcrypt, gnutls, ...
  std::string api;        // the call that selects it, e.g. "EVP_aes_256_gcm"
  std::string file;       // absolute
  unsigned line = 0, column = 0;
};

// What the inventory knows about an algorithm name in any of the spellings above.
struct AlgorithmInfo {
  std::string name;       // canonical: "AES-256-GCM", "SHA-256", "RSA-4096", "3DES-CBC"
  std::string family;     // "AES", "SHA-2", "RSA", ...
  std::string primitive;  // CycloneDX 1.6 primitive: ae, block-cipher, stream-cipher, hash, mac, pke, ...
  std::string mode;       // CycloneDX mode: gcm, cbc, ecb, ccm, ctr, cfb, ofb, other; empty: none
  std::string padding;    // CycloneDX padding: pkcs1v15, oaep; empty: none
  std::string parameterSet;          // key or digest size in bits as text, curve name
  std::optional<int> classicalLevel;  // bits of classical security, where known
  std::optional<int> quantumLevel;    // NIST PQC category 0..6, where known
  std::string oid;
  std::vector<std::string> functions;  // CycloneDX cryptoFunctions
};

// Null when the name is not a cryptographic algorithm attest knows.
std::optional<AlgorithmInfo> describeAlgorithm(const std::string &name, const std::string &primitiveHint = "",
                                               int keyBits = 0);

struct CbomOptions {
  std::string sourceRoot;  // occurrence paths are relative to it (as in the SARIF)
  std::string toolVersion;
};

// The CycloneDX 1.6 document. Deterministic: same assets (in any order, with
// duplicates from headers seen by several TUs) give the same bytes.
nlohmann::json buildCbom(const std::vector<CryptoAsset> &assets, const CbomOptions &options);

// Replaces every occurrence of every secret in the assets' texts (as reports/Redaction.h
// does for findings): a cipher list or name is never a key, but nothing is assumed.
void scrubAssets(std::vector<CryptoAsset> &assets, const std::set<std::string> &secrets);
class SecretScrubber;
void scrubAssets(std::vector<CryptoAsset> &assets, const SecretScrubber &scrubber);

// The cache's form of an asset (driver/ResultCache.cpp).
nlohmann::json cryptoAssetToJson(const CryptoAsset &asset);
std::optional<CryptoAsset> cryptoAssetFromJson(const nlohmann::json &j);

}  // namespace attest
