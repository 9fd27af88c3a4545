#include "checks/crypto/WeakCipherCheck.h"
#include "checks/common/AlgorithmName.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/CryptoAlgorithms.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/TemplateTypes.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "checks/common/AstWalk.h"

using namespace clang::ast_matchers;

namespace attest::crypto {
ATTEST_REGISTER_CHECK(WeakCipherCheck, "crypto/WeakCipher", "crypto-weak-cipher");

ATTEST_REGISTER_SINKS({.rule = "crypto-weak-cipher",
                       .apis = {"EVP_get_cipherbyname"},
                       .arg = 0,
                       .minArgs = 1,
                       .maxArgs = 1,
                       .predicate = "weak-cipher-name",
                       .what = "the cipher name",
                       .message = "{api} selects {value}{through}{detail}",
                       .properties = {{"library", "openssl"}}},
                      {.rule = "crypto-weak-cipher",
                       .apis = {"EVP_CIPHER_fetch"},
                       .arg = 1,
                       .minArgs = 2,
                       .predicate = "weak-cipher-name",
                       .what = "the cipher name",
                       .message = "{api} selects {value}{through}{detail}",
                       .properties = {{"library", "openssl"}}});

namespace {
constexpr const char *kRule = "crypto-weak-cipher";
constexpr int64_t kCryptOaep = 0x40;          // CRYPT_OAEP
constexpr int64_t kPadPkcs1 = 0x2;            // BCRYPT_PAD_PKCS1, NCRYPT_PAD_PKCS1_FLAG
constexpr int64_t kKpMode = 4;                // KP_MODE
constexpr int64_t kCryptModeEcb = 2;          // CRYPT_MODE_ECB
constexpr int64_t kGcryModeEcb = 1;           // GCRY_CIPHER_MODE_ECB

// OpenSSL low-level key schedules and ECB calls: the name is the algorithm.
struct LowLevel {
  const char *function, *algorithm;
};
const LowLevel kLowLevel[] = {
    {"DES_set_key", "DES"},           {"DES_set_key_checked", "DES"}, {"DES_set_key_unchecked", "DES"},
    {"DES_key_sched", "DES"},         {"RC4_set_key", "RC4"},         {"RC2_set_key", "RC2"},
    {"BF_set_key", "Blowfish"},       {"IDEA_set_encrypt_key", "IDEA"}, {"CAST_set_key", "CAST5"},
    {"AES_ecb_encrypt", "ECB mode"},  {"Camellia_ecb_encrypt", "ECB mode"}, {"SEED_ecb_encrypt", "ECB mode"},
};

const char *const kCalls[] = {
    "EVP_get_cipherbyname", "EVP_CIPHER_fetch", "gcry_cipher_open", "CryptGenKey", "CryptDeriveKey",
    "CryptSetKeyParam", "BCryptOpenAlgorithmProvider", "BCryptSetProperty", "RSA_public_encrypt",
    "RSA_private_decrypt", "EVP_PKEY_CTX_set_rsa_padding", "CryptEncrypt", "BCryptEncrypt", "BCryptDecrypt",
    "NCryptEncrypt", "NCryptDecrypt"};

std::string why(llvm::StringRef algorithm) { return weakCipherReason(algorithm); }

const clang::Expr *arg(const clang::CallExpr &call, unsigned index) {
  return index < call.getNumArgs() ? call.getArg(index) : nullptr;
}



// The integer values a `BYTE *` argument points to: `(BYTE *)&mode` where every
// value written into `mode` resolves.
PossibleInts pointedToInts(const clang::Expr *pointer, const clang::Stmt *body, clang::ASTContext &ctx) {
  PossibleInts out;
  const auto *addr = llvm::dyn_cast<clang::UnaryOperator>(pointer->IgnoreParenCasts());
  if (!addr || addr->getOpcode() != clang::UO_AddrOf || !body) return out;
  const auto *decl = llvm::dyn_cast_or_null<clang::ValueDecl>(designatedDecl(addr->getSubExpr()));
  if (!decl) return out;
  std::vector<const clang::Expr *> values = valuesWrittenTo(*decl, *body);
  for (const clang::Expr *value : values) {
    PossibleInts inner = possibleInts(value, ctx);
    out.values.insert(out.values.end(), inner.values.begin(), inner.values.end());
  }
  out.runtimeChoice = out.values.size() > 1;
  return out;
}

// Whether the inventory should list `name` here: a cipher or public-key algorithm
// (digests are the hash check's), or anything attest finds weak.
bool inventoryCipher(const std::string &name, bool weak) {
  if (weak) return true;
  std::optional<AlgorithmInfo> info = describeAlgorithm(name);
  return info && info->primitive != "hash" && info->primitive != "mac" && info->primitive != "xof";
}

bool isRsaPaddingWithoutOaep(int64_t pad) { return pad == 1 /*PKCS1*/ || pad == 2 /*SSLV23*/ || pad == 3 /*NO*/; }

const char *paddingName(int64_t pad) {
  return pad == 1 ? "RSA_PKCS1_PADDING" : pad == 2 ? "RSA_SSLV23_PADDING" : "RSA_NO_PADDING";
}

}  // namespace

void WeakCipherCheck::registerMatchers(MatchFinder &finder) {
  // EVP_des_ede3_cbc(), EVP_rc4(), EVP_aes_128_ecb(), EVP_enc_null(), ...
  finder.addMatcher(callExpr(argumentCountIs(0), callee(functionDecl(matchesName("^::EVP_[a-z0-9_]+$"))))
                        .bind("call"),
                    this);
  std::vector<std::string> names;
  for (const LowLevel &f : kLowLevel) names.push_back(std::string("::") + f.function);
  for (const char *f : kCalls) names.push_back(std::string("::") + f);
  std::vector<llvm::StringRef> refs(names.begin(), names.end());
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(refs)))).bind("call"), this);
  finder.addMatcher(binaryOperator(isAssignmentOperator(), hasLHS(memberExpr(member(hasName("pszObjId")))),
                                   hasRHS(expr().bind("oid"))),
                    this);
  finder.addMatcher(initListExpr(hasType(hasUnqualifiedDesugaredType(
                                     recordType(hasDeclaration(recordDecl(hasName("_CRYPT_ALGORITHM_IDENTIFIER")))))),
                                 hasInit(0, expr().bind("oid"))),
                    this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(matchesName("^::CryptoPP::")))))
          .bind("cryptopp"),
      this);
}

void WeakCipherCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call"))
    checkCall(*call, *result.Context);
  else if (const auto *value = result.Nodes.getNodeAs<clang::Expr>("oid"))
    checkOid(*value, *result.Context);
  else if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("cryptopp"))
    checkCryptoPP(*construct, *result.Context);
}

void WeakCipherCheck::reportCipher(const clang::Stmt &at, clang::ASTContext &ctx, const std::string &what,
                                   const std::string &algorithm, const std::string &library, bool runtimeChoice,
                                   const clang::NamedDecl *origin) {
  std::string message = what + " " + algorithm + ": " + why(algorithm) +
                        "; use AES-GCM or ChaCha20-Poly1305 (authenticated encryption)";
  std::optional<Level> level;
  if (isSmallBlockCipher(algorithm)) level = Level::Warning;
  if (runtimeChoice) {
    message = what + " " + algorithm + " on one run-time path: " + why(algorithm) +
              "; use AES-GCM or ChaCha20-Poly1305";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, at, ctx, message, level)) {
    finding->properties["library"] = library;
    finding->properties["algorithm"] = algorithm;
    if (origin) addRelated(*finding, *origin, ctx, "the algorithm is defined here");
  }
}

void WeakCipherCheck::reportPadding(const clang::Stmt &at, clang::ASTContext &ctx, const std::string &message,
                                    const std::string &library, const clang::NamedDecl *origin) {
  recordAsset({.kind = "algorithm", .name = "RSAES-PKCS1-v1_5", .weak = true, .ruleId = kRule, .library = library},
              at, ctx);
  if (Finding *finding = report(kRule, at, ctx,
                                message + ": without OAEP, RSA encryption is open to padding-oracle attacks "
                                          "(Bleichenbacher) that decrypt messages (CWE-780); use OAEP",
                                Level::Error)) {
    finding->properties["library"] = library;
    finding->properties["algorithm"] = "RSA without OAEP";
    if (origin) addRelated(*finding, *origin, ctx, "the padding is defined here");
  }
}

