#include "reports/Baseline.h"

#include "reports/InputFile.h"

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

std::vector<BaselineEntry> applyBaseline(std::vector<Finding> &findings, std::vector<BaselineEntry> &baseline) {
  std::multimap<std::string, BaselineEntry *> byPrint, byContext;
  for (BaselineEntry &e : baseline) {
    if (!e.fingerprint.empty()) byPrint.emplace(e.fingerprint, &e);
    if (!e.contextHash.empty()) byContext.emplace(e.ruleId + '\0' + e.contextHash, &e);
  }
  auto take = [](std::multimap<std::string, BaselineEntry *> &map, const std::string &key) -> BaselineEntry * {
    auto [begin, end] = map.equal_range(key);
    for (auto it = begin; it != end; ++it)
      if (!it->second->matched) return it->second;
    return nullptr;
  };
  for (Finding &f : findings) {
    if (BaselineEntry *e = take(byPrint, f.fingerprint)) {
      e->matched = true;
      f.baselineState = "unchanged";
    } else if (BaselineEntry *moved = take(byContext, f.ruleId + '\0' + f.contextHash)) {
      moved->matched = true;
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
