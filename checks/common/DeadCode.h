// Code that a compile-time constant condition never reaches:
//   static const bool kAllowInsecure = false;
//   if (kAllowInsecure) curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);   // dead: quiet
//   if (kStrict) ...; else SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);  // dead when kStrict is true
// A flag that can change at run time (a non-const global, a parameter) decides nothing
// here: its branches are live, and the checks judge them as run-time choices.
#pragma once
#include "core/Finding.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

#include <vector>

namespace attest {

// Whether `node` lies in the branch of an `if` or `?:` (within its function) whose
// condition is a compile-time constant selecting the other branch.
bool inDeadBranch(const clang::Stmt &node, clang::ASTContext &ctx);

// The value of a branch condition when the compiler can fold it; nullopt otherwise.
std::optional<bool> constantCondition(const clang::Expr *cond, clang::ASTContext &ctx);

// Each `if` and `?:` around `node` within its function (lambdas count as functions) whose
// branch holds it, innermost first: `visit(condition, inTrueBranch, isIf)` until it returns
// true, and then true.
bool anyEnclosingBranch(const clang::Stmt &node, clang::ASTContext &ctx,
                        llvm::function_ref<bool(const clang::Expr *cond, bool inTrueBranch, bool isIf)> visit);

// The branches around `node` (within its function) whose condition is a const global this
// TU declares without a value (`extern const bool kAllowInsecure;`, `if (!kStrict)`): the
// value it must have for `node` to run. The scanner settles them with the definitions the
// whole program's summaries hold.
std::vector<BranchGuard> externFlagGuards(const clang::Stmt &node, clang::ASTContext &ctx);

}  // namespace attest
