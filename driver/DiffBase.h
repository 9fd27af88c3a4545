// --diff-base REF: what changed since a git revision (committed, staged, unstaged
// and untracked), to scan only the TUs it touches and gate only on changed lines.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace attest {

struct ChangeSet {
  // Absolute path -> changed line ranges [first, last] of the new version; an empty
  // list means the whole file is new.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> files;
  bool touches(const std::string &file) const { return files.count(file) > 0; }
  bool changedLine(const std::string &file, unsigned line) const;
};

// Runs git (never the repository's hooks, external diff drivers or textconv filters).
std::optional<ChangeSet> changedSince(const std::string &ref, const std::string &repoTop, std::string &error);

// Parses `git diff --unified=0` output (exposed for tests).
void parseUnifiedZeroDiff(const std::string &diff, const std::string &repoTop, ChangeSet &out);

}  // namespace attest
