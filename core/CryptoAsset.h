// One cryptographic asset the scanned code selects (an algorithm, a key size, a protocol
// version, a cipher list), weak or not: recorded by the checks (Check::recordAsset),
// carried like findings, written by reports/Cbom as a CycloneDX CBOM. Plain data.
#pragma once

#include <optional>
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

// One name per curve: prime256v1, secp256r1 and P-256 are the same curve ("P-256").
std::string canonicalCurveName(const std::string &curve);
// An algorithm name in lower case with dashes ("AES_256_GCM" -> "aes-256-gcm").
std::string dashedAlgorithmName(const std::string &raw);

}  // namespace attest
