#include "core/SourceComments.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <utility>

namespace attest {
namespace {
bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool isNewline(char c) { return c == '\n' || c == '\r'; }
bool isAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Identifier characters as Clang takes them ('$' is on by default); any byte of a UTF-8
// sequence continues an identifier.
bool isAsciiIdentChar(char c) { return isAlnum(c) || c == '_' || c == '$'; }
bool isNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
// A raw string's d-char: printable ASCII but space, parentheses and backslash.
bool isDelimChar(char c) { return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '\\'; }

char trigraph(char third) {
  switch (third) {
  case '=': return '#';
  case '(': return '[';
  case '/': return '\\';
  case ')': return ']';
  case '\'': return '^';
  case '<': return '{';
  case '!': return '|';
  case '>': return '}';
  case '-': return '~';
  default: return 0;
  }
}

// Clang's lexer rules for where comments are (clang/lib/Lex/Lexer.cpp), on the original
// bytes. Positions are always past any line splice, so a splice anywhere (inside `//`,
// between `*` and `/`, after a prefix) is read as Clang reads it; a raw string's
// delimiter and body are read raw, as Clang does (phase 2 is reverted inside them).
class CLexer {
public:
  CLexer(std::string_view text, const CDialect &dialect) : t_(text), d_(dialect) {}

  std::vector<CommentSpan> run() {
    std::vector<CommentSpan> out;
    size_t p = 0;
    while (!atEnd(p)) {
      Ch c = get(p);
      if (isNewline(c.c)) {
        lineStart_ = true;
        directive_ = expectHeader_ = false;
        hasInclude_ = 0;
        p = c.next;
        continue;
      }
      if (isBlank(c.c) || c.c == '\0') {
        p = c.next;
        continue;
      }
      if (c.c == '/') {
        Ch second = get(c.next);
        if (second.c == '/') {
          size_t end = lineEnd(second.next);
          out.push_back({p, end});
          p = end;
          continue;
        }
        if (second.c == '*') {
          std::optional<size_t> end = blockCommentEnd(second.next);
          if (!end) break;  // unterminated: no comment, and nothing after it is code
          out.push_back({p, *end});
          if (std::any_of(t_.begin() + p, t_.begin() + *end, isNewline)) lineStart_ = true;
          p = *end;
          continue;
        }
      }
      p = token(p, c);
    }
    return out;
  }

private:
  struct Ch {
    char c;       // '\0' at the end of the text
    size_t at;    // where the character is, past any splices before it
    size_t next;  // just past it
  };

  // Bytes of the line splice at p: a backslash (or ??/), blanks, one newline.
  size_t spliceAt(size_t p) const {
    size_t width = 0;
    if (p < t_.size() && t_[p] == '\\') width = 1;
    else if (d_.trigraphs && p + 2 < t_.size() && t_[p] == '?' && t_[p + 1] == '?' && t_[p + 2] == '/') width = 3;
    else return 0;
    size_t q = p + width;
    while (q < t_.size() && isBlank(t_[q])) ++q;
    if (q >= t_.size() || !isNewline(t_[q])) return 0;
    size_t after = q + 1;
    if (after < t_.size() && isNewline(t_[after]) && t_[after] != t_[q]) ++after;  // \r\n or \n\r
    return after - p;
  }
  size_t skip(size_t p) const {
    while (size_t width = spliceAt(p)) p += width;
    return p;
  }
  // The character at p as Clang's getCharAndSize reads it: past any splices, a trigraph
  // as the character it stands for.
  Ch get(size_t p) const {
    p = skip(p);
    if (p >= t_.size()) return {'\0', t_.size(), t_.size()};
    if (d_.trigraphs && p + 2 < t_.size() && t_[p] == '?' && t_[p + 1] == '?')
      if (char c = trigraph(t_[p + 2])) return {c, p, p + 3};
    return {t_[p], p, p + 1};
  }
  bool atEnd(size_t p) const { return skip(p) >= t_.size(); }

