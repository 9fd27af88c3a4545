// A content-addressed cache of per-TU results: an unchanged TU is not parsed.
// An entry is keyed by the attest version, the catalog, the rules in effect and the
// TU's command line, and is valid only while every file the TU included (recorded
// when it was parsed) still has the same SHA-256. Entries are written atomically;
// an unreadable or corrupt entry is a miss, never an error.
#pragma once
#include "driver/Scanner.h"
#include "reports/Finding.h"
#include "reports/Summary.h"
#include "reports/Cbom.h"

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace attest {

struct CachedTu {
  std::vector<Finding> findings;  // already scrubbed of the TU's secrets
  std::vector<Notification> notifications;
  bool parseFailed = false;
  std::vector<std::string> includes;  // every file the TU read, the main file included
  TuSummary summary;                  // link-step facts (reports/Summary.h), without secrets
  std::vector<CryptoAsset> assets;    // the cryptography inventory (reports/Cbom.h), without secrets
};

class ResultCache {
public:
  // `salt`: what besides the TU changes results (version, catalog, rules, options).
  ResultCache(std::string directory, std::string salt);
  std::optional<CachedTu> lookup(const TranslationUnit &tu);
  void store(const TranslationUnit &tu, const CachedTu &entry);
  const std::string &directory() const { return directory_; }

  // $XDG_CACHE_HOME/attest, else $HOME/.cache/attest.
  static std::string defaultDirectory();

private:
  std::string entryPath(const TranslationUnit &tu) const;
  std::optional<std::string> fileHash(const std::string &path);

  std::string directory_, salt_;
  std::mutex mutex_;
  std::map<std::string, std::optional<std::string>> hashes_;  // per run: headers are shared
};

nlohmann::json findingToJson(const Finding &f);
std::optional<Finding> findingFromJson(const nlohmann::json &j);

}  // namespace attest
