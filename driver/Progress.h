// What a scan says while it runs, on stderr: a long scan must not look hung (CI jobs are
// killed after some minutes without output), a short one prints nothing extra.
//
// On a terminal, one line rewritten in place ("[37/121] src/net.c  2.4 TU/s  ETA 35s"),
// erased before the results are printed. Elsewhere (a CI log, a file) a heartbeat line at
// most once per interval (default 60 s): a log of rewritten lines would be noise.
#pragma once
#include <chrono>
#include <cstddef>
#include <string>

namespace attest {

enum class ProgressMode { Off, Line, Heartbeat };

// Line on a terminal stderr, Heartbeat otherwise; Off with -q.
ProgressMode progressModeFor(bool quiet);
// ATTEST_HEARTBEAT_SECONDS (for the tests, not in --help): the heartbeat interval.
double heartbeatSeconds();

class Progress {
public:
  // `base`: file names are shown relative to it when under it.
  Progress(ProgressMode mode, std::string base, double heartbeatSeconds = 60);
  ~Progress() { stop(); }  // a scan that ends early leaves no half line behind
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;
  // The scan's size is known: `total` TUs, `ready` of them already done (from the cache).
  void start(size_t total, size_t ready);
  // A TU finished (analysed, crashed or timed out).
  void finished(const std::string &file);
  // Called often while TUs run (a few times a second): redraws and heartbeats.
  void tick();
  // Erases the line; nothing more is shown after it.
  void stop();

private:
  using Clock = std::chrono::steady_clock;
  void draw();
  void heartbeat();
  std::string line() const;

  ProgressMode mode_;
  std::string base_;
  double interval_;
  size_t total_ = 0, done_ = 0, fromCache_ = 0;
  std::string last_;  // the last TU finished, neutralised for the terminal
  Clock::time_point started_ = Clock::now(), drawn_{}, beat_{};
  bool shown_ = false, stopped_ = false;
};

}  // namespace attest
