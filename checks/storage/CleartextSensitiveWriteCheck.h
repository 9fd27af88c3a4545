// storage-cleartext-sensitive-write: a credential- or PII-named value written to a
// file without encryption (CWE-312, CWE-313, CWE-256):
// - fwrite/fprintf/fputs (and wide forms) to a FILE * that is not stdout/stderr (the
//   console is logging-sensitive-data's) nor a pipe or memory stream (popen, fmemopen,
//   open_memstream);
// - write/pwrite/dprintf to a descriptor that this function got from open/openat/
//   creat/mkstemp (a socket is transmission, not storage: not reported);
// - std::ofstream / std::fstream `<<` chains and `.write()`.
// The value is followed through local copies, string building and snprintf into
// buffers (checks/common/SensitiveFlow.h); a call on the way that encrypts, seals,
// hashes, masks or redacts (EVP_EncryptUpdate, EVP_SealInit, crypto_secretbox_easy,
// SHA256, argon2id_hash_encoded, mask_pan) makes it quiet. IVs, nonces and salts are
// not secret and stay quiet; bare key material (`key`, `aesKey`) written to a key file
// is storage-world-readable's concern (its permissions), not this rule's.
#pragma once
#include "checks/Check.h"

namespace attest::storage {
class CleartextSensitiveWriteCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCall(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx);
  void checkStreamWrite(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
  void reportValues(const clang::Stmt &at, const std::vector<const clang::Expr *> &values, const std::string &api,
                    clang::ASTContext &ctx);
};
}  // namespace attest::storage
