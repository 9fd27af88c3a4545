#include "core/Fingerprint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/SHA256.h"

#include <array>
#include <cctype>

namespace attest {

std::string normalizeForFingerprint(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

std::string sha256Hex(std::string_view data) {
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(llvm::StringRef(data.data(), data.size())));
  return llvm::toHex(digest, /*LowerCase=*/true);
}

std::string shortHash(std::string_view text) { return sha256Hex(text).substr(0, 32); }

std::string uuidV5(std::string_view name) {
  // Namespace_URL from RFC 4122 appendix C.
  static constexpr std::array<uint8_t, 16> ns = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  llvm::SHA1 sha;
  sha.update(llvm::ArrayRef<uint8_t>(ns.data(), ns.size()));
  sha.update(llvm::StringRef(name.data(), name.size()));
  auto digest = sha.final();
  std::array<uint8_t, 16> u;
  for (int i = 0; i < 16; ++i) u[i] = digest[i];
  u[6] = (u[6] & 0x0f) | 0x50;  // version 5
  u[8] = (u[8] & 0x3f) | 0x80;  // RFC 4122 variant
  std::string hex = llvm::toHex(llvm::ArrayRef<uint8_t>(u.data(), u.size()), /*LowerCase=*/true);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace attest
