#include "core/CryptoAsset.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <tuple>

namespace attest {
namespace {

std::string lower(std::string s) {
  for (char &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool startsWith(const std::string &s, const std::string &prefix) { return s.rfind(prefix, 0) == 0; }

// Lower-case alphanumeric tokens joined by '-': "DES_EDE3/CBC" -> "des-ede3-cbc".
std::string dashed(const std::string &raw) {
  std::string out, token;
  auto flush = [&] {
    if (token.empty()) return;
    if (!out.empty()) out += '-';
    out += token;
    token.clear();
  };
  for (char c : raw) {
    if (std::isalnum(static_cast<unsigned char>(c))) token += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else flush();
  }
  flush();
  return out;
}

std::string squashed(const std::string &raw) {
  std::string out;
  for (char c : dashed(raw))
    if (c != '-') out += c;
  return out;
}

// Library spellings reduced to the algorithm: CALG_SHA_256, GCRY_CIPHER_AES256,
// BCRYPT_AES_ALGORITHM, NID_sha256, EVP_aes_128_gcm.
std::string stripLibraryAffixes(std::string s) {
  for (const char *prefix : {"CALG_", "GCRY_MD_", "GCRY_CIPHER_MODE_", "GCRY_CIPHER_", "GCRY_MAC_", "BCRYPT_", "NCRYPT_",
                             "NID_", "EVP_", "szOID_", "LN_", "SN_"})
    if (startsWith(s, prefix)) {
      s = s.substr(std::string(prefix).size());
      break;
    }
  for (const char *suffix : {"_ALGORITHM", "_ALG"})
    if (s.size() > std::string(suffix).size() && s.compare(s.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
      s.resize(s.size() - std::string(suffix).size());
  return s;
}

// Levels of an RSA/DSA/DH modulus (NIST SP 800-57 Part 1, Table 2, lower bound).
int factoringLevel(int bits) {
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  return 0;
}

std::optional<AlgorithmInfo> hashInfo(const std::string &s) {
  AlgorithmInfo info;
  info.primitive = "hash";
  info.functions = {"digest"};
  bool hmac = s.find("hmac") != std::string::npos;
  std::string h = s;
  if (hmac) h.erase(h.find("hmac"), 4);
  for (const char *sig : {"withrsaencryption", "withrsa", "withdsa", "withecdsa", "rsa"})
    if (auto at = h.find(sig); at != std::string::npos && at > 0) h.erase(at);
  static const std::regex sha2("^sha2?(224|256|384|512)$"), sha3("^sha3(224|256|384|512)$"),
      sha512t("^sha512(224|256)$"), shake("^shake(128|256)$");
  std::smatch m;
  auto set = [&](std::string name, std::string family, std::string params, std::optional<int> classical,
                 std::optional<int> quantum) {
    info.name = std::move(name);
    info.family = std::move(family);
    info.parameterSet = std::move(params);
    info.classicalLevel = classical;
    info.quantumLevel = quantum;
  };
  if (h == "md5sha1") set("MD5-SHA1", "MD5", "", 0, 0);
  else if (h == "md5") set("MD5", "MD5", "128", 0, 0);
  else if (h == "md4") set("MD4", "MD4", "128", 0, 0);
  else if (h == "md2") set("MD2", "MD2", "128", 0, 0);
  else if (h == "mdc2") set("MDC-2", "MDC-2", "128", std::nullopt, 0);
  else if (h == "ripemd160" || h == "rmd160" || h == "ripemd") set("RIPEMD-160", "RIPEMD", "160", 80, 0);
  else if (h == "sha1" || h == "sha" || h == "sha0") set("SHA-1", "SHA-1", "160", 63, 0);
  else if (std::regex_match(h, m, sha512t)) set("SHA-512/" + m[1].str(), "SHA-2", m[1].str(), std::stoi(m[1]) / 2, m[1] == "256" ? 2 : 1);
  else if (std::regex_match(h, m, sha3)) {
    int bits = std::stoi(m[1]);
    set("SHA3-" + m[1].str(), "SHA-3", m[1].str(), bits / 2, bits >= 384 ? 4 : bits >= 256 ? 2 : 1);
  } else if (std::regex_match(h, m, sha2)) {
    int bits = std::stoi(m[1]);
    set("SHA-" + m[1].str(), "SHA-2", m[1].str(), bits / 2, bits >= 384 ? 4 : bits >= 256 ? 2 : 1);
  } else if (std::regex_match(h, m, shake)) {
    set("SHAKE" + m[1].str(), "SHA-3", m[1].str(), std::stoi(m[1]), std::nullopt);
    info.primitive = "xof";
  } else if (h == "blake2b512" || h == "blake2b") set("BLAKE2b-512", "BLAKE2", "512", 256, 4);
  else if (h == "blake2s256" || h == "blake2s") set("BLAKE2s-256", "BLAKE2", "256", 128, 2);
  else if (h == "sm3") set("SM3", "SM3", "256", 128, 2);
  else return std::nullopt;
  if (hmac) {
    info.name = "HMAC-" + info.name;
    info.primitive = "mac";
    info.functions = {"tag"};
    info.classicalLevel.reset();
    info.quantumLevel.reset();
  }
  return info;
}

std::string modeOf(const std::string &token) {
  if (token == "gcm" || token == "ccm" || token == "cbc" || token == "ecb" || token == "ctr" || token == "ofb") return token;
  if (startsWith(token, "cfb")) return "cfb";
  if (token == "xts" || token == "ocb" || token == "siv" || token == "wrap" || token == "kw" || token == "stream" ||
      token == "poly1305" || token == "eax")
    return "other";
  return "";
}

std::vector<std::string> split(const std::string &d) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= d.size()) {
    size_t dash = d.find('-', start);
    if (dash == std::string::npos) dash = d.size();
    if (dash > start) out.push_back(d.substr(start, dash - start));
    start = dash + 1;
  }
  return out;
}

std::optional<AlgorithmInfo> cipherInfo(const std::string &d, int keyBits) {
  std::vector<std::string> tokens = split(d);
  if (tokens.empty()) return std::nullopt;
  AlgorithmInfo info;
  info.functions = {"encrypt", "decrypt"};
  std::string first = tokens[0];
  std::string mode, modeToken;
  for (size_t i = 1; i < tokens.size(); ++i)
    if (std::string m = modeOf(tokens[i]); !m.empty() && mode.empty()) mode = m, modeToken = tokens[i];
  auto withMode = [&](std::string base) {
    info.mode = mode;
    if (mode == "gcm" || mode == "ccm" || modeToken == "ocb" || modeToken == "siv" || modeToken == "eax")
      info.primitive = "ae";
    else
      info.primitive = "block-cipher";
    info.name = modeToken.empty() ? base : base + "-" + (modeToken == "cfb" || startsWith(modeToken, "cfb") ? lower(modeToken) : modeToken);
    for (char &c : info.name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  };
  static const std::regex block("^(aes|camellia|aria|sm4|seed)(128|192|256)?$");
  std::smatch m;
  if (std::regex_match(first, m, block)) {
    std::string family = m[1];
    int bits = m[2].matched ? std::stoi(m[2]) : 0;
    if (!bits && tokens.size() > 1 && (tokens[1] == "128" || tokens[1] == "192" || tokens[1] == "256")) bits = std::stoi(tokens[1]);
    if (!bits && (family == "sm4" || family == "seed")) bits = 128;
    if (!bits) bits = keyBits;
    std::string upper = family == "camellia" ? "CAMELLIA" : family == "aria" ? "ARIA" : family == "sm4" ? "SM4"
                        : family == "seed" ? "SEED" : "AES";
    withMode(bits && family != "sm4" && family != "seed" ? upper + "-" + std::to_string(bits) : upper);
    info.family = upper;
    if (bits) {
      info.parameterSet = std::to_string(bits);
      info.classicalLevel = bits;
      info.quantumLevel = bits >= 256 ? 5 : bits >= 192 ? 3 : 1;
    }
    return info;
  }
  if (first == "chacha20" || first == "chacha") {
    bool aead = tokens.size() > 1 && tokens[1] == "poly1305";
    info.name = aead ? "ChaCha20-Poly1305" : "ChaCha20";
    info.family = "ChaCha20";
    info.primitive = aead ? "ae" : "stream-cipher";
    info.parameterSet = "256";
    info.classicalLevel = 256;
    info.quantumLevel = 5;
    return info;
  }
  bool triple = first == "3des" || first == "des3" || first == "tripledes" || first == "desede" ||
                first == "desede3" || first == "tdes" || first == "tdea" || first == "3des112";
  bool twoKey = first == "3des112" || first == "desede2" || (triple && tokens.size() > 1 && tokens[1] == "112");
  if (first == "des") {
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i] == "ede3" || startsWith(tokens[i], "ede3")) triple = true;
      else if (tokens[i] == "ede" || startsWith(tokens[i], "ede")) triple = twoKey = true;
    }
  }
  if (triple || first == "des" || first == "desx") {
    withMode(first == "desx" ? "DESX" : twoKey ? "2TDEA" : triple ? "3DES" : "DES");
    info.family = "DES";
    info.parameterSet = twoKey ? "112" : triple ? "168" : first == "desx" ? "184" : "56";
    info.classicalLevel = twoKey ? 80 : triple ? 112 : 56;
    info.quantumLevel = 0;
    return info;
  }
  auto legacy = [&](const char *name, const char *family, const char *primitive, int bits) {
    if (std::string(primitive) == "block-cipher") withMode(name);
    else info.name = name, info.primitive = primitive;
    info.family = family;
    if (bits) info.parameterSet = std::to_string(bits);
    info.quantumLevel = 0;
    return info;
  };
  if (first == "rc4" || first == "arcfour" || first == "arc4") return legacy("RC4", "RC4", "stream-cipher", keyBits);
  if (first == "rc2" || first == "rfc2268") return legacy("RC2", "RC2", "block-cipher", keyBits);
  if (first == "rc5") return legacy("RC5", "RC5", "block-cipher", keyBits);
  if (first == "bf" || first == "blowfish") return legacy("BLOWFISH", "Blowfish", "block-cipher", keyBits);
  if (first == "idea") return legacy("IDEA", "IDEA", "block-cipher", 128);
  if (first == "cast5" || first == "cast" || first == "cast128") return legacy("CAST5", "CAST", "block-cipher", 128);
  if (d == "ecb" || d == "ecb-mode") {  // a mode whose cipher the code does not name (Crypto++ ECB_OneWay)
    info.name = "ECB";
    info.primitive = "block-cipher";
    info.mode = "ecb";
    return info;
  }
  if (first == "null" || d == "enc-null" || d == "no-encryption-null-cipher") {
    info.name = "NULL";
    info.family = "NULL";
    info.primitive = "other";
    info.classicalLevel = 0;
    info.quantumLevel = 0;
    info.functions = {"other"};
    return info;
  }
  return std::nullopt;
}

std::optional<AlgorithmInfo> asymmetricInfo(const std::string &d, const std::string &hint, int keyBits) {
  std::vector<std::string> tokens = split(d);
  if (tokens.empty()) return std::nullopt;
  std::string first = tokens[0], s = squashed(d);
  AlgorithmInfo info;
  auto sized = [&](std::string base, std::string family, std::string primitive) {
    info.family = family;
    info.primitive = hint.empty() ? primitive : hint;
    info.name = keyBits ? base + "-" + std::to_string(keyBits) : base;
    if (keyBits) {
      info.parameterSet = std::to_string(keyBits);
      info.classicalLevel = factoringLevel(keyBits);
    }
    info.quantumLevel = 0;
    info.functions = {"keygen"};
    return info;
  };
  if (startsWith(s, "rsaespkcs1") || s == "rsapkcs1v15" || s == "rsapkcs1padding" || s == "rsapkcs1") {
    info = sized("RSA", "RSA", "pke");
    info.name = "RSAES-PKCS1-v1_5";
    info.padding = "pkcs1v15";
    info.functions = {"encrypt", "decrypt"};
    return info;
  }
  if (startsWith(s, "rsaesoaep") || s == "rsaoaep") {
    info = sized("RSA", "RSA", "pke");
    info.name = "RSAES-OAEP";
    info.padding = "oaep";
    info.functions = {"encrypt", "decrypt"};
    return info;
  }
  if (first == "rsa" || s == "rsakeyx" || s == "rsasign" || s == "rsapss") return sized("RSA", "RSA", "pke");
  if (first == "dsa" || s == "dss") return sized("DSA", "DSA", "signature");
  if (first == "dh" || s == "dhkeyagreement" || startsWith(s, "dhx")) return sized("DH", "FFDH", "key-agree");
  static const std::regex ffdhe("^(ffdhe|modp)(\\d+)$");
  std::smatch m;
  if (std::regex_match(s, m, ffdhe)) {
    keyBits = std::stoi(m[2]);
    info = sized("FFDH", "FFDH", "key-agree");
    info.name = (m[1] == "ffdhe" ? "ffdhe" : "modp") + m[2].str();
    return info;
  }
  if (s == "x25519" || s == "x448") {
    info.name = s == "x25519" ? "X25519" : "X448";
    info.family = "ECDH";
    info.primitive = "key-agree";
    info.parameterSet = s == "x25519" ? "255" : "448";
    info.classicalLevel = s == "x25519" ? 128 : 224;
    info.quantumLevel = 0;
    info.functions = {"keygen"};
    return info;
  }
  if (s == "ed25519" || s == "ed448") {
    info.name = s == "ed25519" ? "Ed25519" : "Ed448";
    info.family = "EdDSA";
    info.primitive = "signature";
    info.parameterSet = s == "ed25519" ? "255" : "448";
    info.classicalLevel = s == "ed25519" ? 128 : 224;
    info.quantumLevel = 0;
    info.functions = {"sign", "verify"};
    return info;
  }
  if (first == "ec" || first == "ecdsa" || first == "ecdh" || first == "ecc" || startsWith(s, "ecdsap") ||
      startsWith(s, "ecdhp")) {
    std::string base = startsWith(s, "ecdsa") ? "ECDSA" : startsWith(s, "ecdh") ? "ECDH" : "EC";
    static const std::regex p("^ec(dsa|dh)p(\\d+)$");
    if (std::regex_match(s, m, p)) keyBits = std::stoi(m[2]);
    info.family = base;
    // A bare EC key pair may sign or agree on keys: "other" rather than a guess.
    info.primitive = !hint.empty() ? hint : base == "ECDSA" ? "signature" : base == "ECDH" ? "key-agree" : "other";
    info.name = base;
    if (keyBits) {
      info.parameterSet = std::to_string(keyBits);
      info.classicalLevel = keyBits / 2;
    }
    info.quantumLevel = 0;
    info.functions = {"keygen"};
    return info;
  }
  if (startsWith(s, "pbkdf2")) {
    info.name = "PBKDF2";
    info.family = "PBKDF2";
    info.primitive = "kdf";
    std::string prf = s.substr(6);
    if (!prf.empty())
      if (std::optional<AlgorithmInfo> h = hashInfo(prf.find("hmac") == std::string::npos ? "hmac" + prf : prf))
        info.name += "-" + h->name;
    info.functions = {"keyderive"};
    return info;
  }
  if (s == "hkdf" || s == "scrypt" || startsWith(s, "argon2") || s == "bcrypt") {
    info.name = s == "hkdf" ? "HKDF" : s == "scrypt" ? "scrypt" : s == "bcrypt" ? "bcrypt" : "Argon2";
    info.family = info.name;
    info.primitive = "kdf";
    info.functions = {"keyderive"};
    return info;
  }
  return std::nullopt;
}

std::optional<AlgorithmInfo> describeOne(const std::string &raw, const std::string &hint, int keyBits) {
  std::string stripped = stripLibraryAffixes(raw.rfind("::") == std::string::npos ? raw : raw.substr(raw.rfind("::") + 2));
  std::string d = dashed(stripped), s = squashed(stripped);
  if (d.empty()) return std::nullopt;
  if (std::optional<AlgorithmInfo> info = hashInfo(s)) return info;
  if (std::optional<AlgorithmInfo> info = cipherInfo(d, keyBits)) return info;
  return asymmetricInfo(d, hint, keyBits);
}

// "MD5 (\"md5\")", "Triple DES (CALG_3DES)", "SHA-1 (OID 1.3.14.3.2.26)": the part in
// parentheses is the spelling in the code, usually the more precise one.
std::vector<std::string> spellings(const std::string &name) {
  std::vector<std::string> out;
  size_t open = name.find(" (");
  if (open != std::string::npos && name.back() == ')') {
    std::string inner = name.substr(open + 2, name.size() - open - 3);
    if (inner.size() >= 2 && inner.front() == '"' && inner.back() == '"') inner = inner.substr(1, inner.size() - 2);
    if (!startsWith(inner, "OID ")) out.push_back(inner);
    out.push_back(name.substr(0, open));
  }
  out.push_back(name);
  return out;
}

// One name per curve: prime256v1, secp256r1 and P-256 are the same curve.
std::string canonicalCurve(const std::string &curve) {
  static const std::map<std::string, std::string> aliases = {
      {"prime192v1", "P-192"}, {"secp192r1", "P-192"}, {"p192", "P-192"}, {"nistp192", "P-192"},
      {"secp224r1", "P-224"},  {"p224", "P-224"},      {"nistp224", "P-224"},
      {"prime256v1", "P-256"}, {"secp256r1", "P-256"}, {"p256", "P-256"}, {"nistp256", "P-256"},
      {"secp384r1", "P-384"},  {"p384", "P-384"},      {"nistp384", "P-384"},
      {"secp521r1", "P-521"},  {"p521", "P-521"},      {"nistp521", "P-521"},
      {"x25519", "X25519"},    {"ed25519", "Ed25519"}, {"x448", "X448"}, {"ed448", "Ed448"}};
  auto it = aliases.find(squashed(curve));
  return it == aliases.end() ? curve : it->second;
}
}  // namespace

std::optional<AlgorithmInfo> describeAlgorithm(const std::string &name, const std::string &primitiveHint, int keyBits) {
  for (const std::string &spelling : spellings(name))
    if (std::optional<AlgorithmInfo> info = describeOne(spelling, primitiveHint, keyBits)) return info;
  return std::nullopt;
}

std::string canonicalCurveName(const std::string &curve) { return canonicalCurve(curve); }

std::string dashedAlgorithmName(const std::string &raw) { return dashed(raw); }

}  // namespace attest
