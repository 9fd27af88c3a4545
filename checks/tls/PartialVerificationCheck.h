// tls-verification-disabled, partial acceptance (issue 20 §3): verification runs, but
// the code accepts a certificate that failed it for some reasons.
//   - A verify callback (an `int f(int, X509_STORE_CTX *)`, or any function taking an
//     X509_STORE_CTX *) that, when X509_STORE_CTX_get_error() is a given X509_V_ERR_*,
//     returns non-zero, sets the result it returns to non-zero, or clears the error with
//     X509_STORE_CTX_set_error(ctx, X509_V_OK): `if (err == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
//     return 1;`, `case X509_V_ERR_CERT_HAS_EXPIRED: ok = 1; break;`.
//   - A verification result conflated with success: `SSL_get_verify_result(s) == X509_V_OK ||
//     ... == X509_V_ERR_...`, or an allow list `r != X509_V_OK && r != X509_V_ERR_...`.
// Accepting a self-signed or unknown-issuer certificate accepts anyone's (error); accepting an
// expired or not-yet-valid one, or an unavailable CRL, weakens the check (warning).
#pragma once
#include "checks/Check.h"

#include <set>

namespace attest::tls {
class PartialVerificationCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkFunction(const clang::FunctionDecl &fn, clang::ASTContext &ctx);
  void reportAccepted(const clang::Expr &comparison, const std::string &error, const std::string &how,
                      clang::ASTContext &ctx);
  std::set<const clang::FunctionDecl *> seen_;
};
}  // namespace attest::tls
