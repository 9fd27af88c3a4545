// attest merge: combines SARIF logs of shards (or services) into one run.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace attest {
struct TranslationUnit;

// What a shard records of the whole plan (run.properties.shard in its SARIF): the TU
// count and this digest, the SHA-256 of the sorted TU paths relative to `root` (absolute
// outside it), one per line. Shards of one plan agree on both.
std::string shardPlanDigest(const std::vector<TranslationUnit> &units, const std::string &root);

// Rules and artifacts are united, results de-duplicated (a header's finding seen by
// several shards) and sorted, every invocation kept. Shards are checked against each
// other (issue 15 §8): one that is missing, given twice, or from another plan (count,
// plan size or digest differ), or an input without a shard record among shards, makes
// the result incomplete: an invocation with executionSuccessful false and one
// notification per problem (shard-missing, shard-duplicate, shard-plan-mismatch,
// shard-unrecorded), and run.properties.shard.complete false. nullopt with `error` when an
// input is not an attest SARIF 2.1.0 log.
std::optional<nlohmann::json> mergeSarif(const std::vector<nlohmann::json> &logs, std::string &error,
                                         const std::vector<std::string> &names = {});
// True when the merged log says a shard was missing, duplicated or from another plan.
bool mergeIsIncomplete(const nlohmann::json &merged);
// The merge command's usage text (attest merge --help, attest help merge, the man page).
extern const char *const kMergeUsage;
int runMergeCommand(int argc, const char **argv);
}  // namespace attest
