// transport-cleartext-sensitive: a credential or personal data sent over a connection
// without TLS (CWE-319), or put in a URL's query string (CWE-598).
//   - A cleartext URL (http://, ws://, ftp://... to a host that is not loopback) whose query
//     names a credential or personal-data parameter: "http://api.corp/login?user=%s&password=%s",
//     "http://svc/x?token=" + token.
//   - libcurl: credentials (CURLOPT_USERPWD, CURLOPT_PASSWORD, CURLOPT_XOAUTH2_BEARER) or a
//     sensitive POST body (CURLOPT_POSTFIELDS, CURLOPT_COPYPOSTFIELDS) on a handle whose
//     CURLOPT_URL in the same function is such a cleartext URL.
//   - send()/sendto(), and write() on a descriptor from socket()/accept(), of a sensitive
//     value on a socket this file never hands to TLS (SSL_set_fd, gnutls_transport_set_int,
//     wolfSSL_set_fd).
// Credentials are an error, personal data a warning.
#pragma once
#include "checks/Check.h"

#include <optional>
#include <set>

namespace attest::transport {
class CleartextSensitiveCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkUrlLiteral(const clang::StringLiteral &literal, clang::ASTContext &ctx);
  void checkCurlOption(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkSocketWrite(const clang::CallExpr &call, clang::ASTContext &ctx);
  std::optional<std::set<const clang::NamedDecl *>> tlsSockets_;  // handed to TLS in this TU
};
}  // namespace attest::transport
