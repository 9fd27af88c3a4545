#include "checks/common/UserCode.h"

#include "clang/Basic/SourceManager.h"

namespace attest {
namespace {
// One TU's list, on the thread that analyses it. It was once a process-wide map keyed on
// the ASTContext and its TranslationUnitDecl: a new TU's context and TU decl are often
// allocated at the addresses of the previous TU's, so about one scan in twenty returned
// the freed declarations of the TU before (a crash in forEachDescendant, seen as
// "tu-crashed" on random TUs). Every TU now starts with resetUserCodeCache().
struct UserDecls {
  const clang::ASTContext *context = nullptr;
  std::vector<clang::Decl *> decls;
};
thread_local UserDecls current;
}  // namespace

void resetUserCodeCache() { current = UserDecls{}; }

const std::vector<clang::Decl *> &userTopLevelDecls(clang::ASTContext &ctx) {
  if (current.context != &ctx) {
    current.context = &ctx;
    current.decls.clear();
    const clang::SourceManager &sm = ctx.getSourceManager();
    for (clang::Decl *d : ctx.getTranslationUnitDecl()->decls()) {
      clang::SourceLocation loc = sm.getFileLoc(d->getLocation());
      if (loc.isValid() && !sm.isInSystemHeader(loc)) current.decls.push_back(d);
    }
  }
  return current.decls;
}

}  // namespace attest
