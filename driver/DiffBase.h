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
  // Real path -> changed line ranges [first, last] of the new version. A file listed with
  // no range (a pure rename, a mode change) is touched, but none of its lines changed.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> files;
  std::set<std::string> newFiles;     // added or untracked: every line is changed
  std::set<std::string> changedDirs;  // submodules whose commit changed: everything under them
  std::set<std::string> renamedFiles;  // renamed (also in `files`): only the lines edited changed
  std::string baseCommit;              // the revision, resolved to a commit id
  std::string repoTop;                 // real path of the work tree
  // Paths are compared by real path: `.`, `./src`, `//`, symlinks all name the same file.
  bool touches(const std::string &file) const;
  bool changedLine(const std::string &file, unsigned line) const;

private:
  const std::string &canonical(const std::string &file) const;
  mutable std::map<std::string, std::string> canonical_;  // every TU asks for its headers
};

// The absolute, normalised form of `path` (made absolute against the current directory,
// `.`/`..` removed, symlinks resolved when the file exists).
std::string canonicalPath(const std::string &path);

// Resolves `ref` to a commit first (`rev-parse --verify --end-of-options REF^{commit}`), so
// a "revision" such as `--output=FILE` is never an option to git; runs git without the
// repository's external diff drivers, textconv filters or fsmonitor.
std::optional<ChangeSet> changedSince(const std::string &ref, const std::string &repoTop, std::string &error);

// The bytes of `path` (absolute, inside the work tree) at `commit`; nullopt when the file
// did not exist there (or git fails: `error` says so).
std::optional<std::string> fileAtCommit(const ChangeSet &changes, const std::string &path, std::string &error);

// Parses `git diff --unified=0` output (exposed for tests): file names as git writes them
// in `+++` lines, C-quoted ("b/na\303\257ve.c") or followed by a TAB (names with a space).
void parseUnifiedZeroDiff(const std::string &diff, const std::string &repoTop, ChangeSet &out);

// Parses `git diff --raw -z` output (exposed for tests): which files changed and how.
void parseRawZ(const std::string &raw, const std::string &repoTop, ChangeSet &out);

}  // namespace attest
