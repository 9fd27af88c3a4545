#include "checks/secrets/HardcodedSecretsCheck.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/SinkSpec.h"
#include "core/Redaction.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

using namespace clang::ast_matchers;

namespace attest::secrets {
ATTEST_REGISTER_CHECK(HardcodedSecretsCheck, "secrets/HardcodedSecrets", secrets::kTokenRule,
                      secrets::kCredentialRule, secrets::kCryptoKeyRule);

// The credential, key and IV parameters of rules/api-sinks.yaml: the summaries follow each
// into the program's own functions and files; these are the linked findings' words.
ATTEST_REGISTER_SINKS({.rule = "secrets-hardcoded-credential",
                       .predicate = "secret",
                       .message = "a hard-coded credential ({value}, {masked}) reaches {api} as {what}{through}. "
                                  "Load it at run time from a secret manager, the environment or a protected file"},
                      {.rule = "secrets-hardcoded-crypto-key",
                       .predicate = "key",
                       .message = "a hard-coded key ({value}, {masked}) is used for encryption: {api} receives it as "
                                  "{what}{through}. Load keys from a key store, KMS or HSM, and generate IVs at "
                                  "random for each message"});

namespace {
using secrets::Receives;

enum Priority { kNamed = 0, kToken = 1, kParameter = 2, kApiSink = 3, kKeySink = 4 };

// What is shown of a value: the first characters of a token of a known format (they say
// its kind: "ghp_…"), nothing of a password or key, only a length for bytes.
std::string masked(const std::string &secret, bool bytes, bool token) {
  if (bytes) return std::to_string(secret.size()) + " bytes, redacted";
  if (!token) return maskSecret("");
  for (size_t i = 0; i < std::min<size_t>(4, secret.size()); ++i) {
    unsigned char c = secret[i];
    if (c < 0x20 || c >= 0x7f) return maskSecret("");
  }
  return maskSecret(secret);
}

// How a value is written in a C string literal.
std::string escaped(const std::string &value) {
  std::string out;
  for (unsigned char c : value) {
    switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    default: out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string trim(llvm::StringRef text) { return text.trim().str(); }

// Where `value` sits in the text of one of the literals it was built from: each whole
// occurrence; else the literal is a middle part of it, holds its start at its end, or its
// end at its start (a value concatenated from several literals or variables).
std::vector<std::pair<size_t, size_t>> valueRanges(const std::string &text, const std::string &value) {
  std::vector<std::pair<size_t, size_t>> ranges;
  for (size_t at = text.find(value); !value.empty() && at != std::string::npos; at = text.find(value, at + 1))
    ranges.push_back({at, at + value.size()});
  if (!ranges.empty() || text.empty()) return ranges;
  if (value.find(text) != std::string::npos) return {{0, text.size()}};
  for (size_t k = std::min(text.size(), value.size()); k >= 1; --k) {
    if (llvm::StringRef(text).ends_with(llvm::StringRef(value).take_front(k))) return {{text.size() - k, text.size()}};
    if (llvm::StringRef(text).starts_with(llvm::StringRef(value).take_back(k))) return {{0, k}};
  }
  return ranges;
}

std::string describeKind(unsigned kinds) {
  if (kinds & kPassword) return "password";
  if (kinds & kSecret) return "secret";
  return "key";
}

bool isStdCallee(const clang::FunctionDecl *fn) {
  if (!fn) return true;
  const clang::DeclContext *dc = fn->getDeclContext();
  while (dc && !dc->isFileContext()) dc = dc->getParent();
  return fn->isInStdNamespace() || (dc && dc->isStdNamespace());
}

bool isKeyValueMethod(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("insert", "emplace", "try_emplace", "insert_or_assign", "set", "put", "setValue", true)
      .Cases("setProperty", "add", "Add", "Set", "Put", "AddMember", "SetValue", "setHeader", true)
      .Cases("set_header", "add_header", "addHeader", "setRawHeader", "insert_header", "emplace_back", true)
      .Default(false);
}

bool isKeyValueFunction(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("setenv", "SetEnvironmentVariableA", "SetEnvironmentVariableW", "g_setenv", "qputenv", "make_pair", true)
      .Default(false);
}

// strcpy(password, "...") style copies into a credential-named buffer: the source argument.
int copySourceArg(llvm::StringRef name) {
  return llvm::StringSwitch<int>(name)
      .Cases("strcpy", "strncpy", "wcscpy", "wcsncpy", "strlcpy", "stpcpy", "lstrcpyA", "lstrcpyW", 1)
      .Cases("strcpy_s", "wcscpy_s", "StringCchCopyA", "StringCchCopyW", "strncpy_s", 2)
      .Default(-1);
}

// String and memory comparisons whose first two arguments are compared.
bool isComparisonFunction(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("strcmp", "strncmp", "strcasecmp", "strncasecmp", "memcmp", "bcmp", "wcscmp", "wcsncmp", true)
      .Cases("_stricmp", "_strnicmp", "stricmp", "strcmpi", "_strcmpi", "_wcsicmp", "wcscasecmp", true)
      .Cases("lstrcmpA", "lstrcmpW", "lstrcmpiA", "lstrcmpiW", "lstrcmp", "lstrcmpi", "g_strcmp0", true)
      .Cases("CRYPTO_memcmp", "timingsafe_bcmp", "timingsafe_memcmp", "sodium_memcmp", "g_str_equal", true)
      .Default(false);
}

// What a stored password digest looks like: hex of an MD5 to SHA-512 digest, base64 of
// one, or a crypt(3) string ($1$ MD5, $2b$ bcrypt, $5$/$6$ SHA-crypt, $argon2id$, $y$).
bool looksLikeDigest(llvm::StringRef v) {
  static const size_t kHex[] = {32, 40, 56, 64, 96, 128};
  bool hex = std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (hex && std::find(std::begin(kHex), std::end(kHex), v.size()) != std::end(kHex)) return true;
  if (v.size() > 20 && v[0] == '$' &&
      (v.starts_with("$1$") || v.starts_with("$2a$") || v.starts_with("$2b$") || v.starts_with("$2y$") ||
       v.starts_with("$5$") || v.starts_with("$6$") || v.starts_with("$argon2") || v.starts_with("$y$")))
    return true;
  static const size_t kBase64[] = {24, 28, 44, 64, 88};
  bool base64 = std::all_of(v.begin(), v.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=';
  });
  return base64 && v.ends_with("=") && std::find(std::begin(kBase64), std::end(kBase64), v.size()) != std::end(kBase64);
}

// A name for a password's stored digest: the words of a credential and of a digest
// (`password_hash`, `hashedPassword`, `pwd_digest`, `secret_sha256`).
bool isCredentialDigestName(llvm::StringRef name) {
  bool credential = false, digest = false;
  for (const std::string &w : identifierWords(name)) {
    credential |= w == "password" || w == "passwd" || w == "pwd" || w == "pw" || w == "passphrase" || w == "secret";
    digest |= w == "hash" || w == "hashed" || w == "digest" || w == "sha" || w == "sha1" || w == "sha256" ||
              w == "sha512" || w == "md5" || w == "crypt" || w == "crypted" || w == "bcrypt";
  }
  return credential && digest;
}

// A call that hashes a credential-named argument: sha256_hex(password), crypt(pw, salt).
const clang::NamedDecl *hashedCredential(const clang::Expr *expr) {
  const auto *call = llvm::dyn_cast<clang::CallExpr>(expr->IgnoreParenImpCasts()->IgnoreImplicit()->IgnoreParenImpCasts());
  if (const auto *member = llvm::dyn_cast_or_null<clang::CXXMemberCallExpr>(call))
    if (const clang::CXXMethodDecl *method = member->getMethodDecl(); method && method->getIdentifier())
      if (method->getName() == "c_str" || method->getName() == "data" || method->getName() == "str")
        return hashedCredential(member->getImplicitObjectArgument());
  const clang::FunctionDecl *fn = call ? call->getDirectCallee() : nullptr;
  if (!fn || !fn->getIdentifier()) return nullptr;
  std::string name = fn->getName().lower();
  if (name.find("hash") == std::string::npos && name.find("digest") == std::string::npos &&
      name.find("sha") == std::string::npos && name.find("md5") == std::string::npos &&
      name.find("crypt") == std::string::npos)
    return nullptr;
  for (const clang::Expr *arg : call->arguments())
    if (const clang::NamedDecl *decl = designatedDecl(arg))
      if (decl->getIdentifier() && secrets::credentialKinds(decl->getName()) & (kPassword | kSecret)) return decl;
  return nullptr;
}

const char *kindName(Receives r) {
  switch (r) {
  case Receives::Key: return "key";
  case Receives::Iv: return "iv";
  case Receives::Secret: return "secret";
  default: return "password";
  }
}
}  // namespace

void HardcodedSecretsCheck::registerMatchers(MatchFinder &finder) {
  auto user = unless(isExpansionInSystemHeader());
  finder.addMatcher(stringLiteral(user).bind("literal"), this);
  finder.addMatcher(callExpr(user).bind("call"), this);
  finder.addMatcher(cxxConstructExpr(user).bind("construct"), this);
  finder.addMatcher(varDecl(user, hasInitializer(expr()), unless(parmVarDecl())).bind("var"), this);
  finder.addMatcher(parmVarDecl(user, hasDefaultArgument()).bind("param"), this);
  finder.addMatcher(fieldDecl(user, hasInClassInitializer(expr())).bind("field"), this);
  finder.addMatcher(cxxConstructorDecl(user, forEachConstructorInitializer(
                                                 cxxCtorInitializer(isWritten(), forField(fieldDecl())).bind("ctorinit"))),
                    this);
  finder.addMatcher(binaryOperator(user, hasOperatorName("=")).bind("assign"), this);
  finder.addMatcher(initListExpr(user).bind("list"), this);
  finder.addMatcher(returnStmt(user, hasReturnValue(expr()), forFunction(functionDecl().bind("fn"))).bind("return"),
                    this);
}

void HardcodedSecretsCheck::check(const MatchFinder::MatchResult &result) {
  ctx_ = result.Context;
  const auto &nodes = result.Nodes;
  if (const auto *literal = nodes.getNodeAs<clang::StringLiteral>("literal")) {
    scanLiteral(*literal);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("call")) {
    onCall(*call);
  } else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("construct")) {
    onConstruct(*construct);
  } else if (const auto *var = nodes.getNodeAs<clang::VarDecl>("var")) {
    // hasInitializer() also matches an `extern` redeclaration of a variable initialised
    // elsewhere (getAnyInitializer); that declaration has no initializer of its own, and
    // the definition is matched by itself.
    if (unsigned kinds = secrets::credentialKinds(var->getName()); kinds && var->getIdentifier() && var->getInit())
      named(kinds, "`" + var->getNameAsString() + "`", var->getInit(), *var->getInit());
  } else if (const auto *param = nodes.getNodeAs<clang::ParmVarDecl>("param")) {
    if (param->getIdentifier() && !param->hasUninstantiatedDefaultArg() && param->getDefaultArg())
      if (unsigned kinds = secrets::credentialKinds(param->getName()))
        named(kinds, "the default of parameter `" + param->getNameAsString() + "`", param->getDefaultArg(),
              *param->getDefaultArg());
  } else if (const auto *field = nodes.getNodeAs<clang::FieldDecl>("field")) {
    if (unsigned kinds = field->getIdentifier() && field->getInClassInitializer()
                             ? secrets::credentialKinds(field->getName()) : 0)
      named(kinds, "field `" + field->getNameAsString() + "`", field->getInClassInitializer(),
            *field->getInClassInitializer());
  } else if (const auto *init = nodes.getNodeAs<clang::CXXCtorInitializer>("ctorinit")) {
    const clang::FieldDecl *member = init->getMember();
    if (member && member->getIdentifier() && init->getInit())
      if (unsigned kinds = secrets::credentialKinds(member->getName()))
        named(kinds, "field `" + member->getNameAsString() + "`", init->getInit(), *init->getInit());
  } else if (const auto *assign = nodes.getNodeAs<clang::BinaryOperator>("assign")) {
    if (const clang::NamedDecl *target = designatedDecl(assign->getLHS()))
      if (unsigned kinds = target->getIdentifier() ? secrets::credentialKinds(target->getName()) : 0)
        named(kinds, "`" + target->getNameAsString() + "`", assign->getRHS(), *assign->getRHS());
  } else if (const auto *list = nodes.getNodeAs<clang::InitListExpr>("list")) {
    onInitList(*list);
  } else if (const auto *ret = nodes.getNodeAs<clang::ReturnStmt>("return")) {
    const auto *fn = nodes.getNodeAs<clang::FunctionDecl>("fn");
    if (fn && fn->getIdentifier() && !llvm::isa<clang::CXXConversionDecl>(fn))
      if (unsigned kinds = secrets::credentialKinds(fn->getName()))
        named(kinds, "the value returned by " + fn->getNameAsString() + "()", ret->getRetValue(),
              *ret->getRetValue());
  }
}

uintptr_t HardcodedSecretsCheck::identity(const ConstantBytes &value, const clang::Stmt &at) const {
  const clang::SourceManager &sm = ctx_->getSourceManager();
  if (const clang::Expr *source = value.source())
    return sm.getSpellingLoc(source->getBeginLoc()).getRawEncoding();
  if (value.origin) return sm.getSpellingLoc(value.origin->getLocation()).getRawEncoding();
  return sm.getSpellingLoc(at.getBeginLoc()).getRawEncoding();
}

void HardcodedSecretsCheck::scanLiteral(const clang::StringLiteral &literal) {
  const clang::SourceManager &sm = ctx_->getSourceManager();
  uintptr_t key = sm.getSpellingLoc(literal.getBeginLoc()).getRawEncoding();
  if (literals_.count(key)) return;  // each literal is scanned once (macros, templates)
  std::string text = literalText(literal);
  literals_[key] = {&literal, secrets::builtinPatterns().scan(text, secrets::ScanScope::Literal)};
  // `#define DB_PASSWORD "..."`: the macro's name says what the literal is.
  clang::SourceLocation begin = literal.getBeginLoc();
  if (begin.isMacroID() && sm.isMacroBodyExpansion(begin)) {
    llvm::StringRef macro = clang::Lexer::getImmediateMacroName(begin, sm, ctx_->getLangOpts());
    if (unsigned kinds = secrets::credentialKinds(macro))
      named(kinds, "macro `" + macro.str() + "`", &literal, literal);
  }
}

void HardcodedSecretsCheck::named(unsigned kinds, const std::string &what, const clang::Expr *valueExpr,
                                  const clang::Stmt &at, int priority, const std::string &sink) {
  if (!valueExpr || !ctx_) return;
  std::optional<ConstantBytes> value = resolveConstantBytes(valueExpr, *ctx_);
  if (!value || value->fromIntegers) return;
  if (!secrets::isCredentialValue(value->value, kinds, secrets::builtinPatterns())) return;
  Candidate c;
  c.priority = priority;
  c.rule = secrets::kCredentialRule;
  c.at = &at;
  std::string kind = describeKind(kinds);
  c.message = priority == kParameter ? "a hard-coded " + kind + " is passed as " + what
                                     : what + " is set to a hard-coded " + kind;
  c.secret = value->value;
  c.secretType = kind;
  c.sink = sink;
  if (!(kinds & (kPassword | kSecret))) c.level = Level::Warning;  // key material by name only
  c.value = std::move(*value);
  add(std::move(c));
}

// An upper-case keyword: letters, digits and `_-=.`, no lower-case letter.
static bool isKeyword(const std::string &text) {
  bool letter = false;
  for (char c : text) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (!std::isupper(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) &&
        !std::strchr("_-=.", c))
      return false;
    letter |= std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return letter;
}

void HardcodedSecretsCheck::compared(const clang::Expr *side, const clang::Expr *other, const clang::Stmt &at) {
  if (!side || !other || !ctx_) return;
  const clang::NamedDecl *decl = designatedDecl(side);
  unsigned kinds = decl && decl->getIdentifier() ? secrets::credentialKinds(decl->getName()) & (kPassword | kSecret) : 0;
  const clang::NamedDecl *hashed = kinds ? nullptr : hashedCredential(side);
  bool digestName = !kinds && !hashed && decl && decl->getIdentifier() && isCredentialDigestName(decl->getName());
  if (!kinds && !hashed && !digestName) return;
  std::optional<ConstantBytes> value = resolveConstantBytes(other, *ctx_);
  if (!value || value->fromIntegers) return;
  Candidate c;
  c.rule = secrets::kCredentialRule;
  c.at = &at;
  if (kinds) {
    // `strcmp(password, "...")`: the accepted password is the literal. An upper-case word
    // (`strcasecmp(token, "STARTTLS")`, "ENHANCEDSTATUSCODES", "AUTH=") is a protocol or
    // command keyword that a parser's lexical token is compared with, not a credential.
    if (!secrets::isCredentialValue(value->value, kinds, secrets::builtinPatterns()) || isKeyword(value->value))
      return;
    std::string kind = describeKind(kinds);
    c.message = "`" + decl->getNameAsString() + "` is compared with a hard-coded " + kind +
                ": whoever reads the code or the binary can log in with it";
    c.secretType = kind;
  } else {
    // The hash of a password compared with a literal digest: a hard-coded password hash,
    // which a dictionary attack reverses offline.
    if (!looksLikeDigest(value->value)) return;
    c.message = (hashed ? "the hash of `" + hashed->getNameAsString() + "`" : "`" + decl->getNameAsString() + "`") +
                " is compared with a hard-coded password hash: a dictionary attack recovers the password offline";
    c.secretType = "password hash";
  }
  c.secret = value->value;
  c.value = std::move(*value);
  add(std::move(c));
}

void HardcodedSecretsCheck::keyValue(const clang::Expr *keyExpr, const clang::Expr *valueExpr, const clang::Stmt &at) {
  std::optional<ConstantBytes> key = resolveConstantBytes(keyExpr, *ctx_);
  if (!key || key->fromIntegers || key->value.size() > 64) return;
  for (char c : key->value)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return;
  if (unsigned kinds = secrets::credentialKinds(key->value))
    named(kinds, "the value of key \"" + key->value + "\"", valueExpr, at);
}

void HardcodedSecretsCheck::onInitList(const clang::InitListExpr &list) {
  if (!list.isSemanticForm()) return;
  if (const auto *record = list.getType()->getAsRecordDecl()) {
    if (record->isUnion()) return;
    unsigned index = 0;
    if (const auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(record)) {
      if (!cxx->hasDefinition()) return;
      index = cxx->getNumBases();
    }
    for (const clang::FieldDecl *field : record->fields()) {
      if (index >= list.getNumInits()) break;
      const clang::Expr *init = list.getInit(index++);
      if (field->getIdentifier() && !llvm::isa<clang::ImplicitValueInitExpr>(init))
        if (unsigned kinds = secrets::credentialKinds(field->getName()))
          named(kinds, "field `" + field->getNameAsString() + "`", init, *init);
    }
    return;
  }
  // {"password", "..."}: a key and its value (map and JSON initializers).
  if (list.getNumInits() == 2) keyValue(list.getInit(0), list.getInit(1), *list.getInit(1));
}

void HardcodedSecretsCheck::onConstruct(const clang::CXXConstructExpr &construct) {
  const clang::CXXConstructorDecl *ctor = construct.getConstructor();
  if (!ctor || construct.getNumArgs() == 0) return;
  const clang::CXXRecordDecl *record = ctor->getParent();
  if (record->isInStdNamespace() && record->getIdentifier() && record->getName() == "pair" &&
      construct.getNumArgs() == 2) {
    keyValue(construct.getArg(0), construct.getArg(1), *construct.getArg(1));
    return;
  }
  if (isStdCallee(ctor)) return;
  for (unsigned i = 0; i < construct.getNumArgs() && i < ctor->getNumParams(); ++i) {
    const clang::ParmVarDecl *param = ctor->getParamDecl(i);
    if (!param->getIdentifier() || llvm::isa<clang::CXXDefaultArgExpr>(construct.getArg(i))) continue;
    unsigned kinds = secrets::credentialKinds(param->getName()) & (kPassword | kSecret);
    if (kinds)
      named(kinds, "parameter `" + param->getNameAsString() + "` of " + record->getNameAsString(), construct.getArg(i),
            *construct.getArg(i), kParameter, record->getNameAsString());
  }
}

void HardcodedSecretsCheck::onCall(const clang::CallExpr &call) {
  calls_.push_back(&call);
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (!callee) return;
  // cfg["password"] = "..." (std::map, nlohmann::json, ...)
  if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&call)) {
    // password == "...", "..." != token (std::string, std::string_view, QString).
    if ((op->getOperator() == clang::OO_EqualEqual || op->getOperator() == clang::OO_ExclaimEqual) &&
        op->getNumArgs() == 2) {
      compared(op->getArg(0), op->getArg(1), *op);
      compared(op->getArg(1), op->getArg(0), *op);
      return;
    }
    if (op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2) {
      const clang::Expr *lhs = op->getArg(0)->IgnoreParenImpCasts();
      if (const auto *subscript = llvm::dyn_cast<clang::CXXOperatorCallExpr>(lhs);
          subscript && subscript->getOperator() == clang::OO_Subscript && subscript->getNumArgs() == 2) {
        keyValue(subscript->getArg(1), op->getArg(1), *op->getArg(1));
      } else if (const clang::NamedDecl *target = designatedDecl(op->getArg(0))) {
        if (unsigned kinds = target->getIdentifier() ? secrets::credentialKinds(target->getName()) : 0)
          named(kinds, "`" + target->getNameAsString() + "`", op->getArg(1), *op->getArg(1));
      }
    }
    return;
  }
  if (!callee->getIdentifier()) return;
  llvm::StringRef name = callee->getName();
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
    // password.compare("...") == 0
    if (name == "compare" && call.getNumArgs() == 1)
      compared(member->getImplicitObjectArgument(), call.getArg(0), call);
    if (isKeyValueMethod(name) && call.getNumArgs() >= 2) keyValue(call.getArg(0), call.getArg(1), *call.getArg(1));
    if ((name == "assign" || name == "append") && call.getNumArgs() == 1)
      if (const clang::NamedDecl *target = designatedDecl(member->getImplicitObjectArgument()))
        if (unsigned kinds = target->getIdentifier() ? secrets::credentialKinds(target->getName()) : 0)
          named(kinds, "`" + target->getNameAsString() + "`", call.getArg(0), *call.getArg(0));
  }
  if (isComparisonFunction(name) && call.getNumArgs() >= 2 && !llvm::isa<clang::CXXMemberCallExpr>(call)) {
    compared(call.getArg(0), call.getArg(1), call);
    compared(call.getArg(1), call.getArg(0), call);
    return;
  }
  // std::equal(password.begin(), password.end(), "...")
  if (name == "equal" && callee->isInStdNamespace() && call.getNumArgs() >= 3) {
    compared(call.getArg(0), call.getArg(2), call);
    return;
  }
  if (isKeyValueFunction(name) && call.getNumArgs() >= 2) {
    keyValue(call.getArg(0), call.getArg(1), *call.getArg(1));
    return;
  }
  if (int source = copySourceArg(name); source > 0 && call.getNumArgs() > static_cast<unsigned>(source)) {
    if (const clang::NamedDecl *target = designatedDecl(call.getArg(0)))
      if (unsigned kinds = target->getIdentifier() ? secrets::credentialKinds(target->getName()) : 0)
        named(kinds, "`" + target->getNameAsString() + "`", call.getArg(source), *call.getArg(source));
    return;
  }
  if (isStdCallee(callee)) return;
  // Credential-named parameters of any function (the API table adds the others).
  std::vector<const secrets::ApiSink *> sinks = secrets::builtinApiSinks().find(name.str());
  for (unsigned i = 0; i < call.getNumArgs() && i < callee->getNumParams(); ++i) {
    const clang::ParmVarDecl *param = callee->getParamDecl(i);
    if (!param->getIdentifier() || llvm::isa<clang::CXXDefaultArgExpr>(call.getArg(i))) continue;
    if (std::any_of(sinks.begin(), sinks.end(), [&](const secrets::ApiSink *s) { return s->arg == i; })) continue;
    unsigned kinds = secrets::credentialKinds(param->getName()) & (kPassword | kSecret);
    if (kinds)
      named(kinds, "parameter `" + param->getNameAsString() + "` of " + callee->getNameAsString() + "()",
            call.getArg(i), *call.getArg(i), kParameter, callee->getNameAsString());
  }
}

