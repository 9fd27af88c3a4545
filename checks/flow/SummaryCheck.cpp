#include "checks/flow/SummaryCheck.h"
#include "checks/common/AstWalk.h"
#include "checks/common/CipherString.h"
#include "checks/common/CleartextUrl.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/CryptoAlgorithms.h"
#include "checks/common/DeadCode.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SecretValue.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/SensitiveSinks.h"
#include "checks/common/SinkSpec.h"
#include "checks/common/TlsRole.h"
#include "checks/secrets/ApiSinks.h"
#include "checks/secrets/SecretPatterns.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

using namespace clang::ast_matchers;

namespace attest::flow {
// Its rules are every sink spec's (checks/common/SinkSpec.h), known once all are registered.
ATTEST_REGISTER_CHECK_WITH_RULES(SummaryCheck, "flow/Summaries", sinkSpecRules);

namespace {
using Kind = FlowValue::Kind;

std::string usrOf(const clang::Decl *decl) {
  llvm::SmallString<128> buffer;
  if (!decl || clang::index::generateUSRForDecl(decl, buffer)) return {};
  return std::string(buffer);
}

bool inSystemHeader(const clang::Decl *decl, const clang::ASTContext &ctx) {
  return ctx.getSourceManager().isInSystemHeader(ctx.getSourceManager().getExpansionLoc(decl->getLocation()));
}

bool isStd(const clang::Decl *decl) {
  const clang::DeclContext *dc = decl->getDeclContext();
  while (dc && !dc->isFileContext()) dc = dc->getParent();
  return decl->isInStdNamespace() || (dc && dc->isStdNamespace());
}

// A function of the program (not of a system header or the standard library).
bool isUserFunction(const clang::FunctionDecl *fn, const clang::ASTContext &ctx) {
  return fn && !inSystemHeader(fn, ctx) && !isStd(fn);
}

Location where(const clang::Stmt &node, const clang::ASTContext &ctx) {
  std::optional<Location> loc = locate(node.getSourceRange(), ctx);
  return loc ? std::move(*loc) : Location{};
}


std::string macroOrNull(const clang::Expr &e, const clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation begin = e.getBeginLoc();
  if (!begin.isMacroID()) return {};
  return clang::Lexer::getImmediateMacroName(begin, sm, ctx.getLangOpts()).str();
}

// What the local checks would find insecure about a constant string, as ValueTraits
// (core/Summary.h): the same decisions (CipherString, CleartextUrl, CryptoAlgorithms),
// made once here because the link step never sees the text. Cheap: a few table
// look-ups, and the cipher-list analysis only for text that can be a cipher list.
std::vector<ValueTrait> constantTraits(const std::string &text) {
  std::vector<ValueTrait> out;
  if (text.empty() || text.size() > 512) return out;
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return out;
  if (text.find("://") != std::string::npos) {
    if (std::optional<cleartext::CleartextUrl> url = cleartext::cleartextUrl(text, false))
      out.push_back({"cleartext-url", "\"" + cleartext::withoutUserInfo(text) + "\"",
                     cleartext::consequence(*url->scheme, url->url), "", 0});
    return out;
  }
  if (std::optional<WeakAlgorithm> weak = weakHashByName(text)) {
    std::string shown = weak->name + " (\"" + text + "\")";
    if (weak->hmac)
      out.push_back({"weak-digest-name", shown,
                     " as an HMAC, OAEP/MGF1 or KDF hash: collisions do not break that use, but " + weak->name +
                         " is deprecated; prefer SHA-256 or stronger",
                     "note", 0});
    else
      out.push_back({"weak-digest-name", shown,
                     ", a broken hash function (practical collisions): do not use it for signatures, certificates, "
                     "integrity or password storage; use SHA-256 or stronger",
                     "", 0});
  }
  if (std::optional<WeakAlgorithm> weak = weakCipherByName(text))
    out.push_back({"weak-cipher-name", weak->name + " (\"" + text + "\")",
                   ": " + weakCipherReason(weak->name) + "; use AES-GCM or ChaCha20-Poly1305 (authenticated encryption)",
                   isSmallBlockCipher(weak->name) ? "warning" : "", 0});
  // Cipher lists and priority strings: names, digits and their operators only.
  bool listLike = std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr(":+-!@=,;_.%", c);
  });
  // GnuTLS priority strings: a keyword (NORMAL, SECURE256, NONE, @SYSTEM) or, appended to
  // the default, '+'/'-'/'!' items.
  if (listLike && (std::isupper(static_cast<unsigned char>(text[0])) || text[0] == '@' || text[0] == '+' ||
                   text[0] == '-' || text[0] == '!')) {
    for (bool append : {false, true}) {
      cipher::GnuTlsAnalysis analysis = cipher::analyzeGnuTlsPriority(append ? "NORMAL:" + text : text);
      if (!analysis.weak.empty())
        out.push_back({append ? "weak-priority-append" : "weak-priority",
                       "\"" + (text.size() > 120 ? text.substr(0, 120) + "..." : text) + "\"",
                       cipher::describe(analysis.weak), cipher::anySevere(analysis.weak) ? "error" : "", 0});
    }
  }
  if (listLike) {
    cipher::OpenSslAnalysis analysis = cipher::analyzeOpenSslCipherList(text);
    if (!analysis.weak.empty())
      out.push_back({"weak-cipher-list", "\"" + (text.size() > 120 ? text.substr(0, 120) + "..." : text) + "\"",
                     cipher::describe(analysis.weak), cipher::anySevere(analysis.weak) ? "error" : "", 0});
  }
  return out;
}

