#include "checks/crypto/WeakHashCheck.h"
#include "checks/common/AlgorithmName.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/CryptoAlgorithms.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/RuntimeChoice.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/TemplateTypes.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringSwitch.h"
#include "checks/common/AstWalk.h"

#include <cctype>

using namespace clang::ast_matchers;

namespace attest::crypto {
ATTEST_REGISTER_CHECK(WeakHashCheck, "crypto/WeakHash", "crypto-weak-hash");

ATTEST_REGISTER_SINKS({.rule = "crypto-weak-hash",
                       .apis = {"EVP_get_digestbyname"},
                       .arg = 0,
                       .minArgs = 1,
                       .maxArgs = 1,
                       .predicate = "weak-digest-name",
                       .what = "the digest name",
                       .message = "{api} selects {value}{through}{detail}",
                       .properties = {{"library", "openssl"}}},
                      {.rule = "crypto-weak-hash",
                       .apis = {"EVP_MD_fetch", "EVP_Q_digest"},
                       .arg = 1,
                       .minArgs = 2,
                       .predicate = "weak-digest-name",
                       .what = "the digest name",
                       .message = "{api} selects {value}{through}{detail}",
                       .properties = {{"library", "openssl"}}},
                      // OpenSSL 3 signatures name their digest: EVP_DigestSignInit_ex(ctx, pctx, "SHA1", ...).
                      {.rule = "crypto-weak-hash",
                       .apis = {"EVP_DigestSignInit_ex", "EVP_DigestVerifyInit_ex"},
                       .arg = 2,
                       .minArgs = 3,
                       .predicate = "weak-digest-name",
                       .what = "the digest name",
                       .message = "{api} signs with {value}{through}{detail}",
                       .properties = {{"library", "openssl"}}});

namespace {
constexpr const char *kRule = "crypto-weak-hash";
constexpr const char *kPasswordAdvice =
    "use a password hashing function (Argon2id, scrypt, bcrypt, or PBKDF2 with a high iteration count)";

// Functions whose name is the algorithm: EVP_md5(), MD5(d, n, md), MD5_Init(&c).
struct NamedFunction {
  const char *function;
  const char *algorithm;
  int dataArg;    // one-shot input, -1 when none
  int handleArg;  // the context it initialises, -1 when none
  bool weak;
};
const NamedFunction kNamedFunctions[] = {
    {"EVP_md5", "MD5", -1, -1, true},          {"EVP_md4", "MD4", -1, -1, true},
    {"EVP_md2", "MD2", -1, -1, true},          {"EVP_sha1", "SHA-1", -1, -1, true},
    {"EVP_ripemd160", "RIPEMD-160", -1, -1, true}, {"EVP_md5_sha1", "MD5-SHA1", -1, -1, true},
    {"EVP_mdc2", "MDC-2", -1, -1, true},
    {"MD5", "MD5", 0, -1, true},               {"MD4", "MD4", 0, -1, true},
    {"MD2", "MD2", 0, -1, true},               {"SHA1", "SHA-1", 0, -1, true},
    {"RIPEMD160", "RIPEMD-160", 0, -1, true},  {"MDC2", "MDC-2", 0, -1, true},
    {"MD5_Init", "MD5", -1, 0, true},          {"MD4_Init", "MD4", -1, 0, true},
    {"MD2_Init", "MD2", -1, 0, true},          {"SHA1_Init", "SHA-1", -1, 0, true},
    {"RIPEMD160_Init", "RIPEMD-160", -1, 0, true}, {"MDC2_Init", "MDC-2", -1, 0, true},
    // Sound digests: only a finding when a password goes in.
    {"EVP_sha224", "SHA-224", -1, -1, false},  {"EVP_sha256", "SHA-256", -1, -1, false},
    {"EVP_sha384", "SHA-384", -1, -1, false},  {"EVP_sha512", "SHA-512", -1, -1, false},
    {"EVP_sha512_256", "SHA-512/256", -1, -1, false}, {"EVP_sha3_256", "SHA3-256", -1, -1, false},
    {"EVP_sha3_512", "SHA3-512", -1, -1, false}, {"EVP_blake2b512", "BLAKE2b-512", -1, -1, false},
    {"EVP_blake2s256", "BLAKE2s-256", -1, -1, false}, {"EVP_sm3", "SM3", -1, -1, false},
    {"SHA224", "SHA-224", 0, -1, false},       {"SHA256", "SHA-256", 0, -1, false},
    {"SHA384", "SHA-384", 0, -1, false},       {"SHA512", "SHA-512", 0, -1, false},
    {"SHA224_Init", "SHA-224", -1, 0, false},  {"SHA256_Init", "SHA-256", -1, 0, false},
    {"SHA384_Init", "SHA-384", -1, 0, false},  {"SHA512_Init", "SHA-512", -1, 0, false},
};

// Calls that feed data into a digest: handle argument (or -1), data argument,
// the argument that selects the algorithm (or -1).
struct Feed {
  const char *function;
  int handleArg, dataArg, algorithmArg;
};
const Feed kFeeds[] = {
    {"EVP_DigestUpdate", 0, 1, -1}, {"MD5_Update", 0, 1, -1},     {"MD4_Update", 0, 1, -1},
    {"SHA1_Update", 0, 1, -1},      {"SHA224_Update", 0, 1, -1},  {"SHA256_Update", 0, 1, -1},
    {"SHA384_Update", 0, 1, -1},    {"SHA512_Update", 0, 1, -1},  {"RIPEMD160_Update", 0, 1, -1},
    {"gcry_md_write", 0, 1, -1},    {"CryptHashData", 0, 1, -1},  {"BCryptHashData", 0, 1, -1},
    {"EVP_Digest", -1, 0, 4},       {"BCryptHash", 0, 3, -1},
};

const char *const kSelectorFunctions[] = {
    "EVP_get_digestbyname", "EVP_MD_fetch", "EVP_Q_digest", "EVP_DigestSignInit_ex",
    "EVP_DigestVerifyInit_ex", "gcry_md_open", "gcry_md_enable", "gcry_md_hash_buffer",
    "gcry_md_hash_buffers", "CryptCreateHash", "BCryptOpenAlgorithmProvider", "CryptHashCertificate2"};

// Where a digest is only used as HMAC, OAEP/MGF1 or KDF hash, SHA-1 and MD5 are
// not broken by collisions; still worth a note.
bool isKeyedContext(llvm::StringRef function) {
  return llvm::StringSwitch<bool>(function)
      .Cases("HMAC", "HMAC_Init_ex", "HMAC_Init", "PKCS5_PBKDF2_HMAC", "EVP_PKEY_CTX_set_rsa_oaep_md", true)
      .Cases("EVP_PKEY_CTX_set_rsa_mgf1_md", "EVP_PKEY_CTX_set_hkdf_md", "EVP_PKEY_CTX_set_tls1_prf_md", true)
      .Default(false);
}

bool isDigestInit(llvm::StringRef function) {
  return function == "EVP_DigestInit_ex" || function == "EVP_DigestInit" || function == "EVP_DigestInit_ex2";
}

struct Selection {
  const clang::Stmt *at = nullptr;
  std::string algorithm;
  std::string library;
  bool weak = false;
  bool keyed = false;          // HMAC / OAEP / MGF1 / KDF use
  bool runtimeChoice = false;  // one branch of cond ? a : b
  const clang::Expr *data = nullptr;            // one-shot input
  const clang::NamedDecl *handle = nullptr;     // the context it sets up
  const clang::NamedDecl *storedIn = nullptr;   // `const EVP_MD *md = EVP_md5();`
  const clang::NamedDecl *origin = nullptr;     // a constant that held the name
};

const clang::Expr *arg(const clang::CallExpr &call, int index) {
  return index >= 0 && static_cast<unsigned>(index) < call.getNumArgs() ? call.getArg(index) : nullptr;
}

// The first enclosing node that is not a cast or parenthesis.
clang::DynTypedNode parentSkippingCasts(const clang::Stmt &node, clang::ASTContext &ctx) {
  clang::DynTypedNodeList parents = ctx.getParents(node);
  while (!parents.empty()) {
    const clang::Expr *e = parents[0].get<clang::Expr>();
    if (!e || !(llvm::isa<clang::CastExpr>(e) || llvm::isa<clang::ParenExpr>(e))) return parents[0];
    parents = ctx.getParents(*e);
  }
  return {};
}

bool contains(const clang::Stmt *haystack, const clang::Stmt *needle) {
  if (!haystack) return false;
  if (haystack == needle) return true;
  for (const clang::Stmt *child : haystack->children())
    if (contains(child, needle)) return true;
  return false;
}


// Fills handle/storedIn/keyed for a digest object (EVP_md5(), EVP_MD_fetch(...)).
void placeDigestObject(Selection &sel, const clang::CallExpr &call, clang::ASTContext &ctx) {
  clang::DynTypedNode parent = parentSkippingCasts(call, ctx);
  if (const auto *outer = parent.get<clang::CallExpr>()) {
    llvm::StringRef name = calleeName(*outer);
    if (isKeyedContext(name)) sel.keyed = true;
    if (isDigestInit(name) && outer->getNumArgs() >= 2) sel.handle = designatedDecl(outer->getArg(0));
  } else if (const auto *var = parent.get<clang::VarDecl>()) {
    sel.storedIn = var;
  }
  if (!sel.storedIn) return;
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  if (!fn || !fn->getBody()) return;
  forEachCall(fn->getBody(), [&](const clang::CallExpr &use) {
    llvm::StringRef name = calleeName(use);
    for (unsigned i = 0; i < use.getNumArgs(); ++i) {
      if (designatedDecl(use.getArg(i)) != sel.storedIn) continue;
      if (isKeyedContext(name)) sel.keyed = true;
      if (isDigestInit(name) && i == 1) sel.handle = designatedDecl(use.getArg(0));
    }
  });
}

std::vector<Selection> fromNames(const clang::CallExpr &call, const clang::Expr *nameArg, clang::ASTContext &ctx,
                                 const char *library) {
  std::vector<Selection> out;
  if (!nameArg) return out;
  // EVP_get_digestbynid(nid) expands to EVP_get_digestbyname(OBJ_nid2sn(nid)).
  if (const auto *inner = llvm::dyn_cast<clang::CallExpr>(nameArg->IgnoreParenCasts());
      inner && calleeName(*inner) == "OBJ_nid2sn" && inner->getNumArgs() == 1) {
    PossibleInts nids = possibleInts(inner->getArg(0), ctx);
    for (const IntValue &nid : nids.values) {
      Selection sel;
      sel.at = &call;
      sel.library = library;
      if (std::optional<WeakAlgorithm> weak = weakHashByNid(nid.value)) {
        sel.weak = true;
        sel.algorithm = weak->name;
      }
      sel.runtimeChoice = nids.runtimeChoice;
      if (llvm::isa_and_nonnull<clang::VarDecl>(nid.origin)) sel.origin = nid.origin;
      out.push_back(sel);
    }
    return out;
  }
  std::vector<AlgorithmName> names = possibleAlgorithmNames(nameArg, ctx);
  for (const AlgorithmName &name : names) {
    Selection sel;
    sel.at = &call;
    sel.library = library;
    sel.origin = name.origin;
    sel.runtimeChoice = names.size() > 1;
    if (std::optional<WeakAlgorithm> weak = weakHashByName(name.text)) {
      sel.weak = true;
      sel.algorithm = weak->name + " (\"" + name.text + "\")";
      sel.keyed = weak->hmac;
    } else if (isFastDigestName(name.text)) {
      sel.algorithm = name.text;
    } else {
      continue;
    }
    out.push_back(sel);
  }
  return out;
}

std::vector<Selection> fromInts(const clang::CallExpr &call, const clang::Expr *algArg, clang::ASTContext &ctx,
                                const char *library,
                                std::optional<WeakAlgorithm> (*lookup)(int64_t)) {
  std::vector<Selection> out;
  PossibleInts values = possibleInts(algArg, ctx);
  for (const IntValue &value : values.values) {
    Selection sel;
    sel.at = &call;
    sel.library = library;
    sel.runtimeChoice = values.runtimeChoice;
    if (llvm::isa_and_nonnull<clang::VarDecl>(value.origin)) sel.origin = value.origin;
    if (std::optional<WeakAlgorithm> weak = lookup(value.value)) {
      sel.weak = true;
      sel.algorithm = weak->name;
    } else if (value.origin && llvm::isa<clang::EnumConstantDecl>(value.origin)) {
      sel.algorithm = value.origin->getNameAsString();
    } else {
      sel.algorithm = sourceText(*algArg, ctx, 40);
    }
    out.push_back(sel);
  }
  return out;
}

// Every digest selection a call makes (usually zero or one).
std::vector<Selection> selectionsOf(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  if (name.empty()) return {};
  for (const NamedFunction &f : kNamedFunctions) {
    if (name != f.function) continue;
    Selection sel;
    sel.at = &call;
    sel.algorithm = f.algorithm;
    sel.weak = f.weak;
    sel.library = "openssl";
    sel.data = arg(call, f.dataArg);
    if (const clang::Expr *handle = arg(call, f.handleArg)) sel.handle = designatedDecl(handle);
    if (name.starts_with("EVP_")) placeDigestObject(sel, call, ctx);
    return {sel};
  }
  std::vector<Selection> out;
  if (name == "EVP_get_digestbyname") out = fromNames(call, arg(call, 0), ctx, "openssl");
  else if (name == "EVP_MD_fetch") out = fromNames(call, arg(call, 1), ctx, "openssl");
  else if (name == "EVP_Q_digest") {
    out = fromNames(call, arg(call, 1), ctx, "openssl");
    for (Selection &sel : out) sel.data = arg(call, 3);
  } else if (name == "EVP_DigestSignInit_ex" || name == "EVP_DigestVerifyInit_ex") {
    out = fromNames(call, arg(call, 2), ctx, "openssl");
  } else if (name == "gcry_md_open" || name == "gcry_md_enable") {
    out = fromInts(call, arg(call, 1), ctx, "libgcrypt", weakHashByGcrypt);
    bool hmac = false;
    if (name == "gcry_md_open")
      if (std::optional<IntValue> flags = resolveInt(arg(call, 2), ctx)) hmac = flags->value & 2;  // GCRY_MD_FLAG_HMAC
    for (Selection &sel : out) {
      sel.keyed = hmac;
      sel.handle = designatedDecl(arg(call, 0));
    }
  } else if (name == "gcry_md_hash_buffer") {
    out = fromInts(call, arg(call, 0), ctx, "libgcrypt", weakHashByGcrypt);
    for (Selection &sel : out) sel.data = arg(call, 2);
  } else if (name == "gcry_md_hash_buffers") {
    out = fromInts(call, arg(call, 0), ctx, "libgcrypt", weakHashByGcrypt);
    bool hmac = false;
    if (std::optional<IntValue> flags = resolveInt(arg(call, 1), ctx)) hmac = flags->value & 2;
    for (Selection &sel : out) sel.keyed = hmac;
  } else if (name == "CryptCreateHash") {
    out = fromInts(call, arg(call, 1), ctx, "windows-cryptoapi", weakHashByAlgId);
    for (Selection &sel : out) sel.handle = designatedDecl(arg(call, 4));
  } else if (name == "BCryptOpenAlgorithmProvider") {
    out = fromNames(call, arg(call, 1), ctx, "windows-cng");
    bool hmac = false;
    if (std::optional<IntValue> flags = resolveInt(arg(call, 3), ctx)) hmac = flags->value & 0x8;  // BCRYPT_ALG_HANDLE_HMAC_FLAG
    for (Selection &sel : out) {
      sel.keyed = sel.keyed || hmac;
      sel.handle = designatedDecl(arg(call, 0));
    }
  } else if (name == "CryptHashCertificate2") {
    out = fromNames(call, arg(call, 0), ctx, "windows-cryptoapi");
  }
  return out;
}

struct FeedSite {
  const clang::CallExpr *call = nullptr;
  const clang::NamedDecl *handle = nullptr;
  const clang::Expr *algorithm = nullptr;
  const clang::Expr *data = nullptr;
};

std::optional<FeedSite> feedOf(const clang::CallExpr &call) {
  llvm::StringRef name = calleeName(call);
  for (const Feed &f : kFeeds) {
    if (name != f.function) continue;
    FeedSite site;
    site.call = &call;
    if (const clang::Expr *handle = arg(call, f.handleArg)) site.handle = designatedDecl(handle);
    site.algorithm = arg(call, f.algorithmArg);
    site.data = arg(call, f.dataArg);
    if (!site.data) return std::nullopt;
    return site;
  }
  // Crypto++: hash.Update(data, n), hash.CalculateDigest(out, data, n).
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    const clang::CXXRecordDecl *cls = member->getRecordDecl();
    if (!cls || !llvm::StringRef(cls->getQualifiedNameAsString()).starts_with("CryptoPP::")) return std::nullopt;
    FeedSite site;
    site.call = &call;
    site.handle = designatedDecl(member->getImplicitObjectArgument());
    if (name == "Update") site.data = arg(call, 0);
    else if (name == "CalculateDigest") site.data = arg(call, 1);
    if (!site.data) return std::nullopt;
    return site;
  }
  return std::nullopt;
}

// Whether data fed at `feed` goes into the digest chosen by `sel`. Unknown handles
// on either side count as the same digest (same function).
bool linked(const Selection &sel, const FeedSite &feed, const clang::Stmt &body) {
  if (feed.algorithm) {
    if (contains(feed.algorithm, sel.at)) return true;
    return sel.storedIn && designatedDecl(feed.algorithm) == sel.storedIn;
  }
  if (!sel.handle || !feed.handle) return true;
  if (sel.handle == feed.handle) return true;
  // CNG: BCryptCreateHash(hAlg, &hHash, ...) then BCryptHashData(hHash, ...).
  bool viaHash = false;
  forEachCall(&body, [&](const clang::CallExpr &create) {
    if (calleeName(create) == "BCryptCreateHash" && create.getNumArgs() >= 2 &&
        designatedDecl(create.getArg(0)) == sel.handle && designatedDecl(create.getArg(1)) == feed.handle)
      viaHash = true;
  });
  return viaHash;
}

bool isPasswordDecl(const clang::NamedDecl &decl) { return classifyDecl(decl).kinds & kPassword; }

const clang::NamedDecl *passwordIn(const clang::Expr *data, const clang::Stmt &body) {
  if (!data) return nullptr;
  // A field names its own value: pw->salt is a salt even when the record is called pw
  // (mosquitto's struct mosquitto_pw), so the object it is read from does not decide.
  const clang::Expr *bare = data->IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(bare))
    if (unary->getOpcode() == clang::UO_AddrOf) bare = unary->getSubExpr()->IgnoreParenImpCasts();
  while (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(bare)) bare = subscript->getBase()->IgnoreParenImpCasts();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(bare))
    return isPasswordDecl(*member->getMemberDecl()) ? member->getMemberDecl() : nullptr;
  // A number is never the password: &passwordLength (= lstrlenA(password)) hashes a length.
  if (const auto *value = llvm::dyn_cast_or_null<clang::ValueDecl>(designatedDecl(bare)))
    if (value->getType()->isIntegralOrEnumerationType()) return nullptr;
  return findOrigin(data, isPasswordDecl, body);
}

