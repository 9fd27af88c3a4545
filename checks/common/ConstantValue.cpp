#include "checks/common/ConstantValue.h"

#include "clang/AST/Decl.h"

namespace attest {
namespace {
constexpr int kMaxDepth = 8;

const clang::NamedDecl *namedOrigin(const clang::Expr *expr) {
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr->IgnoreParenCasts()))
    if (llvm::isa<clang::VarDecl>(ref->getDecl()) || llvm::isa<clang::EnumConstantDecl>(ref->getDecl()))
      return ref->getDecl();
  return nullptr;
}

std::optional<IntValue> resolve(const clang::Expr *expr, const clang::ASTContext &ctx, int depth) {
  if (!expr || depth > kMaxDepth) return std::nullopt;
  if (expr->isValueDependent() || expr->isTypeDependent() || expr->containsErrors())
    return std::nullopt;
  clang::Expr::EvalResult result;
  if (expr->EvaluateAsInt(result, ctx) && result.Val.isInt())
    return IntValue{result.Val.getInt().getExtValue(), namedOrigin(expr)};
  // C: `static const long kVerify = 0;` is not an integer constant expression, but
  // its value is fixed all the same when the variable is const and never written.
  const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr->IgnoreParenCasts());
  if (!ref) return std::nullopt;
  const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
  if (!var || !var->getType().isConstQualified() || var->getType().isVolatileQualified())
    return std::nullopt;
  const clang::VarDecl *definition = nullptr;
  const clang::Expr *init = var->getAnyInitializer(definition);
  if (!init) return std::nullopt;
  std::optional<IntValue> value = resolve(init, ctx, depth + 1);
  if (value) value->origin = var;
  return value;
}
}  // namespace

std::optional<IntValue> resolveInt(const clang::Expr *expr, const clang::ASTContext &ctx) {
  return resolve(expr, ctx, 0);
}

PossibleInts possibleInts(const clang::Expr *expr, const clang::ASTContext &ctx) {
  PossibleInts out;
  if (!expr) return out;
  if (std::optional<IntValue> value = resolveInt(expr, ctx)) {
    out.values.push_back(*value);
    return out;
  }
  const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(expr->IgnoreParenCasts());
  if (!cond) return out;
  for (const clang::Expr *branch : {cond->getTrueExpr(), cond->getFalseExpr()}) {
    PossibleInts inner = possibleInts(branch, ctx);
    out.values.insert(out.values.end(), inner.values.begin(), inner.values.end());
  }
  out.runtimeChoice = !out.values.empty();
  return out;
}

std::string enumeratorName(clang::QualType enumType, int64_t value) {
  const auto *type = enumType.getCanonicalType()->getAs<clang::EnumType>();
  if (!type || !type->getDecl()) return {};
  const clang::EnumDecl *decl = type->getDecl()->getDefinition();
  if (!decl) return {};
  for (const clang::EnumConstantDecl *e : decl->enumerators())
    if (e->getInitVal().getExtValue() == value) return e->getNameAsString();
  return {};
}

std::string curlOptionName(const clang::CallExpr &call, const clang::ASTContext &ctx) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (!callee || callee->getNumParams() < 2 || call.getNumArgs() < 2) return {};
  std::optional<IntValue> option = resolveInt(call.getArg(1), ctx);
  if (!option) return {};
  return enumeratorName(callee->getParamDecl(1)->getType(), option->value);
}

}  // namespace attest
