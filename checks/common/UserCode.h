// Searching the TU for facts (where a variable is assigned, which calls a handle
// receives) without walking the system headers' AST, which is most of a TU that
// includes Boost or OpenSSL: `match(M, ctx)` visits all of it on every call.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <vector>

namespace attest {

// The TU's top-level declarations that are not in a system header (computed once per TU,
// cached for the analysing thread).
const std::vector<clang::Decl *> &userTopLevelDecls(clang::ASTContext &ctx);
// Forgets the cached list: call before each TU is parsed, since a new TU's ASTContext may
// be allocated where the previous one's was.
void resetUserCodeCache();

// Every match of `matcher` (a Stmt/Decl/... matcher) inside the user's own code.
template <typename MatcherT>
llvm::SmallVector<clang::ast_matchers::BoundNodes, 1> matchUserCode(const MatcherT &matcher, clang::ASTContext &ctx) {
  using namespace clang::ast_matchers;
  llvm::SmallVector<BoundNodes, 1> out;
  auto inDecl = decl(forEachDescendant(matcher));
  for (clang::Decl *d : userTopLevelDecls(ctx)) {
    auto found = match(inDecl, *d, ctx);
    out.append(found.begin(), found.end());
  }
  return out;
}

}  // namespace attest
