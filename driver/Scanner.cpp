#include "driver/Scanner.h"
#include "checks/Check.h"
#include "checks/common/UserCode.h"
#include "core/Link.h"
#include "core/Provenance.h"
#include "driver/Progress.h"
#include "driver/ResourceDir.h"
#include "driver/ResultCache.h"
#include "driver/Worker.h"
#include "reports/Cbom.h"
#include "core/Fingerprint.h"
#include "core/Redaction.h"
#include "checks/secrets/SecretPatterns.h"
#include "checks/secrets/ApiSinks.h"
#include "checks/common/SinkSpec.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace attest {
namespace {

// The compile command of exactly one TU, as the planner resolved it.
class SingleCommandDatabase : public clang::tooling::CompilationDatabase {
public:
  explicit SingleCommandDatabase(const TranslationUnit &tu)
      : command_(tu.directory, tu.file, tu.arguments, "") {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override {
    return {command_};
  }

private:
  clang::tooling::CompileCommand command_;
};

// A diagnostic's format string with its arguments filled in only where they cannot be
// source text: numbers, token kinds and %select choices stay, names, types and strings
// become "…". An #include of any file (/etc/shadow) makes errors that quote its first
// tokens, and the notification goes into SARIF and CI logs.
std::string redactedFormat(llvm::StringRef format, const clang::Diagnostic &info) {
  std::string out;
  size_t i = 0;
  auto intArg = [&](unsigned n, int64_t &value) {
    if (n >= info.getNumArgs()) return false;
    if (info.getArgKind(n) == clang::DiagnosticsEngine::ak_sint) value = info.getArgSInt(n);
    else if (info.getArgKind(n) == clang::DiagnosticsEngine::ak_uint) value = static_cast<int64_t>(info.getArgUInt(n));
    else return false;
    return true;
  };
  while (i < format.size()) {
    if (format[i] != '%') {
      out += format[i++];
      continue;
    }
    ++i;
    if (i < format.size() && format[i] == '%') {
      out += format[i++];
      continue;
    }
    size_t start = i;
    while (i < format.size() && llvm::isAlpha(format[i])) ++i;
    llvm::StringRef modifier = format.slice(start, i);
    llvm::StringRef body;
    if (i < format.size() && format[i] == '{') {
      size_t open = ++i;
      for (int depth = 1; i < format.size() && depth > 0; ++i)
        depth += format[i] == '{' ? 1 : format[i] == '}' ? -1 : 0;
      body = format.slice(open, i - 1);
    }
    unsigned n = 0;
    bool haveArg = false;
    for (; i < format.size() && llvm::isDigit(format[i]); ++i, haveArg = true) n = n * 10 + (format[i] - '0');
    while (i + 1 < format.size() && format[i] == ',' && llvm::isDigit(format[i + 1])) i += 2;  // %diff{...}0,1
    int64_t value = 0;
    bool isInt = haveArg && intArg(n, value);
    if (modifier == "select" && isInt) {
      llvm::SmallVector<llvm::StringRef, 8> choices;
      int depth = 0;
      size_t from = 0;
      for (size_t k = 0; k < body.size(); ++k) {
        depth += body[k] == '{' ? 1 : body[k] == '}' ? -1 : 0;
        if (body[k] == '|' && depth == 0) {
          choices.push_back(body.slice(from, k));
          from = k + 1;
        }
      }
      choices.push_back(body.substr(from));
      if (value >= 0 && static_cast<size_t>(value) < choices.size()) out += redactedFormat(choices[value], info);
    } else if (modifier == "s" && isInt) {
      if (value != 1) out += 's';
    } else if (modifier.empty() && isInt) {
      out += std::to_string(value);
    } else if (modifier.empty() && haveArg && n < info.getNumArgs() &&
               info.getArgKind(n) == clang::DiagnosticsEngine::ak_tokenkind) {
      auto kind = static_cast<clang::tok::TokenKind>(info.getRawArg(n));
      const char *spelling = clang::tok::getPunctuatorSpelling(kind);
      out += spelling ? "'" + std::string(spelling) + "'" : std::string(clang::tok::getTokenName(kind));
    } else {
      out += "\u2026";
    }
  }
  return out;
}

// Counts errors and keeps the first one for the notification; prints nothing.
class ParseDiagnostics : public clang::DiagnosticConsumer {
public:
  void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
    DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    ++errors;
    if (!first.empty()) return;
    bool inMainFile = false;
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const clang::SourceManager &sm = info.getSourceManager();
      inMainFile = sm.isInMainFile(sm.getExpansionLoc(info.getLocation()));
      clang::PresumedLoc loc = sm.getPresumedLoc(info.getLocation());
      if (loc.isValid()) {
        firstFile = loc.getFilename();
        firstLine = loc.getLine();
      }
      // The TU's own line that leads to it (itself, or the #include of the header it is
      // in): where an annotation of the incomplete TU points.
      clang::SourceLocation at = sm.getExpansionLoc(info.getLocation());
      for (int depth = 0; at.isValid() && !sm.isInMainFile(at) && depth < 512; ++depth)
        at = sm.getIncludeLoc(sm.getFileID(at));
      if (at.isValid() && sm.isInMainFile(at)) mainFileLine = sm.getExpansionLineNumber(at);
    }
    // The header name of a failed #include in the TU's own file is what the user needs
    // to fix the flags; anything else is described without the source it quotes.
    unsigned id = info.getID();
    if (inMainFile && (id == clang::diag::err_pp_file_not_found ||
                       id == clang::diag::err_pp_file_not_found_angled_include_not_fatal ||
                       id == clang::diag::err_pp_file_not_found_typo_not_fatal)) {
      llvm::SmallString<256> text;
      info.FormatDiagnostic(text);
      first = std::string(text);
    } else {
      first = redactedFormat(info.getDiags()->getDiagnosticIDs()->getDescription(id), info);
    }
    if (first.empty()) first = "compile error";
  }
  unsigned errors = 0;
  std::string first, firstFile;
  unsigned firstLine = 0, mainFileLine = 0;
};

