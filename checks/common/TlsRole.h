// Whether a TLS context or connection is a client's or a server's: on a server,
// "verify none" only means "do not ask clients for a certificate".
#pragma once
#include <string>
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace attest {
enum class TlsRole { Client, Server, Undetermined };

// How findings name a side (their `side` property): "client", "server",
// "undetermined (client or server)".
std::string sideName(TlsRole role);

// `handle` is an SSL_CTX* or SSL* expression. Looks at how the variable or field
// it names is made anywhere in the TU (SSL_CTX_new(TLS_server_method()), SSL_new(ctx),
// SSL_set_accept_state/SSL_accept, ...). Conflicting evidence is Undetermined.
TlsRole opensslRole(const clang::Expr &handle, clang::ASTContext &ctx);

// `object` is a boost::asio::ssl::context (or stream) expression; its role comes
// from the context's construction method (tls_server, sslv23_client, ...).
TlsRole asioRole(const clang::Expr &object, clang::ASTContext &ctx);

// `session` is a gnutls_session_t expression: GNUTLS_SERVER / GNUTLS_CLIENT in the
// gnutls_init(&session, flags) calls for the same variable or field in the TU.
TlsRole gnutlsRole(const clang::Expr &session, clang::ASTContext &ctx);

// `config` is an mbedtls_ssl_config* expression (`&conf`): MBEDTLS_SSL_IS_SERVER /
// MBEDTLS_SSL_IS_CLIENT in the mbedtls_ssl_config_defaults() calls for it in the TU.
TlsRole mbedtlsRole(const clang::Expr &config, clang::ASTContext &ctx);

struct SinkSite;
// For a sink spec's hook on an OpenSSL or wolfSSL call whose first argument is the SSL_CTX*
// or SSL*: sets the site's `library` and `side` properties and returns the role.
TlsRole openSslSinkSide(SinkSite &site);
}  // namespace attest
