// Resolving an argument to the constant it holds, the way the compiler sees it:
// literals, macros (already expanded in the AST), enumerators, const/constexpr
// variables (also in C, where a const variable is not a constant expression),
// casts and parentheses. A value that cannot be resolved is not a finding.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace attest {

struct IntValue {
  int64_t value = 0;
  // The user-visible constant that held it (a const variable or enumerator), if any.
  const clang::NamedDecl *origin = nullptr;
};

std::optional<IntValue> resolveInt(const clang::Expr *expr, const clang::ASTContext &ctx);

// The values a run-time choice can take: for `cond ? a : b` with a condition that
// is not constant, both resolved branches; for a constant, that one value.
// `runtimeChoice` tells the two apart. Empty when nothing resolves.
struct PossibleInts {
  std::vector<IntValue> values;
  bool runtimeChoice = false;
};
PossibleInts possibleInts(const clang::Expr *expr, const clang::ASTContext &ctx);

// The name of the enumerator of `enumType` whose value is `value`, or empty.
std::string enumeratorName(clang::QualType enumType, int64_t value);

// The CURLoption enumerator a curl_easy_setopt(handle, option, value) call sets
// ("CURLOPT_SSL_VERIFYPEER"), or empty when the option is not a constant.
std::string curlOptionName(const clang::CallExpr &call, const clang::ASTContext &ctx);

}  // namespace attest
