#include "driver/ResultCache.h"
#include "reports/Fingerprint.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

using nlohmann::json;

namespace attest {
namespace {
// 2: MessagePack instead of indented JSON text (a warm scan of pgbouncer spent most of its
// time in the JSON lexer, on summaries of ~300 KB per TU).
// 3: the summary is a nested MessagePack blob, decoded only when the link step runs;
// findings keep their code flows (the link step's results are cached too).
constexpr int kFormat = 3;

json locationToJson(const Location &l) {
  return {{"file", l.file}, {"sl", l.startLine}, {"sc", l.startColumn}, {"el", l.endLine}, {"ec", l.endColumn},
          {"sc16", l.startColumnUtf16}, {"ec16", l.endColumnUtf16}, {"region", l.regionText}, {"context", l.contextText}};
}

Location locationFromJson(const json &j) {
  Location l;
  l.file = j.at("file");
  l.startLine = j.at("sl");
  l.startColumn = j.at("sc");
  l.endLine = j.at("el");
  l.endColumn = j.at("ec");
  l.startColumnUtf16 = j.at("sc16");
  l.endColumnUtf16 = j.at("ec16");
  l.regionText = j.at("region");
  l.contextText = j.at("context");
  return l;
}
}  // namespace

json findingToJson(const Finding &f) {
  json related = json::array();
  for (const RelatedLocation &r : f.related) related.push_back({{"location", locationToJson(r.location)}, {"message", r.message}});
  json out = {{"rule", f.ruleId},       {"level", levelName(f.level)}, {"location", locationToJson(f.location)},
              {"message", f.message},   {"function", f.function},      {"related", related},
              {"properties", f.properties}};
  if (!f.codeFlows.empty()) {
    json flows = json::array();
    for (const auto &flow : f.codeFlows) {
      json steps = json::array();
      for (const RelatedLocation &r : flow) steps.push_back({{"location", locationToJson(r.location)}, {"message", r.message}});
      flows.push_back(steps);
    }
    out["codeFlows"] = flows;
  }
  if (!f.guards.empty()) {
    json guards = json::array();
    for (const BranchGuard &g : f.guards) guards.push_back({g.usr, g.liveWhen});
    out["guards"] = guards;
  }
  return out;
}

std::optional<Finding> findingFromJson(const json &j) {
  try {
    Finding f;
    f.ruleId = j.at("rule");
    std::optional<Level> level = parseLevel(j.at("level").get<std::string>());
    if (!level) return std::nullopt;
    f.level = *level;
    f.location = locationFromJson(j.at("location"));
    f.message = j.at("message");
    f.function = j.at("function");
    for (const json &r : j.at("related")) f.related.push_back({locationFromJson(r.at("location")), r.at("message")});
    f.properties = j.at("properties").get<std::map<std::string, std::string>>();
    if (j.contains("codeFlows"))
      for (const json &flow : j.at("codeFlows")) {
        f.codeFlows.emplace_back();
        for (const json &r : flow) f.codeFlows.back().push_back({locationFromJson(r.at("location")), r.at("message")});
      }
    if (j.contains("guards"))
      for (const json &g : j.at("guards")) f.guards.push_back({g.at(0).get<std::string>(), g.at(1).get<bool>()});
    return f;
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

json notificationToJson(const Notification &n) {
  return {{"id", n.id}, {"level", levelName(n.level)}, {"message", n.message}, {"file", n.file}, {"line", n.line}};
}

std::optional<Notification> notificationFromJson(const json &j) {
  try {
    std::optional<Level> level = parseLevel(j.at("level").get<std::string>());
    if (!level) return std::nullopt;
    return Notification{j.at("id"), *level, j.at("message"), j.at("file"), j.at("line")};
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

ResultCache::ResultCache(std::string directory, std::string salt)
    : directory_(std::move(directory)), salt_(std::move(salt)) {}

std::string ResultCache::defaultDirectory() {
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/attest";
  if (const char *home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/attest";
  return {};
}

std::string ResultCache::entryPath(const TranslationUnit &tu) const {
  std::string key = salt_ + '\0' + tu.directory + '\0' + tu.file;
  for (const std::string &arg : tu.arguments) key += '\0' + arg;
  std::string hash = sha256Hex(key);
  return directory_ + "/" + hash.substr(0, 2) + "/" + hash + ".msgpack";
}

std::optional<std::string> ResultCache::fileHash(const std::string &path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = hashes_.find(path); it != hashes_.end()) return it->second;
  }
  std::optional<std::string> hash;
  if (auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false)) {
    llvm::StringRef data = (*buffer)->getBuffer();
    hash = sha256Hex(std::string_view(data.data(), data.size()));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  hashes_[path] = hash;
  return hash;
}

std::optional<CachedTu> ResultCache::lookup(const TranslationUnit &tu) {
  auto buffer = llvm::MemoryBuffer::getFile(entryPath(tu), /*IsText=*/false);
  if (!buffer) return std::nullopt;
  llvm::StringRef bytes = (*buffer)->getBuffer();
  json entry = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true, /*allow_exceptions=*/false);
  try {
    if (entry.is_discarded() || entry.at("format") != kFormat) return std::nullopt;
    CachedTu cached;
    std::string state = entryPath(tu);
    for (const json &include : entry.at("includes")) {
      std::string path = include.at("path");
      std::optional<std::string> now = fileHash(path);
      if (!now || *now != include.at("sha256").get<std::string>()) return std::nullopt;
      cached.includes.push_back(path);
      state += '\0' + path + '\0' + *now;
    }
    cached.state = sha256Hex(state);
    for (const json &f : entry.at("findings")) {
      std::optional<Finding> finding = findingFromJson(f);
      if (!finding) return std::nullopt;
      cached.findings.push_back(std::move(*finding));
    }
    for (const json &n : entry.at("notifications")) {
      std::optional<Notification> notification = notificationFromJson(n);
      if (!notification) return std::nullopt;
      cached.notifications.push_back(std::move(*notification));
    }
    cached.parseFailed = entry.at("parseFailed");
    if (entry.contains("summary")) cached.packedSummary = entry.at("summary").get_binary();
    if (entry.contains("cryptoAssets"))
      for (const json &a : entry.at("cryptoAssets")) {
        std::optional<CryptoAsset> asset = cryptoAssetFromJson(a);
        if (!asset) return std::nullopt;
        cached.assets.push_back(std::move(*asset));
      }
    return cached;
  } catch (const json::exception &) {
    return std::nullopt;  // a corrupt entry is a miss
  }
}

std::string ResultCache::store(const TranslationUnit &tu, const CachedTu &cached) {
  std::string path = entryPath(tu), state = path;
  json includes = json::array();
  for (const std::string &include : cached.includes) {
    std::optional<std::string> hash = fileHash(include);
    if (!hash) return {};  // a file vanished while scanning: do not cache
    includes.push_back({{"path", include}, {"sha256", *hash}});
    state += '\0' + include + '\0' + *hash;  // as lookup() builds it
  }
  json findings = json::array(), notifications = json::array();
  for (const Finding &f : cached.findings) findings.push_back(findingToJson(f));
  for (const Notification &n : cached.notifications) notifications.push_back(notificationToJson(n));
  json entry = {{"format", kFormat}, {"file", tu.file}, {"includes", includes}, {"findings", findings},
                {"notifications", notifications}, {"parseFailed", cached.parseFailed}};
  if (!cached.summary.empty()) entry["summary"] = json::binary(json::to_msgpack(summaryToJson(cached.summary)));
  if (!cached.assets.empty()) {
    json assets = json::array();
    for (const CryptoAsset &a : cached.assets) assets.push_back(cryptoAssetToJson(a));
    entry["cryptoAssets"] = assets;
  }
  std::string error;
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(path));
  std::vector<std::uint8_t> bytes = json::to_msgpack(entry);
  // Best effort: a cache that cannot be written is only slower.
  writeFileAtomically(std::string(bytes.begin(), bytes.end()), path, error);
  return sha256Hex(state);
}

std::optional<TuSummary> decodeSummary(const std::vector<std::uint8_t> &packed) {
  if (packed.empty()) return TuSummary{};
  json j = json::from_msgpack(packed, /*strict=*/true, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return summaryFromJson(j);
}

std::string ResultCache::linkKey(const std::vector<std::string> &states, unsigned depth) const {
  std::string key = salt_ + std::string("\0link\0", 6) + std::to_string(depth);
  for (const std::string &state : states) key += '\0' + state;
  return sha256Hex(key);
}

std::optional<std::vector<Finding>> ResultCache::lookupLink(const std::string &key) {
  auto buffer = llvm::MemoryBuffer::getFile(directory_ + "/link/" + key + ".msgpack", /*IsText=*/false);
  if (!buffer) return std::nullopt;
  llvm::StringRef bytes = (*buffer)->getBuffer();
  json entry = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true, /*allow_exceptions=*/false);
  try {
    if (entry.is_discarded() || entry.at("format") != kFormat) return std::nullopt;
    std::vector<Finding> findings;
    for (const json &f : entry.at("findings")) {
      std::optional<Finding> finding = findingFromJson(f);
      if (!finding) return std::nullopt;
      findings.push_back(std::move(*finding));
    }
    return findings;
  } catch (const json::exception &) {
    return std::nullopt;  // a corrupt entry is a miss
  }
}

void ResultCache::storeLink(const std::string &key, const std::vector<Finding> &findings) {
  json list = json::array();
  for (const Finding &f : findings) list.push_back(findingToJson(f));
  json entry = {{"format", kFormat}, {"findings", list}};
  std::string dir = directory_ + "/link", error;
  llvm::sys::fs::create_directories(dir);
  std::vector<std::uint8_t> bytes = json::to_msgpack(entry);
  writeFileAtomically(std::string(bytes.begin(), bytes.end()), dir + "/" + key + ".msgpack", error);
}

}  // namespace attest
