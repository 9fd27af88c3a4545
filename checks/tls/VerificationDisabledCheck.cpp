#include "checks/tls/VerificationDisabledCheck.h"
#include "checks/common/UserCode.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/RuntimeChoice.h"
#include "checks/common/TlsRole.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "checks/common/AstWalk.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(VerificationDisabledCheck, "tls/VerificationDisabled", "tls-verification-disabled");

namespace {
// The side an OpenSSL/wolfSSL call is on, for the message and the properties; false on a
// server, whose peer verification is the client's certificate (not this rule's).
bool notServerOpenSsl(SinkSite &site) {
  return openSslSinkSide(site) != TlsRole::Server;
}
}  // namespace

ATTEST_REGISTER_SINKS(
    {.rule = "tls-verification-disabled",
     .apis = {"curl_easy_setopt"},
     .arg = 2,
     .minArgs = 3,
     .maxArgs = 3,
     .curlOptions = {"CURLOPT_SSL_VERIFYPEER", "CURLOPT_PROXY_SSL_VERIFYPEER"},
     .predicate = "zero",
     .message = "{api} is given {value}{through}, which disables verification of the peer's certificate: any "
                "certificate is accepted",
     .properties = {{"library", "libcurl"}, {"side", "client"}}},
    {.rule = "tls-verification-disabled",
     .apis = {"SSL_CTX_set_verify", "SSL_set_verify", "wolfSSL_CTX_set_verify", "wolfSSL_set_verify"},
     .arg = 1,
     .minArgs = 3,
     .maxArgs = 3,
     .predicate = "peer-bit-clear",
     .what = "mode",
     .message = "{api} is given the mode {value}{through}, which disables verification of the peer's certificate: "
                "any certificate is accepted",
     .applies = notServerOpenSsl},
    {.rule = "tls-verification-disabled",
     .apis = {"mbedtls_ssl_conf_authmode"},
     .arg = 1,
     .minArgs = 2,
     .maxArgs = 2,
     .predicate = "zero",
     .what = "authmode",
     .message = "{api} is given the authmode {value}{through} (MBEDTLS_SSL_VERIFY_NONE), which disables "
                "verification of the peer's certificate: any certificate is accepted",
     .properties = {{"library", "mbedtls"}},
     .applies = [](SinkSite &site) { return mbedtlsRole(*site.arg(0), site.ctx) != TlsRole::Server; }},
    {.rule = "tls-verification-disabled",
     .apis = {"enable_server_certificate_verification"},
     .arg = 0,
     .minArgs = 1,
     .maxArgs = 1,
     .predicate = "zero",
     .what = "enabled",
     .message = "httplib's {api} is given {value}{through}, which disables verification of the server's "
                "certificate: any certificate is accepted",
     .properties = {{"library", "cpp-httplib"}, {"side", "client"}},
     .applies = [](SinkSite &site) {
       const auto *call = llvm::dyn_cast<clang::CallExpr>(&site.call);
       const clang::FunctionDecl *callee = call ? call->getDirectCallee() : nullptr;
       return callee && llvm::StringRef(callee->getQualifiedNameAsString()).starts_with("httplib::");
     }});

