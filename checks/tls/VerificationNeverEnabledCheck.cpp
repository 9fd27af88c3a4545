#include "checks/tls/VerificationNeverEnabledCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/DeadCode.h"
#include "checks/common/TlsObjectUses.h"
#include "checks/common/TlsRole.h"
#include "checks/common/UserCode.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(VerificationNeverEnabledCheck, "tls/VerificationNeverEnabled", "tls-verification-disabled");

namespace {
constexpr const char *kRule = "tls-verification-disabled";

auto refersTo(const clang::ValueDecl *decl) {
  return ignoringParenImpCasts(anyOf(declRefExpr(to(equalsNode(decl))), memberExpr(member(equalsNode(decl)))));
}

// A context made with a generic method is a client's when an SSL made from it connects
// (SSL_connect, SSL_set_connect_state) or it is given to BIO_new_ssl_connect.
bool connectsThroughGeneric(const clang::ValueDecl &ctxDecl, clang::ASTContext &ctx) {
  if (!matchUserCode(callExpr(callee(functionDecl(hasName("::BIO_new_ssl_connect"))), hasArgument(0, refersTo(&ctxDecl))),
                     ctx)
           .empty())
    return true;
  for (const BoundNodes &nodes :
       matchUserCode(callExpr(callee(functionDecl(hasName("::SSL_new"))), hasArgument(0, refersTo(&ctxDecl))).bind("new"),
                     ctx)) {
    const clang::ValueDecl *ssl = storedInto(*nodes.getNodeAs<clang::CallExpr>("new"), ctx);
    if (!ssl) continue;
    if (!matchUserCode(callExpr(callee(functionDecl(hasAnyName("::SSL_connect", "::SSL_set_connect_state"))),
                                hasArgument(0, refersTo(ssl))),
                       ctx)
             .empty())
      return true;
  }
  return false;
}

bool onServer(const clang::CallExpr &call, clang::ASTContext &ctx) {
  return call.getNumArgs() >= 1 && opensslRole(*call.getArg(0), ctx) == TlsRole::Server;
}
}  // namespace

void VerificationNeverEnabledCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_new", "::SSL_CTX_new_ex")))).bind("openssl"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::gnutls_init"))), argumentCountIs(2)).bind("gnutls"), this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::boost::asio::ssl::context")))),
                       unless(hasDeclaration(cxxConstructorDecl(anyOf(isCopyConstructor(), isMoveConstructor())))))
          .bind("asio"),
      this);
}

void VerificationNeverEnabledCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("openssl")) checkOpenSsl(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("gnutls")) checkGnuTls(*call, *result.Context);
  else if (const auto *c = result.Nodes.getNodeAs<clang::CXXConstructExpr>("asio")) checkAsio(*c, *result.Context);
}

void VerificationNeverEnabledCheck::checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1 || inDeadBranch(call, ctx)) return;
  const auto *method = llvm::dyn_cast<clang::CallExpr>(call.getArg(call.getNumArgs() - 1)->IgnoreParenCasts());
  const clang::FunctionDecl *methodFn = method ? method->getDirectCallee() : nullptr;
  if (!methodFn || !methodFn->getIdentifier()) return;
  llvm::StringRef methodName = methodFn->getName();
  const clang::ValueDecl *stored = storedInto(call, ctx);
  if (!stored) return;  // used in place: nothing to follow
  bool client = methodName.contains_insensitive("client");
  if (!client && !methodName.contains_insensitive("server")) client = connectsThroughGeneric(*stored, ctx);
  if (!client) return;
  // Anything in this file that sets a verify mode or reads the result (on an object that is
  // not a server's) decides: a mode without the peer bit is the other check's finding.
  if (tuCallsAny({"::SSL_CTX_set_verify", "::SSL_set_verify", "::SSL_get_verify_result",
                  "::SSL_CTX_set_cert_verify_callback"},
                 ctx,
                 [&](const clang::CallExpr &c) {
                   return c.getNumArgs() < 1 || onServer(c, ctx) || !mayBeSameObject(*c.getArg(0), *stored, ctx);
                 }))
    return;
  // Verification by hand, on objects this does not relate to the context.
  if (tuCallsAny({"::X509_verify_cert", "::X509_STORE_CTX_init"}, ctx)) return;
  // A PSK or SRP client authenticates the server without a certificate.
  if (tuCallsAny({"::SSL_CTX_set_psk_client_callback", "::SSL_set_psk_client_callback",
                  "::SSL_CTX_set_psk_use_session_callback", "::SSL_set_psk_use_session_callback",
                  "::SSL_CTX_set_srp_username", "::SSL_set_srp_server_param"},
                 ctx))
    return;
  if (!connectedHere(*stored, ctx) || reachableOutsideTu(*stored, ctx)) return;
  std::string text = sourceText(call, ctx, 60);
  std::string message = text + " makes a client context on which certificate verification is never enabled: "
                        "nothing in this file sets SSL_VERIFY_PEER (SSL_CTX_set_verify/SSL_set_verify) or checks "
                        "SSL_get_verify_result, and OpenSSL's default, SSL_VERIFY_NONE, accepts any certificate";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "openssl";
    finding->properties["side"] = "client";
    finding->properties["default"] = "SSL_VERIFY_NONE";
  }
}

void VerificationNeverEnabledCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (inDeadBranch(call, ctx)) return;
  std::optional<IntValue> flags = resolveInt(call.getArg(1), ctx);
  // GNUTLS_SERVER is 1, GNUTLS_CLIENT 1 << 1.
  if (!flags || (flags->value & 1) || !(flags->value & 2)) return;
  const clang::Expr *handle = call.getArg(0)->IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(handle); unary && unary->getOpcode() == clang::UO_AddrOf)
    handle = unary->getSubExpr()->IgnoreParenImpCasts();
  const clang::ValueDecl *session = nullptr;
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(handle)) session = ref->getDecl();
  else if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(handle)) session = member->getMemberDecl();
  if (!session) return;
  // Only certificate credentials have a certificate to verify (not anonymous or PSK ones).
  if (!tuCallsAny({"::gnutls_certificate_allocate_credentials"}, ctx)) return;
  if (tuCallsAny({"::gnutls_session_set_verify_cert", "::gnutls_session_set_verify_cert2",
                  "::gnutls_certificate_verify_peers", "::gnutls_certificate_verify_peers2",
                  "::gnutls_certificate_verify_peers3", "::gnutls_session_set_verify_function"},
                 ctx,
                 [&](const clang::CallExpr &c) {
                   return c.getNumArgs() < 1 || gnutlsRole(*c.getArg(0), ctx) == TlsRole::Server ||
                          !mayBeSameObject(*c.getArg(0), *session, ctx);
                 }))
    return;
  if (tuCallsAny({"::gnutls_certificate_set_verify_function", "::gnutls_x509_crt_verify",
                  "::gnutls_x509_crt_list_verify", "::gnutls_x509_trust_list_verify_crt",
                  "::gnutls_x509_trust_list_verify_crt2", "::gnutls_pcert_list_verify"},
                 ctx))
    return;
  if (!connectedHere(*session, ctx) || reachableOutsideTu(*session, ctx)) return;
  std::string message = "gnutls_init() makes a client session on which certificate verification is never enabled: "
                        "nothing in this file calls gnutls_session_set_verify_cert or "
                        "gnutls_certificate_verify_peers*, and GnuTLS then accepts any server certificate";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "gnutls";
    finding->properties["side"] = "client";
  }
}

void VerificationNeverEnabledCheck::checkAsio(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  if (construct.getNumArgs() < 1 || inDeadBranch(construct, ctx)) return;
  const clang::Expr *methodArg = construct.getArg(0);
  if (!methodArg->IgnoreParenImpCasts()->getType()->isEnumeralType()) return;
  std::optional<IntValue> method = resolveInt(methodArg, ctx);
  if (!method) return;
  std::string methodName = enumeratorName(methodArg->IgnoreParenImpCasts()->getType(), method->value);
  if (!llvm::StringRef(methodName).contains("client")) return;
  const clang::ValueDecl *stored = storedInto(construct, ctx);
  if (!stored) return;
  // A verify mode or callback on this context or a stream built on it, or OpenSSL's own
  // calls on native_handle().
  for (const BoundNodes &nodes :
       matchUserCode(cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("set_verify_mode", "set_verify_callback"))))
                         .bind("set"),
                     ctx)) {
    const auto *set = nodes.getNodeAs<clang::CXXMemberCallExpr>("set");
    if (!set->getImplicitObjectArgument() || mayBeSameObject(*set->getImplicitObjectArgument(), *stored, ctx)) return;
  }
  if (tuCallsAny({"::SSL_CTX_set_verify", "::SSL_set_verify", "::SSL_get_verify_result"}, ctx)) return;
  if (!connectedHere(*stored, ctx) || reachableOutsideTu(*stored, ctx)) return;
  std::string message = "boost::asio::ssl::context(" + methodName +
                        ") is a client context on which certificate verification is never enabled: its default "
                        "verify mode is verify_none and nothing in this file calls set_verify_mode(verify_peer), so "
                        "any certificate is accepted";
  if (Finding *finding = report(kRule, construct, ctx, message)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = "client";
    finding->properties["default"] = "verify_none";
  }
}

}  // namespace attest::tls
