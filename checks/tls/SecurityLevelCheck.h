// tls-security-level-lowered: OpenSSL's security level set below the system's default.
// The level decides which keys, signatures, groups, cipher suites and protocol versions
// the library refuses whatever the rest of the configuration says; Debian sets 2.
//   - SSL_CTX_set_security_level(ctx, n) / SSL_set_security_level(ssl, n);
//   - `@SECLEVEL=n` in a cipher string given to SSL_CTX_set_cipher_list /
//     SSL_set_cipher_list (also wolfSSL's) or libcurl's CURLOPT_(PROXY_)SSL_CIPHER_LIST.
// Level 0 (everything permitted: MD5 and SHA-1 signatures, RSA and DH keys under 1024
// bits, TLS 1.0/1.1 in OpenSSL 3) is a warning; level 1 (80-bit security, 1024-bit RSA
// and DH) a note. A value chosen at run time that can be low is a note.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class SecurityLevelCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkSetLevel(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkCipherString(const clang::CallExpr &call, const clang::Expr *arg, clang::ASTContext &ctx);
  void reportLevel(const clang::Stmt &at, int64_t level, bool runtimeChoice, const std::string &api,
                   const std::string &how, const clang::NamedDecl *origin, clang::ASTContext &ctx);
};
}  // namespace attest::tls
