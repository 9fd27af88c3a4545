// Run-time choices written as if/else rather than `c ? a : b`:
//   if (cfg->verify == 0) SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
//   else                  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, cb);
// Checks report the insecure branch as a note, like the conditional expression.
#pragma once
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace attest {

// The `if` whose one branch holds `call` (directly or as the only statement of a block)
// while the other branch calls the same function, when its condition is not a
// compile-time constant; null otherwise.
const clang::IfStmt *ifElseChoice(const clang::CallExpr &call, clang::ASTContext &ctx);
// The same when the other branch calls any function `alternative` accepts: a selection
// among algorithms (`if (sha1) md = EVP_sha1(); else md = EVP_sha256();`).
const clang::IfStmt *ifElseChoiceAmong(const clang::CallExpr &call, clang::ASTContext &ctx,
                                       llvm::function_ref<bool(const clang::FunctionDecl &)> alternative);

}  // namespace attest
