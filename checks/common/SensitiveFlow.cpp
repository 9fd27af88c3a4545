#include "checks/common/SensitiveFlow.h"
#include "checks/common/ConstantString.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace attest {
namespace {

bool isProtectingWord(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("encrypt", "encrypted", "encryption", "enc", "seal", "sealed", "secretbox", "cipher", true)
      .Cases("hash", "hashed", "hashing", "digest", "hmac", "sha", "md", "blake", "bcrypt", true)
      .Cases("argon", "scrypt", "pbkdf", "crypt", "kdf", "mask", "masked", "masking", true)
      .Cases("redact", "redacted", "redaction", "sanitize", "sanitized", "sanitise", "sanitised", true)
      .Cases("obfuscate", "obfuscated", "anonymize", "anonymise", "anonymized", "pseudonymize", true)
      .Cases("scrub", "scrubbed", "censor", "censored", "tokenize", "tokenise", "elide", true)
      .Cases("encrypts", "hashes", "masks", "redacts", "fingerprint", "protect", true)
      .Default(false);
}

bool isMeasurementName(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("size", "length", "empty", "strlen", "wcslen", "strnlen", "count", "capacity", true)
      .Cases("sizeof", "max_size", "compare", "starts_with", "ends_with", "find", "rfind", "contains", true)
      .Default(false);
}

// Member functions that return (part of) the object's own value.
bool isAccessor(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("c_str", "data", "str", "substr", "value", "get", "toStdString", "constData", "string", true)
      .Cases("view", "front", "back", "at", "begin", "toUtf8", "toLatin1", "value_or", "operator*", true)
      .Default(false);
}

// Free functions whose result carries their (non-format) arguments.
bool isPassThrough(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("format", "vformat", "to_string", "StrCat", "StrFormat", "Substitute", "move", "forward", true)
      .Cases("strdup", "strndup", "wcsdup", "string_view", "quoted", "as_const", "ref", "cref", true)
      .Cases("operator+", "basic_string", "to_wstring", true)
      .Default(false);
}

bool isStringLike(const clang::CXXRecordDecl *record) {
  if (!record || !record->getIdentifier()) return false;
  llvm::StringRef name = record->getName();
  if (record->isInStdNamespace())
    return name == "basic_string" || name == "basic_string_view" || name == "vector" || name == "array" ||
           name == "span" || name == "optional" || name == "reference_wrapper";
  return name == "QString" || name == "QByteArray" || name == "SecureString" || name == "string_view" ||
         name == "basic_string_view" || name == "basic_string";
}

// Header names that carry credentials.
bool isSensitiveHeader(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name == "authorization" || name == "proxy-authorization" || name == "cookie" || name == "set-cookie" ||
         name == "x-api-key" || name == "x-auth-token" || name == "x-amz-security-token" || name == "x-csrf-token";
}

// `authorization`, `authHeader`, `auth_header`, `authorizationHeader`: the header value.
bool isAuthorizationName(llvm::StringRef identifier) {
  std::vector<std::string> words = identifierWords(identifier);
  if (words.empty()) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    bool auth = words[i] == "authorization" || (words[i] == "auth" && i + 1 < words.size() && words[i + 1] == "header");
    if (!auth) continue;
    const std::string &last = words.back();
    // authorizationUrl, authorization_endpoint, authorizationCount: about it, not it.
    return last == "authorization" || last == "header" || last == "value" || last == "string" || last == "str";
  }
  return false;
}

// Key material worth reporting in a log or a file: not an IV, nonce or salt (not secret,
// stored next to the ciphertext by design), and not a bare `key`, which in logs is far
// more often a map or cache key (`spdlog::info("miss for key {}", key)`) than a
// cryptographic one; `aesKey`, `hmacKey`, `sessionKey` and `private_key` still count.
bool isSecretKeyMaterial(llvm::StringRef words) {
  return !(words == "iv" || words == "ivs" || words == "nonce" || words == "nonces" || words == "salt" ||
           words == "key" || words == "keys");
}

bool valueType(clang::QualType type) {
  if (type.isNull()) return true;
  type = type.getNonReferenceType().getCanonicalType();
  if (type->isBooleanType() || type->isEnumeralType() || type->isFunctionType() || type->isVoidType()) return false;
  if (type->isMemberPointerType() || type->isNullPtrType()) return false;
  return true;
}

