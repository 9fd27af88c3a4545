// Per-function summaries for the link step (issue 10; data in reports/Summary.h, link in
// driver/Link.h), computed on the TU's one MatchFinder like every check, and cheap: one
// walk of each function body defined in the user's code. For each function it records
//   - the API parameters its values reach (sinks): the credential, key and IV parameters
//     of rules/api-sinks.yaml, curl's CURLOPT_(PROXY_)SSL_VERIFYPEER, SSL_(CTX_)set_verify,
//     mbedtls_ssl_conf_authmode, httplib's enable_server_certificate_verification, when
//     the value there is not a local constant (those the local checks report) but a
//     parameter, a call's return value, a global or field, or an out-parameter;
//   - the user functions it calls and what it passes (constants, its parameters, ...),
//     also through function pointers and virtual calls;
//   - what it returns, and what it stores into globals, fields and out-parameters;
// and, outside functions, the initializers of globals and fields. It reports nothing.
#pragma once
#include "checks/Check.h"

namespace attest {
class SummaryCheck : public Check {
public:
  explicit SummaryCheck(FindingSink &sink) : Check(sink), out_(sink.summary) {}
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void summarize(const clang::FunctionDecl &fn, clang::ASTContext &ctx);
  TuSummary &out_;
};
}  // namespace attest
