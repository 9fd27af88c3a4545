// The base of every check, in the manner of clang-tidy: a check registers AST
// matchers on the TU's one MatchFinder and reports Findings from `check`.
#pragma once

#include "core/CryptoAsset.h"
#include "core/Finding.h"
#include "core/Summary.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace attest {

// Collects one TU's findings.
struct FindingSink {
  std::vector<Finding> findings;
  std::set<std::string> secrets;  // values to scrub from every output (core/Redaction.h)
  TuSummary summary;  // per-function facts for the link step (checks/flow/SummaryCheck.h)
  std::vector<CryptoAsset> assets;  // the cryptography inventory (--cbom, reports/Cbom.h)
};

class Check : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit Check(FindingSink &sink) : sink_(sink) {}
  virtual void registerMatchers(clang::ast_matchers::MatchFinder &finder) = 0;
  virtual void check(const clang::ast_matchers::MatchFinder::MatchResult &result) = 0;
  void run(const clang::ast_matchers::MatchFinder::MatchResult &result) final { check(result); }
  // The registry name (tls/VerificationDisabled): how ATTEST_PROFILE names its matcher time.
  llvm::StringRef getID() const override { return id_; }
  void setId(std::string id) { id_ = std::move(id); }

protected:
  // Reports `ruleId` at `node` (its file location, never inside a system header).
  // The level is the catalog's unless given. Returns nullptr when the location is
  // not in the user's code, else the Finding so related locations can be added.
  Finding *report(std::string_view ruleId, const clang::Stmt &node, clang::ASTContext &ctx,
                  std::string message, std::optional<Level> level = std::nullopt);
  // As report, but the region is `argument` of `call` (the value at fault) rather than the
  // whole call; the call still decides whether the code runs and its enclosing function.
  Finding *reportArgument(std::string_view ruleId, const clang::Stmt &call, const clang::Expr &argument,
                          clang::ASTContext &ctx, std::string message, std::optional<Level> level = std::nullopt);
  // Adds where a value came from (a constant's definition) unless that is a system header.
  void addRelated(Finding &finding, const clang::Decl &decl, clang::ASTContext &ctx,
                  std::string message);
  // Registers a secret value (as evaluated and as spelled in the source): it is
  // scrubbed from every output of the whole scan, whichever rule's finding shows it.
  void registerSecret(std::string value) { sink_.secrets.insert(std::move(value)); }
  // Records a cryptographic asset (algorithm, key size, protocol version, cipher list)
  // that the code selects at `node`, weak or not, for the inventory (--cbom). Its
  // file/line/column are filled in here; nothing outside the user's code is recorded.
  void recordAsset(CryptoAsset asset, const clang::Stmt &node, clang::ASTContext &ctx);

private:
  FindingSink &sink_;
  std::string id_;
};

// Where a range of code is, as the outputs want it; nullopt outside user code.
std::optional<Location> locate(clang::SourceRange range, const clang::ASTContext &ctx);

inline void Check::recordAsset(CryptoAsset asset, const clang::Stmt &node, clang::ASTContext &ctx) {
  if (std::optional<Location> loc = locate(node.getSourceRange(), ctx)) {
    asset.file = loc->file;
    asset.line = loc->startLine;
    asset.column = loc->startColumn;
    sink_.assets.push_back(std::move(asset));
  }
}

// A fix that writes `inserted` in place of `argument`, or nullopt unless that is safe to do
// without reading the code: the argument must be one token written in the same file as
// `call`, outside a system header, and `accepts` its text. Through a macro whose body
// holds the value or the whole call, the token found is the macro's name at its use,
// which `accepts` refuses; through a macro argument it is the token as the user wrote it.
std::optional<Fix> argumentFix(const clang::Stmt &call, const clang::Expr &argument,
                               const std::function<bool(llvm::StringRef)> &accepts, std::string inserted,
                               std::string description, const clang::ASTContext &ctx);

// An integer literal token of value `value` with any suffix: 0, 0L, 0ul, 1LL.
bool isIntegerToken(llvm::StringRef text, unsigned value);

// The source text of `node` as written (macro names kept), at most `limit` bytes.
std::string sourceText(const clang::Stmt &node, const clang::ASTContext &ctx, size_t limit = 80);

struct CheckFactory {
  std::string name;                  // e.g. tls/VerificationDisabled
  std::vector<std::string> ruleIds;  // the catalog rules it reports (see rulesOf)
  std::function<std::unique_ptr<Check>(FindingSink &)> create;
  // For a check whose rules are known only once every static registration ran (the
  // summaries report every sink spec's rule): asked by rulesOf.
  std::function<std::vector<std::string>()> moreRuleIds;
};

// The rules `factory`'s check reports.
inline std::vector<std::string> rulesOf(const CheckFactory &factory) {
  std::vector<std::string> ids = factory.ruleIds;
  if (factory.moreRuleIds)
    for (std::string &id : factory.moreRuleIds()) ids.push_back(std::move(id));
  return ids;
}

// Every check linked into the binary, registered by ATTEST_REGISTER_CHECK.
std::vector<CheckFactory> &checkRegistry();

template <class T> struct CheckRegistration {
  CheckRegistration(std::string name, std::vector<std::string> ruleIds) {
    checkRegistry().push_back({std::move(name), std::move(ruleIds),
                               [](FindingSink &sink) { return std::make_unique<T>(sink); }});
  }
};

template <class T> struct CheckRegistrationWithRules {
  CheckRegistrationWithRules(std::string name, std::function<std::vector<std::string>()> rules) {
    checkRegistry().push_back({std::move(name), {}, [](FindingSink &sink) { return std::make_unique<T>(sink); },
                               std::move(rules)});
  }
};

#define ATTEST_REGISTER_CHECK_WITH_RULES(Class, Name, Rules) \
  static ::attest::CheckRegistrationWithRules<Class> attestRegistration##Class(Name, Rules)

#define ATTEST_REGISTER_CHECK(Class, Name, ...)                                                  \
  static ::attest::CheckRegistration<Class> attestRegistration##Class(Name, {__VA_ARGS__})

}  // namespace attest
