#include "checks/common/CryptoAlgorithms.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <cctype>

namespace attest {
namespace {

std::string lower(llvm::StringRef s) { return s.lower(); }

// Lower-case alphanumeric tokens: "AES-128/ECB" -> {aes, 128, ecb}.
llvm::SmallVector<std::string, 8> tokens(llvm::StringRef s) {
  llvm::SmallVector<std::string, 8> out;
  std::string current;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      current.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!current.empty()) {
      out.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

std::string squash(llvm::StringRef s) {
  std::string out;
  for (const std::string &t : tokens(s)) out += t;
  return out;
}

}  // namespace

std::optional<WeakAlgorithm> weakHashByName(llvm::StringRef raw) {
  std::string name = squash(raw);
  if (name.empty()) return std::nullopt;
  bool hmac = llvm::StringRef(name).contains("hmac");
  llvm::StringRef n(name);
  const char *display = nullptr;
  if (n.contains("md5sha1")) display = "MD5-SHA1";
  else if (n.contains("md5")) display = "MD5";
  else if (n.contains("md4")) display = "MD4";
  else if (n.contains("md2")) display = "MD2";
  else if (n.contains("mdc2")) display = "MDC-2";
  else if (n.contains("ripemd") || n.contains("rmd160")) display = "RIPEMD-160";
  else if (n == "sha" || n == "sha0" || n == "hmacsha") display = "SHA-0/SHA-1";
  else if (n.contains("sha1") && !n.contains("sha128")) display = "SHA-1";
  if (!display) return std::nullopt;
  return WeakAlgorithm{display, hmac};
}

bool isFastDigestName(llvm::StringRef raw) {
  std::string name = squash(raw);
  llvm::StringRef n(name);
  if (n.contains("hmac") || n.contains("pbkdf") || n.contains("hkdf")) return false;
  return weakHashByName(raw).has_value() || n.starts_with("sha2") || n.starts_with("sha3") ||
         n.starts_with("sha5") || n.starts_with("blake2") || n == "sm3" || n.starts_with("shake");
}

std::optional<WeakAlgorithm> weakHashByNid(int64_t nid) {
  switch (nid) {
  case 3: return WeakAlgorithm{"MD2"};
  case 257: return WeakAlgorithm{"MD4"};
  case 4: return WeakAlgorithm{"MD5"};
  case 114: return WeakAlgorithm{"MD5-SHA1"};
  case 41: return WeakAlgorithm{"SHA-0/SHA-1"};
  case 64: return WeakAlgorithm{"SHA-1"};
  case 117: return WeakAlgorithm{"RIPEMD-160"};
  case 95: return WeakAlgorithm{"MDC-2"};
  case 7: return WeakAlgorithm{"MD2 (md2WithRSAEncryption)"};
  case 396: return WeakAlgorithm{"MD4 (md4WithRSAEncryption)"};
  case 8: return WeakAlgorithm{"MD5 (md5WithRSAEncryption)"};
  case 65: return WeakAlgorithm{"SHA-1 (sha1WithRSAEncryption)"};
  default: return std::nullopt;
  }
}

std::optional<WeakAlgorithm> weakHashByAlgId(int64_t algId) {
  switch (algId) {
  case 0x8001: return WeakAlgorithm{"MD2 (CALG_MD2)"};
  case 0x8002: return WeakAlgorithm{"MD4 (CALG_MD4)"};
  case 0x8003: return WeakAlgorithm{"MD5 (CALG_MD5)"};
  case 0x8004: return WeakAlgorithm{"SHA-1 (CALG_SHA1)"};
  case 0x8008: return WeakAlgorithm{"MD5+SHA-1 (CALG_SSL3_SHAMD5)"};
  default: return std::nullopt;
  }
}

std::optional<WeakAlgorithm> weakHashByGcrypt(int64_t algo) {
  switch (algo) {
  case 1: return WeakAlgorithm{"MD5 (GCRY_MD_MD5)"};
  case 2: return WeakAlgorithm{"SHA-1 (GCRY_MD_SHA1)"};
  case 3: return WeakAlgorithm{"RIPEMD-160 (GCRY_MD_RMD160)"};
  case 5: return WeakAlgorithm{"MD2 (GCRY_MD_MD2)"};
  case 301: return WeakAlgorithm{"MD4 (GCRY_MD_MD4)"};
  default: return std::nullopt;
  }
}

std::optional<WeakAlgorithm> weakHashByOid(llvm::StringRef oid) {
  struct Entry { const char *oid, *name; };
  static const Entry table[] = {
      {"1.2.840.113549.2.2", "MD2"},           {"1.2.840.113549.2.4", "MD4"},
      {"1.2.840.113549.2.5", "MD5"},           {"1.3.14.3.2.26", "SHA-1"},
      {"1.2.840.113549.1.1.2", "MD2 with RSA"}, {"1.2.840.113549.1.1.3", "MD4 with RSA"},
      {"1.2.840.113549.1.1.4", "MD5 with RSA"}, {"1.2.840.113549.1.1.5", "SHA-1 with RSA"},
      {"1.3.14.3.2.3", "MD5 with RSA"},         {"1.3.14.3.2.15", "SHA-1 with RSA"},
      {"1.3.14.3.2.29", "SHA-1 with RSA"},      {"1.3.14.3.2.27", "SHA-1 with DSA"},
      {"1.2.840.10040.4.3", "SHA-1 with DSA"},  {"1.2.840.10045.4.1", "SHA-1 with ECDSA"},
      {"1.3.36.3.2.1", "RIPEMD-160"},
  };
  for (const Entry &e : table)
    if (oid == e.oid) return WeakAlgorithm{std::string(e.name) + " (OID " + e.oid + ")"};
  return std::nullopt;
}

std::optional<WeakAlgorithm> weakCipherByName(llvm::StringRef raw) {
  auto parts = tokens(raw);
  if (parts.empty()) return std::nullopt;
  const std::string &first = parts.front();
  std::string all = squash(raw);
  const char *display = nullptr;
  if (first == "des" || first == "desx" || first == "des3" || first == "3des" || first == "tripledes" ||
      first == "desede" || first == "desede3" || first == "tdes" || first == "tdea") {
    bool triple = first != "des" && first != "desx";
    for (const std::string &p : parts)
      if (p == "ede" || p == "ede3" || p == "edeecb" || p == "ede3ecb") triple = true;
    // CNG's L"3DES_112" (BCRYPT_3DES_112_ALGORITHM) is two-key: 112-bit keys, 80-bit strength.
    bool twoKey = triple && std::find(parts.begin(), parts.end(), "112") != parts.end();
    display = first == "desx" ? "DESX" : twoKey ? "two-key Triple DES" : triple ? "Triple DES" : "DES";
  } else if (first == "rc4" || first == "arcfour" || first == "arc4") {
    display = "RC4";
  } else if (first == "rc2") {
    display = "RC2";
  } else if (first == "rc5") {
    display = "RC5";
  } else if (first == "bf" || first == "blowfish") {
    display = "Blowfish";
  } else if (first == "idea") {
    display = "IDEA";
  } else if (first == "cast5" || first == "cast" || first == "cast128") {
    display = "CAST5";
  } else if (all == "null" || all == "encnull") {
    display = "no encryption (null cipher)";
  }
  if (display) return WeakAlgorithm{display};
  for (const std::string &p : parts)
    if (p == "ecb" || llvm::StringRef(p).ends_with("modeecb")) return WeakAlgorithm{"ECB mode"};
  return std::nullopt;
}

std::optional<WeakAlgorithm> weakCipherByAlgId(int64_t algId) {
  switch (algId) {
  case 0x6601: return WeakAlgorithm{"DES (CALG_DES)"};
  case 0x6602: return WeakAlgorithm{"RC2 (CALG_RC2)"};
  case 0x6603: return WeakAlgorithm{"Triple DES (CALG_3DES)"};
  case 0x6604: return WeakAlgorithm{"DESX (CALG_DESX)"};
  case 0x6609: return WeakAlgorithm{"two-key Triple DES (CALG_3DES_112)"};
  case 0x660d: return WeakAlgorithm{"RC5 (CALG_RC5)"};
  case 0x6801: return WeakAlgorithm{"RC4 (CALG_RC4)"};
  default: return std::nullopt;
  }
}

std::optional<WeakAlgorithm> weakCipherByGcrypt(int64_t algo) {
  switch (algo) {
  case 1: return WeakAlgorithm{"IDEA (GCRY_CIPHER_IDEA)"};
  case 2: return WeakAlgorithm{"Triple DES (GCRY_CIPHER_3DES)"};
  case 3: return WeakAlgorithm{"CAST5 (GCRY_CIPHER_CAST5)"};
  case 4: return WeakAlgorithm{"Blowfish (GCRY_CIPHER_BLOWFISH)"};
  case 6: return WeakAlgorithm{"DES (GCRY_CIPHER_DES_SK)"};
  case 301: return WeakAlgorithm{"RC4 (GCRY_CIPHER_ARCFOUR)"};
  case 302: return WeakAlgorithm{"DES (GCRY_CIPHER_DES)"};
  case 307: return WeakAlgorithm{"RC2 40-bit (GCRY_CIPHER_RFC2268_40)"};
  case 308: return WeakAlgorithm{"RC2 (GCRY_CIPHER_RFC2268_128)"};
  default: return std::nullopt;
  }
}

std::optional<WeakAlgorithm> weakCipherByOid(llvm::StringRef oid) {
  struct Entry { const char *oid, *name; };
  static const Entry table[] = {
      {"1.2.840.113549.3.2", "RC2-CBC"},   {"1.2.840.113549.3.4", "RC4"},
      {"1.2.840.113549.3.7", "Triple DES (DES-EDE3-CBC)"},
      {"1.3.14.3.2.6", "DES-ECB"},         {"1.3.14.3.2.7", "DES-CBC"},
      {"1.3.14.3.2.8", "DES-OFB"},         {"1.3.14.3.2.9", "DES-CFB"},
      {"1.3.14.3.2.17", "Triple DES (DES-EDE)"},
  };
  for (const Entry &e : table)
    if (oid == e.oid) return WeakAlgorithm{std::string(e.name) + " (OID " + e.oid + ")"};
  return std::nullopt;
}

namespace {
struct Curve { int64_t nid; const char *name; int bits; };
const Curve kSmallCurves[] = {
    {409, "prime192v1", 192}, {410, "prime192v2", 192}, {411, "prime192v3", 192},
    {684, "c2pnb163v1", 163}, {685, "c2pnb163v2", 163}, {686, "c2pnb163v3", 163},
    {687, "c2pnb176v1", 176}, {688, "c2tnb191v1", 191}, {689, "c2tnb191v2", 191},
    {690, "c2tnb191v3", 191}, {691, "c2onb191v4", 191}, {692, "c2onb191v5", 191},
    {693, "c2pnb208w1", 208}, {704, "secp112r1", 112}, {705, "secp112r2", 112},
    {706, "secp128r1", 128},  {707, "secp128r2", 128}, {708, "secp160k1", 160},
    {709, "secp160r1", 160},  {710, "secp160r2", 160}, {711, "secp192k1", 192},
    {717, "sect113r1", 113},  {718, "sect113r2", 113}, {719, "sect131r1", 131},
    {720, "sect131r2", 131},  {721, "sect163k1", 163}, {722, "sect163r1", 163},
    {723, "sect163r2", 163},  {724, "sect193r1", 193}, {725, "sect193r2", 193},
    {735, "wap-wsg-idm-ecid-wtls1", 113}, {736, "wap-wsg-idm-ecid-wtls3", 163},
    {737, "wap-wsg-idm-ecid-wtls4", 113}, {738, "wap-wsg-idm-ecid-wtls5", 163},
    {739, "wap-wsg-idm-ecid-wtls6", 112}, {740, "wap-wsg-idm-ecid-wtls7", 160},
    {741, "wap-wsg-idm-ecid-wtls8", 112}, {742, "wap-wsg-idm-ecid-wtls9", 160},
    {749, "Oakley-EC2N-3", 155}, {750, "Oakley-EC2N-4", 185},
    {921, "brainpoolP160r1", 160}, {922, "brainpoolP160t1", 160},
    {923, "brainpoolP192r1", 192}, {924, "brainpoolP192t1", 192},
    // Large enough, listed so that the name of a NID can be shown.
    {415, "prime256v1", 256}, {712, "secp224k1", 224}, {713, "secp224r1", 224},
    {714, "secp256k1", 256}, {715, "secp384r1", 384}, {716, "secp521r1", 521},
};

std::optional<int> leadingNumber(llvm::StringRef s) {
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  int value = 0;
  if (digits == 0 || s.take_front(digits).getAsInteger(10, value)) return std::nullopt;
  return value;
}
}  // namespace

std::optional<int> curveBitsByName(llvm::StringRef raw) {
  for (const Curve &c : kSmallCurves)
    if (raw.equals_insensitive(c.name)) return c.bits;
  std::string name = squash(raw);
  llvm::StringRef n(name);
  for (const char *prefix : {"secp", "sect", "prime", "brainpoolp", "c2pnb", "c2tnb", "c2onb", "p",
                              "ecdsap", "ecdhp", "nistp", "ansix962prime"})
    if (n.consume_front(prefix)) {
      if (std::optional<int> bits = leadingNumber(n)) return bits;
      n = llvm::StringRef(name);
    }
  if (n == "x25519" || n == "ed25519" || n == "curve25519") return 255;
  if (n == "x448" || n == "ed448") return 448;
  if (n == "sm2") return 256;
  return std::nullopt;
}

std::optional<int> curveBitsByNid(int64_t nid) {
  for (const Curve &c : kSmallCurves)
    if (c.nid == nid) return c.bits;
  return std::nullopt;
}

std::string curveNameByNid(int64_t nid) {
  for (const Curve &c : kSmallCurves)
    if (c.nid == nid) return c.name;
  return {};
}

std::string smallCurveNidPredicate(int minBits) {
  std::string out = "int: in ";
  for (const Curve &c : kSmallCurves)
    if (c.bits < minBits) out += (out.back() == ' ' ? "" : ", ") + std::to_string(c.nid);
  return out;
}

// 64-bit block ciphers: broken by volume (Sweet32), not by a single message.
bool isSmallBlockCipher(llvm::StringRef algorithm) {
  return (algorithm.starts_with("Triple DES") || algorithm.starts_with("Blowfish") ||
          algorithm.starts_with("IDEA") || algorithm.starts_with("CAST5"));
}

std::string weakCipherReason(llvm::StringRef algorithm) {
  if (algorithm.contains("ECB")) return "ECB mode encrypts equal blocks to equal ciphertext, so patterns in the data show through";
  if (algorithm.contains("null")) return "the data is not encrypted at all";
  if (algorithm.starts_with("RC4")) return "RC4's keystream is biased and plaintext can be recovered";
  if (algorithm.starts_with("DES") || algorithm.starts_with("RC2") || algorithm.starts_with("two-key"))
    return "its key is short enough to be searched exhaustively";
  if (isSmallBlockCipher(algorithm)) return "its 64-bit block leaks plaintext after a few tens of gigabytes under one key (Sweet32)";
  return "it is obsolete";
}

}  // namespace attest