class Summarizer {
public:
  Summarizer(clang::ASTContext &ctx, const clang::FunctionDecl *fn) : ctx_(ctx), fn_(fn) {}

  // What `expr` holds, located only when it is something the link step follows.
  FlowValue value(const clang::Expr *expr, int depth = 0) {
    FlowValue v = resolve(expr, depth);
    if (v.kind != Kind::Unknown && v.at.file.empty()) {
      v.at = where(*expr, ctx_);
      if (v.kind == Kind::Const && !v.isInt) {  // the text around a constant holds the secret: never kept
        v.at.regionText.clear();
        v.at.contextText.clear();
      }
      // A hop of a code flow shows its own text; the whole line is left to the sink's
      // location. Summaries hold a value for every argument of every program call, and the
      // lines were most of the cache (and of a warm scan's time).
      v.at.contextText.clear();
    }
    if (v.kind == Kind::Const && !v.isInt && !v.secret.empty()) v.traits = constantTraits(v.secret);
    return v;
  }

  // An argument of a call of a program function (or a value returned or stored): its value,
  // and whether its name says it is a credential or personal data (logging-sensitive-data,
  // storage-cleartext-sensitive-write).
  FlowValue argument(const clang::Expr *expr) {
    FlowValue v = value(expr);
    if (!fn_ || !fn_->getBody() || !expr || expr->isValueDependent() || expr->isTypeDependent()) return v;
    if (v.kind == Kind::Const || v.kind == Kind::Function || !namesSensitive()) return v;
    if (std::optional<SensitiveValue> found = sensitiveValueIn(expr, fn_->getBody(), kCredentialOrPii, ctx_)) {
      bool pii = !(found->kinds & ~kPersonalData);
      v.traits.push_back({"sensitive", found->what, pii ? "personal data" : "a " + describeKinds(found->kinds),
                          pii ? "warning" : "error", found->kinds});
      if (v.at.file.empty()) v.at = where(*expr, ctx_);
    }
    return v;
  }