  size_t lineEnd(size_t p) const {
    while (!atEnd(p)) {
      Ch c = get(p);
      if (isNewline(c.c)) return c.at;
      p = c.next;
    }
    return t_.size();
  }
  std::optional<size_t> blockCommentEnd(size_t p) const {
    char previous = 0;  // "/*/" does not end the comment
    while (!atEnd(p)) {
      Ch c = get(p);
      if (previous == '*' && c.c == '/') return c.next;
      previous = c.c;
      p = c.next;
    }
    return std::nullopt;
  }
  // A string or character literal from after its opening quote. Unterminated, it ends
  // before the newline (Clang's unknown token), taking the rest of the line with it.
  size_t quotedEnd(size_t p, char quote) const {
    while (!atEnd(p)) {
      Ch c = get(p);
      if (c.c == quote) return c.next;
      if (isNewline(c.c)) return c.at;
      if (c.c == '\\') {
        if (atEnd(c.next)) return t_.size();
        Ch escaped = get(c.next);
        if (isNewline(escaped.c)) return escaped.at;
        p = escaped.next;
        continue;
      }
      p = c.next;
    }
    return t_.size();
  }
  // From the byte after the opening quote of R"delim(...)delim".
  size_t rawStringEnd(size_t p) const {
    size_t length = 0;
    while (length < 16 && p + length < t_.size() && isDelimChar(t_[p + length])) ++length;
    if (p + length >= t_.size() || t_[p + length] != '(') {
      // An invalid delimiter: Clang skips to the next quote.
      size_t quote = t_.find('"', p);
      return quote == std::string_view::npos ? t_.size() : quote + 1;
    }
    std::string closing = ")" + std::string(t_.substr(p, length)) + "\"";
    size_t end = t_.find(closing, p + length + 1);
    return end == std::string_view::npos ? t_.size() : end + closing.size();
  }
  // Whether "p+"/"p-" continues the number: always in C; in C++ (the dialects with raw
  // strings) only for a hex literal without '_' (Clang's rule before C++17).
  bool hexFloat(size_t start, size_t end) const {
    if (!d_.rawStrings) return true;
    Ch zero = get(start), x = get(zero.next);
    if (zero.c != '0' || (x.c != 'x' && x.c != 'X')) return false;
    return std::find(t_.begin() + start, t_.begin() + end, '_') == t_.begin() + end;
  }
  size_t ppNumberEnd(size_t p) const {
    size_t start = p;
    char previous = 0;
    while (!atEnd(p)) {
      Ch c = get(p);
      if (isAlnum(c.c) || c.c == '_' || c.c == '.') {
        previous = c.c;
        p = c.next;
      } else if ((c.c == '+' || c.c == '-') &&
                 (previous == 'e' || previous == 'E' || ((previous == 'p' || previous == 'P') && hexFloat(start, p)))) {
        previous = c.c;
        p = c.next;
      } else if (c.c == '\'' && d_.digitSeparators && (isAlnum(get(c.next).c) || get(c.next).c == '_')) {
        Ch digit = get(c.next);
        previous = digit.c;
        p = digit.next;
      } else if (c.c != '$' && identCharAt(p, false)) {  // a UCN or a non-ASCII character
        previous = 'u';
        p += identCharAt(p, false);
      } else {
        break;
      }
    }
    return p;
  }
  // A universal character name: \uXXXX, \UXXXXXXXX, \u{X...} or \N{NAME}; 0 if none.
  size_t ucnLength(size_t p) const {
    if (p + 2 >= t_.size() || t_[p] != '\\') return 0;
    char kind = t_[p + 1];
    if ((kind == 'u' || kind == 'N') && t_[p + 2] == '{') {
      size_t q = p + 3;
      while (q < t_.size() && (kind == 'u' ? isHex(t_[q]) : (isAlnum(t_[q]) || t_[q] == ' ' || t_[q] == '-'))) ++q;
      return q > p + 3 && q < t_.size() && t_[q] == '}' ? q + 1 - p : 0;
    }
    if (kind != 'u' && kind != 'U') return 0;
    size_t digits = kind == 'u' ? 4 : 8;
    for (size_t i = 0; i < digits; ++i)
      if (p + 2 + i >= t_.size() || !isHex(t_[p + 2 + i])) return 0;
    return 2 + digits;
  }
  // A character outside ASCII: its UTF-8 lead byte and continuation bytes.
  size_t utf8Length(size_t p) const {
    size_t q = p + 1;
    while (q < t_.size() && (static_cast<unsigned char>(t_[q]) & 0xc0) == 0x80 && q < p + 4) ++q;
    return q - p;
  }
  uint32_t codePoint(size_t p, size_t length) const {
    if (t_[p] == '\\') {  // a UCN; \N{NAME} counts as a letter outside ASCII
      if (t_[p + 1] == 'N') return 0x10000;
      uint32_t value = 0;
      for (size_t i = p + 2; i < p + length; ++i)
        if (isHex(t_[i])) value = value * 16 + (isDigit(t_[i]) ? t_[i] - '0' : (t_[i] | 0x20) - 'a' + 10);
      return value;
    }
    unsigned char lead = t_[p];
    uint32_t value = length == 1 ? lead : lead & (0x7f >> length);
    for (size_t i = p + 1; i < p + length; ++i) value = (value << 6) | (static_cast<unsigned char>(t_[i]) & 0x3f);
    return value;
  }
  static bool unicodeWhitespace(uint32_t c) {
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
  }
  // The length of the identifier character at p, 0 if there is none. Continuing an
  // identifier or a number, Clang takes any character but Unicode whitespace (an invalid
  // one "for recovery"); starting a token, only those that may start an identifier,
  // which the dialect's unicodeIdentifiers stands for.
  size_t identCharAt(size_t p, bool first) const {
    Ch c = get(p);
    if (isAsciiIdentChar(c.c)) return c.next - p;
    size_t length = 0;
    if (isNonAscii(c.c)) length = utf8Length(c.at);
    else if (c.c == '\\') length = ucnLength(c.at);
    if (!length) return 0;
    uint32_t value = codePoint(c.at, length);
    if (unicodeWhitespace(value) || (value < 0x80 && !isAsciiIdentChar(char(value)))) return 0;
    if (first && !d_.unicodeIdentifiers) return 0;
    return c.at + length - p;
  }
  size_t headerNameEnd(size_t p) const {
    while (!atEnd(p)) {
      Ch c = get(p);
      if (isNewline(c.c)) return std::string_view::npos;
      if (c.c == '>') return c.next;
      p = c.next;
    }
    return std::string_view::npos;
  }

