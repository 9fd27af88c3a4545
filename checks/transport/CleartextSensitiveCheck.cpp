#include "checks/transport/CleartextSensitiveCheck.h"
#include "checks/common/AstWalk.h"
#include "checks/common/CleartextUrl.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::transport {
ATTEST_REGISTER_CHECK(CleartextSensitiveCheck, "transport/CleartextSensitive", "transport-cleartext-sensitive");

namespace {
constexpr const char *kRule = "transport-cleartext-sensitive";
// What must not travel in clear: credentials, session identifiers, one-time codes and
// personal data. A bare `key` parameter of a URL is an API key (`?key=...`).
constexpr unsigned kSentKinds = kPassword | kSecret | kSession | kOneTimeCode | kPersonalData;

std::optional<Level> levelFor(unsigned kinds) {
  if (kinds & (kPassword | kSecret | kSession | kOneTimeCode | kKeyMaterial)) return std::nullopt;  // the rule's error
  return Level::Warning;
}

// The first parameter of a query (or of a form body) whose name is sensitive:
// "user=%s&password=%s" -> password.
struct NamedParameter {
  std::string name;
  unsigned kinds = 0;
};
std::optional<NamedParameter> sensitiveParameter(llvm::StringRef query) {
  llvm::SmallVector<llvm::StringRef, 8> pairs;
  query.split(pairs, '&');
  for (llvm::StringRef pair : pairs) {
    llvm::StringRef name = pair.split('=').first.trim();
    if (name.empty() || name.size() > 64) continue;
    SensitiveMatch match = classifyName(name);
    unsigned kinds = match.kinds & (kSentKinds | kKeyMaterial);
    if (kinds & kKeyMaterial && !(kinds & kSentKinds) && name != "key" && name != "api_key") continue;  // iv, salt
    if (kinds) return NamedParameter{name.str(), kinds};
  }
  return std::nullopt;
}

// A cleartext URL to a host that is not loopback, and its query. A host written as a
// format placeholder ("http://%s/login?...") is a run-time host: still cleartext.
struct Endpoint {
  std::string shown;  // scheme://host/path, without user info or the query's values
  std::string query;
};
std::optional<Endpoint> cleartextEndpoint(llvm::StringRef text) {
  if (std::optional<cleartext::CleartextUrl> url = cleartext::cleartextUrl(text, /*withStartTls=*/true))
    return Endpoint{cleartext::withoutUserInfo(text.split('?').first), url->url.query};
  size_t scheme = text.find("://");
  if (scheme == llvm::StringRef::npos || !text.substr(scheme + 3).starts_with("%")) return std::nullopt;
  if (!cleartext::cleartextScheme(cleartext::lower(text.take_front(scheme)))) return std::nullopt;
  size_t question = text.find('?');
  return Endpoint{cleartext::withoutUserInfo(text.split('?').first),
                  question == llvm::StringRef::npos ? "" : text.substr(question + 1).str()};
}

AST_MATCHER(clang::StringLiteral, mayBeCleartextUrlWithQuery) {
  if (Node.getCharByteWidth() != 1) return false;
  llvm::StringRef text = Node.getString();
  return text.contains("://") && text.contains('?') && text.contains('=');
}

// The constant cleartext URL set with CURLOPT_URL on `handle` in `body`, if any.
std::optional<Endpoint> cleartextUrlOfHandle(const clang::NamedDecl *handle, const clang::Stmt &body,
                                             clang::ASTContext &ctx) {
  std::optional<Endpoint> found;
  forEachCall(&body, [&](const clang::CallExpr &call) {
    if (found || calleeName(call) != "curl_easy_setopt" || call.getNumArgs() != 3) return;
    if (designatedDecl(call.getArg(0)) != handle || curlOptionName(call, ctx) != "CURLOPT_URL") return;
    for (const StringValue &value : possibleStrings(call.getArg(2), ctx).values)
      if (std::optional<Endpoint> endpoint = cleartextEndpoint(value.value)) found = endpoint;
  });
  return found;
}

// The sockets (variables and fields) this file hands to a TLS library.
std::set<const clang::NamedDecl *> socketsHandedToTls(clang::ASTContext &ctx) {
  std::set<const clang::NamedDecl *> wrapped;
  for (const BoundNodes &nodes :
       match(callExpr(callee(functionDecl(hasAnyName("::SSL_set_fd", "::SSL_set_wfd", "::SSL_set_rfd",
                                                     "::wolfSSL_set_fd", "::gnutls_transport_set_int",
                                                     "::gnutls_transport_set_int2", "::BIO_new_socket",
                                                     "::BIO_set_fd", "::mbedtls_ssl_set_bio"))))
                 .bind("tls"),
             ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("tls");
    for (const clang::Expr *arg : call->arguments())
      if (const clang::NamedDecl *decl = designatedDecl(arg)) wrapped.insert(decl);
  }
  return wrapped;
}

// Whether `fd` is written from socket()/accept() in `body`.
bool isSocketDescriptor(const clang::NamedDecl *fd, const clang::Stmt &body) {
  const auto *var = llvm::dyn_cast_or_null<clang::ValueDecl>(fd);
  if (!var) return false;
  for (const clang::Expr *value : valuesWrittenTo(*var, body)) {
    const auto *call = llvm::dyn_cast<clang::CallExpr>(value->IgnoreParenImpCasts());
    llvm::StringRef name = call ? calleeName(*call) : "";
    if (name == "socket" || name == "accept" || name == "accept4") return true;
  }
  return false;
}
}  // namespace

void CleartextSensitiveCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(stringLiteral(mayBeCleartextUrlWithQuery()).bind("url"), this);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::send", "::sendto", "::write")))).bind("socket"), this);
}

void CleartextSensitiveCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *literal = result.Nodes.getNodeAs<clang::StringLiteral>("url"))
    checkUrlLiteral(*literal, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("curl"))
    checkCurlOption(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("socket"))
    checkSocketWrite(*call, *result.Context);
}

void CleartextSensitiveCheck::checkUrlLiteral(const clang::StringLiteral &literal, clang::ASTContext &ctx) {
  std::optional<Endpoint> endpoint = cleartextEndpoint(literal.getString());
  if (!endpoint) return;
  std::optional<NamedParameter> parameter = sensitiveParameter(endpoint->query);
  if (!parameter) return;
  std::string message = "the URL '" + endpoint->shown + "?…' carries '" + parameter->name +
                        "' in its query string over a connection without TLS: anyone on the network path reads it, "
                        "and URLs are kept in server, proxy and browser logs (CWE-598, CWE-319); send it in the body "
                        "or a header of a request over https://";
  if (Finding *finding = report(kRule, literal, ctx, message, levelFor(parameter->kinds))) {
    finding->properties["cwe"] = "598";
    finding->properties["parameter"] = parameter->name;
  }
}

void CleartextSensitiveCheck::checkCurlOption(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string option = curlOptionName(call, ctx);
  bool credential = option == "CURLOPT_USERPWD" || option == "CURLOPT_PASSWORD" || option == "CURLOPT_XOAUTH2_BEARER";
  bool body = option == "CURLOPT_POSTFIELDS" || option == "CURLOPT_COPYPOSTFIELDS";
  if (!credential && !body) return;
  const clang::Stmt *function = enclosingBody(call, ctx);
  if (!function) return;
  std::string what;
  unsigned kinds = kPassword;
  if (body) {
    if (std::optional<SensitiveValue> value = sensitiveValueIn(call.getArg(2), function, kSentKinds, ctx)) {
      what = value->what;
      kinds = value->kinds;
    } else {
      for (const StringValue &text : possibleStrings(call.getArg(2), ctx).values)
        if (std::optional<NamedParameter> field = sensitiveParameter(text.value)) {
          what = "the form field '" + field->name + "'";
          kinds = field->kinds;
        }
    }
    if (what.empty()) return;
  } else {
    what = "the credentials of " + option;
  }
  std::optional<Endpoint> url = cleartextUrlOfHandle(designatedDecl(call.getArg(0)), *function, ctx);
  if (!url) return;
  std::string message = "curl_easy_setopt(" + option + ") sends " + what + " to '" + url->shown +
                        "', a URL without TLS set on the same handle: anyone on the network path reads it (CWE-319); "
                        "use https:// (with certificate verification)";
  if (Finding *finding = report(kRule, call, ctx, message, levelFor(kinds))) {
    finding->properties["library"] = "libcurl";
    finding->properties["cwe"] = "319";
  }
}

void CleartextSensitiveCheck::checkSocketWrite(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 3) return;
  llvm::StringRef name = calleeName(call);
  const clang::Stmt *function = enclosingBody(call, ctx);
  if (!function) return;
  const clang::NamedDecl *socket = designatedDecl(call.getArg(0));
  if (name == "write" && !isSocketDescriptor(socket, *function)) return;
  std::optional<SensitiveValue> value = sensitiveValueIn(call.getArg(1), function, kSentKinds, ctx);
  if (!value) return;
  if (!tlsSockets_) tlsSockets_ = socketsHandedToTls(ctx);  // one walk of the TU, at its first socket write
  if (socket && tlsSockets_->count(socket)) return;
  std::string message = name.str() + "() writes " + value->what + " to a socket that this file never hands to TLS: "
                        "anyone on the network path reads it (CWE-319); wrap the connection in TLS (SSL_set_fd and "
                        "SSL_write) before sending credentials or personal data";
  if (Finding *finding = report(kRule, call, ctx, message, levelFor(value->kinds))) {
    finding->properties["cwe"] = "319";
    if (value->decl) addRelated(*finding, *value->decl, ctx, "the sensitive value is declared here");
  }
}

}  // namespace attest::transport
