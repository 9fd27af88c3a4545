#include "checks/transport/CleartextCheck.h"
#include "checks/common/UserCode.h"
#include "checks/common/CleartextUrl.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <algorithm>
#include <cctype>

using namespace clang::ast_matchers;

namespace attest::transport {
ATTEST_REGISTER_CHECK(CleartextCheck, "transport/Cleartext", "transport-cleartext");

ATTEST_REGISTER_SINKS({.rule = "transport-cleartext",
                       .apis = {"curl_easy_setopt"},
                       .arg = 2,
                       .minArgs = 3,
                       .maxArgs = 3,
                       .curlOptions = {"CURLOPT_URL"},
                       .predicate = "cleartext-url",
                       .message = "{api} is given {value}{through}: {detail}",
                       .properties = {{"library", "libcurl"}, {"side", "client"}}},
                      {.rule = "transport-cleartext",
                       .apis = {"httplib::Client", "httplib::ClientImpl"},
                       .constructor = true,
                       .arg = 0,
                       .minArgs = 1,
                       .predicate = "cleartext-url",
                       .what = "scheme_host_port",
                       .message = "{api} is given {value}{through}: {detail}",
                       .properties = {{"library", "cpp-httplib"}, {"side", "client"}},
                       .applies = [](SinkSite &site) {
                         const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(&site.call);
                         const clang::CXXConstructorDecl *ctor = construct ? construct->getConstructor() : nullptr;
                         return ctor && !ctor->isCopyOrMoveConstructor() && ctor->getNumParams() >= 1 &&
                                ctor->getParamDecl(0)->getName() == "scheme_host_port";
                       }});

namespace {
constexpr const char *kRule = "transport-cleartext";

using cleartext::cleartextScheme;
using cleartext::lower;
using cleartext::parseUrl;
using cleartext::quietHost;
using cleartext::Scheme;
using cleartext::Url;

struct StringSite {
  const clang::Stmt *at;
  const clang::Expr *value;
  std::string via;
};
// Where a string argument's value is known: here, or at the calls of a thin wrapper.
std::vector<StringSite> stringSites(const clang::Stmt &call, const clang::Expr *arg, clang::ASTContext &ctx) {
  if (!possibleStrings(arg, ctx).values.empty() || resolveStringPrefix(arg, ctx)) return {{&call, arg, ""}};
  std::vector<StringSite> out;
  for (const ForwardedArgument &fwd : forwardedArguments(arg, ctx))
    out.push_back({fwd.call, fwd.arg, " (through " + fwd.wrapper->getNameAsString() + "())"});
  return out;
}

// The values a string can take: every resolvable branch of a run-time choice, or
// the constant beginning of a concatenation (complete = false).
PossibleStrings candidates(const clang::Expr *arg, const clang::ASTContext &ctx) {
  PossibleStrings values = possibleStrings(arg, ctx);
  if (values.values.empty())
    if (std::optional<StringValue> prefix = resolveStringPrefix(arg, ctx)) values.values.push_back(*prefix);
  return values;
}

// The variable or field an easy handle expression names, or null.
const clang::ValueDecl *handleDecl(const clang::Expr *e) {
  e = e->IgnoreParenImpCasts();
  if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e)) return ref->getDecl();
  if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(e)) return member->getMemberDecl();
  return nullptr;
}

// The call a credentials object is an argument of (CreateChannel, AddListeningPort).
const clang::CallExpr *enclosingCall(const clang::Expr &arg, clang::ASTContext &ctx, unsigned &index) {
  const clang::Stmt *child = &arg;
  clang::DynTypedNodeList parents = ctx.getParents(arg);
  for (int depth = 0; depth < 8 && !parents.empty(); ++depth) {
    if (const auto *call = parents[0].get<clang::CallExpr>()) {
      for (unsigned i = 0; i < call->getNumArgs(); ++i)
        if (call->getArg(i) == child) {
          index = i;
          return call;
        }
      return nullptr;
    }
    const clang::Stmt *stmt = parents[0].get<clang::Stmt>();
    if (!stmt || !llvm::isa<clang::Expr>(stmt)) return nullptr;
    child = stmt;
    parents = ctx.getParents(parents[0]);
  }
  return nullptr;
}

