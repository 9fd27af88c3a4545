#include "checks/tls/PartialVerificationCheck.h"
#include "checks/common/AstWalk.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(PartialVerificationCheck, "tls/PartialVerification", "tls-verification-disabled");

namespace {
constexpr const char *kRule = "tls-verification-disabled";

bool isVerifyErrorCall(const clang::Expr *expr) {
  const auto *call = expr ? llvm::dyn_cast<clang::CallExpr>(expr->IgnoreParenImpCasts()) : nullptr;
  if (!call) return false;
  llvm::StringRef name = calleeName(*call);
  return name == "X509_STORE_CTX_get_error" || name == "SSL_get_verify_result" ||
         name == "wolfSSL_get_verify_result" || name == "wolfSSL_X509_STORE_CTX_get_error";
}

// The verification results of one function: the calls, and the locals written from one.
struct ErrorSources {
  std::set<const clang::VarDecl *> variables;
  bool holds(const clang::Expr *expr) const {
    if (!expr) return false;
    if (isVerifyErrorCall(expr)) return true;
    const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr->IgnoreParenImpCasts());
    const auto *var = ref ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
    return var && variables.count(var);
  }
};

ErrorSources errorSourcesIn(const clang::Stmt &body) {
  ErrorSources sources;
  forEachStmt(&body, [&](const clang::Stmt &stmt) {
    if (const auto *decl = llvm::dyn_cast<clang::DeclStmt>(&stmt)) {
      for (const clang::Decl *d : decl->decls())
        if (const auto *var = llvm::dyn_cast<clang::VarDecl>(d); var && isVerifyErrorCall(var->getInit()))
          sources.variables.insert(var);
    } else if (const auto *assign = llvm::dyn_cast<clang::BinaryOperator>(&stmt);
               assign && assign->getOpcode() == clang::BO_Assign && isVerifyErrorCall(assign->getRHS())) {
      if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(assign->getLHS()->IgnoreParenImpCasts()))
        if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) sources.variables.insert(var);
    }
  });
  return sources;
}

// The X509_V_ERR_* name a constant is spelled with, or "error code N".
std::string errorName(const clang::Expr &constant, int64_t value, const clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = constant.IgnoreParenImpCasts()->getBeginLoc();
  if (loc.isMacroID()) {
    llvm::StringRef macro = clang::Lexer::getImmediateMacroName(loc, sm, ctx.getLangOpts());
    if (macro.starts_with("X509_V_")) return macro.str();
  }
  return "error code " + std::to_string(value);
}

// One `source == value` (or `!=`) comparison.
struct Comparison {
  const clang::BinaryOperator *op = nullptr;
  const clang::Expr *constant = nullptr;
  int64_t value = 0;
};

std::optional<Comparison> comparisonOf(const clang::Expr *expr, clang::BinaryOperatorKind kind,
                                       const ErrorSources &sources, const clang::ASTContext &ctx) {
  const auto *op = expr ? llvm::dyn_cast<clang::BinaryOperator>(expr->IgnoreParenImpCasts()) : nullptr;
  if (!op || op->getOpcode() != kind) return std::nullopt;
  for (auto [source, constant] : {std::pair{op->getLHS(), op->getRHS()}, std::pair{op->getRHS(), op->getLHS()}}) {
    if (!sources.holds(source)) continue;
    if (std::optional<IntValue> value = resolveInt(constant, ctx)) return Comparison{op, constant, value->value};
  }
  return std::nullopt;
}

// The operands of a chain of one logical operator: `a || b || c` -> {a, b, c}.
void flatten(const clang::Expr *expr, clang::BinaryOperatorKind kind, std::vector<const clang::Expr *> &out) {
  const auto *op = llvm::dyn_cast<clang::BinaryOperator>(expr->IgnoreParenImpCasts());
  if (op && op->getOpcode() == kind) {
    flatten(op->getLHS(), kind, out);
    flatten(op->getRHS(), kind, out);
  } else {
    out.push_back(expr);
  }
}

