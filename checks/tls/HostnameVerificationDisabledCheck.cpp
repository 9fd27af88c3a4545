#include "checks/tls/HostnameVerificationDisabledCheck.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/RuntimeChoice.h"
#include "checks/common/TlsRole.h"
#include "checks/common/SinkSpec.h"

#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(HostnameVerificationDisabledCheck, "tls/HostnameVerificationDisabled",
                      "tls-hostname-verification-disabled");

ATTEST_REGISTER_SINKS({.rule = "tls-hostname-verification-disabled",
                       .apis = {"curl_easy_setopt"},
                       .arg = 2,
                       .minArgs = 3,
                       .maxArgs = 3,
                       .curlOptions = {"CURLOPT_SSL_VERIFYHOST", "CURLOPT_PROXY_SSL_VERIFYHOST"},
                       .predicate = "zero",
                       .message = "{api} is given {value}{through}, which disables checking that the certificate "
                                  "matches the host name: a valid certificate issued for any other name is accepted",
                       .properties = {{"library", "libcurl"}, {"side", "client"}}});

namespace {
constexpr const char *kRule = "tls-hostname-verification-disabled";

std::string describeValue(const clang::Expr &arg, const IntValue &value, clang::ASTContext &ctx) {
  std::string text = sourceText(arg, ctx, 40);
  std::string number = std::to_string(value.value);
  return text == number ? number : text + " (" + number + ")";
}
}  // namespace

void HostnameVerificationDisabledCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"), this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::gnutls_session_set_verify_cert"))), argumentCountIs(3))
          .bind("gnutls"),
      this);
}

void HostnameVerificationDisabledCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("curl"))
    checkCurl(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("gnutls"))
    checkGnuTls(*call, *result.Context);
}

void HostnameVerificationDisabledCheck::checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string optionName = curlOptionName(call, ctx);
  bool proxy = optionName == "CURLOPT_PROXY_SSL_VERIFYHOST";
  if (optionName != "CURLOPT_SSL_VERIFYHOST" && !proxy) return;
  std::string peer = proxy ? "the HTTPS proxy's certificate matches the proxy's host name"
                           : "the server certificate matches the host name";

  // The value at this call, or at each call of a thin wrapper that passes it through.
  struct Site {
    const clang::Stmt *at;
    const clang::Expr *value;
    std::string via;
  };
  std::vector<Site> sites;
  if (!possibleInts(call.getArg(2), ctx).values.empty())
    sites.push_back({&call, call.getArg(2), ""});
  else
    for (const ForwardedArgument &fwd : forwardedArguments(call.getArg(2), ctx))
      sites.push_back({fwd.call, fwd.arg, " (through " + fwd.wrapper->getNameAsString() + "())"});

  for (const Site &site : sites) {
    PossibleInts values = possibleInts(site.value, ctx);
    const IntValue *zero = nullptr, *one = nullptr;
    for (const IntValue &value : values.values) {
      if (value.value == 0) zero = &value;
      if (value.value == 1) one = &value;
    }
    std::string message;
    std::optional<Level> level;
    const IntValue *shown = zero ? zero : one;
    if (!shown) continue;
    bool chosenAtRunTime = values.runtimeChoice || (site.at == &call && zero && ifElseChoice(call, ctx));
    if (chosenAtRunTime) {
      message = "curl_easy_setopt(" + optionName + ")" + site.via + " may be given " +
                std::to_string(shown->value) + ": insecure mode is reachable at run time, which " +
                (zero ? "disables checking that " : "weakens checking that ") + peer;
      level = Level::Note;
    } else if (zero) {
      message = "curl_easy_setopt(" + optionName + ", " + describeValue(*site.value, *zero, ctx) + ")" +
                site.via + " disables checking that " + peer +
                ": a valid certificate issued for any other name is accepted";
    } else {
      message = "curl_easy_setopt(" + optionName + ", " + describeValue(*site.value, *one, ctx) + ")" +
                site.via + ": libcurl before 7.66.0 then only checks that the certificate has a name, "
                "not that it is " + (proxy ? "the proxy's" : "the server's") + "; use 2";
      level = Level::Note;
    }
    if (Finding *finding = reportArgument(kRule, *site.at, *site.value, ctx, message, level)) {
      finding->properties["library"] = "libcurl";
      finding->properties["side"] = "client";
      if (shown->origin) addRelated(*finding, *shown->origin, ctx, "the value is defined here");
      // The literal 0 or 1 at the call itself; 2 is the only value that checks the name.
      if (!chosenAtRunTime && site.at == &call && values.values.size() == 1) {
        int64_t bad = shown->value;
        auto accepts = [bad](llvm::StringRef text) { return isIntegerToken(text, unsigned(bad)); };
        if (std::optional<Fix> fix = argumentFix(call, *site.value, accepts, "2L",
                                                 "Pass 2L to " + optionName + ": check that " + peer, ctx))
          finding->fixes.push_back(std::move(*fix));
      }
    }
  }
}

void HostnameVerificationDisabledCheck::checkGnuTls(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::Expr *host = call.getArg(1);
  if (!host->IgnoreParenImpCasts()->isNullPointerConstant(ctx, clang::Expr::NPC_ValueDependentIsNotNull))
    return;
  // On a server the peer is a client: there is no host name to check.
  TlsRole role = gnutlsRole(*call.getArg(0), ctx);
  if (role == TlsRole::Server) return;
  std::string message =
      "gnutls_session_set_verify_cert() is given no host name on this " +
      std::string(role == TlsRole::Client ? "client session" : "session whose role could not be determined") +
      ": the certificate chain is verified but not that it was issued for the server's name";
  std::optional<Level> level;
  if (role == TlsRole::Undetermined) level = Level::Note;
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "gnutls";
    finding->properties["side"] = sideName(role);
  }
}

}  // namespace attest::tls
