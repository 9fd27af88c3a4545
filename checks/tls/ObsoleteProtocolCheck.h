// tls-obsolete-protocol: code that enables SSL 2/3, TLS 1.0 or TLS 1.1 (or caps the
// version below TLS 1.2, or turns TLS 1.2/1.3 off):
//   - OpenSSL / wolfSSL version-specific methods (SSLv3_method, TLSv1_client_method,
//     wolfTLSv1_1_client_method, DTLSv1_method, ...);
//   - SSL_(CTX_)set_min/max_proto_version below TLS1_2_VERSION (0, the library
//     default, is quiet), wolfSSL_(CTX_)SetMinVersion;
//   - SSL_(CTX_)set_options / asio set_options with SSL_OP_NO_TLSv1_2 / _3;
//   - libcurl CURLOPT_(PROXY_)SSLVERSION SSLv2/SSLv3/TLSv1/TLSv1_0/TLSv1_1, or a
//     CURL_SSLVERSION_MAX_ below 1.2;
//   - Boost.Asio ssl::context sslv2/sslv3/tlsv1/tlsv11 (and _client/_server); sslv23
//     without no_sslv3|no_tlsv1|no_tlsv1_1 (or a TLS 1.2 minimum) is a note;
//   - Poco Context TLSV1_/TLSV1_1_ usages, requireMinimumProtocol below PROTO_TLSV1_2,
//     disableProtocols(PROTO_TLSV1_2 | PROTO_TLSV1_3);
//   - mbedTLS mbedtls_ssl_conf_min/max_version below 3.3 (TLS 1.2),
//     mbedtls_ssl_conf_min/max_tls_version below MBEDTLS_SSL_VERSION_TLS1_2;
//   - GnuTLS priority strings that add VERS-SSL3.0, VERS-TLS1.0 or VERS-TLS1.1.
#pragma once
#include "checks/Check.h"

namespace attest::tls {
class ObsoleteProtocolCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkMethod(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkProtoVersion(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkOptions(const clang::Expr &call, const clang::Expr &handle, const clang::Expr &options,
                    llvm::StringRef function, clang::ASTContext &ctx);
  void checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkAsioContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
  void checkPocoContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
  void checkPocoCall(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx);
  void checkMbedTls(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx);
};
}  // namespace attest::tls
