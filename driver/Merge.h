// attest merge: combines SARIF logs of shards (or services) into one run.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace attest {
// Rules and artifacts are united, results de-duplicated (a header's finding seen by
// several shards) and sorted, every invocation kept. nullopt with `error` when an
// input is not an attest SARIF 2.1.0 log.
std::optional<nlohmann::json> mergeSarif(const std::vector<nlohmann::json> &logs, std::string &error);
int runMergeCommand(int argc, const char **argv);
}  // namespace attest
