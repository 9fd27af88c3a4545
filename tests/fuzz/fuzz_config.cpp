// driver/Config: parseConfig on any bytes never crashes; a rejected file gives an
// error that starts with the file name (file:line:col: error: ... when the position is
// known); an accepted one holds only values the rest of the driver relies on.
#include "FuzzCheck.h"
#include "driver/Config.h"
#include "rules/Catalog.h"

#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::string kPath = "/fuzz/repo/.attest.yaml";
  std::string text(reinterpret_cast<const char *>(data), size);
  std::string error;
  std::optional<Config> config = parseConfig(text, kPath, builtinCatalog(), error);
  if (!config) {
    FUZZ_CHECK(error.rfind(kPath, 0) == 0, "error without the file name: %s", preview(error).c_str());
    return 0;
  }
  FUZZ_CHECK(config->path == kPath && config->root == "/fuzz/repo", "path/root");
  FUZZ_CHECK(config->sha256.size() == 64, "sha256");
  for (const auto &[id, level] : config->levels) {
    FUZZ_CHECK(builtinCatalog().find(id) != nullptr, "unknown rule %s accepted", preview(id).c_str());
    FUZZ_CHECK(parseLevel(level).has_value(), "level %s accepted", preview(level).c_str());
  }
  if (config->failOn)
    FUZZ_CHECK(*config->failOn == "none" || parseLevel(*config->failOn), "failOn %s", preview(*config->failOn).c_str());
  for (const AllowedFinding &a : config->allow) {
    FUZZ_CHECK(a.fingerprint.size() == 32, "fingerprint %s", preview(a.fingerprint).c_str());
    FUZZ_CHECK(!a.justification.empty(), "empty justification accepted");
  }
  // The globs are used on every TU and finding: they must not crash either.
  for (const char *file : {"/fuzz/repo/src/a.cpp", "/fuzz/repo/third_party/x/y.h", "/elsewhere/b.cpp", ""})
    (void)pathInScope(*config, file);
  return 0;
}
