// A content-addressed cache of per-TU results: an unchanged TU is not parsed.
// An entry is keyed by the attest version, the catalog, the rules in effect and the
// TU's command line, and is valid only while every file the TU included (recorded
// when it was parsed) still has the same SHA-256. Entries are written atomically;
// an unreadable or corrupt entry is a miss, never an error.
//
// The cache directory may be written by someone else (a CI cache restored from another
// branch): every entry carries an HMAC-SHA-256 of its name and bytes under a key that
// only this user can read (DIR/key, mode 0600, created with O_EXCL), so an entry that
// was edited, swapped with another TU's or written without the key is a miss. Nothing
// inside DIR is reached through a symbolic link: entries, their directories and the key
// are opened relative to DIR with O_NOFOLLOW.
#pragma once
#include "driver/Scanner.h"
#include "core/Finding.h"
#include "core/Summary.h"
#include "reports/Cbom.h"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace attest {

struct CachedTu {
  std::vector<Finding> findings;  // already scrubbed of the scan's secrets
  std::vector<Notification> notifications;
  bool parseFailed = false;
  std::vector<std::string> includes;  // every file the TU read, the main file included
  std::vector<std::string> absent;    // every path Clang looked for in vain (Scanner.cpp AbsenceRecorder)
  TuSummary summary;                  // to store: link-step facts (core/Summary.h), without secrets
  std::vector<CryptoAsset> assets;    // the cryptography inventory (reports/Cbom.h), without secrets
  // The TU's secrets as core/Redaction.h secretFingerprint: a warm scan finds them in
  // the texts of the TUs it parses again, though the cache never holds the secrets.
  std::vector<std::string> secretFingerprints;
  // From lookup(): the summary still encoded (decodeSummary), since a warm scan whose link
  // result is cached never needs it, and the TU's state: what its results depend on besides
  // the salt (its command line and the SHA-256 of every file it included).
  std::vector<std::uint8_t> packedSummary;
  std::string state;
};

// The summary lookup() left encoded; nullopt when it cannot be decoded.
std::optional<TuSummary> decodeSummary(const std::vector<std::uint8_t> &packed);

class ResultCache {
public:
  // `salt`: what besides the TU changes results (version, catalog, rules, options).
  ResultCache(std::string directory, std::string salt);
  ~ResultCache();
  ResultCache(const ResultCache &) = delete;
  ResultCache &operator=(const ResultCache &) = delete;
  // False when DIR or its key cannot be used safely (the reason on stderr): every lookup
  // misses and nothing is written.
  bool usable() const { return dirFd_ >= 0 && !key_.empty(); }
  std::optional<CachedTu> lookup(const TranslationUnit &tu);
  // Returns the TU's state, as lookup() reports it for a hit (CachedTu::state); empty when
  // an included file vanished and nothing was stored.
  std::string store(const TranslationUnit &tu, const CachedTu &entry);
  // The link step's findings (scrubbed) for a program whose TUs have `states`, in order:
  // an unchanged program skips decoding every summary and linking them again.
  std::string linkKey(const std::vector<std::string> &states, unsigned depth) const;
  std::optional<std::vector<Finding>> lookupLink(const std::string &key);
  void storeLink(const std::string &key, const std::vector<Finding> &findings);
  const std::string &directory() const { return directory_; }

  // $XDG_CACHE_HOME/attest, else $HOME/.cache/attest.
  static std::string defaultDirectory();

private:
  // An entry's place in DIR: a subdirectory and a file name.
  struct EntryName {
    std::string subdir, file;
  };
  EntryName entryName(const TranslationUnit &tu) const;
  std::optional<std::string> fileHash(const std::string &path);
  bool stillAbsent(const std::string &path);
  std::optional<std::string> readEntry(const EntryName &name) const;   // authenticated bytes
  void writeEntry(const EntryName &name, const std::string &bytes) const;
  std::string tag(const EntryName &name, const std::string &bytes) const;
  void openDirectory();

  std::string directory_, salt_;
  int dirFd_ = -1;
  std::string key_;  // 32 random bytes from DIR/key
  std::mutex mutex_;
  std::map<std::string, std::optional<std::string>> hashes_;  // per run: headers are shared
  std::map<std::string, bool> absent_;                         // per run, as hashes_
};

nlohmann::json findingToJson(const Finding &f);
std::optional<Finding> findingFromJson(const nlohmann::json &j);
nlohmann::json notificationToJson(const Notification &n);
std::optional<Notification> notificationFromJson(const nlohmann::json &j);

}  // namespace attest
