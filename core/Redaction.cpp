#include "core/Redaction.h"
#include "core/SourceText.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <optional>

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

SecretScrubber::SecretScrubber(const std::set<std::string> &secrets) {
  for (const std::string &s : secrets) {
    if (s.size() < kMinScrubLength) continue;
    patterns_.push_back(s);
    // Outputs show invalid UTF-8 and NUL as U+FFFD (captured snippets already do).
    if (std::string shown = sanitizeUtf8(s); shown != s) patterns_.push_back(std::move(shown));
  }
  std::sort(patterns_.begin(), patterns_.end());
  patterns_.erase(std::unique(patterns_.begin(), patterns_.end()), patterns_.end());

  // Sorted input builds the trie depth first without lookups: each pattern shares its
  // longest common prefix with the one before, and every node's children are created in
  // increasing label order. Edges are then grouped by parent into compressed rows.
  struct Edge {
    uint32_t parent, child;
    unsigned char label;
  };
  std::vector<Edge> edges;
  std::vector<uint32_t> ownLength = {0}, path = {0};
  const std::string *previous = nullptr;
  for (const std::string &p : patterns_) {
    size_t common = 0;
    if (previous)
      while (common < previous->size() && common < p.size() && (*previous)[common] == p[common]) ++common;
    path.resize(common + 1);
    for (size_t i = common; i < p.size(); ++i) {
      uint32_t node = static_cast<uint32_t>(ownLength.size());
      ownLength.push_back(0);
      edges.push_back({path.back(), node, static_cast<unsigned char>(p[i])});
      path.push_back(node);
    }
    ownLength[path.back()] = static_cast<uint32_t>(p.size());
    previous = &p;
  }
  size_t nodes = ownLength.size();
  edges_.assign(nodes + 1, 0);
  for (const Edge &e : edges) ++edges_[e.parent + 1];
  for (size_t n = 0; n < nodes; ++n) edges_[n + 1] += edges_[n];
  labels_.resize(edges.size());
  targets_.resize(edges.size());
  std::vector<uint32_t> fill(edges_.begin(), edges_.end() - 1);
  for (const Edge &e : edges) {  // creation order keeps each row sorted by label
    labels_[fill[e.parent]] = e.label;
    targets_[fill[e.parent]++] = e.child;
  }
  for (uint32_t i = edges_[0]; i < edges_[1]; ++i) root_[labels_[i]] = targets_[i];

  // Failure links breadth first: a node's link is the longest proper suffix of its path
  // that is also in the trie; longest_ takes over the link's match when the node has none.
  fail_.assign(nodes, 0);
  longest_ = std::move(ownLength);
  std::deque<uint32_t> queue;
  for (uint32_t i = edges_[0]; i < edges_[1]; ++i) queue.push_back(targets_[i]);
  while (!queue.empty()) {
    uint32_t node = queue.front();
    queue.pop_front();
    for (uint32_t i = edges_[node]; i < edges_[node + 1]; ++i) {
      uint32_t next = targets_[i];
      fail_[next] = step(fail_[node], labels_[i]);
      if (!longest_[next]) longest_[next] = longest_[fail_[next]];
      queue.push_back(next);
    }
  }
}

namespace {
constexpr uint64_t kPrime = (uint64_t{1} << 61) - 1;
constexpr size_t kMaxFingerprinted = 4096;  // longer values are not fingerprinted (bounded work)

uint64_t mulMod(uint64_t a, uint64_t b) {
  unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  uint64_t low = static_cast<uint64_t>(product & kPrime), high = static_cast<uint64_t>(product >> 61);
  return (low + high) % kPrime;  // low <= p and high < 2^61: one reduction
}

uint64_t fingerprintBase(std::string_view key) {
  std::string material = "attest secret fingerprint: " + std::string(key);
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(material));
  uint64_t base = 0;
  for (int i = 0; i < 8; ++i) base = (base << 8) | digest[i];
  return 257 + base % (kPrime - 512);  // above every byte value
}

// Names the key (not reversible to it) so a fingerprint made under another key is noticed.
std::string keyId(std::string_view key) {
  std::string material = "attest fingerprint key id: " + std::string(key);
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(material));
  return llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), 4), /*LowerCase=*/true);
}

struct Parsed {
  uint32_t length = 0;
  uint64_t hash = 0;
};

std::optional<Parsed> parseFingerprint(llvm::StringRef text, llvm::StringRef id) {
  auto [idText, rest] = text.split(':');
  auto [lengthText, hashText] = rest.split(':');
  Parsed p;
  if (idText != id || lengthText.getAsInteger(10, p.length) || hashText.getAsInteger(16, p.hash) ||
      p.length < kMinScrubLength || p.length > kMaxFingerprinted || p.hash >= kPrime)
    return std::nullopt;
  return p;
}

uint64_t polyHash(std::string_view text, uint64_t base) {
  uint64_t h = 0;
  for (unsigned char c : text) h = (mulMod(h, base) + c + 1) % kPrime;
  return h;
}
}  // namespace

std::string secretFingerprint(std::string_view secret, std::string_view key) {
  if (secret.size() < kMinScrubLength || secret.size() > kMaxFingerprinted) return {};
  return keyId(key) + ":" + std::to_string(secret.size()) + ":" +
         llvm::utohexstr(polyHash(secret, fingerprintBase(key)), true, 16);
}

bool fingerprintsUsable(const std::vector<std::string> &fingerprints, std::string_view key) {
  std::string id = keyId(key);
  return std::all_of(fingerprints.begin(), fingerprints.end(),
                     [&](const std::string &f) { return parseFingerprint(f, id).has_value(); });
}

