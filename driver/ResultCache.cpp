#include "driver/ResultCache.h"
#include "core/InputFile.h"
#include "core/Fingerprint.h"
#include "core/Redaction.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

using nlohmann::json;

namespace attest {
namespace {
// 2: MessagePack instead of indented JSON text (a warm scan of pgbouncer spent most of its
// time in the JSON lexer, on summaries of ~300 KB per TU).
// 3: the summary is a nested MessagePack blob, decoded only when the link step runs;
// findings keep their code flows (the link step's results are cached too).
// 4: each file ends with the HMAC of its name and bytes (kTagSize hex digits).
constexpr int kFormat = 4;
constexpr size_t kTagSize = 64;
constexpr size_t kKeySize = 32;
constexpr off_t kMaxEntryBytes = off_t(1) << 30;  // a bigger file is not ours

// Reads a whole regular file from `fd` (closed), at most kMaxEntryBytes.
std::optional<std::string> readAll(int fd) {
  struct stat st;
  std::optional<std::string> out;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= kMaxEntryBytes) {
    std::string bytes(size_t(st.st_size), '\0');
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += size_t(n);
    }
    if (done == bytes.size()) out = std::move(bytes);
  }
  ::close(fd);
  return out;
}

// A name no other writer uses: pid and random bits.
std::string temporaryName(const std::string &file) {
  unsigned char random[8];
  if (getrandom(random, sizeof random, 0) != sizeof random) return {};
  std::string hex;
  for (unsigned char c : random) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
  return "." + file + ".tmp-" + std::to_string(getpid()) + "-" + hex;
}

