// The compliance report writers with any strings where SARIF has strings: the input is
// split at 0x1E (record separator) and each piece replaces, in turn, one string of a
// real attest SARIF log (messages, paths, snippets, rule ids, justifications, the
// repository URL, command line, notifications, ...); an empty piece keeps the
// original. Random bytes rarely form JSON, so this reaches the escaping of every field.
// The log is tests/fuzz/corpus/fuzz_report/attest-scan.sarif, embedded at build time.
#include "ReportChecks.h"

#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

namespace {
const char *kTemplate =
#include "ReportTemplate.inc"
    ;

void replaceStrings(nlohmann::json &value, const std::vector<std::string> &pieces, size_t &next) {
  if (value.is_string()) {
    const std::string &piece = pieces[next++ % pieces.size()];
    if (!piece.empty()) value = piece == "\x1f" ? std::string() : piece;  // 0x1F alone: the empty string
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      if (it.key() != "version" && it.key() != "$schema") replaceStrings(it.value(), pieces, next);
  } else if (value.is_array()) {
    for (nlohmann::json &child : value) replaceStrings(child, pieces, next);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const nlohmann::json kLog = nlohmann::json::parse(kTemplate);
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0x1e) pieces.emplace_back();
    else pieces.back() += static_cast<char>(data[i]);
  }
  // nlohmann rejects invalid UTF-8 when reading SARIF, so only valid strings arrive.
  for (std::string &piece : pieces)
    if (!validUtf8(piece, true)) piece.clear();
  nlohmann::json log = kLog;
  size_t next = 0;
  replaceStrings(log, pieces, next);

  SarifInput input{"fuzz.sarif", log.dump()};
  ComplianceReport report;
  std::string error;
  // One framework at a time, or (1 in 6) all of them: smaller reports, more runs.
  std::vector<std::string> frameworks;
  if (size % 6) frameworks.push_back(reportFrameworkKeys()[size % 6 - 1]);
  if (!buildComplianceReport({input}, nullptr, frameworks, builtinCatalog(), report, error, &builtinCoverage())) {
    FUZZ_CHECK(!error.empty(), "rejected without an error");
    return 0;
  }
  checkReport(report);
  return 0;
}