// Flags that would make Clang load code from the scanned repository.
clang::tooling::ArgumentsAdjuster stripPlugins(std::vector<std::string> &stripped) {
  return [&stripped](const clang::tooling::CommandLineArguments &args, llvm::StringRef) {
    clang::tooling::CommandLineArguments out;
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string &arg = args[i];
      if (llvm::StringRef(arg).starts_with("-fplugin=") || llvm::StringRef(arg).starts_with("-fpass-plugin=")) {
        stripped.push_back(arg);
        continue;
      }
      if (arg == "-Xclang" && i + 2 < args.size() && args[i + 1] == "-load" && args[i + 2] == "-Xclang") {
        stripped.push_back("-Xclang -load -Xclang " + (i + 3 < args.size() ? args[i + 3] : ""));
        i += 3;
        continue;
      }
      if (arg == "-load" || arg == "-plugin") {
        stripped.push_back(arg);
        ++i;
        continue;
      }
      out.push_back(arg);
    }
    return out;
  };
}

// Every file the TU read (main file and headers): the result cache's validity set.
void recordFiles(const clang::SourceManager &sm, std::vector<std::string> &files) {
  for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it) {
    llvm::StringRef real = it->first.getFileEntry().tryGetRealPathName();
    if (!real.empty()) files.push_back(real.str());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
}

// The physical file system, noting every path that Clang looked for and did not find: the
// header-search directories tried before the one that held a header, `__has_include`
// probes that failed, the driver's probes for installations. Such a path that appears
// later changes the TU's results (a header that shadows another), so it invalidates the
// TU's cache entry as a changed file does.
class AbsenceRecorder : public llvm::vfs::ProxyFileSystem {
public:
  AbsenceRecorder(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs, std::set<std::string> &absent)
      : ProxyFileSystem(std::move(fs)), absent_(absent) {}
  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &path) override {
    auto result = ProxyFileSystem::status(path);
    if (!result) note(path, result.getError());
    return result;
  }
  bool exists(const llvm::Twine &path) override { return bool(status(path)); }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &path) override {
    auto result = ProxyFileSystem::openFileForRead(path);
    if (!result) note(path, result.getError());
    return result;
  }

private:
  void note(const llvm::Twine &path, std::error_code error) {
    if (error != std::errc::no_such_file_or_directory && error != std::errc::not_a_directory) return;
    llvm::SmallString<256> absolute;
    path.toVector(absolute);
    if (getUnderlyingFS().makeAbsolute(absolute)) return;
    llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/false);
    absent_.insert(std::string(absolute));
  }
  std::set<std::string> &absent_;
};

