// Text helpers shared by the checks (which capture source) and the writers.
#pragma once
#include <string>
#include <string_view>

namespace attest {
// Replaces each invalid UTF-8 sequence with U+FFFD and NUL bytes with U+FFFD,
// so every output is valid JSON/XML/HTML text.
std::string sanitizeUtf8(std::string_view text);
// The UTF-16 column (1-based) of a 1-based byte column within `line`.
unsigned utf16Column(std::string_view line, unsigned byteColumn);
// The length of `text`'s longest prefix of at most `max` bytes that does not end inside a
// multi-byte character.
size_t utf8PrefixLength(std::string_view text, size_t max);
// `text` cut to at most `max` bytes at a character boundary, with "…" when cut.
std::string utf8Truncate(std::string_view text, size_t max);
}  // namespace attest

namespace attest {
// Percent-encodes a '/'-separated path for use in a URI (RFC 3986 unreserved kept).
std::string percentEncodePath(std::string_view path);
// file:// URI of an absolute path; a trailing '/' is added when `directory`.
std::string fileUri(std::string_view absolutePath, bool directory = false);
}  // namespace attest
