// logging-sensitive-data: a credential- or PII-named value written to a log
// (CWE-532): printf/puts, fprintf/fputs/fwrite/dprintf to stderr or stdout, syslog,
// std::cout/std::cerr/std::clog, spdlog (spdlog::info(...), logger->warn(...),
// SPDLOG_INFO), glog (LOG(INFO) << ...), Boost.Log (BOOST_LOG_TRIVIAL(info) << ...),
// fmt::print/std::print to the console; also the Authorization/Cookie header (by
// lookup or by variable name). Values are followed through local copies, string
// building and snprintf into buffers (checks/common/SensitiveFlow.h); a masking,
// redacting, hashing or encrypting call on the way makes it quiet. Credentials,
// session identifiers and key material are errors, personal data a warning.
#pragma once
#include "checks/Check.h"

namespace attest::logging {
class SensitiveDataCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCall(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkStream(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx);
  void reportValues(const clang::Stmt &at, const std::vector<const clang::Expr *> &values, const std::string &sink,
                    const std::string &library, clang::ASTContext &ctx);
};
}  // namespace attest::logging