// A gRPC target or listening address: "dns:///host:port", "ipv4:1.2.3.4:80",
// "unix:/path", "host:port", "[::1]:port". Returns whether it stays on this machine.
bool grpcLocal(std::string target) {
  target = lower(target);
  if (target.rfind("unix:", 0) == 0 || target.rfind("unix-abstract:", 0) == 0) return true;
  for (const char *prefix : {"dns:///", "dns:", "ipv4:", "ipv6:"})
    if (target.rfind(prefix, 0) == 0) {
      target = target.substr(std::string(prefix).size());
      break;
    }
  std::string host = target;
  if (!host.empty() && host.front() == '[') host = host.substr(0, host.find(']') + 1);
  else if (size_t colon = host.rfind(':'); colon != std::string::npos && host.find(':') == colon)
    host = host.substr(0, colon);
  return quietHost(host);
}

// libpq conninfo: "key=value key='v a l'" or a postgres:// URI.
std::map<std::string, std::string> parseConninfo(std::string_view text) {
  std::map<std::string, std::string> out;
  std::string_view t = text;
  while (!t.empty() && std::isspace((unsigned char)t.front())) t.remove_prefix(1);
  if (t.rfind("postgresql://", 0) == 0 || t.rfind("postgres://", 0) == 0) {
    std::optional<Url> url = parseUrl(t, true);
    if (url && url->hostKnown) out["host"] = url->host;
    size_t q = t.find('?');
    if (q != std::string_view::npos) {
      std::string_view query = t.substr(q + 1);
      while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        size_t eq = pair.find('=');
        if (eq != std::string_view::npos) out[lower(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      }
    }
    return out;
  }
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && std::isspace((unsigned char)t[i])) ++i;
    size_t keyStart = i;
    while (i < t.size() && t[i] != '=' && !std::isspace((unsigned char)t[i])) ++i;
    std::string key = lower(t.substr(keyStart, i - keyStart));
    while (i < t.size() && std::isspace((unsigned char)t[i])) ++i;
    if (i >= t.size() || t[i] != '=') break;
    ++i;
    while (i < t.size() && std::isspace((unsigned char)t[i])) ++i;
    std::string value;
    if (i < t.size() && t[i] == '\'') {
      ++i;
      while (i < t.size() && t[i] != '\'') {
        if (t[i] == '\\' && i + 1 < t.size()) ++i;
        value += t[i++];
      }
      ++i;
    } else {
      while (i < t.size() && !std::isspace((unsigned char)t[i])) value += t[i++];
    }
    out[key] = value;
  }
  return out;
}

// Whether a libpq host setting reaches another machine: no host means the Unix
// socket, a value starting with '/' or '@' is a socket directory.
bool postgresRemote(const std::map<std::string, std::string> &settings) {
  auto host = settings.find("host");
  auto addr = settings.find("hostaddr");
  std::vector<std::string> hosts;
  if (addr != settings.end() && !addr->second.empty()) hosts.push_back(addr->second);
  else if (host != settings.end() && !host->second.empty()) hosts.push_back(host->second);
  if (hosts.empty()) return false;
  bool remote = false;
  std::string_view list = hosts[0];
  while (!list.empty()) {  // host=a,b,c
    size_t comma = list.find(',');
    std::string one(list.substr(0, comma));
    if (!one.empty() && one[0] != '/' && one[0] != '@' && !quietHost(one)) remote = true;
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return remote;
}
}  // namespace

void CleartextCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"), this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasAnyName("::httplib::Client", "::httplib::ClientImpl")))))
          .bind("httplib"),
      this);
  finder.addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(
                                         hasAnyName("::Poco::Net::HTTPClientSession", "::Poco::Net::FTPClientSession")))))
                        .bind("poco"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::grpc::InsecureChannelCredentials")))).bind("grpcclient"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasName("::grpc::InsecureServerCredentials")))).bind("grpcserver"),
                    this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::PQconnectdb", "::PQconnectStart", "::PQping")))).bind("pq"), this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::PQconnectdbParams", "::PQconnectStartParams", "::PQpingParams"))))
          .bind("pqparams"),
      this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName(
                                 "::redisConnect", "::redisConnectWithTimeout", "::redisConnectNonBlock",
                                 "::redisConnectBindNonBlock", "::redisConnectBindNonBlockWithReuse",
                                 "::redisAsyncConnect", "::redisAsyncConnectBind",
                                 "::redisAsyncConnectBindWithReuse"))))
                        .bind("redis"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::mongoc_client_new", "::mongoc_uri_new",
                                                            "::mongoc_uri_new_with_error", "::mongoc_client_pool_new"))))
                        .bind("mongoc"),
                    this);
  finder.addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::mongocxx::uri")))))
                        .bind("mongocxx"),
                    this);
  // AWS SDK for C++: config.scheme = Aws::Http::Scheme::HTTP; config.endpointOverride = "http://...".
  finder.addMatcher(binaryOperator(hasOperatorName("="),
                                   hasLHS(ignoringParenImpCasts(memberExpr(member(fieldDecl(
                                       hasAnyName("scheme", "endpointOverride"),
                                       hasDeclContext(cxxRecordDecl(hasName("::Aws::Client::ClientConfiguration")))))))))
                        .bind("awsconfig"),
                    this);
  finder.addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                                        hasArgument(0, ignoringParenImpCasts(memberExpr(member(fieldDecl(
                                                           hasName("endpointOverride"),
                                                           hasDeclContext(cxxRecordDecl(hasName(
                                                               "::Aws::Client::ClientConfiguration")))))))))
                        .bind("awsendpoint"),
                    this);
}

void CleartextCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  const auto &nodes = result.Nodes;
  if (const auto *call = nodes.getNodeAs<clang::CallExpr>("curl")) {
    std::string option = curlOptionName(*call, ctx);
    if (option == "CURLOPT_URL") checkUrl(*call, call->getArg(2), "curl_easy_setopt(CURLOPT_URL)", true, "libcurl", ctx);
  } else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("httplib")) {
    const clang::CXXConstructorDecl *ctor = construct->getConstructor();
    if (ctor->getNumParams() < 1 || construct->getNumArgs() < 1 || ctor->isCopyOrMoveConstructor()) return;
    std::string cls = ctor->getParent()->getNameAsString();
    if (ctor->getParamDecl(0)->getName() == "scheme_host_port")
      checkUrl(*construct, construct->getArg(0), "httplib::" + cls, false, "cpp-httplib", ctx);
    else if (ctor->getParamDecl(0)->getName() == "host")
      checkPlainHost(*construct, construct->getArg(0), "httplib::" + cls + "(host, port)", "HTTP", "cpp-httplib", ctx);
  } else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("poco")) {
    const clang::CXXConstructorDecl *ctor = construct->getConstructor();
    if (ctor->getNumParams() < 1 || construct->getNumArgs() < 1 || ctor->getParamDecl(0)->getName() != "host") return;
    std::string cls = ctor->getParent()->getNameAsString();
    checkPlainHost(*construct, construct->getArg(0), "Poco::Net::" + cls, cls == "FTPClientSession" ? "FTP" : "HTTP",
                   "poco", ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("grpcclient")) {
    checkGrpc(*call, false, ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("grpcserver")) {
    checkGrpc(*call, true, ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("pq")) {
    checkPostgres(*call, ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("pqparams")) {
    checkPostgresParams(*call, ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("redis")) {
    checkRedis(*call, ctx);
  } else if (const auto *call = nodes.getNodeAs<clang::CallExpr>("mongoc")) {
    if (call->getNumArgs() >= 1 && call->getDirectCallee()->getName() != "mongoc_client_pool_new")
      checkMongo(*call, call->getArg(0), call->getDirectCallee()->getNameAsString() + "()", ctx);
  } else if (const auto *construct = nodes.getNodeAs<clang::CXXConstructExpr>("mongocxx")) {
    if (construct->getNumArgs() >= 1 && !construct->getConstructor()->isCopyOrMoveConstructor())
      checkMongo(*construct, construct->getArg(0), "mongocxx::uri", ctx);
  } else if (const auto *assign = nodes.getNodeAs<clang::BinaryOperator>("awsconfig")) {
    checkAwsConfig(*assign, ctx);
  } else if (const auto *op = nodes.getNodeAs<clang::CXXOperatorCallExpr>("awsendpoint")) {
    if (op->getNumArgs() == 2)
      checkUrl(*op, op->getArg(1), "Aws::Client::ClientConfiguration::endpointOverride", true, "aws-sdk-cpp", ctx);
  }
}

// config.scheme = Aws::Http::Scheme::HTTP: every request of the client goes out in clear
// text, unless the endpoint is overridden to a loopback host (LocalStack, MinIO in tests).
void CleartextCheck::checkAwsConfig(const clang::BinaryOperator &assign, clang::ASTContext &ctx) {
  const auto *field = llvm::dyn_cast<clang::MemberExpr>(assign.getLHS()->IgnoreParenImpCasts());
  if (!field || field->getMemberDecl()->getName() != "scheme") return;
  std::optional<IntValue> value = resolveInt(assign.getRHS(), ctx);
  if (!value || value->value != 0) return;  // Aws::Http::Scheme::HTTP is 0, HTTPS 1
  const auto *enumType = assign.getRHS()->IgnoreParenImpCasts()->getType()->getAs<clang::EnumType>();
  if (!enumType || enumType->getDecl()->getQualifiedNameAsString() != "Aws::Http::Scheme") return;
  // The same configuration object's endpointOverride, when it is a known loopback host.
  const clang::ValueDecl *config = handleDecl(field->getBase());
  std::string host;
  const clang::FunctionDecl *fn = nullptr;
  for (auto parents = ctx.getParents(assign); !parents.empty() && !fn; parents = ctx.getParents(parents[0])) {
    fn = parents[0].get<clang::FunctionDecl>();
    if (!fn && !parents[0].get<clang::Stmt>()) break;
  }
  if (fn && fn->getBody() && config) {
    auto endpoint = memberExpr(member(hasName("endpointOverride")), hasObjectExpression(ignoringParenImpCasts(
                                                                        declRefExpr(to(valueDecl(equalsNode(config)))))));
    auto matcher = stmt(anyOf(cxxOperatorCallExpr(hasOverloadedOperatorName("="), hasArgument(0, ignoringParenImpCasts(endpoint)),
                                                  hasArgument(1, expr().bind("value"))),
                              binaryOperator(hasOperatorName("="), hasLHS(ignoringParenImpCasts(endpoint)),
                                             hasRHS(expr().bind("value")))));
    for (const BoundNodes &nodes : match(stmt(forEachDescendant(matcher)), *fn->getBody(), ctx)) {
      std::optional<StringValue> text = resolveString(nodes.getNodeAs<clang::Expr>("value"), ctx);
      if (!text) continue;
      std::string endpointText = text->value;
      if (size_t sep = endpointText.find("://"); sep != std::string::npos) endpointText = endpointText.substr(sep + 3);
      std::string h = endpointText.substr(0, endpointText.find_first_of("/?"));
      if (!h.empty() && h.front() == '[') h = h.substr(0, h.find(']') + 1);
      else h = h.substr(0, h.find(':'));
      host = lower(h);
    }
  }
  if (!host.empty() && quietHost(host)) return;
  std::string message = "Aws::Client::ClientConfiguration::scheme is set to Aws::Http::Scheme::HTTP: the AWS client "
                        "sends every request and response (object data, SigV4-signed headers, any session token) "
                        "unencrypted" + (host.empty() ? std::string() : " to " + host) +
                        "; keep the default Aws::Http::Scheme::HTTPS";
  if (Finding *finding = report(kRule, assign, ctx, message)) {
    finding->properties["library"] = "aws-sdk-cpp";
    finding->properties["side"] = "client";
  }
}

void CleartextCheck::checkUrl(const clang::Stmt &at, const clang::Expr *arg, const std::string &api, bool curl,
                              const std::string &library, clang::ASTContext &ctx) {
  for (const StringSite &site : stringSites(at, arg, ctx)) {
    PossibleStrings values = candidates(site.value, ctx);
    for (const StringValue &value : values.values) {
      std::optional<Url> url = parseUrl(value.value, value.complete);
      std::string message;
      std::optional<Level> level;
      if (!url) {
        // cpp-httplib without a scheme ("api.internal:8080") speaks plain HTTP.
        if (curl || !value.complete || value.value.empty()) continue;
        std::string host = lower(value.value.substr(0, value.value.find(':')));
        if (value.value.front() == '[') host = lower(value.value.substr(0, value.value.find(']') + 1));
        if (quietHost(host)) continue;
        message = api + site.via + " is given \"" + value.value +
                  "\" without a scheme, so it connects over plain HTTP: requests and responses travel "
                  "unencrypted; use \"https://" + value.value + "\"";
      } else {
        const Scheme *scheme = cleartextScheme(url->scheme);
        if (!scheme) continue;
        if (url->hostKnown && quietHost(url->host)) continue;
        if (curl && scheme->starttls) {
          // STARTTLS: CURLOPT_USE_SSL set anywhere in this TU upgrades the connection.
          // On the same easy handle (variable or field) when the handle is named.
          int64_t useSsl = -1;
          const clang::ValueDecl *handle = nullptr;
          if (const auto *setopt = llvm::dyn_cast<clang::CallExpr>(&at))
            handle = handleDecl(setopt->getArg(0));
          for (const BoundNodes &nodes :
               matchUserCode(callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("c"), ctx)) {
            const auto *call = nodes.getNodeAs<clang::CallExpr>("c");
            if (curlOptionName(*call, ctx) != "CURLOPT_USE_SSL") continue;
            if (handle && handleDecl(call->getArg(0)) != handle) continue;
            if (std::optional<IntValue> v = resolveInt(call->getArg(2), ctx)) useSsl = std::max(useSsl, v->value);
          }
          if (useSsl >= 2) continue;  // CURLUSESSL_CONTROL / CURLUSESSL_ALL
          if (useSsl == 1) level = Level::Note;  // CURLUSESSL_TRY falls back to cleartext
        }
        std::string shown = value.complete ? "\"" + value.value + "\"" : "a URL starting with \"" + value.value + "\"";
        message = api + site.via + " is given " + shown + ": " + cleartext::consequence(*scheme, *url);
        if (level) message += " (CURLOPT_USE_SSL is CURLUSESSL_TRY, which falls back to cleartext)";
        if (!url->hostKnown) {
          message += " (the host is chosen at run time)";
          level = Level::Note;
        }
      }
      if (values.runtimeChoice) {
        message += "; chosen at run time: cleartext is reachable";
        level = Level::Note;
      }
      if (Finding *finding = report(kRule, *site.at, ctx, message, level)) {
        finding->properties["library"] = library;
        finding->properties["side"] = "client";
        if (value.origin) addRelated(*finding, *value.origin, ctx, "the URL is defined here");
      }
      break;
    }
  }
}

void CleartextCheck::checkPlainHost(const clang::Stmt &at, const clang::Expr *arg, const std::string &api,
                                    const std::string &protocol, const std::string &library, clang::ASTContext &ctx) {
  for (const StringSite &site : stringSites(at, arg, ctx)) {
    PossibleStrings values = possibleStrings(site.value, ctx);
    for (const StringValue &value : values.values) {
      if (value.value.empty() || quietHost(value.value)) continue;
      std::string message = api + site.via + " connects to " + value.value + " over plain " + protocol +
                            ": requests, responses and any credentials travel unencrypted";
      message += protocol == "FTP" ? "; use FTPS or SFTP" : library == "poco" ? "; use HTTPSClientSession" : "; use httplib::SSLClient or an https:// URL";
      std::optional<Level> level;
      if (values.runtimeChoice) {
        message += "; chosen at run time: cleartext is reachable";
        level = Level::Note;
      }
      if (Finding *finding = report(kRule, *site.at, ctx, message, level)) {
        finding->properties["library"] = library;
        finding->properties["side"] = "client";
        if (value.origin) addRelated(*finding, *value.origin, ctx, "the host is defined here");
      }
      break;
    }
  }
}

void CleartextCheck::checkGrpc(const clang::CallExpr &call, bool server, clang::ASTContext &ctx) {
  unsigned index = 0;
  const clang::CallExpr *user = enclosingCall(call, ctx, index);
  std::string where;
  if (user && user->getDirectCallee() && user->getNumArgs() >= 1) {
    llvm::StringRef name = user->getDirectCallee()->getName();
    bool target = server ? name == "AddListeningPort" : name.starts_with("CreateChannel") || name.starts_with("CreateCustomChannel");
    if (target && index == 1) {
      if (std::optional<StringValue> address = resolveString(user->getArg(0), ctx)) {
        if (grpcLocal(address->value)) return;
        where = (server ? " for the listening address \"" : " for the target \"") + address->value + "\"";
      }
    }
  }
  std::string message =
      server ? "grpc::InsecureServerCredentials()" + where +
                   ": the server accepts plaintext connections, so calls, responses and metadata (tokens) travel "
                   "unencrypted; use grpc::SslServerCredentials"
             : "grpc::InsecureChannelCredentials()" + where +
                   ": the channel is plaintext, so calls, responses and metadata (tokens) travel unencrypted; use "
                   "grpc::SslCredentials (or experimental::LocalCredentials for local connections)";
  if (Finding *finding = report(kRule, call, ctx, message)) {
    finding->properties["library"] = "grpc";
    finding->properties["side"] = server ? "server" : "client";
  }
}

void CleartextCheck::checkPostgres(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1) return;
  std::string function = call.getDirectCallee()->getNameAsString();
  for (const StringSite &site : stringSites(call, call.getArg(0), ctx)) {
    PossibleStrings values = possibleStrings(site.value, ctx);
    for (const StringValue &value : values.values) {
      std::map<std::string, std::string> settings = parseConninfo(value.value);
      auto mode = settings.find("sslmode");
      if (mode == settings.end()) continue;
      std::string sslmode = lower(mode->second);
      if (sslmode != "disable" && sslmode != "allow" && sslmode != "prefer") continue;
      if (!postgresRemote(settings)) continue;
      std::string message = function + "()" + site.via + " connects with sslmode=" + sslmode;
      std::optional<Level> level;
      if (sslmode == "disable") {
        message += ": queries, results and the password exchange travel unencrypted; use sslmode=verify-full";
      } else {
        message += ": the connection falls back to cleartext when the server (or an attacker in the middle) "
                   "does not offer TLS, and the certificate is never verified; use sslmode=verify-full";
        level = Level::Note;
      }
      if (values.runtimeChoice) {
        message += "; chosen at run time: cleartext is reachable";
        level = Level::Note;
      }
      if (Finding *finding = report(kRule, *site.at, ctx, message, level)) {
        finding->properties["library"] = "libpq";
        finding->properties["side"] = "client";
        if (value.origin) addRelated(*finding, *value.origin, ctx, "the connection string is defined here");
      }
      break;
    }
  }
}

void CleartextCheck::checkPostgresParams(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 2) return;
  // const char *keys[] = {"host", "sslmode", NULL}; const char *values[] = {...};
  auto elements = [&](const clang::Expr *arg) -> std::vector<const clang::Expr *> {
    const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(arg->IgnoreParenImpCasts());
    const auto *var = ref ? llvm::dyn_cast<clang::VarDecl>(ref->getDecl()) : nullptr;
    const auto *init = var && var->getInit() ? llvm::dyn_cast<clang::InitListExpr>(var->getInit()->IgnoreImplicit()) : nullptr;
    if (!init) return {};
    return std::vector<const clang::Expr *>(init->inits().begin(), init->inits().end());
  };
  std::vector<const clang::Expr *> keys = elements(call.getArg(0)), values = elements(call.getArg(1));
  std::map<std::string, std::string> settings;
  for (size_t i = 0; i < keys.size() && i < values.size(); ++i) {
    std::optional<StringValue> key = resolveString(keys[i], ctx);
    if (!key) continue;
    std::optional<StringValue> value = resolveString(values[i], ctx);
    if (value) settings[lower(key->value)] = value->value;
    else if (key->value == "host" || key->value == "hostaddr") settings[key->value] = "?";  // unknown: remote
  }
  auto mode = settings.find("sslmode");
  if (mode == settings.end()) return;
  std::string sslmode = lower(mode->second);
  if (sslmode != "disable" && sslmode != "allow" && sslmode != "prefer") return;
  if (!postgresRemote(settings)) return;
  std::string message = call.getDirectCallee()->getNameAsString() + "() connects with sslmode=" + sslmode;
  std::optional<Level> level;
  if (sslmode == "disable") {
    message += ": queries, results and the password exchange travel unencrypted; use sslmode=verify-full";
  } else {
    message += ": the connection falls back to cleartext when TLS is not offered, and the certificate is "
               "never verified; use sslmode=verify-full";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "libpq";
    finding->properties["side"] = "client";
  }
}

void CleartextCheck::checkRedis(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 1) return;
  std::optional<StringValue> host = resolveString(call.getArg(0), ctx);
  if (!host || host->value.empty() || quietHost(host->value)) return;
  // hiredis >= 1.0 sets up TLS on an existing context; any such call counts.
  if (!matchUserCode(traverse(clang::TK_AsIs,
                      callExpr(callee(functionDecl(hasAnyName("redisInitiateSSL", "redisInitiateSSLWithContext",
                                                              "redisCreateSSLContext", "redisConnectWithSSL"))))),
             ctx)
           .empty())
    return;
  std::string message = call.getDirectCallee()->getNameAsString() + "() connects to " + host->value +
                        " and this file never sets up TLS (redisInitiateSSLWithContext): commands, data and the "
                        "AUTH password travel unencrypted unless a tunnel protects them";
  if (Finding *finding = report(kRule, call, ctx, message, Level::Note)) {
    finding->properties["library"] = "hiredis";
    finding->properties["side"] = "client";
    if (host->origin) addRelated(*finding, *host->origin, ctx, "the host is defined here");
  }
}

void CleartextCheck::checkMongo(const clang::Stmt &at, const clang::Expr *arg, const std::string &api,
                                clang::ASTContext &ctx) {
  PossibleStrings values = possibleStrings(arg, ctx);
  for (const StringValue &value : values.values) {
    std::string uri = value.value;
    if (lower(uri).rfind("mongodb://", 0) != 0) continue;
    size_t q = uri.find('?');
    if (q == std::string::npos) continue;
    std::string off;
    std::string_view query = std::string_view(uri).substr(q + 1);
    while (!query.empty()) {
      size_t amp = query.find_first_of("&;");
      std::string pair = lower(query.substr(0, amp));
      if (pair == "tls=false" || pair == "ssl=false") off = std::string(query.substr(0, amp));
      if (pair == "tls=true" || pair == "ssl=true") off.clear();
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    if (off.empty()) continue;
    // mongodb://[user@]host1[:port],host2.../db?...
    std::string hosts = uri.substr(10, uri.find_first_of("/?", 10) - 10);
    if (size_t atSign = hosts.rfind('@'); atSign != std::string::npos) hosts = hosts.substr(atSign + 1);
    bool remote = false;
    std::string_view list = hosts;
    while (!list.empty()) {
      size_t comma = list.find(',');
      std::string one(list.substr(0, comma));
      std::string host = one.front() == '[' ? one.substr(0, one.find(']') + 1) : one.substr(0, one.find(':'));
      if (!quietHost(host)) remote = true;
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    if (!remote) continue;
    std::string message = api + " is given a MongoDB URI with " + off +
                          ": queries, documents and credentials travel unencrypted; use tls=true";
    std::optional<Level> level;
    if (values.runtimeChoice) {
      message += "; chosen at run time: cleartext is reachable";
      level = Level::Note;
    }
    if (Finding *finding = report(kRule, at, ctx, message, level)) {
      finding->properties["library"] = "mongodb";
      finding->properties["side"] = "client";
      if (value.origin) addRelated(*finding, *value.origin, ctx, "the URI is defined here");
    }
    return;
  }
}

}  // namespace attest::transport
