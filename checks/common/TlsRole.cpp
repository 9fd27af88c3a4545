#include "checks/common/TlsRole.h"
#include "checks/common/SinkSpec.h"
#include "checks/common/UserCode.h"
#include "checks/common/ConstantValue.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest {

TlsRole openSslSinkSide(SinkSite &site) {
  TlsRole role = opensslRole(*site.arg(0), site.ctx);
  site.properties["library"] = llvm::StringRef(site.api).starts_with("wolf") ? "wolfssl" : "openssl";
  site.properties["side"] = sideName(role);
  return role;
}

std::string sideName(TlsRole role) {
  return role == TlsRole::Client ? "client" : role == TlsRole::Server ? "server" : "undetermined (client or server)";
}
namespace {

const clang::ValueDecl *target(const clang::Expr &expr) {
  const clang::Expr *e = expr.IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(e))  // &ctx, *ptr
    e = unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) return member->getMemberDecl();
  return nullptr;
}

TlsRole combine(TlsRole a, TlsRole b, bool &first) {
  if (first) {
    first = false;
    return b;
  }
  return a == b ? a : TlsRole::Undetermined;
}

TlsRole roleFromName(llvm::StringRef name) {
  if (name.contains_insensitive("server")) return TlsRole::Server;
  if (name.contains_insensitive("client")) return TlsRole::Client;
  return TlsRole::Undetermined;
}

// Every expression stored into `decl`: its initializer and the right-hand sides
// of assignments anywhere in the TU.
std::vector<const clang::Expr *> storedValues(const clang::ValueDecl &decl, clang::ASTContext &ctx) {
  std::vector<const clang::Expr *> values;
  if (const auto *var = llvm::dyn_cast<clang::VarDecl>(&decl))
    if (const clang::Expr *init = var->getAnyInitializer()) values.push_back(init);
  auto refersTo = anyOf(declRefExpr(to(equalsNode(&decl))), memberExpr(member(equalsNode(&decl))));
  for (const BoundNodes &nodes :
       matchUserCode(traverse(clang::TK_IgnoreUnlessSpelledInSource,
                      binaryOperator(isAssignmentOperator(), hasLHS(ignoringParenImpCasts(refersTo)),
                                     hasRHS(expr().bind("rhs")))),
             ctx))
    values.push_back(nodes.getNodeAs<clang::Expr>("rhs"));
  for (const BoundNodes &nodes :
       matchUserCode(cxxCtorInitializer(forField(equalsNode(&decl)), withInitializer(expr().bind("init"))), ctx))
    values.push_back(nodes.getNodeAs<clang::Expr>("init"));
  return values;
}

TlsRole opensslRoleAt(const clang::Expr &handle, clang::ASTContext &ctx, int depth);

// OpenSSL calls these callbacks on one side only: ALPN selection, the ClientHello and SNI
// callbacks and the PSK server callback run in a server's handshake; the client
// certificate and PSK client callbacks in a client's.
TlsRole callbackSide(llvm::StringRef setter) {
  if (setter == "SSL_CTX_set_alpn_select_cb" || setter == "SSL_CTX_set_client_hello_cb" ||
      setter == "SSL_CTX_set_psk_server_callback" || setter == "SSL_set_psk_server_callback" ||
      setter == "SSL_CTX_set_psk_find_session_callback" || setter == "SSL_set_psk_find_session_callback")
    return TlsRole::Server;
  if (setter == "SSL_CTX_set_client_cert_cb" || setter == "SSL_CTX_set_psk_client_callback" ||
      setter == "SSL_set_psk_client_callback" || setter == "SSL_CTX_set_psk_use_session_callback" ||
      setter == "SSL_set_psk_use_session_callback")
    return TlsRole::Client;
  return TlsRole::Undetermined;
}

// SSL_CTX_set_tlsext_servername_callback is a macro for SSL_CTX_callback_ctrl with this
// command (openssl/tls1.h); the SNI callback is a server's.
constexpr int64_t kSslCtrlSetTlsextServernameCb = 53;