// Whether a statement accepts: `return K` with K non-zero, `v = K` with K non-zero, or
// X509_STORE_CTX_set_error(ctx, X509_V_OK).
bool accepts(const clang::Stmt *stmt, const clang::ASTContext &ctx) {
  bool found = false;
  forEachStmt(stmt, [&](const clang::Stmt &s) {
    if (const auto *ret = llvm::dyn_cast<clang::ReturnStmt>(&s)) {
      if (std::optional<IntValue> v = resolveInt(ret->getRetValue(), ctx); v && v->value != 0) found = true;
    } else if (const auto *assign = llvm::dyn_cast<clang::BinaryOperator>(&s);
               assign && assign->getOpcode() == clang::BO_Assign) {
      if (std::optional<IntValue> v = resolveInt(assign->getRHS(), ctx); v && v->value != 0 &&
                                                                        assign->getLHS()->getType()->isIntegerType())
        found = true;
    } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&s)) {
      if (calleeName(*call) == "X509_STORE_CTX_set_error" && call->getNumArgs() == 2)
        if (std::optional<IntValue> v = resolveInt(call->getArg(1), ctx); v && v->value == 0) found = true;
    }
  });
  return found;
}

bool takesStoreContext(const clang::FunctionDecl &fn) {
  for (const clang::ParmVarDecl *param : fn.parameters()) {
    clang::QualType type = param->getType();
    if (type->isPointerType() && type->getPointeeType().getUnqualifiedType().getAsString().find("X509_STORE_CTX") !=
                                     std::string::npos)
      return true;
  }
  return false;
}

// The statements a `case` label runs: from the label to the next break or return.
std::vector<const clang::Stmt *> caseBody(const clang::CompoundStmt &body, size_t labelIndex) {
  std::vector<const clang::Stmt *> run;
  for (size_t i = labelIndex; i < body.size(); ++i) {
    const clang::Stmt *stmt = body.body_begin()[i];
    // A later label falls through into its code, which runs too.
    while (const auto *label = llvm::dyn_cast<clang::SwitchCase>(stmt)) stmt = label->getSubStmt();
    run.push_back(stmt);
    if (llvm::isa<clang::BreakStmt>(stmt) || llvm::isa<clang::ReturnStmt>(stmt)) break;
  }
  return run;
}
}  // namespace

void PartialVerificationCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::X509_STORE_CTX_get_error", "::SSL_get_verify_result",
                                                            "::wolfSSL_get_verify_result",
                                                            "::wolfSSL_X509_STORE_CTX_get_error"))))
                        .bind("result"),
                    this);
}

void PartialVerificationCheck::check(const MatchFinder::MatchResult &result) {
  const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("result");
  if (!call) return;
  const clang::FunctionDecl *fn = enclosingFunctionDecl(*call, *result.Context);
  if (fn && fn->hasBody() && seen_.insert(fn).second) checkFunction(*fn, *result.Context);
}

