#include "checks/crypto/WeakKeyCheck.h"
#include "checks/common/AlgorithmName.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/CryptoAlgorithms.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/TemplateTypes.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Regex.h"
#include "checks/common/AstWalk.h"

using namespace clang::ast_matchers;

namespace attest::crypto {
ATTEST_REGISTER_CHECK(WeakKeyCheck, "crypto/WeakKey", "crypto-weak-key");

// Key and parameter sizes below 2048 bits (kMinFactoringBits), and PBKDF2 iteration counts
// below kMinIterations, wherever the number comes from.
// Elliptic curves below 224 bits, by NID, wherever the NID comes from.
ATTEST_REGISTER_SINKS({.rule = "crypto-weak-key",
                       .apis = {"EC_KEY_new_by_curve_name", "EC_GROUP_new_by_curve_name"},
                       .arg = 0,
                       .minArgs = 1,
                       .maxArgs = 1,
                       .predicate = smallCurveNidPredicate(224),
                       .what = "the curve's NID",
                       .message = "{api} is given the curve {value}{through}: curves below 224 bits give less than "
                                  "112-bit security; use P-256 (prime256v1), P-384 or X25519",
                       .properties = {{"library", "openssl"}}},
                      {.rule = "crypto-weak-key",
                       .apis = {"EVP_PKEY_CTX_set_ec_paramgen_curve_nid"},
                       .arg = 1,
                       .minArgs = 2,
                       .maxArgs = 2,
                       .predicate = smallCurveNidPredicate(224),
                       .what = "the curve's NID",
                       .message = "{api} is given the curve {value}{through}: curves below 224 bits give less than "
                                  "112-bit security; use P-256 (prime256v1), P-384 or X25519",
                       .properties = {{"library", "openssl"}}});

ATTEST_REGISTER_SINKS(
    {.rule = "crypto-weak-key",
     .apis = {"RSA_generate_key_ex", "RSA_generate_multi_prime_key", "EVP_PKEY_CTX_set_rsa_keygen_bits",
              "DSA_generate_parameters_ex", "EVP_PKEY_CTX_set_dsa_paramgen_bits", "DH_generate_parameters_ex",
              "EVP_PKEY_CTX_set_dh_paramgen_prime_len"},
     .arg = 1,
     .minArgs = 2,
     .predicate = "int: < 2048",
     .what = "the key size in bits",
     .message = "{api} is given a key size of {value}{through}: below 2048 bits an RSA, DSA or DH key gives less "
                "than 112-bit security and is within reach of factoring / discrete-log attacks; use 3072 bits "
                "(2048 at the least)",
     .properties = {{"library", "openssl"}}},
    {.rule = "crypto-weak-key",
     .apis = {"RSA_generate_key", "DSA_generate_parameters", "DH_generate_parameters"},
     .arg = 0,
     .minArgs = 1,
     .predicate = "int: < 2048",
     .what = "the key size in bits",
     .message = "{api} is given a key size of {value}{through}: below 2048 bits an RSA, DSA or DH key gives less "
                "than 112-bit security and is within reach of factoring / discrete-log attacks; use 3072 bits "
                "(2048 at the least)",
     .properties = {{"library", "openssl"}}},
    {.rule = "crypto-weak-key",
     .apis = {"PKCS5_PBKDF2_HMAC", "PKCS5_PBKDF2_HMAC_SHA1"},
     .arg = 4,
     .minArgs = 5,
     .predicate = "int: < 10000",
     .what = "the iteration count",
     .message = "{api} derives a key with {value} PBKDF2 iterations{through}: far below what an offline guessing "
                "attack needs (OWASP: 600,000 for HMAC-SHA-256); use Argon2id, or PBKDF2 with at least that many",
     .properties = {{"library", "openssl"}}});

namespace {
constexpr const char *kRule = "crypto-weak-key";
constexpr int64_t kMinFactoringBits = 2048;   // RSA, DSA, DH (NIST SP 800-131A, CASA 4.1.3)
constexpr int kMinCurveBits = 224;            // elliptic curves
constexpr int64_t kMinIterations = 10000;     // below: an error whatever the PRF

// Where the key size is an argument: function, argument index, algorithm.
struct SizedKey {
  const char *function;
  unsigned arg;
  const char *algorithm;
};
const SizedKey kSizedKeys[] = {
    {"RSA_generate_key_ex", 1, "RSA"},        {"RSA_generate_key", 0, "RSA"},
    {"RSA_generate_multi_prime_key", 1, "RSA"}, {"EVP_PKEY_CTX_set_rsa_keygen_bits", 1, "RSA"},
    {"DSA_generate_parameters_ex", 1, "DSA"}, {"DSA_generate_parameters", 0, "DSA"},
    {"EVP_PKEY_CTX_set_dsa_paramgen_bits", 1, "DSA"}, {"DH_generate_parameters_ex", 1, "DH"},
    {"DH_generate_parameters", 0, "DH"},      {"EVP_PKEY_CTX_set_dh_paramgen_prime_len", 1, "DH"},
};

const char *const kOtherCalls[] = {
    "EVP_PKEY_Q_keygen", "EC_KEY_new_by_curve_name", "EC_GROUP_new_by_curve_name",
    "EC_GROUP_new_by_curve_name_ex", "EVP_PKEY_CTX_set_ec_paramgen_curve_nid", "EVP_PKEY_CTX_set_group_name",
    "PKCS5_PBKDF2_HMAC", "PKCS5_PBKDF2_HMAC_SHA1", "BCryptDeriveKeyPBKDF2", "gcry_kdf_derive",
    "CryptGenKey", "BCryptGenerateKeyPair", "gcry_sexp_build", "gcry_sexp_new", "gcry_sexp_sscan"};

const clang::Expr *arg(const clang::CallExpr &call, unsigned index) {
  return index < call.getNumArgs() ? call.getArg(index) : nullptr;
}



std::string withCommas(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// OWASP Password Storage Cheat Sheet: PBKDF2 iterations per PRF.
int64_t recommendedIterations(llvm::StringRef prf) {
  std::string name = normalizeAlgorithmName(prf);
  llvm::StringRef n(name);
  if (n.contains("sha512")) return 210000;
  if (n.contains("sha1") || n == "sha") return 1300000;
  return 600000;
}

// The digest an EVP_MD expression names: EVP_sha256(), EVP_MD_fetch(.., "SHA256", ..).
std::string digestName(const clang::Expr *md, clang::ASTContext &ctx) {
  if (!md) return {};
  const auto *call = llvm::dyn_cast<clang::CallExpr>(md->IgnoreParenCasts());
  if (!call) return {};
  llvm::StringRef name = calleeName(*call);
  if (name.starts_with("EVP_") && call->getNumArgs() == 0) return name.drop_front(4).upper();
  if (name == "EVP_MD_fetch" || name == "EVP_get_digestbyname") {
    const clang::Expr *nameArg = call->getArg(name == "EVP_MD_fetch" ? 1 : 0);
    if (std::optional<AlgorithmName> n = resolveAlgorithmName(nameArg, ctx)) return n->text;
  }
  return {};
}

std::string gcryptDigest(int64_t algo) {
  switch (algo) {
  case 2: return "SHA1";
  case 8: return "SHA256";
  case 9: return "SHA384";
  case 10: return "SHA512";
  case 11: return "SHA224";
  default: return {};
  }
}

// DH group names carry their size: "modp_1536", "ffdhe2048", "dh_1024_160".
std::optional<int64_t> dhGroupBits(llvm::StringRef name) {
  llvm::SmallVector<llvm::StringRef, 3> m;
  if (llvm::Regex("^(modp_|ffdhe|dh_)([0-9]+)", llvm::Regex::IgnoreCase).match(name, &m)) {
    int64_t bits = 0;
    if (!m[2].getAsInteger(10, bits)) return bits;
  }
  return std::nullopt;
}

// The name the user wrote: EVP_RSA_gen(512) is a macro around EVP_PKEY_Q_keygen.
std::string writtenName(const clang::CallExpr &call, clang::ASTContext &ctx) {
  clang::SourceLocation loc = call.getBeginLoc();
  if (loc.isMacroID()) {
    llvm::StringRef macro = clang::Lexer::getImmediateMacroName(loc, ctx.getSourceManager(), ctx.getLangOpts());
    if (macro.starts_with("EVP_")) return macro.str() + "()";
  }
  return calleeName(call).str() + "()";
}

}  // namespace

void WeakKeyCheck::registerMatchers(MatchFinder &finder) {
  std::vector<std::string> names;
  for (const SizedKey &k : kSizedKeys) names.push_back(std::string("::") + k.function);
  for (const char *f : kOtherCalls) names.push_back(std::string("::") + f);
  std::vector<llvm::StringRef> refs(names.begin(), names.end());
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(refs)))).bind("call"), this);
  // Crypto++: key.GenerateRandomWithKeySize(rng, bits), key.Initialize(rng, bits),
  // PKCS5_PBKDF2_HMAC<H>().DeriveKey(...), ASN1::secp160r1().
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("GenerateRandomWithKeySize", "Initialize",
                                                                      "DeriveKey"),
                                                           ofClass(matchesName("^::CryptoPP::")))))
                        .bind("call"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(matchesName("^::CryptoPP::ASN1::")))).bind("call"), this);
}

void WeakKeyCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call")) checkCall(*call, *result.Context);
}

void WeakKeyCheck::checkKeyBits(const clang::CallExpr &call, const clang::Expr *bitsArg, const std::string &algorithm,
                                const std::string &library, clang::ASTContext &ctx, int64_t shift) {
  if (!bitsArg) return;
  PossibleInts values = possibleInts(bitsArg, ctx);
  for (const IntValue &v : values.values) {
    int64_t bits = shift ? (v.value >> shift) & 0xffff : v.value;
    if (bits > 0 && bits <= 65536)  // the inventory (--cbom) lists every key size, sound or weak
      recordAsset({.kind = "algorithm", .name = algorithm, .keyBits = static_cast<int>(bits),
                   .weak = bits < kMinFactoringBits, .ruleId = bits < kMinFactoringBits ? kRule : "",
                   .library = library, .api = calleeName(call).str()},
                  call, ctx);
    if (bits <= 0 || bits >= kMinFactoringBits) continue;
    std::string function = writtenName(call, ctx);
    std::string message = function + " makes a " + std::to_string(bits) + "-bit " + algorithm +
                          " key: below 2048 bits it gives less than 112-bit security and is within reach of "
                          "factoring / discrete-log attacks; use 3072 bits (2048 at the least)";
    std::optional<Level> level;
    if (values.runtimeChoice) {
      message = function + " may make a " + std::to_string(bits) + "-bit " + algorithm +
                " key on one run-time path: use 3072 bits (2048 at the least)";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = library;
      finding->properties["algorithm"] = algorithm;
      finding->properties["keyBits"] = std::to_string(bits);
      if (llvm::isa_and_nonnull<clang::VarDecl>(v.origin)) addRelated(*finding, *v.origin, ctx, "the key size is defined here");
    }
    return;
  }
}

