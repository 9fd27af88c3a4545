// Walks over a statement tree, shared by the checks (one copy of each).
#pragma once
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprObjC.h"
#include "clang/AST/Stmt.h"

namespace attest {

// Calls `fn` on `stmt` and every statement and expression below it, in source order.
template <class Fn> void forEachStmt(const clang::Stmt *stmt, Fn &&fn) {
  if (!stmt) return;
  fn(*stmt);
  for (const clang::Stmt *child : stmt->children()) forEachStmt(child, fn);
}

// The same, but not into lambdas and blocks: their bodies are functions of their own.
template <class Fn> void forEachStmtOfFunction(const clang::Stmt *stmt, Fn &&fn) {
  if (!stmt || llvm::isa<clang::LambdaExpr>(stmt) || llvm::isa<clang::BlockExpr>(stmt)) return;
  fn(*stmt);
  for (const clang::Stmt *child : stmt->children()) forEachStmtOfFunction(child, fn);
}

// Calls `fn` on every call expression at or below `stmt`.
template <class Fn> void forEachCall(const clang::Stmt *stmt, Fn &&fn) {
  forEachStmt(stmt, [&](const clang::Stmt &s) {
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&s)) fn(*call);
  });
}

// What stripWrappers looks through besides parentheses, casts (implicit, explicit and
// user-defined conversions) and the temporaries C++ wraps around a value.
struct Strip {
  bool initializerList = false;  // std::initializer_list<T>{...}: its array
  bool copies = false;           // a copy or move constructor's argument
  bool addressOf = false;        // &x: x
  // std::string(p) and other one-argument std constructors, and .c_str() / .data() / .get()
  bool valueAccessors = false;
};
// The expression under the wrappers `what` names (at most 32 levels).
const clang::Expr *stripWrappers(const clang::Expr *expr, Strip what = {});

}  // namespace attest
