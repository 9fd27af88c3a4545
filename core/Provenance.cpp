#include "core/Provenance.h"
#include "core/SourceText.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace attest {

static std::optional<std::string> readTrimmed(const llvm::Twine &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) return std::nullopt;
  return (*buffer)->getBuffer().trim().str();
}

static bool isHex40(llvm::StringRef s) {
  return s.size() == 40 && s.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

// The userinfo ("user:token@") of the authority, and the whole query and fragment: a
// remote may carry a token in either (`https://oauth2:glpat-…@host/x.git`,
// `https://host/x.git?private_token=…`), and a repository URI needs neither.
std::string stripUrlCredentials(const std::string &url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t hostStart = scheme + 3;
  std::string out = url.substr(0, url.find_first_of("?#", hostStart));
  size_t authorityEnd = std::min(out.find_first_of("/\\", hostStart), out.size());
  size_t at = out.rfind('@', authorityEnd == 0 ? 0 : authorityEnd - 1);
  if (at != std::string::npos && at >= hostStart) out.erase(hostStart, at + 1 - hostStart);
  return out;
}

// SARIF wants an absolute URI: a remote may be a local path or scp-like (git@host:o/r.git).
std::string remoteToUri(const std::string &remote) {
  if (remote.find("://") != std::string::npos) return stripUrlCredentials(remote);
  if (!remote.empty() && remote[0] == '/') return fileUri(remote);
  size_t colon = remote.find(':');
  if (colon != std::string::npos && colon > 0 && remote.find('/') > colon) {
    std::string host = remote.substr(0, colon);
    if (size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    std::string path = remote.substr(colon + 1);
    return "ssh://" + host + (path.rfind('/', 0) == 0 ? "" : "/") + path;
  }
  return {};
}

static std::string resolveRef(const std::string &gitDir, const std::string &commonDir,
                              const std::string &ref) {
  for (const std::string &dir : {gitDir, commonDir})
    if (auto value = readTrimmed(dir + "/" + ref); value && isHex40(*value)) return *value;
  if (auto buffer = llvm::MemoryBuffer::getFile(commonDir + "/packed-refs", true)) {
    llvm::SmallVector<llvm::StringRef> lines;
    (*buffer)->getBuffer().split(lines, '\n');
    for (llvm::StringRef line : lines) {
      auto [hash, name] = line.trim().split(' ');
      if (name == ref && isHex40(hash)) return hash.str();
    }
  }
  return {};
}

static std::string originUrl(const std::string &commonDir) {
  auto buffer = llvm::MemoryBuffer::getFile(commonDir + "/config", true);
  if (!buffer) return {};
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  bool inOrigin = false;
  for (llvm::StringRef raw : lines) {
    llvm::StringRef line = raw.trim();
    if (line.starts_with("[")) {
      inOrigin = line.starts_with("[remote \"origin\"]");
      continue;
    }
    if (inOrigin && line.starts_with_insensitive("url")) {
      auto [key, value] = line.split('=');
      if (key.trim().equals_insensitive("url")) return remoteToUri(value.trim().trim('"').str());
    }
  }
  return {};
}

std::optional<GitInfo> findGitInfo(const std::string &startDir) {
  llvm::SmallString<256> dir(startDir);
  llvm::sys::fs::make_absolute(dir);
  while (!dir.empty()) {
    llvm::SmallString<256> dotGit(dir);
    llvm::sys::path::append(dotGit, ".git");
    std::string gitDir;
    if (llvm::sys::fs::is_directory(dotGit)) {
      gitDir = std::string(dotGit);
    } else if (llvm::sys::fs::is_regular_file(dotGit)) {  // worktree or submodule
      auto text = readTrimmed(dotGit);
      if (text && llvm::StringRef(*text).starts_with("gitdir:")) {
        llvm::SmallString<256> target(llvm::StringRef(*text).drop_front(7).trim());
        if (llvm::sys::path::is_relative(target)) {
          llvm::SmallString<256> abs(dir);
          llvm::sys::path::append(abs, target);
          target = abs;
        }
        gitDir = std::string(target);
      }
    }
    if (!gitDir.empty()) {
      GitInfo info;
      info.topLevel = std::string(dir);
      std::string commonDir = gitDir;
      if (auto common = readTrimmed(gitDir + "/commondir")) {
        commonDir = llvm::sys::path::is_relative(*common) ? gitDir + "/" + *common : *common;
      }
      if (auto head = readTrimmed(gitDir + "/HEAD")) {
        llvm::StringRef h(*head);
        if (h.consume_front("ref: ")) {
          info.branch = h.starts_with("refs/heads/") ? h.drop_front(11).str() : h.str();
          info.commit = resolveRef(gitDir, commonDir, h.str());
        } else if (isHex40(h)) {
          info.commit = h.str();
        }
      }
      info.repositoryUri = originUrl(commonDir);
      if (info.repositoryUri.empty()) info.repositoryUri = fileUri(info.topLevel, /*directory=*/true);
      return info;
    }
    llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (parent == dir) break;
    dir = parent;
  }
  return std::nullopt;
}

}  // namespace attest
