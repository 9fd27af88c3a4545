#include "driver/Cli.h"
#include "driver/Attestation.h"
#include "driver/Collect.h"
#include "driver/Config.h"
#include "driver/DiffBase.h"
#include "driver/Help.h"
#include "driver/ResourceDir.h"
#include "driver/Merge.h"
#include "driver/Policy.h"
#include "driver/Progress.h"
#include "core/Provenance.h"
#include "driver/ReportCommand.h"
#include "driver/FixCommand.h"
#include "driver/ResultCache.h"
#include "core/Baseline.h"
#include "reports/Cbom.h"
#include "reports/CiFormats.h"
#include "core/Suppressions.h"
#include "driver/Scanner.h"
#include "driver/TextFileScan.h"
#include "reports/SarifWriter.h"
#include "reports/TextWriter.h"

#include "clang/Basic/Version.h"
#include "llvm/Support/FileSystem.h"
#include "core/Fingerprint.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <elf.h>
#include <link.h>
#include <ctime>
#include <set>
#include <unistd.h>


namespace {
// The linker's GNU build ID of the running executable (a hash of its contents, written by
// `ld --build-id`, Debian's default), read from memory: the result cache's key must change
// with every rebuild, and hashing the 35 MB binary took 0.15 s, most of a warm scan.
std::string executableBuildId() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) -> int {
        auto &out = *static_cast<std::string *>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const char *p = reinterpret_cast<const char *>(info->dlpi_addr + ph.p_vaddr), *end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            const auto *note = reinterpret_cast<const ElfW(Nhdr) *>(p);
            const char *name = p + sizeof(ElfW(Nhdr));
            const unsigned char *desc = reinterpret_cast<const unsigned char *>(name + ((note->n_namesz + 3) & ~3u));
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::string_view(name, 3) == "GNU") {
              static const char *hex = "0123456789abcdef";
              for (unsigned k = 0; k < note->n_descsz; ++k) out += {hex[desc[k] >> 4], hex[desc[k] & 15]};
              return 1;
            }
            p = reinterpret_cast<const char *>(desc) + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;  // the first object is the executable itself: never look further
      },
      &id);
  return id;
}
}  // namespace

namespace attest {
namespace {

const char *kUsage = R"(usage: attest <command> [options]

commands:
  scan [PATH...] [-p BUILD_DIR] [options] [-- EXTRA_ARGS]
                      scan the translation units of a compilation database
  rules [--format table|json]
                      list the rule catalog
  init [--force]      write a commented default .attest.yaml here
  report SARIF... [--framework F] [--format html|md|json|casa-csv] -o FILE
                      the compliance report for auditors, from SARIF (no rescan)
  merge A.sarif B.sarif ... -o ALL.sarif
                      combine the SARIF files of shards into one run
  fix SARIF_FILE [--dry-run]
                      apply the fixes a scan recorded in its SARIF log
  baseline create -o FILE [scan arguments]
                      scan and record today's findings as the accepted baseline
  version             print the version

scan options:
  -p BUILD_DIR        directory holding compile_commands.json (default: search
                      upward from the first PATH, or the current directory)
  -j N                parallel jobs (default: number of cores)
  --sarif FILE        write SARIF 2.1.0 to FILE
  --fail-on LEVEL     error|warning|note|none: lowest level that fails (default error)
  --enable IDS        comma-separated rule ids or family globs (tls-*) to run only
  --disable IDS       comma-separated rule ids or family globs to skip
  --config FILE       configuration (default: .attest.yaml found upward)
  --baseline FILE     SARIF of accepted findings: only new ones fail the gate
  --format FORMAT     text (default) or github (workflow annotations)
  --link-depth N      hops followed across functions and files from a constant to
                      the API that receives it (default 6, 0: off)
  --cache-dir DIR     result cache (default $XDG_CACHE_HOME/attest): unchanged TUs
                      are not parsed again
  --no-cache          neither read nor write the cache (also: ATTEST_NO_CACHE=1)
  --tu-timeout S      stop the analysis of a TU after S seconds of wall time
                      (default 600; 0: no limit); it is reported as tu-timeout
  --tu-memory MIB     address space of the process analysing one TU (default 8192;
                      0: no limit); a TU beyond it is reported as tu-out-of-memory
  --shard K/N         scan a deterministic, size-balanced K-th of N parts of the TUs
                      (combine the SARIF files with 'attest merge')
  --diff-base REF     scan only TUs touched by changes since git REF (including via
                      headers); only findings on changed lines fail the gate
  --report FILE       also write the compliance report (.html, .md, .json, .csv)
  --junit FILE        write JUnit XML (a test case per rule, a failure per finding)
  --gitlab-sast FILE  write a GitLab SAST report (gl-sast-report.json)
  --cbom FILE         write a CycloneDX 1.6 Cryptography Bill of Materials: every
                      algorithm, key size, TLS version and cipher list the code uses
  --attestation FILE  write an in-toto v1 Statement: the SHA-256 of every file above
                      and what was scanned (commit, rule set, configuration, gate)
  --resource-dir DIR  Clang's builtin headers (default: next to attest, else the
                      clang it was built with)
  --show-suppressed   also print suppressed findings
  --report-unused-suppressions
                      report attest:ignore comments that match no finding
  --policy FILE       the floor of the gate, from outside the checkout: a configuration
                      below it is a config-weakens-policy finding (also: weaker than
                      its version at --diff-base)
  --allow-incomplete  do not fail the gate because TUs were skipped, crashed or
                      failed to parse (the scan is still reported incomplete)
  --color WHEN        auto (default), always or never: the level word of text lines
                      in clang's colours; auto colours a terminal only, and not when
                      NO_COLOR is set (never the github format or a file)
  -q, --quiet         no findings on stdout and no progress (summary still on stderr)
  -- EXTRA_ARGS       with -p: compiler flags added to every TU; without -p: the
                      flags of every file named (no database is searched for)

exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error or
             nothing analysed, 3 scan incomplete (a planned translation unit was
             skipped, crashed, timed out, ran out of memory or failed to parse) and
             no finding gates
)";

