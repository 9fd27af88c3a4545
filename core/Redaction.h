// Secrets never reach an output. Checks register every secret value they flag;
// after the scan, every text of every finding and notification is scrubbed of them.
#pragma once
#include "core/Finding.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attest {

// What is shown instead of a secret: the first 4 characters and an ellipsis for a
// long token (enough to recognise its kind, e.g. "ghp_…"), nothing of a short value.
std::string maskSecret(std::string_view secret);

// Byte ranges [begin, end) of a text to mask.
using Spans = std::vector<std::pair<size_t, size_t>>;

// Finds every registered secret in a text in one pass (an Aho–Corasick automaton over
// their bytes), so scrubbing costs the length of the texts, not texts × secrets.
// Overlapping occurrences (one secret inside or across another) are masked as one
// range: no byte of any occurrence survives, only the mask's prefix of the leftmost one.
class SecretScrubber {
public:
  SecretScrubber() = default;
  // Values shorter than 4 bytes are ignored (checks never flag them; "a" would mangle
  // every text). Each value is also matched as outputs show it (sanitizeUtf8).
  explicit SecretScrubber(const std::set<std::string> &secrets);

  // More ranges to mask in source snippets (regionText, contextText): the scanner sets
  // this to the secret pattern catalog, so a token in a comment next to a finding is
  // masked though no check registered it.
  std::function<void(std::string_view text, Spans &out)> snippetSpans;

  // Secrets known only by their fingerprints (secretFingerprint under `key`): those of
  // TUs whose results come from the cache, which never holds a secret itself.
  void addFingerprints(const std::vector<std::string> &fingerprints, std::string_view key);

  bool empty() const { return patterns_.empty() && !snippetSpans && fingerprints_.empty(); }
  void scrub(std::string &text) const { apply(text, false); }
  void scrubSnippet(std::string &text) const { apply(text, true); }
  // Every text of the findings (messages, snippets, related locations, code flows,
  // properties) and of the notifications.
  void scrub(std::vector<Finding> &findings, std::vector<Notification> &notifications) const;
  // The ranges of `text` holding a registered secret, merged, in order.
  Spans find(std::string_view text) const;

private:
  void apply(std::string &text, bool snippet) const;
  uint32_t step(uint32_t node, unsigned char c) const;
  int32_t child(uint32_t node, unsigned char c) const;
  std::string maskFor(std::string_view occurrence) const;

  std::vector<std::string> patterns_;  // sorted, unique
  // Fingerprinted secrets: length -> their hashes, and the hash's base (secretFingerprint).
  std::vector<std::pair<uint32_t, std::vector<uint64_t>>> fingerprints_;
  uint64_t base_ = 0;
  // The trie in compressed rows: node n's children are labels_/targets_[edges_[n], edges_[n+1]),
  // sorted by label. fail_ is the Aho–Corasick failure link, longest_ the length of the
  // longest pattern that ends at the node (its own or through failure links), 0 for none.
  std::vector<uint32_t> edges_, fail_, longest_;
  std::vector<unsigned char> labels_;
  std::vector<uint32_t> targets_;
  uint32_t root_[256] = {};
};

// Replaces every occurrence of every secret in the findings' messages, snippets,
// related locations and properties, and in notifications (a SecretScrubber over `secrets`).
void scrubSecrets(std::vector<Finding> &findings, std::vector<Notification> &notifications,
                  const std::set<std::string> &secrets);

// What the cache keeps of a secret instead of the secret: an id of the key, its length and
// a 61-bit keyed polynomial hash of its bytes ("1a2b3c4d:40:0123456789abcdef"), enough for
// SecretScrubber to find it in a text with a rolling hash. Like any hash it lets whoever
// holds the key confirm a guessed value; the key is ATTEST_HMAC_KEY when set
// (driver/Scanner.cpp). Empty for values shorter than 4 or longer than 4096 bytes.
std::string secretFingerprint(std::string_view secret, std::string_view key);
// Whether every fingerprint is well formed and made under `key` (else the cached entry
// holding them cannot be trusted to redact, and is parsed again).
bool fingerprintsUsable(const std::vector<std::string> &fingerprints, std::string_view key);

// HMAC-SHA-256(key, secret) in hex, so two findings of one secret can be correlated
// without a digest that a dictionary could reverse. Empty when `key` is empty.
std::string secretDigest(std::string_view secret, std::string_view key);

}  // namespace attest