namespace {
constexpr const char *kRule = "tls-verification-disabled";
constexpr int64_t kSslVerifyPeer = 0x01;  // OpenSSL's SSL_VERIFY_PEER bit (wolfSSL's too)
constexpr int64_t kCurlSslOptNoRevoke = 1 << 1;  // CURLSSLOPT_NO_REVOKE

struct CurlOption {
  const char *name;
  const char *what;
};
// The options whose value 0 turns verification off. Names, not numbers: the option
// argument is resolved to its CURLoption enumerator. CURLOPT_(PROXY_)SSL_VERIFYHOST is
// tls-hostname-verification-disabled.
const CurlOption kCurlOptions[] = {
    {"CURLOPT_SSL_VERIFYPEER", "verification of the server certificate"},
    {"CURLOPT_PROXY_SSL_VERIFYPEER", "verification of the HTTPS proxy's certificate"},
};

std::string describeValue(const clang::Expr &arg, const IntValue &value, clang::ASTContext &ctx) {
  std::string text = sourceText(arg, ctx, 40);
  std::string number = std::to_string(value.value);
  return text == number ? number : text + " (" + number + ")";
}

std::string onWhat(TlsRole role, const char *thing = "context") {
  if (role == TlsRole::Client) return std::string("on this client ") + thing;
  if (role == TlsRole::Server) return std::string("on this server ") + thing;
  return std::string("on this ") + thing + " whose role could not be determined";
}


// The function a callback argument stands for: a function (or &function), or a lambda
// (also converted to a function pointer or wrapped in std::function).
const clang::FunctionDecl *callbackFunction(const clang::Expr *arg, int depth = 0) {
  if (!arg || depth > 6) return nullptr;
  const clang::Expr *e = stripWrappers(arg, {.addressOf = true});
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) {
    if (const auto *fn = llvm::dyn_cast<clang::FunctionDecl>(ref->getDecl())) return fn->getDefinition();
    // A const variable holding a lambda.
    if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl()))
      if (var->getType().isConstQualified() || var->getType()->isRecordType())
        if (const clang::Expr *init = var->getAnyInitializer())
          if (llvm::isa<clang::LambdaExpr>(stripWrappers(init, {.addressOf = true})) ||
              llvm::isa<clang::CXXConstructExpr>(stripWrappers(init, {.addressOf = true})))
            return callbackFunction(init, depth + 1);
    return nullptr;
  }
  if (const auto *lambda = llvm::dyn_cast<clang::LambdaExpr>(e)) return lambda->getCallOperator();
  if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(e))  // lambda -> function pointer
    if (llvm::isa_and_nonnull<clang::CXXConversionDecl>(member->getMethodDecl()))
      return callbackFunction(member->getImplicitObjectArgument(), depth + 1);
  if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(e))  // std::function(lambda)
    if (construct->getNumArgs() == 1) return callbackFunction(construct->getArg(0), depth + 1);
  return nullptr;
}

void collectReturns(const clang::Stmt *stmt, std::vector<const clang::ReturnStmt *> &out) {
  if (!stmt) return;
  if (llvm::isa<clang::LambdaExpr>(stmt) || llvm::isa<clang::BlockExpr>(stmt)) return;  // their own returns
  if (const auto *ret = llvm::dyn_cast<clang::ReturnStmt>(stmt)) out.push_back(ret);
  for (const clang::Stmt *child : stmt->children()) collectReturns(child, out);
}

// A verify callback that returns 1 (true) on every path accepts every certificate.
bool acceptsEverything(const clang::FunctionDecl *fn, const clang::ASTContext &ctx) {
  if (!fn || !fn->hasBody()) return false;
  std::vector<const clang::ReturnStmt *> returns;
  collectReturns(fn->getBody(), returns);
  if (returns.empty()) return false;
  for (const clang::ReturnStmt *ret : returns) {
    std::optional<IntValue> value = resolveInt(ret->getRetValue(), ctx);
    if (!value || value->value == 0) return false;
  }
  return true;
}

std::string callbackName(const clang::FunctionDecl &fn) {
  if (const auto *method = llvm::dyn_cast<clang::CXXMethodDecl>(&fn))
    if (method->getParent()->isLambda()) return "the lambda";
  return fn.getNameAsString() + "()";
}

bool tuCalls(llvm::StringRef name, clang::ASTContext &ctx) {
  return !matchUserCode(traverse(clang::TK_AsIs, callExpr(callee(functionDecl(hasName(name))))), ctx).empty();
}

const clang::ValueDecl *referencedDecl(const clang::Expr *e) {
  e = stripWrappers(e, {.addressOf = true});
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) return member->getMemberDecl();
  return nullptr;
}

// SSL_VERIFY_NONE (or 0) written at the call becomes SSL_VERIFY_PEER (WOLFSSL_ for wolfSSL's
// own name).
std::optional<Fix> verifyPeerFix(const clang::CallExpr &call, const clang::Expr &mode, const clang::ASTContext &ctx) {
  bool wolfName = false;
  auto accepts = [&](llvm::StringRef text) {
    wolfName = text == "WOLFSSL_VERIFY_NONE";
    return text == "SSL_VERIFY_NONE" || wolfName || isIntegerToken(text, 0);
  };
  std::optional<Fix> fix = argumentFix(call, mode, accepts, "SSL_VERIFY_PEER",
                                       "Pass SSL_VERIFY_PEER: verify the server's certificate", ctx);
  if (fix && wolfName) fix->replacements.front().inserted = "WOLFSSL_VERIFY_PEER";
  return fix;
}