void SecretScrubber::addFingerprints(const std::vector<std::string> &fingerprints, std::string_view key) {
  if (fingerprints.empty()) return;
  base_ = fingerprintBase(key);
  std::string id = keyId(key);
  std::map<uint32_t, std::vector<uint64_t>> byLength;
  for (auto &[length, hashes] : fingerprints_) byLength[length] = hashes;
  for (const std::string &f : fingerprints)  // from the cache: anything malformed is ignored
    if (std::optional<Parsed> p = parseFingerprint(f, id)) byLength[p->length].push_back(p->hash);
  fingerprints_.clear();
  for (auto &[length, hashes] : byLength) {
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    fingerprints_.push_back({length, std::move(hashes)});
  }
}

int32_t SecretScrubber::child(uint32_t node, unsigned char c) const {
  if (node == 0) return root_[c] ? static_cast<int32_t>(root_[c]) : -1;
  auto begin = labels_.begin() + edges_[node], end = labels_.begin() + edges_[node + 1];
  auto it = std::lower_bound(begin, end, c);
  if (it == end || *it != c) return -1;
  return static_cast<int32_t>(targets_[it - labels_.begin()]);
}

uint32_t SecretScrubber::step(uint32_t node, unsigned char c) const {
  for (;;) {
    if (int32_t next = child(node, c); next >= 0) return static_cast<uint32_t>(next);
    if (node == 0) return 0;
    node = fail_[node];
  }
}

// Merges overlapping and touching ranges, in place, sorted by start.
static void merge(Spans &spans) {
  std::sort(spans.begin(), spans.end());
  size_t out = 0;
  for (const auto &span : spans) {
    if (out && span.first <= spans[out - 1].second) spans[out - 1].second = std::max(spans[out - 1].second, span.second);
    else spans[out++] = span;
  }
  spans.resize(out);
}

Spans SecretScrubber::find(std::string_view text) const {
  Spans spans;
  if (!patterns_.empty()) {
    uint32_t node = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      node = step(node, static_cast<unsigned char>(text[i]));
      // The longest pattern ending here covers every shorter one that ends here.
      if (uint32_t length = longest_[node]) spans.push_back({i + 1 - length, i + 1});
    }
  }
  // Each fingerprinted length: a rolling hash over every window of that length.
  for (const auto &[length, hashes] : fingerprints_) {
    if (text.size() < length) continue;
    uint64_t top = 1;  // base^(length-1)
    for (uint32_t k = 1; k < length; ++k) top = mulMod(top, base_);
    uint64_t h = polyHash(text.substr(0, length), base_);
    for (size_t at = 0;; ++at) {
      if (std::binary_search(hashes.begin(), hashes.end(), h)) spans.push_back({at, at + length});
      if (at + length >= text.size()) break;
      uint64_t out = mulMod(static_cast<unsigned char>(text[at]) + 1, top);
      h = (h + kPrime - out) % kPrime;
      h = (mulMod(h, base_) + static_cast<unsigned char>(text[at + length]) + 1) % kPrime;
    }
  }
  merge(spans);
  return spans;
}

// The mask of a range shows the prefix maskSecret would show, unless that prefix
// itself holds a registered secret (a 4-byte one), in which case it shows nothing.
std::string SecretScrubber::maskFor(std::string_view occurrence) const {
  std::string mask = maskSecret(occurrence);
  size_t shown = mask.find("\xE2\x80\xA6");
  if (shown && !find(occurrence.substr(0, shown)).empty()) return maskSecret("");
  return mask;
}

void SecretScrubber::apply(std::string &text, bool snippet) const {
  Spans spans = find(text);
  if (snippet && snippetSpans) {
    size_t registered = spans.size();
    snippetSpans(text, spans);
    if (spans.size() != registered) merge(spans);
  }
  if (spans.empty()) return;
  std::string out;
  size_t pos = 0;
  for (const auto &[begin, end] : spans) {
    out.append(text, pos, begin - pos);
    out += maskFor(std::string_view(text).substr(begin, end - begin));
    pos = end;
  }
  out.append(text, pos);
  text = std::move(out);
}

void SecretScrubber::scrub(std::vector<Finding> &findings, std::vector<Notification> &notifications) const {
  if (empty()) return;
  auto location = [&](Location &l) {
    scrubSnippet(l.regionText);
    scrubSnippet(l.contextText);
  };
  auto related = [&](RelatedLocation &r) {
    scrub(r.message);
    location(r.location);
  };
  for (Finding &f : findings) {
    scrub(f.message);
    location(f.location);
    for (RelatedLocation &r : f.related) related(r);
    for (auto &[key, value] : f.properties) scrub(value);
    for (auto &flow : f.codeFlows)
      for (RelatedLocation &step : flow) related(step);
    for (Fix &fix : f.fixes) {  // constants like TLS1_2_VERSION, but scrubbed like all output text
      scrub(fix.description);
      for (Replacement &r : fix.replacements) {
        location(r.region);
        scrub(r.inserted);
      }
    }
    for (Suppression &s : f.suppressions) {
      scrub(s.justification);
      scrub(s.ticket);
    }
  }
  for (Notification &n : notifications) scrub(n.message);
}

void scrubSecrets(std::vector<Finding> &findings, std::vector<Notification> &notifications,
                  const std::set<std::string> &secrets) {
  SecretScrubber(secrets).scrub(findings, notifications);
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
