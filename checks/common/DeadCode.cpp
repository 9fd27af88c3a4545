#include "checks/common/DeadCode.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"

namespace attest {
namespace {
// The value of a branch condition when the compiler can fold it; nullopt otherwise.
std::optional<bool> constantCondition(const clang::Expr *cond, clang::ASTContext &ctx) {
  bool value = false;
  if (!cond || cond->isValueDependent() || cond->isTypeDependent()) return std::nullopt;
  if (!cond->EvaluateAsBooleanCondition(value, ctx)) return std::nullopt;
  return value;
}
}  // namespace

bool inDeadBranch(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::Stmt *child = &node;
  clang::DynTypedNodeList parents = ctx.getParents(node);
  for (int depth = 0; depth < 256 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (parent.get<clang::FunctionDecl>() || parent.get<clang::LambdaExpr>()) return false;
    if (const auto *branch = parent.get<clang::IfStmt>()) {
      if (child && (child == branch->getThen() || child == branch->getElse()))
        if (std::optional<bool> value = constantCondition(branch->getCond(), ctx))
          if ((child == branch->getThen()) != *value) return true;
    } else if (const auto *choice = parent.get<clang::ConditionalOperator>()) {
      if (child && (child == choice->getTrueExpr() || child == choice->getFalseExpr()))
        if (std::optional<bool> value = constantCondition(choice->getCond(), ctx))
          if ((child == choice->getTrueExpr()) != *value) return true;
    }
    child = parent.get<clang::Stmt>();
    parents = ctx.getParents(parent);
  }
  return false;
}

}  // namespace attest