// ATTEST_PROFILE=1 (for bench/, not a stable format): per TU, the wall time of the whole
// front end and of the one matcher traversal, and each check's share of the traversal.
bool profiling() {
  static const bool on = [] {
    const char *v = std::getenv("ATTEST_PROFILE");
    return v && *v && std::string(v) != "0";
  }();
  return on;
}

// Runs the matchers over the user's code only: the TU's top-level declarations outside
// system headers (and what they contain, template instantiations included). A TU that
// includes Boost.Asio is mostly system-header AST, and every matcher used to be tried on
// every node of it although no check reports there. The parent map, built lazily over
// the same scope, shrinks with it.
class UserScopeConsumer : public clang::ASTConsumer {
public:
  UserScopeConsumer(std::unique_ptr<clang::ASTConsumer> inner, double &seconds)
      : inner_(std::move(inner)), seconds_(seconds) {}
  void HandleTranslationUnit(clang::ASTContext &ctx) override {
    llvm::TimeRecord start = llvm::TimeRecord::getCurrentTime(true);
    ctx.setTraversalScope(userTopLevelDecls(ctx));
    inner_->HandleTranslationUnit(ctx);
    seconds_ += llvm::TimeRecord::getCurrentTime(false).getWallTime() - start.getWallTime();
  }

private:
  std::unique_ptr<clang::ASTConsumer> inner_;
  double &seconds_;
};

class ScanAction : public clang::ASTFrontendAction {
public:
  ScanAction(clang::ast_matchers::MatchFinder &finder, bool crash, std::vector<std::string> &files, double &matchSeconds)
      : finder_(finder), crash_(crash), files_(files), matchSeconds_(matchSeconds) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &, llvm::StringRef) override {
    if (crash_) std::abort();  // --debug-crash-on: proves a crashing TU does not stop the scan
    resetUserCodeCache();      // a new ASTContext: nothing cached for the previous TU applies
    return std::make_unique<UserScopeConsumer>(finder_.newASTConsumer(), matchSeconds_);
  }
  void EndSourceFileAction() override { recordFiles(getCompilerInstance().getSourceManager(), files_); }

private:
  clang::ast_matchers::MatchFinder &finder_;
  bool crash_;
  std::vector<std::string> &files_;
  double &matchSeconds_;
};

class ScanActionFactory : public clang::tooling::FrontendActionFactory {
public:
  ScanActionFactory(clang::ast_matchers::MatchFinder &finder, bool crash, std::vector<std::string> &files)
      : finder_(finder), crash_(crash), files_(files) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<ScanAction>(finder_, crash_, files_, matchSeconds);
  }
  double matchSeconds = 0;

private:
  clang::ast_matchers::MatchFinder &finder_;
  bool crash_;
  std::vector<std::string> &files_;
};

void printProfile(const std::string &file, double total, double match, const llvm::StringMap<llvm::TimeRecord> &checks) {
  std::vector<std::pair<double, std::string>> rows;
  for (const auto &entry : checks) rows.push_back({entry.second.getWallTime(), entry.first().str()});
  std::sort(rows.rbegin(), rows.rend());
  std::string line = "attest-profile: " + file + " total=" + std::to_string(int(total * 1000)) +
                     "ms match=" + std::to_string(int(match * 1000)) + "ms";
  for (const auto &[seconds, name] : rows) line += " " + name + "=" + std::to_string(int(seconds * 1000));
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  llvm::errs() << line << "\n";
}

// Preprocesses a TU and records every file the preprocessor entered.
class IncludeListAction : public clang::PreprocessOnlyAction {
public:
  explicit IncludeListAction(std::vector<std::string> &files) : files_(files) {}
  void EndSourceFileAction() override {
    clang::SourceManager &sm = getCompilerInstance().getSourceManager();
    for (auto it = sm.fileinfo_begin(); it != sm.fileinfo_end(); ++it) {
      llvm::StringRef real = it->first.getFileEntry().tryGetRealPathName();
      if (!real.empty()) files_.push_back(real.str());
    }
  }

private:
  std::vector<std::string> &files_;
};

class IncludeListFactory : public clang::tooling::FrontendActionFactory {
public:
  explicit IncludeListFactory(std::vector<std::string> &files) : files_(files) {}
  std::unique_ptr<clang::FrontendAction> create() override { return std::make_unique<IncludeListAction>(files_); }

private:
  std::vector<std::string> &files_;
};