void WeakCipherCheck::checkCall(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  if (name.empty()) return;
  std::string function = name.str() + "()";

  if (name.starts_with("EVP_") && call.getNumArgs() == 0) {
    std::optional<WeakAlgorithm> selected = weakCipherByName(name.drop_front(4));
    if (inventoryCipher(name.drop_front(4).str(), selected.has_value()))
      recordAsset({.kind = "algorithm", .name = name.drop_front(4).str(), .weak = selected.has_value(),
                   .ruleId = selected ? kRule : "", .library = "openssl", .api = name.str()},
                  call, ctx);
    if (std::optional<WeakAlgorithm> weak = weakCipherByName(name.drop_front(4)))
      reportCipher(call, ctx, function + " selects", weak->name, "openssl", false, nullptr);
    return;
  }
  for (const LowLevel &f : kLowLevel)
    if (name == f.function) {
      std::string asset = name.ends_with("_ecb_encrypt") ? name.split('_').first.str() + "-ECB" : f.algorithm;
      recordAsset({.kind = "algorithm", .name = asset, .weak = true, .ruleId = kRule, .library = "openssl",
                   .api = name.str()},
                  call, ctx);
      reportCipher(call, ctx, function + " uses", f.algorithm, "openssl", false, nullptr);
      return;
    }

  auto byName = [&](const clang::Expr *nameArg, const char *library) {
    if (!nameArg) return;
    std::vector<AlgorithmName> names = possibleAlgorithmNames(nameArg, ctx);
    for (const AlgorithmName &n : names) {
      bool weak = weakCipherByName(n.text).has_value();
      if (inventoryCipher(n.text, weak))
        recordAsset({.kind = "algorithm", .name = n.text, .weak = weak, .ruleId = weak ? kRule : "",
                     .library = library, .api = name.str()},
                    call, ctx);
    }
    for (const AlgorithmName &n : names)
      if (std::optional<WeakAlgorithm> weak = weakCipherByName(n.text)) {
        reportCipher(call, ctx, function + " selects", weak->name + " (\"" + n.text + "\")", library,
                     names.size() > 1, n.origin);
        return;
      }
  };
  auto byInt = [&](const clang::Expr *algArg, const char *library,
                   std::optional<WeakAlgorithm> (*lookup)(int64_t)) {
    if (!algArg) return false;
    PossibleInts values = possibleInts(algArg, ctx);
    for (const IntValue &v : values.values) {
      std::optional<WeakAlgorithm> weak = lookup(v.value);
      std::string text = weak ? weak->name
                         : v.origin && llvm::isa<clang::EnumConstantDecl>(v.origin) ? v.origin->getNameAsString()
                                                                                    : sourceText(*algArg, ctx, 40);
      int bits = 0;  // CryptGenKey/CryptDeriveKey: the key length is the upper 16 bits of dwFlags
      if ((name == "CryptGenKey" || name == "CryptDeriveKey") && call.getNumArgs() >= 4)
        if (std::optional<IntValue> flags = resolveInt(call.getArg(name == "CryptGenKey" ? 2 : 3), ctx))
          bits = static_cast<int>((flags->value >> 16) & 0xffff);
      // gcry_cipher_open's sound algorithms are recorded with their mode (below).
      if (inventoryCipher(text, weak.has_value()) && (weak || name != "gcry_cipher_open"))
        recordAsset({.kind = "algorithm", .name = text, .keyBits = bits, .weak = weak.has_value(),
                     .ruleId = weak ? kRule : "", .library = library, .api = name.str()},
                    call, ctx);
    }
    for (const IntValue &v : values.values)
      if (std::optional<WeakAlgorithm> weak = lookup(v.value)) {
        reportCipher(call, ctx, function + " selects", weak->name, library, values.runtimeChoice,
                     llvm::isa_and_nonnull<clang::VarDecl>(v.origin) ? v.origin : nullptr);
        return true;
      }
    return false;
  };

  if (name == "EVP_get_cipherbyname") return byName(arg(call, 0), "openssl");
  if (name == "EVP_CIPHER_fetch") return byName(arg(call, 1), "openssl");
  if (name == "BCryptOpenAlgorithmProvider") return byName(arg(call, 1), "windows-cng");
  if (name == "gcry_cipher_open") {
    std::optional<IntValue> mode = resolveInt(arg(call, 2), ctx);
    // The inventory names the mode with the algorithm: GCRY_CIPHER_AES256 + GCRY_CIPHER_MODE_GCM.
    if (std::optional<IntValue> algo = resolveInt(arg(call, 1), ctx);
        algo && !weakCipherByGcrypt(algo->value) && llvm::isa_and_nonnull<clang::EnumConstantDecl>(algo->origin)) {
      std::string text = algo->origin->getNameAsString();
      if (text == "GCRY_CIPHER_AES") text = "GCRY_CIPHER_AES128";  // libgcrypt's AES is AES-128
      if (mode && llvm::isa_and_nonnull<clang::EnumConstantDecl>(mode->origin)) text += " " + mode->origin->getNameAsString();
      bool ecb = mode && mode->value == kGcryModeEcb;
      if (inventoryCipher(text, ecb))
        recordAsset({.kind = "algorithm", .name = text, .weak = ecb, .ruleId = ecb ? kRule : "",
                     .library = "libgcrypt", .api = name.str()},
                    call, ctx);
    }
    if (byInt(arg(call, 1), "libgcrypt", weakCipherByGcrypt)) return;
    if (mode && mode->value == kGcryModeEcb)
      reportCipher(call, ctx, function + " selects", "ECB mode (GCRY_CIPHER_MODE_ECB)", "libgcrypt", false, nullptr);
    return;
  }
  if (name == "CryptGenKey" || name == "CryptDeriveKey") {
    byInt(arg(call, 1), "windows-cryptoapi", weakCipherByAlgId);
    return;
  }
  if (name == "CryptSetKeyParam" && call.getNumArgs() >= 3) {
    std::optional<IntValue> param = resolveInt(call.getArg(1), ctx);
    if (!param || param->value != kKpMode) return;
    PossibleInts modes = pointedToInts(call.getArg(2), enclosingBody(call, ctx), ctx);
    for (const IntValue &mode : modes.values)
      if (mode.value == kCryptModeEcb) {
        reportCipher(call, ctx, function + " sets KP_MODE to", "ECB mode (CRYPT_MODE_ECB)", "windows-cryptoapi",
                     modes.runtimeChoice, nullptr);
        return;
      }
    return;
  }
  if (name == "BCryptSetProperty" && call.getNumArgs() >= 3) {
    std::optional<AlgorithmName> property = resolveAlgorithmName(call.getArg(1), ctx);
    if (!property || property->text != "ChainingMode") return;
    std::vector<AlgorithmName> values = possibleAlgorithmNames(call.getArg(2), ctx);
    for (const AlgorithmName &value : values)
      if (llvm::StringRef(value.text).ends_with("ECB")) {
        reportCipher(call, ctx, function + " sets the chaining mode to", "ECB mode (" + value.text + ")",
                     "windows-cng", values.size() > 1, value.origin);
        return;
      }
    return;
  }
  if ((name == "RSA_public_encrypt" || name == "RSA_private_decrypt") && call.getNumArgs() == 5) {
    PossibleInts pads = possibleInts(call.getArg(4), ctx);
    for (const IntValue &pad : pads.values)
      if (isRsaPaddingWithoutOaep(pad.value)) {
        reportPadding(call, ctx, function + " uses " + std::string(paddingName(pad.value)), "openssl",
                      llvm::isa_and_nonnull<clang::VarDecl>(pad.origin) ? pad.origin : nullptr);
        return;
      }
    return;
  }
  if (name == "EVP_PKEY_CTX_set_rsa_padding" && call.getNumArgs() == 2) {
    PossibleInts pads = possibleInts(call.getArg(1), ctx);
    const IntValue *bad = nullptr;
    for (const IntValue &pad : pads.values)
      if (isRsaPaddingWithoutOaep(pad.value)) bad = &pad;
    for (const IntValue &pad : pads.values)
      if (pad.value == 4)  // RSA_PKCS1_OAEP_PADDING
        recordAsset({.kind = "algorithm", .name = "RSAES-OAEP", .library = "openssl", .api = name.str()}, call, ctx);
    if (!bad) return;
    // PKCS#1 v1.5 padding is right for signatures; only an encryption context counts.
    const clang::NamedDecl *pctx = designatedDecl(call.getArg(0));
    bool encryption = false;
    forEachCall(enclosingBody(call, ctx), [&](const clang::CallExpr &use) {
      llvm::StringRef n = calleeName(use);
      if ((n == "EVP_PKEY_encrypt_init" || n == "EVP_PKEY_decrypt_init" || n == "EVP_PKEY_encrypt_init_ex" ||
           n == "EVP_PKEY_decrypt_init_ex") &&
          use.getNumArgs() >= 1 && pctx && designatedDecl(use.getArg(0)) == pctx)
        encryption = true;
    });
    if (encryption)
      reportPadding(call, ctx, function + " sets " + std::string(paddingName(bad->value)) +
                                   " on an encryption context", "openssl",
                    llvm::isa_and_nonnull<clang::VarDecl>(bad->origin) ? bad->origin : nullptr);
    return;
  }
  if (name == "CryptEncrypt" && call.getNumArgs() >= 4) {
    std::optional<IntValue> flags = resolveInt(call.getArg(3), ctx);
    if (!flags || (flags->value & kCryptOaep)) return;
    // Only an RSA key: CryptGenKey(CALG_RSA_KEYX / AT_KEYEXCHANGE), CryptGetUserKey(AT_KEYEXCHANGE),
    // CryptImportPublicKeyInfo.
    const clang::NamedDecl *key = designatedDecl(call.getArg(0));
    if (!key) return;
    bool rsa = false;
    forEachCall(enclosingBody(call, ctx), [&](const clang::CallExpr &make) {
      llvm::StringRef n = calleeName(make);
      auto keyAt = [&](unsigned i) { return i < make.getNumArgs() && designatedDecl(make.getArg(i)) == key; };
      auto algIs = [&](unsigned i, std::initializer_list<int64_t> ids) {
        std::optional<IntValue> v = i < make.getNumArgs() ? resolveInt(make.getArg(i), ctx) : std::nullopt;
        if (!v) return false;
        for (int64_t id : ids)
          if (v->value == id) return true;
        return false;
      };
      if (n == "CryptGenKey" && keyAt(3) && algIs(1, {0xa400, 1})) rsa = true;
      if (n == "CryptGetUserKey" && keyAt(2) && algIs(1, {1})) rsa = true;
      if (n == "CryptImportPublicKeyInfo" && keyAt(3)) rsa = true;
    });
    if (rsa)
      reportPadding(call, ctx, function + " encrypts with an RSA key without CRYPT_OAEP (PKCS#1 v1.5 padding)",
                    "windows-cryptoapi", nullptr);
    return;
  }
  if ((name == "BCryptEncrypt" || name == "BCryptDecrypt") && call.getNumArgs() == 10) {
    std::optional<IntValue> flags = resolveInt(call.getArg(9), ctx);
    if (flags && (flags->value & kPadPkcs1) && !(flags->value & 0x4))
      reportPadding(call, ctx, function + " uses BCRYPT_PAD_PKCS1", "windows-cng", nullptr);
    return;
  }
  if ((name == "NCryptEncrypt" || name == "NCryptDecrypt") && call.getNumArgs() == 8) {
    std::optional<IntValue> flags = resolveInt(call.getArg(7), ctx);
    if (flags && (flags->value & kPadPkcs1))
      reportPadding(call, ctx, function + " uses NCRYPT_PAD_PKCS1_FLAG", "windows-cng", nullptr);
    return;
  }
}

