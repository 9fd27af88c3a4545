#include "checks/common/UserCode.h"

#include "clang/Basic/SourceManager.h"

#include <mutex>
#include <unordered_map>

namespace attest {

const std::vector<clang::Decl *> &userTopLevelDecls(clang::ASTContext &ctx) {
  // One entry per live ASTContext; TUs run on several threads at once.
  static std::mutex mutex;
  static std::unordered_map<const clang::ASTContext *, std::pair<clang::TranslationUnitDecl *, std::vector<clang::Decl *>>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto &entry = cache[&ctx];
  // A new TU may reuse the address of a finished one's context: key on its TU decl too.
  if (entry.first != ctx.getTranslationUnitDecl()) {
    entry.first = ctx.getTranslationUnitDecl();
    entry.second.clear();
    const clang::SourceManager &sm = ctx.getSourceManager();
    for (clang::Decl *d : ctx.getTranslationUnitDecl()->decls()) {
      clang::SourceLocation loc = sm.getFileLoc(d->getLocation());
      if (loc.isValid() && !sm.isInSystemHeader(loc)) entry.second.push_back(d);
    }
  }
  return entry.second;
}

}  // namespace attest
