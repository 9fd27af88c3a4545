#include "core/InputFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace attest {
namespace {

const char *kindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

std::string sizeText(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace

std::optional<std::string> readInputFile(const std::string &path, std::uint64_t maxBytes, std::string &error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Fd file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st;
  if (::fstat(file.fd, &st) != 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  // /dev/null is the usual way to say "no configuration": it is empty, and reading it never blocks.
  if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) return std::string();
  if (!S_ISREG(st.st_mode)) {
    error = std::string("not a regular file (") + kindOf(st.st_mode) + ")";
    return std::nullopt;
  }
  if (static_cast<std::uint64_t>(st.st_size) > maxBytes) {
    error = "larger than " + sizeText(maxBytes);
    return std::nullopt;
  }
  std::string text;
  text.reserve(static_cast<size_t>(st.st_size));
  char chunk[65536];
  for (;;) {
    ssize_t n = ::read(file.fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    // The file may grow while it is read: the bound holds for what is read, not the stat.
    if (text.size() + static_cast<size_t>(n) > maxBytes) {
      error = "larger than " + sizeText(maxBytes);
      return std::nullopt;
    }
    text.append(chunk, static_cast<size_t>(n));
  }
  return text;
}

bool writeAllToFd(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

}  // namespace attest
