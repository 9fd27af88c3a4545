// Where the comments of a file are, by the rules of its language: a C/C++ lexer of
// its own (comments, string and character literals with escapes, raw strings, line
// splices, trigraphs, pp-numbers with digit separators, header names) so that
// attest_core needs no Clang library, and one comment parse per configuration format
// that the config-file secret scan reads. Suppressions are honoured only inside these
// comments, so text in a string literal or a URL never suppresses anything.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace attest {

struct CommentSpan {
  size_t begin = 0, end = 0;  // byte offsets [begin, end), the comment markers included
  bool operator==(const CommentSpan &) const = default;
};

// One C/C++ dialect: what changes where comments are.
struct CDialect {
  bool rawStrings = true;       // C++11 R"delim(...)delim"
  bool digitSeparators = true;  // C++14 / C23 1'000
  bool trigraphs = false;       // ??/ is a backslash (strict ISO modes before C++17 / C23)
  // Whether UCNs and non-ASCII characters continue identifiers and numbers. Clang decides
  // per character (Unicode XID tables); the two extremes bracket what it does.
  bool unicodeIdentifiers = true;
};

// The comments of C/C++ text in one dialect, in order. An unterminated block comment is
// not a comment (Clang emits no comment token for it).
std::vector<CommentSpan> cDialectComments(std::string_view text, const CDialect &dialect);

enum class CommentSyntax {
  CFamily,     // C, C++, Objective-C sources and headers: every dialect
  Yaml,        // '#' after a blank or at a line start, outside any scalar
  Toml,        // '#' outside strings
  Ini,         // whole-line '#' or ';' (.ini .cfg .cnf .conf .npmrc .pypirc)
  Properties,  // whole-line '#' or '!', not on a continuation line
  DotEnv,      // whole-line '#', or ' #' after an unquoted or closed quoted value
  Dockerfile,  // whole-line '#', outside here-documents
  HashLines,   // whole-line '#' (.netrc .pgpass)
  None,        // JSON, PEM and key files have no comments
};

// The configuration-file formats the config-file secret scan reads, by file name;
// nullopt when the file is not one (a source file).
std::optional<CommentSyntax> configSyntax(std::string_view path);
// configSyntax, or the C/C++ syntax for any other file.
CommentSyntax commentSyntaxFor(std::string_view path);

struct Comments {
  std::vector<CommentSpan> spans;
  bool unparsable = false;  // a YAML file attest cannot parse: its comments are unknown
};

// The comments of `text`. For C and C++ a comment counts only when it is the same
// comment in every dialect the file may be compiled in (and under both readings of
// non-ASCII identifier characters), so no language mode can turn it into code or a
// literal.
Comments findComments(std::string_view text, CommentSyntax syntax);

}  // namespace attest