// The kinds a value of `type` can carry: all, except that a number (an integer or a
// floating type, not a character) can only be a one-time code or personal data.
unsigned kindsANumberCanBe(clang::QualType type) {
  type = type.getNonReferenceType();
  if (!type.isNull() && (type->isIntegerType() || type->isRealFloatingType()) && !type->isAnyCharacterType())
    return kOneTimeCode | kPersonalData;
  return ~0u;
}

struct Walker {
  const clang::Stmt *body;
  unsigned kinds;
  clang::ASTContext &ctx;
  llvm::SmallPtrSet<const clang::NamedDecl *, 8> seen;

  std::optional<SensitiveValue> named(const clang::NamedDecl &decl) {
    if (decl.getIdentifier() && isAuthorizationName(decl.getName()))
      return SensitiveValue{&decl, "'" + decl.getNameAsString() + "'", kSecret, nullptr};
    SensitiveMatch match = classifyDecl(decl);
    unsigned hit = match.kinds & kinds;
    // A number is no password, token or key (`int secrets_loaded`, `double token_rate`);
    // it can be a one-time code or personal data (a PIN, an SSN). Nor is it a session
    // token: an integer `session_id` is a handle (a connection or stream number, a
    // counter) that logs carry to correlate lines; the token a client presents to be
    // recognised is text or bytes.
    if (const auto *value = llvm::dyn_cast<clang::ValueDecl>(&decl)) hit &= kindsANumberCanBe(value->getType());
    if (!hit) return std::nullopt;
    if (hit == kKeyMaterial && !isSecretKeyMaterial(match.words)) return std::nullopt;
    return SensitiveValue{&decl, "'" + decl.getNameAsString() + "'", hit, nullptr};
  }

