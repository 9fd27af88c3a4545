// core/SourceText: sanitizeUtf8 (every snippet and message of every output goes
// through it), utf16Column (SARIF columns) and percentEncodePath (SARIF URIs).
//   - sanitizeUtf8's output is valid UTF-8 without NUL, idempotent, leaves valid
//     text alone, and serialises as strict JSON (nlohmann's default handler throws
//     on invalid UTF-8);
//   - utf16Column(line, 1) == 1, never decreases and never exceeds the byte column of a character;
//   - percentEncodePath keeps only unreserved characters and '/', and decodes back.
#include "FuzzCheck.h"
#include "core/SourceText.h"

#include <nlohmann/json.hpp>

#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view in(reinterpret_cast<const char *>(data), size);

  std::string out = sanitizeUtf8(in);
  FUZZ_CHECK(validUtf8NoNul(out), "sanitizeUtf8(%s) is not valid UTF-8", preview(in).c_str());
  FUZZ_CHECK(sanitizeUtf8(out) == out, "sanitizeUtf8 is not idempotent on %s", preview(in).c_str());
  if (validUtf8NoNul(in)) FUZZ_CHECK(out == in, "valid UTF-8 was changed: %s", preview(in).c_str());
  FUZZ_CHECK(out.size() >= in.size() && out.size() <= 3 * in.size(), "output size %zu for input size %zu", out.size(),
             in.size());
  try {
    std::string dumped = nlohmann::json(out).dump();
    FUZZ_CHECK(nlohmann::json::parse(dumped).get<std::string>() == out, "JSON round trip changed the text");
  } catch (const nlohmann::json::exception &e) {
    FUZZ_CHECK(false, "strict JSON serialisation failed: %s", e.what());
  }

  // Columns of the first line, as the checks compute them (bounded: O(n^2) otherwise).
  std::string_view line = in.substr(0, std::min<size_t>(in.find('\n'), 512));
  FUZZ_CHECK(utf16Column(line, 1) == 1, "column 1 is not 1");
  unsigned previous = 0;
  for (unsigned column = 1; column <= line.size() + 3; ++column) {
    unsigned units = utf16Column(line, column);
    FUZZ_CHECK(units >= previous, "utf16Column(%u) = %u after %u", column, units, previous);
    // Never more code units than bytes before a character (Clang's columns are at characters;
    // one inside a 4-byte sequence already counts the sequence's 2 units).
    bool atCharacter = column > line.size() || (static_cast<unsigned char>(line[column - 1]) & 0xc0) != 0x80;
    FUZZ_CHECK(!atCharacter || units <= column, "utf16Column(%u) = %u", column, units);
    previous = units;
  }

  std::string encoded = percentEncodePath(in);
  std::string decoded;
  for (size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      decoded += c;
      continue;
    }
    FUZZ_CHECK(c == '%' && i + 2 < encoded.size() && hexValue(encoded[i + 1]) >= 0 && hexValue(encoded[i + 2]) >= 0,
               "bad character in URI %s", preview(encoded).c_str());
    decoded += static_cast<char>(hexValue(encoded[i + 1]) * 16 + hexValue(encoded[i + 2]));
    i += 2;
  }
  FUZZ_CHECK(decoded == in, "percentEncodePath does not decode back");
  FUZZ_CHECK(fileUri(in).rfind("file://", 0) == 0, "fileUri without scheme");
  return 0;
}
