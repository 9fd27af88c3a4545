// tls-weak-cipher: cipher configuration strings that enable NULL, anonymous (aNULL,
// ADH, AECDH), EXPORT, RC4, DES, 3DES, MD5 or LOW suites, computed with the OpenSSL
// cipher-string grammar (checks/common/CipherString.h):
//   - SSL_CTX_set_cipher_list / SSL_set_cipher_list (also through Boost.Asio's
//     native_handle()), wolfSSL_(CTX_)set_cipher_list;
//   - libcurl CURLOPT_SSL_CIPHER_LIST / CURLOPT_PROXY_SSL_CIPHER_LIST;
//   - Poco Context cipherList (constructor argument or Params::cipherList);
//   - GnuTLS priority strings that add ARCFOUR, 3DES-CBC, DES-CBC, NULL, MD5, ANON-*,
//     RSA-EXPORT.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class WeakCipherCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  // Reports the cipher string `arg` of `call` (or of each call of a thin wrapper).
  void checkOpenSslString(const clang::Stmt &call, const clang::Expr *arg, const std::string &api,
                          const std::string &library, const std::string &side, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
};
}  // namespace attest::tls