struct ScanArgs {
  PlanRequest plan;
  ScanOptions scan;
  std::string sarif, config, baseline, format = "text", junit, gitlabSast, diffBase, cacheDir, report;
  std::string cbom;  // --cbom FILE
  std::string policy;  // --policy FILE
  std::string attestation;  // --attestation FILE
  bool noCache = false;
  bool linkDepthGiven = false;  // --link-depth given: it overrides the config file
  std::optional<unsigned> tuTimeout, tuMemory;  // --tu-timeout, --tu-memory: override the config file
  unsigned shardIndex = 0, shardCount = 0;  // --shard K/N
  std::string shardPlanSize, shardPlanDigest;  // the whole plan's, so that merge can tell a missing shard
  std::optional<std::optional<Level>> failOn;  // set: given on the command line
  std::vector<std::string> enable, disable;
  bool quiet = false, showSuppressed = false, reportUnused = false;
  bool allowIncomplete = false;  // --allow-incomplete
  bool noProgress = false;  // -q given by the user (baseline create sets `quiet` itself)
  std::string color = "auto";  // --color
};

// Rules reported by the driver itself rather than by a check.
const char *const kMetaRules[] = {"suppression-invalid"};

int usageError(const std::string &message) {
  llvm::errs() << "attest: error: " << message << "\nRun 'attest --help' for usage.\n";
  return kExitUsage;
}

std::vector<std::string> splitList(const std::string &text) {
  std::vector<std::string> out;
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(text).split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) out.push_back(p.trim().str());
  return out;
}

// "tls-*" matches every rule of the tls family; otherwise an exact id.
bool matchesPattern(const std::string &id, const std::string &pattern) {
  if (!pattern.empty() && pattern.back() == '*')
    return id.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return id == pattern;
}

std::vector<std::string> ruleIds() {
  std::vector<std::string> ids;
  for (const Rule &rule : builtinCatalog().rules) ids.push_back(rule.id);
  return ids;
}

bool validPatterns(const std::vector<std::string> &patterns, std::string &bad) {
  for (const std::string &p : patterns) {
    bool any = false;
    for (const Rule &rule : builtinCatalog().rules) any |= matchesPattern(rule.id, p);
    if (!any) {
      bad = p;
      return false;
    }
  }
  return true;
}

std::vector<std::string> selectRules(const ScanArgs &args) {
  std::vector<std::string> ids;
  std::vector<std::string> implemented = implementedRuleIds();
  for (const Rule &rule : builtinCatalog().rules) {
    if (std::find(implemented.begin(), implemented.end(), rule.id) == implemented.end()) continue;
    bool on = args.enable.empty();
    for (const std::string &p : args.enable) on |= matchesPattern(rule.id, p);
    for (const std::string &p : args.disable) on &= !matchesPattern(rule.id, p);
    if (on) ids.push_back(rule.id);
  }
  return ids;
}

