#include "checks/storage/CleartextSensitiveWriteCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang::ast_matchers;

namespace attest::storage {
ATTEST_REGISTER_CHECK(CleartextSensitiveWriteCheck, "storage/CleartextSensitiveWrite",
                      "storage-cleartext-sensitive-write");

namespace {
constexpr const char *kRule = "storage-cleartext-sensitive-write";
// Bare key material is left out: a key file is expected to hold a key (its
// permissions are storage-world-readable's).
constexpr unsigned kStoredKinds = kPassword | kSecret | kSession | kOneTimeCode | kPersonalData;

bool inSystemHeader(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = sm.getExpansionLoc(node.getBeginLoc());
  return loc.isInvalid() || sm.isInSystemHeader(loc);
}

const clang::CallExpr *asCall(const clang::Expr *e) {
  return e ? llvm::dyn_cast<clang::CallExpr>(e->IgnoreImplicit()->IgnoreParenImpCasts()) : nullptr;
}

// Where a FILE * or descriptor expression comes from: the expression itself and,
// for a local variable, everything written into it.
std::vector<const clang::Expr *> sourcesOf(const clang::Expr *handle, const clang::Stmt *body) {
  std::vector<const clang::Expr *> out = {handle};
  const clang::NamedDecl *decl = designatedDecl(handle);
  if (decl && body && isLocalVariable(*decl))
    for (const clang::Expr *value : valuesWrittenTo(*llvm::cast<clang::ValueDecl>(decl), *body)) out.push_back(value);
  return out;
}

// A FILE * that is a file: not the console, a pipe or a memory stream.
bool isFileStream(const clang::Expr *file, const clang::Stmt *body) {
  if (!file) return false;
  for (const clang::Expr *source : sourcesOf(file, body)) {
    if (!standardFileName(source).empty()) return false;
    if (const clang::CallExpr *call = asCall(source)) {
      llvm::StringRef name = calleeName(*call);
      if (name == "popen" || name == "fmemopen" || name == "open_memstream" || name == "open_wmemstream")
        return false;
    }
  }
  return true;
}

// A descriptor this function opened on a file.
bool isFileDescriptor(const clang::Expr *fd, const clang::Stmt *body, clang::ASTContext &ctx) {
  if (!fd) return false;
  if (resolveInt(fd, ctx)) return false;  // 1, 2, STDERR_FILENO: the console
  for (const clang::Expr *source : sourcesOf(fd, body))
    if (const clang::CallExpr *call = asCall(source)) {
      bool opens = llvm::StringSwitch<bool>(calleeName(*call))
                       .Cases("open", "open64", "openat", "openat64", "creat", "creat64", true)
                       .Cases("mkstemp", "mkostemp", "mkstemps", "mkostemps", true)
                       .Default(false);
      if (opens) return true;
    }
  return false;
}

// std::ofstream / std::fstream (not std::ostream: that may be the console).
bool isFileStreamType(clang::QualType type) {
  const clang::CXXRecordDecl *cls = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!cls || !cls->isInStdNamespace() || !cls->getIdentifier()) return false;
  return cls->getName() == "basic_ofstream" || cls->getName() == "basic_fstream";
}

std::vector<const clang::Expr *> argsFrom(const clang::CallExpr &call, unsigned first, unsigned skip = ~0u) {
  std::vector<const clang::Expr *> out;
  for (unsigned i = first; i < call.getNumArgs(); ++i)
    if (i != skip) out.push_back(call.getArg(i));
  return out;
}
}  // namespace

void CleartextSensitiveWriteCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::fwrite", "::fprintf", "::fputs", "::fwprintf", "::fputws",
                                                            "::write", "::pwrite", "::pwrite64", "::dprintf"))))
                        .bind("call"),
                    this);
  finder.addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("<<")).bind("stream"), this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("write"), ofClass(hasName("::std::basic_ostream")))))
          .bind("streamWrite"),
      this);
}

void CleartextSensitiveWriteCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("call")) {
    if (!inSystemHeader(*call, ctx)) checkCall(*call, ctx);
  } else if (const auto *op = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>("stream")) {
    if (!inSystemHeader(*op, ctx)) checkStream(*op, ctx);
  } else if (const auto *write = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("streamWrite")) {
    if (!inSystemHeader(*write, ctx)) checkStreamWrite(*write, ctx);
  }
}

void CleartextSensitiveWriteCheck::checkCall(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = calleeName(call);
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  auto arg = [&](unsigned i) -> const clang::Expr * { return i < call.getNumArgs() ? call.getArg(i) : nullptr; };
  if (name == "write" || name == "pwrite" || name == "pwrite64" || name == "dprintf") {
    if (!isFileDescriptor(arg(0), body, ctx)) return;
    std::vector<const clang::Expr *> values = name == "dprintf" ? argsFrom(call, 1) : std::vector{arg(1)};
    reportValues(call, values, name.str() + "()", ctx);
    return;
  }
  unsigned fileArg = name == "fwrite" ? 3 : (name == "fputs" || name == "fputws") ? 1 : 0;
  if (!isFileStream(arg(fileArg), body)) return;
  std::vector<const clang::Expr *> values = name == "fwrite" ? std::vector{arg(0)} : argsFrom(call, 0, fileArg);
  reportValues(call, values, name.str() + "()", ctx);
}

void CleartextSensitiveWriteCheck::checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  std::optional<StreamChain> chain = streamChainOf(op, ctx);
  if (!chain || !chain->outermost || !isFileStreamType(chain->root->getType())) return;
  reportValues(op, chain->operands, "std::ofstream <<", ctx);
}

void CleartextSensitiveWriteCheck::checkStreamWrite(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  const clang::Expr *object = call.getImplicitObjectArgument();
  if (!object || !isFileStreamType(object->IgnoreImplicit()->IgnoreParenImpCasts()->getType()) || call.getNumArgs() < 1)
    return;
  reportValues(call, {call.getArg(0)}, "std::ofstream::write()", ctx);
}

void CleartextSensitiveWriteCheck::reportValues(const clang::Stmt &at, const std::vector<const clang::Expr *> &values,
                                                const std::string &api, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(at, ctx);
  const clang::Stmt *body = fn ? fn->getBody() : nullptr;
  for (const clang::Expr *value : values) {
    if (!value || llvm::isa<clang::StringLiteral>(value->IgnoreParenImpCasts())) continue;
    std::optional<SensitiveValue> found = sensitiveValueIn(value, body, kStoredKinds, ctx);
    if (!found) continue;
    bool pii = !(found->kinds & ~kPersonalData);
    std::string kind = pii ? "personal data" : describeKinds(found->kinds);
    std::string message = api + " writes " + found->what + " (" + (pii ? kind : "a " + kind) + ")";
    if (found->through) message += ", copied into '" + found->through->getNameAsString() + "',";
    message += " to a file in clear text, with no encryption or hashing on the way: anyone who reads the file, a "
               "backup or a disk image gets it (CWE-312); ";
    message += (found->kinds & kPassword) ? "store a password hash (Argon2id, scrypt, bcrypt), never the password"
                                          : "encrypt it (AES-GCM with a key from a KMS or vault) or store a masked form";
    if (Finding *finding = report(kRule, at, ctx, message)) {
      finding->properties["sink"] = api;
      finding->properties["dataKind"] = kind;
      if (found->decl) addRelated(*finding, *found->decl, ctx, "the sensitive value is declared here");
    }
    return;  // one finding per write
  }
}

}  // namespace attest::storage