void WeakKeyCheck::checkCurveNid(const clang::CallExpr &call, const clang::Expr *nidArg, clang::ASTContext &ctx) {
  if (!nidArg) return;
  PossibleInts values = possibleInts(nidArg, ctx);
  for (const IntValue &v : values.values) {
    std::optional<int> bits = curveBitsByNid(v.value);
    if (bits)
      recordAsset({.kind = "algorithm", .name = "EC", .keyBits = *bits, .detail = curveNameByNid(v.value),
                   .weak = *bits < kMinCurveBits, .ruleId = *bits < kMinCurveBits ? kRule : "",
                   .library = "openssl", .api = calleeName(call).str()},
                  call, ctx);
    if (!bits || *bits >= kMinCurveBits) continue;
    std::string function = writtenName(call, ctx);
    std::string curve = curveNameByNid(v.value);
    std::string message = function + " uses the " + std::to_string(*bits) + "-bit curve " + curve +
                          ": curves below 224 bits give less than 112-bit security; use P-256 (prime256v1), "
                          "P-384 or X25519";
    std::optional<Level> level;
    if (values.runtimeChoice) {
      message = function + " may use the " + std::to_string(*bits) + "-bit curve " + curve +
                " on one run-time path; use P-256, P-384 or X25519";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = "openssl";
      finding->properties["algorithm"] = "EC " + curve;
      finding->properties["keyBits"] = std::to_string(*bits);
      if (llvm::isa_and_nonnull<clang::VarDecl>(v.origin)) addRelated(*finding, *v.origin, ctx, "the curve is defined here");
    }
    return;
  }
}

