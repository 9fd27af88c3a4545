#include "driver/Scanner.h"
#include "driver/Command.h"
#include "core/InputFile.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>
#include <set>

namespace attest {
namespace {

std::string absolute(llvm::StringRef path, llvm::StringRef base = {}) {
  llvm::SmallString<256> out(path);
  if (llvm::sys::path::is_relative(out) && !base.empty()) {
    llvm::SmallString<256> joined(base);
    llvm::sys::path::append(joined, out);
    out = joined;
  }
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

bool isUnder(const std::string &file, const std::string &dir) {
  if (file == dir) return true;
  std::string prefix = dir.back() == '/' ? dir : dir + "/";
  return file.compare(0, prefix.size(), prefix) == 0;
}

// Also through symlinks: `attest scan .` in a checkout reached by a symlink, or a
// database that names files by another path, selects the same files.
bool isUnderReal(const std::string &file, const std::string &dir) {
  if (isUnder(file, dir)) return true;
  llvm::SmallString<256> realFile, realDir;
  return !llvm::sys::fs::real_path(file, realFile) && !llvm::sys::fs::real_path(dir, realDir) &&
         isUnder(std::string(realFile), std::string(realDir));
}

bool isSourceFile(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".c" || ext == ".cc" || ext == ".cpp" || ext == ".cxx" || ext == ".c++" || ext == ".C";
}

// Clang's loader rejects a whole database for one malformed entry. A build tool that
// writes one broken entry should not hide every other TU from the scan: entries that
// are not objects, or lack "file", "directory" or a command, are dropped here and
// reported as skipped; anything else wrong with the file is still an error.
struct LoadedDatabase {
  std::unique_ptr<clang::tooling::CompilationDatabase> db;
  std::vector<std::string> dropped;  // "entry 3: no \"file\""
  std::string text;                  // what was loaded, for the flag inference
};

std::string entryProblem(const llvm::json::Value &entry) {
  const llvm::json::Object *object = entry.getAsObject();
  if (!object) return "not an object";
  for (const char *key : {"directory", "file"})
    if (!object->getString(key)) return std::string("no \"") + key + "\" string";
  const llvm::json::Array *arguments = object->getArray("arguments");
  bool argumentsOk = arguments && !arguments->empty() &&
                     std::all_of(arguments->begin(), arguments->end(), [](const llvm::json::Value &a) {
                       return a.getAsString().has_value();
                     });
  if (!object->getString("command") && !argumentsOk) return "no \"command\" or \"arguments\"";
  return "";
}

LoadedDatabase loadDatabase(const std::string &path, std::string &error) {
  LoadedDatabase loaded;
  std::optional<std::string> contents = readInputFile(path, kMaxDatabaseBytes, error);
  if (!contents) return loaded;
  loaded.text = std::move(*contents);
  loaded.db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(loaded.text, error,
                                                                       clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (loaded.db) return loaded;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(loaded.text);
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return loaded;
  }
  const llvm::json::Array *entries = parsed->getAsArray();
  if (!entries) return loaded;
  llvm::json::Array kept;
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string problem = entryProblem((*entries)[i]);
    if (problem.empty()) kept.push_back((*entries)[i]);
    else loaded.dropped.push_back("entry " + std::to_string(i + 1) + ": " + problem);
  }
  if (loaded.dropped.empty()) return loaded;
  std::string text;
  llvm::raw_string_ostream(text) << llvm::json::Value(std::move(kept));
  std::string retryError;
  loaded.text = text;
  loaded.db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(text, retryError,
                                                                       clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!loaded.db) loaded.dropped.clear();  // still broken: the original error stands
  return loaded;
}

// Where a directory's compile_commands.json may be, as clangd and IDEs put it: in the
// directory, or in its build/, out/ or cmake-build-*/ subdirectory.
std::vector<std::string> databaseCandidates(const std::string &dir) {
  std::vector<std::string> out;
  for (const char *sub : {"", "build", "out"}) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, sub, "compile_commands.json");
    out.push_back(std::string(candidate));
  }
  std::vector<std::string> ide;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (llvm::StringRef(llvm::sys::path::filename(it->path())).starts_with("cmake-build-"))
      ide.push_back(it->path() + "/compile_commands.json");
  std::sort(ide.begin(), ide.end());
  out.insert(out.end(), ide.begin(), ide.end());
  return out;
}

// Looks for compile_commands.json in `dir` and its parents.
LoadedDatabase findDatabase(std::string dir, std::string &path, std::string &error) {
  while (!dir.empty()) {
    for (const std::string &candidate : databaseCandidates(dir))
      if (llvm::sys::fs::exists(candidate)) {
        path = candidate;
        return loadDatabase(path, error);
      }
    llvm::StringRef parent = llvm::sys::path::parent_path(dir);
    if (parent == dir) break;
    dir = parent.str();
  }
  return {};
}