// A Poco Context's role from its Usage argument (CLIENT_USE, TLSV1_2_SERVER_USE, ...).
TlsRole pocoUsageRole(const clang::CXXConstructExpr &construct, const clang::ASTContext &ctx) {
  if (construct.getNumArgs() < 1) return TlsRole::Undetermined;
  const clang::Expr *usage = construct.getArg(0);
  std::optional<IntValue> value = resolveInt(usage, ctx);
  if (!value) return TlsRole::Undetermined;
  std::string name = enumeratorName(usage->IgnoreParenImpCasts()->getType(), value->value);
  if (llvm::StringRef(name).contains("SERVER")) return TlsRole::Server;
  if (llvm::StringRef(name).contains("CLIENT")) return TlsRole::Client;
  return TlsRole::Undetermined;
}

auto pocoContextConstructor() {
  return cxxConstructorDecl(ofClass(hasName("::Poco::Net::Context")));
}
}  // namespace

void VerificationDisabledCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_verify", "::SSL_set_verify",
                                              "::wolfSSL_CTX_set_verify", "::wolfSSL_set_verify"))),
               argumentCountIs(3))
          .bind("openssl"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_cert_verify_callback",
                                              "::wolfSSL_CTX_set_cert_verify_callback",
                                              "::X509_STORE_set_verify_cb", "::X509_STORE_CTX_set_verify_cb",
                                              "::wolfSSL_X509_STORE_set_verify_cb"))))
          .bind("certcb"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"),
      this);
  auto asioClass = ofClass(cxxRecordDecl(hasAnyName("::boost::asio::ssl::context", "::boost::asio::ssl::stream")));
  finder.addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_verify_mode"), asioClass))).bind("asio"),
                    this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_verify_callback"), asioClass))).bind("asiocb"), this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::mbedtls_ssl_conf_authmode", "::mbedtls_ssl_set_hs_authmode"))),
               argumentCountIs(2))
          .bind("mbedtls"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::gnutls_certificate_set_verify_flags"))), argumentCountIs(2))
          .bind("gnutls"),
      this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("enable_server_certificate_verification"),
                                             ofClass(cxxRecordDecl(hasAnyName(
                                                 "::httplib::Client", "::httplib::ClientImpl",
                                                 "::httplib::SSLClient"))))))
          .bind("httplib"),
      this);
  finder.addMatcher(cxxConstructExpr(hasDeclaration(pocoContextConstructor())).bind("poco"), this);
  finder.addMatcher(
      binaryOperator(hasOperatorName("="),
                     hasLHS(memberExpr(member(fieldDecl(hasName("verificationMode"),
                                                        hasDeclContext(cxxRecordDecl(hasName("::Poco::Net::Context::Params"))))))))
          .bind("pocoparams"),
      this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::Poco::Net::AcceptCertificateHandler")))))
          .bind("pocohandler"),
      this);
}

void VerificationDisabledCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  const auto &nodes = result.Nodes;
  if (const auto *call = nodes.getNodeAs<clang::CallExpr>("openssl")) checkOpenSsl(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("certcb")) checkCertVerifyCallback(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("curl")) checkCurl(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("asio")) checkAsio(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("asiocb")) checkAsioCallback(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("mbedtls")) checkMbedTls(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("gnutls")) checkGnuTls(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("httplib")) checkHttplib(*call, ctx);
  else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("poco")) checkPocoContext(*construct, ctx);
  else if (const auto *assign = nodes.getNodeAs<clang::BinaryOperator>("pocoparams")) checkPocoParams(*assign, ctx);
  else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("pocohandler"))
    checkPocoHandler(*construct, ctx);
}

