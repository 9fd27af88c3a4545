#include "driver/Merge.h"
#include "reports/InputFile.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>
#include <type_traits>

using nlohmann::json;

namespace attest {
namespace {
using ResultKey = std::tuple<std::string, int, int, std::string, std::string>;

// Member `key` of `object`, or null when `object` is not an object or lacks it: const
// json::operator[] is undefined for a missing key, and inputs are untrusted files.
const json &member(const json &object, const char *key) {
  static const json null;
  if (!object.is_object()) return null;
  auto it = object.find(key);
  return it == object.end() ? null : *it;
}

const json &first(const json &array) {
  static const json null;
  return array.is_array() && !array.empty() ? array.front() : null;
}

template <class T> T valueOf(const json &object, const char *key, T fallback) {
  const json &v = member(object, key);
  if constexpr (std::is_same_v<T, std::string>) return v.is_string() ? v.get<std::string>() : fallback;
  else return v.is_number_integer() ? v.get<T>() : fallback;
}

ResultKey keyOf(const json &result) {
  const json &phys = member(first(member(result, "locations")), "physicalLocation");
  const json &region = member(phys, "region");
  return {valueOf<std::string>(member(phys, "artifactLocation"), "uri", ""), valueOf(region, "startLine", 0),
          valueOf(region, "startColumn", 0), valueOf<std::string>(result, "ruleId", ""),
          valueOf<std::string>(member(result, "message"), "text", "")};
}

json arrayOf(const json &object, const char *key) {
  const json &v = member(object, key);
  return v.is_array() ? v : json::array();
}
}  // namespace

std::optional<json> mergeSarif(const std::vector<json> &logs, std::string &error) {
  if (logs.empty()) {
    error = "nothing to merge";
    return std::nullopt;
  }
  for (const json &log : logs) {
    const json &runs = member(log, "runs");
    bool ok = valueOf<std::string>(log, "version", "") == "2.1.0" && runs.is_array() && runs.size() == 1 &&
              runs[0].is_object() &&
              valueOf<std::string>(member(member(runs[0], "tool"), "driver"), "name", "") == "attest";
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
    for (const json &rule : arrayOf(member(member(r, "tool"), "driver"), "rules")) {
      if (!member(rule, "id").is_string()) {
        error = "a rule without an id";
        return std::nullopt;
      }
      rules.emplace(rule["id"].get<std::string>(), rule);
    }
    for (const json &a : arrayOf(r, "artifacts")) artifacts.emplace(member(a, "location").dump(), a);
    for (const json &res : arrayOf(r, "results")) {
      if (!res.is_object()) {
        error = "a result that is not an object";
        return std::nullopt;
      }
      results.emplace(keyOf(res), res);
    }
    for (const json &inv : arrayOf(r, "invocations")) invocations.push_back(inv);
    if (member(r, "originalUriBaseIds") != member(run, "originalUriBaseIds")) {
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
    if (auto it = ruleIndex.find(valueOf<std::string>(copy, "ruleId", "")); it != ruleIndex.end())
      copy["ruleIndex"] = it->second;
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
    std::string readError;
    std::optional<std::string> text = readInputFile(path, kMaxSarifBytes, readError);
    if (!text) {
      llvm::errs() << "attest: error: cannot read '" << path << "': " << readError << "\n";
      return 2;
    }
    json log = json::parse(*text, nullptr, false);
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
