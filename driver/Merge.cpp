#include "driver/Merge.h"
#include "core/InputFile.h"
#include "driver/Cli.h"
#include "driver/ReportCommand.h"
#include "driver/Scanner.h"
#include "reports/CiFormats.h"
#include "core/Fingerprint.h"
#include "core/SarifReader.h"
#include "reports/SarifWriter.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <type_traits>

using nlohmann::json;

namespace attest {
namespace {
using ResultKey = std::tuple<std::string, int, int, std::string, std::string>;
using sarif::member;

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

// run.properties.shard of one input (written by reports/SarifWriter for --shard K/N).
struct ShardRecord {
  bool present = false;
  unsigned index = 0, count = 0, planSize = 0;
  std::string planDigest;
  unsigned tus = 0;  // the TUs this shard planned (its own part of the plan)
};

ShardRecord shardOf(const json &run) {
  ShardRecord s;
  const json &shard = member(member(run, "properties"), "shard");
  if (!shard.is_object()) return s;
  s.index = sarif::uintOf(member(shard, "index"));
  s.count = sarif::uintOf(member(shard, "count"));
  s.planSize = sarif::uintOf(member(shard, "planSize"));
  s.planDigest = sarif::str(shard, "planDigest");
  s.present = s.index >= 1 && s.count >= 1 && s.index <= s.count;
  for (const json &inv : arrayOf(run, "invocations")) {
    const json &props = member(inv, "properties");
    unsigned planned = sarif::uintOf(member(props, "tusPlanned")), skipped = sarif::uintOf(member(props, "tusSkipped"));
    s.tus += planned > skipped ? planned - skipped : 0;
  }
  return s;
}

std::string shardName(unsigned k, unsigned n) { return std::to_string(k) + "/" + std::to_string(n); }

// The shards checked against the first input's plan; a problem per notification.
struct ShardCheck {
  std::vector<json> notifications;
  json record;  // run.properties.shard of the merged log; null when no input was a shard
  unsigned missingTus = 0;
};

ShardCheck checkShards(const std::vector<json> &logs, const std::vector<std::string> &names) {
  ShardCheck check;
  std::vector<ShardRecord> shards;
  for (const json &log : logs) shards.push_back(shardOf(log["runs"][0]));
  auto reference = std::find_if(shards.begin(), shards.end(), [](const ShardRecord &s) { return s.present; });
  if (reference == shards.end()) return check;  // services, not shards: nothing to check
  auto note = [&](const std::string &id, const std::string &text) {
    check.notifications.push_back({{"level", "error"}, {"message", {{"text", text}}}, {"descriptor", {{"id", id}}}});
  };
  auto nameOf = [&](size_t i) { return i < names.size() ? "'" + names[i] + "'" : "input " + std::to_string(i + 1); };
  const ShardRecord ref = *reference;
  std::map<unsigned, size_t> seen;  // shard index -> first input
  unsigned coveredTus = 0;
  for (size_t i = 0; i < shards.size(); ++i) {
    const ShardRecord &s = shards[i];
    if (!s.present) {
      note("shard-unrecorded", nameOf(i) + " records no shard (--shard K/N): it cannot be checked against the plan of "
                               "the other shards");
    } else if (s.count != ref.count || s.planSize != ref.planSize || s.planDigest != ref.planDigest) {
      note("shard-plan-mismatch", nameOf(i) + " is shard " + shardName(s.index, s.count) + " of another plan (" +
                                      std::to_string(s.planSize) + " TUs, digest " + s.planDigest.substr(0, 12) +
                                      ") than shard " + shardName(ref.index, ref.count) + " (" +
                                      std::to_string(ref.planSize) + " TUs, digest " + ref.planDigest.substr(0, 12) + ")");
    } else if (auto [it, fresh] = seen.emplace(s.index, i); !fresh) {
      note("shard-duplicate", nameOf(i) + " is shard " + shardName(s.index, s.count) + " again (also " +
                                  nameOf(it->second) + ")");
    } else {
      coveredTus += s.tus;
    }
  }
  json merged = json::array();
  for (unsigned k = 1; k <= ref.count; ++k) {
    if (seen.count(k)) merged.push_back(k);
    else note("shard-missing", "shard " + shardName(k, ref.count) + " is missing: its translation units were not analysed");
  }
  check.missingTus = ref.planSize > coveredTus ? ref.planSize - coveredTus : 0;
  check.record = {{"count", ref.count},     {"planSize", ref.planSize}, {"planDigest", ref.planDigest},
                  {"merged", merged},       {"complete", check.notifications.empty()}};
  return check;
}
}  // namespace

std::string shardPlanDigest(const std::vector<TranslationUnit> &units, const std::string &root) {
  std::vector<std::string> paths;
  for (const TranslationUnit &tu : units) {
    std::string rel = relativeTo(tu.file, root);
    paths.push_back(rel.empty() ? tu.file : rel);
  }
  std::sort(paths.begin(), paths.end());
  std::string text;
  for (const std::string &p : paths) text += p + "\n";
  return sha256Hex(text);
}

bool mergeIsIncomplete(const json &merged) {
  const json &shard = member(member(member(first(member(merged, "runs")), "properties"), "shard"), "complete");
  return shard.is_boolean() && !shard.get<bool>();
}

std::optional<json> mergeSarif(const std::vector<json> &logs, std::string &error, const std::vector<std::string> &names) {
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
  ShardCheck shards = checkShards(logs, names);
  if (!shards.notifications.empty()) {
    // The merge's own invocation: it says the result is short, and by how many TUs (planned,
    // never analysed: skipped, so every reader of the counters sees an incomplete scan).
    invocations.push_back({{"executionSuccessful", false},
                           {"toolExecutionNotifications", shards.notifications},
                           {"properties", {{"attestMerge", true}, {"tusPlanned", shards.missingTus}, {"tusSkipped", shards.missingTus}}}});
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
  if (!shards.record.is_null()) {
    if (!member(run, "properties").is_object()) run["properties"] = json::object();  // an input's could be anything
    run["properties"]["shard"] = shards.record;
  }
  return merged;
}

const char *const kMergeUsage = R"(usage: attest merge A.sarif B.sarif ... [-o ALL.sarif] [outputs]

Combines the SARIF logs of the shards of one scan (attest scan --shard K/N) or of
several services into one run. Shards are checked against each other: a missing,
duplicated or foreign shard makes the result incomplete (SARIF executionSuccessful
false, a notification each, the report says so) and the exit status 3.

options:
  -o, --output FILE       the merged SARIF
  --junit FILE            JUnit XML, as attest scan --junit writes it
  --gitlab-sast FILE      GitLab SAST report, as attest scan --gitlab-sast writes it
  --report FILE           compliance report (.html, .md, .json, .csv)
  --allow-incomplete      exit 0 for an incomplete merge (it is still marked incomplete)
  -h, --help              this help

exit status: 0 merged, 2 usage error or invalid input, 3 incomplete
)";

namespace {

int mergeUsageError(const std::string &message) {
  llvm::errs() << "attest: error: merge: " << message << "\nRun 'attest merge --help' for usage.\n";
  return kExitUsage;
}

// The rules JUnit lists a test case for: the merged run's, in catalog order, meta rules
// only where they reported something (as attest scan --junit does).
std::vector<std::string> junitRules(const json &merged, const Catalog &catalog) {
  std::set<std::string> present;
  for (const json &rule : arrayOf(member(member(first(member(merged, "runs")), "tool"), "driver"), "rules"))
    present.insert(sarif::str(rule, "id"));
  std::vector<std::string> ids;
  for (const Rule &rule : catalog.rules)
    if (present.count(rule.id) && !rule.isMeta()) ids.push_back(rule.id);
  for (const std::string &id : present)
    if (!catalog.find(id) && !id.empty()) ids.push_back(id);
  return ids;
}
}  // namespace

int runMergeCommand(int argc, const char **argv) {
  std::vector<std::string> inputs;
  std::string output, junit, gitlab, report;
  bool allowIncomplete = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string &out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return !out.empty();
    };
    if (arg == "-h" || arg == "--help") {
      llvm::outs() << kMergeUsage;
      return kExitClean;
    } else if (arg == "-o" || arg == "--output") {
      if (!value(output)) return mergeUsageError(arg + " needs a file name");
    } else if (arg == "--junit") {
      if (!value(junit)) return mergeUsageError("--junit needs a file name");
    } else if (arg == "--gitlab-sast") {
      if (!value(gitlab)) return mergeUsageError("--gitlab-sast needs a file name");
    } else if (arg == "--report") {
      if (!value(report)) return mergeUsageError("--report needs a file name");
    } else if (arg == "--allow-incomplete") {
      allowIncomplete = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return mergeUsageError("unknown option '" + arg + "'");
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty() || (output.empty() && junit.empty() && gitlab.empty() && report.empty()))
    return mergeUsageError("usage: attest merge A.sarif B.sarif ... -o ALL.sarif [--junit F] [--gitlab-sast F] [--report F]");
  std::vector<json> logs;
  for (const std::string &path : inputs) {
    std::string readError;
    std::optional<std::string> text = readInputFile(path, kMaxSarifBytes, readError);
    if (!text) {
      llvm::errs() << "attest: error: cannot read '" << path << "': " << readError << "\n";
      return kExitUsage;
    }
    json log = json::parse(*text, nullptr, false);
    if (log.is_discarded()) {
      llvm::errs() << "attest: error: '" << path << "' is not valid JSON\n";
      return kExitUsage;
    }
    logs.push_back(std::move(log));
  }
  std::string error;
  std::optional<json> merged;
  try {  // a member of the wrong type deep in an input is an input error, never an abort
    merged = mergeSarif(logs, error, inputs);
  } catch (const json::exception &e) {
    error = std::string("malformed SARIF: ") + e.what();
  }
  if (!merged) {
    llvm::errs() << "attest: error: merge: " << error << "\n";
    return kExitUsage;
  }
  // Every output is rendered before any is written, so a bad report path leaves none half-done.
  std::vector<std::pair<std::string, std::string>> outputs;
  if (!output.empty()) outputs.push_back({output, sarifText(*merged)});
  if (!junit.empty() || !gitlab.empty()) {
    ScanResult scan = scanResultFromSarif(*merged);
    if (!junit.empty()) outputs.push_back({junit, formatJunit(scan, builtinCatalog(), junitRules(*merged, builtinCatalog()))});
    if (!gitlab.empty()) outputs.push_back({gitlab, formatGitlabSast(scan, builtinCatalog())});
  }
  if (!report.empty()) {
    std::string content;
    if (!renderReportFile(*merged, output.empty() ? "(merged)" : output, report, content, error))
      return mergeUsageError(error);
    outputs.push_back({report, content});
  }
  for (const auto &[path, content] : outputs)
    if (!writeFileAtomically(content, path, error)) {
      llvm::errs() << "attest: error: " << error << "\n";
      return kExitUsage;
    }
  bool incomplete = mergeIsIncomplete(*merged);
  for (const json &inv : (*merged)["runs"][0]["invocations"])
    for (const json &n : arrayOf(inv, "toolExecutionNotifications"))
      if (sarif::str(member(n, "descriptor"), "id").rfind("shard-", 0) == 0)
        llvm::errs() << "attest: error: merge: " << sarif::messageText(member(n, "message")) << "\n";
  llvm::errs() << "attest: merged " << inputs.size() << " SARIF file(s), " << (*merged)["runs"][0]["results"].size()
               << " result(s)" << (output.empty() ? std::string() : ", into " + output)
               << (incomplete ? "; the result is INCOMPLETE" : "") << "\n";
  return incomplete && !allowIncomplete ? kExitIncomplete : kExitClean;
}

}  // namespace attest