void configureTool(clang::tooling::ClangTool &tool, clang::DiagnosticConsumer &diagnostics,
                   std::vector<std::string> &strippedFlags) {
  tool.setPrintErrorMessage(false);
  tool.setDiagnosticConsumer(&diagnostics);
  tool.appendArgumentsAdjuster(stripPlugins(strippedFlags));
  tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
      {"--no-default-config", "-resource-dir=" + clangResourceDir(), "-Wno-unknown-warning-option", "-ferror-limit=0",
       "-fno-caret-diagnostics"},
      clang::tooling::ArgumentInsertPosition::BEGIN));
}

TuOutcome scanOne(const TranslationUnit &tu, const ScanOptions &options, const std::set<std::string> &enabled) {
  TuOutcome outcome;
  FindingSink sink;
  std::vector<std::unique_ptr<Check>> checks;
  llvm::StringMap<llvm::TimeRecord> checkTimes;
  clang::ast_matchers::MatchFinder::MatchFinderOptions finderOptions;
  if (profiling()) finderOptions.CheckProfiling.emplace(checkTimes);
  clang::ast_matchers::MatchFinder finder(std::move(finderOptions));  // the TU's one traversal, for every check
  for (const CheckFactory &factory : checkRegistry()) {
    std::vector<std::string> rules = rulesOf(factory);
    bool wanted = std::any_of(rules.begin(), rules.end(),
                              [&](const std::string &id) { return enabled.count(id) > 0; });
    // The inventory needs every algorithm the crypto and TLS checks recognise.
    wanted = wanted || (options.inventory && (llvm::StringRef(factory.name).starts_with("crypto/") ||
                                              llvm::StringRef(factory.name).starts_with("tls/")));
    if (!wanted) continue;
    checks.push_back(factory.create(sink));
    checks.back()->setId(factory.name);
    checks.back()->registerMatchers(finder);
  }
  bool crash = !options.debugCrashOn.empty() && llvm::StringRef(tu.file).ends_with(options.debugCrashOn);

  ParseDiagnostics diagnostics;
  std::vector<std::string> strippedFlags;
  SingleCommandDatabase db(tu);
  // Each worker has its own working directory: the real one is process-wide.
  std::set<std::string> absent;
  clang::tooling::ClangTool tool(db, {tu.file}, std::make_shared<clang::PCHContainerOperations>(),
                                 llvm::makeIntrusiveRefCnt<AbsenceRecorder>(llvm::vfs::createPhysicalFileSystem(), absent));
  configureTool(tool, diagnostics, strippedFlags);
  ScanActionFactory factory(finder, crash, outcome.includes);

  llvm::CrashRecoveryContext recovery;
  // On a thread of its own with a 256 MiB stack (address space, committed as used): Clang's
  // parser recurses without a limit on some nesting (10,000-deep template arguments overflow
  // the 8 MiB default, and a stack overflow is a crash CrashRecoveryContext cannot catch).
  llvm::TimeRecord started = llvm::TimeRecord::getCurrentTime(true);
  bool completed = recovery.RunSafelyOnThread([&] { tool.run(&factory); }, 256u << 20);
  if (profiling())
    printProfile(tu.file, llvm::TimeRecord::getCurrentTime(false).getWallTime() - started.getWallTime(),
                 factory.matchSeconds, checkTimes);
  outcome.absent.assign(absent.begin(), absent.end());
  outcome.findings = std::move(sink.findings);
  outcome.secrets = std::move(sink.secrets);
  outcome.summary = std::move(sink.summary);
  outcome.assets = std::move(sink.assets);
  if (!completed) {
    outcome.crashed = true;
    outcome.notifications.push_back({"tu-crashed", Level::Error,
                                     "the analysis of this translation unit crashed; its findings may be incomplete",
                                     tu.file, 0});
  } else if (diagnostics.errors > 0) {
    outcome.parseFailed = true;
    std::string where = diagnostics.firstFile.empty()
                            ? std::string()
                            : " (first at " + diagnostics.firstFile + ":" + std::to_string(diagnostics.firstLine) + ")";
    outcome.notifications.push_back(
        {"parse-error", Level::Warning,
         std::to_string(diagnostics.errors) + " compile error(s)" + where + ": " + diagnostics.first +
             "; findings are from the parts that parsed",
         tu.file, diagnostics.mainFileLine});
  }
  for (const std::string &flag : strippedFlags)
    outcome.notifications.push_back({"flag-stripped", Level::Warning,
                                     "removed a compiler flag that loads a plugin: " + flag, tu.file, 0});
  // Drop findings of disabled rules that a multi-rule check emitted.
  std::erase_if(outcome.findings, [&](const Finding &f) { return !enabled.count(f.ruleId); });
  return outcome;
}
// Findings behind a const flag of another TU (`if (kAllowInsecure)` with `extern const bool
// kAllowInsecure;` here, `= false` in config.cpp): the program's one definition of the
// flag, from the summaries, settles the branch. A flag with no definition seen, or one
// whose value is not a plain constant, leaves the finding as it is.
void dropDeadGuarded(std::vector<Finding> &findings, const std::vector<const TuSummary *> &summaries) {
  std::map<std::string, std::vector<int64_t>> values;
  std::set<std::string> unsettled;
  for (const TuSummary *summary : summaries) {
    for (const StoreFact &store : summary->stores) {
      const FlowValue &v = store.value;
      if (v.kind == FlowValue::Kind::Const && v.isInt && !v.runtimeChoice && !v.ints.empty())
        values[store.target].insert(values[store.target].end(), v.ints.begin(), v.ints.end());
      else unsettled.insert(store.target);
    }
    for (const FunctionSummary &f : summary->functions)
      for (const StoreFact &store : f.stores) unsettled.insert(store.target);
  }
  auto dead = [&](const BranchGuard &g) {
    auto it = values.find(g.usr);
    if (it == values.end() || unsettled.count(g.usr)) return false;
    return std::none_of(it->second.begin(), it->second.end(), [&](int64_t v) { return (v != 0) == g.liveWhen; });
  };
  std::erase_if(findings, [&](const Finding &f) { return std::any_of(f.guards.begin(), f.guards.end(), dead); });
}

