#include "checks/tls/ObsoleteProtocolCheck.h"
#include "checks/common/UserCode.h"
#include "checks/common/DeadCode.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/CipherString.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/RuntimeChoice.h"
#include "checks/common/TlsRole.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(ObsoleteProtocolCheck, "tls/ObsoleteProtocol", "tls-obsolete-protocol");

namespace {
// SSL 2.0, SSL 3.0, TLS 1.0, TLS 1.1, DTLS 1.0 (and its pre-standard number) as OpenSSL and
// wolfSSL number them (obsoleteVersion below).
constexpr const char *kObsoleteVersions = "int: in 0x0002, 0x0200, 0x0300, 0x0301, 0x0302, 0xFEFF, 0x0100";

bool protoVersionSide(SinkSite &site) {
  openSslSinkSide(site);
  return true;
}
}  // namespace

ATTEST_REGISTER_SINKS(
    // The low 16 bits are the minimum (CURL_SSLVERSION_TLSv1 .. _TLSv1_1, SSLv2, SSLv3), the
    // high ones the maximum (CURL_SSLVERSION_MAX_TLSv1_0, _TLSv1_1).
    {.rule = "tls-obsolete-protocol",
     .apis = {"curl_easy_setopt"},
     .arg = 2,
     .minArgs = 3,
     .maxArgs = 3,
     .curlOptions = {"CURLOPT_SSLVERSION", "CURLOPT_PROXY_SSLVERSION"},
     .predicate = "int: and 0xFFFF in 1, 2, 3, 4, 5 | shr 16 in 4, 5",
     .message = "{api} is given {value}{through}, which allows an obsolete protocol version open to downgrade "
                "and known attacks; use CURL_SSLVERSION_TLSv1_2 or later",
     .properties = {{"library", "libcurl"}, {"side", "client"}}},
    {.rule = "tls-obsolete-protocol",
     .apis = {"SSL_CTX_set_min_proto_version", "SSL_set_min_proto_version", "wolfSSL_CTX_set_min_proto_version",
              "wolfSSL_set_min_proto_version"},
     .arg = 1,
     .minArgs = 2,
     .maxArgs = 2,
     .predicate = kObsoleteVersions,
     .what = "the minimum version",
     .message = "{api} is given {value}{through}, which allows an obsolete protocol version open to downgrade and "
                "known attacks; require TLS1_2_VERSION",
     .applies = protoVersionSide},
    // SSL_CTX_set_min_proto_version is a macro for SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, v, NULL).
    {.rule = "tls-obsolete-protocol",
     .apis = {"SSL_CTX_ctrl", "SSL_ctrl"},
     .arg = 2,
     .minArgs = 4,
     .maxArgs = 4,
     .selectorArg = 1,
     .selectorValue = 123,
     .predicate = kObsoleteVersions,
     .what = "SSL_CTRL_SET_MIN_PROTO_VERSION",
     .message = "{api} with SSL_CTRL_SET_MIN_PROTO_VERSION (SSL_CTX_set_min_proto_version) is given "
                "{value}{through}, which allows an obsolete protocol version open to downgrade and known "
                "attacks; require TLS1_2_VERSION",
     .applies = protoVersionSide},
    {.rule = "tls-obsolete-protocol",
     .apis = {"SSL_CTX_set_max_proto_version", "SSL_set_max_proto_version", "wolfSSL_CTX_set_max_proto_version"},
     .arg = 1,
     .minArgs = 2,
     .maxArgs = 2,
     .predicate = kObsoleteVersions,
     .what = "the maximum version",
     .message = "{api} is given {value}{through}, which caps the protocol at an obsolete version: TLS 1.2 and 1.3 "
                "can never be negotiated",
     .applies = protoVersionSide},
    {.rule = "tls-obsolete-protocol",
     .apis = {"SSL_CTX_ctrl", "SSL_ctrl"},
     .arg = 2,
     .minArgs = 4,
     .maxArgs = 4,
     .selectorArg = 1,
     .selectorValue = 124,
     .predicate = kObsoleteVersions,
     .what = "SSL_CTRL_SET_MAX_PROTO_VERSION",
     .message = "{api} with SSL_CTRL_SET_MAX_PROTO_VERSION (SSL_CTX_set_max_proto_version) is given "
                "{value}{through}, which caps the protocol at an obsolete version: TLS 1.2 and 1.3 can never be "
                "negotiated",
     .applies = protoVersionSide});

