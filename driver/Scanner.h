// Planning which TUs to scan and scanning them: one ClangTool and one MatchFinder
// per TU, each TU in a worker process of its own (driver/Worker.h), N at a time.
#pragma once
#include "driver/Worker.h"
#include "core/Finding.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct TranslationUnit {
  std::string file;       // absolute
  std::string directory;  // the compile command's working directory
  std::vector<std::string> arguments;  // argv, compiler first
};

struct PlanRequest {
  std::vector<std::string> paths;      // files or directories; empty: the whole database
  std::string buildDir;                // -p
  std::vector<std::string> extraArgs;  // after --
  bool haveExtraArgs = false;          // "--" was given
};

struct ScanPlan {
  std::vector<TranslationUnit> units;
  std::string databasePath;  // empty for a fixed database from "--"
  std::vector<Notification> notifications;
  unsigned skipped = 0;
};

// Finds and loads the compilation database and selects the TUs. On a usage or
// input error returns nullopt with `error` set (exit status 2).
std::optional<ScanPlan> planScan(const PlanRequest &request, std::string &error);

class ResultCache;
class Progress;
struct CryptoAsset;

struct ScanOptions {
  unsigned jobs = 0;                 // 0: one per core
  std::vector<std::string> enabledRules;  // the rule ids in effect
  std::string debugCrashOn;          // hidden fault injection: crash on a TU whose path ends so
  unsigned debugDelayMs = 0;         // hidden: every analysed TU takes this much longer (progress tests)
  Progress *progress = nullptr;      // told of every TU that ends (driver/Progress.h)
  ResultCache *cache = nullptr;      // unchanged TUs are not parsed
  unsigned linkDepth = 6;            // hops the link step follows across functions (0: off)
  WorkerLimits limits;               // per TU: --tu-timeout, --tu-memory
  // The cryptography inventory (--cbom): when set, the crypto/ and tls/ checks run even
  // if their rules are off, and every TU's crypto assets (scrubbed of secrets) end up here.
  std::vector<CryptoAsset> *inventory = nullptr;
};

// A deterministic, size-balanced 1/N of the TUs (k in 1..N). TUs are ordered by a hash
// of their path relative to `root` (the same on every runner) and cut into N runs of
// equal total size, so adding a file moves only TUs next to a boundary.
std::vector<TranslationUnit> selectShard(const std::vector<TranslationUnit> &units, unsigned k, unsigned n,
                                         const std::string &root);

ScanResult runScan(const ScanPlan &plan, const ScanOptions &options);

// The files each TU includes (absolute paths), from a preprocessor-only run: a
// fraction of a parse. Used by --diff-base to find the TUs that a changed header touches.
std::vector<std::vector<std::string>> listIncludes(const ScanPlan &plan, unsigned jobs);

// Rule ids that some linked check reports, in registration order.
std::vector<std::string> implementedRuleIds();

}  // namespace attest