// A TU analysed in this (worker) process, its results scrubbed of its own secrets: they
// never reach the cache (the secrets themselves travel to the parent for the other TUs).
TuOutcome analyse(const TranslationUnit &tu, const ScanOptions &options, const std::set<std::string> &enabled) {
  TuOutcome outcome = scanOne(tu, options, enabled);
  scrubSecrets(outcome.findings, outcome.notifications, outcome.secrets);
  scrubSummaryTexts(outcome.summary, outcome.secrets);
  scrubAssets(outcome.assets, outcome.secrets);
  return outcome;
}

// What the parent makes of a worker's end: its results, or a notification for the TU.
TuOutcome receive(const TranslationUnit &tu, const WorkerStatus &status, const std::string &bytes,
                  const WorkerLimits &limits) {
  if (status.end == WorkerEnd::Finished)
    if (std::optional<TuOutcome> outcome = decodeOutcome(bytes)) return std::move(*outcome);
  TuOutcome outcome;
  switch (status.end) {
  case WorkerEnd::TimedOut:
    outcome.timedOut = true;
    outcome.notifications.push_back({"tu-timeout", Level::Error,
                                     "the analysis of this translation unit took longer than " +
                                         std::to_string(limits.timeoutSeconds) +
                                         " s (--tu-timeout) and was stopped; no findings from it",
                                     tu.file, 0});
    break;
  case WorkerEnd::OutOfMemory:
    outcome.outOfMemory = true;
    outcome.notifications.push_back({"tu-out-of-memory", Level::Error,
                                     "the analysis of this translation unit needed more than " +
                                         std::to_string(limits.memoryMiB) +
                                         " MiB of address space (--tu-memory) and was stopped; no findings from it",
                                     tu.file, 0});
    break;
  default:
    outcome.crashed = true;
    outcome.notifications.push_back(
        {"tu-crashed", Level::Error,
         "the analysis of this translation unit crashed (" +
             (status.end == WorkerEnd::Finished ? std::string("unreadable result") : status.detail) +
             "); no findings from it",
         tu.file, 0});
  }
  return outcome;
}

