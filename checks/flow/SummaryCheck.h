// Per-function summaries for the link step (issue 10; data in core/Summary.h, link in
// core/Link.h), computed on the TU's one MatchFinder like every check, and cheap: one
// walk of each function body defined in the user's code. For each function it records
//   - the API arguments its values reach (sinks): every call of an API that a sink spec
//     names (checks/common/SinkSpec.h, declared next to each check) and the credential,
//     key and IV parameters of rules/api-sinks.yaml, when the value there is not a
//     constant the local check settles at the call but a parameter, a call's return value,
//     a global or field, an out-parameter, or a constant through a non-const local or a
//     helper's return; and what the log and file writes of checks/common/SensitiveSinks
//     write;
//   - the user functions it calls and what it passes (constants, its parameters, ...),
//     also through function pointers and virtual calls;
//   - what it returns, and what it stores into globals, fields and out-parameters;
//   - for the sinks that need more than a constant's bits, the value's traits
//     (core/Summary.h ValueTrait): what the local check would decide about a constant
//     string (weak cipher list, cleartext URL, weak digest or cipher name), and, for
//     arguments, returned and stored values, a credential or PII name (SensitiveFlow);
// and, outside functions, the initializers of globals and fields (brace initializers of
// structs and tables of them as stores to each field). It reports nothing.
#pragma once
#include "checks/Check.h"

namespace attest::flow {
class SummaryCheck : public Check {
public:
  explicit SummaryCheck(FindingSink &sink) : Check(sink), out_(sink.summary) {}
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void summarize(const clang::FunctionDecl &fn, clang::ASTContext &ctx);
  TuSummary &out_;
};
}  // namespace attest::flow
