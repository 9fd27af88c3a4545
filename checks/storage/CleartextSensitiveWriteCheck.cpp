#include "checks/storage/CleartextSensitiveWriteCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"
#include "checks/common/SensitiveSinks.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang::ast_matchers;

namespace attest::storage {
ATTEST_REGISTER_CHECK(CleartextSensitiveWriteCheck, "storage/CleartextSensitiveWrite",
                      "storage-cleartext-sensitive-write");

ATTEST_REGISTER_SINKS({.rule = "storage-cleartext-sensitive-write",
                       .predicate = "sensitive",
                       .message = "{api} writes {value} ({detail}){through} to a file in clear text, with no "
                                  "encryption or hashing on the way: anyone who reads the file, a backup or a disk "
                                  "image gets it (CWE-312); store a password as a hash (Argon2id, scrypt, bcrypt), "
                                  "and encrypt anything else (AES-GCM with a key from a KMS or vault) or store a "
                                  "masked form"});

namespace {
constexpr const char *kRule = "storage-cleartext-sensitive-write";
constexpr unsigned kStoredKinds = kStoredSensitiveKinds;

bool inSystemHeader(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::SourceManager &sm = ctx.getSourceManager();
  clang::SourceLocation loc = sm.getExpansionLoc(node.getBeginLoc());
  return loc.isInvalid() || sm.isInSystemHeader(loc);
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
  if (std::optional<SensitiveSink> sink = fileWriteCallSink(call, ctx)) reportValues(call, sink->values, sink->api, ctx);
}

void CleartextSensitiveWriteCheck::checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx) {
  if (std::optional<SensitiveSink> sink = fileStreamSink(op, ctx)) reportValues(op, sink->values, sink->api, ctx);
}

void CleartextSensitiveWriteCheck::checkStreamWrite(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  if (std::optional<SensitiveSink> sink = fileWriteCallSink(call, ctx)) reportValues(call, sink->values, sink->api, ctx);
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