  // One token that is not a comment; returns where the next one starts. Tracks just
  // enough of the preprocessor to know header names (`#include <a//b>` holds no
  // comment) and `#error`/`#warning` lines (Clang reads them as text).
  size_t token(size_t p, Ch c) {
    bool atLineStart = std::exchange(lineStart_, false);
    bool afterHash = std::exchange(directive_, false);
    bool wantHeader = std::exchange(expectHeader_, false);
    int hasInclude = std::exchange(hasInclude_, 0);
    if (c.c == '#' || (c.c == '%' && get(c.next).c == ':')) {
      directive_ = atLineStart;
      return c.c == '#' ? c.next : get(c.next).next;
    }
    if (c.c == '<' && (wantHeader || hasInclude == 2)) {
      size_t end = headerNameEnd(c.next);
      return end == std::string_view::npos ? c.next : end;
    }
    if (c.c == '(' && hasInclude == 1) {
      hasInclude_ = 2;
      return c.next;
    }
    if (c.c == '"' || c.c == '\'') return quotedEnd(c.next, c.c);
    if (isDigit(c.c) || (c.c == '.' && isDigit(get(c.next).c))) return ppNumberEnd(p);
    if (!identCharAt(p, true)) {
      // Outside identifiers, a UCN or a non-ASCII character is a token of its own.
      if (size_t ucn = c.c == '\\' ? ucnLength(c.at) : 0) return c.at + ucn;
      if (isNonAscii(c.c)) return c.at + utf8Length(c.at);
      return c.next;
    }

    std::string ident;
    size_t q = p;
    for (bool first = true; size_t length = identCharAt(q, first); first = false) {
      if (ident.size() < 32) ident += get(q).c;
      q += length;
    }
    if (!atEnd(q)) {
      Ch quote = get(q);
      static const char *const kPrefixes[] = {"L", "u", "U", "u8"};
      static const char *const kRawPrefixes[] = {"R", "LR", "uR", "UR", "u8R"};
      if (quote.c == '"' && d_.rawStrings &&
          std::find(std::begin(kRawPrefixes), std::end(kRawPrefixes), ident) != std::end(kRawPrefixes))
        return rawStringEnd(quote.next);
      if ((quote.c == '"' || quote.c == '\'') &&
          std::find(std::begin(kPrefixes), std::end(kPrefixes), ident) != std::end(kPrefixes))
        return quotedEnd(quote.next, quote.c);
    }
    if (afterHash && (ident == "error" || ident == "warning")) return lineEnd(q);
    if ((afterHash && (ident == "include" || ident == "include_next" || ident == "embed")) || ident == "import")
      expectHeader_ = true;
    if (ident == "__has_include" || ident == "__has_include_next" || ident == "__has_embed") hasInclude_ = 1;
    return q;
  }

