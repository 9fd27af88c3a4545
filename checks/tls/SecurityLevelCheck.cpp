#include "checks/tls/SecurityLevelCheck.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/RuntimeChoice.h"
#include "checks/common/SinkSpec.h"

#include "clang/ASTMatchers/ASTMatchers.h"
#include <re2/re2.h>

using namespace clang::ast_matchers;

namespace attest::tls {
ATTEST_REGISTER_CHECK(SecurityLevelCheck, "tls/SecurityLevel", "tls-security-level-lowered");

ATTEST_REGISTER_SINKS({.rule = "tls-security-level-lowered",
                       .apis = {"SSL_CTX_set_security_level", "SSL_set_security_level"},
                       .arg = 1,
                       .minArgs = 2,
                       .maxArgs = 2,
                       .predicate = "int: in 0",
                       .what = "the security level",
                       .message = "{api} is given the security level {value}{through}: OpenSSL then accepts keys, "
                                  "signatures and protocol versions with less than 80-bit security (1024-bit RSA, "
                                  "SHA-1, MD5 signatures); keep the default (2) or raise it",
                       .level = "warning",
                       .properties = {{"library", "openssl"}}});

namespace {
constexpr const char *kRule = "tls-security-level-lowered";

// What each low level lets through (OpenSSL's SSL_CTX_set_security_level(3)).
const char *permits(int64_t level) {
  return level <= 0 ? "everything: MD5 and SHA-1 signatures, RSA and DH keys shorter than 1024 bits and, in "
                      "OpenSSL 3, TLS 1.0 and 1.1"
                    : "80-bit security: 1024-bit RSA, DSA and DH keys and 160-bit elliptic curves";
}

// The last `@SECLEVEL=n` of a cipher string (the last one is the one in effect).
std::optional<int64_t> cipherStringLevel(const std::string &text) {
  static const re2::RE2 kSecLevel("@SECLEVEL=([0-9]+)");
  re2::StringPiece input(text);
  std::optional<int64_t> level;
  int value = 0;
  while (re2::RE2::FindAndConsume(&input, kSecLevel, &value)) level = value;
  return level;
}
}  // namespace

void SecurityLevelCheck::registerMatchers(MatchFinder &finder) {
  auto user = unless(isExpansionInSystemHeader());
  finder.addMatcher(
      callExpr(user, callee(functionDecl(hasAnyName("::SSL_CTX_set_security_level", "::SSL_set_security_level"))),
               argumentCountIs(2))
          .bind("level"),
      this);
  finder.addMatcher(callExpr(user, callee(functionDecl(hasAnyName("::SSL_CTX_set_cipher_list", "::SSL_set_cipher_list",
                                                                   "::wolfSSL_CTX_set_cipher_list",
                                                                   "::wolfSSL_set_cipher_list"))),
                             argumentCountIs(2))
                        .bind("ciphers"),
                    this);
  finder.addMatcher(callExpr(user, callee(functionDecl(hasName("::curl_easy_setopt"))), argumentCountIs(3)).bind("curl"),
                    this);
}

void SecurityLevelCheck::check(const MatchFinder::MatchResult &result) {
  clang::ASTContext &ctx = *result.Context;
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("level")) {
    checkSetLevel(*call, ctx);
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("ciphers")) {
    checkCipherString(*call, call->getArg(1), ctx);
  } else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("curl")) {
    std::string name = curlOptionName(*call, ctx);
    if (name == "CURLOPT_SSL_CIPHER_LIST" || name == "CURLOPT_PROXY_SSL_CIPHER_LIST")
      checkCipherString(*call, call->getArg(2), ctx);
  }
}

void SecurityLevelCheck::checkSetLevel(const clang::CallExpr &call, clang::ASTContext &ctx) {
  std::string api = call.getDirectCallee()->getNameAsString();
  for (const IntSite &site : intSites(call, call.getArg(1), ctx)) {
    PossibleInts levels = possibleInts(site.value, ctx);
    const IntValue *lowest = nullptr;
    for (const IntValue &v : levels.values)
      if (!lowest || v.value < lowest->value) lowest = &v;
    if (!lowest || lowest->value >= 2) continue;
    bool choice = levels.runtimeChoice || (site.at == &call && ifElseChoice(call, ctx));
    reportLevel(*site.at, lowest->value, choice, api + "()" + site.via, "sets security level " +
                std::to_string(lowest->value), lowest->origin, ctx);
  }
}

void SecurityLevelCheck::checkCipherString(const clang::CallExpr &call, const clang::Expr *arg, clang::ASTContext &ctx) {
  PossibleStrings strings = possibleStrings(arg, ctx);
  std::optional<int64_t> lowest;
  const clang::NamedDecl *origin = nullptr;
  for (const StringValue &s : strings.values)
    if (std::optional<int64_t> level = cipherStringLevel(s.value); level && (!lowest || *level < *lowest)) {
      lowest = level;
      origin = s.origin;
    }
  if (!lowest || *lowest >= 2) return;
  std::string api = call.getDirectCallee()->getNameAsString();
  reportLevel(call, *lowest, strings.runtimeChoice, api + "()",
              "is given a cipher string with @SECLEVEL=" + std::to_string(*lowest) + ", which sets security level " +
                  std::to_string(*lowest),
              origin, ctx);
}

void SecurityLevelCheck::reportLevel(const clang::Stmt &at, int64_t level, bool runtimeChoice, const std::string &api,
                                     const std::string &how, const clang::NamedDecl *origin, clang::ASTContext &ctx) {
  std::string message = api + " " + how + ", below the system default of 2: the library then accepts " +
                        permits(level) + "; keep the default, or set 2 or higher";
  std::optional<Level> severity = level <= 0 ? Level::Warning : Level::Note;
  if (runtimeChoice) {
    message = api + " may set security level " + std::to_string(level) +
              ": insecure mode is reachable at run time, in which the library accepts " + permits(level);
    severity = Level::Note;
  }
  if (Finding *finding = report(kRule, at, ctx, message, severity)) {
    finding->properties["library"] = api.rfind("wolfSSL", 0) == 0 ? "wolfssl" : api.rfind("curl", 0) == 0 ? "curl" : "openssl";
    finding->properties["securityLevel"] = std::to_string(level);
    if (origin) addRelated(*finding, *origin, ctx, "the value is defined here");
  }
}

}  // namespace attest::tls