void WeakKeyCheck::checkCurveName(const clang::CallExpr &call, const clang::Expr *nameArg, const std::string &library,
                                  clang::ASTContext &ctx) {
  if (!nameArg) return;
  // EVP_EC_gen(curve) expands to EVP_PKEY_Q_keygen(NULL, NULL, "EC", (char *)(strstr(curve, ""))).
  if (const auto *inner = llvm::dyn_cast<clang::CallExpr>(nameArg->IgnoreParenCasts());
      inner && calleeName(*inner) == "strstr" && inner->getNumArgs() == 2)
    nameArg = inner->getArg(0);
  std::vector<AlgorithmName> names = possibleAlgorithmNames(nameArg, ctx);
  for (const AlgorithmName &name : names) {
    std::string function = writtenName(call, ctx);
    std::string message;
    std::string bitsText;
    if (std::optional<int64_t> dh = dhGroupBits(name.text))
      recordAsset({.kind = "algorithm", .name = name.text, .primitive = "key-agree", .keyBits = static_cast<int>(*dh),
                   .weak = *dh < kMinFactoringBits, .ruleId = *dh < kMinFactoringBits ? kRule : "",
                   .library = library, .api = calleeName(call).str()},
                  call, ctx);
    else if (std::optional<int> curve = curveBitsByName(name.text))
      recordAsset({.kind = "algorithm", .name = "EC", .keyBits = *curve, .detail = name.text,
                   .weak = *curve < kMinCurveBits, .ruleId = *curve < kMinCurveBits ? kRule : "",
                   .library = library, .api = calleeName(call).str()},
                  call, ctx);
    if (std::optional<int64_t> dh = dhGroupBits(name.text)) {
      if (*dh >= kMinFactoringBits) continue;
      bitsText = std::to_string(*dh);
      message = function + " uses the " + bitsText + "-bit Diffie-Hellman group " + name.text +
                ": below 2048 bits it is within reach of discrete-log precomputation (Logjam); use ffdhe3072 or an "
                "elliptic-curve group";
    } else if (std::optional<int> bits = curveBitsByName(name.text)) {
      if (*bits >= kMinCurveBits) continue;
      bitsText = std::to_string(*bits);
      message = function + " uses the " + bitsText + "-bit curve " + name.text +
                ": curves below 224 bits give less than 112-bit security; use P-256, P-384 or X25519";
    } else {
      continue;
    }
    std::optional<Level> level;
    if (names.size() > 1) {
      message = function + " may use " + name.text + " (" + bitsText + " bits) on one run-time path; use P-256, "
                "P-384, X25519 or a 3072-bit group";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = library;
      finding->properties["algorithm"] = name.text;
      finding->properties["keyBits"] = bitsText;
      if (name.origin) addRelated(*finding, *name.origin, ctx, "the group name is defined here");
    }
    return;
  }
}

