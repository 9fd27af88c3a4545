#include "checks/common/DeadCode.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"  // LambdaExpr (also built without the precompiled header)
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Index/USRGeneration.h"

namespace attest {
namespace {
// `flag`, `!flag`, `flag != 0`, `flag == 0`... reduced to the flag and whether the
// condition is true when the flag is non-zero.
const clang::VarDecl *externFlag(const clang::Expr *cond, bool &trueWhenSet) {
  trueWhenSet = true;
  for (int depth = 0; cond && depth < 8; ++depth) {
    cond = cond->IgnoreParenImpCasts();
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(cond); unary && unary->getOpcode() == clang::UO_LNot) {
      trueWhenSet = !trueWhenSet;
      cond = unary->getSubExpr();
      continue;
    }
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(cond)) {
      const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl());
      if (!var || !var->hasGlobalStorage() || var->isStaticLocal() || !var->getType().isConstQualified() ||
          !var->hasExternalStorage() || var->getAnyInitializer() || !var->getType()->isScalarType())
        return nullptr;
      return var;
    }
    return nullptr;
  }
  return nullptr;
}
}  // namespace

std::optional<bool> constantCondition(const clang::Expr *cond, clang::ASTContext &ctx) {
  bool value = false;
  if (!cond || cond->isValueDependent() || cond->isTypeDependent()) return std::nullopt;
  if (!cond->EvaluateAsBooleanCondition(value, ctx)) return std::nullopt;
  return value;
}

bool anyEnclosingBranch(const clang::Stmt &node, clang::ASTContext &ctx,
                        llvm::function_ref<bool(const clang::Expr *cond, bool inTrueBranch, bool isIf)> visit) {
  const clang::Stmt *child = &node;
  clang::DynTypedNodeList parents = ctx.getParents(node);
  for (int depth = 0; depth < 256 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (parent.get<clang::FunctionDecl>() || parent.get<clang::LambdaExpr>()) return false;
    if (const auto *branch = parent.get<clang::IfStmt>()) {
      if (child && (child == branch->getThen() || child == branch->getElse()) &&
          visit(branch->getCond(), child == branch->getThen(), true))
        return true;
    } else if (const auto *choice = parent.get<clang::ConditionalOperator>()) {
      if (child && (child == choice->getTrueExpr() || child == choice->getFalseExpr()) &&
          visit(choice->getCond(), child == choice->getTrueExpr(), false))
        return true;
    }
    child = parent.get<clang::Stmt>();
    parents = ctx.getParents(parent);
  }
  return false;
}

std::vector<BranchGuard> externFlagGuards(const clang::Stmt &node, clang::ASTContext &ctx) {
  std::vector<BranchGuard> guards;
  anyEnclosingBranch(node, ctx, [&](const clang::Expr *cond, bool inTrueBranch, bool) {
    bool trueWhenSet = true;
    const clang::VarDecl *flag = externFlag(cond, trueWhenSet);
    llvm::SmallString<128> usr;
    if (flag && !clang::index::generateUSRForDecl(flag, usr)) guards.push_back({std::string(usr), inTrueBranch == trueWhenSet});
    return false;  // every enclosing branch
  });
  return guards;
}

bool inDeadBranch(const clang::Stmt &node, clang::ASTContext &ctx) {
  return anyEnclosingBranch(node, ctx, [&](const clang::Expr *cond, bool inTrueBranch, bool) {
    std::optional<bool> value = constantCondition(cond, ctx);
    return value && inTrueBranch != *value;
  });
}

}  // namespace attest
