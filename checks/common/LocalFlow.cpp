#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

namespace attest {
namespace {

// Calls whose result says something about a value without carrying it: the
// length of a password is not the password.
bool isMeasurement(const clang::Stmt &stmt) {
  if (llvm::isa<clang::UnaryExprOrTypeTraitExpr>(stmt)) return true;  // sizeof
  const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt);
  if (!call) return false;
  const clang::FunctionDecl *fn = call->getDirectCallee();
  if (!fn || !fn->getIdentifier()) return false;
  return llvm::StringSwitch<bool>(fn->getName())
      .Cases("size", "length", "empty", "strlen", "wcslen", "strnlen", "count", "capacity", true)
      .Default(false);
}

// Like forEachStmt, without descending into measurements (sizeof, .size(), strlen).
template <class Fn> void forEachValueStmt(const clang::Stmt *stmt, Fn &&fn) {
  if (!stmt || isMeasurement(*stmt)) return;
  fn(*stmt);
  for (const clang::Stmt *child : stmt->children()) forEachValueStmt(child, fn);
}

bool isCopyInto(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat", "sprintf", "snprintf", true)
      .Cases("wcscpy", "wcsncpy", "wcscat", "wcsncat", "swprintf", "strlcpy", "strlcat", "stpcpy", true)
      .Cases("memcpy_s", "strcpy_s", "strncpy_s", "strcat_s", "sprintf_s", "wcscpy_s", "CopyMemory", true)
      .Default(false);
}

bool isAppendMethod(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("append", "push_back", "emplace_back", "insert", "assign", "write", "put", true)
      .Default(false);
}

bool designates(const clang::Expr *expr, const clang::ValueDecl &target) {
  return designatedDecl(expr) == &target;
}

}  // namespace

llvm::StringRef calleeName(const clang::CallExpr &call) {
  const clang::FunctionDecl *fn = call.getDirectCallee();
  if (!fn || !fn->getIdentifier()) return {};
  return fn->getName();
}

const clang::Stmt *enclosingBody(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(node, ctx);
  return fn ? fn->getBody() : nullptr;
}

const clang::FunctionDecl *enclosingFunctionDecl(const clang::Stmt &node, clang::ASTContext &ctx) {
  clang::DynTypedNodeList parents = ctx.getParents(node);
  for (int depth = 0; depth < 512 && !parents.empty(); ++depth) {
    const clang::DynTypedNode &parent = parents[0];
    if (const auto *fn = parent.get<clang::FunctionDecl>()) return fn;
    if (const auto *lambda = parent.get<clang::LambdaExpr>()) return lambda->getCallOperator();
    parents = ctx.getParents(parent);
  }
  return nullptr;
}

std::vector<const clang::Expr *> valuesWrittenTo(const clang::ValueDecl &target, const clang::Stmt &body) {
  std::vector<const clang::Expr *> values;
  if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&target))
    if (const clang::Expr *init = var->getInit()) values.push_back(init);
  forEachStmt(&body, [&](const clang::Stmt &stmt) {
    if (const auto *op = llvm::dyn_cast<clang::BinaryOperator>(&stmt)) {
      if (op->isAssignmentOp() && designates(op->getLHS(), target)) values.push_back(op->getRHS());
    } else if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(&stmt)) {
      clang::OverloadedOperatorKind kind = op->getOperator();
      bool writes = op->isAssignmentOp() || kind == clang::OO_LessLess;
      if (writes && op->getNumArgs() >= 2 && designates(op->getArg(0), target))
        for (unsigned i = 1; i < op->getNumArgs(); ++i) values.push_back(op->getArg(i));
    } else if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
      if (isAppendMethod(calleeName(*call)) && designates(call->getImplicitObjectArgument(), target))
        for (const clang::Expr *arg : call->arguments()) values.push_back(arg);
    } else if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt)) {
      if (call->getNumArgs() >= 2 && isCopyInto(calleeName(*call)) && designates(call->getArg(0), target))
        for (unsigned i = 1; i < call->getNumArgs(); ++i) values.push_back(call->getArg(i));
    }
  });
  return values;
}

bool isLocalVariable(const clang::NamedDecl &decl) {
  const auto *var = llvm::dyn_cast<clang::VarDecl>(&decl);
  return var && var->isLocalVarDecl() && !llvm::isa<clang::ParmVarDecl>(var);
}

namespace {
const clang::NamedDecl *findOriginIn(const clang::Expr *expr,
                                     const std::function<bool(const clang::NamedDecl &)> &pred,
                                     const clang::Stmt &body, int hops,
                                     llvm::SmallPtrSetImpl<const clang::NamedDecl *> &seen) {
  const clang::NamedDecl *found = nullptr;
  std::vector<const clang::NamedDecl *> locals;
  forEachValueStmt(expr, [&](const clang::Stmt &stmt) {
    if (found) return;
    const clang::NamedDecl *decl = nullptr;
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(&stmt)) decl = ref->getDecl();
    else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(&stmt)) decl = member->getMemberDecl();
    if (!decl) return;
    if (pred(*decl)) found = decl;
    else if (isLocalVariable(*decl)) locals.push_back(decl);
  });
  if (found || hops <= 0) return found;
  for (const clang::NamedDecl *local : locals) {
    if (!seen.insert(local).second) continue;
    for (const clang::Expr *value : valuesWrittenTo(*llvm::cast<clang::ValueDecl>(local), body))
      if (const clang::NamedDecl *origin = findOriginIn(value, pred, body, hops - 1, seen)) return origin;
  }
  return nullptr;
}
}  // namespace

const clang::NamedDecl *findOrigin(const clang::Expr *expr,
                                   const std::function<bool(const clang::NamedDecl &)> &pred,
                                   const clang::Stmt &body, int hops) {
  llvm::SmallPtrSet<const clang::NamedDecl *, 8> seen;
  return findOriginIn(expr, pred, body, hops, seen);
}

}  // namespace attest