void WeakKeyCheck::checkIterations(const clang::CallExpr &call, const clang::Expr *iterArg, const std::string &prf,
                                   const std::string &library, clang::ASTContext &ctx) {
  if (!iterArg) return;
  PossibleInts values = possibleInts(iterArg, ctx);
  int64_t recommended = recommendedIterations(prf);
  std::string prfText = prf.empty() ? "an unresolved PRF (assumed HMAC-SHA256)" : "HMAC-" + prf;
  for (const IntValue &v : values.values) {
    recordAsset({.kind = "algorithm", .name = "PBKDF2" + (prf.empty() ? std::string() : "-HMAC-" + prf),
                 .detail = std::to_string(v.value) + " iterations", .weak = v.value < recommended,
                 .ruleId = v.value < recommended ? kRule : "", .library = library, .api = calleeName(call).str()},
                call, ctx);
    if (v.value >= recommended) continue;
    std::string function = writtenName(call, ctx);
    std::string message;
    std::optional<Level> level;
    if (v.value < kMinIterations) {
      message = function + " derives a key with " + withCommas(v.value) + " PBKDF2 iterations of " + prfText +
                ": far below 10,000, an offline attacker tests passwords almost as fast as with a plain hash "
                "(error); OWASP recommends " + withCommas(recommended) + ", or use Argon2id or scrypt";
      level = Level::Error;
    } else {
      message = function + " derives a key with " + withCommas(v.value) + " PBKDF2 iterations of " + prfText +
                ": below the " + withCommas(recommended) + " that OWASP recommends for this PRF (warning: at least "
                "10,000); raise it, or use Argon2id or scrypt";
      level = Level::Warning;
    }
    if (values.runtimeChoice) {
      message = function + " may run only " + withCommas(v.value) + " PBKDF2 iterations on one run-time path; "
                "OWASP recommends " + withCommas(recommended) + " for " + prfText;
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = library;
      finding->properties["algorithm"] = "PBKDF2" + (prf.empty() ? std::string() : "-HMAC-" + prf);
      finding->properties["iterations"] = std::to_string(v.value);
      if (llvm::isa_and_nonnull<clang::VarDecl>(v.origin))
        addRelated(*finding, *v.origin, ctx, "the iteration count is defined here");
    }
    return;
  }
}

void WeakKeyCheck::checkSexp(const clang::CallExpr &call, const clang::Expr *formatArg, clang::ASTContext &ctx) {
  std::optional<AlgorithmName> text = resolveAlgorithmName(formatArg, ctx);
  if (!text || !llvm::StringRef(text->text).contains("genkey")) return;
  llvm::StringRef s(text->text);
  llvm::SmallVector<llvm::StringRef, 4> m;
  // (genkey (rsa (nbits 4:1024))) or (nbits 1024); (genkey (ecc (curve secp192r1)))
  if (llvm::Regex("\\((rsa|dsa|elg|dh)[^a-z].*\\(nbits +([0-9]+:)?\"?([0-9]+)", llvm::Regex::IgnoreCase).match(s, &m)) {
    int64_t bits = 0;
    if (!m[3].getAsInteger(10, bits) && bits > 0 && bits < kMinFactoringBits) {
      std::string algorithm = m[1].upper();
      if (Finding *finding = report(kRule, call, ctx,
                                    calleeName(call).str() + "() asks gcry_pk_genkey for a " + std::to_string(bits) +
                                        "-bit " + algorithm + " key: below 2048 bits it gives less than 112-bit "
                                        "security; use 3072 bits (2048 at the least)")) {
        finding->properties["library"] = "libgcrypt";
        finding->properties["algorithm"] = algorithm;
        finding->properties["keyBits"] = std::to_string(bits);
      }
    }
    return;
  }
  if (llvm::Regex("\\(curve +([0-9]+:)?\"?([A-Za-z0-9 _-]+)", llvm::Regex::IgnoreCase).match(s, &m)) {
    std::string curve = m[2].rtrim("\" ").str();
    std::optional<int> bits = curveBitsByName(curve);
    if (bits && *bits < kMinCurveBits)
      if (Finding *finding = report(kRule, call, ctx,
                                    calleeName(call).str() + "() asks gcry_pk_genkey for the " +
                                        std::to_string(*bits) + "-bit curve " + curve +
                                        ": curves below 224 bits give less than 112-bit security; use NIST P-256, "
                                        "P-384 or Curve25519")) {
        finding->properties["library"] = "libgcrypt";
        finding->properties["algorithm"] = "EC " + curve;
        finding->properties["keyBits"] = std::to_string(*bits);
      }
  }
}

