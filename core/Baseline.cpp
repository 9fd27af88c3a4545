#include "core/Baseline.h"

#include "core/InputFile.h"
#include "core/SarifReader.h"
#include "llvm/Support/FileSystem.h"

#include <map>

namespace attest {

namespace {
// The members a baseline is matched by, when present, have SARIF's types: a baseline
// that says otherwise is malformed, an input error rather than a log that matches less.
bool wellTyped(const nlohmann::json &runs) {
  auto stringOrAbsent = [](const nlohmann::json &object, const char *key) {
    return !object.contains(key) || object[key].is_string();
  };
  for (const nlohmann::json &run : runs) {
    if (!run.is_object()) return false;
    if (!run.contains("results")) continue;
    if (!run["results"].is_array()) return false;
    for (const nlohmann::json &result : run["results"]) {
      if (!result.is_object() || !stringOrAbsent(result, "ruleId") || !stringOrAbsent(result, "baselineState"))
        return false;
      if (result.contains("partialFingerprints")) {
        const nlohmann::json &prints = result["partialFingerprints"];
        if (!prints.is_object()) return false;
        for (const auto &value : prints) if (!value.is_string()) return false;
      }
      if (result.contains("locations") && !result["locations"].is_array()) return false;
    }
  }
  return true;
}

// The baseline's results, read by the same reader as `attest merge` and `attest report`
// (core/SarifReader), one run at a time so that each result's path is taken relative
// to its own run's %SRCROOT%: a baseline made in another checkout matches this one.
std::vector<BaselineEntry> entriesOf(nlohmann::json &log) {
  std::vector<BaselineEntry> entries;
  for (nlohmann::json &run : log["runs"]) {
    nlohmann::json single = {{"runs", nlohmann::json::array({std::move(run)})}};
    ScanResult scan = scanResultFromSarif(single);  // leaves out results already absent then
    for (Finding &f : scan.findings) {
      if (f.fingerprint.empty() && f.contextHash.empty()) continue;
      std::string relative = relativeTo(f.location.file, scan.sourceRoot);
      entries.push_back({std::move(f.fingerprint), std::move(f.contextHash), std::move(f.ruleId),
                         std::move(f.message), relative.empty() ? std::move(f.location.file) : relative,
                         f.location.startLine});
    }
  }
  return entries;
}
}  // namespace

std::optional<std::vector<BaselineEntry>> readBaseline(const std::string &path, std::string &error) {
  std::optional<std::string> text = readInputFile(path, kMaxSarifBytes, error);
  if (!text) {
    error = "cannot read baseline '" + path + "': " + error;
    return std::nullopt;
  }
  nlohmann::json log = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (log.is_discarded()) {
    error = "baseline '" + path + "' is not valid JSON";
    return std::nullopt;
  }
  if (sarif::str(log, "version") != "2.1.0" || !sarif::member(log, "runs").is_array() || !wellTyped(log["runs"])) {
    error = "baseline '" + path + "' is not a SARIF 2.1.0 log";
    return std::nullopt;
  }
  return entriesOf(log);
}

namespace {
// The baseline entry's file, as this scan names files; empty when it cannot tell.
std::string entryPath(const BaselineEntry &e, const std::string &sourceRoot) {
  if (!e.path.empty() && e.path[0] == '/') return e.path;
  if (e.path.empty() || sourceRoot.empty()) return {};
  return sourceRoot + "/" + e.path;
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
