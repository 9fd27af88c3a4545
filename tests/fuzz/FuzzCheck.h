// Shared by the fuzz targets: an invariant that fails aborts, so libFuzzer keeps the
// input as a crash (crash-<sha1>) and scripts/fuzz.sh fails.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond, ...)                                                              \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);   \
      std::fprintf(stderr, "  " __VA_ARGS__);                                              \
      std::fprintf(stderr, "\n");                                                          \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

// For the checking code itself: its branches are not the code under test, so they neither
// cost coverage instrumentation nor steer the fuzzer.
#if defined(__clang__)
#define FUZZ_CHECKER __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_CHECKER
#endif

namespace attest::fuzz {

// Well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF), with or without
// NUL bytes: what every output attest writes (SARIF, JSON, HTML, Markdown) must be.
FUZZ_CHECKER inline bool validUtf8(std::string_view s, bool allowNul) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c == 0 && !allowNul) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned cp, min;
    if ((c & 0xe0) == 0xc0) len = 2, cp = c & 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0) len = 3, cp = c & 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0) len = 4, cp = c & 0x07, min = 0x10000;
    else return false;
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char b = s[i + k];
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}
inline bool validUtf8NoNul(std::string_view s) { return validUtf8(s, false); }

inline std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

inline std::string preview(std::string_view s, size_t max = 200) {
  std::string out;
  for (unsigned char c : s.substr(0, max)) {
    if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace attest::fuzz
