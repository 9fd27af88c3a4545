// Facts about a TLS object (an SSL_CTX, SSL, gnutls_session_t or boost::asio::ssl::context)
// for the checks that report a control that is never switched on: where the object is
// stored, whether code outside this TU can reach it (then another file may configure it),
// and whether the TU calls an API at all.
#pragma once
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <initializer_list>

namespace attest {

// The variable or field that `value` (a call or construction) is stored into:
// `T *x = value;`, `x = value;`, `s->field = value;`, `T x(args)` for a construction, a
// constructor's member initializer. Null when it is used otherwise.
const clang::ValueDecl *storedInto(const clang::Expr &value, clang::ASTContext &ctx);

// Whether code outside this TU may reach the object held by `decl`: a parameter, a field of
// a struct declared in a header (a C struct, or a class whose fields are public or whose
// methods are not all defined here; a struct defined in the source file itself is the
// file's own), a global with external
// linkage, or a use that returns it, stores it elsewhere or passes it (or an SSL made from
// it by SSL_new, a BIO_new_ssl_connect BIO, an Asio stream built on it) to a function whose
// body is not in this TU. A function defined in this TU is followed into its parameter.
bool reachableOutsideTu(const clang::ValueDecl &decl, clang::ASTContext &ctx);

// Whether the user's code in this TU calls one of `names` (qualified or not), ignoring
// the calls `ignore` rejects.
bool tuCallsAny(std::initializer_list<llvm::StringRef> names, clang::ASTContext &ctx,
                llvm::function_ref<bool(const clang::CallExpr &)> ignore = nullptr);

}  // namespace attest

namespace attest {
// Whether `handle` (the first argument of a call that configures a TLS object) may be the
// object held by `object` or one made from it: the same variable or field, a variable
// whose stored value is `object` itself or SSL_new(object) (or an Asio stream built on
// it), or anything this cannot tell apart (a parameter, an expression). False only for
// a different variable or field shown to hold something else.
bool mayBeSameObject(const clang::Expr &handle, const clang::ValueDecl &object, clang::ASTContext &ctx);
}  // namespace attest

namespace attest {
// Whether this TU makes a connection with the object: an OpenSSL SSL_CTX or SSL on which
// (or on an SSL made from which by SSL_new) SSL_connect, SSL_do_handshake,
// SSL_set_connect_state, SSL_read or SSL_write is called (also after it is stored in another
// variable or field, or passed to a function defined here), or that BIO_new_ssl_connect is
// given; a GnuTLS session given to gnutls_handshake; a Boost.Asio context a stream is
// built on (or the stream itself). A context made and configured but never used for a
// connection here is no client to report.
bool connectedHere(const clang::ValueDecl &object, clang::ASTContext &ctx);
}  // namespace attest