  // Whether a local variable is protected somewhere in the function: assigned from a
  // protecting call, or handed to one that works in place.
  bool protectedLocal(const clang::ValueDecl &var) {
    if (!body) return false;
    for (const clang::Expr *value : valuesWrittenTo(var, *body)) {
      const clang::Expr *e = value->IgnoreImplicit()->IgnoreParenImpCasts();
      if (const auto *call = llvm::dyn_cast<clang::CallExpr>(e))
        if (isProtectingCallName(calleeName(*call))) return true;
    }
    bool inPlace = false;
    forEachStmt(body, [&](const clang::Stmt &stmt) {
      const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt);
      if (inPlace || !call || !isProtectingCallName(calleeName(*call))) return;
      bool discarded = call->getType()->isVoidType();
      if (!discarded) {
        clang::DynTypedNodeList parents = ctx.getParents(*call);
        discarded = !parents.empty() && parents[0].get<clang::CompoundStmt>();
      }
      if (!discarded) return;
      for (const clang::Expr *arg : call->arguments())
        if (designatedDecl(arg) == &var) inPlace = true;
    });
    return inPlace;
  }

  std::optional<SensitiveValue> viaLocal(const clang::VarDecl &var, int hops) {
    if (!body || hops <= 0 || !seen.insert(&var).second) return std::nullopt;
    if (protectedLocal(var)) return std::nullopt;
    std::vector<const clang::Expr *> values = valuesWrittenTo(var, *body);
    // `oss << "password=" << password`: every operand of a chain into the variable.
    forEachStmt(body, [&](const clang::Stmt &stmt) {
      const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt);
      if (!op || op->getOperator() != clang::OO_LessLess) return;
      std::optional<StreamChain> chain = streamChainOf(*op, ctx);
      if (!chain || !chain->outermost || designatedDecl(chain->root) != &var) return;
      values.insert(values.end(), chain->operands.begin(), chain->operands.end());
    });
    for (const clang::Expr *value : values)
      if (std::optional<SensitiveValue> found = walk(value, hops - 1)) {
        if (!found->through) found->through = &var;
        return found;
      }
    return std::nullopt;
  }

  std::optional<SensitiveValue> declRef(const clang::NamedDecl &decl, clang::QualType type, int hops) {
    if (!valueType(type)) return std::nullopt;
    if (std::optional<SensitiveValue> found = named(decl)) {
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&decl))
        if (protectedLocal(*var)) return std::nullopt;
      return found;
    }
    if (isLocalVariable(decl)) return viaLocal(*llvm::cast<clang::VarDecl>(&decl), hops);
    return std::nullopt;
  }

  std::optional<SensitiveValue> header(const clang::CallExpr &call) {
    for (const clang::Expr *arg : call.arguments()) {
      std::optional<StringValue> text = resolveString(arg, ctx);
      if (text && isSensitiveHeader(text->value))
        return SensitiveValue{nullptr, "the " + text->value + " header", kSecret, nullptr};
    }
    return std::nullopt;
  }

  std::optional<SensitiveValue> walk(const clang::Expr *expr, int hops) {
    if (!expr) return std::nullopt;
    expr = expr->IgnoreParens();
    if (!valueType(expr->getType())) return std::nullopt;
    if (const auto *cast = llvm::dyn_cast<clang::CastExpr>(expr)) return walk(cast->getSubExpr(), hops);
    if (const auto *full = llvm::dyn_cast<clang::FullExpr>(expr)) return walk(full->getSubExpr(), hops);
    if (const auto *temp = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(expr)) return walk(temp->getSubExpr(), hops);
    if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expr)) return walk(bind->getSubExpr(), hops);
    if (llvm::isa<clang::CXXDefaultArgExpr>(expr)) return std::nullopt;
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) return declRef(*ref->getDecl(), ref->getType(), hops);
    if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expr)) {
      // `user.password` is the password; `credentials.username` is not a secret.
      return declRef(*member->getMemberDecl(), member->getType(), hops);
    }
    if (const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(expr)) {
      if (auto found = walk(cond->getTrueExpr(), hops)) return found;
      return walk(cond->getFalseExpr(), hops);
    }
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(expr)) {
      if (unary->getOpcode() == clang::UO_AddrOf || unary->getOpcode() == clang::UO_Deref)
        return walk(unary->getSubExpr(), hops);
      return std::nullopt;
    }
    if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(expr)) {
      if (binary->isAdditiveOp()) {
        if (auto found = walk(binary->getLHS(), hops)) return found;
        return walk(binary->getRHS(), hops);
      }
      if (binary->isAssignmentOp() || binary->getOpcode() == clang::BO_Comma) return walk(binary->getRHS(), hops);
      return std::nullopt;
    }
    if (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expr)) return walk(subscript->getBase(), hops);
    if (llvm::isa<clang::UnaryExprOrTypeTraitExpr>(expr)) return std::nullopt;
    if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
      const clang::CXXConstructorDecl *ctor = construct->getConstructor();
      if (!ctor->isCopyOrMoveConstructor() && !isStringLike(ctor->getParent())) return std::nullopt;
      for (const clang::Expr *arg : construct->arguments())
        if (auto found = walk(arg, hops)) return found;
      return std::nullopt;
    }
    if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
      clang::OverloadedOperatorKind kind = op->getOperator();
      if (kind == clang::OO_Subscript) {
        if (auto found = header(*op)) return found;
        return op->getNumArgs() >= 1 ? walk(op->getArg(0), hops) : std::nullopt;
      }
      if (kind == clang::OO_Plus || kind == clang::OO_Star || kind == clang::OO_Arrow || kind == clang::OO_Equal ||
          kind == clang::OO_PlusEqual) {
        for (const clang::Expr *arg : op->arguments())
          if (auto found = walk(arg, hops)) return found;
      }
      return std::nullopt;
    }
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(expr)) {
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call)) {
        const clang::CXXMethodDecl *method = member->getMethodDecl();
        if (method && llvm::isa<clang::CXXConversionDecl>(method)) return walk(member->getImplicitObjectArgument(), hops);
      }
      llvm::StringRef name = calleeName(*call);
      if (name.empty() || isProtectingCallName(name) || isMeasurementName(name)) return std::nullopt;
      if (auto found = header(*call)) return found;
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(call))
        if (isAccessor(name)) return walk(member->getImplicitObjectArgument(), hops);
      // A getter named after the secret: creds.password(), getApiKey(), user->ssn().
      if (const clang::FunctionDecl *fn = call->getDirectCallee(); fn && call->getNumArgs() == 0) {
        std::string getter = name.str();
        for (const char *prefix : {"get_", "get", "Get"})
          if (llvm::StringRef(getter).starts_with(prefix) && getter.size() > strlen(prefix)) {
            getter = getter.substr(strlen(prefix));
            break;
          }
        SensitiveMatch match = classifyName(getter);
        unsigned hit = match.kinds & kinds & kindsANumberCanBe(fn->getReturnType());  // `int64_t session_id()`
        if (hit && !(hit == kKeyMaterial && !isSecretKeyMaterial(match.words)))
          return SensitiveValue{fn, "'" + name.str() + "()'", hit, nullptr};
        return std::nullopt;
      }
      if (isPassThrough(name)) {
        for (const clang::Expr *arg : call->arguments())
          if (auto found = walk(arg, hops)) return found;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }
};

}  // namespace

