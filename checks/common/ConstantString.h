// Resolving an argument to the string constant it holds, the string counterpart of
// ConstantValue.h. Understood, through parentheses, casts and temporaries:
//   - string literals, including adjacent literals ("https://" HOST "/api") and macros
//     (both already joined/expanded in the AST);
//   - variables that cannot change: `const char *const`, `const char[]`, `constexpr`,
//     `const std::string`, `const std::string_view`; a local `std::string`,
//     `std::string_view` or `const char *` that its function only reads after the
//     initializer (const member calls, by-value or const& arguments); and (C style) a
//     global `const char *` or `char *` never assigned, incremented or having its
//     address taken anywhere in the translation unit;
//   - `std::string` / `std::string_view` construction from any of these (also "..."s,
//     "..."sv, `std::string(p, n)` with a constant n), `.c_str()` / `.data()`;
//   - `+` of two resolvable strings (`std::string(kScheme) + "host/path"`).
// Anything else (a value read from configuration, a function's result) is not
// resolved: a value that cannot be resolved is not a finding.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct StringValue {
  std::string value;
  // False for resolveStringPrefix() when only the beginning is known.
  bool complete = true;
  // The user-visible constant that held it (the outermost variable), if any: point a
  // related location at it so the reader sees where the value was written.
  const clang::NamedDecl *origin = nullptr;
};

std::optional<StringValue> resolveString(const clang::Expr *expr, const clang::ASTContext &ctx);

// The constant beginning of a string built by concatenation: for
// `"http://" + host + "/v1"` the value "http://" with complete = false. A fully
// resolvable string gives its value with complete = true. For checks where the
// beginning alone decides (a URL's scheme); treat an incomplete value as a
// run-time choice.
std::optional<StringValue> resolveStringPrefix(const clang::Expr *expr, const clang::ASTContext &ctx);

// The strings a run-time choice can take: `cond ? "a" : "b"` with a condition that is
// not constant gives both (runtimeChoice = true); a constant gives its one value.
// Empty when nothing resolves.
struct PossibleStrings {
  std::vector<StringValue> values;
  bool runtimeChoice = false;
};
PossibleStrings possibleStrings(const clang::Expr *expr, const clang::ASTContext &ctx);

// One level of the user's own thin wrappers: when `arg` is a parameter of the function
// that contains it, passed straight through (`void get(const char *url) {
// curl_easy_setopt(c, CURLOPT_URL, url); }`), the argument each call of that function
// in the TU gives for that parameter. Empty otherwise. Report at `call`.
struct ForwardedArgument {
  const clang::CallExpr *call = nullptr;  // the call of the wrapper
  const clang::Expr *arg = nullptr;       // what it passes for the parameter
  const clang::FunctionDecl *wrapper = nullptr;
};
std::vector<ForwardedArgument> forwardedArguments(const clang::Expr *arg, clang::ASTContext &ctx);

// Where an integer argument's value is known: at the call itself, or (one level of the
// user's own thin wrapper, as above) at each call of the wrapper that passes it through.
struct IntSite {
  const clang::Stmt *at;       // report here
  const clang::Expr *value;    // the argument whose value possibleInts() knows
  std::string via;             // " (through wrapper())", or empty
};
std::vector<IntSite> intSites(const clang::Stmt &call, const clang::Expr *arg, clang::ASTContext &ctx);

}  // namespace attest
