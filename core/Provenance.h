// Version-control facts for SARIF and reports, read from the .git directory
// directly: running `git` could execute the scanned repository's hooks/config.
#pragma once
#include <optional>
#include <string>

namespace attest {
struct GitInfo {
  std::string topLevel;       // absolute work-tree root
  std::string commit;         // 40 hex digits, empty when unborn
  std::string branch;         // empty when detached
  std::string repositoryUri;  // origin URL with any credentials removed, or file:// of topLevel
};
std::optional<GitInfo> findGitInfo(const std::string &startDir);
// Removes "user:password@", the query and the fragment from a URL (a remote may carry a token).
std::string stripUrlCredentials(const std::string &url);
// An absolute URI for a git remote (URL, local path or scp-like), or empty.
std::string remoteToUri(const std::string &remote);
}  // namespace attest
