// Resolving an expression to the constant characters or bytes it holds, for the
// hard-coded secret rules: what ConstantString.h resolves (literals, macros, const and
// never-written variables, std::string construction, concatenation) plus
//   - wide literals (L"...", u"...": code units narrowed, non-ASCII become '?');
//   - byte arrays: `const unsigned char key[] = {0x2b, 0x7e, ...}`, `std::array`,
//     `std::vector<uint8_t>` initialised from a list, and `{0}`-filled arrays;
//   - a local buffer or std::string whose every write in its function is a constant:
//     strcpy/strncpy/strcat/wcscpy/memcpy/memset/snprintf("%s")/StringCchCopy into it,
//     `s = "..."`, `s += "..."`, `s.assign/append("...")`. Any other write (passed to a
//     function that may fill it, `std::cin >> s`, `s[i] = c`) makes it not a constant;
//   - one level of the TU's own helpers: a call of a function whose every `return`
//     gives the same constant (`const char *dbPassword() { return "..."; }`);
//   - a field of a constant aggregate (`kDefaults.password`).
// Flow-insensitive within a function, like LocalFlow.h. A value that cannot be
// resolved is not a finding.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceLocation.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct ConstantBytes {
  std::string value;            // as evaluated: characters, or bytes for an integer array
  bool fromIntegers = false;    // an integer initializer list, not characters
  bool wide = false;            // from a wchar_t/char16_t/char32_t literal
  // The expressions whose text holds the value (string literals or initializer lists),
  // in order; the first is the "main" one that identifies the secret.
  std::vector<const clang::Expr *> sources;
  const clang::NamedDecl *origin = nullptr;        // the variable/constant holding it, innermost
  const clang::FunctionDecl *helper = nullptr;     // the TU function that returned it
  std::string via;                                 // "copied with strcpy() into `buf`", ...

  const clang::Expr *source() const { return sources.empty() ? nullptr : sources.front(); }
};

// `sinkCall`, when given, is the call that receives the value: passing a buffer to it
// (often through a non-const `BYTE *` parameter, as in Windows APIs) is not a write.
std::optional<ConstantBytes> resolveConstantBytes(const clang::Expr *expr, clang::ASTContext &ctx,
                                                  const clang::CallExpr *sinkCall = nullptr);

// The elements of a constant array of strings (`const char *keys[] = {"host", "password", 0}`);
// an element that is not a constant string is nullopt. Empty when `expr` is not one.
std::vector<std::optional<ConstantBytes>> resolveStringArray(const clang::Expr *expr, clang::ASTContext &ctx);

// The characters of a string literal of any width (non-ASCII code units become '?').
std::string literalText(const clang::StringLiteral &literal);

// The contents of each token of a (possibly concatenated) string literal as spelled in
// the source, without prefix and quotes: `"ab\n" "cd"` gives {"ab\\n", "cd"}.
std::vector<std::string> spelledPieces(const clang::StringLiteral &literal, const clang::ASTContext &ctx);

// Each token of a string literal as spelled (contents without prefix and quotes) and where
// each code unit of its value starts in that spelling (escapes decoded: `\x67` is one
// unit of "g"), with the spelling's length last; empty when the tokens could not be
// mapped (\N{name}). `raw` is the contents in the file buffer, when written there as spelled.
struct SpelledToken {
  std::string spelling;
  std::vector<size_t> unitStart;
  const char *raw = nullptr;
  clang::FileID file;  // of `raw`
};
std::vector<SpelledToken> spelledTokens(const clang::StringLiteral &literal, const clang::ASTContext &ctx);

// The source texts that spell code units [begin, end) of `literal`'s value (literalText):
// the part of each token, and the range across tokens as the file shows it. Every token
// whole when the literal could not be mapped.
std::vector<std::string> spellingsOf(const clang::StringLiteral &literal, const clang::ASTContext &ctx, size_t begin,
                                     size_t end);

}  // namespace attest
