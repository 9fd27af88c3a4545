// rules/Catalog: parseCatalog on any bytes never crashes; a rejected catalog gives an
// error naming the file; an accepted one satisfies what validate() promises.
#include "FuzzCheck.h"
#include "rules/Catalog.h"

#include <cstdint>
#include <set>

using namespace attest;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char *>(data), size);
  std::string error;
  std::optional<Catalog> catalog = parseCatalog(yaml, "catalog.yaml", error);
  if (!catalog) {
    FUZZ_CHECK(error.rfind("catalog.yaml", 0) == 0, "error without the file name: %s", preview(error).c_str());
    return 0;
  }
  FUZZ_CHECK(catalog->sha256.size() == 64, "sha256");
  std::set<std::string> ids;
  for (const Rule &r : catalog->rules) {
    FUZZ_CHECK(ids.insert(r.id).second, "duplicate id %s", preview(r.id).c_str());
    FUZZ_CHECK(!r.id.empty() && r.id.find('-') != std::string::npos, "id %s", preview(r.id).c_str());
    FUZZ_CHECK(r.securitySeverity >= 0 && r.securitySeverity <= 10, "severity");
    FUZZ_CHECK(catalog->find(r.id) == &r, "find");
    (void)r.family();
    (void)r.isMeta();
    for (const char *key : {"cwe", "asvs", "casa", "soc2", "owaspTop10"})
      FUZZ_CHECK(catalog->taxonomy(key) != nullptr, "taxonomy %s missing", key);
  }
  return 0;
}