  FlowValue resolve(const clang::Expr *expr, int depth) {
    FlowValue v;
    if (!expr || depth > 3) return v;
    if (expr->isValueDependent() || expr->isTypeDependent() || expr->containsErrors()) return v;
    const clang::Expr *e = stripWrappers(expr, {.valueAccessors = true});
    // A parameter of this function that it never writes.
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      if (const auto *param = llvm::dyn_cast<clang::ParmVarDecl>(ref->getDecl())) {
        if (fn_ && param->getDeclContext() == fn_ && fn_->getBody() &&
            written(*param).empty()) {
          v.kind = Kind::Param;
          v.index = param->getFunctionScopeIndex();
        }
        return v;
      }
    }
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(e); unary && unary->getOpcode() == clang::UO_AddrOf)
      if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(unary->getSubExpr()->IgnoreParens()))
        if (llvm::isa<clang::FunctionDecl>(ref->getDecl())) e = ref;
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e))
      if (const auto *function = llvm::dyn_cast<clang::FunctionDecl>(ref->getDecl())) {
        v.kind = Kind::Function;
        v.usr = usrOf(function);
        v.name = function->getQualifiedNameAsString();
        return v;
      }
    // A global that is not const: its stores (the initializer among them) are the link
    // step's alternatives, and resolving it here would search the whole TU for writes.
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e))
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
          var && var->hasGlobalStorage() && !var->isStaticLocal() && !var->getType().isConstQualified()) {
        v.kind = Kind::Stored;
        v.usr = usrOf(var);
        v.name = var->getQualifiedNameAsString();
        return v;
      }
    // Constants, as the local checks resolve them.
    clang::QualType type = e->getType();
    if (type->isIntegralOrEnumerationType()) {
      PossibleInts ints = possibleInts(e, ctx_);
      if (!ints.values.empty()) {
        v.kind = Kind::Const;
        v.isInt = true;
        for (const IntValue &i : ints.values) v.ints.push_back(i.value);
        v.runtimeChoice = ints.runtimeChoice;
        std::string text = sourceText(*e, ctx_, 40), number = std::to_string(ints.values.front().value);
        v.display = ints.runtimeChoice || text == number ? text : text + " (" + number + ")";
        return v;
      }
    } else if (std::optional<ConstantBytes> bytes = resolveConstantBytes(e, ctx_)) {
      v.kind = Kind::Const;
      v.nonEmpty = !bytes->value.empty();
      v.plausibleSecret = !bytes->fromIntegers && bytes->value.size() >= 4 &&
                          !secrets::builtinPatterns().isPlaceholder(bytes->value);
      v.secret = bytes->value;
      std::string macro = macroOrNull(*e, ctx_);
      v.display = bytes->origin && bytes->origin->getIdentifier() ? "`" + bytes->origin->getNameAsString() + "`"
                  : !macro.empty()                                 ? "macro " + macro
                  : bytes->fromIntegers                            ? "a byte array"
                                                                   : "a string literal";
      return v;
    }
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
      const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (!var) return v;
      if (var->hasGlobalStorage() && !var->isStaticLocal()) {
        v.kind = Kind::Stored;
        v.usr = usrOf(var);
        v.name = var->getQualifiedNameAsString();
        return v;
      }
      if (isLocalVariable(*var) && fn_ && fn_->getBody()) return local(*var, v, depth);
      return v;
    }
    if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) {
      if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl())) {
        v.kind = Kind::Stored;
        v.member = true;
        v.usr = usrOf(field);
        v.name = field->getParent()->getNameAsString() + "::" + field->getNameAsString();
      } else if (const auto *var = llvm::dyn_cast<clang::VarDecl>(member->getMemberDecl())) {  // static member
        v.kind = Kind::Stored;
        v.usr = usrOf(var);
        v.name = var->getQualifiedNameAsString();
      }
      return v;
    }
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(e); call && !llvm::isa<clang::CXXOperatorCallExpr>(call)) {
      const clang::FunctionDecl *callee = call->getDirectCallee();
      if (!isUserFunction(callee, ctx_)) return v;
      v.kind = Kind::Return;
      v.usr = usrOf(callee);
      v.name = callee->getQualifiedNameAsString();
      if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(callee)) {
        const auto *memberCall = llvm::dyn_cast<clang::CXXMemberCallExpr>(call);
        const auto *callee = memberCall ? llvm::dyn_cast<clang::MemberExpr>(memberCall->getCallee()->IgnoreParens())
                                        : nullptr;
        v.isVirtual = method->isVirtual() && callee && !callee->hasQualifier();
      }
      return v;
    }
    return v;
  }

  // A local variable: what one write gives it, or what a call wrote through it.
  FlowValue local(const clang::VarDecl &var, FlowValue v, int depth) {
    // Passed to a program function that may fill it: `loadKey(key)`, `readPassword(pw)`.
    const std::map<const clang::NamedDecl *, std::pair<int, FlowValue>> &filled = outArguments();
    if (auto it = filled.find(&var); it != filled.end()) return it->second.first == 1 ? it->second.second : v;
    const std::vector<const clang::Expr *> &writes = written(var);
    if (writes.size() != 1) return v;
    return value(writes.front(), depth + 1);
  }

  // The function body's walks, once per function: a body with thousands of statements
  // (pgbouncer's unrolled SHA-256) asked them again for every read of every variable.
  const std::vector<const clang::Expr *> &written(const clang::ValueDecl &var) {
    auto [it, added] = written_.try_emplace(&var);
    if (added) it->second = valuesWrittenTo(var, *fn_->getBody());
    return it->second;
  }

  // Each local passed to a writable pointer or reference parameter of a program function:
  // how many such calls, and (for one) the out-parameter that fills it.
  const std::map<const clang::NamedDecl *, std::pair<int, FlowValue>> &outArguments() {
    if (outArguments_) return *outArguments_;
    outArguments_.emplace();
    forEachStmtOfFunction(fn_->getBody(), [&](const clang::Stmt &stmt) {
      const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt);
      if (!call || llvm::isa<clang::CXXOperatorCallExpr>(call)) return;
      const clang::FunctionDecl *callee = call->getDirectCallee();
      if (!isUserFunction(callee, ctx_)) return;
      for (unsigned i = 0; i < call->getNumArgs() && i < callee->getNumParams(); ++i) {
        clang::QualType type = callee->getParamDecl(i)->getType();
        bool writable = (type->isPointerType() || type->isReferenceType()) && !type->getPointeeType().isConstQualified();
        const clang::NamedDecl *decl = writable ? designatedDecl(call->getArg(i)) : nullptr;
        if (!decl) continue;
        auto &[count, out] = (*outArguments_)[decl];
        ++count;
        out.kind = Kind::OutParam;
        out.usr = usrOf(callee);
        out.name = callee->getQualifiedNameAsString();
        out.index = i;
      }
    });
    return *outArguments_;
  }

  // Whether the body names anything sensitive at all (a variable, field, parameter, called
  // function, or a header name in a string): when not, no argument of it can carry a
  // credential or personal data, and the flow search for one is skipped.
  bool namesSensitive() {
    if (namesSensitive_) return *namesSensitive_;
    bool any = false;
    llvm::DenseMap<const clang::NamedDecl *, bool> seen;
    auto sensitive = [&](const clang::NamedDecl *decl) {
      if (!decl) return false;
      auto [it, added] = seen.try_emplace(decl, false);
      if (added) it->second = (classifyDecl(*decl).kinds & kCredentialOrPii) != 0;
      return it->second;
    };
    forEachStmtOfFunction(fn_->getBody(), [&](const clang::Stmt &stmt) {
      if (any) return;
      if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(&stmt)) any = sensitive(ref->getDecl());
      else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(&stmt)) any = sensitive(member->getMemberDecl());
      else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt)) any = sensitive(call->getDirectCallee());
      else if (const auto *text = llvm::dyn_cast<clang::StringLiteral>(&stmt);
               text && text->getCharByteWidth() == 1 && text->getLength() < 64)
        any = (classifyName(text->getString()).kinds & kCredentialOrPii) != 0;
    });
    namesSensitive_ = any;
    return any;
  }


  // Where an assignment to `lhs` lands, as a store target: a global, a field, or an
  // out-parameter of this function (`*out = v`, `out[i] = v`, `ref = v`, memcpy(out, ...)).
  std::string target(const clang::Expr *lhs, std::string &name, bool copy) {
    const clang::NamedDecl *decl = designatedDecl(lhs);
    if (!decl) return {};
    if (const auto *param = llvm::dyn_cast<clang::ParmVarDecl>(decl)) {
      if (!fn_ || param->getDeclContext() != fn_) return {};
      clang::QualType type = param->getType();
      bool plain = llvm::isa<clang::DeclRefExpr>(lhs->IgnoreParenImpCasts());
      if (!type->isReferenceType() && !(type->isPointerType() && (copy || !plain))) return {};
      name = fn_->getQualifiedNameAsString();
      return outParamKey(usrOf(fn_), param->getFunctionScopeIndex());
    }
    if (const auto *field = llvm::dyn_cast<clang::FieldDecl>(decl)) {
      name = field->getParent()->getNameAsString() + "::" + field->getNameAsString();
      return usrOf(field);
    }
    if (const auto *var = llvm::dyn_cast<clang::VarDecl>(decl); var && var->hasGlobalStorage() && !var->isStaticLocal()) {
      name = var->getQualifiedNameAsString();
      return usrOf(var);
    }
    return {};
  }

  void store(const clang::Expr *lhs, const clang::Expr *rhs, const clang::Stmt &at, std::vector<StoreFact> &out,
             bool copy = false) {
    std::string name;
    std::string key = target(lhs, name, copy);
    if (key.empty()) return;
    StoreFact s;
    s.target = key;
    s.targetName = name;
    s.value = argument(rhs);  // `g_last = user.password`: the name is what a log of g_last is about
    s.at = where(at, ctx_);
    // A constant's text may hold the secret; a run-time value's store is only an
    // alternative that ends chains, never a step shown, and most stores are that (every
    // `list->next = node` in every TU): no text keeps the summaries and the cache small.
    bool runtime = s.value.kind == Kind::Unknown && s.value.traits.empty();
    if ((s.value.kind == Kind::Const && !s.value.isInt) || runtime) {
      s.at.regionText.clear();
      s.at.contextText.clear();
    }
    s.function = fn_ ? usrOf(fn_) : std::string();
    out.push_back(std::move(s));
  }

  clang::ASTContext &ctx_;
  const clang::FunctionDecl *fn_;
  std::map<const clang::ValueDecl *, std::vector<const clang::Expr *>> written_;
  std::optional<std::map<const clang::NamedDecl *, std::pair<int, FlowValue>>> outArguments_;
  std::optional<bool> namesSensitive_;
};

