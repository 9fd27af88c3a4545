// What the crypto rules (and the cryptography inventory) know about algorithm
// identifiers: names as OpenSSL, Windows CNG, Botan and libgcrypt spell them,
// OpenSSL NIDs, Windows ALG_IDs, libgcrypt algorithm numbers and the ASN.1 OIDs
// used by CryptoAPI's CRYPT_ALGORITHM_IDENTIFIER. Tables, no Clang.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace attest {

struct WeakAlgorithm {
  std::string name;  // display name: "MD5", "SHA-1", "DES", "RC4", "ECB mode"
  bool hmac = false; // the name says it is used as HMAC (HMAC-SHA1 is not broken)
};

// Hash names: "md5", "SHA1", "SHA-1", "RIPEMD-160", "RSA-SHA1", "sha1WithRSAEncryption",
// L"MD5" (CNG), "HMAC(SHA1)"... Null when not weak (or not a hash).
std::optional<WeakAlgorithm> weakHashByName(llvm::StringRef name);
// Fast general-purpose digests that are fine for data but not for passwords.
bool isFastDigestName(llvm::StringRef name);
std::optional<WeakAlgorithm> weakHashByNid(int64_t nid);
std::optional<WeakAlgorithm> weakHashByAlgId(int64_t algId);   // Windows CALG_*
std::optional<WeakAlgorithm> weakHashByGcrypt(int64_t algo);   // GCRY_MD_*
std::optional<WeakAlgorithm> weakHashByOid(llvm::StringRef oid);

// Cipher names: "DES-EDE3-CBC", "rc4", "bf-cbc", "AES-128-ECB", L"3DES", "AES/ECB"...
std::optional<WeakAlgorithm> weakCipherByName(llvm::StringRef name);
std::optional<WeakAlgorithm> weakCipherByAlgId(int64_t algId);  // Windows CALG_*
std::optional<WeakAlgorithm> weakCipherByGcrypt(int64_t algo);  // GCRY_CIPHER_*
std::optional<WeakAlgorithm> weakCipherByOid(llvm::StringRef oid);

// 64-bit block ciphers (a WeakAlgorithm name: "Triple DES", "Blowfish", "IDEA", "CAST5"):
// broken by volume (Sweet32), not by a single message.
bool isSmallBlockCipher(llvm::StringRef algorithm);
// Why a weak cipher (a WeakAlgorithm name) is weak, for messages.
std::string weakCipherReason(llvm::StringRef algorithm);

// Size in bits of a named elliptic curve ("secp160r1", "P-192", "prime192v1",
// "brainpoolP160r1"...), or of an OpenSSL curve NID; null when unknown.
std::optional<int> curveBitsByName(llvm::StringRef name);
std::optional<int> curveBitsByNid(int64_t nid);
std::string curveNameByNid(int64_t nid);
// A sink predicate (core/Summary.h) that holds for the NIDs of curves below `minBits`.
std::string smallCurveNidPredicate(int minBits);

}  // namespace attest
