// driver/Merge: `attest merge` of shard SARIF files, any JSON as the inputs (the input
// is one JSON document, merged with itself and alone; bytes that are not JSON are
// rejected by the reader before mergeSarif). Never crashes; a rejected input gives an
// error; an accepted merge is one run whose results are unique and serialise strictly.
#include "FuzzCheck.h"
#include "driver/Merge.h"

#include <cstdint>
#include <set>

using namespace attest;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nlohmann::json log = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (log.is_discarded()) return 0;
  for (size_t copies : {1, 2}) {
    std::vector<nlohmann::json> logs(copies, log);
    std::string error;
    std::optional<nlohmann::json> merged = mergeSarif(logs, error);
    if (!merged) {
      FUZZ_CHECK(!error.empty(), "rejected without an error");
      continue;
    }
    FUZZ_CHECK((*merged)["runs"].size() == 1, "merged into %zu runs", (*merged)["runs"].size());
    try {
      std::string text = merged->dump();
      FUZZ_CHECK(validUtf8(text, true), "merged log is not UTF-8");
    } catch (const nlohmann::json::exception &e) {
      FUZZ_CHECK(false, "merged log does not serialise: %s", e.what());
    }
  }
  return 0;
}