  std::string_view t_;
  CDialect d_;
  bool lineStart_ = true;      // only blanks and comments since the last newline
  bool directive_ = false;     // the previous token was a '#' that starts a directive
  bool expectHeader_ = false;  // after #include/#import/#embed: '<' starts a header name
  int hasInclude_ = 0;         // 1 after __has_include, 2 after its '('
};

std::vector<CommentSpan> intersection(const std::vector<std::vector<CommentSpan>> &views) {
  std::vector<CommentSpan> out;
  for (const CommentSpan &span : views.front()) {
    bool everywhere = true;
    for (size_t i = 1; i < views.size() && everywhere; ++i)
      everywhere = std::binary_search(views[i].begin(), views[i].end(), span,
                                      [](const CommentSpan &a, const CommentSpan &b) { return a.begin < b.begin ||
                                                                                              (a.begin == b.begin && a.end < b.end); });
    if (everywhere) out.push_back(span);
  }
  return out;
}

// Every dialect a file may be compiled in: C++98 has no raw strings, Clang 19 allows
// them in GNU C; C++11 and C17 have no digit separators; strict ISO modes have trigraphs.
// A choice the text cannot be affected by is not made: without "??" trigraphs change
// nothing, without a quote digit separators change nothing, and so on.
std::vector<CommentSpan> cComments(std::string_view text) {
  auto has = [&](std::string_view needle) { return text.find(needle) != std::string_view::npos; };
  bool rawMatters = has("R\"") || has("R\\") || has("R?"), separatorsMatter = has("'"), trigraphsMatter = has("??");
  bool unicodeMatters = has("\\u") || has("\\U") || has("\\N") ||
                        std::any_of(text.begin(), text.end(), [](char c) { return isNonAscii(c); });
  std::vector<std::vector<CommentSpan>> views;
  for (bool raw : {false, true})
    for (bool separators : {false, true})
      for (bool trigraphs : {false, true})
        for (bool unicode : {false, true}) {
          if ((raw && !rawMatters) || (separators && !separatorsMatter) || (trigraphs && !trigraphsMatter) ||
              (unicode && !unicodeMatters))
            continue;
          views.push_back(cDialectComments(text, {raw, separators, trigraphs, unicode}));
        }
  return intersection(views);
}

// Line by line, `\n` ended (the config-file scan numbers lines so); a comment stops at
// a carriage return too, so nothing after a lone CR is taken for comment text.
template <typename Visit> void forEachLine(std::string_view text, Visit visit) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!visit(start, end)) return;
    if (end == text.size()) return;
    start = end + 1;
  }
}

