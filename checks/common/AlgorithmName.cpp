#include "checks/common/AlgorithmName.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

#include <cctype>

namespace attest {
namespace {
constexpr int kMaxDepth = 8;

std::string literalText(const clang::StringLiteral &literal) {
  std::string text;
  for (unsigned i = 0, n = literal.getLength(); i < n; ++i) {
    uint32_t unit = literal.getCodeUnit(i);
    text.push_back(unit < 0x80 ? static_cast<char>(unit) : '?');
  }
  return text;
}

// The initializer of a variable whose value cannot change: const at the top level
// (`const char *const`, `const char[]`, `const std::string`) or constexpr.
const clang::Expr *constantInitializer(const clang::VarDecl &var) {
  clang::QualType type = var.getType();
  bool fixed = var.isConstexpr() || type.isConstQualified() ||
               (type->isArrayType() && type->castAsArrayTypeUnsafe()->getElementType().isConstQualified());
  if (!fixed || type.isVolatileQualified()) return nullptr;
  const clang::VarDecl *definition = nullptr;
  return var.getAnyInitializer(definition);
}

std::optional<AlgorithmName> resolve(const clang::Expr *expr, const clang::ASTContext &ctx, int depth) {
  if (!expr || depth > kMaxDepth) return std::nullopt;
  expr = expr->IgnoreParenCasts()->IgnoreImplicit()->IgnoreParenCasts();
  if (const auto *literal = llvm::dyn_cast<clang::StringLiteral>(expr))
    return AlgorithmName{literalText(*literal), !literal->isOrdinary() && !literal->isUTF8(), nullptr};
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
    const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
    if (!var) return std::nullopt;
    const clang::Expr *init = constantInitializer(*var);
    if (!init) return std::nullopt;
    std::optional<AlgorithmName> name = resolve(init, ctx, depth + 1);
    if (name && !name->origin) name->origin = var;
    return name;
  }
  // const std::string kAlg = "md5"; ... kAlg.c_str()
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
    const clang::CXXMethodDecl *method = call->getMethodDecl();
    if (method && method->getIdentifier() && (method->getName() == "c_str" || method->getName() == "data"))
      return resolve(call->getImplicitObjectArgument(), ctx, depth + 1);
    return std::nullopt;
  }
  // std::string / std::string_view built from a literal.
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
    if (construct->getNumArgs() >= 1 && !llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(0)))
      return resolve(construct->getArg(0), ctx, depth + 1);
    return std::nullopt;
  }
  return std::nullopt;
}
}  // namespace

std::optional<AlgorithmName> resolveAlgorithmName(const clang::Expr *expr, const clang::ASTContext &ctx) {
  return resolve(expr, ctx, 0);
}

std::vector<AlgorithmName> possibleAlgorithmNames(const clang::Expr *expr, const clang::ASTContext &ctx) {
  std::vector<AlgorithmName> out;
  if (!expr) return out;
  if (std::optional<AlgorithmName> name = resolveAlgorithmName(expr, ctx)) {
    out.push_back(*name);
    return out;
  }
  const auto *cond = llvm::dyn_cast<clang::AbstractConditionalOperator>(expr->IgnoreParenCasts());
  if (!cond) return out;
  for (const clang::Expr *branch : {cond->getTrueExpr(), cond->getFalseExpr()})
    if (std::optional<AlgorithmName> name = resolveAlgorithmName(branch, ctx)) out.push_back(*name);
  return out;
}

std::string normalizeAlgorithmName(llvm::StringRef name) {
  std::string out;
  for (char c : name)
    if (c != '-' && c != '_' && c != '/' && c != ' ') out.push_back(static_cast<char>(std::tolower((unsigned char)c)));
  return out;
}

}  // namespace attest