bool sameBytes(const std::string &a, const std::string &b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;  // constant time: the tag is a secret until it matches
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The key, if `fd` (closed) is a private regular file of this user holding one.
std::optional<std::string> readKey(int fd, std::string &why) {
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) why = "not a regular file";
  else if (st.st_uid != geteuid()) why = "owned by another user";
  else if (st.st_mode & 077) why = "readable or writable by others";
  else if (st.st_size != off_t(kKeySize)) why = "not " + std::to_string(kKeySize) + " bytes";
  if (!why.empty()) {
    ::close(fd);
    return std::nullopt;
  }
  std::optional<std::string> key = readAll(fd);
  if (!key || key->size() != kKeySize) why = "unreadable";
  return key && key->size() == kKeySize ? key : std::nullopt;
}

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
  if (f.callLine) out["callLine"] = f.callLine;
  if (!f.fixes.empty()) {
    json fixes = json::array();
    for (const Fix &fix : f.fixes) {
      json replacements = json::array();
      for (const Replacement &r : fix.replacements)
        replacements.push_back({{"location", locationToJson(r.region)}, {"offset", r.byteOffset},
                                {"length", r.byteLength}, {"inserted", r.inserted}});
      fixes.push_back({{"description", fix.description}, {"replacements", replacements}});
    }
    out["fixes"] = fixes;
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
    if (j.contains("callLine")) f.callLine = j.at("callLine").get<unsigned>();
    for (const json &r : j.at("related")) f.related.push_back({locationFromJson(r.at("location")), r.at("message")});
    f.properties = j.at("properties").get<std::map<std::string, std::string>>();
    if (j.contains("codeFlows"))
      for (const json &flow : j.at("codeFlows")) {
        f.codeFlows.emplace_back();
        for (const json &r : flow) f.codeFlows.back().push_back({locationFromJson(r.at("location")), r.at("message")});
      }
    if (j.contains("fixes"))
      for (const json &fix : j.at("fixes")) {
        Fix &out = f.fixes.emplace_back();
        out.description = fix.at("description");
        for (const json &r : fix.at("replacements"))
          out.replacements.push_back({locationFromJson(r.at("location")), r.at("offset").get<unsigned>(),
                                      r.at("length").get<unsigned>(), r.at("inserted").get<std::string>()});
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
    : directory_(std::move(directory)), salt_(std::move(salt)) {
  openDirectory();
}

ResultCache::~ResultCache() {
  if (dirFd_ >= 0) ::close(dirFd_);
}

// DIR itself is the user's choice (it may be a link, e.g. ~/.cache); what is inside it is
// not. The key is created under a temporary name and linked into place, so a concurrent
// scan reads either no key or a whole one.
void ResultCache::openDirectory() {
  llvm::sys::fs::create_directories(directory_, /*IgnoreExisting=*/true, llvm::sys::fs::perms::owner_all);
  dirFd_ = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd_ < 0) return;  // no cache: every lookup misses
  std::string why;
  for (int attempt = 0; attempt < 2 && key_.empty(); ++attempt) {
    int fd = ::openat(dirFd_, "key", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
      if (std::optional<std::string> key = readKey(fd, why)) key_ = *key;
      break;
    }
    if (errno != ENOENT) {
      why = std::strerror(errno);  // ELOOP: a symbolic link
      break;
    }
    std::string key(kKeySize, '\0'), tmp = temporaryName("key");
    if (tmp.empty() || getrandom(key.data(), key.size(), 0) != ssize_t(key.size())) {
      why = "no random bytes";
      break;
    }
    int out = ::openat(dirFd_, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) {
      why = std::strerror(errno);
      break;
    }
    bool written = writeAllToFd(out, key) && ::fsync(out) == 0;
    ::close(out);
    int linked = written ? ::linkat(dirFd_, tmp.c_str(), dirFd_, "key", 0) : -1;
    ::unlinkat(dirFd_, tmp.c_str(), 0);
    if (linked == 0) key_ = key;
    else if (!written || errno != EEXIST) {
      why = written ? std::strerror(errno) : "cannot write it";
      break;
    }  // EEXIST: another scan made one first; read it
  }
  if (key_.empty())
    llvm::errs() << "attest: warning: cache key '" << directory_ << "/key' cannot be used (" << why
                 << "); the result cache is off\n";
}

std::string ResultCache::tag(const EntryName &name, const std::string &bytes) const {
  std::string message = std::string("attest-cache\0", 13) + name.subdir + "/" + name.file + '\0';
  message += bytes;
  return secretDigest(message, key_);  // HMAC-SHA-256 in hex
}

std::optional<std::string> ResultCache::readEntry(const EntryName &name) const {
  if (!usable()) return std::nullopt;
  int sub = ::openat(dirFd_, name.subdir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) return std::nullopt;
  int fd = ::openat(sub, name.file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  ::close(sub);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> bytes = readAll(fd);
  if (!bytes || bytes->size() < kTagSize) return std::nullopt;
  std::string stored = bytes->substr(bytes->size() - kTagSize);
  bytes->resize(bytes->size() - kTagSize);
  if (!sameBytes(stored, tag(name, *bytes))) return std::nullopt;  // edited, moved or forged
  return bytes;
}

// Best effort: a cache that cannot be written is only slower.
void ResultCache::writeEntry(const EntryName &name, const std::string &bytes) const {
  if (!usable()) return;
  ::mkdirat(dirFd_, name.subdir.c_str(), 0700);
  int sub = ::openat(dirFd_, name.subdir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (sub < 0) return;
  std::string tmp = temporaryName(name.file);
  int fd = tmp.empty() ? -1 : ::openat(sub, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    bool written = writeAllToFd(fd, bytes + tag(name, bytes));
    ::close(fd);
    // rename replaces whatever has the entry's name, a link included, and never follows it
    if (!written || ::renameat(sub, tmp.c_str(), sub, name.file.c_str()) != 0) ::unlinkat(sub, tmp.c_str(), 0);
  }
  ::close(sub);
}

std::string ResultCache::defaultDirectory() {
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/attest";
  if (const char *home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/attest";
  return {};
}

ResultCache::EntryName ResultCache::entryName(const TranslationUnit &tu) const {
  std::string key = salt_ + '\0' + tu.directory + '\0' + tu.file;
  for (const std::string &arg : tu.arguments) key += '\0' + arg;
  std::string hash = sha256Hex(key);
  return {hash.substr(0, 2), hash + ".msgpack"};
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

bool ResultCache::stillAbsent(const std::string &path) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = absent_.find(path); it != absent_.end()) return it->second;
  }
  struct stat st;
  bool absent = ::lstat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
  std::lock_guard<std::mutex> lock(mutex_);
  absent_[path] = absent;
  return absent;
}

std::optional<CachedTu> ResultCache::lookup(const TranslationUnit &tu) {
  EntryName name = entryName(tu);
  std::optional<std::string> bytes = readEntry(name);
  if (!bytes) return std::nullopt;
  json entry = json::from_msgpack(bytes->begin(), bytes->end(), /*strict=*/true, /*allow_exceptions=*/false);
  try {
    if (entry.is_discarded() || entry.at("format") != kFormat) return std::nullopt;
    CachedTu cached;
    std::string state = directory_ + "/" + name.subdir + "/" + name.file;
    for (const json &include : entry.at("includes")) {
      std::string path = include.at("path");
      std::optional<std::string> now = fileHash(path);
      if (!now || *now != include.at("sha256").get<std::string>()) return std::nullopt;
      cached.includes.push_back(path);
      state += '\0' + path + '\0' + *now;
    }
    // A path that Clang once looked for in vain and that exists now (a header earlier on
    // the include path, a __has_include that now succeeds) may change everything.
    for (const json &path : entry.at("absent")) {
      if (!stillAbsent(path.get<std::string>())) return std::nullopt;
      state += std::string("\0absent\0", 8) + path.get<std::string>();
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
    if (entry.contains("secretFingerprints"))
      for (const json &f : entry.at("secretFingerprints")) cached.secretFingerprints.push_back(f.get<std::string>());
    return cached;
  } catch (const json::exception &) {
    return std::nullopt;  // a corrupt entry is a miss
  }
}

std::string ResultCache::store(const TranslationUnit &tu, const CachedTu &cached) {
  EntryName name = entryName(tu);
  std::string state = directory_ + "/" + name.subdir + "/" + name.file;
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
  for (const std::string &path : cached.absent) state += std::string("\0absent\0", 8) + path;  // as lookup()
  json entry = {{"format", kFormat}, {"file", tu.file}, {"includes", includes}, {"absent", cached.absent}, {"findings", findings},
                {"notifications", notifications}, {"parseFailed", cached.parseFailed}};
  if (!cached.summary.empty()) entry["summary"] = json::binary(json::to_msgpack(summaryToJson(cached.summary)));
  if (!cached.assets.empty()) {
    json assets = json::array();
    for (const CryptoAsset &a : cached.assets) assets.push_back(cryptoAssetToJson(a));
    entry["cryptoAssets"] = assets;
  }
  if (!cached.secretFingerprints.empty()) entry["secretFingerprints"] = cached.secretFingerprints;
  std::vector<std::uint8_t> bytes = json::to_msgpack(entry);
  writeEntry(name, std::string(bytes.begin(), bytes.end()));
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
  std::optional<std::string> bytes = readEntry({"link", key + ".msgpack"});
  if (!bytes) return std::nullopt;
  json entry = json::from_msgpack(bytes->begin(), bytes->end(), /*strict=*/true, /*allow_exceptions=*/false);
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
  std::vector<std::uint8_t> bytes = json::to_msgpack(entry);
  writeEntry({"link", key + ".msgpack"}, std::string(bytes.begin(), bytes.end()));
}

}  // namespace attest
