// core/Baseline: readBaseline on any file contents never crashes; a rejected file
// gives an error naming it; every accepted entry can be matched, and applyBaseline
// gives every finding a state and returns exactly the entries it did not match.
#include "FuzzCheck.h"
#include "core/Baseline.h"

#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

using namespace attest;
using namespace attest::fuzz;

namespace {
// readBaseline takes a path: the input goes to an in-memory file, not the disk.
const std::string &memoryFile(const uint8_t *data, size_t size) {
  static int fd = memfd_create("baseline.sarif", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  FUZZ_CHECK(fd >= 0, "memfd_create failed");
  FUZZ_CHECK(ftruncate(fd, 0) == 0, "ftruncate failed");
  size_t done = 0;
  while (done < size) {
    ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    FUZZ_CHECK(n > 0, "pwrite failed");
    done += static_cast<size_t>(n);
  }
  return path;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string &path = memoryFile(data, size);
  std::string error;
  std::optional<std::vector<BaselineEntry>> baseline = readBaseline(path, error);
  if (!baseline) {
    FUZZ_CHECK(!error.empty() && error.find(path) != std::string::npos, "error: %s", preview(error).c_str());
    return 0;
  }
  std::vector<Finding> findings;
  for (const BaselineEntry &e : *baseline) {
    FUZZ_CHECK(!e.fingerprint.empty() || !e.contextHash.empty(), "entry without any key");
    FUZZ_CHECK(!e.matched, "entry read as matched");
    if (findings.size() < 8) {  // found again: one by fingerprint, one moved (context only)
      Finding f;
      f.ruleId = e.ruleId;
      if (findings.size() % 2) f.fingerprint = e.fingerprint;
      else f.contextHash = e.contextHash;
      findings.push_back(f);
    }
  }
  findings.push_back(Finding{});  // never in any baseline: new, unless the baseline has an empty key
  std::vector<BaselineEntry> entries = *baseline;
  std::vector<BaselineEntry> absent = applyBaseline(findings, entries);
  size_t matched = 0;
  for (const BaselineEntry &e : entries) matched += e.matched;
  FUZZ_CHECK(absent.size() + matched == entries.size(), "absent %zu + matched %zu != %zu", absent.size(), matched,
             entries.size());
  size_t notNew = 0;
  for (const Finding &f : findings) {
    FUZZ_CHECK(f.baselineState == "new" || f.baselineState == "unchanged" || f.baselineState == "updated",
               "state '%s'", f.baselineState.c_str());
    notNew += f.baselineState != "new";
  }
  FUZZ_CHECK(notNew == matched, "%zu findings matched %zu entries", notNew, matched);
  return 0;
}
