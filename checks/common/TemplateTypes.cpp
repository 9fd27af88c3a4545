#include "checks/common/TemplateTypes.h"

#include "clang/AST/DeclTemplate.h"

namespace attest {
namespace {
TypeMatch find(clang::QualType type, const std::function<bool(const std::string &)> &pred, int depth) {
  if (type.isNull() || depth > 8) return {};
  type = type.getCanonicalType();
  while (type->isPointerType() || type->isReferenceType()) type = type->getPointeeType().getCanonicalType();
  const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (!record) return {};
  for (const clang::DeclContext *dc = record; dc; dc = dc->getParent()) {
    const auto *cls = llvm::dyn_cast<clang::CXXRecordDecl>(dc);
    if (!cls) break;
    if (pred(cls->getQualifiedNameAsString())) return {cls, ""};
  }
  if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record)) {
    for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
      if (arg.getKind() != clang::TemplateArgument::Type) continue;
      TypeMatch inner = find(arg.getAsType(), pred, depth + 1);
      if (inner.record) {
        std::string name = spec->getSpecializedTemplate()->getNameAsString();
        inner.wrappers = inner.wrappers.empty() ? name : name + " " + inner.wrappers;
        return inner;
      }
    }
  }
  return {};
}
}  // namespace

TypeMatch findClassInType(clang::QualType type, const std::function<bool(const std::string &)> &pred) {
  return find(type, pred, 0);
}

}  // namespace attest
