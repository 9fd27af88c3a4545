// Resolving an argument that names an algorithm as a string ("md5", "AES-128-ECB",
// L"SHA1", BCRYPT_MD5_ALGORITHM, szOID_RSA_MD5) to its text: string literals of any
// character width through parentheses and casts, macros (expanded in the AST),
// `const char *const` / `const char[]` / `constexpr` variables (and const
// std::string / std::string_view ones, through .c_str()/.data()) initialised from one.
// Narrow and wide literals give the same text; non-ASCII code units become '?'.
// Deliberately small and local to the crypto checks: the general string-constant
// resolver for the other families lives in checks/common/ConstantString.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct AlgorithmName {
  std::string text;                         // as written, ASCII
  bool wide = false;                        // from a wchar_t/char16_t/char32_t literal
  const clang::NamedDecl *origin = nullptr; // the const variable that held it, if any
};

std::optional<AlgorithmName> resolveAlgorithmName(const clang::Expr *expr, const clang::ASTContext &ctx);

// For `cond ? "md5" : "sha256"` with a run-time condition, both names; else at most one.
std::vector<AlgorithmName> possibleAlgorithmNames(const clang::Expr *expr, const clang::ASTContext &ctx);

// Case-insensitive comparison that ignores '-', '_', '/' and spaces:
// "AES-128-ECB", "aes_128_ecb" and "aes128ecb" are all "aes128ecb".
std::string normalizeAlgorithmName(llvm::StringRef name);

}  // namespace attest
