// tls-verification-disabled, the implicit default: a client that never turns certificate
// verification on.
//   - OpenSSL: SSL_CTX_new() with a client method (or a generic method whose SSLs connect)
//     in a TU that never calls SSL_(CTX_)set_verify, SSL_get_verify_result,
//     SSL_CTX_set_cert_verify_callback or X509_verify_cert (except on a server object),
//     nor sets up a PSK client; a new SSL_CTX verifies nothing (SSL_VERIFY_NONE).
//   - GnuTLS: gnutls_init(&s, GNUTLS_CLIENT) with certificate credentials and no
//     gnutls_session_set_verify_cert, gnutls_certificate_verify_peers*,
//     gnutls_certificate_set_verify_function or own chain verification in the TU.
//   - Boost.Asio: an ssl::context made with a client method that never gets
//     set_verify_mode / set_verify_callback (its default is verify_none).
// Quiet when the object is reachable from other files (a parameter, a global, a C struct's
// field, returned, passed to a function defined elsewhere): they may enable verification.
// mbedTLS and wolfSSL verify by default on a client: not reported here.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class VerificationNeverEnabledCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkAsio(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
};
}  // namespace attest::tls