bool isCopyInto(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("memcpy", "memmove", "strcpy", "strncpy", "strlcpy", "wcscpy", "wcsncpy", "stpcpy", true)
      .Default(false);
}

const char *kindName(secrets::Receives r) {
  switch (r) {
  case secrets::Receives::Key: return "key";
  case secrets::Receives::Iv: return "iv";
  case secrets::Receives::Secret: return "secret";
  default: return "password";
  }
}

// The names of the log and file-write APIs (checks/common/SensitiveSinks decides): a
// cheap filter before the full test.
bool mayWriteSensitive(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("printf", "puts", "fprintf", "fputs", "fwrite", "dprintf", "syslog", "print", true)
      .Cases("println", "trace", "debug", "info", "warn", "error", "critical", "log", true)
      .Cases("write", "pwrite", "pwrite64", "fwprintf", "fputws", true)
      .Default(false);
}

// Whether `body` may change `var` other than by the assignments valuesWrittenTo sees: its
// address taken (`sscanf(s, "%d", &bits)`), bound to a reference parameter, `++`/`--`.
bool changedIndirectly(const clang::VarDecl &var, const clang::Stmt &body) {
  bool changed = false;
  auto isVar = [&](const clang::Expr *e) {
    const auto *ref = e ? llvm::dyn_cast<clang::DeclRefExpr>(e->IgnoreParenImpCasts()) : nullptr;
    return ref && ref->getDecl() == &var;
  };
  forEachStmt(&body, [&](const clang::Stmt &stmt) {
    if (changed) return;
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(&stmt))
      changed = isVar(unary->getSubExpr()) && (unary->getOpcode() == clang::UO_AddrOf || unary->isIncrementDecrementOp());
    else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt))
      if (const clang::FunctionDecl *callee = call->getDirectCallee())
        for (unsigned i = 0; i < call->getNumArgs() && i < callee->getNumParams() && !changed; ++i)
          changed = isVar(call->getArg(i)) && callee->getParamDecl(i)->getType()->isReferenceType() &&
                    !callee->getParamDecl(i)->getType()->getPointeeType().isConstQualified();
  });
  return changed;
}