// Fills the outcomes of unchanged TUs from the cache (on a thread pool, joined before it
// returns) and returns the indices of the others.
std::vector<size_t> takeFromCache(const ScanPlan &plan, const ScanOptions &options, std::vector<TuOutcome> &outcomes,
                                  const std::string &key) {
  std::vector<char> hit(plan.units.size(), 0);
  if (options.cache) {
    unsigned jobs = options.jobs ? options.jobs : llvm::hardware_concurrency().compute_thread_count();
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(std::max(1u, jobs)));
    for (size_t i = 0; i < plan.units.size(); ++i)
      pool.async([&, i] {
        std::optional<CachedTu> cached = options.cache->lookup(plan.units[i]);
        // An entry whose secrets were fingerprinted under another key cannot be masked elsewhere.
        if (!cached || !fingerprintsUsable(cached->secretFingerprints, key)) return;
        outcomes[i].findings = std::move(cached->findings);
        outcomes[i].notifications = std::move(cached->notifications);
        outcomes[i].parseFailed = cached->parseFailed;
        outcomes[i].fromCache = true;
        outcomes[i].packedSummary = std::move(cached->packedSummary);
        outcomes[i].state = std::move(cached->state);
        outcomes[i].assets = std::move(cached->assets);
        outcomes[i].secretFingerprints = std::move(cached->secretFingerprints);
        hit[i] = 1;
      });
    pool.wait();
  }
  std::vector<size_t> misses;
  for (size_t i = 0; i < plan.units.size(); ++i)
    if (!hit[i]) misses.push_back(i);
  return misses;
}
}  // namespace


std::vector<std::vector<std::string>> listIncludes(const ScanPlan &plan, unsigned jobs) {
  std::vector<std::vector<std::string>> includes(plan.units.size());
  llvm::CrashRecoveryContext::Enable();
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(std::max(1u, jobs ? jobs : llvm::hardware_concurrency().compute_thread_count())));
  for (size_t i = 0; i < plan.units.size(); ++i)
    pool.async([&, i] {
      ParseDiagnostics diagnostics;
      std::vector<std::string> stripped;
      SingleCommandDatabase db(plan.units[i]);
      clang::tooling::ClangTool tool(db, {plan.units[i].file}, std::make_shared<clang::PCHContainerOperations>(),
                                     llvm::vfs::createPhysicalFileSystem());
      configureTool(tool, diagnostics, stripped);
      IncludeListFactory factory(includes[i]);
      llvm::CrashRecoveryContext recovery;
      recovery.RunSafely([&] { tool.run(&factory); });
    });
  pool.wait();
  return includes;
}

std::vector<TranslationUnit> selectShard(const std::vector<TranslationUnit> &units, unsigned k, unsigned n,
                                         const std::string &root) {
  struct Item {
    std::string hash;
    uint64_t size;
    const TranslationUnit *tu;
  };
  std::vector<Item> items;
  uint64_t total = 0;
  for (const TranslationUnit &tu : units) {
    std::string rel = relativeTo(tu.file, root);
    uint64_t size = 1;
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(tu.file, status)) size = std::max<uint64_t>(1, status.getSize());
    items.push_back({sha256Hex(rel.empty() ? tu.file : rel), size, &tu});
    total += size;
  }
  std::sort(items.begin(), items.end(), [](const Item &a, const Item &b) { return a.hash < b.hash; });
  std::vector<TranslationUnit> selected;
  uint64_t before = 0;
  for (const Item &item : items) {
    // The shard whose share of the total holds this TU's midpoint.
    uint64_t mid2 = 2 * before + item.size;  // twice the midpoint, to stay in integers
    unsigned shard = std::min<uint64_t>(n - 1, mid2 * n / (2 * total));
    if (shard == k - 1) selected.push_back(*item.tu);
    before += item.size;
  }
  std::sort(selected.begin(), selected.end(), [](auto &a, auto &b) { return a.file < b.file; });
  return selected;
}

std::vector<std::string> implementedRuleIds() {
  std::vector<std::string> ids;
  for (const CheckFactory &factory : checkRegistry())
    for (const std::string &id : rulesOf(factory))
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  return ids;
}

// Every output text loses the registered secrets and, in source snippets, every match of
// the secret patterns (a token in a comment next to a finding that no check registered).
// Cached TUs' secrets are known by fingerprints (keyed with ATTEST_HMAC_KEY when set).
static SecretScrubber outputScrubber(const std::set<std::string> &secrets, const std::vector<std::string> &fingerprints,
                                     const std::string &key) {
  SecretScrubber scrubber(secrets);
  scrubber.snippetSpans = secrets::appendPatternSpans;
  scrubber.addFingerprints(fingerprints, key);
  return scrubber;
}

