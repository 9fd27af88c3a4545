#pragma once
#include <string>
#include <string_view>

namespace attest {
// Removes all whitespace, so reformatting a line keeps its fingerprint.
std::string normalizeForFingerprint(std::string_view text);
// First 16 bytes of SHA-256, hex.
std::string shortHash(std::string_view text);
// Full SHA-256, hex.
std::string sha256Hex(std::string_view data);
// RFC 4122 version-5 UUID (SHA-1, URL namespace) of `name`: stable GUIDs for SARIF.
std::string uuidV5(std::string_view name);
}  // namespace attest
