#include "driver/Merge.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>

using nlohmann::json;

namespace attest {
namespace {
using ResultKey = std::tuple<std::string, int, int, std::string, std::string>;

ResultKey keyOf(const json &result) {
  const json &phys = result["locations"][0]["physicalLocation"];
  return {phys["artifactLocation"].value("uri", ""), phys["region"].value("startLine", 0),
          phys["region"].value("startColumn", 0), result.value("ruleId", ""), result["message"].value("text", "")};
}
}  // namespace

std::optional<json> mergeSarif(const std::vector<json> &logs, std::string &error) {
  if (logs.empty()) {
    error = "nothing to merge";
    return std::nullopt;
  }
  for (const json &log : logs) {
    bool ok = log.is_object() && log.value("version", "") == "2.1.0" && log.contains("runs") &&
              log["runs"].is_array() && log["runs"].size() == 1 &&
              log["runs"][0]["tool"]["driver"].value("name", "") == "attest";
    if (!ok) {
      error = "every input must be a SARIF 2.1.0 log with one attest run";
      return std::nullopt;
    }
  }
  json merged = logs.front();
  json &run = merged["runs"][0];
  std::map<std::string, json> rules;
  std::map<std::string, json> artifacts;
  std::map<ResultKey, json> results;
  json invocations = json::array();
  for (const json &log : logs) {
    const json &r = log["runs"][0];
    for (const json &rule : r["tool"]["driver"].value("rules", json::array())) rules.emplace(rule["id"], rule);
    for (const json &a : r.value("artifacts", json::array())) artifacts.emplace(a["location"].dump(), a);
    for (const json &res : r.value("results", json::array())) results.emplace(keyOf(res), res);
    for (const json &inv : r.value("invocations", json::array())) invocations.push_back(inv);
    if (r.value("originalUriBaseIds", json::object()) != run.value("originalUriBaseIds", json::object())) {
      error = "inputs were scanned from different source roots (originalUriBaseIds differ)";
      return std::nullopt;
    }
  }
  json ruleArray = json::array();
  std::map<std::string, size_t> ruleIndex;
  for (auto &[id, rule] : rules) {
    ruleIndex[id] = ruleArray.size();
    ruleArray.push_back(rule);
  }
  json resultArray = json::array();
  for (auto &[key, res] : results) {
    json copy = res;
    if (auto it = ruleIndex.find(copy.value("ruleId", "")); it != ruleIndex.end()) copy["ruleIndex"] = it->second;
    resultArray.push_back(copy);
  }
  json artifactArray = json::array();
  for (auto &[key, a] : artifacts) artifactArray.push_back(a);
  run["tool"]["driver"]["rules"] = ruleArray;
  run["results"] = resultArray;
  run["invocations"] = invocations;
  if (!artifactArray.empty()) run["artifacts"] = artifactArray;
  return merged;
}

int runMergeCommand(int argc, const char **argv) {
  std::vector<std::string> inputs;
  std::string output;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "-o" || arg == "--output") && i + 1 < argc) output = argv[++i];
    else if (!arg.empty() && arg[0] == '-') {
      llvm::errs() << "attest: error: merge: unknown option '" << arg << "'\n";
      return 2;
    } else inputs.push_back(arg);
  }
  if (inputs.empty() || output.empty()) {
    llvm::errs() << "attest: error: usage: attest merge A.sarif B.sarif ... -o ALL.sarif\n";
    return 2;
  }
  std::vector<json> logs;
  for (const std::string &path : inputs) {
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buffer) {
      llvm::errs() << "attest: error: cannot read '" << path << "': " << buffer.getError().message() << "\n";
      return 2;
    }
    json log = json::parse((*buffer)->getBuffer().str(), nullptr, false);
    if (log.is_discarded()) {
      llvm::errs() << "attest: error: '" << path << "' is not valid JSON\n";
      return 2;
    }
    logs.push_back(std::move(log));
  }
  std::string error;
  std::optional<json> merged = mergeSarif(logs, error);
  if (!merged) {
    llvm::errs() << "attest: error: merge: " << error << "\n";
    return 2;
  }
  if (!writeJsonAtomically(*merged, output, error)) {
    llvm::errs() << "attest: error: " << error << "\n";
    return 2;
  }
  llvm::errs() << "attest: merged " << inputs.size() << " SARIF file(s), " << (*merged)["runs"][0]["results"].size()
               << " result(s), into " << output << "\n";
  return 0;
}

}  // namespace attest