bool isProtectingCallName(llvm::StringRef name) {
  if (name.empty()) return false;
  for (const std::string &w : identifierWords(name))
    if (isProtectingWord(w)) return true;
  // lastFour(cardNumber), last4(pan): the usual masking of a card number.
  std::string lower = name.lower();
  return llvm::StringRef(lower).contains("last4") || llvm::StringRef(lower).contains("lastfour") ||
         llvm::StringRef(lower).contains("last_four");
}

std::optional<SensitiveValue> sensitiveValueIn(const clang::Expr *expr, const clang::Stmt *body, unsigned kinds,
                                               clang::ASTContext &ctx, int hops) {
  Walker walker{body, kinds, ctx, {}};
  return walker.walk(expr, hops);
}

std::optional<StreamChain> streamChainOf(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  if (op.getOperator() != clang::OO_LessLess || op.getNumArgs() != 2) return std::nullopt;
  StreamChain chain;
  // Inner `<<` of a longer chain: its parent (through temporaries) is another `<<`
  // whose left operand it is.
  const clang::Stmt *child = &op;
  clang::DynTypedNodeList parents = ctx.getParents(op);
  for (int depth = 0; depth < 6 && !parents.empty(); ++depth) {
    const auto *parentExpr = parents[0].get<clang::Expr>();
    if (!parentExpr) break;
    if (const auto *outer = llvm::dyn_cast<clang::CXXOperatorCallExpr>(parentExpr)) {
      if (outer->getOperator() == clang::OO_LessLess && outer->getNumArgs() == 2 &&
          outer->getArg(0)->IgnoreImplicit()->IgnoreParenImpCasts() == child)
        chain.outermost = false;
      break;
    }
    if (!(llvm::isa<clang::ImplicitCastExpr>(parentExpr) || llvm::isa<clang::ParenExpr>(parentExpr) ||
          llvm::isa<clang::MaterializeTemporaryExpr>(parentExpr) || llvm::isa<clang::CXXBindTemporaryExpr>(parentExpr)))
      break;
    child = parentExpr;
    parents = ctx.getParents(*parentExpr);
  }
  const clang::Expr *cur = &op;
  std::vector<const clang::Expr *> reversed;
  for (int depth = 0; depth < 256; ++depth) {
    const auto *link = llvm::dyn_cast<clang::CXXOperatorCallExpr>(cur->IgnoreImplicit()->IgnoreParenImpCasts());
    if (!link || link->getOperator() != clang::OO_LessLess || link->getNumArgs() != 2) break;
    reversed.push_back(link->getArg(1));
    cur = link->getArg(0);
  }
  chain.root = cur->IgnoreImplicit()->IgnoreParenImpCasts();
  chain.operands.assign(reversed.rbegin(), reversed.rend());
  return chain;
}

std::string standardStreamName(const clang::Expr *expr) {
  if (!expr) return {};
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr->IgnoreImplicit()->IgnoreParenImpCasts());
  if (!ref) return {};
  const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (!var || !var->getIdentifier() || !var->isInStdNamespace()) return {};
  llvm::StringRef name = var->getName();
  if (name == "cout" || name == "cerr" || name == "clog" || name == "wcout" || name == "wcerr" || name == "wclog")
    return "std::" + name.str();
  return {};
}

std::string standardFileName(const clang::Expr *expr) {
  if (!expr) return {};
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr->IgnoreImplicit()->IgnoreParenImpCasts());
  if (!ref || !ref->getDecl()->getIdentifier()) return {};
  llvm::StringRef name = ref->getDecl()->getName();
  if (name == "stderr" || name == "stdout" || name == "_IO_2_1_stderr_" || name == "_IO_2_1_stdout_")
    return name.str();
  return {};
}

}  // namespace attest