std::string declName(const clang::NamedDecl &decl) { return decl.getNameAsString(); }

std::vector<FeedSite> feedsIn(const clang::Stmt &body) {
  std::vector<FeedSite> feeds;
  forEachCall(&body, [&](const clang::CallExpr &call) {
    if (std::optional<FeedSite> feed = feedOf(call)) feeds.push_back(*feed);
  });
  return feeds;
}

// The digest a project's own function is named for (sha256_update, SHA1Update, md5_hash,
// Md5Calc): its name without separators holds md4/md5, sha1, sha224..sha512 or ripemd160.
struct ProjectDigest {
  const char *algorithm;
  bool weak;
};
std::optional<ProjectDigest> projectDigestOf(llvm::StringRef name) {
  std::string fused;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) fused.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto has = [&](llvm::StringRef algo) {
    size_t at = fused.find(algo.str());
    // sha1 but not sha128/sha160: the algorithm's digits end there.
    return at != std::string::npos &&
           (at + algo.size() == fused.size() || !std::isdigit(static_cast<unsigned char>(fused[at + algo.size()])));
  };
  static const std::pair<const char *, ProjectDigest> kNames[] = {
      {"ripemd160", {"RIPEMD-160", true}}, {"md5", {"MD5", true}},         {"md4", {"MD4", true}},
      {"sha1", {"SHA-1", true}},           {"sha224", {"SHA-224", false}}, {"sha256", {"SHA-256", false}},
      {"sha384", {"SHA-384", false}},      {"sha512", {"SHA-512", false}}};
  for (const auto &[spelled, digest] : kNames)
    if (has(spelled)) return digest;
  return std::nullopt;
}

