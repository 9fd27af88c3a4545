#include "driver/DiffBase.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

namespace attest {

bool ChangeSet::changedLine(const std::string &file, unsigned line) const {
  auto it = files.find(file);
  if (it == files.end()) return false;
  if (it->second.empty()) return true;
  for (auto [first, last] : it->second)
    if (line >= first && line <= last) return true;
  return false;
}

void parseUnifiedZeroDiff(const std::string &diff, const std::string &repoTop, ChangeSet &out) {
  llvm::StringRef rest(diff);
  std::string current;
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    rest = next;
    if (line.consume_front("+++ ")) {
      current = line.starts_with("b/") ? repoTop + "/" + line.drop_front(2).str() : std::string();
      if (!current.empty()) out.files[current];
    } else if (line.starts_with("@@ ") && !current.empty()) {
      // @@ -a,b +c,d @@: d lines from c changed in the new version (d == 0: deletion).
      size_t plus = line.find(" +");
      if (plus == llvm::StringRef::npos) continue;
      llvm::StringRef range = line.drop_front(plus + 2).take_until([](char c) { return c == ' '; });
      auto [startText, countText] = range.split(',');
      unsigned start = 0, count = 1;
      if (startText.getAsInteger(10, start)) continue;
      if (!countText.empty() && countText.getAsInteger(10, count)) continue;
      if (count == 0) out.files[current].push_back({start, start + 1});  // lines around a deletion
      else out.files[current].push_back({start, start + count - 1});
    }
  }
}

static std::optional<std::string> runGit(const std::vector<std::string> &args, std::string &error) {
  auto git = llvm::sys::findProgramByName("git");
  if (!git) {
    error = "--diff-base needs git, which is not on PATH";
    return std::nullopt;
  }
  llvm::SmallString<128> outPath, errPath;
  llvm::sys::fs::createTemporaryFile("attest-git", "out", outPath);
  llvm::sys::fs::createTemporaryFile("attest-git", "err", errPath);
  std::vector<llvm::StringRef> argv = {*git};
  for (const std::string &a : args) argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(outPath), llvm::StringRef(errPath)};
  int status = llvm::sys::ExecuteAndWait(*git, argv, std::nullopt, redirects);
  auto out = llvm::MemoryBuffer::getFile(outPath);
  auto err = llvm::MemoryBuffer::getFile(errPath);
  llvm::sys::fs::remove(outPath);
  llvm::sys::fs::remove(errPath);
  if (status != 0) {
    error = "git " + args[2] + " failed: " + (err ? (*err)->getBuffer().trim().str() : std::string("exit status ") + std::to_string(status));
    return std::nullopt;
  }
  return out ? (*out)->getBuffer().str() : std::string();
}

std::optional<ChangeSet> changedSince(const std::string &ref, const std::string &repoTop, std::string &error) {
  ChangeSet changes;
  // Against the working tree: committed since REF, staged and unstaged edits alike.
  auto diff = runGit({"-C", repoTop, "diff", "--no-ext-diff", "--no-textconv", "--no-color", "--unified=0",
                      "--diff-filter=ACMR", ref, "--"},
                     error);
  if (!diff) return std::nullopt;
  parseUnifiedZeroDiff(*diff, repoTop, changes);
  auto untracked = runGit({"-C", repoTop, "ls-files", "--others", "--exclude-standard"}, error);
  if (!untracked) return std::nullopt;
  llvm::StringRef rest(*untracked);
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    rest = next;
    if (!line.trim().empty()) changes.files[repoTop + "/" + line.trim().str()];  // whole file new
  }
  return changes;
}

}  // namespace attest
