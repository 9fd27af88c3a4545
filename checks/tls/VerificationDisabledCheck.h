// tls-verification-disabled: certificate verification turned off or made to accept
// everything, on a client (or a context whose role is undetermined):
//   - OpenSSL / wolfSSL SSL_CTX_set_verify, SSL_set_verify (and wolfSSL_ names) with
//     SSL_VERIFY_NONE, or with SSL_VERIFY_PEER and a verify callback that returns 1
//     unconditionally; SSL_CTX_set_cert_verify_callback, X509_STORE(_CTX)_set_verify_cb
//     with such a callback;
//   - libcurl CURLOPT_(PROXY_)SSL_VERIFYPEER 0; CURLOPT_(PROXY_)SSL_OPTIONS with
//     CURLSSLOPT_NO_REVOKE (a note). CURLOPT_SSL_VERIFYHOST moved to
//     tls-hostname-verification-disabled;
//   - Boost.Asio set_verify_mode(verify_none), set_verify_callback returning true;
//   - mbedTLS mbedtls_ssl_conf_authmode NONE, or OPTIONAL when the TU never reads
//     mbedtls_ssl_get_verify_result();
//   - GnuTLS gnutls_certificate_set_verify_flags with GNUTLS_VERIFY_DISABLE_* /
//     ALLOW_SIGN_RSA_MD2/MD5;
//   - cpp-httplib enable_server_certificate_verification(false);
//   - Poco Context::VERIFY_NONE (constructor or Params), AcceptCertificateHandler.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class VerificationDisabledCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkCertVerifyCallback(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkAsio(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
  void checkAsioCallback(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
  void checkMbedTls(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkHttplib(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
  void checkPocoContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
  void checkPocoParams(const clang::BinaryOperator &assign, clang::ASTContext &ctx);
  void checkPocoHandler(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
};
}  // namespace attest::tls