static std::string fingerprintKey() {
  const char *key = std::getenv("ATTEST_HMAC_KEY");
  return key ? key : "";
}

// Scrubs a TU parsed now of every secret of the scan and stores it in the cache. A TU with
// a secret too long to fingerprint is not stored: a warm scan could not redact it elsewhere.
static void scrubAndStore(TuOutcome &o, const TranslationUnit &tu, const SecretScrubber &scrubber,
                          const ScanOptions &options, const std::string &key) {
  scrubber.scrub(o.findings, o.notifications);
  scrubSummaryTexts(o.summary, scrubber);
  scrubAssets(o.assets, scrubber);
  if (!options.cache || o.crashed || o.timedOut || o.outOfMemory || o.includes.empty()) return;
  CachedTu entry{o.findings, o.notifications, o.parseFailed, o.includes};
  entry.absent = o.absent;
  entry.summary = o.summary;
  entry.assets = o.assets;
  for (const std::string &secret : o.secrets) {
    if (secret.size() < 4) continue;
    std::string fingerprint = secretFingerprint(secret, key);
    if (fingerprint.empty()) return;
    entry.secretFingerprints.push_back(std::move(fingerprint));
  }
  o.state = options.cache->store(tu, entry);
}

// Tables every worker reads, built once here before the fork so that each child inherits
// them instead of building its own per TU: the compiled secret patterns (RE2), the
// credential and key API table, and the sink-spec index.
namespace {
void buildSharedTables() {
  secrets::builtinPatterns();
  secrets::builtinApiSinks();
  sinkSpecsFor("", false);
}
}  // namespace

