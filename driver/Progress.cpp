#include "driver/Progress.h"
#include "reports/TextWriter.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <sys/ioctl.h>
#include <unistd.h>

namespace attest {
namespace {

// A line is not drawn before this: a scan over in half a second only flickers.
constexpr double kFirstDrawSeconds = 0.5;
// Redraws at most this often: a terminal over ssh pays for every byte.
constexpr double kRedrawSeconds = 0.1;

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

size_t terminalWidth() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// Code points, not bytes: the escaped name is valid UTF-8 and each code point is one column
// for the scripts file names use in practice.
size_t columns(const std::string &text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xc0) != 0x80;
  return n;
}

// The last `width` columns of `text`, "…" in front when cut: the end of a path names the file.
std::string lastColumns(const std::string &text, size_t width) {
  if (columns(text) <= width) return text;
  if (width == 0) return "";
  size_t keep = width - 1, start = text.size();
  for (size_t n = 0; start > 0 && n < keep;) {
    --start;
    n += (static_cast<unsigned char>(text[start]) & 0xc0) != 0x80;
  }
  return "\u2026" + text.substr(start);
}

std::string duration(double s) {
  char buffer[32];
  if (s < 60) std::snprintf(buffer, sizeof buffer, "%.0fs", s);
  else if (s < 3600) std::snprintf(buffer, sizeof buffer, "%dm%02ds", int(s) / 60, int(s) % 60);
  else std::snprintf(buffer, sizeof buffer, "%dh%02dm", int(s) / 3600, int(s) % 3600 / 60);
  return buffer;
}
}  // namespace

ProgressMode progressModeFor(bool quiet) {
  if (quiet) return ProgressMode::Off;
  const char *term = std::getenv("TERM");
  // A dumb terminal (an editor's shell buffer) shows "\r" and "\x1b[K" as they are.
  bool dumb = term && std::string(term) == "dumb";
  return ::isatty(STDERR_FILENO) && !dumb ? ProgressMode::Line : ProgressMode::Heartbeat;
}

double heartbeatSeconds() {
  const char *v = std::getenv("ATTEST_HEARTBEAT_SECONDS");
  if (!v || !*v) return 60;
  char *end = nullptr;
  double s = std::strtod(v, &end);
  return *end == '\0' && s > 0 ? s : 60;
}

Progress::Progress(ProgressMode mode, std::string base, double heartbeatSeconds)
    : mode_(mode), base_(std::move(base)), interval_(heartbeatSeconds) {}

void Progress::start(size_t total, size_t ready) {
  total_ = total;
  done_ = fromCache_ = ready;
  started_ = beat_ = Clock::now();
}

void Progress::finished(const std::string &file) {
  ++done_;
  if (mode_ == ProgressMode::Line) last_ = displayPath(file, base_);
  tick();
}

void Progress::tick() {
  if (stopped_) return;
  if (mode_ == ProgressMode::Line) draw();
  else if (mode_ == ProgressMode::Heartbeat) heartbeat();
}

void Progress::stop() {
  if (shown_) llvm::errs() << "\r\x1b[K";
  shown_ = false;
  stopped_ = true;
}

std::string Progress::line() const {
  std::string counts = "[" + std::to_string(done_) + "/" + std::to_string(total_) + "] ";
  std::string tail;
  double elapsed = seconds(Clock::now() - started_);
  size_t analysed = done_ - fromCache_;
  if (analysed > 0 && elapsed > 0) {
    double rate = analysed / elapsed;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "  %.1f TU/s", rate);
    tail = buffer;
    if (done_ < total_) tail += "  ETA " + duration((total_ - done_) / rate);
  }
  // One column short of the width: a line that fills it wraps on some terminals, and "\r"
  // would then rewrite only its second half.
  size_t width = terminalWidth() - 1;
  size_t fixed = columns(counts) + columns(tail);
  std::string name = fixed < width ? lastColumns(last_, width - fixed) : "";
  std::string out = counts + name + tail;
  return columns(out) <= width ? out : lastColumns(counts, width);
}

void Progress::draw() {
  Clock::time_point now = Clock::now();
  if (seconds(now - started_) < kFirstDrawSeconds || seconds(now - drawn_) < kRedrawSeconds) return;
  drawn_ = now;
  shown_ = true;
  llvm::errs() << "\r\x1b[K" << line();
}

void Progress::heartbeat() {
  Clock::time_point now = Clock::now();
  if (seconds(now - beat_) < interval_) return;
  beat_ = now;
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f s", seconds(now - started_));
  llvm::errs() << "attest: " << done_ << "/" << total_ << " TUs analysed, " << elapsed << "\n";
}

}  // namespace attest
