#include "core/SourceText.h"

namespace attest {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
static size_t validSequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return c == 0 ? 0 : 1;
  size_t len;
  unsigned min;
  if ((c & 0xe0) == 0xc0) len = 2, min = 0x80;
  else if ((c & 0xf0) == 0xe0) len = 3, min = 0x800;
  else if ((c & 0xf8) == 0xf0) len = 4, min = 0x10000;
  else return 0;
  if (i + len > s.size()) return 0;
  unsigned cp = c & (0x7f >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

std::string sanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = validSequence(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

unsigned utf16Column(std::string_view line, unsigned byteColumn) {
  unsigned units = 1;
  for (size_t i = 0; i + 1 < byteColumn && i < line.size();) {
    size_t len = validSequence(line, i);
    if (len == 0) len = 1;  // an invalid byte becomes one U+FFFD
    units += len == 4 ? 2 : 1;
    i += len;
  }
  if (byteColumn > line.size() + 1) units += byteColumn - 1 - line.size();
  return units;
}

}  // namespace attest

namespace attest {
std::string percentEncodePath(std::string_view path) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string fileUri(std::string_view absolutePath, bool directory) {
  std::string uri = "file://" + percentEncodePath(absolutePath);
  if (directory && (uri.empty() || uri.back() != '/')) uri += '/';
  return uri;
}
size_t utf8PrefixLength(std::string_view text, size_t max) {
  if (text.size() <= max) return text.size();
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

std::string utf8Truncate(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, utf8PrefixLength(text, max))) + "\xE2\x80\xA6";
}

}  // namespace attest
