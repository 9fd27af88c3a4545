// reports/ComplianceReport + ReportHtml + ReportMarkdown: any bytes as the SARIF input
// of `attest report` (and, for odd-sized inputs, as the --previous SARIF too). Never
// crashes; a rejected input gives an error; an accepted one renders HTML, Markdown,
// CSV and JSON that satisfy ReportChecks.h (no markup from the input, safe links).
#include "ReportChecks.h"

#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  SarifInput input{"fuzz.sarif", std::string(reinterpret_cast<const char *>(data), size)};
  ComplianceReport report;
  std::string error;
  const SarifInput *previous = size % 2 ? &input : nullptr;
  if (!buildComplianceReport({input}, previous, {}, builtinCatalog(), report, error, &builtinCoverage())) {
    FUZZ_CHECK(!error.empty(), "rejected without an error");
    return 0;
  }
  checkReport(report);
  return 0;
}
