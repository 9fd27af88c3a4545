#include "driver/Worker.h"
#include "core/InputFile.h"
#include "driver/ResultCache.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using nlohmann::json;

namespace attest {
namespace {

// A worker that cannot allocate exits with this status instead of aborting, so that the
// parent tells running out of memory from a crash.
constexpr int kExitOutOfMemory = 86;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;  // the sanitizers reserve terabytes of shadow memory
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

[[noreturn]] void outOfMemory() { _exit(kExitOutOfMemory); }

void outOfMemoryHandler(void *, const char *, bool) { outOfMemory(); }

// In the child: limits first, then the work; never returns.
[[noreturn]] void runChild(int fd, pid_t parent, const WorkerLimits &limits, const std::function<std::string(size_t)> &work,
                           size_t index) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // a scan that is killed takes its workers with it
  if (getppid() != parent) _exit(1);
  rlimit noCore{0, 0};
  setrlimit(RLIMIT_CORE, &noCore);  // a crashing TU leaves no core file in the build tree
  if (limits.memoryMiB && !kSanitized) {
    rlimit as{};
    as.rlim_cur = as.rlim_max = rlim_t(limits.memoryMiB) << 20;
    setrlimit(RLIMIT_AS, &as);
  }
  std::set_new_handler(outOfMemory);
  llvm::install_bad_alloc_error_handler(outOfMemoryHandler);
  std::string bytes = work(index);
  _exit(writeAllToFd(fd, bytes) ? 0 : 1);  // _exit: the parent's atexit handlers and buffers are not ours
}

struct Running {
  pid_t pid = -1;
  int fd = -1;
  size_t index = 0;
  std::string bytes;
  std::chrono::steady_clock::time_point deadline;
  bool timedOut = false;
};

std::string signalName(int sig) {
  const char *abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

WorkerStatus classify(const Running &r, int status) {
  if (r.timedOut) return {WorkerEnd::TimedOut, ""};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {WorkerEnd::Finished, ""};
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory) return {WorkerEnd::OutOfMemory, ""};
  if (WIFSIGNALED(status)) return {WorkerEnd::Crashed, signalName(WTERMSIG(status))};
  return {WorkerEnd::Crashed, "exit status " + std::to_string(WEXITSTATUS(status))};
}

pid_t spawn(size_t index, const WorkerLimits &limits, const std::function<std::string(size_t)> &work,
            std::vector<Running> &running) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  llvm::outs().flush();  // the child must not write the parent's buffered output again
  std::fflush(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    ::close(fds[0]);
    for (const Running &r : running) ::close(r.fd);
    runChild(fds[1], parent, limits, work, index);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return -1;
  }
  Running r;
  r.pid = pid;
  r.fd = fds[0];
  r.index = index;
  r.deadline = limits.timeoutSeconds ? std::chrono::steady_clock::now() + std::chrono::seconds(limits.timeoutSeconds)
                                     : std::chrono::steady_clock::time_point::max();
  running.push_back(std::move(r));
  return pid;
}

// How often the parent wakes for `tick` while workers run: a progress line's clock.
constexpr int kTickMs = 200;

int pollTimeoutMs(const std::vector<Running> &running) {
  auto now = std::chrono::steady_clock::now();
  auto next = std::chrono::steady_clock::time_point::max();
  for (const Running &r : running)
    if (!r.timedOut) next = std::min(next, r.deadline);
  if (next == std::chrono::steady_clock::time_point::max()) return -1;
  if (next <= now) return 0;
  return int(std::min<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1, 60000));
}
}  // namespace

void runInWorkers(size_t count, unsigned jobs, const WorkerLimits &limits,
                  const std::function<std::string(size_t)> &work,
                  const std::function<void(size_t, const WorkerStatus &, std::string &&)> &done,
                  const std::function<void()> &tick) {
  jobs = std::max(1u, jobs);
  std::vector<Running> running;
  size_t next = 0;
  while (next < count || !running.empty()) {
    while (running.size() < jobs && next < count) {
      size_t index = next++;
      if (spawn(index, limits, work, running) < 0)
        done(index, {WorkerEnd::Crashed, std::string("could not start a worker: ") + std::strerror(errno)}, {});
    }
    if (running.empty()) continue;
    std::vector<pollfd> fds;
    for (const Running &r : running) fds.push_back({r.fd, POLLIN, 0});
    int timeout = pollTimeoutMs(running);
    if (tick) timeout = timeout < 0 ? kTickMs : std::min(timeout, kTickMs);
    int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0 && errno != EINTR) {
      llvm::errs() << "attest: poll: " << std::strerror(errno) << "\n";
      std::abort();  // cannot happen with valid descriptors
    }
    auto now = std::chrono::steady_clock::now();
    for (size_t i = running.size(); i-- > 0;) {
      Running &r = running[i];
      if (!r.timedOut && now >= r.deadline) {
        ::kill(r.pid, SIGKILL);  // the pipe reaches end-of-file when it is gone
        r.timedOut = true;
      }
      if (ready <= 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[1 << 16];
      ssize_t n = ::read(r.fd, buffer, sizeof buffer);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n > 0) {
        r.bytes.append(buffer, size_t(n));
        continue;
      }
      ::close(r.fd);
      int status = 0;
      while (::waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
      }
      Running finished = std::move(r);
      running.erase(running.begin() + i);
      done(finished.index, classify(finished, status), std::move(finished.bytes));
    }
    if (tick) tick();
  }
}

std::string encodeOutcome(const TuOutcome &o) {
  json findings = json::array(), notifications = json::array(), assets = json::array();
  for (const Finding &f : o.findings) findings.push_back(findingToJson(f));
  for (const Notification &n : o.notifications) notifications.push_back(notificationToJson(n));
  for (const CryptoAsset &a : o.assets) assets.push_back(cryptoAssetToJson(a));
  json j = {{"findings", findings},   {"notifications", notifications},
            {"secrets", o.secrets},   {"includes", o.includes}, {"absent", o.absent},
            {"assets", assets},       {"summary", json::binary(json::to_msgpack(summaryToJson(o.summary)))},
            {"crashed", o.crashed},   {"parseFailed", o.parseFailed}};
  std::vector<std::uint8_t> bytes = json::to_msgpack(j);
  return std::string(bytes.begin(), bytes.end());
}

std::optional<TuOutcome> decodeOutcome(const std::string &bytes) {
  json j = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  try {
    TuOutcome o;
    for (const json &f : j.at("findings")) {
      std::optional<Finding> finding = findingFromJson(f);
      if (!finding) return std::nullopt;
      o.findings.push_back(std::move(*finding));
    }
    for (const json &n : j.at("notifications")) {
      std::optional<Notification> notification = notificationFromJson(n);
      if (!notification) return std::nullopt;
      o.notifications.push_back(std::move(*notification));
    }
    for (const json &a : j.at("assets")) {
      std::optional<CryptoAsset> asset = cryptoAssetFromJson(a);
      if (!asset) return std::nullopt;
      o.assets.push_back(std::move(*asset));
    }
    o.secrets = j.at("secrets").get<std::set<std::string>>();
    o.includes = j.at("includes").get<std::vector<std::string>>();
    o.absent = j.at("absent").get<std::vector<std::string>>();
    json summary = json::from_msgpack(j.at("summary").get_binary(), true, false);
    std::optional<TuSummary> decoded = summary.is_discarded() ? std::nullopt : summaryFromJson(summary);
    if (!decoded) return std::nullopt;
    o.summary = std::move(*decoded);
    o.crashed = j.at("crashed");
    o.parseFailed = j.at("parseFailed");
    return o;
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

}  // namespace attest