void VerificationDisabledCheck::checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string function = call.getDirectCallee()->getNameAsString();
  bool wolf = llvm::StringRef(function).starts_with("wolfSSL");
  TlsRole role = opensslRole(*call.getArg(0), ctx);
  for (const IntSite &site : intSites(call, call.getArg(1), ctx)) {
    PossibleInts modes = possibleInts(site.value, ctx);
    const IntValue *insecure = nullptr;
    for (const IntValue &mode : modes.values)
      if ((mode.value & kSslVerifyPeer) == 0) insecure = &mode;
    if (!insecure) continue;
    // On a server, SSL_VERIFY_NONE only means "do not ask clients for a certificate".
    if (role == TlsRole::Server) continue;
    std::string message = function + "()" + site.via + " is given " + describeValue(*site.value, *insecure, ctx) +
                          ", which does not verify the peer's certificate " + onWhat(role) +
                          ": any certificate is accepted";
    std::optional<Level> level;
    if (modes.runtimeChoice || (site.at == &call && ifElseChoice(call, ctx))) {
      message = function + "()" + site.via + " may be given SSL_VERIFY_NONE " + onWhat(role) +
                ": insecure mode is reachable at run time, which disables verification of the peer's certificate";
      level = Level::Note;
    }
    if (Finding *finding = reportArgument(kRule, *site.at, *site.value, ctx, message, level)) {
      finding->properties["library"] = wolf ? "wolfssl" : "openssl";
      finding->properties["side"] = sideName(role);
      if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the verify mode is defined here");
      // Only where the context is known to be a client's: on a server SSL_VERIFY_PEER asks
      // clients for certificates, a change of protocol, not a repair.
      if (role == TlsRole::Client && !level && site.at == &call && modes.values.size() == 1)
        if (std::optional<Fix> fix = verifyPeerFix(call, *site.value, ctx)) finding->fixes.push_back(std::move(*fix));
    }
  }

  // SSL_VERIFY_PEER with a callback that accepts every certificate.
  std::optional<IntValue> mode = resolveInt(call.getArg(1), ctx);
  if (!mode || (mode->value & kSslVerifyPeer) == 0) return;
  const clang::FunctionDecl *callback = callbackFunction(call.getArg(2));
  if (!acceptsEverything(callback, ctx)) return;
  std::string message = function + "() installs " + callbackName(*callback) +
                        " as verify callback, which returns 1 whatever the verification result " + onWhat(role) +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (role == TlsRole::Server) {
    message += " (a server: client certificates that fail verification are accepted)";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = wolf ? "wolfssl" : "openssl";
    finding->properties["side"] = sideName(role);
    addRelated(*finding, *callback, ctx, "the callback is defined here");
  }
}

void VerificationDisabledCheck::checkCertVerifyCallback(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 2) return;
  const clang::FunctionDecl *callback = callbackFunction(call.getArg(1));
  if (!acceptsEverything(callback, ctx)) return;
  std::string function = call.getDirectCallee()->getNameAsString();
  bool store = llvm::StringRef(function).contains("X509_STORE");
  TlsRole role = store ? TlsRole::Undetermined : opensslRole(*call.getArg(0), ctx);
  std::string message = function + "() installs " + callbackName(*callback) +
                        ", which returns 1 whatever the verification result " +
                        (store ? std::string("for every verification that uses this store") : onWhat(role)) +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (role == TlsRole::Server) {
    message += " (a server: client certificates that fail verification are accepted)";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = llvm::StringRef(function).starts_with("wolfSSL") ? "wolfssl" : "openssl";
    finding->properties["side"] = sideName(role);
    addRelated(*finding, *callback, ctx, "the callback is defined here");
  }
}