// A name that says the digest is keyed, salted or iterated (a hand-written HMAC, PBKDF2,
// HKDF or SCRAM): the password there goes into a key derivation, not one plain pass.
bool namesKeyDerivation(llvm::StringRef name) {
  for (const std::string &word : identifierWords(name)) {
    bool kdf = llvm::StringSwitch<bool>(word)
                   .Cases("hmac", "pbkdf", "pbkdf2", "kdf", "hkdf", "scram", "salted", "salt", "crypt", true)
                   .Cases("bcrypt", "scrypt", "argon", "argon2", "derive", "iterate", "iterations", "mac", true)
                   .Default(false);
    if (kdf) return true;
  }
  return false;
}

bool isInsideLoop(const clang::Stmt &node, clang::ASTContext &ctx) {
  clang::DynTypedNodeList parents = ctx.getParents(node);
  for (int depth = 0; depth < 64 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (parent.get<clang::ForStmt>() || parent.get<clang::WhileStmt>() || parent.get<clang::DoStmt>() ||
        parent.get<clang::CXXForRangeStmt>())
      return true;
    if (parent.get<clang::FunctionDecl>() || parent.get<clang::LambdaExpr>()) return false;
    parents = ctx.getParents(parent);
  }
  return false;
}

bool isKnownDigestApi(llvm::StringRef name) {
  for (const NamedFunction &f : kNamedFunctions)
    if (name == f.function) return true;
  for (const Feed &f : kFeeds)
    if (name == f.function) return true;
  return false;
}