namespace {
constexpr const char *kRule = "tls-obsolete-protocol";
constexpr int64_t kOpNoSslv3 = int64_t(1) << 25, kOpNoTlsv1 = int64_t(1) << 26,
                  kOpNoTlsv1_2 = int64_t(1) << 27, kOpNoTlsv1_1 = int64_t(1) << 28,
                  kOpNoTlsv1_3 = int64_t(1) << 29;
constexpr int64_t kTls12Version = 0x0303;
constexpr int64_t kCtrlOptions = 32, kCtrlSetMinProto = 123, kCtrlSetMaxProto = 124;

// The obsolete protocol an OpenSSL version number names, or empty.
std::string obsoleteVersion(int64_t v) {
  switch (v) {
  case 0x0002: case 0x0200: return "SSL 2.0";
  case 0x0300: return "SSL 3.0";
  case 0x0301: return "TLS 1.0";
  case 0x0302: return "TLS 1.1";
  case 0xFEFF: return "DTLS 1.0";
  case 0x0100: return "DTLS 1.0 (pre-standard)";
  default: return "";
  }
}

// Every protocol version an OpenSSL-style number names (for the inventory), or empty.
std::string protocolName(int64_t v) {
  switch (v) {
  case 0x0303: return "TLS 1.2";
  case 0x0304: return "TLS 1.3";
  case 0xFEFD: return "DTLS 1.2";
  case 0xFEFC: return "DTLS 1.3";
  default: return obsoleteVersion(v);
  }
}

// The names a minimum version fix replaces (DTLS has its own versions, left alone).
bool isObsoleteVersionName(llvm::StringRef text) {
  return text == "TLS1_VERSION" || text == "TLS1_1_VERSION" || text == "SSL3_VERSION";
}

std::string onWhat(TlsRole role, const char *thing = "context") {
  if (role == TlsRole::Client) return std::string("on this client ") + thing;
  if (role == TlsRole::Server) return std::string("on this server ") + thing;
  return std::string("on this ") + thing + " whose role could not be determined";
}
TlsRole roleFromName(llvm::StringRef name) {
  if (name.contains_insensitive("server")) return TlsRole::Server;
  if (name.contains_insensitive("client")) return TlsRole::Client;
  return TlsRole::Undetermined;
}

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const char *version : {"SSLv2", "SSLv3", "TLSv1", "TLSv1_1", "DTLSv1"})
    for (const char *variant : {"_method", "_client_method", "_server_method"}) {
      names.push_back(std::string("::") + version + variant);
      // wolfSSL: wolfSSLv3_client_method, wolfTLSv1_1_method_ex, ...
      std::string wolf = std::string("::wolf") + version;
      names.push_back(wolf + variant);
      names.push_back(wolf + variant + "_ex");
    }
  return names;
}

const clang::ValueDecl *declOf(const clang::Expr *e) {
  e = e->IgnoreParenImpCasts();
  if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(e)) e = unary->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) return member->getMemberDecl();
  return nullptr;
}

// The variable or field a constructor call initialises.
const clang::ValueDecl *constructedDecl(const clang::Expr &construct, clang::ASTContext &ctx) {
  clang::DynTypedNodeList parents = ctx.getParents(construct);
  for (int depth = 0; depth < 4 && !parents.empty(); ++depth) {
    if (const auto *var = parents[0].get<clang::VarDecl>()) return var;
    if (const auto *init = parents[0].get<clang::CXXCtorInitializer>()) return init->getMember();
    if (!parents[0].get<clang::Expr>()) return nullptr;
    parents = ctx.getParents(parents[0]);
  }
  return nullptr;
}
}  // namespace

