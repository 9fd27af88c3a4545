#include "driver/Scanner.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
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
  loaded.db = clang::tooling::JSONCompilationDatabase::loadFromFile(path, error,
                                                                     clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (loaded.db) return loaded;
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return loaded;
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse((*buffer)->getBuffer());
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
  loaded.db = clang::tooling::JSONCompilationDatabase::loadFromBuffer(text, retryError,
                                                                       clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!loaded.db) loaded.dropped.clear();  // still broken: the original error stands
  return loaded;
}

// Looks for compile_commands.json in `dir` and its parents.
LoadedDatabase findDatabase(std::string dir, std::string &path, std::string &error) {
  while (!dir.empty()) {
    llvm::SmallString<256> candidate(dir);
    llvm::sys::path::append(candidate, "compile_commands.json");
    if (llvm::sys::fs::exists(candidate)) {
      path = std::string(candidate);
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
}  // namespace

std::optional<ScanPlan> planScan(const PlanRequest &request, std::string &error) {
  std::vector<std::string> paths;
  for (const std::string &path : request.paths) {
    if (!llvm::sys::fs::exists(path)) {
      error = "no such file or directory: '" + path + "'";
      return std::nullopt;
    }
    paths.push_back(absolute(path));
  }

  ScanPlan plan;
  LoadedDatabase loaded;
  std::string loadError;
  if (!request.buildDir.empty()) {
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
  } else {
    std::string start = paths.empty() ? absolute(".") : paths.front();
    if (!llvm::sys::fs::is_directory(start)) start = llvm::sys::path::parent_path(start).str();
    loaded = findDatabase(start, plan.databasePath, loadError);
  }
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
      TranslationUnit tu{file, llvm::sys::path::parent_path(file).str(), args};
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
            clang::tooling::JSONCompilationDatabase::loadFromFile(
                plan.databasePath, dbError, clang::tooling::JSONCommandLineSyntax::AutoDetect));
      for (const auto &cmd : inferred->getCompileCommands(path)) {
        clang::tooling::CompileCommand copy = cmd;
        copy.Filename = path;
        addCommand(copy);
      }
      plan.notifications.push_back({"tu-inferred", Level::Note,
                                    "not in the compilation database: flags inferred from a neighbouring file", path, 0});
    }
    for (const auto &cmd : all) {
      std::string file = absolute(cmd.Filename, cmd.Directory);
      bool wanted = paths.empty();
      for (const std::string &path : paths) wanted |= isUnderReal(file, path);
      if (wanted) addCommand(cmd);
    }
    if (plan.units.empty() && plan.skipped == 0 && !paths.empty()) {
      error = "no translation unit of '" + plan.databasePath + "' is under the given path(s)";
      return std::nullopt;
    }
  }
  std::sort(plan.units.begin(), plan.units.end(),
            [](const TranslationUnit &a, const TranslationUnit &b) { return a.file < b.file; });
  return plan;
}

}  // namespace attest