// A function the project declares itself (not in a system header) named for a digest.
AST_MATCHER(clang::FunctionDecl, isProjectDigestFunction) {
  if (!Node.getIdentifier() || Finder->getASTContext().getSourceManager().isInSystemHeader(Node.getLocation()))
    return false;
  return projectDigestOf(Node.getName()).has_value() && !isKnownDigestApi(Node.getName());
}

}  // namespace

void WeakHashCheck::registerMatchers(MatchFinder &finder) {
  std::vector<std::string> names;
  for (const NamedFunction &f : kNamedFunctions) names.push_back(std::string("::") + f.function);
  for (const char *f : kSelectorFunctions) names.push_back(std::string("::") + f);
  std::vector<llvm::StringRef> nameRefs(names.begin(), names.end());
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(nameRefs)))).bind("selection"), this);
  std::vector<std::string> feeds;
  for (const Feed &f : kFeeds) feeds.push_back(std::string("::") + f.function);
  std::vector<llvm::StringRef> feedRefs(feeds.begin(), feeds.end());
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(feedRefs)))).bind("feed"), this);
  finder.addMatcher(callExpr(callee(functionDecl(isProjectDigestFunction()))).bind("projectDigest"), this);
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("Update", "CalculateDigest"),
                                                           ofClass(matchesName("^::CryptoPP::")))))
                        .bind("feed"),
                    this);
  // CryptoAPI: CRYPT_ALGORITHM_IDENTIFIER.pszObjId = szOID_RSA_MD5 (char OID strings).
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

void WeakHashCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("selection"))
    checkSelection(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("feed"))
    checkFeed(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("projectDigest"))
    checkProjectDigest(*call, *result.Context);
  else if (const auto *value = result.Nodes.getNodeAs<clang::Expr>("oid"))
    checkOid(*value, *result.Context);
  else if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("cryptopp"))
    checkCryptoPP(*construct, *result.Context);
}

void WeakHashCheck::checkSelection(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  std::string function = calleeName(call).str();
  // A digest inside a function named for HMAC (libesmtp's hmac_md5_pre() for CRAM-MD5) is
  // the inner or outer hash of a hand-written HMAC: keyed, like HMAC(EVP_md5(), ...).
  bool handRolledHmac = fn && fn->getIdentifier() && llvm::StringRef(fn->getName()).lower().find("hmac") != std::string::npos;
  for (const Selection &sel : selectionsOf(call, ctx)) {
    // The inventory (--cbom) lists every digest selected, sound or weak.
    recordAsset({.kind = "algorithm", .name = sel.algorithm, .detail = sel.keyed ? "HMAC, KDF or OAEP/MGF1 hash" : "",
                 .weak = sel.weak, .ruleId = sel.weak ? kRule : "", .library = sel.library, .api = function},
                call, ctx);
    // The password that goes into this digest, directly or through a linked feed.
    const clang::NamedDecl *password = nullptr;
    const clang::Stmt *passwordAt = nullptr;
    if (body && sel.data) {
      password = passwordIn(sel.data, *body);
      passwordAt = &call;
    } else if (body && !sel.keyed) {
      for (const FeedSite &feed : feedsIn(*body))
        if (linked(sel, feed, *body))
          if ((password = passwordIn(feed.data, *body))) {
            passwordAt = feed.call;
            break;
          }
    }
    if (!sel.weak) {
      // A sound one-shot digest of a password; fed digests are reported at the feed.
      if (password && sel.data) {
        std::string message = function + "() hashes the password-named value '" + declName(*password) +
                              "' with " + sel.algorithm + ", a fast general-purpose digest: an offline attacker "
                              "tests billions of guesses per second (CWE-916); " + kPasswordAdvice;
        if (Finding *finding = report(kRule, call, ctx, message, Level::Error)) {
          finding->properties["library"] = sel.library;
          finding->properties["algorithm"] = sel.algorithm;
          finding->properties["password"] = "true";
          addRelated(*finding, *password, ctx, "the password-named value is declared here");
        }
      }
      continue;
    }
    std::string message;
    std::optional<Level> level;
    if (password) {
      message = function + "() uses " + sel.algorithm + " to hash the password-named value '" +
                declName(*password) + "': a broken and fast hash of a password is no protection against "
                "offline guessing (error rather than warning because a password goes in; CWE-916, CWE-328); " +
                kPasswordAdvice;
      level = Level::Error;
    } else if (sel.keyed || handRolledHmac) {
      message = function + "() uses " + sel.algorithm + " as an HMAC, OAEP/MGF1 or KDF hash: collisions do not "
                "break that use, but " + sel.algorithm + " is deprecated; prefer SHA-256 or stronger";
      level = Level::Note;
    } else {
      message = function + "() selects " + sel.algorithm + ", a broken hash function (practical collisions): "
                "do not use it for signatures, certificates, integrity or password storage; use SHA-256 or stronger";
    }
    // `if (strcasecmp(algo, "sha1") == 0) md = EVP_sha1(); else if (...) md = EVP_sha256();`:
    // the caller chooses the digest (a fingerprint's algorithm), as with `c ? a : b`.
    bool chosen = sel.runtimeChoice || ifElseChoiceAmong(call, ctx, [](const clang::FunctionDecl &other) {
                    if (!other.getIdentifier()) return false;
                    llvm::StringRef name = other.getName();
                    return (name.starts_with("EVP_sha") && name != "EVP_sha1") || name.starts_with("EVP_blake2");
                  }) != nullptr;
    if (chosen && !password) {
      message = function + "() may select " + sel.algorithm + " at run time: a broken hash function is reachable; "
                "use SHA-256 or stronger";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = sel.library;
      finding->properties["algorithm"] = sel.algorithm;
      if (password) {
        finding->properties["password"] = "true";
        addRelated(*finding, *password, ctx, "the password-named value is declared here");
      }
      if (sel.origin) addRelated(*finding, *sel.origin, ctx, "the algorithm name is defined here");
      (void)passwordAt;
    }
  }
}