void HardcodedSecretsCheck::onEndOfTranslationUnit() {
  if (!ctx_) return;
  sinkCalls();
  // Known token formats in literals.
  for (auto &[key, entry] : literals_) {
    auto &[literal, matches] = entry;
    if (matches.empty()) continue;
    const secrets::PatternMatch &first = matches.front();
    Candidate c;
    c.rule = first.pattern->rule;
    c.priority = c.rule == secrets::kTokenRule ? kToken : kNamed;
    c.at = literal;
    c.secret = first.secret;
    c.secretType = first.pattern->id;
    // A value found by its keyword alone shows nothing of itself (its first characters
    // are random, not a kind's prefix).
    c.showPrefix = first.pattern->shape == secrets::ValueShape::Any;
    if (first.pattern->shape != secrets::ValueShape::Any && !first.name.empty())
      c.message = "the value after \"" + first.name + "\" in this string literal is " + first.pattern->description;
    else if (c.rule == secrets::kTokenRule || first.name.empty())
      c.message = first.pattern->description + " is hard-coded in a string literal";
    else
      c.message = "the field \"" + first.name + "\" of this string is set to a hard-coded credential";
    c.value.value = literalText(*literal);
    c.value.wide = literal->getCharByteWidth() != 1;
    c.value.sources.push_back(literal);
    add(std::move(c));
  }
  emit();
  literals_.clear();
  calls_.clear();
  candidates_.clear();
  ctx_ = nullptr;
}

