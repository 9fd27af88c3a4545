// transport-cleartext: connections that send data without TLS.
//   - http://, ws://, ftp://, telnet://, ldap://, mqtt://, and smtp/imap/pop3 without
//     CURLOPT_USE_SSL, given to libcurl CURLOPT_URL, cpp-httplib Client, or as host
//     to Poco HTTPClientSession / FTPClientSession (cpp-httplib Client(host, port) is
//     plain HTTP too). Loopback hosts, the documentation hosts (example.com/.net/.org,
//     .test, .example, .invalid, RFC 5737 addresses) stay quiet; a URL whose host is
//     only known at run time is a note;
//   - gRPC InsecureChannelCredentials / InsecureServerCredentials unless the target
//     or listening address is loopback or a Unix socket;
//   - libpq conninfo with sslmode=disable (allow/prefer: a note) to a TCP host that
//     is not loopback;
//   - hiredis redisConnect* to a non-loopback host in a TU that never sets up TLS
//     (redisInitiateSSL*, redisCreateSSLContext): a note;
//   - MongoDB URIs with tls=false / ssl=false to a non-loopback host;
//   - AWS SDK for C++ Aws::Client::ClientConfiguration::scheme = Aws::Http::Scheme::HTTP
//     (quiet when the same configuration's endpointOverride is a loopback host, e.g.
//     LocalStack or MinIO on localhost), and an http:// endpointOverride.
#pragma once
#include "checks/Check.h"

namespace attest::transport {
class CleartextCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkUrl(const clang::Stmt &at, const clang::Expr *arg, const std::string &api, bool curl,
                const std::string &library, clang::ASTContext &ctx);
  void checkPlainHost(const clang::Stmt &at, const clang::Expr *arg, const std::string &api,
                      const std::string &protocol, const std::string &library, clang::ASTContext &ctx);
  void checkGrpc(const clang::CallExpr &call, bool server, clang::ASTContext &ctx);
  void checkPostgres(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkPostgresParams(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkRedis(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkMongo(const clang::Stmt &at, const clang::Expr *arg, const std::string &api, clang::ASTContext &ctx);
  void checkAwsConfig(const clang::BinaryOperator &assign, clang::ASTContext &ctx);
};
}  // namespace attest::transport