std::optional<int> parseScanArgs(int argc, const char **argv, int start, ScanArgs &args) {
  for (int i = start; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string &out) -> bool {
      size_t eq = arg.find('=');
      if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
        out = arg.substr(eq + 1);
        return true;
      }
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    auto is = [&](const char *name) {
      return arg == name || (arg.rfind(std::string(name) + "=", 0) == 0 && arg.rfind("--", 0) == 0);
    };
    std::string v;
    if (arg == "--") {
      args.plan.haveExtraArgs = true;
      for (++i; i < argc; ++i) args.plan.extraArgs.push_back(argv[i]);
    } else if (arg == "-p" || is("--build-dir")) {
      if (!value(args.plan.buildDir)) return usageError("-p needs a directory");
    } else if (arg.rfind("-p", 0) == 0 && arg.size() > 2 && arg[2] != '-') {
      args.plan.buildDir = arg.substr(2);
    } else if (arg == "-j" || is("--jobs") || (arg.rfind("-j", 0) == 0 && arg.size() > 2)) {
      if (arg.rfind("-j", 0) == 0 && arg.size() > 2) v = arg.substr(2);
      else if (!value(v)) return usageError("-j needs a number");
      unsigned jobs = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), jobs);
      if (ec != std::errc() || ptr != v.data() + v.size() || jobs == 0 || jobs > 1024)
        return usageError("-j: '" + v + "' is not a number of jobs between 1 and 1024");
      args.scan.jobs = jobs;
    } else if (is("--sarif")) {
      if (!value(args.sarif)) return usageError("--sarif needs a file name");
    } else if (is("--fail-on")) {
      if (!value(v)) return usageError("--fail-on needs a level");
      if (v == "none") args.failOn = std::optional<Level>();
      else if (auto level = parseLevel(v)) args.failOn = level;
      else return usageError("--fail-on: '" + v + "' is not one of error, warning, note, none");
    } else if (is("--enable") || is("--disable")) {
      bool enable = is("--enable");
      if (!value(v)) return usageError(arg + " needs rule ids");
      std::vector<std::string> ids = splitList(v), &target = enable ? args.enable : args.disable;
      std::string bad;
      if (!validPatterns(ids, bad)) return usageError("unknown rule '" + bad + "'" + didYouMean(bad, ruleIds()) + " (see 'attest rules')");
      target.insert(target.end(), ids.begin(), ids.end());
    } else if (is("--config")) {
      if (!value(args.config)) return usageError("--config needs a file");
    } else if (is("--baseline")) {
      if (!value(args.baseline)) return usageError("--baseline needs a SARIF file");
    } else if (is("--format")) {
      if (!value(args.format) || (args.format != "text" && args.format != "github"))
        return usageError("--format must be text or github");
    } else if (is("--report")) {
      if (!value(args.report)) return usageError("--report needs a file name (.html, .md, .json or .csv)");
    } else if (is("--cache-dir")) {
      if (!value(args.cacheDir)) return usageError("--cache-dir needs a directory");
    } else if (is("--link-depth")) {
      if (!value(v)) return usageError("--link-depth needs a number");
      unsigned depth = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), depth);
      if (ec != std::errc() || ptr != v.data() + v.size() || depth > 64)
        return usageError("--link-depth: '" + v + "' is not a number of hops between 0 (off) and 64");
      args.scan.linkDepth = depth;
      args.linkDepthGiven = true;
    } else if (is("--tu-timeout") || is("--tu-memory")) {
      bool timeout = is("--tu-timeout");
      if (!value(v)) return usageError(arg + " needs a number (0: no limit)");
      unsigned n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || ptr != v.data() + v.size())
        return usageError(std::string(timeout ? "--tu-timeout" : "--tu-memory") + ": '" + v + "' is not a number");
      (timeout ? args.tuTimeout : args.tuMemory) = n;
    } else if (arg == "--no-cache") {
      args.noCache = true;
    } else if (is("--shard")) {
      if (!value(v)) return usageError("--shard needs K/N");
      unsigned k = 0, n = 0;
      auto slash = v.find('/');
      bool ok = slash != std::string::npos &&
                std::from_chars(v.data(), v.data() + slash, k).ec == std::errc() &&
                std::from_chars(v.data() + slash + 1, v.data() + v.size(), n).ec == std::errc();
      if (!ok || n == 0 || k == 0 || k > n) return usageError("--shard: '" + v + "' is not K/N with 1 <= K <= N");
      args.shardIndex = k;
      args.shardCount = n;
    } else if (is("--diff-base")) {
      if (!value(args.diffBase)) return usageError("--diff-base needs a git revision");
    } else if (is("--junit")) {
      if (!value(args.junit)) return usageError("--junit needs a file name");
    } else if (is("--gitlab-sast")) {
      if (!value(args.gitlabSast)) return usageError("--gitlab-sast needs a file name");
    } else if (is("--attestation")) {
      if (!value(args.attestation)) return usageError("--attestation needs a file name");
    } else if (is("--policy")) {
      if (!value(args.policy)) return usageError("--policy needs a file");
    } else if (is("--cbom")) {
      if (!value(args.cbom)) return usageError("--cbom needs a file name");
    } else if (arg == "--show-suppressed") {
      args.showSuppressed = true;
    } else if (arg == "--report-unused-suppressions") {
      args.reportUnused = true;
    } else if (arg == "--allow-incomplete") {
      args.allowIncomplete = true;
    } else if (arg == "-q" || arg == "--quiet") {
      args.quiet = args.noProgress = true;
    } else if (is("--color")) {
      if (!value(args.color) || (args.color != "auto" && args.color != "always" && args.color != "never"))
        return usageError("--color must be auto, always or never");
    } else if (is("--resource-dir")) {
      std::string error;
      if (!value(v)) return usageError("--resource-dir needs a directory");
      if (!setClangResourceDir(v, error)) return usageError(error);
    } else if (is("--debug-crash-on")) {  // hidden: fault injection for the tests
      if (!value(args.scan.debugCrashOn)) return usageError("--debug-crash-on needs a file");
    } else if (is("--debug-tu-delay")) {  // hidden: milliseconds added to every analysed TU (progress tests)
      auto parsed = value(v) ? std::from_chars(v.data(), v.data() + v.size(), args.scan.debugDelayMs)
                             : std::from_chars_result{v.data(), std::errc::invalid_argument};
      if (parsed.ec != std::errc() || parsed.ptr != v.data() + v.size())
        return usageError("--debug-tu-delay needs milliseconds");
    } else if (arg == "-h" || arg == "--help") {
      llvm::outs() << kUsage;
      return kExitClean;
    } else if (!arg.empty() && arg[0] == '-') {
      std::string option = arg.substr(0, arg.find('='));
      return usageError("unknown option '" + arg + "'" + didYouMean(option, usageOptions(kUsage)));
    } else {
      args.plan.paths.push_back(arg);
    }
  }
  return std::nullopt;
}