void HardcodedSecretsCheck::sinkCalls() {
  const secrets::ApiSinkTable &table = secrets::builtinApiSinks();
  for (const clang::CallExpr *call : calls_) {
    if (llvm::isa<clang::CXXMemberCallExpr>(call) || llvm::isa<clang::CXXOperatorCallExpr>(call)) continue;
    const clang::FunctionDecl *callee = call->getDirectCallee();
    if (!callee || !callee->getIdentifier()) continue;
    for (const secrets::ApiSink *sink : table.find(callee->getName().str())) {
      if (sink->arg >= call->getNumArgs()) continue;
      if (!sink->option.empty()) {
        if (sink->optionArg >= call->getNumArgs() || sink->optionArg >= callee->getNumParams()) continue;
        std::optional<IntValue> option = resolveInt(call->getArg(sink->optionArg), *ctx_);
        if (!option ||
            enumeratorName(callee->getParamDecl(sink->optionArg)->getType(), option->value) != sink->option)
          continue;
      }
      if (!sink->consumer.empty()) {
        // CryptHashData(hHash, ...) counts only when hHash then feeds CryptDeriveKey.
        const clang::NamedDecl *handle =
            sink->handleArg < call->getNumArgs() ? designatedDecl(call->getArg(sink->handleArg)) : nullptr;
        const clang::FunctionDecl *fn = enclosingFunctionDecl(*call, *ctx_);
        bool feeds = false;
        for (const clang::CallExpr *other : calls_) {
          if (!handle || calleeName(*other) != sink->consumer || other->getNumArgs() <= sink->consumerArg) continue;
          if (designatedDecl(other->getArg(sink->consumerArg)) == handle && enclosingFunctionDecl(*other, *ctx_) == fn)
            feeds = true;
        }
        if (!feeds) continue;
      }
      const clang::Expr *arg = call->getArg(sink->arg);
      size_t before = candidates_.size();
      evaluateSink(*sink, *call, arg, *call, nullptr);
      if (candidates_.size() != before) continue;
      // One level of the TU's own wrappers: the argument is a parameter passed straight on
      // (never assigned in the wrapper); each call of the wrapper gives its value.
      const clang::Expr *forwardedArg = arg->IgnoreParenImpCasts();
      if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(forwardedArg))  // value.c_str()
        if (member->getNumArgs() == 0 && (calleeName(*member) == "c_str" || calleeName(*member) == "data"))
          forwardedArg = member->getImplicitObjectArgument();
      for (const ForwardedArgument &forwarded : forwardedArguments(forwardedArg, *ctx_))
        evaluateSink(*sink, *call, forwarded.arg, *forwarded.call, forwarded.wrapper);
    }
  }
}