bool pointsToConst(clang::QualType type) {
  return type->isPointerType() && type->getPointeeType().isConstQualified();
}

// The name of the non-const local variable an argument reads, or empty: a size, mode or
// flag set once in the function (`int bits = 1024; ... RSA_generate_key_ex(r, bits, ...)`)
// or a `const char *` pointed at one string, which the local checks do not follow. Buffers
// (`unsigned char iv[16]`, filled by the calls they are passed to) are left to them.
std::string nonConstLocalName(const clang::Expr *arg, const clang::FunctionDecl &fn) {
  const auto *ref = arg ? llvm::dyn_cast<clang::DeclRefExpr>(arg->IgnoreParenImpCasts()) : nullptr;
  const auto *var = ref ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
  if (!var || !isLocalVariable(*var) || var->getType().isConstQualified() || llvm::isa<clang::ParmVarDecl>(var) ||
      !(var->getType()->isIntegralOrEnumerationType() || pointsToConst(var->getType())) || !fn.getBody() ||
      changedIndirectly(*var, *fn.getBody()))
    return {};
  return var->getNameAsString();
}

// The hop by which a constant reached `arg` when it is one the local checks do not follow
// (they resolve literals, macros, enumerators and const variables at the call): a
// non-const integer local written once, or the return value of a program function whose
// body the summary's constant resolution saw. Empty otherwise.
std::string summarizedHop(const clang::Expr *arg, const FlowValue &value, const clang::FunctionDecl &fn,
                          clang::ASTContext &ctx) {
  if (std::string local = nonConstLocalName(arg, fn); !local.empty()) return "the local variable " + local;
  const clang::Expr *e = arg ? arg->IgnoreParenImpCasts() : nullptr;
  while (const auto *cast = llvm::dyn_cast_or_null<clang::ExplicitCastExpr>(e)) e = cast->getSubExpr()->IgnoreParenImpCasts();
  const auto *call = llvm::dyn_cast_or_null<clang::CallExpr>(e);
  const clang::FunctionDecl *callee = call ? call->getDirectCallee() : nullptr;
  if (!call || llvm::isa<clang::CXXOperatorCallExpr>(call) || !isUserFunction(callee, ctx)) return {};
  return "the return value of " + callee->getQualifiedNameAsString() + "()";
}

bool followedValue(const FlowValue &v) {
  return v.kind == Kind::Param || v.kind == Kind::Return || v.kind == Kind::Stored || v.kind == Kind::OutParam;
}
// The constants of a global's brace initializer, as stores to the fields they initialize.
void storeFieldInits(const clang::InitListExpr &list, Summarizer &s, clang::ASTContext &ctx, unsigned &budget,
                     std::vector<StoreFact> &out) {
  const clang::InitListExpr *form = list.isSemanticForm() ? &list : list.getSemanticForm();
  if (!form) return;
  const clang::RecordDecl *record = form->getType()->getAsRecordDecl();
  if (form->getType()->isArrayType()) {
    for (const clang::Expr *element : form->inits())
      if (const auto *inner = llvm::dyn_cast_or_null<clang::InitListExpr>(element ? element->IgnoreImplicit() : nullptr))
        if (budget > 0) storeFieldInits(*inner, s, ctx, budget, out);
    return;
  }
  if (!record || record->isUnion()) return;
  unsigned i = 0;
  for (const clang::FieldDecl *field : record->fields()) {
    if (i >= form->getNumInits() || budget == 0) break;
    const clang::Expr *init = form->getInit(i++);
    if (!init || llvm::isa<clang::ImplicitValueInitExpr>(init)) continue;
    if (const auto *inner = llvm::dyn_cast<clang::InitListExpr>(init->IgnoreImplicit())) {
      storeFieldInits(*inner, s, ctx, budget, out);
      continue;
    }
    --budget;
    FlowValue value = s.value(init);
    if (value.kind != Kind::Const && value.kind != Kind::Function) continue;
    StoreFact store{usrOf(field), field->getParent()->getNameAsString() + "::" + field->getNameAsString(), value,
                    where(*init, ctx), ""};
    if (value.kind == Kind::Const && !value.isInt) store.at.regionText.clear(), store.at.contextText.clear();
    out.push_back(std::move(store));
  }
}

}  // namespace

