// Reading a file that the user (or an attacker) named as input: a configuration, a
// baseline, a SARIF log, a compilation database. A FIFO would block the scan forever and
// /dev/zero would be read until memory runs out, so only regular files are read, and
// never more than a bound.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace attest {

// Size bounds for the inputs attest reads whole. Far above any real input.
constexpr std::uint64_t kMaxConfigBytes = 16ull << 20;
constexpr std::uint64_t kMaxSarifBytes = 2ull << 30;
constexpr std::uint64_t kMaxDatabaseBytes = 2ull << 30;
constexpr std::uint64_t kMaxResponseFileBytes = 1ull << 20;

// The contents of `path`, or nullopt with `error` set to the reason ("not a regular file
// (a FIFO)", "larger than 16 MiB", or the system's). Symlinks are followed; what they name
// must be a regular file too (or /dev/null, which reads as empty). Opening never blocks.
std::optional<std::string> readInputFile(const std::string &path, std::uint64_t maxBytes, std::string &error);

// Writes all of `bytes` to `fd`, retrying short writes and EINTR. False on an error,
// with errno left as the failing write set it.
bool writeAllToFd(int fd, std::string_view bytes);

}  // namespace attest
