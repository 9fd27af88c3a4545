#include "checks/tls/WeakCipherCheck.h"
#include "checks/common/CipherString.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/TlsRole.h"
#include "checks/common/SinkSpec.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(WeakCipherCheck, "tls/WeakCipher", "tls-weak-cipher");

namespace {
// OpenSSL and wolfSSL cipher lists: the context's side, in the message and the properties.
bool cipherListSide(SinkSite &site) {
  TlsRole role = openSslSinkSide(site);
  site.words["context"] = role == TlsRole::Client   ? " on this client context"
                          : role == TlsRole::Server ? " on this server context"
                                                    : " on this context whose role could not be determined";
  return true;
}
}  // namespace

ATTEST_REGISTER_SINKS(
    {.rule = "tls-weak-cipher",
     .apis = {"SSL_CTX_set_cipher_list", "SSL_set_cipher_list", "wolfSSL_CTX_set_cipher_list",
              "wolfSSL_set_cipher_list"},
     .arg = 1,
     .minArgs = 2,
     .maxArgs = 2,
     .predicate = "weak-cipher-list",
     .what = "the cipher list",
     .message = "{api} is given the cipher list {value}{through}, which enables weak suites: {detail}{context}",
     .applies = cipherListSide},
    {.rule = "tls-weak-cipher",
     .apis = {"curl_easy_setopt"},
     .arg = 2,
     .minArgs = 3,
     .maxArgs = 3,
     .curlOptions = {"CURLOPT_SSL_CIPHER_LIST", "CURLOPT_PROXY_SSL_CIPHER_LIST"},
     .predicate = "weak-cipher-list",
     .message = "{api} is given the cipher list {value}{through}, which enables weak suites: {detail}",
     .properties = {{"library", "libcurl"}, {"side", "client"}}},
    {.rule = "tls-weak-cipher",
     .apis = {"gnutls_priority_set_direct", "gnutls_priority_init", "gnutls_priority_init2",
              "gnutls_set_default_priority_append"},
     .arg = 1,
     .minArgs = 2,
     .predicate = "weak-priority",
     .what = "the priority string",
     .message = "{api} is given the priority string {value}{through}, which adds weak algorithms: {detail}",
     .properties = {{"library", "gnutls"}},
     .applies = [](SinkSite &site) {
       // Appended to the default priorities (gnutls_priority_init2's GNUTLS_PRIORITY_INIT_DEF_APPEND).
       std::optional<int64_t> flags;
       if (site.numArgs >= 4)
         if (std::optional<IntValue> value = resolveInt(site.arg(3), site.ctx)) flags = value->value;
       std::string name = site.api.substr(0, site.api.size() - 2);
       if (cipher::gnutlsAppendsToDefault(name, flags)) site.predicate = "weak-priority-append";
       return true;
     }});

namespace {
constexpr const char *kRule = "tls-weak-cipher";

using cipher::anySevere;

std::string quoted(const std::string &text) {
  std::string out = text.size() > 120 ? text.substr(0, 120) + "..." : text;
  return "\"" + out + "\"";
}
}  // namespace

void WeakCipherCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_cipher_list", "::SSL_set_cipher_list",
                                                            "::wolfSSL_CTX_set_cipher_list",
                                                            "::wolfSSL_set_cipher_list"))),
                             argumentCountIs(2))
                        .bind("openssl"),
                    this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"), this);
  finder.addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::Poco::Net::Context"))))).bind("poco"),
      this);
  finder.addMatcher(
      cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                          hasArgument(0, memberExpr(member(fieldDecl(
                                             hasName("cipherList"),
                                             hasDeclContext(cxxRecordDecl(hasName("::Poco::Net::Context::Params"))))))))
          .bind("pocoparams"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::gnutls_priority_set_direct", "::gnutls_priority_init",
                                              "::gnutls_priority_init2", "::gnutls_set_default_priority_append"))))
          .bind("gnutls"),
      this);
}

void WeakCipherCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("openssl")) {
    std::string function = call->getDirectCallee()->getNameAsString();
    TlsRole role = opensslRole(*call->getArg(0), ctx);
    checkOpenSslString(*call, call->getArg(1), function + "()",
                       llvm::StringRef(function).starts_with("wolfSSL") ? "wolfssl" : "openssl", sideName(role), ctx);
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("curl")) {
    std::string name = curlOptionName(*call, ctx);
    if (name != "CURLOPT_SSL_CIPHER_LIST" && name != "CURLOPT_PROXY_SSL_CIPHER_LIST") return;
    checkOpenSslString(*call, call->getArg(2), "curl_easy_setopt(" + name + ")", "libcurl", "client", ctx);
  } else if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("poco")) {
    const clang::CXXConstructorDecl *ctor = construct->getConstructor();
    for (unsigned i = 0; i < ctor->getNumParams() && i < construct->getNumArgs(); ++i) {
      if (ctor->getParamDecl(i)->getName() != "cipherList") continue;
      if (llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(i))) return;  // Poco's own default
      checkOpenSslString(*construct, construct->getArg(i), "Poco::Net::Context (cipherList)", "poco",
                         "undetermined (client or server)", ctx);
    }
  } else if (const auto *assign = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>("pocoparams")) {
    if (assign->getNumArgs() == 2)
      checkOpenSslString(*assign, assign->getArg(1), "Context::Params::cipherList", "poco",
                         "undetermined (client or server)", ctx);
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("gnutls")) {
    checkGnuTls(*call, ctx);
  }
}

void WeakCipherCheck::checkOpenSslString(const clang::Stmt &call, const clang::Expr *arg, const std::string &api,
                                         const std::string &library, const std::string &side,
                                         clang::ASTContext &ctx) {
  struct Site {
    const clang::Stmt *at;
    const clang::Expr *value;
    std::string via;
  };
  std::vector<Site> sites;
  if (!possibleStrings(arg, ctx).values.empty())
    sites.push_back({&call, arg, ""});
  else
    for (const ForwardedArgument &fwd : forwardedArguments(arg, ctx))
      sites.push_back({fwd.call, fwd.arg, " (through " + fwd.wrapper->getNameAsString() + "())"});

  for (const Site &site : sites) {
    PossibleStrings lists = possibleStrings(site.value, ctx);
    for (const StringValue &list : lists.values) {
      cipher::OpenSslAnalysis analysis = cipher::analyzeOpenSslCipherList(list.value);
      // The inventory (--cbom) lists every cipher configuration with the suites it enables.
      recordAsset({.kind = "cipher-list", .name = list.value, .suites = analysis.enabled,
                   .weak = !analysis.weak.empty(), .ruleId = analysis.weak.empty() ? "" : kRule,
                   .library = library, .api = api},
                  *site.at, ctx);
      if (analysis.weak.empty()) continue;
      std::string message = api + site.via + " is given the cipher list " + quoted(list.value) +
                            ", which enables weak suites: " + cipher::describe(analysis.weak);
      if (library == "openssl" || library == "wolfssl")
        message += side == "client" ? " on this client context" : side == "server" ? " on this server context"
                                                                               : " on this context whose role could not be determined";
      std::optional<Level> level;
      if (anySevere(analysis.weak)) level = Level::Error;
      if (lists.runtimeChoice) {
        message += "; the list is chosen at run time: insecure mode is reachable";
        level = Level::Note;
      }
      if (Finding *finding = report(kRule, *site.at, ctx, message, level)) {
        finding->properties["library"] = library;
        finding->properties["side"] = side;
        if (list.origin) addRelated(*finding, *list.origin, ctx, "the cipher list is defined here");
      }
      break;  // one finding per call
    }
  }
}

void WeakCipherCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string function = call.getDirectCallee()->getNameAsString();
  if (call.getNumArgs() < 2) return;
  std::optional<int64_t> flags;
  if (call.getNumArgs() >= 4)
    if (std::optional<IntValue> value = resolveInt(call.getArg(3), ctx)) flags = value->value;
  bool append = cipher::gnutlsAppendsToDefault(function, flags);
  PossibleStrings priorities = possibleStrings(call.getArg(1), ctx);
  for (const StringValue &priority : priorities.values) {
    cipher::GnuTlsAnalysis analysis =
        cipher::analyzeGnuTlsPriority(append ? "NORMAL:" + priority.value : priority.value);
    recordAsset({.kind = "priority-string", .name = priority.value, .weak = !analysis.weak.empty(),
                 .ruleId = analysis.weak.empty() ? "" : kRule, .library = "gnutls", .api = function},
                call, ctx);
    if (analysis.weak.empty()) continue;
    std::string message = function + "() is given the priority string " + quoted(priority.value) +
                          ", which adds weak algorithms: " + cipher::describe(analysis.weak);
    std::optional<Level> level;
    if (anySevere(analysis.weak)) level = Level::Error;
    if (priorities.runtimeChoice) {
      message += "; the string is chosen at run time: insecure mode is reachable";
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