void SummaryCheck::registerMatchers(MatchFinder &finder) {
  auto user = unless(isExpansionInSystemHeader());
  finder.addMatcher(functionDecl(user, isDefinition(), hasBody(stmt())).bind("fn"), this);
  finder.addMatcher(varDecl(user, hasGlobalStorage(), unless(isStaticLocal()), hasInitializer(expr()),
                            unless(parmVarDecl()))
                        .bind("global"),
                    this);
  finder.addMatcher(fieldDecl(user, hasInClassInitializer(expr())).bind("field"), this);
}

void SummaryCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *fn = result.Nodes.getNodeAs<clang::FunctionDecl>("fn")) {
    summarize(*fn, ctx);
  } else if (const auto *var = result.Nodes.getNodeAs<clang::VarDecl>("global")) {
    if (var->isLocalVarDecl() || var->getDeclContext()->isDependentContext() || !var->getInit()) return;
    Summarizer s(ctx, nullptr);
    // `struct config g = {.verify = 0, ...}` and tables of them: each field's constant is a
    // store to that field, as `g.verify = 0` in a function would be.
    const clang::Type *element = var->getType()->getBaseElementTypeUnsafe();
    if (const auto *list = llvm::dyn_cast<clang::InitListExpr>(var->getInit()->IgnoreImplicit());
        list && element && element->isRecordType()) {
      unsigned budget = 1024;  // a large constant table adds nothing after this many values
      storeFieldInits(*list, s, ctx, budget, out_.stores);
      return;
    }
    FlowValue value = s.value(var->getInit());
    if (value.kind == Kind::Unknown) return;
    StoreFact store{usrOf(var), var->getQualifiedNameAsString(), value, where(*var->getInit(), ctx), ""};
    if (value.kind == Kind::Const && !value.isInt) store.at.regionText.clear(), store.at.contextText.clear();
    out_.stores.push_back(std::move(store));
  } else if (const auto *field = result.Nodes.getNodeAs<clang::FieldDecl>("field")) {
    if (field->getParent()->isDependentContext() || !field->getInClassInitializer()) return;
    Summarizer s(ctx, nullptr);
    FlowValue value = s.value(field->getInClassInitializer());
    StoreFact store{usrOf(field), field->getParent()->getNameAsString() + "::" + field->getNameAsString(), value,
                    where(*field->getInClassInitializer(), ctx), ""};
    if (value.kind == Kind::Const && !value.isInt) store.at.regionText.clear(), store.at.contextText.clear();
    out_.stores.push_back(std::move(store));
  }
}

