// Intra-procedural value flow by walking the enclosing function's body: enough to
// see that `std::string salted = salt + password; MD5(salted...)` hashes a password,
// or that `int r = rand(); token[i] = alphabet[r % 62];` builds a token from rand().
// Flow-insensitive within the function (every write counts, wherever it is), which
// over-approximates across branches and loops and never follows calls.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "checks/common/AstWalk.h"

#include <functional>
#include <vector>

namespace attest {

// The function whose body holds `node` (lambdas and blocks count as functions), or null.
const clang::FunctionDecl *enclosingFunctionDecl(const clang::Stmt &node, clang::ASTContext &ctx);
// That function's body, or null.
const clang::Stmt *enclosingBody(const clang::Stmt &node, clang::ASTContext &ctx);

// Every expression written into `target` inside `body`: its initializer, plain and
// compound assignments (also to an element: `buf[i] = x`), `target += x`,
// `target << x`, `target.append(x)` / push_back / emplace_back / insert / assign,
// and the source arguments of C copies into it (memcpy, memmove, strcpy, strncpy,
// strcat, strncat, sprintf, snprintf and their wide forms).
std::vector<const clang::Expr *> valuesWrittenTo(const clang::ValueDecl &target, const clang::Stmt &body);

// A declaration referenced by `expr` for which `pred` holds, looking through local
// variables of `body` that `expr` reads and that were written from such a value
// (up to `hops` variables deep). Null when there is none.
const clang::NamedDecl *findOrigin(const clang::Expr *expr,
                                   const std::function<bool(const clang::NamedDecl &)> &pred,
                                   const clang::Stmt &body, int hops = 3);


// Whether `decl` is a variable local to a function (not a global, field or parameter).
bool isLocalVariable(const clang::NamedDecl &decl);

// The callee's name of a call (free function, method or operator), or empty.
llvm::StringRef calleeName(const clang::CallExpr &call);

}  // namespace attest