size_t commentEnd(std::string_view text, size_t from, size_t lineEnd) {
  size_t cr = text.substr(from, lineEnd - from).find('\r');
  return cr == std::string_view::npos ? lineEnd : from + cr;
}

// The first non-blank byte of the line, if it is one of `markers`.
std::optional<size_t> wholeLineComment(std::string_view text, size_t start, size_t end, std::string_view markers) {
  size_t first = start;
  while (first < end && (text[first] == ' ' || text[first] == '\t')) ++first;
  if (first < end && markers.find(text[first]) != std::string_view::npos) return first;
  return std::nullopt;
}

std::vector<CommentSpan> wholeLineComments(std::string_view text, std::string_view markers) {
  std::vector<CommentSpan> out;
  forEachLine(text, [&](size_t start, size_t end) {
    if (auto at = wholeLineComment(text, start, end, markers)) out.push_back({*at, commentEnd(text, *at, end)});
    return true;
  });
  return out;
}

// Java .properties: a line ending in an odd number of backslashes continues on the next
// line, which is then part of the value, never a comment.
std::vector<CommentSpan> propertiesComments(std::string_view text) {
  std::vector<CommentSpan> out;
  bool continuation = false;
  forEachLine(text, [&](size_t start, size_t end) {
    size_t last = end;
    if (last > start && text[last - 1] == '\r') --last;
    if (!continuation)
      if (auto at = wholeLineComment(text, start, end, "#!")) {
        out.push_back({*at, commentEnd(text, *at, end)});
        return true;
      }
    size_t backslashes = 0;
    while (last > start + backslashes && text[last - 1 - backslashes] == '\\') ++backslashes;
    continuation = backslashes % 2 == 1;
    return true;
  });
  return out;
}

// Dockerfile: whole-line '#' comments, except in the body of a here-document
// (`RUN <<EOF` ... `EOF`), which is data.
std::vector<CommentSpan> dockerfileComments(std::string_view text) {
  std::vector<CommentSpan> out;
  std::vector<std::pair<std::string, bool>> pending;  // here-document words, and whether <<- strips tabs
  forEachLine(text, [&](size_t start, size_t end) {
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!pending.empty()) {
      std::string_view body = line;
      if (pending.front().second)
        while (!body.empty() && body.front() == '\t') body.remove_prefix(1);
      if (body == pending.front().first) pending.erase(pending.begin());
      return true;
    }
    if (auto at = wholeLineComment(text, start, end, "#")) {
      out.push_back({*at, commentEnd(text, *at, end)});
      return true;
    }
    for (size_t at = line.find("<<"); at != std::string_view::npos; at = line.find("<<", at + 2)) {
      size_t p = at + 2;
      bool strip = p < line.size() && line[p] == '-';
      if (strip) ++p;
      if (p < line.size() && (line[p] == '"' || line[p] == '\'')) ++p;
      size_t wordStart = p;
      while (p < line.size() && (isAlnum(line[p]) || line[p] == '_' || line[p] == '-' || line[p] == '.')) ++p;
      if (p > wordStart) pending.emplace_back(std::string(line.substr(wordStart, p - wordStart)), strip);
    }
    return true;
  });
  return out;
}

// Finds the closing quote of a value from `p`, across lines for double quotes and
// backticks (dotenv allows multi-line values); npos when never closed.
size_t dotenvQuoteEnd(std::string_view text, size_t p, char quote) {
  for (; p < text.size(); ++p) {
    if (text[p] == '\\' && quote == '"') {
      ++p;
      continue;
    }
    if (text[p] == quote) return p;
    if (text[p] == '\n' && quote == '\'') return std::string_view::npos;
  }
  return std::string_view::npos;
}

