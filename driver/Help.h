// Help texts of the subcommands, "did you mean" suggestions and the man page, all from
// the same usage texts so that --help, the man page and the completions cannot drift.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace attest {

// The usage text of a subcommand ("scan", "merge", ...), or nullopt for an unknown one.
// `mainUsage` is the top-level usage (Cli.cpp), which also documents `scan`.
std::optional<std::string> commandUsage(const std::string &command, const std::string &mainUsage);

// The subcommands, in the order the top-level usage lists them.
const std::vector<std::string> &commandNames();

// The long and short options a usage text lists ("--sarif", "-p", ...).
std::vector<std::string> usageOptions(const std::string &usage);

// The candidate closest to `word` (Levenshtein distance, at most a third of its length,
// at least 1), or "" when none is close: "scna" -> "scan", "--sarf" -> "--sarif".
std::string closestMatch(const std::string &word, const std::vector<std::string> &candidates);

// " (did you mean 'X'?)" or "".
std::string didYouMean(const std::string &word, const std::vector<std::string> &candidates);

// attest(1) in roff, from the usage texts: installed by `cmake --install`.
std::string manPage(const std::string &mainUsage, const std::string &version);

}  // namespace attest