void ObsoleteProtocolCheck::registerMatchers(MatchFinder &finder) {
  std::vector<std::string> methods = methodNames();
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName(std::vector<llvm::StringRef>(methods.begin(), methods.end())))))
          .bind("method"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName(
                   "::SSL_CTX_ctrl", "::SSL_ctrl", "::wolfSSL_CTX_set_min_proto_version",
                   "::wolfSSL_set_min_proto_version", "::wolfSSL_CTX_set_max_proto_version",
                   "::wolfSSL_set_max_proto_version", "::wolfSSL_CTX_SetMinVersion", "::wolfSSL_SetMinVersion"))))
          .bind("proto"),
      this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_options", "::SSL_set_options",
                                                            "::wolfSSL_CTX_set_options", "::wolfSSL_set_options"))),
                             argumentCountIs(2))
                        .bind("options"),
                    this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_options"),
                                             ofClass(hasName("::boost::asio::ssl::context")))))
          .bind("asiooptions"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"), this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::boost::asio::ssl::context")))),
                       argumentCountIs(1))
          .bind("asio"),
      this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::Poco::Net::Context"))))).bind("poco"),
      this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("requireMinimumProtocol", "disableProtocols"),
                                             ofClass(hasName("::Poco::Net::Context")))))
          .bind("pococall"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::mbedtls_ssl_conf_min_version", "::mbedtls_ssl_conf_max_version",
                                              "::mbedtls_ssl_conf_min_tls_version",
                                              "::mbedtls_ssl_conf_max_tls_version"))))
          .bind("mbedtls"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::gnutls_priority_set_direct", "::gnutls_priority_init",
                                              "::gnutls_priority_init2", "::gnutls_set_default_priority_append"))))
          .bind("gnutls"),
      this);
}

void ObsoleteProtocolCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  const auto &nodes = result.Nodes;
  if (const auto *call = nodes.getNodeAs<clang::CallExpr>("method")) checkMethod(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("proto")) checkProtoVersion(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("options"))
    checkOptions(*call, *call->getArg(0), *call->getArg(1), call->getDirectCallee()->getName(), ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("asiooptions")) {
    if (call->getNumArgs() >= 1)
      checkOptions(*call, *call->getImplicitObjectArgument(), *call->getArg(0), "set_options", ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("curl")) checkCurl(*call, ctx);
  else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("asio")) checkAsioContext(*construct, ctx);
  else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("poco")) checkPocoContext(*construct, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("pococall")) checkPocoCall(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("mbedtls")) checkMbedTls(*call, ctx);
  else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("gnutls")) checkGnuTls(*call, ctx);
}

void ObsoleteProtocolCheck::checkMethod(const clang::CallExpr &call, clang::ASTContext &ctx) {
  llvm::StringRef name = call.getDirectCallee()->getName();
  std::string version = name.contains("SSLv2")     ? "SSL 2.0"
                        : name.contains("SSLv3")   ? "SSL 3.0"
                        : name.contains("TLSv1_1") ? "TLS 1.1"
                        : name.contains("DTLSv1")  ? "DTLS 1.0"
                                                   : "TLS 1.0";
  TlsRole role = roleFromName(name);
  std::string message = name.str() + "() makes a " +
                        (role == TlsRole::Client   ? std::string("client")
                         : role == TlsRole::Server ? std::string("server")
                                                   : std::string("client or server")) +
                        " context that speaks only " + version +
                        ", an obsolete protocol version with known attacks; use " +
                        (name.starts_with("wolf") ? "wolfSSLv23_" : version == "DTLS 1.0" ? "DTLS_" : "TLS_") +
                        (role == TlsRole::Client ? "client_" : role == TlsRole::Server ? "server_" : "") +
                        "method() with a " + (version == "DTLS 1.0" ? "DTLS 1.2" : "TLS 1.2") + " minimum";
  recordAsset({.kind = "protocol", .name = version, .detail = "the only version", .weak = true, .ruleId = kRule,
               .library = name.starts_with("wolf") ? "wolfssl" : "openssl", .api = name.str()},
              call, ctx);
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = name.starts_with("wolf") ? "wolfssl" : "openssl";
    finding->properties["side"] = sideName(role);
  }
}