// --color: auto colours a terminal unless NO_COLOR is set to anything (no-color.org).
bool colorFor(const std::string &mode, int fd) {
  if (mode != "auto") return mode == "always";
  const char *noColor = std::getenv("NO_COLOR");
  return !(noColor && *noColor) && ::isatty(fd);
}

std::string currentDirectory() {
  llvm::SmallString<256> cwd;
  llvm::sys::fs::current_path(cwd);
  return std::string(cwd);
}

std::string normalisedPath(const std::string &path) {
  llvm::SmallString<256> out(path);
  llvm::sys::fs::make_absolute(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

std::string todayUtc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string joined(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// What this scan was told to do differently from a scan with no configuration and no
// options: the evidence an auditor needs to know the gate was not quietly weakened.
std::map<std::string, std::string> nonDefaultSettings(const Config &config, const ScanArgs &args,
                                                      const std::optional<Level> &failOn) {
  std::map<std::string, std::string> out;
  if (failOn != Level::Error) out["failOn"] = failOn ? std::string(levelName(*failOn)) : "none";
  if (!args.enable.empty()) out["rules.enable"] = joined(args.enable);
  if (!args.disable.empty()) out["rules.disable"] = joined(args.disable);
  for (const auto &[id, level] : config.levels) out["rules.levels." + id] = level;
  if (!config.include.empty()) out["paths.include"] = joined(config.include);
  if (!config.exclude.empty()) out["paths.exclude"] = joined(config.exclude);
  if (!config.allow.empty()) out["allow"] = std::to_string(config.allow.size()) + " accepted finding(s)";
  if (config.allowWildcardSuppressions) out["suppressions.allowWildcards"] = "true";
  if (!args.baseline.empty()) out["baseline"] = args.baseline;
  if (!args.diffBase.empty()) out["diffBase"] = args.diffBase;
  if (args.scan.linkDepth != ScanOptions().linkDepth) out["linkDepth"] = std::to_string(args.scan.linkDepth);
  if (args.scan.limits.timeoutSeconds != WorkerLimits().timeoutSeconds)
    out["tuTimeout"] = std::to_string(args.scan.limits.timeoutSeconds);
  if (args.scan.limits.memoryMiB != WorkerLimits().memoryMiB) out["tuMemory"] = std::to_string(args.scan.limits.memoryMiB);
  if (args.shardCount) out["shard"] = std::to_string(args.shardIndex) + "/" + std::to_string(args.shardCount);
  if (args.shardCount) out["shardPlanSize"] = args.shardPlanSize;
  if (args.shardCount) out["shardPlanDigest"] = args.shardPlanDigest;
  if (!args.policy.empty()) out["policy"] = args.policy;
  if (args.allowIncomplete) out["incomplete"] = "allow";
  else if (config.incomplete && *config.incomplete != "fail") out["incomplete"] = *config.incomplete;
  return out;
}

std::string fileSha256(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) return "";
  return sha256Hex(std::string_view((*buffer)->getBufferStart(), (*buffer)->getBufferSize()));
}

ScanPredicate describeScan(const ScanResult &result, const std::optional<GitInfo> &git,
                           const std::optional<Level> &failOn, int status, const std::vector<std::string> &rules) {
  ScanPredicate p;
  p.toolVersion = ATTEST_VERSION;
  p.catalogSha256 = builtinCatalog().sha256;
  p.rules = rules;
  if (git) {
    p.repositoryUri = git->repositoryUri;
    p.commit = git->commit;
    p.branch = git->branch;
  }
  p.configFile = result.summary.configPath;
  p.configSha256 = result.summary.configSha256;
  p.configSettings = result.summary.configSettings;
  p.databaseFile = result.summary.databasePath;
  p.databaseSha256 = result.summary.databaseSha256;
  p.failOn = failOn ? std::string(levelName(*failOn)) : "none";
  p.exitStatus = status;
  // An accepted incomplete scan is still incomplete evidence; nothing analysed (2) too.
  p.result = status == kExitFindings                                      ? "fail"
             : status != kExitClean || incompleteTus(result.summary) > 0 ? "incomplete"
                                                                          : "pass";
  p.startTime = utcTimestamp(result.summary.start);
  p.endTime = utcTimestamp(result.summary.end);
  p.tusScanned = result.summary.tusScanned;
  p.tusFailedToParse = result.summary.tusFailedToParse;
  p.tusCrashed = result.summary.tusCrashed;
  p.tusSkipped = result.summary.tusSkipped;
  p.findings = {{"error", 0}, {"warning", 0}, {"note", 0}, {"suppressed", 0}};
  for (const Finding &f : result.findings) ++p.findings[f.suppressed() ? "suppressed" : std::string(levelName(f.level))];
  return p;
}

// %SRCROOT%: the checkout (or the current directory), widened to a directory that
// holds every file the results name, so that every SARIF location is relative to it.
std::string commonRoot(std::string root, const ScanResult &result) {
  auto widen = [&](const std::string &file) {
    while (!root.empty() && root != "/" && relativeTo(file, root).empty())
      root = llvm::sys::path::parent_path(root).str();
  };
  for (const Finding &f : result.findings) {
    widen(f.location.file);
    for (const RelatedLocation &r : f.related) widen(r.location.file);
  }
  for (const std::string &file : result.summary.scannedFiles) widen(file);
  for (const Notification &n : result.notifications)
    if (!n.file.empty()) widen(n.file);
  return root.empty() ? "/" : root;
}

struct ScanOutcome {
  int status = kExitClean;
  ScanResult result;
  Verdict verdict;
};

std::optional<int> runScanPipeline(ScanArgs &args, int argc, const char **argv, ScanOutcome &outcome) {
  std::string cwd = currentDirectory();
  std::string startDir = args.plan.paths.empty() ? cwd : args.plan.paths.front();
  if (!llvm::sys::fs::is_directory(startDir)) startDir = llvm::sys::path::parent_path(startDir).str();
  if (startDir.empty()) startDir = cwd;
  startDir = normalisedPath(startDir);  // `.`, `./src`, `src/`: the git top level and roots are clean paths

  std::string error;
  std::optional<Config> config = loadConfig(args.config, startDir, builtinCatalog(), error);
  if (!config) {
    llvm::errs() << error << "\n";
    return kExitUsage;
  }
  // The command line overrides the file: --enable replaces its list, --disable adds.
  if (args.enable.empty()) args.enable = config->enable;
  args.disable.insert(args.disable.end(), config->disable.begin(), config->disable.end());
  std::optional<Level> failOn = Level::Error;
  if (config->failOn) failOn = *config->failOn == "none" ? std::nullopt : parseLevel(*config->failOn);
  if (args.failOn) failOn = *args.failOn;
  if (config->linkDepth && !args.linkDepthGiven) args.scan.linkDepth = *config->linkDepth;
  args.scan.limits.timeoutSeconds = args.tuTimeout.value_or(config->tuTimeout.value_or(args.scan.limits.timeoutSeconds));
  args.scan.limits.memoryMiB = args.tuMemory.value_or(config->tuMemory.value_or(args.scan.limits.memoryMiB));
  std::optional<Policy> policy;
  if (!args.policy.empty()) {
    if (!(policy = loadPolicy(args.policy, builtinCatalog(), error))) {
      llvm::errs() << error << "\n";
      return kExitUsage;
    }
    failOn = atLeastPolicy(failOn, *policy);
  }
  args.scan.enabledRules = selectRules(args);

  // Fail before a long scan, not after it.
  for (auto [flag, path] : {std::pair<const char *, std::string *>{"--sarif", &args.sarif},
                            {"--junit", &args.junit}, {"--gitlab-sast", &args.gitlabSast}, {"--cbom", &args.cbom}, {"--attestation", &args.attestation},
                            {"--report", &args.report}}) {
    if (path->empty() || writesToStandardOutput({*path})) continue;
    llvm::SmallString<256> dir(llvm::sys::path::parent_path(*path));
    if (dir.empty()) dir = ".";
    if (llvm::sys::fs::is_directory(*path))
      return usageError(std::string(flag) + ": '" + *path + "' is a directory");
    if (llvm::sys::fs::exists(dir) && !llvm::sys::fs::is_directory(dir))
      return usageError(std::string(flag) + ": '" + std::string(dir) + "' is not a directory");
    if (!llvm::sys::fs::is_directory(dir))
      return usageError(std::string(flag) + ": directory '" + std::string(dir) + "' does not exist");
    if (llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write))
      return usageError(std::string(flag) + ": directory '" + std::string(dir) + "' is not writable");
  }
  if (std::string conflict = standardOutputConflict({{"--sarif", args.sarif}, {"--junit", args.junit},
                                                     {"--gitlab-sast", args.gitlabSast}, {"--cbom", args.cbom},
                                                     {"--attestation", args.attestation}, {"--report", args.report}});
      !conflict.empty())
    return usageError(conflict);
  if (!args.attestation.empty() && args.sarif.empty() && args.report.empty() && args.junit.empty() &&
      args.gitlabSast.empty() && args.cbom.empty())
    return usageError("--attestation attests the files the scan writes: add --sarif, --report, --junit, "
                      "--gitlab-sast or --cbom");
  std::optional<std::vector<BaselineEntry>> baseline;
  if (!args.baseline.empty()) {
    baseline = readBaseline(args.baseline, error);
    if (!baseline) {
      llvm::errs() << "attest: error: " << error << "\n";
      return kExitUsage;
    }
  }

  std::optional<ScanPlan> plan = planScan(args.plan, error);
  if (!plan) {
    llvm::errs() << "attest: error: " << error << "\n";
    return kExitUsage;
  }
  if (plan->databasePath.empty())
    llvm::errs() << "attest: no compilation database; using the flags after '--' for every file\n";
  size_t before = plan->units.size();
  std::erase_if(plan->units, [&](const TranslationUnit &tu) { return !pathInScope(*config, tu.file); });
  unsigned excluded = before - plan->units.size();
  std::optional<GitInfo> git = findGitInfo(startDir);

  std::optional<ChangeSet> changes;
  unsigned unchanged = 0;
  if (!args.diffBase.empty()) {
    if (!git) return usageError("--diff-base: '" + startDir + "' is not in a git checkout");
    changes = changedSince(args.diffBase, git->topLevel, error);
    if (!changes) {
      llvm::errs() << "attest: error: " << error << "\n";
      return kExitUsage;
    }
    std::vector<std::vector<std::string>> includes = listIncludes(*plan, args.scan.jobs);
    std::vector<TranslationUnit> touched;
    for (size_t i = 0; i < plan->units.size(); ++i) {
      bool hit = changes->touches(plan->units[i].file);
      for (const std::string &file : includes[i]) hit = hit || changes->touches(file);
      if (hit) touched.push_back(plan->units[i]);
    }
    unchanged = plan->units.size() - touched.size();
    plan->units = std::move(touched);
    llvm::errs() << "attest: --diff-base " << args.diffBase << ": " << plan->units.size() << " TU(s) touched by changes, "
                 << unchanged << " skipped\n";
  }

  if (args.shardCount) {
    std::string root = git ? git->topLevel : cwd;
    args.shardPlanSize = std::to_string(plan->units.size());
    args.shardPlanDigest = shardPlanDigest(plan->units, root);
    plan->units = selectShard(plan->units, args.shardIndex, args.shardCount, root);
    llvm::errs() << "attest: shard " << args.shardIndex << "/" << args.shardCount << ": " << plan->units.size()
                 << " TU(s)\n";
  }
  std::unique_ptr<ResultCache> cache;
  const char *noCacheEnv = std::getenv("ATTEST_NO_CACHE");
  bool cacheOff = args.noCache || (args.cacheDir.empty() && noCacheEnv && *noCacheEnv && std::string(noCacheEnv) != "0");
  std::string cacheDir = args.cacheDir.empty() ? ResultCache::defaultDirectory() : args.cacheDir;
  if (!cacheOff && !cacheDir.empty()) {
    // The binary itself (checks, embedded catalog and pattern files) is part of the key:
    // a rebuilt attest never reuses an older build's results.
    std::string binaryDigest = executableBuildId();
    if (binaryDigest.empty()) {  // linked without --build-id: hash the file
      std::string self = llvm::sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&runCli));
      if (auto buffer = llvm::MemoryBuffer::getFile(self, /*IsText=*/false))
        binaryDigest = sha256Hex(std::string_view((*buffer)->getBufferStart(), (*buffer)->getBufferSize()));
    }
    std::string salt = std::string(ATTEST_VERSION) + '\0' + binaryDigest + '\0' + builtinCatalog().sha256 + '\0' +
                       args.scan.debugCrashOn;
    for (const std::string &id : args.scan.enabledRules) salt += '\0' + id;
    if (!args.cbom.empty()) salt += std::string("\0cbom", 5);  // the crypto and TLS checks run whatever the rules
    // Findings carry secretDigest under this key: a scan with another key (or none) differs.
    if (const char *key = std::getenv("ATTEST_HMAC_KEY"); key && *key) salt += std::string("\0hmac\0", 6) + sha256Hex(key);
    cache = std::make_unique<ResultCache>(cacheDir, salt);
    args.scan.cache = cache.get();
  }

  ScanResult &result = outcome.result;
  std::vector<CryptoAsset> inventory;
  if (!args.cbom.empty()) args.scan.inventory = &inventory;
  Progress progress(progressModeFor(args.noProgress), cwd, heartbeatSeconds());
  args.scan.progress = &progress;
  result = runScan(*plan, args.scan);
  std::vector<std::string> textRoots = textScanRoots(args.plan, plan->databasePath);
  scanTextFiles(textRoots, args.scan, result);  // config files of the tree (secrets rules)
  result.summary.tusExcluded = excluded;
  result.summary.tusUnchanged = unchanged;
  result.sourceRoot = commonRoot(git ? git->topLevel : cwd, result);
  for (int i = 0; i < argc; ++i) result.commandLine.push_back(argv[i]);
  CollectOptions collect{&*config, baseline ? &*baseline : nullptr, args.baseline, changes ? &*changes : nullptr,
                         todayUtc(), args.reportUnused};
  collect.governance = governanceFindings(policy ? &*policy : nullptr, *config, collect.changes, builtinCatalog());
  collectFindings(result, collect);
  result.summary.configSettings = nonDefaultSettings(*config, args, failOn);
  if (!plan->databasePath.empty()) {
    result.summary.databasePath = plan->databasePath;
    result.summary.databaseSha256 = fileSha256(plan->databasePath);
  }

  progress.stop();  // the results replace the progress line
  if (!args.quiet) {  // on stderr when an output ('-') has standard output
    bool toStderr = writesToStandardOutput({args.sarif, args.junit, args.gitlabSast, args.cbom, args.attestation,
                                            args.report});
    llvm::raw_ostream &listing = toStderr ? llvm::errs() : llvm::outs();
    if (args.format == "github") listing << formatGithub(result, cwd);
    else listing << formatText(result, cwd, args.showSuppressed, colorFor(args.color, toStderr ? 2 : 1));
  }
  llvm::outs().flush();
  bool colorErrors = colorFor(args.color, 2);
  for (const Notification &n : result.notifications)
    if (n.level != Level::Note || n.id == "tu-inferred" || n.id == "suppression-unused")
      llvm::errs() << formatNotification(n, "", colorErrors);
  llvm::errs() << formatSummary(result);

  GateOptions gate{failOn, changes ? &*changes : nullptr, baseline.has_value(), changes || args.shardCount};
  if (config->incomplete) gate.completeness = *parseCompletenessPolicy(*config->incomplete);
  if (args.allowIncomplete) gate.completeness.allowAll = true;
  Verdict verdict = decideGate(result, gate);
  if (!verdict.message.empty())
    llvm::errs() << "attest: " << (verdict.nothingAnalysed ? "error: " : verdict.incompleteAllowed ? "" : "warning: ")
                 << verdict.message << "\n";
  int status = verdict.status;

  // One SARIF log in memory: the --sarif file and the report are built from the same bytes.
  std::vector<std::pair<std::string, std::string>> outputs;  // path, content
  if (!args.sarif.empty() || !args.report.empty()) {
    std::vector<std::string> ruleIds = args.scan.enabledRules;
    for (const char *meta : kMetaRules) ruleIds.push_back(meta);
    if (policy || changes) ruleIds.push_back(kPolicyRule);
    SarifOptions options{ruleIds, git, cwd, textRoots};
    nlohmann::json sarif = buildSarif(result, builtinCatalog(), options);
    if (!args.sarif.empty()) outputs.push_back({args.sarif, sarifText(sarif)});
    if (!args.report.empty()) {
      std::string report;
      if (!renderReportFile(sarif, args.sarif.empty() ? "(this scan)" : args.sarif, args.report, report, error)) {
        llvm::errs() << "attest: error: " << error << "\n";
        return kExitUsage;
      }
      outputs.push_back({args.report, std::move(report)});
    }
  }
  if (!args.junit.empty()) outputs.push_back({args.junit, formatJunit(result, builtinCatalog(), args.scan.enabledRules)});
  if (!args.gitlabSast.empty()) outputs.push_back({args.gitlabSast, formatGitlabSast(result, builtinCatalog())});
  if (!args.cbom.empty()) {
    std::erase_if(inventory, [&](const CryptoAsset &a) { return !pathInScope(*config, a.file); });
    outputs.push_back({args.cbom, sarifText(buildCbom(inventory, {result.sourceRoot, ATTEST_VERSION}))});
  }
  for (const auto &[path, content] : outputs)
    if (!writeFileAtomically(content, path, error)) {
      llvm::errs() << "attest: error: " << error << "\n";
      return kExitUsage;
    }
  if (!args.attestation.empty()) {
    std::vector<DigestedFile> subjects;
    for (const auto &[path, content] : outputs) subjects.push_back({path, path});
    ScanPredicate predicate = describeScan(result, git, failOn, status, args.scan.enabledRules);
    nlohmann::json statement;
    if (!buildAttestation(subjects, predicate, statement, error) ||
        !writeJsonAtomically(statement, args.attestation, error)) {
      llvm::errs() << "attest: error: " << error << "\n";
      return kExitUsage;
    }
  }
  outcome.status = status;
  outcome.verdict = verdict;
  return std::nullopt;
}

