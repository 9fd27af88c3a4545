#include "checks/common/AstWalk.h"

#include "clang/AST/DeclCXX.h"

namespace attest {
namespace {
bool inStd(const clang::Decl *decl) {
  const clang::DeclContext *dc = decl->getDeclContext();
  while (dc && !dc->isFileContext()) dc = dc->getParent();
  return decl->isInStdNamespace() || (dc && dc->isStdNamespace());
}

llvm::StringRef methodName(const clang::CXXMemberCallExpr &call) {
  const clang::CXXMethodDecl *method = call.getMethodDecl();
  return method && method->getIdentifier() ? method->getName() : llvm::StringRef();
}
}  // namespace

const clang::Expr *stripWrappers(const clang::Expr *e, Strip what) {
  for (int depth = 0; e && depth < 32; ++depth) {
    const clang::Expr *next = e->IgnoreParens();
    if (const auto *cast = llvm::dyn_cast<clang::CastExpr>(next)) next = cast->getSubExpr();
    else if (const auto *full = llvm::dyn_cast<clang::FullExpr>(next)) next = full->getSubExpr();
    else if (const auto *temp = llvm::dyn_cast<clang::MaterializeTemporaryExpr>(next)) next = temp->getSubExpr();
    else if (const auto *bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(next)) next = bind->getSubExpr();
    else if (const auto *list = llvm::dyn_cast<clang::CXXStdInitializerListExpr>(next); list && what.initializerList)
      next = list->getSubExpr();
    else if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(next);
             unary && what.addressOf && unary->getOpcode() == clang::UO_AddrOf)
      next = unary->getSubExpr();
    else if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(next);
             construct && (what.copies || what.valueAccessors) && construct->getNumArgs() >= 1) {
      const clang::CXXConstructorDecl *ctor = construct->getConstructor();
      bool oneArg = construct->getNumArgs() == 1 || llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(1));
      if (oneArg && ((what.copies && ctor->isCopyOrMoveConstructor()) ||
                     (what.valueAccessors && (ctor->isCopyOrMoveConstructor() || inStd(ctor)))))
        next = construct->getArg(0);
    } else if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(next);
               member && what.valueAccessors && member->getNumArgs() == 0 &&
               (methodName(*member) == "c_str" || methodName(*member) == "data" || methodName(*member) == "get")) {
      next = member->getImplicitObjectArgument();
    }
    if (next == e) return e;
    e = next;
  }
  return e;
}

}  // namespace attest