void ObsoleteProtocolCheck::checkProtoVersion(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string function = call.getDirectCallee()->getNameAsString();
  bool wolf = llvm::StringRef(function).starts_with("wolfSSL");
  const clang::Expr *valueArg = nullptr;
  bool max = false;
  if (function == "SSL_CTX_ctrl" || function == "SSL_ctrl") {
    if (call.getNumArgs() < 3) return;
    std::optional<IntValue> cmd = resolveInt(call.getArg(1), ctx);
    if (!cmd) return;
    std::string prefix = function == "SSL_CTX_ctrl" ? "SSL_CTX_" : "SSL_";
    if (cmd->value == kCtrlOptions) {  // OpenSSL 1.0 spelt SSL_CTX_set_options as a ctrl
      checkOptions(call, *call.getArg(0), *call.getArg(2), prefix + "set_options", ctx);
      return;
    }
    if (cmd->value != kCtrlSetMinProto && cmd->value != kCtrlSetMaxProto) return;
    max = cmd->value == kCtrlSetMaxProto;
    function = prefix + (max ? "set_max_proto_version" : "set_min_proto_version");
    valueArg = call.getArg(2);
  } else {
    if (call.getNumArgs() < 2) return;
    valueArg = call.getArg(1);
    max = llvm::StringRef(function).contains("max");
  }
  bool wolfEnum = llvm::StringRef(function).contains("SetMinVersion");  // WOLFSSL_SSLV3 0, _TLSV1 1, _TLSV1_1 2
  TlsRole role = opensslRole(*call.getArg(0), ctx);
  for (const IntSite &site : intSites(call, valueArg, ctx)) {
    PossibleInts values = possibleInts(site.value, ctx);
    std::string version;
    const IntValue *shown = nullptr;
    for (const IntValue &value : values.values) {
      std::string found = wolfEnum ? (value.value == 0   ? "SSL 3.0"
                                      : value.value == 1 ? "TLS 1.0"
                                      : value.value == 2 ? "TLS 1.1"
                                                         : "")
                                   : obsoleteVersion(value.value);
      std::string any = wolfEnum ? (value.value == 3 ? "TLS 1.2" : value.value == 4 ? "TLS 1.3" : found)
                                 : protocolName(value.value);
      if (!any.empty())  // the inventory (--cbom): every version set, sound or obsolete
        recordAsset({.kind = "protocol", .name = any, .detail = max ? "maximum version" : "minimum version",
                     .weak = !found.empty(), .ruleId = found.empty() ? "" : kRule,
                     .library = wolf ? "wolfssl" : "openssl", .api = function},
                    *site.at, ctx);
      if (!found.empty()) version = found, shown = &value;
    }
    if (!shown) continue;
    std::string text = sourceText(*site.value, ctx, 40);
    std::string message =
        max ? function + "(" + text + ")" + site.via + " caps the protocol at " + version + " " + onWhat(role) +
                  ": TLS 1.2 and 1.3 can never be negotiated"
            : function + "(" + text + ")" + site.via + " allows " + version + " " + onWhat(role) +
                  ", an obsolete protocol version open to downgrade and known attacks; require TLS1_2_VERSION";
    std::optional<Level> level;
    if (values.runtimeChoice || (site.at == &call && ifElseChoice(call, ctx))) {
      message = function + "()" + site.via + " may be given " + version + " " + onWhat(role) +
                ": an obsolete protocol version is reachable at run time";
      level = Level::Note;
    }
    if (Finding *finding = reportArgument(kRule, *site.at, *site.value, ctx, message, level)) {
      finding->properties["library"] = wolf ? "wolfssl" : "openssl";
      finding->properties["side"] = sideName(role);
      if (shown->origin) addRelated(*finding, *shown->origin, ctx, "the version is defined here");
      // A minimum named at the call itself; a maximum is a product choice, not a typo.
      if (!max && !wolfEnum && !level && site.at == &call && values.values.size() == 1)
        if (std::optional<Fix> fix = argumentFix(call, *site.value, isObsoleteVersionName, "TLS1_2_VERSION",
                                                 "Require TLS 1.2 as the minimum: pass TLS1_2_VERSION", ctx))
          finding->fixes.push_back(std::move(*fix));
    }
  }
}

namespace {
// Whether `node` runs only when an `if` of its function decides so at run time.
bool underRuntimeIf(const clang::Stmt &node, clang::ASTContext &ctx) {
  return anyEnclosingBranch(node, ctx, [&](const clang::Expr *cond, bool, bool isIf) {
    return isIf && cond && !constantCondition(cond, ctx);
  });
}

// The option bits that the other calls of `function` on the same handle (as spelt) in the
// same function body turn on, each wherever it is.
int64_t siblingOptionBits(const clang::Expr &call, const clang::Expr &handle, llvm::StringRef function,
                          clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(call, ctx);
  if (!fn || !fn->getBody()) return 0;
  std::string handleText = sourceText(handle, ctx, 80);
  int64_t bits = 0;
  forEachStmt(fn->getBody(), [&](const clang::Stmt &stmt) {
    const auto *other = llvm::dyn_cast<clang::CallExpr>(&stmt);
    if (!other || other == &call || calleeName(*other) != function) return;
    const clang::Expr *otherHandle = nullptr, *otherOptions = nullptr;
    if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(other); member && other->getNumArgs() >= 1)
      otherHandle = member->getImplicitObjectArgument(), otherOptions = other->getArg(0);
    else if (other->getNumArgs() == 2)
      otherHandle = other->getArg(0), otherOptions = other->getArg(1);
    if (otherHandle && sourceText(*otherHandle, ctx, 80) == handleText)
      if (std::optional<IntValue> value = resolveInt(otherOptions, ctx)) bits |= value->value;
  });
  return bits;
}
}  // namespace

