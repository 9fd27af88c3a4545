// secrets-hardcoded-token, secrets-hardcoded-credential, secrets-hardcoded-crypto-key.
//
// One check, because one hard-coded value must give one finding whatever the number of
// ways it is recognised: every string literal is scanned once with the pattern catalog
// (rules/secret-patterns.yaml), credential-named variables/fields/parameters/keys and
// API parameters (rules/api-sinks.yaml) that receive a constant are collected, and at
// the end of the TU each secret value is reported once, by the most specific of:
//   crypto-key sink  >  credential API sink  >  credential parameter of any function
//   >  known token format  >  credential-named variable, field, key or macro, or a
//   credential (or its hash) compared with a constant (strcmp, ==, compare, std::equal).
// The other places the same value reaches become related locations.
// Every flagged value is registered for redaction (Check::registerSecret), as evaluated
// and as spelled in the source; messages show it masked (core/Redaction.h).
#pragma once
#include "checks/Check.h"
#include "checks/common/SecretValue.h"
#include "checks/secrets/ApiSinks.h"
#include "checks/secrets/SecretPatterns.h"

#include <map>
#include <set>

namespace attest::secrets {
class HardcodedSecretsCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

  struct Candidate {
    int priority = 0;
    std::string rule;
    const clang::Stmt *at = nullptr;  // where the finding is reported
    std::string message;              // without the masked value; see emit()
    std::string secret;               // the value that is secret
    ConstantBytes value;              // where it came from
    std::string secretType;           // a pattern id, or password / secret / key / iv
    std::string sink;                 // the function that receives it, if any
    std::optional<Level> level;
    const clang::Stmt *sinkCall = nullptr;  // inside a wrapper: the API call the value reaches
    uintptr_t key = 0;                // identity of the value (its literal's spelling)
    bool showPrefix = true;           // a token's message may show its first characters
  };

private:
  void scanLiteral(const clang::StringLiteral &literal);
  void onCall(const clang::CallExpr &call);
  void onConstruct(const clang::CXXConstructExpr &construct);
  void onInitList(const clang::InitListExpr &list);
  void sinkCalls();
  void evaluateSink(const secrets::ApiSink &sink, const clang::CallExpr &call, const clang::Expr *arg,
                    const clang::Stmt &at, const clang::FunctionDecl *wrapper);
  // A credential-named place `what` (kinds from credentialKinds) given `valueExpr`.
  void named(unsigned kinds, const std::string &what, const clang::Expr *valueExpr, const clang::Stmt &at,
             int priority = 0, const std::string &sink = "");
  void keyValue(const clang::Expr *keyExpr, const clang::Expr *valueExpr, const clang::Stmt &at);
  // `side` (a credential-named value, or the hash of one) compared with `other` at `at`.
  void compared(const clang::Expr *side, const clang::Expr *other, const clang::Stmt &at);
  void add(Candidate candidate);
  uintptr_t identity(const ConstantBytes &value, const clang::Stmt &at) const;
  void emit();

  clang::ASTContext *ctx_ = nullptr;
  std::map<uintptr_t, std::pair<const clang::StringLiteral *, std::vector<secrets::PatternMatch>>> literals_;
  std::vector<const clang::CallExpr *> calls_;
  std::vector<Candidate> candidates_;
};
}  // namespace attest::secrets