std::vector<CommentSpan> dotenvComments(std::string_view text) {
  std::vector<CommentSpan> out;
  size_t resumeAt = 0;  // the end of a multi-line quoted value
  forEachLine(text, [&](size_t start, size_t end) {
    if (start < resumeAt) return true;
    if (auto at = wholeLineComment(text, start, end, "#")) {
      out.push_back({*at, commentEnd(text, *at, end)});
      return true;
    }
    size_t equals = text.substr(start, end - start).find('=');
    if (equals == std::string_view::npos) return true;
    equals += start;
    size_t p = equals + 1;
    while (p < end && (text[p] == ' ' || text[p] == '\t')) ++p;
    if (p < end && (text[p] == '"' || text[p] == '\'' || text[p] == '`')) {
      size_t close = dotenvQuoteEnd(text, p + 1, text[p]);
      if (close == std::string_view::npos) {
        resumeAt = text.size();  // never closed: the rest of the file is the value
        return false;
      }
      if (close > end) {  // the value goes on over lines: they are not comments
        resumeAt = close;
        end = text.find('\n', close);
        if (end == std::string_view::npos) end = text.size();
      }
      p = close + 1;
      if (size_t hash = text.substr(p, end - p).find('#'); hash != std::string_view::npos)
        out.push_back({p + hash, commentEnd(text, p + hash, end)});
      return true;
    }
    for (; p < end; ++p)
      if (text[p] == '#' && (text[p - 1] == ' ' || text[p - 1] == '\t')) {
        out.push_back({p, commentEnd(text, p, end)});
        break;
      }
    return true;
  });
  return out;
}

std::vector<CommentSpan> tomlComments(std::string_view text) {
  std::vector<CommentSpan> out;
  size_t p = 0;
  auto close = [&](std::string_view quote, bool escapes, bool multiline) {
    while (p < text.size()) {
      if (escapes && text[p] == '\\') {
        p += 2;
        continue;
      }
      if (!multiline && text[p] == '\n') return;
      if (text.substr(p, quote.size()) == quote) {
        p += quote.size();
        while (multiline && p < text.size() && text[p] == quote[0]) ++p;  // """a"""" ends in a quote
        return;
      }
      ++p;
    }
  };
  while (p < text.size()) {
    char c = text[p];
    if (c == '#') {
      size_t end = text.find('\n', p);
      if (end == std::string_view::npos) end = text.size();
      out.push_back({p, commentEnd(text, p, end)});
      p = end;
    } else if (c == '"' || c == '\'') {
      bool multiline = text.substr(p, 3) == std::string(3, c);
      p += multiline ? 3 : 1;
      close(multiline ? text.substr(p - 3, 3) : text.substr(p - 1, 1), c == '"', multiline);
    } else {
      ++p;
    }
  }
  return out;
}

// The byte ranges of every scalar (keys too, quoted and block scalars with their
// quotes and bodies) of every document; false when the YAML does not parse.
bool collectScalars(llvm::yaml::Node *node, const char *base, std::vector<CommentSpan> &out, int depth) {
  if (!node) return true;
  if (depth > 200) return false;
  if (llvm::isa<llvm::yaml::ScalarNode>(node) || llvm::isa<llvm::yaml::BlockScalarNode>(node)) {
    llvm::SMRange range = node->getSourceRange();
    if (range.Start.getPointer() && range.End.getPointer())
      out.push_back({size_t(range.Start.getPointer() - base), size_t(range.End.getPointer() - base)});
    return true;
  }
  if (auto *map = llvm::dyn_cast<llvm::yaml::MappingNode>(node)) {
    for (llvm::yaml::KeyValueNode &entry : *map)
      if (!collectScalars(entry.getKey(), base, out, depth + 1) || !collectScalars(entry.getValue(), base, out, depth + 1))
        return false;
    return true;
  }
  if (auto *seq = llvm::dyn_cast<llvm::yaml::SequenceNode>(node)) {
    for (llvm::yaml::Node &item : *seq)
      if (!collectScalars(&item, base, out, depth + 1)) return false;
  }
  return true;
}