void ObsoleteProtocolCheck::checkOptions(const clang::Expr &call, const clang::Expr &handle,
                                         const clang::Expr &options, llvm::StringRef function,
                                         clang::ASTContext &ctx) {
  std::optional<IntValue> value = resolveInt(&options, ctx);
  if (!value) return;
  int64_t bits = value->value;
  bool no12 = bits & kOpNoTlsv1_2, no13 = bits & kOpNoTlsv1_3;
  if (!no12 && !no13) return;
  bool asio = function == "set_options";
  // A routine that turns versions off one by one, each under its own setting (pgbouncer's
  // `if ((protocols & TLS_PROTOCOL_TLSv1_2) == 0) SSL_CTX_set_options(ctx, SSL_OP_NO_TLSv1_2);`
  // next to the same for TLS 1.0 and 1.1) leaves the versions to the operator's configuration.
  if (!(no12 && no13) && underRuntimeIf(call, ctx)) {
    int64_t others = siblingOptionBits(call, handle, function, ctx);
    if ((others & kOpNoTlsv1) && (others & kOpNoTlsv1_1)) return;
  }
  TlsRole role = asio ? asioRole(handle, ctx) : opensslRole(handle, ctx);
  std::string text = sourceText(options, ctx, 60);
  std::string message;
  std::optional<Level> level;
  if (no12 && no13) {
    message = function.str() + "(" + text + ") turns off TLS 1.2 and TLS 1.3 " + onWhat(role) +
              ": only obsolete protocol versions remain";
  } else if (no13) {
    message = function.str() + "(" + text + ") turns off TLS 1.3, the latest protocol version, " + onWhat(role);
    level = Level::Note;
  } else {
    // Without TLS 1.2, only TLS 1.3 is fine; anything older that stays enabled is not.
    bool oldOff = (bits & kOpNoTlsv1) && (bits & kOpNoTlsv1_1) && (bits & kOpNoSslv3);
    if (oldOff) return;
    message = function.str() + "(" + text + ") turns off TLS 1.2 but not TLS 1.0/1.1 " + onWhat(role) +
              ": a peer without TLS 1.3 is served an obsolete protocol version";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = asio ? "boost-asio" : "openssl";
    finding->properties["side"] = sideName(role);
    if (value->origin) addRelated(*finding, *value->origin, ctx, "the options are defined here");
  }
}