// sha256_update(&ctx, password, len) with the project's own digest: one plain pass over a
// password is as weak as the library's (CWE-916). A digest inside a function named for a key
// derivation (hand-written HMAC, PBKDF2, SCRAM) or in a loop (iterated) is left alone.
void WeakHashCheck::checkProjectDigest(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  if (!callee || !body || namesKeyDerivation(callee->getName())) return;
  if ((fn->getIdentifier() && namesKeyDerivation(fn->getName())) || isInsideLoop(call, ctx)) return;
  std::optional<ProjectDigest> digest = projectDigestOf(callee->getName());
  if (!digest) return;
  for (const clang::Expr *arg : call.arguments()) {
    const clang::NamedDecl *password = passwordIn(arg, *body);
    if (!password) continue;
    std::string function = callee->getNameAsString();
    std::string message = function + "() hashes the password-named value '" + declName(*password) + "' with " +
                          digest->algorithm + " in one plain pass (the project's own digest): a fast hash, salted or "
                          "not, without iterations is no protection against offline guessing (CWE-916" +
                          (digest->weak ? ", CWE-328" : "") + "); " + kPasswordAdvice;
    if (Finding *finding = report(kRule, call, ctx, message, Level::Error)) {
      finding->properties["library"] = "project";
      finding->properties["algorithm"] = digest->algorithm;
      finding->properties["password"] = "true";
      addRelated(*finding, *password, ctx, "the password-named value is declared here");
    }
    return;
  }
}