void VerificationDisabledCheck::checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string optionName = curlOptionName(call, ctx);
  const CurlOption *known = nullptr;
  for (const CurlOption &candidate : kCurlOptions)
    if (optionName == candidate.name) known = &candidate;
  bool sslOptions = optionName == "CURLOPT_SSL_OPTIONS" || optionName == "CURLOPT_PROXY_SSL_OPTIONS";
  if (!known && !sslOptions) return;

  for (const IntSite &site : intSites(call, call.getArg(2), ctx)) {
    PossibleInts values = possibleInts(site.value, ctx);
    const IntValue *insecure = nullptr;
    for (const IntValue &value : values.values)
      if (sslOptions ? (value.value & kCurlSslOptNoRevoke) != 0 : value.value == 0) insecure = &value;
    if (!insecure) continue;

    std::string message;
    std::optional<Level> level;
    if (sslOptions) {
      message = "curl_easy_setopt(" + optionName + ")" + site.via + " sets CURLSSLOPT_NO_REVOKE" +
                (values.runtimeChoice ? " on some run-time path" : "") +
                ": revoked certificates are accepted (the flag takes effect with the Schannel backend)";
      level = Level::Note;
    } else if (values.runtimeChoice || (site.at == &call && ifElseChoice(call, ctx))) {
      message = "curl_easy_setopt(" + optionName + ")" + site.via + " may be given 0: insecure mode is "
                "reachable at run time, which disables " + known->what;
      level = Level::Note;
    } else {
      message = "curl_easy_setopt(" + optionName + ", " + describeValue(*site.value, *insecure, ctx) + ")" +
                site.via + " disables " + known->what + ": any certificate is accepted";
    }
    if (Finding *finding = reportArgument(kRule, *site.at, *site.value, ctx, message, level)) {
      finding->properties["library"] = "libcurl";
      finding->properties["side"] = "client";
      if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the value is defined here");
      // The literal 0 at the call itself (never a wrapper's caller, never a run-time choice).
      if (!sslOptions && !level && site.at == &call && values.values.size() == 1)
        if (std::optional<Fix> fix = argumentFix(call, *site.value, [](llvm::StringRef text) { return isIntegerToken(text, 0); },
                                                 "1L", "Pass 1L to " + optionName + ": verify the peer's certificate", ctx))
          finding->fixes.push_back(std::move(*fix));
    }
  }
}

void VerificationDisabledCheck::checkAsio(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1) return;
  const clang::Expr *modeArg = call.getArg(0);
  PossibleInts modes = possibleInts(modeArg, ctx);
  const IntValue *insecure = nullptr;
  for (const IntValue &mode : modes.values)
    if ((mode.value & kSslVerifyPeer) == 0) insecure = &mode;
  if (!insecure) return;
  TlsRole role = asioRole(*call.getImplicitObjectArgument(), ctx);
  if (role == TlsRole::Server) return;
  std::string message = "set_verify_mode(" + sourceText(*modeArg, ctx, 40) +
                        ") does not verify the peer's certificate " + onWhat(role) + ": any certificate is accepted";
  std::optional<Level> level;
  if (modes.runtimeChoice || ifElseChoice(call, ctx)) {
    message = "set_verify_mode() may be given verify_none " + onWhat(role) +
              ": insecure mode is reachable at run time, which disables verification of the peer's certificate";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = sideName(role);
    if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the verify mode is defined here");
  }
}

void VerificationDisabledCheck::checkAsioCallback(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1) return;
  const clang::FunctionDecl *callback = callbackFunction(call.getArg(0));
  if (!acceptsEverything(callback, ctx)) return;
  TlsRole role = asioRole(*call.getImplicitObjectArgument(), ctx);
  std::string message = "set_verify_callback() installs " + callbackName(*callback) +
                        ", which returns true whatever the verification result " + onWhat(role) +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (role == TlsRole::Server) {
    message += " (a server: client certificates that fail verification are accepted)";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = sideName(role);
    addRelated(*finding, *callback, ctx, "the callback is defined here");
  }
}

void VerificationDisabledCheck::checkMbedTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  // MBEDTLS_SSL_VERIFY_NONE 0, _OPTIONAL 1, _REQUIRED 2.
  const clang::Expr *modeArg = call.getArg(1);
  PossibleInts modes = possibleInts(modeArg, ctx);
  const IntValue *none = nullptr, *optional = nullptr;
  for (const IntValue &mode : modes.values) {
    if (mode.value == 0) none = &mode;
    if (mode.value == 1) optional = &mode;
  }
  if (!none && !optional) return;
  std::string function = call.getDirectCallee()->getNameAsString();
  TlsRole role = function == "mbedtls_ssl_set_hs_authmode" ? TlsRole::Server : mbedtlsRole(*call.getArg(0), ctx);
  // On a server these only mean "do not (or need not) ask clients for a certificate".
  if (role == TlsRole::Server) return;
  // OPTIONAL is fine when the code reads the verification result itself.
  if (!none && tuCalls("::mbedtls_ssl_get_verify_result", ctx)) return;
  const IntValue *insecure = none ? none : optional;
  std::string message;
  std::optional<Level> level;
  if (modes.runtimeChoice || ifElseChoice(call, ctx)) {
    message = function + "() may be given " + (none ? "MBEDTLS_SSL_VERIFY_NONE" : "MBEDTLS_SSL_VERIFY_OPTIONAL") +
              " " + onWhat(role, "configuration") +
              ": insecure mode is reachable at run time, which accepts any certificate";
    level = Level::Note;
  } else if (none) {
    message = function + "() is given " + describeValue(*modeArg, *none, ctx) + ", which does not verify the "
              "peer's certificate " + onWhat(role, "configuration") + ": any certificate is accepted";
  } else {
    message = function + "() is given " + describeValue(*modeArg, *optional, ctx) + " " +
              onWhat(role, "configuration") + ", and this file never calls mbedtls_ssl_get_verify_result(): "
              "the handshake succeeds whatever the certificate";
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "mbedtls";
    finding->properties["side"] = sideName(role);
    if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the mode is defined here");
  }
}

void VerificationDisabledCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  struct Flag {
    int64_t bit;
    const char *name;
    const char *effect;
    std::optional<Level> level;
  };
  static const Flag kFlags[] = {
      {1 << 0, "GNUTLS_VERIFY_DISABLE_CA_SIGN", "any certificate can act as a CA", std::nullopt},
      {1 << 4, "GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD2", "certificates signed with the broken MD2 are accepted",
       Level::Warning},
      {1 << 5, "GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5", "certificates signed with the broken MD5 are accepted",
       Level::Warning},
      {1 << 6, "GNUTLS_VERIFY_DISABLE_TIME_CHECKS", "expired and not-yet-valid certificates are accepted",
       Level::Warning},
      {1 << 9, "GNUTLS_VERIFY_DISABLE_CRL_CHECKS", "revoked certificates are accepted", Level::Note},
  };
  PossibleInts values = possibleInts(call.getArg(1), ctx);
  for (const IntValue &value : values.values) {
    std::string names, effects;
    std::optional<Level> level = Level::Note;
    bool any = false;
    for (const Flag &flag : kFlags) {
      if ((value.value & flag.bit) == 0) continue;
      names += (names.empty() ? "" : " | ") + std::string(flag.name);
      effects += (effects.empty() ? "" : "; ") + std::string(flag.effect);
      // The most severe flag sets the level (nullopt: the rule's).
      if (!any || !flag.level || (level && *flag.level > *level)) level = flag.level;
      any = true;
    }
    if (!any) continue;
    if (values.runtimeChoice) level = Level::Note;
    std::string message = "gnutls_certificate_set_verify_flags() sets " + names +
                          (values.runtimeChoice ? " on some run-time path" : "") + ": " + effects;
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = "gnutls";
      finding->properties["side"] = "undetermined (client or server)";
      if (value.origin) addRelated(*finding, *value.origin, ctx, "the flags are defined here");
    }
    return;
  }
}

void VerificationDisabledCheck::checkHttplib(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1) return;
  PossibleInts values = possibleInts(call.getArg(0), ctx);
  const IntValue *off = nullptr;
  for (const IntValue &value : values.values)
    if (value.value == 0) off = &value;
  if (!off) return;
  std::string message =
      values.runtimeChoice
          ? "enable_server_certificate_verification() may be given false: insecure mode is reachable at run "
            "time, which disables verification of the server certificate"
          : "enable_server_certificate_verification(" + sourceText(*call.getArg(0), ctx, 40) +
                ") disables verification of the server certificate on this client: any certificate is accepted";
  std::optional<Level> level;
  if (values.runtimeChoice) level = Level::Note;
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "cpp-httplib";
    finding->properties["side"] = "client";
    if (off->origin) addRelated(*finding, *off->origin, ctx, "the value is defined here");
  }
}

