// checks/secrets/SecretPatterns: the secret pattern matcher and the placeholder /
// entropy / credential-value filters on any text (a string literal or a config file).
// Never crashes, and:
//   - every match is the text at its offset, non-empty, not a placeholder, in order and
//     not overlapping another;
//   - after redaction (core/Redaction, as every output path does it) no secret
//     value found is left in a message built from the text;
//   - Shannon entropy is within [0, 8] bits per byte.
#include "FuzzCheck.h"
#include "checks/common/SensitiveName.h"
#include "checks/secrets/SecretPatterns.h"
#include "core/Redaction.h"

#include <cmath>
#include <cstdint>
#include <set>

using namespace attest;
using namespace attest::secrets;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  const PatternCatalog &catalog = builtinPatterns();

  std::set<std::string> secrets;
  for (ScanScope scope : {ScanScope::Literal, ScanScope::File})
    for (bool requireContext : {true, false}) {
      size_t end = 0;
      for (const PatternMatch &m : catalog.scan(text, scope, requireContext)) {
        FUZZ_CHECK(m.pattern != nullptr && !m.secret.empty(), "empty match");
        FUZZ_CHECK(m.offset <= text.size() && m.secret.size() <= text.size() - m.offset, "match out of bounds");
        FUZZ_CHECK(text.substr(m.offset, m.secret.size()) == m.secret, "match is not the text at its offset");
        FUZZ_CHECK(m.offset >= end, "matches overlap or are out of order at %zu", m.offset);
        FUZZ_CHECK(!catalog.isPlaceholder(m.secret), "placeholder %s reported", preview(m.secret).c_str());
        end = m.offset + m.secret.size();
        secrets.insert(m.secret);
      }
    }

  // Redaction of a finding whose message and snippet are the text itself.
  std::vector<Finding> findings(1);
  findings[0].message = std::string(text);
  findings[0].location.regionText = std::string(text);
  std::vector<Notification> notes(1);
  notes[0].message = std::string(text);
  scrubSecrets(findings, notes, secrets);
  const std::string mask = maskSecret("");
  for (const std::string &s : secrets) {
    // A secret of under 4 bytes is never scrubbed by design; a secret that is part of
    // the mask text itself ("(redacted)") would be found in every mask.
    bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return c > 0 && c < 0x7f && c != '('; });
    if (s.size() < 4 || !ascii || mask.find(s) != std::string::npos) continue;
    FUZZ_CHECK(findings[0].message.find(s) == std::string::npos, "secret %s left in a message", preview(s).c_str());
    FUZZ_CHECK(findings[0].location.regionText.find(s) == std::string::npos, "secret left in a snippet");
    FUZZ_CHECK(notes[0].message.find(s) == std::string::npos, "secret left in a notification");
  }

  // The filters on the text as one value, and its start as a name (values and names are
  // short: the prefixes keep the runs fast).
  double entropy = shannonEntropy(text);
  FUZZ_CHECK(std::isfinite(entropy) && entropy >= 0 && entropy <= 8.0 + 1e-9, "entropy %f", entropy);
  std::string_view value = text.substr(0, 512), name = text.substr(0, 64);
  (void)catalog.isPlaceholder(value);
  (void)looksRandom(value);
  for (unsigned kinds : {unsigned(kPassword), unsigned(kSecret), unsigned(kKeyMaterial), unsigned(kPassword | kSecret)})
    (void)isCredentialValue(value, kinds, catalog);
  (void)credentialKinds(llvm::StringRef(name.data(), name.size()));
  (void)classifyName(llvm::StringRef(name.data(), name.size()));
  return 0;
}