void ObsoleteProtocolCheck::checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string optionName = curlOptionName(call, ctx);
  if (optionName != "CURLOPT_SSLVERSION" && optionName != "CURLOPT_PROXY_SSLVERSION") return;
  static const char *const kMin[] = {nullptr, "TLS 1.0 and later (CURL_SSLVERSION_TLSv1 means any TLS 1.x)",
                                     "SSL 2.0", "SSL 3.0", "TLS 1.0 and later", "TLS 1.1 and later"};
  for (const IntSite &site : intSites(call, call.getArg(2), ctx)) {
    PossibleInts values = possibleInts(site.value, ctx);
    std::string problem;
    const IntValue *shown = nullptr;
    for (const IntValue &value : values.values) {
      int64_t min = value.value & 0xFFFF, max = value.value >> 16;
      static const char *const kCurlVersion[] = {nullptr, "TLS 1.0", "SSL 2.0", "SSL 3.0", "TLS 1.0",
                                                 "TLS 1.1", "TLS 1.2", "TLS 1.3"};
      if (min >= 1 && min <= 7)
        recordAsset({.kind = "protocol", .name = kCurlVersion[min], .detail = "minimum version", .weak = min <= 5,
                     .ruleId = min <= 5 ? kRule : "", .library = "libcurl", .api = "curl_easy_setopt"},
                    *site.at, ctx);
      if (max >= 4 && max <= 7)
        recordAsset({.kind = "protocol", .name = kCurlVersion[max], .detail = "maximum version", .weak = max <= 5,
                     .ruleId = max <= 5 ? kRule : "", .library = "libcurl", .api = "curl_easy_setopt"},
                    *site.at, ctx);
      if (min >= 1 && min <= 5) problem = std::string("allows ") + kMin[min], shown = &value;
      else if (max == 4 || max == 5)
        problem = std::string("caps the protocol at ") + (max == 4 ? "TLS 1.0" : "TLS 1.1"), shown = &value;
    }
    if (!shown) continue;
    std::string message = "curl_easy_setopt(" + optionName + ", " + sourceText(*site.value, ctx, 60) + ")" +
                          site.via + " " + problem +
                          ": obsolete protocol versions open to downgrade and known attacks; use "
                          "CURL_SSLVERSION_TLSv1_2 or later";
    std::optional<Level> level;
    if (values.runtimeChoice || (site.at == &call && ifElseChoice(call, ctx))) {
      message = "curl_easy_setopt(" + optionName + ")" + site.via + " may be given a value that " + problem +
                ": an obsolete protocol version is reachable at run time";
      level = Level::Note;
    }
    if (Finding *finding = reportArgument(kRule, *site.at, *site.value, ctx, message, level)) {
      finding->properties["library"] = "libcurl";
      finding->properties["side"] = "client";
      if (shown->origin) addRelated(*finding, *shown->origin, ctx, "the version is defined here");
    }
  }
}

void ObsoleteProtocolCheck::checkAsioContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  const clang::Expr *method = construct.getArg(0);
  if (!method->IgnoreParenImpCasts()->getType()->isEnumeralType()) return;  // copy/move
  std::optional<IntValue> value = resolveInt(method, ctx);
  if (!value) return;
  std::string name = enumeratorName(method->IgnoreParenImpCasts()->getType(), value->value);
  if (name.empty()) return;
  llvm::StringRef ref(name);
  TlsRole role = roleFromName(ref);
  std::string base = ref.split('_').first.str();  // tlsv11_client -> tlsv11
  std::string version = base == "sslv2" ? "SSL 2.0" : base == "sslv3" ? "SSL 3.0" : base == "tlsv1" ? "TLS 1.0"
                        : base == "tlsv11" ? "TLS 1.1" : "";
  std::string only = !version.empty() ? version : base == "tlsv12" ? "TLS 1.2" : base == "tlsv13" ? "TLS 1.3" : "";
  if (!only.empty())  // the inventory (--cbom): a context that speaks one version
    recordAsset({.kind = "protocol", .name = only, .detail = "the only version", .weak = !version.empty(),
                 .ruleId = version.empty() ? "" : kRule, .library = "boost-asio",
                 .api = "boost::asio::ssl::context::" + name},
                construct, ctx);
  std::string message;
  std::optional<Level> level;
  if (!version.empty()) {
    message = "boost::asio::ssl::context::" + name + " makes a context that speaks only " + version +
              ", an obsolete protocol version with known attacks; use context::tls" +
              (role == TlsRole::Client ? "_client" : role == TlsRole::Server ? "_server" : "") +
              " with no_tlsv1 | no_tlsv1_1, or tlsv12/tlsv13";
  } else if (base == "sslv23") {
    // Quiet when the same context later turns the old versions off.
    const clang::ValueDecl *decl = constructedDecl(construct, ctx);
    if (decl) {
      auto refersTo = anyOf(declRefExpr(to(equalsNode(decl))), memberExpr(member(equalsNode(decl))));
      int64_t off = 0;
      for (const BoundNodes &nodes :
           matchUserCode(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_options"))),
                                   on(ignoringParenImpCasts(refersTo)))
                     .bind("c"),
                 ctx)) {
        const auto *call = nodes.getNodeAs<clang::CXXMemberCallExpr>("c");
        if (call->getNumArgs() >= 1)
          if (std::optional<IntValue> opts = resolveInt(call->getArg(0), ctx)) off |= opts->value;
      }
      if ((off & kOpNoSslv3) && (off & kOpNoTlsv1) && (off & kOpNoTlsv1_1)) return;
      // SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION)
      for (const BoundNodes &nodes :
           matchUserCode(callExpr(callee(functionDecl(hasName("::SSL_CTX_ctrl"))),
                          hasArgument(0, ignoringParenImpCasts(cxxMemberCallExpr(
                                             callee(cxxMethodDecl(hasName("native_handle"))),
                                             on(ignoringParenImpCasts(refersTo))))))
                     .bind("c"),
                 ctx)) {
        const auto *call = nodes.getNodeAs<clang::CallExpr>("c");
        std::optional<IntValue> cmd = resolveInt(call->getArg(1), ctx);
        std::optional<IntValue> version = resolveInt(call->getArg(2), ctx);
        if (cmd && version && cmd->value == kCtrlSetMinProto && version->value >= kTls12Version) return;
      }
    }
    message = "boost::asio::ssl::context::" + name + " negotiates every version the library allows, down to "
              "SSL 3.0 / TLS 1.0, and no set_options(no_sslv3 | no_tlsv1 | no_tlsv1_1) follows for this context";
    level = Level::Note;
  } else {
    return;
  }
  if (Finding *finding = report(kRule, construct, ctx, message, level)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = sideName(role);
  }
}

