#include "driver/DiffBase.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace attest {

std::string canonicalPath(const std::string &path) {
  llvm::SmallString<256> abs(path);
  llvm::sys::fs::make_absolute(abs);
  llvm::sys::path::remove_dots(abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(abs, real)) return std::string(real);
  // A file that does not exist (any more): its directory may still be a symlink.
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(abs));
  if (!dir.empty() && dir != abs && !llvm::sys::fs::real_path(dir, real)) {
    llvm::sys::path::append(real, llvm::sys::path::filename(abs));
    return std::string(real);
  }
  return std::string(abs);
}

namespace {
bool under(const std::string &file, const std::string &dir) {
  return file.size() > dir.size() && file.compare(0, dir.size(), dir) == 0 && file[dir.size()] == '/';
}
}  // namespace

const std::string &ChangeSet::canonical(const std::string &file) const {
  auto it = canonical_.find(file);
  if (it == canonical_.end()) it = canonical_.emplace(file, canonicalPath(file)).first;
  return it->second;
}

bool ChangeSet::touches(const std::string &file) const {
  const std::string &path = canonical(file);
  if (files.count(path) || newFiles.count(path)) return true;
  for (const std::string &dir : changedDirs)
    if (under(path, dir)) return true;
  return false;
}

bool ChangeSet::changedLine(const std::string &file, unsigned line) const {
  const std::string &path = canonical(file);
  if (newFiles.count(path)) return true;
  for (const std::string &dir : changedDirs)
    if (under(path, dir)) return true;
  auto it = files.find(path);
  if (it == files.end()) return false;
  for (auto [first, last] : it->second)
    if (line >= first && line <= last) return true;
  return false;
}

