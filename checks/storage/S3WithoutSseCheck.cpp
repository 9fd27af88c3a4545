#include "checks/storage/S3WithoutSseCheck.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringSwitch.h"
#include "checks/common/AstWalk.h"

#include <regex>

using namespace clang::ast_matchers;

namespace attest::storage {
ATTEST_REGISTER_CHECK(S3WithoutSseCheck, "storage/S3WithoutSse", "storage-s3-without-sse");

namespace {
constexpr const char *kRule = "storage-s3-without-sse";

bool isEncryptionSetter(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("SetServerSideEncryption", "WithServerSideEncryption", "SetSSEKMSKeyId", "WithSSEKMSKeyId", true)
      .Cases("SetSSECustomerAlgorithm", "WithSSECustomerAlgorithm", "SetSSECustomerKey", "WithSSECustomerKey", true)
      .Default(false);
}


// Follows a With...() chain down to its object; `encrypted` is set when a link asks
// for encryption. Returns the innermost object expression.
const clang::Expr *chainRoot(const clang::Expr *e, bool &encrypted) {
  e = stripWrappers(e, {.copies = true});
  while (const auto *call = llvm::dyn_cast_or_null<clang::CXXMemberCallExpr>(e)) {
    if (isEncryptionSetter(calleeName(*call))) encrypted = true;
    e = stripWrappers(call->getImplicitObjectArgument(), {.copies = true});
  }
  return e;
}

// The request type's short name when it is an S3 upload request, else empty.
std::string requestKind(clang::QualType type) {
  const clang::CXXRecordDecl *cls = type.getNonReferenceType()->getAsCXXRecordDecl();
  if (!cls) return {};
  static const std::regex kRequest(R"(Aws::S3(Crt)?::Model::(PutObjectRequest|CreateMultipartUploadRequest|CopyObjectRequest))");
  std::smatch m;
  std::string name = cls->getQualifiedNameAsString();
  if (!std::regex_match(name, m, kRequest)) return {};
  return m[2].str();
}


enum class Verdict { Encrypted, Unencrypted, Unknown };

// What a local request variable gets in its function.
Verdict localRequest(const clang::VarDecl &var, const clang::Stmt &body) {
  if (const clang::Expr *init = var.getInit()) {
    bool encrypted = false;
    const clang::Expr *root = chainRoot(init, encrypted);
    if (encrypted) return Verdict::Encrypted;
    const auto *construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(root);
    if (!construct || construct->getNumArgs() != 0) return Verdict::Unknown;  // a copy, a factory's result
  }
  Verdict verdict = Verdict::Unencrypted;
  forEachStmt(&body, [&](const clang::Stmt &stmt) {
    if (verdict != Verdict::Unencrypted) return;
    if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(&stmt)) {
      bool encrypted = false;
      if (designatedDecl(chainRoot(call, encrypted)) == &var && encrypted) {
        verdict = Verdict::Encrypted;
        return;
      }
    }
    // Handed to another function by reference or pointer: it may set the encryption.
    if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&stmt)) {
      const clang::FunctionDecl *fn = call->getDirectCallee();
      for (unsigned i = 0; i < call->getNumArgs(); ++i) {
        if (designatedDecl(call->getArg(i)) != &var) continue;
        if (!fn || i >= fn->getNumParams()) {
          verdict = Verdict::Unknown;
          continue;
        }
        clang::QualType param = fn->getParamDecl(i)->getType();
        bool writable = (param->isReferenceType() && !param->getPointeeType().isConstQualified()) ||
                        (param->isPointerType() && !param->getPointeeType().isConstQualified());
        if (writable) verdict = Verdict::Unknown;
      }
    }
  });
  return verdict;
}
}  // namespace

void S3WithoutSseCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("PutObject", "PutObjectAsync", "PutObjectCallable",
                                                        "CreateMultipartUpload", "CreateMultipartUploadAsync",
                                                        "CreateMultipartUploadCallable", "CopyObject",
                                                        "CopyObjectAsync", "CopyObjectCallable"),
                                             ofClass(matchesName("^::Aws::S3")))))
          .bind("send"),
      this);
}

void S3WithoutSseCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("send");
  if (!call || call->getNumArgs() < 1) return;
  const clang::Expr *request = call->getArg(0);
  std::string kind = requestKind(request->getType());
  if (kind.empty()) return;
  bool encrypted = false;
  const clang::Expr *root = chainRoot(request, encrypted);
  if (encrypted) return;
  std::string shown;
  if (const auto *construct = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(root)) {
    if (construct->getNumArgs() != 0) return;
    shown = "a temporary " + kind;
  } else {
    const auto *var = llvm::dyn_cast_or_null<clang::VarDecl>(designatedDecl(root));
    if (!var || !isLocalVariable(*var)) return;  // a parameter, field or global: built elsewhere
    const clang::FunctionDecl *fn = enclosingFunctionDecl(*call, ctx);
    if (!fn || !fn->getBody() || localRequest(*var, *fn->getBody()) != Verdict::Unencrypted) return;
    shown = kind + " '" + var->getNameAsString() + "'";
  }
  std::string method = calleeName(*call).str();
  std::string message = "S3Client::" + method + "() sends " + shown +
                        " without SetServerSideEncryption or SetSSEKMSKeyId: the object's encryption at rest is "
                        "left to the bucket's default (SSE-S3 since 2023) rather than a key the code chooses and "
                        "audits; request SSE-KMS (ServerSideEncryption::aws_kms with SetSSEKMSKeyId) or at least "
                        "ServerSideEncryption::AES256 explicitly";
  if (Finding *finding = report(kRule, *call, ctx, message)) {
    finding->properties["library"] = "aws-sdk-cpp";
    finding->properties["request"] = kind;
  }
}

}  // namespace attest::storage