void SummaryCheck::summarize(const clang::FunctionDecl &fn, clang::ASTContext &ctx) {
  if (fn.isDependentContext() || !fn.getBody() || fn.isDeleted()) return;
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn); method && method->getParent()->isLambda()) return;
  FunctionSummary summary;
  summary.usr = usrOf(&fn);
  if (summary.usr.empty()) return;
  summary.name = fn.getQualifiedNameAsString();
  std::string qualified = summary.name;
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn))
    for (const clang::CXXMethodDecl *base : method->overridden_methods()) summary.overrides.push_back(usrOf(base));
  Summarizer s(ctx, &fn);
  const secrets::ApiSinkTable &table = secrets::builtinApiSinks();

  // A spec'd API's argument (checks/common/SinkSpec.h) that arrives from elsewhere: a
  // parameter, a return value, a global, a field, an out-parameter, or a constant through a
  // non-const local variable (the local checks resolve the others at the call).
  auto sink = [&](const clang::Stmt &call, const clang::Expr *arg, const SinkSpec &spec, const SinkSite &site,
                  const std::string &api, const std::string &what) {
    FlowValue value = s.value(arg);
    if (value.kind == Kind::Const) value.via = summarizedHop(arg, value, fn, ctx);
    if (!followedValue(value) && !(value.kind == Kind::Const && !value.via.empty())) return;
    std::map<std::string, std::string> words = site.words;
    words["api"] = site.api;
    words["what"] = what;
    summary.sinks.push_back({spec.rule, site.predicate, api, what, std::move(value), where(call, ctx), qualified,
                             site.properties, 0, fillWords(spec.message, words), spec.level});
  };

  // The values a log or file write writes: one sink each (the link step keeps one finding per call).
  auto sensitiveSink = [&](const clang::Stmt &at, const SensitiveSink &api, const char *rule, unsigned kinds) {
    const SinkSpec *spec = sinkSpecOf(rule, "sensitive");
    for (const clang::Expr *arg : api.values) {
      if (!arg || llvm::isa<clang::StringLiteral>(arg->IgnoreParenImpCasts())) continue;
      FlowValue value = s.value(arg);
      if (!followedValue(value)) continue;
      std::map<std::string, std::string> properties = {{"api", api.api}};
      if (!api.library.empty()) properties["library"] = api.library;
      summary.sinks.push_back({rule, "sensitive", api.api, "a value to write", std::move(value), where(at, ctx),
                               qualified, std::move(properties), kinds,
                               spec ? fillWords(spec->message, {{"api", api.api}}) : "", spec ? spec->level : ""});
    }
  };

  // Every spec of the callee's name whose shape and selectors this call has.
  auto specSinks = [&](const clang::Expr &at, const std::string &name, const clang::Expr *const *args, unsigned numArgs,
                       bool constructor) {
    std::optional<std::string> option;  // curl_easy_setopt's, resolved once
    for (const SinkSpec *spec : sinkSpecsFor(name, constructor)) {
      if (numArgs < spec->minArgs || numArgs > spec->maxArgs || spec->arg >= numArgs) continue;
      std::string shown = constructor ? name : name + "()", what = spec->what;
      if (!spec->curlOptions.empty()) {
        if (!option) option = constructor ? "" : curlOptionName(llvm::cast<clang::CallExpr>(at), ctx);
        if (std::find(spec->curlOptions.begin(), spec->curlOptions.end(), *option) == spec->curlOptions.end()) continue;
        shown = name + "(" + *option + ")";
        if (what.empty()) what = *option;
      }
      if (spec->selectorArg >= 0) {
        if (static_cast<unsigned>(spec->selectorArg) >= numArgs) continue;
        std::optional<IntValue> selector = resolveInt(args[spec->selectorArg], ctx);
        if (!selector || selector->value != spec->selectorValue) continue;
      }
      SinkSite site{at, args, numArgs, ctx, shown, spec->predicate, spec->properties, {}};
      if (spec->applies && !spec->applies(site)) continue;
      sink(at, args[spec->arg], *spec, site, name, what);
    }
  };

  auto onCall = [&](const clang::CallExpr &call) {
    if (llvm::isa<clang::CXXOperatorCallExpr>(call)) return;
    const clang::FunctionDecl *callee = call.getDirectCallee();
    if (callee && !isUserFunction(callee, ctx)) {
      if (!callee->getIdentifier()) return;
      std::string name = callee->getName().str();
      // Credential, key and IV parameters (rules/api-sinks.yaml).
      for (const secrets::ApiSink *api : table.find(name)) {
        using secrets::Receives;
        if (api->arg >= call.getNumArgs() || !api->consumer.empty()) continue;
        if (api->receives != Receives::Password && api->receives != Receives::Secret &&
            api->receives != Receives::UserPassword && !api->isKey())
          continue;
        if (!api->option.empty()) {
          if (api->optionArg >= call.getNumArgs() || api->optionArg >= callee->getNumParams()) continue;
          std::optional<IntValue> option = resolveInt(call.getArg(api->optionArg), ctx);
          if (!option || enumeratorName(callee->getParamDecl(api->optionArg)->getType(), option->value) != api->option)
            continue;
        }
        const char *rule = api->isKey() ? "secrets-hardcoded-crypto-key" : "secrets-hardcoded-credential";
        const char *predicate = api->isKey() ? "key" : "secret";
        if (const SinkSpec *spec = sinkSpecOf(rule, predicate)) {
          SinkSite site{call, call.getArgs(), call.getNumArgs(), ctx, name, predicate,
                        {{"secretType", kindName(api->receives)}}, {}};
          sink(call, call.getArg(api->arg), *spec, site, name, api->what);
        }
      }
      specSinks(call, name, call.getArgs(), call.getNumArgs(), false);
      // Log and file writes (logging-sensitive-data, storage-cleartext-sensitive-write).
      if (mayWriteSensitive(name)) {
        if (std::optional<SensitiveSink> log = logCallSink(call, ctx))
          sensitiveSink(call, *log, "logging-sensitive-data", kCredentialOrPii);
        if (std::optional<SensitiveSink> file = fileWriteCallSink(call, ctx))
          sensitiveSink(call, *file, "storage-cleartext-sensitive-write", kStoredSensitiveKinds);
      }
      // Copies into a global, a field or an out-parameter.
      if (isCopyInto(name) && call.getNumArgs() >= 2) s.store(call.getArg(0), call.getArg(1), call, summary.stores, true);
      return;
    }
    // A call of the project's own logger (log_error(fmt, ...)) is a log sink, and a call
    // like any other.
    if (callee && callee->isVariadic())
      if (std::optional<SensitiveSink> log = logCallSink(call, ctx))
        sensitiveSink(call, *log, "logging-sensitive-data", kCredentialOrPii);
    CallFact fact;
    fact.at = where(call, ctx);
    fact.at.regionText.clear();  // a call's text may hold a constant argument; the link step never shows it
    fact.at.contextText.clear();
    if (callee) {
      fact.callee = usrOf(callee);
      fact.calleeName = callee->getQualifiedNameAsString();
      if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(callee)) {
        const auto *memberCall = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call);
        const auto *member =
            memberCall ? llvm::dyn_cast<clang::MemberExpr>(memberCall->getCallee()->IgnoreParens()) : nullptr;
        fact.isVirtual = method->isVirtual() && member && !member->hasQualifier();
      }
    } else {
      // Through a function pointer: a local one written once, else a global or field whose
      // one target the link step finds.
      const clang::NamedDecl *pointer = designatedDecl(call.getCallee());
      if (!pointer) return;
      const auto *var = llvm::dyn_cast<clang::VarDecl>(pointer);
      if (var && isLocalVariable(*var)) {
        std::vector<const clang::Expr *> writes = valuesWrittenTo(*var, *fn.getBody());
        if (writes.size() != 1) return;
        FlowValue target = s.value(writes.front());
        if (target.kind != Kind::Function) return;
        fact.callee = target.usr;
        fact.calleeName = target.name;
      } else if (pointer) {
        fact.callee = usrOf(pointer);
        fact.calleeName = pointer->getQualifiedNameAsString();
        fact.viaPointer = true;
      }
    }
    if (fact.callee.empty()) return;
    bool any = false;
    for (unsigned i = 0; i < call.getNumArgs(); ++i) {
      fact.args.push_back(s.argument(call.getArg(i)));
      any |= (fact.args.back().kind != Kind::Unknown && fact.args.back().kind != Kind::Function) ||
             !fact.args.back().traits.empty();
    }
    if (any) summary.calls.push_back(std::move(fact));
  };

  forEachStmtOfFunction(fn.getBody(), [&](const clang::Stmt &stmt) {
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt)) {
      if (inDeadBranch(*call, ctx)) return;  // behind a constant flag that is never true
      onCall(*call);
      if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(call);
          op && op->getOperator() == clang::OO_Equal && op->getNumArgs() == 2)
        s.store(op->getArg(0), op->getArg(1), *op, summary.stores);
      if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(call);
          op && op->getOperator() == clang::OO_LessLess) {
        if (std::optional<SensitiveSink> log = logStreamSink(*op, ctx))
          sensitiveSink(*op, *log, "logging-sensitive-data", kCredentialOrPii);
        else if (std::optional<SensitiveSink> file = fileStreamSink(*op, ctx))
          sensitiveSink(*op, *file, "storage-cleartext-sensitive-write", kStoredSensitiveKinds);
      }
    } else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(&stmt)) {
      const clang::CXXConstructorDecl *ctor = construct->getConstructor();
      if (construct->getNumArgs() == 0) return;
      if (!isUserFunction(ctor, ctx)) {
        specSinks(*construct, ctor->getParent()->getQualifiedNameAsString(), construct->getArgs(),
                  construct->getNumArgs(), true);
        return;
      }
      CallFact fact{usrOf(ctor), ctor->getQualifiedNameAsString(), false, false, {}, where(*construct, ctx)};
      fact.at.regionText.clear();
      fact.at.contextText.clear();
      bool any = false;
      for (unsigned i = 0; i < construct->getNumArgs(); ++i) {
        fact.args.push_back(s.argument(construct->getArg(i)));
        any |= fact.args.back().kind != Kind::Unknown || !fact.args.back().traits.empty();
      }
      if (any) summary.calls.push_back(std::move(fact));
    } else if (const auto *ret = llvm::dyn_cast<clang::ReturnStmt>(&stmt)) {
      if (ret->getRetValue()) summary.returns.push_back(s.argument(ret->getRetValue()));
    } else if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) {
      if (op->getOpcode() == clang::BO_Assign) s.store(op->getLHS(), op->getRHS(), *op, summary.stores);
    }
  });
  if (const auto *ctor = llvm::dyn_cast<clang::CXXConstructorDecl>(&fn))
    for (const clang::CXXCtorInitializer *init : ctor->inits())
      if (init->isMemberInitializer() && init->isWritten() && init->getInit()) {
        const clang::FieldDecl *field = init->getMember();
        StoreFact store{usrOf(field), field->getParent()->getNameAsString() + "::" + field->getNameAsString(),
                        s.argument(init->getInit()), where(*init->getInit(), ctx), summary.usr};
        if (store.value.kind == Kind::Const && !store.value.isInt) store.at.regionText.clear(), store.at.contextText.clear();
        summary.stores.push_back(std::move(store));
      }
  bool anyReturn = std::any_of(summary.returns.begin(), summary.returns.end(),
                               [](const FlowValue &v) { return v.kind != Kind::Unknown || !v.traits.empty(); });
  if (!anyReturn) summary.returns.clear();
  if (summary.calls.empty() && summary.returns.empty() && summary.stores.empty() && summary.sinks.empty() &&
      summary.overrides.empty())
    return;
  out_.functions.push_back(std::move(summary));
}

}  // namespace attest::flow