void ObsoleteProtocolCheck::checkPocoContext(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  if (construct.getNumArgs() < 1) return;
  const clang::Expr *usage = construct.getArg(0);
  if (!usage->IgnoreParenImpCasts()->getType()->isEnumeralType()) return;
  std::optional<IntValue> value = resolveInt(usage, ctx);
  if (!value) return;
  std::string name = enumeratorName(usage->IgnoreParenImpCasts()->getType(), value->value);
  llvm::StringRef ref(name);
  std::string version = ref.starts_with("TLSV1_1_") ? "TLS 1.1" : ref.starts_with("TLSV1_CLIENT") || ref.starts_with("TLSV1_SERVER") ? "TLS 1.0" : "";
  std::string only = !version.empty() ? version : ref.starts_with("TLSV1_2_") ? "TLS 1.2" : ref.starts_with("TLSV1_3_") ? "TLS 1.3" : "";
  if (!only.empty())  // the inventory (--cbom)
    recordAsset({.kind = "protocol", .name = only, .detail = "the only version", .weak = !version.empty(),
                 .ruleId = version.empty() ? "" : kRule, .library = "poco", .api = "Poco::Net::Context(" + name + ")"},
                construct, ctx);
  if (version.empty()) return;
  TlsRole role = roleFromName(ref);
  std::string message = "Poco::Net::Context is created for " + name + ", which speaks only " + version +
                        ", an obsolete protocol version; use " +
                        (role == TlsRole::Server ? "TLS_SERVER_USE" : "TLS_CLIENT_USE") +
                        " with requireMinimumProtocol(PROTO_TLSV1_2)";
  if (Finding *finding = report(kRule, construct, ctx, message)) {
    finding->properties["library"] = "poco";
    finding->properties["side"] = sideName(role);
  }
}

void ObsoleteProtocolCheck::checkPocoCall(const clang::CXXMemberCallExpr &call, clang::ASTContext &ctx) {
  // PROTO_SSLV2 0x01, _SSLV3 0x02, _TLSV1 0x04, _TLSV1_1 0x08, _TLSV1_2 0x10, _TLSV1_3 0x20
  if (call.getNumArgs() < 1) return;
  std::optional<IntValue> value = resolveInt(call.getArg(0), ctx);
  if (!value) return;
  std::string method = call.getMethodDecl()->getNameAsString();
  std::string text = sourceText(*call.getArg(0), ctx, 60);
  std::string message;
  std::optional<Level> level;
  if (method == "requireMinimumProtocol") {
    std::string version = value->value == 0x01 ? "SSL 2.0" : value->value == 0x02 ? "SSL 3.0"
                          : value->value == 0x04 ? "TLS 1.0" : value->value == 0x08 ? "TLS 1.1" : "";
    if (version.empty()) return;
    message = "requireMinimumProtocol(" + text + ") allows " + version +
              ", an obsolete protocol version; require PROTO_TLSV1_2";
  } else {
    bool no12 = value->value & 0x10, no13 = value->value & 0x20;
    if (no12 && no13) {
      message = "disableProtocols(" + text + ") turns off TLS 1.2 and TLS 1.3: only obsolete protocol versions remain";
    } else if (no13) {
      message = "disableProtocols(" + text + ") turns off TLS 1.3, the latest protocol version";
      level = Level::Note;
    } else {
      return;
    }
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "poco";
    if (value->origin) addRelated(*finding, *value->origin, ctx, "the value is defined here");
  }
}