// The role of an SSL* parameter: the side of the callback slot the function is installed
// in, else what every call of the function in the TU passes for it.
TlsRole parameterRole(const clang::ParmVarDecl &param, clang::ASTContext &ctx, int depth) {
  const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(param.getDeclContext());
  if (!fn) return TlsRole::Undetermined;
  fn = fn->getCanonicalDecl();
  auto namesFn = ignoringParenCasts(declRefExpr(to(functionDecl(equalsNode(fn)))));
  TlsRole role = TlsRole::Undetermined;
  bool first = true;
  for (const BoundNodes &nodes : matchUserCode(callExpr(hasAnyArgument(namesFn)).bind("set"), ctx)) {
    const auto *set = nodes.getNodeAs<clang::CallExpr>("set");
    const clang::FunctionDecl *setter = set->getDirectCallee();
    if (!setter || !setter->getIdentifier()) continue;
    TlsRole found = callbackSide(setter->getName());
    if (setter->getName() == "SSL_CTX_callback_ctrl" && set->getNumArgs() >= 2)
      if (std::optional<IntValue> cmd = resolveInt(set->getArg(1), ctx); cmd && cmd->value == kSslCtrlSetTlsextServernameCb)
        found = TlsRole::Server;
    if (found != TlsRole::Undetermined) role = combine(role, found, first);
  }
  if (!first) return role;
  unsigned index = param.getFunctionScopeIndex();
  for (const BoundNodes &nodes : matchUserCode(callExpr(callee(functionDecl(equalsNode(fn)))).bind("call"), ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("call");
    if (index >= call->getNumArgs()) return TlsRole::Undetermined;
    role = combine(role, opensslRoleAt(*call->getArg(index), ctx, depth + 1), first);
    if (role == TlsRole::Undetermined) return role;  // one unknown caller: unknown
  }
  return role;
}

TlsRole opensslRoleAt(const clang::Expr &handle, clang::ASTContext &ctx, int depth) {
  const clang::ValueDecl *decl = target(handle);
  if (!decl || depth > 3) return TlsRole::Undetermined;
  TlsRole role = TlsRole::Undetermined;
  bool first = true;
  for (const clang::Expr *value : storedValues(*decl, ctx)) {
    const auto *call = llvm::dyn_cast<clang::CallExpr>(value->IgnoreParenCasts());
    const clang::FunctionDecl *fn = call ? call->getDirectCallee() : nullptr;
    if (!fn) continue;
    std::string name = fn->getNameAsString();
    if ((name == "SSL_CTX_new" || name == "SSL_CTX_new_ex" || name == "wolfSSL_CTX_new" ||
         name == "wolfSSL_CTX_new_ex") &&
        call->getNumArgs() >= 1) {
      const auto *method = llvm::dyn_cast<clang::CallExpr>(
          call->getArg(call->getNumArgs() - 1)->IgnoreParenCasts());
      TlsRole found = TlsRole::Undetermined;
      if (method && method->getDirectCallee())
        found = roleFromName(method->getDirectCallee()->getName());
      role = combine(role, found, first);
    } else if ((name == "SSL_new" || name == "wolfSSL_new") && call->getNumArgs() == 1) {
      role = combine(role, opensslRoleAt(*call->getArg(0), ctx, depth + 1), first);
    }
  }
  if (role != TlsRole::Undetermined) return role;
  // An SSL put in accept or connect state says which side it is.
  auto usedWith = [&](std::initializer_list<llvm::StringRef> names) {
    auto refersTo = anyOf(declRefExpr(to(equalsNode(decl))), memberExpr(member(equalsNode(decl))));
    return !matchUserCode(callExpr(callee(functionDecl(hasAnyName(names))),
                           hasArgument(0, ignoringParenImpCasts(refersTo))),
                  ctx)
                .empty();
  };
  bool server = usedWith({"SSL_set_accept_state", "SSL_accept", "wolfSSL_set_accept_state", "wolfSSL_accept"});
  bool client = usedWith({"SSL_set_connect_state", "SSL_connect", "SSL_set_tlsext_host_name", "SSL_set1_host",
                          "wolfSSL_set_connect_state", "wolfSSL_connect", "wolfSSL_UseSNI",
                          "wolfSSL_check_domain_name"});
  if (server != client) return server ? TlsRole::Server : TlsRole::Client;
  if (const auto *param = llvm::dyn_cast<clang::ParmVarDecl>(decl)) return parameterRole(*param, ctx, depth);
  return TlsRole::Undetermined;
}
}  // namespace