void HardcodedSecretsCheck::evaluateSink(const secrets::ApiSink &sink, const clang::CallExpr &call,
                                         const clang::Expr *arg, const clang::Stmt &at,
                                         const clang::FunctionDecl *wrapper) {
  const secrets::PatternCatalog &patterns = secrets::builtinPatterns();
  std::string function = call.getDirectCallee()->getNameAsString();
  Candidate c;
  c.at = &at;
  c.sink = function;
  c.rule = sink.isKey() ? secrets::kCryptoKeyRule : secrets::kCredentialRule;
  c.priority = sink.isKey() ? kKeySink : kApiSink;
  c.secretType = kindName(sink.receives);
  if (wrapper) c.sinkCall = &call;
  std::string where = wrapper ? "passed to " + wrapper->getNameAsString() + "(), which gives it to " + function +
                                    "() as " + sink.what
                              : function + "() receives it as " + sink.what;

  if (sink.receives == Receives::RedisCommand) {
    std::optional<ConstantBytes> format = resolveConstantBytes(arg, *ctx_);
    if (!format) return;
    llvm::StringRef text = llvm::StringRef(format->value).trim();
    if (!text.lower().starts_with("auth ")) return;
    llvm::SmallVector<llvm::StringRef> words;
    text.split(words, ' ', -1, false);
    llvm::StringRef last = words.back();
    if (last.starts_with("%")) {
      unsigned conversions = 0;
      for (size_t i = 0; i + 1 < format->value.size(); ++i)
        if (format->value[i] == '%') {
          if (format->value[i + 1] == '%') ++i;
          else ++conversions;
        }
      unsigned index = sink.arg + conversions;  // the last conversion's argument
      if (conversions == 0 || index >= call.getNumArgs()) return;
      std::optional<ConstantBytes> value = resolveConstantBytes(call.getArg(index), *ctx_);
      if (!value || patterns.isPlaceholder(value->value) || value->value.size() < 4) return;
      c.secret = value->value;
      c.value = std::move(*value);
    } else {
      if (patterns.isPlaceholder(last) || last.size() < 4) return;
      c.secret = last.str();
      c.value = std::move(*format);
    }
    c.message = "a hard-coded password is sent in a Redis AUTH command (" + where + ")";
    add(std::move(c));
    return;
  }
  if (sink.receives == Receives::KeywordValues) {
    if (sink.valuesArg >= call.getNumArgs()) return;
    std::vector<std::optional<ConstantBytes>> keys = resolveStringArray(arg, *ctx_);
    std::vector<std::optional<ConstantBytes>> values = resolveStringArray(call.getArg(sink.valuesArg), *ctx_);
    for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
      if (!keys[i] || !values[i] || keys[i]->value != "password") continue;
      if (patterns.isPlaceholder(values[i]->value) || values[i]->value.size() < 4) continue;
      Candidate each = c;
      each.secret = values[i]->value;
      each.value = std::move(*values[i]);
      each.message = "a hard-coded password is given to " + function + "() as the value of \"password\"";
      add(std::move(each));
    }
    return;
  }

  std::optional<ConstantBytes> value = resolveConstantBytes(arg, *ctx_, &call);
  if (!value || value->value.empty()) return;
  std::string secret = value->value;
  switch (sink.receives) {
  case Receives::Key:
  case Receives::Iv: {
    bool iv = sink.receives == Receives::Iv;
    c.message = "a hard-coded " + std::string(iv ? "IV" : "key") + " is used for encryption (" + where + ")";
    if (iv) c.message += ": a constant IV makes equal plaintexts encrypt alike and breaks CBC/CTR/GCM security";
    break;
  }
  case Receives::UserPassword: {
    size_t colon = secret.find(':');
    if (colon != std::string::npos) secret = secret.substr(colon + 1);
    c.message = "a hard-coded user:password is given to " + where.substr(0, 0) + function + "() as " + sink.what;
    if (wrapper) c.message = "a hard-coded user:password is " + where;
    break;
  }
  case Receives::ConnectionString: {
    std::vector<secrets::PatternMatch> found = patterns.scan(secret, secrets::ScanScope::Literal, false);
    auto it = std::find_if(found.begin(), found.end(), [](const secrets::PatternMatch &m) {
      return m.pattern->id == "url-credentials" || m.pattern->id == "connection-string-password";
    });
    if (it == found.end()) return;
    secret = it->secret;
    c.message = "a connection string with a hard-coded password is given to " + function + "() as " + sink.what;
    if (wrapper) c.message = "a connection string with a hard-coded password is " + where;
    break;
  }
  default:
    c.message = "a hard-coded " + std::string(sink.receives == Receives::Secret ? "secret" : "password") + " is " +
                (wrapper ? where : "given to " + function + "() as " + sink.what);
    break;
  }
  if (!sink.isKey() && (patterns.isPlaceholder(secret) || secret.size() < 4)) return;
  c.secret = secret;
  c.value = std::move(*value);
  add(std::move(c));
}

