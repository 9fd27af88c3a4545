#include "reports/Baseline.h"

#include "reports/InputFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace attest {

namespace {
std::optional<std::vector<BaselineEntry>> readEntries(const nlohmann::json &sarif, const std::string &path,
                                                      std::string &error);
}  // namespace

std::optional<std::vector<BaselineEntry>> readBaseline(const std::string &path, std::string &error) {
  std::optional<std::string> text = readInputFile(path, kMaxSarifBytes, error);
  if (!text) {
    error = "cannot read baseline '" + path + "': " + error;
    return std::nullopt;
  }
  nlohmann::json sarif = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (sarif.is_discarded()) {
    error = "baseline '" + path + "' is not valid JSON";
    return std::nullopt;
  }
  // A member of the wrong type (a number where SARIF has a string) makes json::value()
  // throw: that is a malformed log, an input error, never an abort (found by fuzz_baseline).
  try {
    return readEntries(sarif, path, error);
  } catch (const nlohmann::json::exception &) {
    error = "baseline '" + path + "' is not a SARIF 2.1.0 log";
    return std::nullopt;
  }
}

namespace {
std::optional<std::vector<BaselineEntry>> readEntries(const nlohmann::json &sarif, const std::string &path,
                                                      std::string &error) {
  if (!sarif.is_object() || sarif.value("version", "") != "2.1.0" || !sarif.contains("runs") ||
      !sarif["runs"].is_array()) {
    error = "baseline '" + path + "' is not a SARIF 2.1.0 log";
    return std::nullopt;
  }
  std::vector<BaselineEntry> entries;
  for (const auto &run : sarif["runs"]) {
    if (!run.contains("results") || !run["results"].is_array()) continue;
    for (const auto &result : run["results"]) {
      if (!result.is_object()) continue;
      BaselineEntry e;
      if (result.contains("partialFingerprints") && result["partialFingerprints"].is_object()) {
        e.fingerprint = result["partialFingerprints"].value("attest/v1", "");
        e.contextHash = result["partialFingerprints"].value("attest/context/v1", "");
      }
      e.ruleId = result.value("ruleId", "");
      if (result.contains("message") && result["message"].is_object()) e.message = result["message"].value("text", "");
      if (result.value("baselineState", "") == "absent") continue;  // was already gone then
      try {
        const auto &phys = result.at("locations").at(0).at("physicalLocation");
        e.uri = phys.at("artifactLocation").value("uri", "");
        e.line = phys.at("region").value("startLine", 0u);
      } catch (const nlohmann::json::exception &) {
      }
      if (!e.fingerprint.empty() || !e.contextHash.empty()) entries.push_back(std::move(e));
    }
  }
  return entries;
}
}  // namespace

namespace {
std::string percentDecoded(llvm::StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned byte = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        !text.substr(i + 1, 2).getAsInteger(16, byte)) {
      out += static_cast<char>(byte);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The baseline entry's file, as this scan names files; empty when it cannot tell.
std::string entryPath(const BaselineEntry &e, const std::string &sourceRoot) {
  llvm::StringRef uri(e.uri);
  if (uri.consume_front("file://")) return percentDecoded(uri);
  if (uri.empty() || sourceRoot.empty() || uri.contains(':')) return {};
  return sourceRoot + "/" + percentDecoded(uri);
}
}  // namespace

std::vector<BaselineEntry> applyBaseline(std::vector<Finding> &findings, std::vector<BaselineEntry> &baseline,
                                         const std::string &sourceRoot) {
  std::multimap<std::string, BaselineEntry *> byPrint, byContext;
  for (BaselineEntry &e : baseline) {
    if (!e.fingerprint.empty()) byPrint.emplace(e.fingerprint, &e);
    if (!e.contextHash.empty()) byContext.emplace(e.ruleId + '\0' + e.contextHash, &e);
  }
  // Exact matches first, for every finding: a copy of a baselined line elsewhere must
  // never take the entry its original still matches.
  for (Finding &f : findings) {
    f.baselineState.clear();
    auto [begin, end] = byPrint.equal_range(f.fingerprint);
    for (auto it = begin; it != end; ++it)
      if (!it->second->matched) {
        it->second->matched = true;
        f.baselineState = "unchanged";
        break;
      }
  }
  // Then the path-independent key, for moved files only: an entry of the same file first,
  // else one whose file is gone. A finding at a new place while the baselined file is still
  // there is new.
  std::map<std::string, bool> exists;
  auto gone = [&](const std::string &path) {
    if (path.empty()) return true;  // cannot tell: the path-independent key decides, as before
    auto it = exists.find(path);
    if (it == exists.end()) it = exists.emplace(path, llvm::sys::fs::exists(path)).first;
    return !it->second;
  };
  for (Finding &f : findings) {
    if (!f.baselineState.empty()) continue;
    auto [begin, end] = byContext.equal_range(f.ruleId + '\0' + f.contextHash);
    BaselineEntry *samePath = nullptr, *moved = nullptr;
    for (auto it = begin; it != end; ++it) {
      BaselineEntry *e = it->second;
      if (e->matched) continue;
      std::string path = entryPath(*e, sourceRoot);
      if (!path.empty() && path == f.location.file) samePath = samePath ? samePath : e;
      else if (gone(path)) moved = moved ? moved : e;
    }
    if (BaselineEntry *e = samePath ? samePath : moved) {
      e->matched = true;
      f.baselineState = "updated";
    } else {
      f.baselineState = "new";
    }
  }
  std::vector<BaselineEntry> absent;
  for (BaselineEntry &e : baseline)
    if (!e.matched) absent.push_back(e);
  return absent;
}

}  // namespace attest
