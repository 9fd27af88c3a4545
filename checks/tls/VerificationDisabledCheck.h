// tls-verification-disabled: OpenSSL SSL_CTX_set_verify/SSL_set_verify with
// SSL_VERIFY_NONE on a client (or undetermined) context, libcurl
// CURLOPT_(PROXY_)SSL_VERIFYPEER/VERIFYHOST 0, Boost.Asio set_verify_mode(verify_none).
#pragma once
#include "checks/Check.h"

namespace attest {
class VerificationDisabledCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkAsio(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
};
}  // namespace attest