int runScanCommand(int argc, const char **argv) {
  ScanArgs args;
  if (std::optional<int> status = parseScanArgs(argc, argv, 2, args)) return *status;
  if (clangResourceDir().empty())
    return usageError("Clang's builtin headers (stddef.h) were not found next to attest or in the clang it was "
                      "built with: install libclang-common-19-dev, or pass --resource-dir DIR");
  ScanOutcome outcome;
  if (std::optional<int> status = runScanPipeline(args, argc, argv, outcome)) return *status;
  return outcome.status;
}

// attest baseline create -o FILE [scan arguments]: today's findings, accepted.
int runBaselineCommand(int argc, const char **argv) {
  if (argc < 3 || std::string(argv[2]) != "create")
    return usageError("usage: attest baseline create -o FILE [scan arguments]");
  std::vector<const char *> scanArgv = {argv[0], "scan"};
  std::string output;
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "-o" || arg == "--output") && i + 1 < argc) output = argv[++i];
    else if (arg.rfind("--output=", 0) == 0) output = arg.substr(9);
    else scanArgv.push_back(argv[i]);
  }
  if (output.empty()) return usageError("baseline create needs -o FILE");
  ScanArgs args;
  if (std::optional<int> status = parseScanArgs(scanArgv.size(), scanArgv.data(), 2, args)) return *status;
  args.sarif = output;
  args.quiet = true;  // no listing; the progress stays unless -q was given
  ScanOutcome outcome;
  if (std::optional<int> status = runScanPipeline(args, argc, argv, outcome)) return *status;
  llvm::errs() << "attest: baseline of " << outcome.result.findings.size() << " finding(s) written to " << output << "\n";
  // The accepted findings are the point here; an incomplete baseline still says so.
  const Verdict &v = outcome.verdict;
  return v.nothingAnalysed ? kExitUsage : v.incomplete && !v.incompleteAllowed ? kExitIncomplete : kExitClean;
}