void WeakHashCheck::checkFeed(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::optional<FeedSite> feed = feedOf(call);
  if (!feed) return;
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  if (!body) return;
  const clang::NamedDecl *password = passwordIn(feed->data, *body);
  if (!password) return;
  // Which digest the data goes into; a weak one is reported (as an error) where it is chosen.
  std::string algorithm;
  bool weakLinked = false;
  forEachCall(body, [&](const clang::CallExpr &candidate) {
    for (const Selection &sel : selectionsOf(candidate, ctx)) {
      if (sel.keyed || sel.data || !linked(sel, *feed, *body)) continue;
      if (sel.weak) weakLinked = true;
      else if (algorithm.empty()) algorithm = sel.algorithm;
    }
  });
  if (weakLinked) return;
  // Crypto++ feeds: the hash object's class says which digest it is.
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    TypeMatch weak = findClassInType(member->getImplicitObjectArgument()->getType(), [](const std::string &n) {
      return n == "CryptoPP::Weak1::MD5" || n == "CryptoPP::Weak1::MD4" || n == "CryptoPP::Weak1::MD2" ||
             n == "CryptoPP::SHA1" || n == "CryptoPP::RIPEMD160";
    });
    if (weak.record) return;  // reported where the object is constructed
    clang::QualType objectType = member->getImplicitObjectArgument()->IgnoreImpCasts()->getType();
    if (const clang::CXXRecordDecl *cls = objectType->getAsCXXRecordDecl()) algorithm = cls->getQualifiedNameAsString();
  }
  std::string function = calleeName(call).str();
  std::string message = function + "() feeds the password-named value '" + declName(*password) + "' into " +
                        (algorithm.empty() ? std::string("a message digest") : algorithm) +
                        ", a fast general-purpose hash: an offline attacker tests billions of guesses per "
                        "second (CWE-916); " + kPasswordAdvice;
  if (Finding *finding = report(kRule, call, ctx, message, Level::Error)) {
    finding->properties["password"] = "true";
    if (!algorithm.empty()) finding->properties["algorithm"] = algorithm;
    addRelated(*finding, *password, ctx, "the password-named value is declared here");
  }
}

