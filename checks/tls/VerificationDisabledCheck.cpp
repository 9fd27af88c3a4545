#include "checks/tls/VerificationDisabledCheck.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/TlsRole.h"

#include "clang/ASTMatchers/ASTMatchers.h"

using namespace clang::ast_matchers;

namespace attest {
ATTEST_REGISTER_CHECK(VerificationDisabledCheck, "tls/VerificationDisabled", "tls-verification-disabled");

namespace {
constexpr const char *kRule = "tls-verification-disabled";
constexpr int64_t kSslVerifyPeer = 0x01;  // OpenSSL's SSL_VERIFY_PEER bit

struct CurlOption {
  const char *name;
  const char *what;
};
// The options whose value 0 turns verification off. Names, not numbers: the option
// argument is resolved to its CURLoption enumerator.
const CurlOption kCurlOptions[] = {
    {"CURLOPT_SSL_VERIFYPEER", "verification of the server certificate"},
    {"CURLOPT_PROXY_SSL_VERIFYPEER", "verification of the HTTPS proxy's certificate"},
    {"CURLOPT_SSL_VERIFYHOST", "checking that the server certificate matches the host name"},
    {"CURLOPT_PROXY_SSL_VERIFYHOST", "checking that the proxy certificate matches its host name"},
};

std::string describeValue(const clang::Expr &arg, const IntValue &value, clang::ASTContext &ctx) {
  std::string text = sourceText(arg, ctx, 40);
  std::string number = std::to_string(value.value);
  return text == number ? number : text + " (" + number + ")";
}

}  // namespace

void VerificationDisabledCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(
      callExpr(callee(functionDecl(hasAnyName("::SSL_CTX_set_verify", "::SSL_set_verify"))),
               argumentCountIs(3))
          .bind("openssl"),
      this);
  finder.addMatcher(
      callExpr(callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"),
      this);
  finder.addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(hasName("set_verify_mode"),
                                             ofClass(cxxRecordDecl(hasAnyName(
                                                 "::boost::asio::ssl::context",
                                                 "::boost::asio::ssl::stream"))))))
          .bind("asio"),
      this);
}

void VerificationDisabledCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("openssl"))
    checkOpenSsl(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("curl"))
    checkCurl(*call, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("asio"))
    checkAsio(*call, *result.Context);
}

void VerificationDisabledCheck::checkOpenSsl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::Expr *modeArg = call.getArg(1);
  PossibleInts modes = possibleInts(modeArg, ctx);
  const IntValue *insecure = nullptr;
  for (const IntValue &mode : modes.values)
    if ((mode.value & kSslVerifyPeer) == 0) insecure = &mode;
  if (!insecure) return;

  std::string function = call.getDirectCallee()->getNameAsString();
  TlsRole role = opensslRole(*call.getArg(0), ctx);
  // On a server, SSL_VERIFY_NONE only means "do not ask clients for a certificate".
  if (role == TlsRole::Server) return;
  std::string side = role == TlsRole::Client ? "client" : "undetermined (client or server)";
  std::string message = function + "() is given " + describeValue(*modeArg, *insecure, ctx) +
                        ", which does not verify the peer's certificate on this " +
                        (role == TlsRole::Client ? "client context" : "context whose role could not be determined") +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (modes.runtimeChoice) {
    message = function + "() may be given SSL_VERIFY_NONE: insecure mode is reachable at run time, "
              "which disables verification of the peer's certificate";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "openssl";
    finding->properties["side"] = side;
    if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the verify mode is defined here");
  }
}

void VerificationDisabledCheck::checkCurl(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::optional<IntValue> option = resolveInt(call.getArg(1), ctx);
  if (!option) return;
  const clang::FunctionDecl *callee = call.getDirectCallee();
  if (callee->getNumParams() < 2) return;
  std::string optionName = enumeratorName(callee->getParamDecl(1)->getType(), option->value);
  const CurlOption *known = nullptr;
  for (const CurlOption &candidate : kCurlOptions)
    if (optionName == candidate.name) known = &candidate;
  if (!known) return;

  const clang::Expr *valueArg = call.getArg(2);
  PossibleInts values = possibleInts(valueArg, ctx);
  const IntValue *insecure = nullptr;
  for (const IntValue &value : values.values)
    if (value.value == 0) insecure = &value;
  if (!insecure) return;

  std::string message = "curl_easy_setopt(" + optionName + ", " +
                        describeValue(*valueArg, *insecure, ctx) + ") disables " + known->what +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (values.runtimeChoice) {
    message = "curl_easy_setopt(" + optionName + ") may be given 0: insecure mode is reachable at run "
              "time, which disables " + known->what;
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "libcurl";
    finding->properties["side"] = "client";
    if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the value is defined here");
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
                        ") does not verify the peer's certificate on this " +
                        (role == TlsRole::Client ? "client context" : "context whose role could not be determined") +
                        ": any certificate is accepted";
  std::optional<Level> level;
  if (modes.runtimeChoice) {
    message = "set_verify_mode() may be given verify_none: insecure mode is reachable at run time, "
              "which disables verification of the peer's certificate";
    level = Level::Note;
  }
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "boost-asio";
    finding->properties["side"] = role == TlsRole::Client ? "client" : "undetermined (client or server)";
    if (insecure->origin) addRelated(*finding, *insecure->origin, ctx, "the verify mode is defined here");
  }
}

}  // namespace attest