int runInitCommand(int argc, const char **argv) {
  bool force = argc > 2 && std::string(argv[2]) == "--force";
  if (argc > 2 && !force) return usageError("init: unknown argument '" + std::string(argv[2]) + "'");
  if (llvm::sys::fs::exists(".attest.yaml") && !force)
    return usageError(".attest.yaml already exists (use --force to overwrite)");
  std::string error;
  if (!writeFileAtomically(defaultConfigText(), ".attest.yaml", error)) {
    llvm::errs() << "attest: error: " << error << "\n";
    return kExitUsage;
  }
  llvm::outs() << "wrote .attest.yaml\n";
  return kExitClean;
}

std::string joinIds(const std::vector<std::string> &ids, const char *prefix = "") {
  std::string out;
  for (const std::string &id : ids) out += (out.empty() ? "" : ", ") + std::string(prefix) + id;
  return out;
}

int runRulesCommand(int argc, const char **argv) {
  std::string format = "table";
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--format" && i + 1 < argc) format = argv[++i];
    else if (arg.rfind("--format=", 0) == 0) format = arg.substr(9);
    else return usageError("rules: unknown argument '" + arg + "'" + didYouMean(arg, usageOptions(*commandUsage("rules", kUsage))));
  }
  const Catalog &catalog = builtinCatalog();
  if (format == "json") {
    nlohmann::json rules = nlohmann::json::array();
    for (const Rule &r : catalog.rules)
      rules.push_back({{"id", r.id}, {"name", r.name}, {"shortDescription", r.shortDescription},
                       {"fullDescription", r.fullDescription}, {"help", r.help},
                       {"level", levelName(r.level)}, {"securitySeverity", r.securitySeverity},
                       {"precision", r.precision}, {"tags", r.tags}, {"cwe", r.cwe}, {"asvs", r.asvs},
                       {"casa", r.casa}, {"soc2", r.soc2}, {"owaspTop10", r.owaspTop10},
                       {"references", r.references}});
    nlohmann::json taxonomies = nlohmann::json::object();
    for (const Taxonomy &t : catalog.taxonomies) {
      nlohmann::json taxa = nlohmann::json::array();
      for (const Taxon &x : t.taxa) {
        nlohmann::json item = {{"id", x.id}, {"name", x.name}};
        if (!x.levels.empty()) item["levels"] = x.levels;
        if (!x.note.empty()) item["note"] = x.note;
        taxa.push_back(item);
      }
      taxonomies[t.key] = taxa;
    }
    nlohmann::json doc = {{"version", ATTEST_VERSION}, {"catalogSha256", catalog.sha256},
                          {"rules", rules}, {"taxonomies", taxonomies}};
    llvm::outs() << doc.dump(2) << "\n";
    return kExitClean;
  }
  if (format != "table") return usageError("rules: --format must be table or json");
  size_t width = 4;
  for (const Rule &r : catalog.rules) width = std::max(width, r.id.size());
  auto row = [&](const std::string &id, const std::string &level, const std::string &cwe, const std::string &soc2) {
    llvm::outs() << id << std::string(width + 2 - id.size(), ' ') << level
                 << std::string(level.size() < 9 ? 9 - level.size() : 1, ' ') << cwe
                 << std::string(cwe.size() < 22 ? 22 - cwe.size() : 1, ' ') << soc2 << "\n";
  };
  row("ID", "LEVEL", "CWE", "SOC 2");
  for (const Rule &r : catalog.rules)
    row(r.id, std::string(levelName(r.level)), joinIds(r.cwe, "CWE-"), joinIds(r.soc2));
  return kExitClean;
}
}  // namespace