void collectSources(const std::string &dir, std::vector<std::string> &out) {
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec; it.increment(ec))
    if (isSourceFile(it->path()) && llvm::sys::fs::is_regular_file(it->path()))
      out.push_back(absolute(it->path()));
}
// One TU per file on disk: symlinked copies of a file (64 of one file in a real tree) are
// the same TU. The first path in sorted order is kept.
void dedupeByRealPath(ScanPlan &plan) {
  std::set<std::string> real;
  unsigned copies = 0;
  std::erase_if(plan.units, [&](const TranslationUnit &tu) {
    llvm::SmallString<256> path;
    if (llvm::sys::fs::real_path(tu.file, path)) return false;
    bool copy = !real.insert(std::string(path)).second;
    copies += copy;
    return copy;
  });
  if (copies)
    plan.notifications.push_back({"tu-duplicate", Level::Note,
                                  std::to_string(copies) +
                                      " file(s) are another path (a symlink) to a file already planned: scanned once",
                                  "", 0});
}

// Replaces each TU's command with the one front-end invocation attest runs
// (driver/Command.h). A refused entry is skipped; each dropped flag is named once per scan.
void sanitizeCommands(ScanPlan &plan) {
  struct Tally {
    std::string reason;
    bool risky = false;
    unsigned tus = 0;
  };
  std::map<std::string, Tally> dropped;
  std::erase_if(plan.units, [&](TranslationUnit &tu) {
    SanitizedCommand command = sanitizeCommand(tu.arguments, tu.file, tu.directory);
    std::set<std::string> flags;
    for (const DroppedFlag &flag : command.dropped)
      if (flags.insert(flag.flag).second) {
        Tally &tally = dropped[flag.flag];
        if (tally.reason.empty()) tally.reason = flag.reason;
        tally.risky |= flag.risky;
        ++tally.tus;
      }
    if (!command.refusal.empty()) {
      ++plan.skipped;
      plan.notifications.push_back({"tu-skipped", Level::Warning, "skipped: " + command.refusal, tu.file, 0});
      return true;
    }
    tu.arguments = std::move(command.arguments);
    return false;
  });
  for (const auto &[flag, tally] : dropped)
    plan.notifications.push_back({"flag-dropped", tally.risky ? Level::Warning : Level::Note,
                                  "dropped the compiler flag " + flag + " (" + tally.reason + ") from " +
                                      std::to_string(tally.tus) + " TU(s)",
                                  "", 0});
}
}  // namespace