void WeakHashCheck::checkOid(const clang::Expr &value, clang::ASTContext &ctx) {
  for (const AlgorithmName &name : possibleAlgorithmNames(&value, ctx)) {
    std::optional<WeakAlgorithm> weak = weakHashByOid(name.text);
    if (!weak) continue;
    recordAsset({.kind = "algorithm", .name = weak->name, .weak = true, .ruleId = kRule,
                 .library = "windows-cryptoapi", .api = "pszObjId"},
                value, ctx);
    std::string message = "the CryptoAPI algorithm identifier is set to " + weak->name +
                          ", a broken hash function (practical collisions): use SHA-256 (szOID_NIST_sha256 or "
                          "szOID_RSA_SHA256RSA) or stronger";
    if (Finding *finding = report(kRule, value, ctx, message)) {
      finding->properties["library"] = "windows-cryptoapi";
      finding->properties["algorithm"] = weak->name;
      if (name.origin) addRelated(*finding, *name.origin, ctx, "the OID is defined here");
    }
    return;
  }
}

void WeakHashCheck::checkCryptoPP(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  // Copies and moves of an existing object are not a new choice of algorithm.
  if (construct.getConstructor()->isCopyOrMoveConstructor()) return;
  TypeMatch match = findClassInType(construct.getType(), [](const std::string &n) {
    return n == "CryptoPP::Weak1::MD5" || n == "CryptoPP::Weak1::MD4" || n == "CryptoPP::Weak1::MD2" ||
           n == "CryptoPP::SHA1" || n == "CryptoPP::RIPEMD160";
  });
  if (!match.record) return;
  std::string algorithm = match.record->getQualifiedNameAsString();
  recordAsset({.kind = "algorithm", .name = algorithm, .weak = true, .ruleId = kRule, .library = "cryptopp",
               .api = algorithm},
              construct, ctx);
  bool keyed = llvm::StringRef(match.wrappers).contains("HMAC") || llvm::StringRef(match.wrappers).contains("PBKDF") ||
               llvm::StringRef(match.wrappers).contains("HKDF") || llvm::StringRef(match.wrappers).contains("OAEP");
  const clang::FunctionDecl *fn = enclosingFunctionDecl(construct, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  const clang::NamedDecl *password = nullptr;
  if (body && !keyed) {
    const clang::NamedDecl *object = nullptr;
    if (const auto *var = parentSkippingCasts(construct, ctx).get<clang::VarDecl>()) object = var;
    forEachCall(body, [&](const clang::CallExpr &call) {
      if (password) return;
      std::optional<FeedSite> feed = feedOf(call);
      if (!feed || !llvm::isa<clang::CXXMemberCallExpr>(call)) return;
      const clang::Expr *objectExpr = llvm::cast<clang::CXXMemberCallExpr>(call).getImplicitObjectArgument();
      bool same = object ? feed->handle == object : contains(objectExpr, &construct);
      if (same) password = passwordIn(feed->data, *body);
    });
  }
  std::string message;
  std::optional<Level> level;
  if (password) {
    message = algorithm + " hashes the password-named value '" + declName(*password) +
              "': a broken and fast hash of a password is no protection against offline guessing (error rather "
              "than warning because a password goes in; CWE-916, CWE-328); " + kPasswordAdvice;
    level = Level::Error;
  } else if (keyed) {
    message = algorithm + " is used inside " + match.wrappers + ": collisions do not break that use, but it is "
              "deprecated; prefer CryptoPP::SHA256 or stronger";
    level = Level::Note;
  } else {
    message = algorithm + " is a broken hash function (practical collisions): use CryptoPP::SHA256 or stronger";
  }
  if (Finding *finding = report(kRule, construct, ctx, message, level)) {
    finding->properties["library"] = "cryptopp";
    finding->properties["algorithm"] = algorithm;
    if (password) addRelated(*finding, *password, ctx, "the password-named value is declared here");
  }
}

}  // namespace attest::crypto