void WeakCipherCheck::checkOid(const clang::Expr &value, clang::ASTContext &ctx) {
  for (const AlgorithmName &name : possibleAlgorithmNames(&value, ctx))
    if (std::optional<WeakAlgorithm> weak = weakCipherByOid(name.text)) {
      recordAsset({.kind = "algorithm", .name = weak->name, .weak = true, .ruleId = kRule,
                   .library = "windows-cryptoapi", .api = "pszObjId"},
                  value, ctx);
      reportCipher(value, ctx, "the CryptoAPI algorithm identifier is set to", weak->name, "windows-cryptoapi",
                   false, name.origin);
      return;
    }
}

void WeakCipherCheck::checkCryptoPP(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  if (construct.getConstructor()->isCopyOrMoveConstructor()) return;
  struct Known {
    const char *cls, *algorithm;
  };
  static const Known known[] = {
      {"CryptoPP::DES", "DES"},           {"CryptoPP::DES_EDE2", "two-key Triple DES"},
      {"CryptoPP::DES_EDE3", "Triple DES"}, {"CryptoPP::DES_XEX3", "DESX"},
      {"CryptoPP::Blowfish", "Blowfish"}, {"CryptoPP::RC2", "RC2"},
      {"CryptoPP::IDEA", "IDEA"},         {"CryptoPP::CAST128", "CAST5"},
      {"CryptoPP::Weak1::ARC4_Base", "RC4"}, {"CryptoPP::Weak1::MARC4_Base", "RC4"},
      {"CryptoPP::ECB_OneWay", "ECB mode"}, {"CryptoPP::PKCS_EncryptionPaddingScheme", "RSA PKCS#1 v1.5"},
  };
  const Known *hit = nullptr;
  TypeMatch match = findClassInType(construct.getType(), [&](const std::string &n) {
    for (const Known &k : known)
      if (n == k.cls) {
        hit = &k;
        return true;
      }
    return false;
  });
  if (!match.record || !hit) return;
  if (!llvm::StringRef(hit->algorithm).starts_with("RSA"))
    recordAsset({.kind = "algorithm", .name = hit->algorithm, .weak = true, .ruleId = kRule, .library = "cryptopp",
                 .api = match.record->getQualifiedNameAsString()},
                construct, ctx);
  std::string type = construct.getType().getUnqualifiedType().getAsString(ctx.getPrintingPolicy());
  if (llvm::StringRef(hit->algorithm).starts_with("RSA")) {
    reportPadding(construct, ctx, "this Crypto++ object encrypts with RSA PKCS#1 v1.5 padding (RSAES<PKCS1v15>)",
                  "cryptopp", nullptr);
    return;
  }
  reportCipher(construct, ctx, "this Crypto++ object uses", hit->algorithm + std::string(" (") + match.record->getQualifiedNameAsString() + ")",
               "cryptopp", false, nullptr);
}

}  // namespace attest::crypto
