#include "reports/Redaction.h"
#include "reports/SourceText.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <array>

namespace attest {

// Values shorter than this are not scrubbed by text replacement: "a" or "1" would
// mangle every snippet, and checks never flag such short values as secrets.
constexpr size_t kMinScrubLength = 4;
constexpr size_t kLongToken = 16;

std::string maskSecret(std::string_view secret) {
  if (secret.size() >= kLongToken)  // the first characters, never a cut through a multi-byte one
    return std::string(secret.substr(0, utf8PrefixLength(secret, 4))) + "\xE2\x80\xA6(redacted)";
  return "\xE2\x80\xA6(redacted)";
}

static void scrub(std::string &text, const std::vector<std::string> &secrets) {
  for (const std::string &secret : secrets) {
    if (text.find(secret) == std::string::npos) continue;
    std::string masked = maskSecret(secret), out;
    size_t pos = 0;
    for (size_t hit; (hit = text.find(secret, pos)) != std::string::npos; pos = hit + secret.size())
      out.append(text, pos, hit - pos).append(masked);
    out.append(text, pos);
    text = std::move(out);
  }
}

void scrubSecrets(std::vector<Finding> &findings, std::vector<Notification> &notifications,
                  const std::set<std::string> &secretSet) {
  std::vector<std::string> secrets;
  for (const std::string &s : secretSet)
    if (s.size() >= kMinScrubLength) secrets.push_back(s);
  if (secrets.empty()) return;
  // Longest first, so a secret containing another is masked whole.
  std::sort(secrets.begin(), secrets.end(), [](auto &a, auto &b) { return a.size() > b.size(); });
  for (Finding &f : findings) {
    scrub(f.message, secrets);
    scrub(f.location.regionText, secrets);
    scrub(f.location.contextText, secrets);
    for (RelatedLocation &r : f.related) {
      scrub(r.message, secrets);
      scrub(r.location.regionText, secrets);
      scrub(r.location.contextText, secrets);
    }
    for (auto &[key, value] : f.properties) scrub(value, secrets);
    for (auto &flow : f.codeFlows)
      for (RelatedLocation &step : flow) {
        scrub(step.message, secrets);
        scrub(step.location.regionText, secrets);
        scrub(step.location.contextText, secrets);
      }
  }
  for (Notification &n : notifications) scrub(n.message, secrets);
}

std::string secretDigest(std::string_view secret, std::string_view key) {
  if (key.empty()) return {};
  std::array<uint8_t, 64> block{};
  if (key.size() > block.size()) {
    auto hashed = llvm::SHA256::hash(llvm::arrayRefFromStringRef(llvm::StringRef(key.data(), key.size())));
    std::copy(hashed.begin(), hashed.end(), block.begin());
  } else {
    std::copy(key.begin(), key.end(), block.begin());
  }
  std::array<uint8_t, 64> inner, outer;
  for (size_t i = 0; i < 64; ++i) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  llvm::SHA256 in;
  in.update(inner);
  in.update(llvm::StringRef(secret.data(), secret.size()));
  auto innerDigest = in.final();
  llvm::SHA256 out;
  out.update(outer);
  out.update(innerDigest);
  auto digest = out.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

}  // namespace attest
