#include "checks/common/RuntimeChoice.h"

#include "clang/AST/ParentMapContext.h"

namespace attest {
namespace {
bool callsAny(const clang::Stmt *stmt, llvm::function_ref<bool(const clang::FunctionDecl &)> accepts) {
  if (!stmt) return false;
  if (const auto *call = llvm::dyn_cast<clang::CallExpr>(stmt))
    if (const clang::FunctionDecl *callee = call->getDirectCallee())
      if (accepts(*callee)) return true;
  for (const clang::Stmt *child : stmt->children())
    if (callsAny(child, accepts)) return true;
  return false;
}
}  // namespace

const clang::IfStmt *ifElseChoice(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (!callee) return nullptr;
  return ifElseChoiceAmong(call, ctx, [&](const clang::FunctionDecl &other) {
    return other.getCanonicalDecl() == callee->getCanonicalDecl();
  });
}

const clang::IfStmt *ifElseChoiceAmong(const clang::CallExpr &call, clang::ASTContext &ctx,
                                       llvm::function_ref<bool(const clang::FunctionDecl &)> alternative) {
  const clang::Stmt *branch = &call;
  clang::DynTypedNodeList parents = ctx.getParents(call);
  // Up through implicit wrappers (ExprWithCleanups, casts to void) and one block.
  for (int depth = 0; depth < 4 && !parents.empty(); ++depth) {
    const clang::Stmt *parent = parents[0].get<clang::Stmt>();
    if (!parent) return nullptr;
    if (const auto *ifStmt = llvm::dyn_cast<clang::IfStmt>(parent)) {
      if (ifStmt->isConstexpr() || !ifStmt->getElse()) return nullptr;
      const clang::Expr *cond = ifStmt->getCond();
      bool value = false;
      if (!cond || (!cond->isValueDependent() && cond->EvaluateAsBooleanCondition(value, ctx))) return nullptr;
      const clang::Stmt *other = ifStmt->getThen() == branch ? ifStmt->getElse()
                                 : ifStmt->getElse() == branch ? ifStmt->getThen()
                                                               : nullptr;
      return other && callsAny(other, alternative) ? ifStmt : nullptr;
    }
    if (llvm::isa<clang::CompoundStmt>(parent)) {
      // A statement of the branch's block: the next parent must be the if.
    } else if (!llvm::isa<clang::Expr>(parent)) {
      return nullptr;
    }
    branch = parent;
    parents = ctx.getParents(*parent);
  }
  return nullptr;
}

}  // namespace attest
