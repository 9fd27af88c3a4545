// tls-hostname-verification-disabled: libcurl CURLOPT_(PROXY_)SSL_VERIFYHOST 0 (1 is
// a note), GnuTLS gnutls_session_set_verify_cert(session, NULL, ...) on a client.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class HostnameVerificationDisabledCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
};
}  // namespace attest::tls