Comments yamlComments(std::string_view text) {
  Comments result;
  llvm::SourceMgr sources;
  sources.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}, nullptr);
  llvm::yaml::Stream stream(llvm::StringRef(text.data(), text.size()), sources, /*ShowColors=*/false);
  std::vector<CommentSpan> scalars;
  for (llvm::yaml::Document &doc : stream)
    if (!collectScalars(doc.getRoot(), text.data(), scalars, 0)) {
      result.unparsable = true;
      return result;
    }
  if (stream.failed()) {
    result.unparsable = true;
    return result;
  }
  std::sort(scalars.begin(), scalars.end(), [](const CommentSpan &a, const CommentSpan &b) { return a.begin < b.begin; });
  // The scalar starting last at or before p holds p, if any does (scalars do not nest).
  auto inScalar = [&](size_t p) {
    auto after = std::upper_bound(scalars.begin(), scalars.end(), p,
                                  [](size_t offset, const CommentSpan &s) { return offset < s.begin; });
    return after != scalars.begin() && p < std::prev(after)->end;
  };
  for (size_t p = text.find('#'); p != std::string_view::npos; p = text.find('#', p + 1)) {
    if (p > 0 && text[p - 1] != ' ' && text[p - 1] != '\t' && text[p - 1] != '\n' && text[p - 1] != '\r') continue;
    if (inScalar(p)) continue;
    size_t end = text.find('\n', p);
    if (end == std::string_view::npos) end = text.size();
    result.spans.push_back({p, commentEnd(text, p, end)});
    p = end == text.size() ? end - 1 : end;
  }
  return result;
}

bool endsWith(const std::string &s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::vector<CommentSpan> cDialectComments(std::string_view text, const CDialect &dialect) {
  return CLexer(text, dialect).run();
}

std::optional<CommentSyntax> configSyntax(std::string_view path) {
  std::string name(llvm::sys::path::filename(llvm::StringRef(path.data(), path.size())));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name == "compile_commands.json" || name == "package-lock.json" || endsWith(name, ".lock")) return std::nullopt;
  if (name == ".env" || name.rfind(".env.", 0) == 0 || endsWith(name, ".env")) return CommentSyntax::DotEnv;
  if (name == "dockerfile" || name.rfind("dockerfile.", 0) == 0 || endsWith(name, ".dockerfile"))
    return CommentSyntax::Dockerfile;
  static const std::pair<const char *, CommentSyntax> kExtensions[] = {
      {".yaml", CommentSyntax::Yaml},       {".yml", CommentSyntax::Yaml},   {".json", CommentSyntax::None},
      {".ini", CommentSyntax::Ini},         {".conf", CommentSyntax::Ini},   {".cfg", CommentSyntax::Ini},
      {".cnf", CommentSyntax::Ini},         {".properties", CommentSyntax::Properties},
      {".toml", CommentSyntax::Toml},       {".pem", CommentSyntax::None},   {".key", CommentSyntax::None},
      {".netrc", CommentSyntax::HashLines}, {".npmrc", CommentSyntax::Ini},  {".pypirc", CommentSyntax::Ini},
      {".pgpass", CommentSyntax::HashLines}};
  for (const auto &[ext, syntax] : kExtensions)
    if (endsWith(name, ext) || name == std::string_view(ext).substr(1)) return syntax;
  return std::nullopt;
}

CommentSyntax commentSyntaxFor(std::string_view path) { return configSyntax(path).value_or(CommentSyntax::CFamily); }

Comments findComments(std::string_view text, CommentSyntax syntax) {
  switch (syntax) {
  case CommentSyntax::CFamily: return {cComments(text)};
  case CommentSyntax::Yaml: return yamlComments(text);
  case CommentSyntax::Toml: return {tomlComments(text)};
  case CommentSyntax::Ini: return {wholeLineComments(text, "#;")};
  case CommentSyntax::Properties: return {propertiesComments(text)};
  case CommentSyntax::DotEnv: return {dotenvComments(text)};
  case CommentSyntax::Dockerfile: return {dockerfileComments(text)};
  case CommentSyntax::HashLines: return {wholeLineComments(text, "#")};
  case CommentSyntax::None: return {};
  }
  return {};
}

}  // namespace attest