void ObsoleteProtocolCheck::checkMbedTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string function = call.getDirectCallee()->getNameAsString();
  bool max = llvm::StringRef(function).contains("max");
  std::string version;
  int64_t rawVersion = -1;
  const clang::Expr *shown = nullptr;
  if (llvm::StringRef(function).ends_with("_tls_version")) {  // mbedTLS 3: MBEDTLS_SSL_VERSION_TLS1_2 0x0303
    if (call.getNumArgs() < 2) return;
    std::optional<IntValue> v = resolveInt(call.getArg(1), ctx);
    if (!v) return;
    version = obsoleteVersion(v->value);
    rawVersion = v->value;
    shown = call.getArg(1);
  } else {  // mbedTLS 2: (major 3, minor 0 SSL 3.0 / 1 TLS 1.0 / 2 TLS 1.1 / 3 TLS 1.2)
    if (call.getNumArgs() < 3) return;
    std::optional<IntValue> major = resolveInt(call.getArg(1), ctx);
    std::optional<IntValue> minor = resolveInt(call.getArg(2), ctx);
    if (!major || !minor || major->value != 3) return;
    version = obsoleteVersion(0x0300 + minor->value);
    rawVersion = 0x0300 + minor->value;
    shown = call.getArg(2);
  }
  if (std::string any = protocolName(rawVersion); !any.empty())
    recordAsset({.kind = "protocol", .name = any, .detail = max ? "maximum version" : "minimum version",
                 .weak = !version.empty(), .ruleId = version.empty() ? "" : kRule, .library = "mbedtls",
                 .api = function},
                call, ctx);
  if (version.empty()) return;
  TlsRole role = mbedtlsRole(*call.getArg(0), ctx);
  std::string text = sourceText(*shown, ctx, 40);
  std::string message = max ? function + "(" + text + ") caps the protocol at " + version + " " +
                                  onWhat(role, "configuration") + ": TLS 1.2 and 1.3 can never be negotiated"
                            : function + "(" + text + ") allows " + version + " " + onWhat(role, "configuration") +
                                  ", an obsolete protocol version; require TLS 1.2 (minor version 3)";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "mbedtls";
    finding->properties["side"] = sideName(role);
  }
}

void ObsoleteProtocolCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string function = call.getDirectCallee()->getNameAsString();
  if (call.getNumArgs() < 2) return;
  bool append = function == "gnutls_set_default_priority_append";
  if (function == "gnutls_priority_init2" && call.getNumArgs() >= 4)  // GNUTLS_PRIORITY_INIT_DEF_APPEND
    if (std::optional<IntValue> flags = resolveInt(call.getArg(3), ctx)) append = flags->value & 1;
  PossibleStrings priorities = possibleStrings(call.getArg(1), ctx);
  for (const StringValue &priority : priorities.values) {
    cipher::GnuTlsAnalysis analysis =
        cipher::analyzeGnuTlsPriority(append ? "NORMAL:" + priority.value : priority.value);
    if (analysis.obsoleteVersions.empty()) continue;
    for (const std::string &obsolete : analysis.obsoleteVersions)
      recordAsset({.kind = "protocol", .name = obsolete, .detail = "enabled by a priority string", .weak = true,
                   .ruleId = kRule, .library = "gnutls", .api = function},
                  call, ctx);
    std::string versions;
    for (size_t i = 0; i < analysis.obsoleteVersions.size(); ++i)
      versions += (i == 0 ? "" : i + 1 == analysis.obsoleteVersions.size() ? " and " : ", ") + analysis.obsoleteVersions[i];
    std::string message = function + "() is given the priority string \"" + priority.value + "\", which enables " +
                          versions + (analysis.obsoleteVersions.size() > 1 ? ", obsolete protocol versions" : ", an obsolete protocol version");
    std::optional<Level> level;
    if (priorities.runtimeChoice) {
      message += " (chosen at run time: insecure mode is reachable)";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, call, ctx, message, level)) {
      finding->properties["library"] = "gnutls";
      if (priority.origin) addRelated(*finding, *priority.origin, ctx, "the priority string is defined here");
    }
    return;
  }
}

}  // namespace attest::tls
