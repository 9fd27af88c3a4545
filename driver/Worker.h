// Worker processes: each TU is analysed in a child forked from the scanner after the check
// registry and the catalog are loaded, with a wall-time and an address-space limit. A TU
// that overflows the stack, runs out of memory or never ends takes down only its child:
// the parent turns the child's end into a notification for that TU and goes on.
//
// Fork rather than re-executing attest: a fork costs well under a millisecond and the
// child starts with everything initialised; a re-executed worker would load the binary,
// parse the catalog and build the registry again for every TU (bench/README.md).
#pragma once
#include "reports/Cbom.h"
#include "core/Finding.h"
#include "core/Summary.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace attest {

struct WorkerLimits {
  unsigned timeoutSeconds = 600;        // wall time per TU; 0: none
  std::uint64_t memoryMiB = 8192;       // address space of a worker per TU; 0: none
};

enum class WorkerEnd { Finished, Crashed, TimedOut, OutOfMemory };

// How a worker ended, for the parent: `detail` names the signal or exit status.
struct WorkerStatus {
  WorkerEnd end = WorkerEnd::Crashed;
  std::string detail;
};

// Runs `work(i)` for every i in [0, count) in a child process each, at most `jobs` at
// once, and calls `done(i, status, bytes)` in the parent as each child ends; `bytes` is
// what work() returned (complete only when status.end is Finished). `tick`, when set, is
// called in the parent a few times a second while children run (a progress display's
// clock: a thread of its own would break the rule below). Call with no other thread
// running: a child of a multi-threaded process may inherit a held lock.
void runInWorkers(size_t count, unsigned jobs, const WorkerLimits &limits,
                  const std::function<std::string(size_t)> &work,
                  const std::function<void(size_t, const WorkerStatus &, std::string &&)> &done,
                  const std::function<void()> &tick = {});

// What one TU produced, as the worker sends it to the parent.
struct TuOutcome {
  std::vector<Finding> findings;
  std::set<std::string> secrets;
  std::vector<std::string> includes;
  std::vector<std::string> absent;  // paths Clang looked for and did not find (sorted)
  TuSummary summary;  // facts for the link step
  std::vector<std::uint8_t> packedSummary;  // from the cache: `summary` still encoded
  std::string state;  // what the results depend on (CachedTu::state), with a cache
  std::vector<CryptoAsset> assets;  // the cryptography inventory (--cbom)
  std::vector<std::string> secretFingerprints;  // from the cache: its secrets (core/Redaction.h)
  bool fromCache = false;
  std::vector<Notification> notifications;
  bool crashed = false, parseFailed = false;
  bool timedOut = false, outOfMemory = false;
};

// MessagePack, as the cache encodes findings, summaries and assets.
std::string encodeOutcome(const TuOutcome &outcome);
std::optional<TuOutcome> decodeOutcome(const std::string &bytes);

}  // namespace attest