int runCli(int argc, const char **argv) {
  if (argc < 2) {
    llvm::errs() << kUsage;
    return kExitUsage;
  }
  std::string command = argv[1];
  // `attest CMD --help` for every subcommand (scan and report parse it themselves).
  if (argc > 2 && command != "scan" && command != "report" && command != "merge" &&
      (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h"))
    if (std::optional<std::string> usage = commandUsage(command, kUsage)) {
      llvm::outs() << *usage;
      return kExitClean;
    }
  if (command == "help" && argc > 2) {
    if (std::string(argv[2]) == "--man") {  // for the build: the installed man page
      llvm::outs() << manPage(kUsage, ATTEST_VERSION);
      return kExitClean;
    }
    if (std::optional<std::string> usage = commandUsage(argv[2], kUsage)) {
      llvm::outs() << *usage;
      return kExitClean;
    }
    return usageError("help: unknown command '" + std::string(argv[2]) + "'" + didYouMean(argv[2], commandNames()));
  }
  if (command == "scan") return runScanCommand(argc, argv);
  if (command == "rules") return runRulesCommand(argc, argv);
  if (command == "init") return runInitCommand(argc, argv);
  if (command == "baseline") return runBaselineCommand(argc, argv);
  if (command == "merge") return runMergeCommand(argc, argv);
  if (command == "fix") return runFixCommand(argc, argv);
  if (command == "report") return runReportCommand(argc, argv);
  if (command == "version" || command == "--version") {
    llvm::outs() << "attest " << ATTEST_VERSION << "\n"
                 << "parser: " << clang::getClangFullVersion() << "\n"
                 << "catalog: sha256 " << builtinCatalog().sha256 << " (" << builtinCatalog().rules.size()
                 << " rules)\n";
    return kExitClean;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    llvm::outs() << kUsage;
    return kExitClean;
  }
  return usageError("unknown command '" + command + "'" + didYouMean(command, commandNames()));
}

}  // namespace attest