void HardcodedSecretsCheck::add(Candidate candidate) {
  candidate.key = identity(candidate.value, *candidate.at);
  candidates_.push_back(std::move(candidate));
}

void HardcodedSecretsCheck::emit() {
  const clang::SourceManager &sm = ctx_->getSourceManager();
  const char *hmacKey = std::getenv("ATTEST_HMAC_KEY");
  auto before = [&](const Candidate &a, const Candidate &b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.priority != b.priority) return a.priority > b.priority;
    // Same kind: the one written nearest the value (no variable or helper in between).
    bool aDirect = !a.value.origin && !a.value.helper && a.value.via.empty();
    bool bDirect = !b.value.origin && !b.value.helper && b.value.via.empty();
    if (aDirect != bDirect) return aDirect;
    return sm.isBeforeInTranslationUnit(sm.getFileLoc(a.at->getBeginLoc()), sm.getFileLoc(b.at->getBeginLoc()));
  };
  std::stable_sort(candidates_.begin(), candidates_.end(), before);

  // Whatever is reported or not, every candidate value is secret.
  for (const Candidate &c : candidates_) {
    std::vector<std::string> values = {c.secret};
    if (c.value.value != c.secret && c.value.value.find(c.secret) != std::string::npos && c.rule != secrets::kTokenRule)
      values.push_back(c.value.value);
    // Tokens found in the same literal are secrets too.
    if (const clang::Expr *source = c.value.source())
      if (auto it = literals_.find(sm.getSpellingLoc(source->getBeginLoc()).getRawEncoding()); it != literals_.end())
        for (const secrets::PatternMatch &m : it->second.second) values.push_back(m.secret);
    for (const std::string &value : values) {
      registerSecret(value);
      std::string spelled = escaped(value);
      registerSecret(spelled);
      for (const clang::Expr *source : c.value.sources) {
        if (const auto *literal = llvm::dyn_cast<clang::StringLiteral>(source)) {
          // The source spelling of the value's code units, escapes and all.
          for (auto [begin, end] : valueRanges(literalText(*literal), value))
            for (const std::string &spelling : spellingsOf(*literal, *ctx_, begin, end)) registerSecret(spelling);
          continue;
        }
        // An initializer list: its text, and each of its lines.
        std::vector<std::string> pieces;
        std::string text = sourceText(*source, *ctx_, 1 << 16);
        llvm::StringRef inner = llvm::StringRef(text).trim().trim("{}");
        pieces.push_back(trim(inner));
        llvm::SmallVector<llvm::StringRef> lines;
        inner.split(lines, '\n');
        for (llvm::StringRef line : lines)
          if (line.trim().size() >= 8) pieces.push_back(trim(line.trim().trim("{}")));
        for (const std::string &piece : pieces) registerSecret(piece);
      }
    }
  }

  for (size_t i = 0; i < candidates_.size();) {
    size_t end = i + 1;
    while (end < candidates_.size() && candidates_[end].key == candidates_[i].key) ++end;
    const Candidate &c = candidates_[i];
    // What the literal is, when a known token format says so. A token of a known format
    // given to a credential sink or a credential-named place (`CURLOPT_PASSWORD`,
    // `password = "ghp_..."`) is reported as the token it is; a password inside a URL or a
    // connection string stays a credential, and so does a value found by its keyword only.
    std::string tokenType, rule = c.rule;
    const secrets::PatternMatch *format = nullptr;
    std::optional<Level> level = c.level;
    if (const clang::Expr *source = c.value.source())
      if (auto it = literals_.find(sm.getSpellingLoc(source->getBeginLoc()).getRawEncoding());
          it != literals_.end() && !it->second.second.empty() && c.rule != secrets::kTokenRule) {
        const secrets::PatternMatch &m = it->second.second.front();
        if (m.pattern->rule == secrets::kTokenRule) {
          format = &m;
          tokenType = m.pattern->id;
          static const char *const kPasswordHolders[] = {"url-credentials", "connection-string-password",
                                                         "config-connection-string-password"};
          bool holdsPassword = std::any_of(std::begin(kPasswordHolders), std::end(kPasswordHolders),
                                           [&](const char *id) { return m.pattern->id == id; });
          if (c.rule == secrets::kCredentialRule && m.pattern->shape == secrets::ValueShape::Any && !holdsPassword &&
              c.secret.find(m.secret) != std::string::npos) {
            rule = secrets::kTokenRule;
            level.reset();
          }
        }
      }
    std::string message =
        c.message + " (" +
        masked(c.secret, c.value.fromIntegers, rule == secrets::kTokenRule && (c.showPrefix || format)) + ")";
    if (format) message += "; the value is " + format->pattern->description;
    if (!c.value.via.empty()) message += "; the value is " + c.value.via;
    message += rule == secrets::kCryptoKeyRule
                   ? ". Load keys from a key store, KMS or HSM, and generate IVs at random for each message"
                   : ". Load it at run time from a secret manager, the environment or a protected file";
    Finding *finding = report(rule, *c.at, *ctx_, message, level);
    if (finding) {
      finding->properties["secretType"] = tokenType.empty() ? c.secretType : tokenType;
      if (!c.sink.empty()) finding->properties["sink"] = c.sink;
      if (hmacKey && *hmacKey) finding->properties["secretDigest"] = secretDigest(c.secret, hmacKey);
      unsigned atLine = sm.getExpansionLineNumber(c.at->getBeginLoc());
      if (c.sinkCall) {
        if (std::optional<Location> loc = locate(c.sinkCall->getSourceRange(), *ctx_))
          finding->related.push_back({std::move(*loc), "the wrapper passes it to " + c.sink + "() here"});
      }
      if (c.value.origin &&
          sm.getExpansionLineNumber(c.value.origin->getLocation()) != atLine)
        addRelated(*finding, *c.value.origin, *ctx_, "the secret is defined here");
      if (c.value.helper) addRelated(*finding, *c.value.helper, *ctx_, "the function that returns it");
      if (const clang::Expr *source = c.value.source()) {
        clang::SourceLocation spelling = sm.getSpellingLoc(source->getBeginLoc());
        if (source->getBeginLoc().isMacroID() && !sm.isWrittenInScratchSpace(spelling) &&
            sm.getSpellingLineNumber(spelling) != atLine) {
          llvm::StringRef macro = clang::Lexer::getImmediateMacroName(source->getBeginLoc(), sm, ctx_->getLangOpts());
          if (std::optional<Location> loc = locate(clang::SourceRange(spelling, spelling), *ctx_))
            finding->related.push_back({std::move(*loc), "the value is written here, in macro " + macro.str()});
        }
      }
      // The other places that same value reaches.
      unsigned also = 0;
      for (size_t j = i + 1; j < end && also < 5; ++j) {
        const Candidate &other = candidates_[j];
        if (other.priority < kParameter || other.at == c.at) continue;
        if (std::optional<Location> loc = locate(other.at->getSourceRange(), *ctx_)) {
          finding->related.push_back({std::move(*loc), "the same secret is also used here"});
          ++also;
        }
      }
    }
    i = end;
  }
}

}  // namespace attest::secrets