TlsRole opensslRole(const clang::Expr &handle, clang::ASTContext &ctx) {
  // Boost.Asio's ctx.native_handle() is the SSL_CTX of an ssl::context.
  if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(handle.IgnoreParenImpCasts()))
    if (const clang::CXXMethodDecl *method = call->getMethodDecl())
      if (method->getName() == "native_handle" && call->getImplicitObjectArgument())
        return asioRole(*call->getImplicitObjectArgument(), ctx);
  return opensslRoleAt(handle, ctx, 0);
}

TlsRole asioRole(const clang::Expr &object, clang::ASTContext &ctx) {
  const clang::ValueDecl *decl = target(object);
  if (!decl) return TlsRole::Undetermined;
  TlsRole role = TlsRole::Undetermined;
  bool first = true;
  for (const clang::Expr *value : storedValues(*decl, ctx)) {
    const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(value->IgnoreParenImpCasts());
    if (!construct || construct->getNumArgs() < 1) continue;
    const clang::Expr *method = construct->getArg(0);
    std::optional<IntValue> resolved = resolveInt(method, ctx);
    TlsRole found = TlsRole::Undetermined;
    if (resolved) found = roleFromName(enumeratorName(method->IgnoreParenImpCasts()->getType(), resolved->value));
    role = combine(role, found, first);
  }
  return role;
}

namespace {
// The role given by the flags argument of every call of `init` whose `handleArg`
// refers to the same variable or field as `handle` (`gnutls_init(&session, GNUTLS_CLIENT)`).
TlsRole roleFromInitCalls(const clang::Expr &handle, llvm::StringRef init, unsigned handleArg,
                          unsigned flagsArg, int64_t serverValue, int64_t serverMask,
                          clang::ASTContext &ctx) {
  const clang::ValueDecl *decl = target(handle);
  if (!decl) return TlsRole::Undetermined;
  auto refersTo = anyOf(declRefExpr(to(equalsNode(decl))), memberExpr(member(equalsNode(decl))));
  auto handleMatcher = ignoringParenImpCasts(
      anyOf(refersTo, unaryOperator(hasOperatorName("&"), hasUnaryOperand(ignoringParenImpCasts(refersTo)))));
  TlsRole role = TlsRole::Undetermined;
  bool first = true;
  for (const BoundNodes &nodes :
       matchUserCode(callExpr(callee(functionDecl(hasName(init))), hasArgument(handleArg, handleMatcher)).bind("init"),
             ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("init");
    if (call->getNumArgs() <= flagsArg) continue;
    std::optional<IntValue> flags = resolveInt(call->getArg(flagsArg), ctx);
    TlsRole found = TlsRole::Undetermined;
    if (flags) found = (flags->value & serverMask) == serverValue ? TlsRole::Server : TlsRole::Client;
    role = combine(role, found, first);
  }
  return role;
}
}  // namespace

TlsRole gnutlsRole(const clang::Expr &session, clang::ASTContext &ctx) {
  // GNUTLS_SERVER is 1, GNUTLS_CLIENT 1 << 1.
  return roleFromInitCalls(session, "::gnutls_init", 0, 1, 1, 1, ctx);
}

TlsRole mbedtlsRole(const clang::Expr &config, clang::ASTContext &ctx) {
  // MBEDTLS_SSL_IS_CLIENT is 0, MBEDTLS_SSL_IS_SERVER 1.
  return roleFromInitCalls(config, "::mbedtls_ssl_config_defaults", 0, 1, 1, ~int64_t(0), ctx);
}

}  // namespace attest
