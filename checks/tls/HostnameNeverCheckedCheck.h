// tls-hostname-verification-disabled, the implicit default: a client that verifies the
// certificate chain but never checks that the certificate was issued for the server's name.
//   - OpenSSL (>= 1.1.0 checks the name only when told): SSL_(CTX_)set_verify with
//     SSL_VERIFY_PEER on a client object in a TU with no SSL_set1_host / SSL_add1_host /
//     X509_VERIFY_PARAM_set1_host / X509_check_host (or IP, DANE, pinning or a hand-written
//     subject check). SSL_set_tlsext_host_name is SNI, not verification.
//   - GnuTLS: gnutls_certificate_verify_peers2(), or verify_peers3() with a NULL host, on a
//     client session in a TU without gnutls_x509_crt_check_hostname.
//   - Boost.Asio: set_verify_mode(verify_peer) on a client context or stream in a TU with no
//     set_verify_callback (host_name_verification, rfc2818_verification) and no
//     SSL_set1_host on the native handle.
// Quiet when the object is reachable from other files, which may set the name.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class HostnameNeverCheckedCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkAsio(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
};
}  // namespace attest::tls