void WeakKeyCheck::checkCall(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  if (name.empty()) return;
  for (const SizedKey &k : kSizedKeys)
    if (name == k.function) return checkKeyBits(call, arg(call, k.arg), k.algorithm, "openssl", ctx);

  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    const clang::CXXRecordDecl *cls =
        member->getImplicitObjectArgument()->IgnoreImpCasts()->getType()->getPointeeCXXRecordDecl();
    if (!cls) cls = member->getImplicitObjectArgument()->IgnoreImpCasts()->getType()->getAsCXXRecordDecl();
    std::string className = cls ? cls->getQualifiedNameAsString() : "";
    if (name == "GenerateRandomWithKeySize" || name == "Initialize") {
      // key.Initialize(rng, modulusBits[, e]): an RNG, then an integer size.
      if (call.getNumArgs() < 2 || !call.getArg(1)->IgnoreImpCasts()->getType()->isIntegerType()) return;
      const clang::FunctionDecl *method = call.getDirectCallee();
      if (!method || method->getNumParams() < 2 ||
          !findClassInType(method->getParamDecl(0)->getType(),
                           [](const std::string &n) { return n == "CryptoPP::RandomNumberGenerator"; })
               .record)
        return;
      std::string algorithm = llvm::StringRef(className).contains("RSA") ? "RSA"
                              : llvm::StringRef(className).contains("DSA") ? "DSA"
                                                                           : "discrete-log (DSA/DH/ElGamal)";
      return checkKeyBits(call, call.getArg(1), algorithm, "cryptopp", ctx);
    }
    if (name == "DeriveKey" && call.getNumArgs() >= 8) {
      TypeMatch prf = findClassInType(member->getImplicitObjectArgument()->getType(),
                                      [](const std::string &n) { return llvm::StringRef(n).starts_with("CryptoPP::SHA"); });
      bool pbkdf2 = llvm::StringRef(className).contains("PKCS5_PBKDF2_HMAC");
      if (!pbkdf2) return;
      return checkIterations(call, call.getArg(7), prf.record ? prf.record->getNameAsString() : "", "cryptopp", ctx);
    }
    return;
  }

  if (const clang::FunctionDecl *fn = call.getDirectCallee()) {
    if (fn->getQualifiedNameAsString().rfind("CryptoPP::ASN1::", 0) == 0 && call.getNumArgs() == 0) {
      std::optional<int> bits = curveBitsByName(name);
      if (bits && *bits < kMinCurveBits)
        if (Finding *finding = report(kRule, call, ctx,
                                      "CryptoPP::ASN1::" + name.str() + "() is a " + std::to_string(*bits) +
                                          "-bit curve: curves below 224 bits give less than 112-bit security; use "
                                          "ASN1::secp256r1(), ASN1::secp384r1() or X25519")) {
          finding->properties["library"] = "cryptopp";
          finding->properties["algorithm"] = "EC " + name.str();
          finding->properties["keyBits"] = std::to_string(*bits);
        }
      return;
    }
  }

  if (name == "EVP_PKEY_Q_keygen" && call.getNumArgs() >= 4) {
    std::optional<AlgorithmName> type = resolveAlgorithmName(call.getArg(2), ctx);
    if (!type) return;
    if (type->text == "RSA" || type->text == "RSA-PSS") return checkKeyBits(call, call.getArg(3), "RSA", "openssl", ctx);
    if (type->text == "EC" || type->text == "SM2") return checkCurveName(call, call.getArg(3), "openssl", ctx);
    return;
  }
  if (name == "EC_KEY_new_by_curve_name" || name == "EC_GROUP_new_by_curve_name")
    return checkCurveNid(call, arg(call, 0), ctx);
  if (name == "EC_GROUP_new_by_curve_name_ex") return checkCurveNid(call, arg(call, 2), ctx);
  if (name == "EVP_PKEY_CTX_set_ec_paramgen_curve_nid") return checkCurveNid(call, arg(call, 1), ctx);
  if (name == "EVP_PKEY_CTX_set_group_name") return checkCurveName(call, arg(call, 1), "openssl", ctx);
  if (name == "PKCS5_PBKDF2_HMAC") return checkIterations(call, arg(call, 4), digestName(arg(call, 5), ctx), "openssl", ctx);
  if (name == "PKCS5_PBKDF2_HMAC_SHA1") return checkIterations(call, arg(call, 4), "SHA1", "openssl", ctx);
  if (name == "gcry_kdf_derive" && call.getNumArgs() == 9) {
    std::optional<IntValue> algo = resolveInt(call.getArg(2), ctx);
    if (!algo || algo->value != 34) return;  // GCRY_KDF_PBKDF2
    std::optional<IntValue> sub = resolveInt(call.getArg(3), ctx);
    return checkIterations(call, call.getArg(6), sub ? gcryptDigest(sub->value) : "", "libgcrypt", ctx);
  }
  if (name == "BCryptDeriveKeyPBKDF2" && call.getNumArgs() == 9) {
    // The PRF is the provider the handle was opened with.
    std::string prf;
    const clang::NamedDecl *handle = designatedDecl(call.getArg(0));
    forEachCall(enclosingBody(call, ctx), [&](const clang::CallExpr &open) {
      if (calleeName(open) == "BCryptOpenAlgorithmProvider" && open.getNumArgs() == 4 && handle &&
          designatedDecl(open.getArg(0)) == handle)
        if (std::optional<AlgorithmName> n = resolveAlgorithmName(open.getArg(1), ctx)) prf = n->text;
    });
    return checkIterations(call, call.getArg(5), prf, "windows-cng", ctx);
  }
  if (name == "CryptGenKey" && call.getNumArgs() == 4) {
    // The key length is the upper 16 bits of dwFlags (0 = the provider's default).
    std::optional<IntValue> algid = resolveInt(call.getArg(1), ctx);
    if (!algid) return;
    const char *algorithm = nullptr;
    switch (algid->value) {
    case 1: case 0xa400: case 0x2400: algorithm = "RSA"; break;  // AT_KEYEXCHANGE, CALG_RSA_KEYX, CALG_RSA_SIGN
    case 2: algorithm = "RSA/DSA"; break;                         // AT_SIGNATURE
    case 0x2200: algorithm = "DSA"; break;                        // CALG_DSS_SIGN
    case 0xaa01: case 0xaa02: algorithm = "DH"; break;            // CALG_DH_SF, CALG_DH_EPHEM
    default: return;
    }
    return checkKeyBits(call, call.getArg(2), algorithm, "windows-cryptoapi", ctx, 16);
  }
  if (name == "BCryptGenerateKeyPair" && call.getNumArgs() == 4) {
    const clang::NamedDecl *handle = designatedDecl(call.getArg(0));
    std::string algorithm;
    forEachCall(enclosingBody(call, ctx), [&](const clang::CallExpr &open) {
      if (calleeName(open) == "BCryptOpenAlgorithmProvider" && open.getNumArgs() == 4 && handle &&
          designatedDecl(open.getArg(0)) == handle)
        if (std::optional<AlgorithmName> n = resolveAlgorithmName(open.getArg(1), ctx)) algorithm = n->text;
    });
    if (algorithm == "RSA" || algorithm == "DSA" || algorithm == "DH")
      return checkKeyBits(call, call.getArg(2), algorithm, "windows-cng", ctx);
    return;
  }
  if (name == "gcry_sexp_build" || name == "gcry_sexp_sscan") return checkSexp(call, arg(call, 2), ctx);
  if (name == "gcry_sexp_new") return checkSexp(call, arg(call, 1), ctx);
}

}  // namespace attest::crypto
