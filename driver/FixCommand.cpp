#include "driver/FixCommand.h"
#include "core/InputFile.h"
#include "core/SarifReader.h"
#include "driver/Cli.h"
#include "reports/SarifWriter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sys/stat.h>

using nlohmann::json;

namespace attest {

const char *const kFixUsage = R"(usage: attest fix SARIF_FILE [--dry-run] [--root DIR]

Applies the fixes that 'attest scan --sarif' recorded in SARIF_FILE to the source files
under the log's %SRCROOT% (the root the scan reported paths against). A replacement is
made only where the file still holds, at the recorded place, exactly the text the scan
saw; otherwise the fix is skipped with a message and the file is left as it is. Files
outside the root (a '..' in the path, an absolute path elsewhere, a symbolic link that
leads out of it) are never written, and only a token is ever replaced by a token.

options:
  --dry-run           print what would change, write nothing
  --root DIR          apply under DIR instead of the log's %SRCROOT% (a moved checkout)
  -h, --help          this help

exit status: 0 every fix applied (or there was none), 2 usage error or an unreadable
log, 4 some fixes were skipped (the others were applied)
)";

namespace {
constexpr std::uint64_t kMaxSourceBytes = 64ull << 20;
constexpr size_t kMaxTokenBytes = 256;

using sarif::member;
using sarif::str;

// attest's fixes replace one token (0L, SSL_VERIFY_NONE) by another (1L, SSL_VERIFY_PEER).
// A hostile log could ask for anything; what it can insert is kept to a bare token.
bool isToken(const std::string &text) {
  return !text.empty() && text.size() <= kMaxTokenBytes &&
         std::all_of(text.begin(), text.end(), [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

// Text from the log, safe to print to a terminal: no control characters.
std::string printable(std::string text) {
  for (char &c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

const json &arrayMember(const json &object, const char *key) {
  static const json empty = json::array();
  const json &value = member(object, key);
  return value.is_array() ? value : empty;
}

std::optional<unsigned> uintMember(const json &object, const char *key) {
  const json &value = member(object, key);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 0xFFFFFFFFull) return std::nullopt;
  return value.get<unsigned>();
}

// The resolved directory `path` names, or "".
std::string realDirectory(const std::string &path) {
  llvm::SmallString<256> real;
  if (path.empty() || llvm::sys::fs::real_path(path, real) || !llvm::sys::fs::is_directory(real)) return "";
  return std::string(real);
}

bool within(llvm::StringRef path, llvm::StringRef dir) {
  return path == dir || (path.starts_with(dir) && (dir.ends_with("/") || path[dir.size()] == '/'));
}

// Whether a log may name `root` (resolved) without --root: the log's author chose it, so
// it must be where the user is: the current directory, a directory under it, or one above
// it inside the same git checkout (a scan's root is the checkout's top). Never "/" or a
// home directory merely because a log says so.
bool rootAllowedHere(const std::string &root) {
  llvm::SmallString<256> cwd;
  if (llvm::sys::fs::current_path(cwd)) return false;
  std::string here = realDirectory(std::string(cwd));
  if (here.empty()) return false;
  if (within(root, here)) return true;
  if (!within(here, root)) return false;
  for (llvm::StringRef dir = here; !dir.empty() && dir != "/"; dir = llvm::sys::path::parent_path(dir))
    if (llvm::sys::fs::exists(dir + "/.git")) return within(root, dir);  // between the top and here
  return false;
}

// The path, relative to the root, that an artifactLocation names, or "" with `why`.
std::string relativePath(const json &artifact, const std::string &logRoot, std::string &why) {
  std::string uri = str(artifact, "uri"), base = str(artifact, "uriBaseId");
  std::string path;
  if (base == "%SRCROOT%" && uri.find(':') == std::string::npos) {
    path = sarif::percentDecode(uri);
  } else if (base.empty() && llvm::StringRef(uri).starts_with("file://")) {
    std::string absolute = sarif::percentDecode(uri.substr(7));
    path = logRoot.empty() ? "" : relativeTo(absolute, logRoot);
    if (path.empty()) {
      why = "the file is outside the log's %SRCROOT%";
      return "";
    }
  } else {
    why = "the file is not named relative to %SRCROOT%";
    return "";
  }
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string::npos) {
    why = "the file's path is not a relative path";
    return "";
  }
  for (llvm::StringRef rest = path; !rest.empty();) {
    auto [component, tail] = rest.split('/');
    if (component == "..") {
      why = "the file's path leaves the root ('..')";
      return "";
    }
    rest = tail;
  }
  return path;
}

// The resolved file under `root` (itself resolved), or "" with `why`: a symbolic link
// anywhere on the way may lead out of the root, so the check is on the resolved path.
std::string fileUnderRoot(const std::string &root, const std::string &relative, std::string &why) {
  llvm::SmallString<256> joined(root), real;
  llvm::sys::path::append(joined, relative);
  if (llvm::sys::fs::real_path(joined, real)) {
    why = "the file does not exist";
    return "";
  }
  if (!llvm::StringRef(real).starts_with(root + "/")) {
    why = "the file resolves to a path outside the root";
    return "";
  }
  return std::string(real);
}

struct Edit {
  unsigned offset = 0, length = 0, line = 0;
  std::string deleted, inserted;
};

struct PlannedFix {
  std::string rule, description;
  std::vector<Edit> edits;
  unsigned line = 0;
  std::string problem;  // why it cannot be applied, found before the file is read
};

// The fix as the log states it; `problem` says what is wrong with it.
PlannedFix planFix(const json &fix, const std::string &rule, const std::string &logRoot, const std::string &root,
                   std::string &file) {
  PlannedFix plan;
  plan.rule = rule;
  plan.description = printable(str(member(fix, "description"), "text"));
  const json &changes = arrayMember(fix, "artifactChanges");
  if (changes.size() != 1) {
    plan.problem = "a fix must change exactly one file";
    return plan;
  }
  const json &artifact = member(changes[0], "artifactLocation");
  std::string relative = relativePath(artifact, logRoot, plan.problem);
  if (!relative.empty()) file = fileUnderRoot(root, relative, plan.problem);
  if (file.empty()) {
    file = str(artifact, "uri");  // only to say which fix was skipped
    return plan;
  }
  for (const json &replacement : arrayMember(changes[0], "replacements")) {
    const json &region = member(replacement, "deletedRegion");
    std::optional<unsigned> offset = uintMember(region, "byteOffset"), length = uintMember(region, "byteLength");
    Edit edit;
    edit.deleted = str(member(region, "snippet"), "text");
    edit.inserted = str(member(replacement, "insertedContent"), "text");
    edit.line = uintMember(region, "startLine").value_or(0);
    if (!offset || !length || *length != edit.deleted.size() || !isToken(edit.deleted) || !isToken(edit.inserted)) {
      plan.problem = "the fix is not a replacement of one token by another with its byte range and text";
      return plan;
    }
    edit.offset = *offset;
    edit.length = *length;
    if (plan.edits.empty() || edit.line < plan.line) plan.line = edit.line;
    plan.edits.push_back(std::move(edit));
  }
  if (plan.edits.empty()) plan.problem = "the fix has no replacement";
  return plan;
}

unsigned lineAt(const std::string &content, unsigned offset) {
  return 1 + static_cast<unsigned>(std::count(content.begin(), content.begin() + offset, '\n'));
}

// Why `edit` cannot be made to `content` now, or "".
std::string editProblem(const Edit &edit, const std::string &content, const std::vector<Edit> &accepted) {
  if (std::uint64_t(edit.offset) + edit.length > content.size() ||
      content.compare(edit.offset, edit.length, edit.deleted) != 0 ||
      (edit.line && lineAt(content, edit.offset) != edit.line))
    return "the file no longer reads '" + printable(edit.deleted) + "' there (changed since the scan)";
  for (const Edit &other : accepted)
    if (edit.offset < other.offset + other.length && other.offset < edit.offset + edit.length)
      return "it overlaps another fix";
  return "";
}

// Rewrites `file` with its fixes, from the last edit backwards; keeps the mode.
bool writeFixed(const std::string &file, std::string content, std::vector<Edit> edits, std::string &error) {
  std::sort(edits.begin(), edits.end(), [](const Edit &a, const Edit &b) { return a.offset > b.offset; });
  for (const Edit &edit : edits) content.replace(edit.offset, edit.length, edit.inserted);
  struct stat before;
  bool known = ::stat(file.c_str(), &before) == 0;
  if (!writeFileAtomically(content, file, error)) return false;
  if (known) ::chmod(file.c_str(), before.st_mode & 07777);
  return true;
}

// Applies the planned fixes of one file; appends their outcomes.
void applyToFile(const std::string &file, std::vector<PlannedFix> &fixes, const FixOptions &options,
                 std::vector<FixOutcome> &out) {
  std::string error;
  std::optional<std::string> content = readInputFile(file, kMaxSourceBytes, error);
  std::vector<Edit> accepted;
  std::vector<size_t> applied;
  for (size_t i = 0; i < fixes.size(); ++i) {
    PlannedFix &fix = fixes[i];
    std::string problem = content ? "" : "cannot read the file: " + error;
    for (const Edit &edit : fix.edits)
      if (problem.empty()) problem = editProblem(edit, *content, accepted);
    if (!problem.empty()) {
      out.push_back({file, fix.line, fix.rule, problem, false});
      continue;
    }
    accepted.insert(accepted.end(), fix.edits.begin(), fix.edits.end());
    applied.push_back(out.size());
    std::string change;  // what the user will see in the diff: 0L -> 1L
    for (const Edit &edit : fix.edits) change += (change.empty() ? " (" : ", ") + edit.deleted + " -> " + edit.inserted;
    out.push_back({file, fix.line, fix.rule, fix.description + change + ")", true});
  }
  if (accepted.empty() || options.dryRun) return;
  if (!writeFixed(file, std::move(*content), std::move(accepted), error))
    for (size_t index : applied) {
      out[index].applied = false;
      out[index].message = error;
    }
}
}  // namespace

std::vector<FixOutcome> applySarifFixes(const json &log, const FixOptions &options) {
  std::vector<FixOutcome> out;
  std::map<std::string, std::vector<PlannedFix>> byFile;
  for (const json &run : arrayMember(log, "runs")) {
    std::string logRoot = str(member(member(run, "originalUriBaseIds"), "%SRCROOT%"), "uri");
    logRoot = llvm::StringRef(logRoot).starts_with("file://") ? sarif::percentDecode(logRoot.substr(7)) : "";
    while (logRoot.size() > 1 && logRoot.back() == '/') logRoot.pop_back();
    std::string root = realDirectory(options.root.empty() ? logRoot : options.root);
    bool attestRun = str(member(member(run, "tool"), "driver"), "name") == "attest";
    bool rootAllowed = !options.root.empty() || rootAllowedHere(root);
    for (const json &result : arrayMember(run, "results")) {
      std::string rule = printable(str(result, "ruleId"));
      for (const json &fix : arrayMember(result, "fixes")) {
        std::string file;
        PlannedFix plan;
        if (!attestRun) plan.problem = "the run is not attest's";
        else if (root.empty()) plan.problem = "the log's %SRCROOT% is not a directory here (see --root)";
        else if (!rootAllowed)
          plan.problem = "the log's %SRCROOT% (" + printable(root) +
                         ") is neither the current directory nor its checkout (see --root)";
        else plan = planFix(fix, rule, logRoot, root, file);
        plan.rule = rule;
        if (!plan.problem.empty()) out.push_back({file, plan.line, rule, plan.problem, false});
        else byFile[file].push_back(std::move(plan));
      }
    }
  }
  for (auto &[file, fixes] : byFile) applyToFile(file, fixes, options, out);
  return out;
}

namespace {
int fixUsageError(const std::string &message) {
  llvm::errs() << "attest: error: fix: " << message << "\nRun 'attest fix --help' for usage.\n";
  return kExitUsage;
}
}  // namespace

int runFixCommand(int argc, const char **argv) {
  std::string input;
  FixOptions options;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      llvm::outs() << kFixUsage;
      return kExitClean;
    } else if (arg == "--dry-run") {
      options.dryRun = true;
    } else if (arg == "--root") {
      if (++i >= argc) return fixUsageError("--root needs a directory");
      options.root = argv[i];
      if (realDirectory(options.root).empty()) return fixUsageError("--root '" + options.root + "' is not a directory");
    } else if (!arg.empty() && arg[0] == '-') {
      return fixUsageError("unknown option '" + arg + "'");
    } else if (input.empty()) {
      input = arg;
    } else {
      return fixUsageError("one SARIF file at a time ('" + input + "' and '" + arg + "')");
    }
  }
  if (input.empty()) return fixUsageError("no SARIF file given");
  std::string error;
  std::optional<std::string> text = readInputFile(input, kMaxSarifBytes, error);
  if (!text) return fixUsageError("cannot read '" + input + "': " + error);
  json log = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!log.is_object() || str(log, "version") != "2.1.0") return fixUsageError("'" + input + "' is not a SARIF 2.1.0 log");

  unsigned applied = 0, skipped = 0;
  for (const FixOutcome &outcome : applySarifFixes(log, options)) {
    std::string where = printable(outcome.file.empty() ? "(no file)" : outcome.file) +
                        (outcome.line ? ":" + std::to_string(outcome.line) : "");
    if (outcome.applied) {
      ++applied;
      llvm::outs() << where << ": " << (options.dryRun ? "would fix " : "fixed ") << outcome.rule << ": "
                   << outcome.message << "\n";
    } else {
      ++skipped;
      llvm::errs() << "attest: fix: skipped " << where << " (" << outcome.rule << "): " << outcome.message << "\n";
    }
  }
  llvm::errs() << "attest fix: " << applied << (options.dryRun ? " fixes to apply" : " fixes applied") << ", "
               << skipped << " skipped\n";
  return skipped ? kExitFixesSkipped : kExitClean;
}

}  // namespace attest