std::optional<ScanPlan> planScan(const PlanRequest &request, std::string &error) {
  std::vector<std::string> paths;
  for (const std::string &path : request.paths) {
    if (!llvm::sys::fs::exists(path)) {
      error = "no such file or directory: '" + path + "'";
      return std::nullopt;
    }
    if (!llvm::sys::fs::is_directory(path) && !llvm::sys::fs::is_regular_file(path)) {
      error = "'" + path + "' is not a regular file or a directory";
      return std::nullopt;
    }
    paths.push_back(absolute(path));
  }

  ScanPlan plan;
  LoadedDatabase loaded;
  std::string loadError;
  if (!request.buildDir.empty() && !llvm::sys::fs::is_directory(request.buildDir) &&
      llvm::sys::fs::exists(request.buildDir)) {
    plan.databasePath = absolute(request.buildDir);  // -p path/to/compile_commands.json
    loaded = loadDatabase(plan.databasePath, loadError);
  } else if (!request.buildDir.empty()) {
    if (!llvm::sys::fs::is_directory(request.buildDir)) {
      error = "-p: no such directory: '" + request.buildDir + "'";
      return std::nullopt;
    }
    plan.databasePath = absolute("compile_commands.json", absolute(request.buildDir));
    if (!llvm::sys::fs::exists(plan.databasePath)) {
      error = "-p: no compile_commands.json in '" + request.buildDir + "'";
      return std::nullopt;
    }
    loaded = loadDatabase(plan.databasePath, loadError);
  } else if (!request.haveExtraArgs) {
    std::string start = paths.empty() ? absolute(".") : paths.front();
    if (!llvm::sys::fs::is_directory(start)) start = llvm::sys::path::parent_path(start).str();
    loaded = findDatabase(start, plan.databasePath, loadError);
  }
  // `attest scan FILE -- FLAGS` without -p is a fixed database, as for clang-tidy: the
  // flags after `--` are the whole command. Searching upward would now also find build/
  // of whatever project the file sits in and mix its flags in.
  std::unique_ptr<clang::tooling::CompilationDatabase> &db = loaded.db;
  for (const std::string &entry : loaded.dropped) {
    ++plan.skipped;
    plan.notifications.push_back({"tu-skipped", Level::Warning, "skipped: compilation database " + entry,
                                  plan.databasePath, 0});
  }
  if (!plan.databasePath.empty() && !db) {
    error = "cannot read compilation database '" + plan.databasePath + "': " + loadError;
    return std::nullopt;
  }

  std::vector<std::string> files;
  if (!db) {
    if (!request.haveExtraArgs) {
      error = "no compile_commands.json found (searched upward from " +
              (paths.empty() ? std::string("the current directory") : "'" + paths.front() + "'") +
              "); pass -p BUILD_DIR, or compiler flags after '--' to scan without one";
      return std::nullopt;
    }
    if (paths.empty()) {
      error = "with no compilation database, name the files or directories to scan";
      return std::nullopt;
    }
    plan.notifications.push_back({"no-compilation-database", Level::Note,
                                  "no compile_commands.json found: using the flags after '--' for every file", "", 0});
    for (const std::string &path : paths) {
      if (llvm::sys::fs::is_directory(path)) collectSources(path, files);
      else files.push_back(path);
    }
    for (const std::string &file : files) {
      // As a build would: a .c file is C, everything else C++.
      std::vector<std::string> args = {llvm::sys::path::extension(file) == ".c" ? "clang" : "clang++"};
      args.insert(args.end(), request.extraArgs.begin(), request.extraArgs.end());
      // Relative flags after "--" are the user's, typed in the working directory.
      TranslationUnit tu{file, absolute("."), args};
      tu.arguments.push_back(file);
      plan.units.push_back(std::move(tu));
    }
  } else {
    std::set<std::string> seen;
    auto addCommand = [&](const clang::tooling::CompileCommand &cmd) {
      std::string file = absolute(cmd.Filename, cmd.Directory);
      if (!seen.insert(file).second) return;  // one scan per file, as a build has one object
      if (!llvm::sys::fs::exists(file)) {
        ++plan.skipped;
        plan.notifications.push_back({"tu-skipped", Level::Warning,
                                      "skipped: the compilation database names a file that does not exist", file, 0});
        return;
      }
      if (!llvm::sys::fs::is_regular_file(file)) {
        ++plan.skipped;
        plan.notifications.push_back({"tu-skipped", Level::Warning,
                                      "skipped: the compilation database names something that is not a regular file",
                                      file, 0});
        return;
      }
      TranslationUnit tu{file, cmd.Directory, cmd.CommandLine};
      tu.arguments.insert(tu.arguments.end(), request.extraArgs.begin(),
                          request.extraArgs.end());
      plan.units.push_back(std::move(tu));
    };
    std::vector<clang::tooling::CompileCommand> all = db->getAllCompileCommands();
    std::unique_ptr<clang::tooling::CompilationDatabase> inferred;
    for (const std::string &path : paths) {
      if (llvm::sys::fs::is_directory(path)) continue;
      bool listed = false;
      for (const auto &cmd : all) listed |= absolute(cmd.Filename, cmd.Directory) == path;
      if (listed) continue;
      // A file the database does not list (a header, a new file): borrow the flags of
      // its nearest neighbour, as clangd does.
      std::string dbError;
      if (!inferred)
        inferred = clang::tooling::inferMissingCompileCommands(
            clang::tooling::JSONCompilationDatabase::loadFromBuffer(
                loaded.text, dbError, clang::tooling::JSONCommandLineSyntax::AutoDetect));
      for (const auto &cmd : inferred->getCompileCommands(path)) {
        clang::tooling::CompileCommand copy = cmd;
        copy.Filename = path;
        addCommand(copy);
      }
      plan.notifications.push_back({"tu-inferred", Level::Note,
                                    "not in the compilation database: flags inferred from a neighbouring file", path, 0});
    }
    // bear records clang's internal -cc1 command next to the driver command that ran it.
    // The driver command is the one to scan; a -cc1 entry for a file that has one is
    // skipped quietly (one note for all), and one without is refused below.
    auto isCc1 = [](const clang::tooling::CompileCommand &cmd) {
      return std::find(cmd.CommandLine.begin(), cmd.CommandLine.end(), "-cc1") != cmd.CommandLine.end();
    };
    unsigned cc1Entries = 0;
    for (bool cc1Pass : {false, true})
      for (const auto &cmd : all) {
        if (isCc1(cmd) != cc1Pass) continue;
        std::string file = absolute(cmd.Filename, cmd.Directory);
        bool wanted = paths.empty();
        for (const std::string &path : paths) wanted |= isUnderReal(file, path);
        if (!wanted) continue;
        if (cc1Pass && seen.count(file)) ++cc1Entries;
        addCommand(cmd);
      }
    if (cc1Entries)
      plan.notifications.push_back({"cc1-entries-skipped", Level::Note,
                                    "skipped " + std::to_string(cc1Entries) +
                                        " compilation database entries that are clang's internal -cc1 command "
                                        "lines; the driver commands for the same files are scanned",
                                    plan.databasePath, 0});
    if (plan.units.empty() && plan.skipped == 0 && !paths.empty()) {
      error = "no translation unit of '" + plan.databasePath + "' is under the given path(s)";
      return std::nullopt;
    }
  }
  std::sort(plan.units.begin(), plan.units.end(),
            [](const TranslationUnit &a, const TranslationUnit &b) { return a.file < b.file; });
  dedupeByRealPath(plan);
  sanitizeCommands(plan);
  return plan;
}

}  // namespace attest
