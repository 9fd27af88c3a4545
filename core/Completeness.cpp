#include "core/Completeness.h"

#include <charconv>

namespace attest {

unsigned incompleteTus(const ScanSummary &s) {
  // A crashed TU is not also counted as failed to parse, nor a skipped one as scanned.
  return s.tusSkipped + s.tusCrashed + s.tusTimedOut + s.tusOutOfMemory + s.tusFailedToParse;
}

unsigned analysedTus(const ScanSummary &s) {
  unsigned incomplete = incompleteTus(s);
  return s.tusPlanned > incomplete ? s.tusPlanned - incomplete : 0;
}

std::string incompleteCauses(const ScanSummary &s) {
  std::string out;
  auto add = [&](unsigned n, const char *what) {
    if (n) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(s.tusFailedToParse, "failed to parse");
  add(s.tusCrashed, "crashed");
  add(s.tusTimedOut, "timed out");
  add(s.tusOutOfMemory, "ran out of memory");
  add(s.tusSkipped, "skipped");
  return out;
}

std::string incompleteSummary(const ScanSummary &s) {
  return "scan incomplete: " + std::to_string(incompleteTus(s)) + " of " + std::to_string(s.tusPlanned) +
         " planned TU(s) not analysed completely (" + incompleteCauses(s) + ")";
}

std::optional<CompletenessPolicy> parseCompletenessPolicy(const std::string &text) {
  if (text == "allow") return CompletenessPolicy{true, std::nullopt};
  if (text == "fail") return CompletenessPolicy{};
  if (text.size() < 2 || text.back() != '%') return std::nullopt;
  double percent = -1;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, percent);
  if (ec != std::errc() || ptr != text.data() + text.size() - 1 || !(percent >= 0 && percent <= 100))
    return std::nullopt;
  return CompletenessPolicy{false, percent};
}

}  // namespace attest