void PartialVerificationCheck::checkFunction(const clang::FunctionDecl &fn, clang::ASTContext &ctx) {
  const clang::Stmt *body = fn.getBody();
  ErrorSources sources = errorSourcesIn(*body);
  bool callback = takesStoreContext(fn);
  forEachStmt(body, [&](const clang::Stmt &stmt) {
    // `r == X509_V_OK || r == X509_V_ERR_...`: that error counts as success.
    if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(&stmt); op && op->isLogicalOp()) {
      bool isOr = op->getOpcode() == clang::BO_LOr;
      clang::BinaryOperatorKind compare = isOr ? clang::BO_EQ : clang::BO_NE;
      // Only the outermost operator of a chain.
      for (const clang::DynTypedNode &parent : ctx.getParents(*op))
        if (const auto *up = parent.get<clang::BinaryOperator>(); up && up->getOpcode() == op->getOpcode()) return;
      std::vector<const clang::Expr *> operands;
      flatten(op, op->getOpcode(), operands);
      std::vector<Comparison> comparisons;
      bool okCompared = false;
      for (const clang::Expr *operand : operands)
        if (std::optional<Comparison> c = comparisonOf(operand, compare, sources, ctx)) {
          if (c->value == 0) okCompared = true;
          else comparisons.push_back(*c);
        }
      if (!okCompared) return;
      for (const Comparison &c : comparisons)
        reportAccepted(*c.op, errorName(*c.constant, c.value, ctx),
                       isOr ? "is treated as success next to X509_V_OK" : "is let through by the allow list next to X509_V_OK",
                       ctx);
      return;
    }
    if (!callback) return;
    // In a verify callback: `if (err == X509_V_ERR_...) return 1;`.
    if (const auto *branch = llvm::dyn_cast<clang::IfStmt>(&stmt)) {
      std::vector<const clang::Expr *> operands;
      flatten(branch->getCond(), clang::BO_LAnd, operands);
      for (const clang::Expr *operand : operands) {
        std::vector<const clang::Expr *> alternatives;
        flatten(operand, clang::BO_LOr, alternatives);
        for (const clang::Expr *alternative : alternatives)
          if (std::optional<Comparison> c = comparisonOf(alternative, clang::BO_EQ, sources, ctx);
              c && c->value != 0 && accepts(branch->getThen(), ctx))
            reportAccepted(*c->op, errorName(*c->constant, c->value, ctx), "is accepted by the verify callback", ctx);
      }
      return;
    }
    // `switch (err) { case X509_V_ERR_...: return 1; }`.
    if (const auto *sw = llvm::dyn_cast<clang::SwitchStmt>(&stmt); sw && sources.holds(sw->getCond())) {
      const auto *cases = llvm::dyn_cast_or_null<clang::CompoundStmt>(sw->getBody());
      if (!cases) return;
      for (size_t i = 0; i < cases->size(); ++i) {
        if (!llvm::isa<clang::CaseStmt>(cases->body_begin()[i])) continue;
        bool accepted = false;
        for (const clang::Stmt *run : caseBody(*cases, i)) accepted = accepted || accepts(run, ctx);
        if (!accepted) continue;
        // `case A: case B:` nests B in A: every label of the chain shares the code.
        for (const auto *label = llvm::dyn_cast<clang::CaseStmt>(cases->body_begin()[i]); label;
             label = llvm::dyn_cast<clang::CaseStmt>(label->getSubStmt())) {
          std::optional<IntValue> value = resolveInt(label->getLHS(), ctx);
          if (value && value->value != 0)
            reportAccepted(*label->getLHS(), errorName(*label->getLHS(), value->value, ctx),
                           "is accepted by the verify callback", ctx);
        }
      }
    }
  });
}

void PartialVerificationCheck::reportAccepted(const clang::Expr &comparison, const std::string &error,
                                              const std::string &how, clang::ASTContext &ctx) {
  // An expired or not yet valid certificate, or a CRL that cannot be had: the identity was
  // still verified, the check is weaker (warning). Anything else accepts a certificate
  // that proves nothing: a self-signed one, an unknown issuer's, a wrong name's (error).
  llvm::StringRef name(error);
  bool dates = name.contains("EXPIRED") || name.contains("NOT_YET_VALID") || name.contains("_CRL");
  std::string message = "a certificate that fails verification with " + error + " " + how + ": " +
                        (dates ? "the certificate's dates or revocation are not enforced"
                               : "whoever presents such a certificate (anyone can make one) is accepted") +
                        "; reject every result other than X509_V_OK";
  if (Finding *finding = report(kRule, comparison, ctx, message, dates ? std::optional(Level::Warning) : std::nullopt)) {
    finding->properties["library"] = "openssl";
    finding->properties["acceptedError"] = error;
  }
}

}  // namespace attest::tls