ScanResult runScan(const ScanPlan &plan, const ScanOptions &options) {
  ScanResult result;
  result.summary.start = std::chrono::system_clock::now();
  result.summary.tusPlanned = plan.units.size() + plan.skipped;
  result.summary.tusSkipped = plan.skipped;
  result.notifications = plan.notifications;
  std::set<std::string> enabled(options.enabledRules.begin(), options.enabledRules.end());

  llvm::CrashRecoveryContext::Enable();
  const std::string key = fingerprintKey();
  std::vector<TuOutcome> outcomes(plan.units.size());
  std::vector<size_t> misses = takeFromCache(plan, options, outcomes, key);
  unsigned jobs = options.jobs ? options.jobs : llvm::hardware_concurrency().compute_thread_count();
  if (!misses.empty()) buildSharedTables();
  // The parent has no thread left here (takeFromCache joined its pool): safe to fork.
  Progress *progress = options.progress;
  if (progress) progress->start(plan.units.size(), plan.units.size() - misses.size());
  runInWorkers(
      misses.size(), jobs, options.limits,
      [&](size_t k) {
        if (options.debugDelayMs) std::this_thread::sleep_for(std::chrono::milliseconds(options.debugDelayMs));
        return encodeOutcome(analyse(plan.units[misses[k]], options, enabled));
      },
      [&](size_t k, const WorkerStatus &status, std::string &&bytes) {
        size_t i = misses[k];
        outcomes[i] = receive(plan.units[i], status, bytes, options.limits);
        if (progress) progress->finished(plan.units[i].file);
      },
      progress ? std::function<void()>([progress] { progress->tick(); }) : std::function<void()>());
  // Secrets never reach an output or the cache: a TU parsed now is scrubbed of every
  // secret of the scan (its own, other TUs', cached TUs' by fingerprint) before it is stored.
  std::set<std::string> secrets;
  std::vector<std::string> fingerprints;
  for (const TuOutcome &o : outcomes) {
    secrets.insert(o.secrets.begin(), o.secrets.end());
    fingerprints.insert(fingerprints.end(), o.secretFingerprints.begin(), o.secretFingerprints.end());
  }
  {
    SecretScrubber scrubber = outputScrubber(secrets, fingerprints, key);
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(std::max(1u, jobs)));
    for (size_t i = 0; i < plan.units.size(); ++i)
      if (!outcomes[i].fromCache) pool.async([&, i] { scrubAndStore(outcomes[i], plan.units[i], scrubber, options, key); });
    pool.wait();
  }
  for (size_t i = 0; i < outcomes.size(); ++i) {
    TuOutcome &o = outcomes[i];
    result.summary.scannedFiles.push_back(plan.units[i].file);
    if (o.fromCache) ++result.summary.tusFromCache;
    if (o.crashed) ++result.summary.tusCrashed;
    else if (o.timedOut) ++result.summary.tusTimedOut;
    else if (o.outOfMemory) ++result.summary.tusOutOfMemory;
    else ++result.summary.tusScanned;
    if (o.parseFailed) ++result.summary.tusFailedToParse;
    if (o.crashed || o.timedOut || o.outOfMemory || o.parseFailed) result.summary.failedFiles.push_back(plan.units[i].file);
    std::move(o.findings.begin(), o.findings.end(), std::back_inserter(result.findings));
    std::move(o.notifications.begin(), o.notifications.end(), std::back_inserter(result.notifications));
    if (options.inventory) std::move(o.assets.begin(), o.assets.end(), std::back_inserter(*options.inventory));
  }
  // Every TU's summary, decoding those from the cache only when something needs them.
  std::vector<const TuSummary *> summaries;
  auto allSummaries = [&]() -> const std::vector<const TuSummary *> & {
    if (summaries.empty())
      for (TuOutcome &o : outcomes) {
        if (!o.packedSummary.empty()) {
          // An entry whose outer MessagePack decoded but whose summary does not: no facts
          // from that TU (the link step sees less), never a crash.
          o.summary = decodeSummary(o.packedSummary).value_or(TuSummary{});
          o.packedSummary.clear();
        }
        summaries.push_back(&o.summary);
      }
    return summaries;
  };
  if (std::any_of(result.findings.begin(), result.findings.end(), [](const Finding &f) { return !f.guards.empty(); }))
    dropDeadGuarded(result.findings, allSummaries());
  // The link step (core/Link.h): constants that reach a sink through other functions and
  // files. An unchanged program (every TU's state as before) reuses the last result.
  if (options.linkDepth > 0) {
    std::optional<std::string> linkKey;
    if (options.cache && std::none_of(outcomes.begin(), outcomes.end(), [](const TuOutcome &o) { return o.state.empty(); })) {
      std::vector<std::string> states;
      for (const TuOutcome &o : outcomes) states.push_back(o.state);
      linkKey = options.cache->linkKey(states, options.linkDepth);
    }
    std::optional<std::vector<Finding>> linkedFindings = linkKey ? options.cache->lookupLink(*linkKey) : std::nullopt;
    const char *stats = std::getenv("ATTEST_LINK_STATS");  // for bench/, not a stable format
    if (linkedFindings && stats && *stats) llvm::errs() << "attest: link step: from the cache\n";
    if (!linkedFindings) {
      LinkOptions linkOptions;
      linkOptions.maxDepth = options.linkDepth;
      auto linkStart = std::chrono::steady_clock::now();
      LinkResult linked = linkSummaries(allSummaries(), linkOptions);
      if (stats && *stats)
        llvm::errs() << "attest: link step: " << linked.stats.functions << " function(s), " << linked.stats.sinks
                     << " sink(s), " << linked.stats.chains << " chain(s), " << linked.findings.size()
                     << " finding(s) before dedupe, "
                     << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - linkStart).count()
                     << " ms\n";
      secrets.merge(linked.secrets);
      std::vector<Notification> none;  // scrubbed first: a secret never reaches the cache
      outputScrubber(secrets, fingerprints, key).scrub(linked.findings, none);
      if (linkKey) options.cache->storeLink(*linkKey, linked.findings);
      linkedFindings = std::move(linked.findings);
    }
    std::erase_if(*linkedFindings, [&](const Finding &f) { return !enabled.count(f.ruleId); });
    dropLocallyReported(*linkedFindings, result.findings);
    std::move(linkedFindings->begin(), linkedFindings->end(), std::back_inserter(result.findings));
  }
  // Every text had its snippets scrubbed of the secret patterns above (or before it was
  // cached); this pass adds the secrets other TUs and the link step registered.
  SecretScrubber scrubber(secrets);
  scrubber.addFingerprints(fingerprints, key);
  scrubber.scrub(result.findings, result.notifications);
  if (options.inventory) scrubAssets(*options.inventory, scrubber);
  sortNotifications(result.notifications);
  result.summary.end = std::chrono::system_clock::now();
  return result;
}

}  // namespace attest
