#include "checks/tls/HostnameNeverCheckedCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/DeadCode.h"
#include "checks/common/TlsObjectUses.h"
#include "checks/common/TlsRole.h"
#include "checks/common/UserCode.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(HostnameNeverCheckedCheck, "tls/HostnameNeverChecked", "tls-hostname-verification-disabled");

namespace {
constexpr const char *kRule = "tls-hostname-verification-disabled";
constexpr int64_t kVerifyPeer = 0x01;  // SSL_VERIFY_PEER, boost::asio::ssl::verify_peer

const clang::ValueDecl *handleDecl(const clang::Expr &e) {
  const clang::Expr *inner = e.IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(inner); unary && unary->getOpcode() == clang::UO_AddrOf)
    inner = unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(inner)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(inner)) return member->getMemberDecl();
  return nullptr;
}

// Every value the mode can take has the peer bit (a constant, not a run-time choice).
bool alwaysVerifiesPeer(const clang::Expr &mode, clang::ASTContext &ctx) {
  PossibleInts values = possibleInts(&mode, ctx);
  if (values.values.empty() || values.runtimeChoice) return false;
  for (const IntValue &value : values.values)
    if (!(value.value & kVerifyPeer)) return false;
  return true;
}

// The TU checks the name (or binds the peer otherwise: an IP address, DANE, a pinned
// certificate or key, a hand-written comparison of the subject's names).
bool tuChecksPeerIdentity(clang::ASTContext &ctx) {
  return tuCallsAny({"::SSL_set1_host", "::SSL_add1_host", "::X509_VERIFY_PARAM_set1_host",
                     "::X509_VERIFY_PARAM_add1_host", "::X509_VERIFY_PARAM_set1_ip", "::X509_VERIFY_PARAM_set1_ip_asc",
                     "::X509_VERIFY_PARAM_set1_email", "::X509_check_host", "::X509_check_ip", "::X509_check_ip_asc",
                     "::X509_check_email", "::SSL_dane_enable", "::SSL_dane_tlsa_add", "::X509_digest",
                     "::X509_pubkey_digest", "::X509_cmp", "::EVP_PKEY_cmp", "::EVP_PKEY_eq",
                     "::X509_NAME_get_text_by_NID", "::X509_NAME_get_index_by_NID", "::X509_get_ext_d2i",
                     "::SSL_CTX_set_cert_verify_callback", "::wolfSSL_check_domain_name"},
                    ctx);
}
}  // namespace

void HostnameNeverCheckedCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_verify", "::SSL_set_verify"))), argumentCountIs(3))
          .bind("openssl"),
      this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::gnutls_certificate_verify_peers2",
                                                            "::gnutls_certificate_verify_peers3"))))
                        .bind("gnutls"),
                    this);
  auto asioClass = ofClass(cxxRecordDecl(hasAnyName("::boost::asio::ssl::context", "::boost::asio::ssl::stream")));
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_verify_mode"), asioClass))).bind("asio"), this);
}

void HostnameNeverCheckedCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("openssl")) checkOpenSsl(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("gnutls")) checkGnuTls(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("asio")) checkAsio(*call, *result.Context);
}

void HostnameNeverCheckedCheck::checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (inDeadBranch(call, ctx) || !alwaysVerifiesPeer(*call.getArg(1), ctx)) return;
  const clang::ValueDecl *handle = handleDecl(*call.getArg(0));
  if (!handle || opensslRole(*call.getArg(0), ctx) != TlsRole::Client) return;
  // A callback without a body here may check the name itself.
  const clang::Expr *callback = call.getArg(2)->IgnoreParenCasts();
  if (!callback->isNullPointerConstant(ctx, clang::Expr::NPC_ValueDependentIsNotNull)) {
    const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(callback);
    const auto *fn = ref ? llvm::dyn_cast<clang::FunctionDecl>(ref->getDecl()) : nullptr;
    if (!fn || !fn->getDefinition()) return;
  }
  if (tuChecksPeerIdentity(ctx) || !connectedHere(*handle, ctx) || reachableOutsideTu(*handle, ctx)) return;
  std::string api = call.getDirectCallee()->getNameAsString();
  std::string message = api + "() enables SSL_VERIFY_PEER on this client " +
                        (api == "SSL_set_verify" ? "connection" : "context") +
                        ", but the host name is never checked: nothing in this file calls SSL_set1_host, "
                        "SSL_add1_host, X509_VERIFY_PARAM_set1_host or X509_check_host (SSL_set_tlsext_host_name "
                        "is only SNI), so a valid certificate issued for any other name is accepted";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "openssl";
    finding->properties["side"] = "client";
  }
}

void HostnameNeverCheckedCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 2 || inDeadBranch(call, ctx)) return;
  std::string api = call.getDirectCallee()->getNameAsString();
  bool peers3 = api == "gnutls_certificate_verify_peers3";
  if (peers3 && (call.getNumArgs() != 3 ||
                 !call.getArg(1)->IgnoreParenImpCasts()->isNullPointerConstant(
                     ctx, clang::Expr::NPC_ValueDependentIsNotNull)))
    return;
  TlsRole role = gnutlsRole(*call.getArg(0), ctx);
  if (role != TlsRole::Client) return;  // a server verifies a client's certificate: no name
  const clang::ValueDecl *session = handleDecl(*call.getArg(0));
  if (!session) return;
  if (tuCallsAny({"::gnutls_x509_crt_check_hostname", "::gnutls_x509_crt_check_hostname2",
                  "::gnutls_x509_crt_check_ip", "::gnutls_x509_crt_check_email", "::gnutls_certificate_verify_peers",
                  "::gnutls_x509_crt_get_fingerprint", "::gnutls_pubkey_export"},
                 ctx) ||
      tuCallsAny({"::gnutls_session_set_verify_cert", "::gnutls_certificate_verify_peers3"}, ctx,
                 [&](const clang::CallExpr &c) {
                   return c.getNumArgs() < 2 ||
                          c.getArg(1)->IgnoreParenImpCasts()->isNullPointerConstant(
                              ctx, clang::Expr::NPC_ValueDependentIsNotNull) ||
                          !mayBeSameObject(*c.getArg(0), *session, ctx);
                 }))
    return;
  if (!connectedHere(*session, ctx) || reachableOutsideTu(*session, ctx)) return;
  std::string message = api + (peers3 ? "() is given no host name" : "() verifies no host name") +
                        " on this client session, and the host name is never checked: nothing in this file "
                        "calls gnutls_x509_crt_check_hostname or passes the server's name, so a valid certificate "
                        "issued for any other name is accepted";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "gnutls";
    finding->properties["side"] = "client";
  }
}

void HostnameNeverCheckedCheck::checkAsio(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1 || inDeadBranch(call, ctx) || !alwaysVerifiesPeer(*call.getArg(0), ctx)) return;
  const clang::Expr *object = call.getImplicitObjectArgument();
  if (!object) return;
  const clang::ValueDecl *handle = handleDecl(*object);
  if (!handle) return;
  // A stream's role is its context's: `ssl::stream<tcp::socket> s(io, ctx)`.
  TlsRole role = asioRole(*object, ctx);
  if (const auto *var = llvm::dyn_cast<clang::VarDecl>(handle); var && role == TlsRole::Undetermined)
    if (const auto *init = llvm::dyn_cast_or_null<clang::CXXConstructExpr>(
            var->getInit() ? var->getInit()->IgnoreImplicit() : nullptr);
        init && init->getNumArgs() == 2)
      role = asioRole(*init->getArg(1), ctx);
  if (role != TlsRole::Client) return;
  if (!matchUserCode(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_verify_callback")))), ctx).empty()) return;
  if (tuChecksPeerIdentity(ctx) || !connectedHere(*handle, ctx) || reachableOutsideTu(*handle, ctx)) return;
  std::string message = "set_verify_mode(verify_peer) on this client " +
                        std::string(llvm::isa<clang::CXXRecordDecl>(call.getMethodDecl()->getParent()) &&
                                            call.getMethodDecl()->getParent()->getName() == "stream"
                                        ? "stream"
                                        : "context") +
                        " verifies the chain, but the host name is never checked: no "
                        "set_verify_callback(ssl::host_name_verification(host)) (or rfc2818_verification) in this "
                        "file, so a valid certificate issued for any other name is accepted";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = "client";
  }
}

}  // namespace attest::tls