void VerificationDisabledCheck::checkPocoContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  const clang::CXXConstructorDecl *ctor = construct.getConstructor();
  for (unsigned i = 0; i < ctor->getNumParams() && i < construct.getNumArgs(); ++i) {
    const auto *enumType = ctor->getParamDecl(i)->getType()->getAs<clang::EnumType>();
    if (!enumType || enumType->getDecl()->getName() != "VerificationMode") continue;
    const clang::Expr *arg = construct.getArg(i);
    if (llvm::isa<clang::CXXDefaultArgExpr>(arg)) return;  // VERIFY_RELAXED
    PossibleInts modes = possibleInts(arg, ctx);
    const IntValue *insecure = nullptr;
    for (const IntValue &mode : modes.values)
      if ((mode.value & kSslVerifyPeer) == 0) insecure = &mode;
    if (!insecure) return;
    TlsRole role = pocoUsageRole(construct, ctx);
    if (role == TlsRole::Server) return;
    std::string message =
        modes.runtimeChoice
            ? "Poco::Net::Context may be created with VERIFY_NONE " + onWhat(role) +
                  ": insecure mode is reachable at run time, which disables verification of the peer's certificate"
            : "Poco::Net::Context is created with " + sourceText(*arg, ctx, 40) + " " + onWhat(role) +
                  ": the peer's certificate is checked but the result ignored, so any certificate is accepted";
    std::optional<Level> level;
    if (modes.runtimeChoice) level = Level::Note;
    if (Finding *finding = report(kRule, construct, ctx, message, level)) {
      finding->properties["library"] = "poco";
      finding->properties["side"] = sideName(role);
      if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the verification mode is defined here");
    }
    return;
  }
}

void VerificationDisabledCheck::checkPocoParams(const clang::BinaryOperator &assign, clang::ASTContext &ctx) {
  PossibleInts modes = possibleInts(assign.getRHS(), ctx);
  const IntValue *insecure = nullptr;
  for (const IntValue &mode : modes.values)
    if ((mode.value & kSslVerifyPeer) == 0) insecure = &mode;
  if (!insecure) return;
  // The role: the Usage of the Contexts built from these Params in the TU.
  TlsRole role = TlsRole::Undetermined;
  const auto *member = llvm::dyn_cast<clang::MemberExpr>(assign.getLHS()->IgnoreParenImpCasts());
  if (const clang::ValueDecl *params = member ? referencedDecl(member->getBase()) : nullptr) {
    bool first = true;
    for (const BoundNodes &nodes :
         matchUserCode(cxxConstructExpr(hasDeclaration(pocoContextConstructor()),
                                hasArgument(1, ignoringParenImpCasts(declRefExpr(to(equalsNode(params))))))
                   .bind("ctx"),
               ctx)) {
      TlsRole found = pocoUsageRole(*nodes.getNodeAs<clang::CXXConstructExpr>("ctx"), ctx);
      role = first ? found : (role == found ? role : TlsRole::Undetermined);
      first = false;
    }
  }
  if (role == TlsRole::Server) return;
  std::string message =
      modes.runtimeChoice
          ? "Context::Params::verificationMode may be set to VERIFY_NONE " + onWhat(role) +
                ": insecure mode is reachable at run time, which disables verification of the peer's certificate"
          : "Context::Params::verificationMode is set to " + sourceText(*assign.getRHS(), ctx, 40) + " " +
                onWhat(role) + ": the peer's certificate is checked but the result ignored, so any certificate "
                "is accepted";
  std::optional<Level> level;
  if (modes.runtimeChoice) level = Level::Note;
  if (Finding *finding = report(kRule, assign, ctx, message, level)) {
    finding->properties["library"] = "poco";
    finding->properties["side"] = sideName(role);
  }
}

void VerificationDisabledCheck::checkPocoHandler(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  if (construct.getNumArgs() < 1) return;
  std::optional<IntValue> serverSide = resolveInt(construct.getArg(0), ctx);
  if (!serverSide) return;
  TlsRole role = serverSide->value ? TlsRole::Server : TlsRole::Client;
  std::string message =
      "Poco::Net::AcceptCertificateHandler accepts every certificate that fails verification " + onWhat(role, "side");
  std::optional<Level> level;
  if (role == TlsRole::Server) {
    message += " (a server: client certificates that fail verification are accepted)";
    level = Level::Note;
  } else {
    message += ": any server certificate is accepted";
  }
  if (Finding *finding = report(kRule, construct, ctx, message, level)) {
    finding->properties["library"] = "poco";
    finding->properties["side"] = sideName(role);
  }
}

}  // namespace attest::tls