namespace {
// A path as git writes it in a patch header: "b/x.c\t" for a name with a space, or
// C-quoted with octal escapes for bytes git considers special.
std::string unquoteGitPath(llvm::StringRef text) {
  if (!text.starts_with("\"")) return text.rtrim("\t").str();
  std::string out;
  for (size_t i = 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') break;
    if (c != '\\' || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    char e = text[++i];
    if (e >= '0' && e <= '7') {
      unsigned value = 0;
      for (int k = 0; k < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7'; ++k, ++i)
        value = value * 8 + (text[i] - '0');
      --i;
      out += static_cast<char>(value);
      continue;
    }
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      default: out += e;  // \" and \\ .
    }
  }
  return out;
}

std::string inRepo(const std::string &repoTop, llvm::StringRef relative) {
  return repoTop + "/" + relative.str();
}
}  // namespace

void parseUnifiedZeroDiff(const std::string &diff, const std::string &repoTop, ChangeSet &out) {
  llvm::StringRef rest(diff);
  std::string current;
  bool fromNothing = false;
  while (!rest.empty()) {
    auto [line, next] = rest.split('\n');
    rest = next;
    if (line.starts_with("diff --git ")) {
      current.clear();
      fromNothing = false;
    } else if (line.consume_front("--- ")) {
      fromNothing = line.rtrim("\t") == "/dev/null";
    } else if (line.consume_front("+++ ")) {
      std::string name = unquoteGitPath(line);
      current = llvm::StringRef(name).starts_with("b/") ? inRepo(repoTop, llvm::StringRef(name).drop_front(2))
                                                        : std::string();
      if (current.empty()) continue;
      if (fromNothing) out.newFiles.insert(current);
      else out.files[current];
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

void parseRawZ(const std::string &raw, const std::string &repoTop, ChangeSet &out) {
  llvm::SmallVector<llvm::StringRef> fields;
  llvm::StringRef(raw).split(fields, '\0', -1, /*KeepEmpty=*/false);
  for (size_t i = 0; i < fields.size(); ++i) {
    // ":100644 100644 abc123 def456 M" then the path (two paths for renames and copies).
    llvm::StringRef header = fields[i];
    if (!header.consume_front(":")) continue;
    llvm::SmallVector<llvm::StringRef> parts;
    header.split(parts, ' ');
    if (parts.size() < 5 || parts[4].empty()) continue;
    char status = parts[4][0];
    size_t paths = status == 'R' || status == 'C' ? 2 : 1;
    if (i + paths >= fields.size()) break;
    i += paths;
    std::string file = inRepo(repoTop, fields[i]);  // the new path
    if (parts[1] == "160000") out.changedDirs.insert(file);  // a submodule's commit moved
    else if (status == 'A') out.newFiles.insert(file);
    else if (status != 'D') out.files[file];
    if (status == 'R') out.renamedFiles.insert(file);
  }
}

namespace {
std::optional<std::string> runGit(const std::vector<std::string> &args, std::string &error) {
  auto git = llvm::sys::findProgramByName("git");
  if (!git) {
    error = "--diff-base needs git, which is not on PATH";
    return std::nullopt;
  }
  llvm::SmallString<128> outPath, errPath;
  llvm::sys::fs::createTemporaryFile("attest-git", "out", outPath);
  llvm::sys::fs::createTemporaryFile("attest-git", "err", errPath);
  // No program the repository names runs: no fsmonitor hook, no external diff, no pager.
  std::vector<std::string> full = {"--no-pager", "-c", "core.fsmonitor=false", "-c", "core.quotePath=false",
                                   "-c", "diff.external=", "--literal-pathspecs"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<llvm::StringRef> argv = {*git};
  for (const std::string &a : full) argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {llvm::StringRef(""), llvm::StringRef(outPath), llvm::StringRef(errPath)};
  int status = llvm::sys::ExecuteAndWait(*git, argv, std::nullopt, redirects);
  auto out = llvm::MemoryBuffer::getFile(outPath);
  auto err = llvm::MemoryBuffer::getFile(errPath);
  llvm::sys::fs::remove(outPath);
  llvm::sys::fs::remove(errPath);
  if (status != 0) {
    std::string command = args.size() > 2 ? args[2] : "";
    error = "git " + command + " failed: " +
            (err ? (*err)->getBuffer().trim().str() : std::string("exit status ") + std::to_string(status));
    return std::nullopt;
  }
  return out ? (*out)->getBuffer().str() : std::string();
}

bool isHexCommit(llvm::StringRef s) {
  return (s.size() == 40 || s.size() == 64) && s.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}
}  // namespace

std::optional<ChangeSet> changedSince(const std::string &ref, const std::string &repoTopIn, std::string &error) {
  std::string repoTop = canonicalPath(repoTopIn);
  auto resolved = runGit({"-C", repoTop, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"},
                         error);
  llvm::StringRef commit = resolved ? llvm::StringRef(*resolved).trim() : llvm::StringRef();
  if (!resolved || !isHexCommit(commit)) {
    error = "--diff-base: '" + ref + "' is not a commit of the repository at '" + repoTop + "'";
    return std::nullopt;
  }
  ChangeSet changes;
  changes.baseCommit = commit.str();
  changes.repoTop = repoTop;
  // Against the working tree: committed since the commit, staged and unstaged edits alike.
  std::vector<std::string> diff = {"-C", repoTop, "diff", "--no-ext-diff", "--no-textconv", "--no-color",
                                   "--diff-filter=ACMRT", "--end-of-options", commit.str(), "--"};
  std::vector<std::string> raw = diff;
  raw.insert(raw.begin() + 3, {"--raw", "-z", "--abbrev=40"});
  auto listed = runGit(raw, error);
  if (!listed) return std::nullopt;
  parseRawZ(*listed, repoTop, changes);
  diff.insert(diff.begin() + 3, "--unified=0");
  auto patch = runGit(diff, error);
  if (!patch) return std::nullopt;
  ChangeSet lines;
  parseUnifiedZeroDiff(*patch, repoTop, lines);
  // The -z listing decides which files changed; the patch adds their line ranges. A file
  // the patch does not name (binary, mode change, or a name not attributed) changed
  // entirely; only a pure rename changes no line.
  for (auto it = changes.files.begin(); it != changes.files.end();) {
    if (auto named = lines.files.find(it->first); named != lines.files.end()) {
      it->second = named->second;
    } else if (!changes.renamedFiles.count(it->first)) {
      changes.newFiles.insert(it->first);
      it = changes.files.erase(it);
      continue;
    }
    ++it;
  }
  auto untracked = runGit({"-C", repoTop, "ls-files", "-z", "--others", "--exclude-standard", "--"}, error);
  if (!untracked) return std::nullopt;
  llvm::SmallVector<llvm::StringRef> names;
  llvm::StringRef(*untracked).split(names, '\0', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef name : names) changes.newFiles.insert(inRepo(repoTop, name));
  return changes;
}

std::optional<std::string> fileAtCommit(const ChangeSet &changes, const std::string &path, std::string &error) {
  std::string real = canonicalPath(path);
  if (real.compare(0, changes.repoTop.size() + 1, changes.repoTop + "/") != 0) return std::nullopt;
  std::string relative = real.substr(changes.repoTop.size() + 1);
  // cat-file runs no textconv filter; the object name is one argument after the options.
  auto exists = runGit({"-C", changes.repoTop, "cat-file", "-e", "--end-of-options", changes.baseCommit + ":" + relative},
                       error);
  if (!exists) {
    error.clear();
    return std::nullopt;
  }
  return runGit({"-C", changes.repoTop, "cat-file", "blob", "--end-of-options", changes.baseCommit + ":" + relative},
                error);
}

}  // namespace attest
