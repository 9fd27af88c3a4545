#include "driver/TextFileScan.h"
#include "checks/secrets/ConfigFileSecrets.h"
#include "checks/secrets/SecretPatterns.h"
#include "core/Redaction.h"
#include "core/SourceComments.h"
#include "core/SourceText.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace attest {
namespace {
constexpr uint64_t kMaxFileSize = 1 << 20;  // larger files are data, not configuration
constexpr unsigned kMaxFiles = 20000;

// The formats whose comments core/SourceComments knows, so a suppression in any file
// read here is parsed with that file's comment syntax.
bool isConfigFile(llvm::StringRef path) { return configSyntax(path).has_value(); }

bool skipDirectory(llvm::StringRef dir) {
  llvm::StringRef name = llvm::sys::path::filename(dir);
  // .pc: quilt's copies of files as they were before its patches (Debian source trees),
  // not what ships.
  if (name == ".git" || name == ".svn" || name == ".hg" || name == "node_modules" || name == "CMakeFiles" ||
      name == ".cache" || name == "__pycache__" || name == ".pc")
    return true;
  // A build tree (its CMakeCache.txt) holds generated files, not the service's configuration.
  return llvm::sys::fs::exists(dir + "/CMakeCache.txt");
}

std::string normalised(const std::string &path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

bool isUnder(const std::string &file, const std::string &dir) {
  return dir == "/" || (file.size() > dir.size() && file.compare(0, dir.size(), dir) == 0 && file[dir.size()] == '/');
}

struct Counts {
  unsigned read = 0, binary = 0, huge = 0;
};

void scanFile(const std::string &path, const std::set<std::string> &enabled, ScanResult &result,
              std::set<std::string> &secrets, Counts &counts) {
  uint64_t size = 0;
  if (llvm::sys::fs::file_size(path, size)) return;
  if (size > kMaxFileSize) {
    ++counts.huge;
    return;
  }
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return;
  llvm::StringRef text = (*buffer)->getBuffer();
  if (text.take_front(8192).contains('\0')) {
    ++counts.binary;
    return;
  }
  ++counts.read;
  for (Finding &f : secretsInConfigFile(path, std::string_view(text.data(), text.size()), enabled, secrets))
    result.findings.push_back(std::move(f));
}
}  // namespace

std::vector<std::string> textScanRoots(const PlanRequest &request, const std::string &databasePath) {
  std::vector<std::string> roots;
  for (const std::string &path : request.paths)
    if (llvm::sys::fs::is_directory(path)) roots.push_back(normalised(path));
  if (request.paths.empty() && !databasePath.empty()) {
    std::string dir = normalised(llvm::sys::path::parent_path(normalised(databasePath)).str());
    std::optional<GitInfo> git = findGitInfo(dir);
    roots.push_back(git ? normalised(git->topLevel) : dir);
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

void scanTextFiles(const std::vector<std::string> &roots, const ScanOptions &options, ScanResult &result) {
  std::set<std::string> enabled(options.enabledRules.begin(), options.enabledRules.end());
  if (!enabled.count(secrets::kTokenRule) && !enabled.count(secrets::kCredentialRule)) return;
  if (const char *off = std::getenv("ATTEST_NO_TEXT_SCAN"); off && *off && std::string(off) != "0") return;
  if (roots.empty()) return;

  std::map<std::string, std::string> files;  // real path -> the path under the root (a file itself over a link to it)
  for (const std::string &root : roots) {
    llvm::SmallString<256> realRoot;
    if (llvm::sys::fs::real_path(root, realRoot)) continue;
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(root, ec, /*follow_symlinks=*/false), end;
         it != end && !ec && files.size() < kMaxFiles; it.increment(ec)) {
      const std::string &path = it->path();
      llvm::sys::fs::file_type type = it->type();
      if (type == llvm::sys::fs::file_type::directory_file) {
        if (skipDirectory(path)) it.no_push();
        continue;
      }
      if (!isConfigFile(path)) continue;
      if (type != llvm::sys::fs::file_type::regular_file && type != llvm::sys::fs::file_type::symlink_file) continue;
      llvm::SmallString<256> real;
      if (llvm::sys::fs::real_path(path, real) || !llvm::sys::fs::is_regular_file(real)) continue;
      if (!isUnder(std::string(real), std::string(realRoot))) continue;  // a symlink out of the tree
      if (type == llvm::sys::fs::file_type::regular_file) files[std::string(real)] = path;
      else files.emplace(std::string(real), path);
    }
  }
  std::set<std::string> secrets;
  Counts counts;
  for (const auto &[real, file] : files) scanFile(file, enabled, result, secrets, counts);
  std::string where;
  for (const std::string &root : roots) where += (where.empty() ? "" : ", ") + root;
  result.notifications.push_back(
      {"text-files", Level::Note,
       "read " + std::to_string(counts.read) + " configuration file(s) for secrets; skipped " +
           std::to_string(counts.binary) + " binary and " + std::to_string(counts.huge) + " larger than 1 MiB (under " +
           where + ")",
       "", 0});
  scrubSecrets(result.findings, result.notifications, secrets);
}

}  // namespace attest
