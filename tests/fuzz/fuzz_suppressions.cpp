// reports/Suppressions: parseSuppressions on any source text never crashes, reports
// each comment on its own line with a position inside the text, and a suppression
// it accepts (no problem) always names a rule and says why.
#include "FuzzCheck.h"
#include "reports/Suppressions.h"

#include <algorithm>
#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  std::vector<InlineSuppression> found = parseSuppressions("/fuzz/a.cpp", text);
  unsigned lines = 1 + static_cast<unsigned>(std::count(text.begin(), text.end(), '\n'));
  unsigned previous = 0;
  for (const InlineSuppression &s : found) {
    FUZZ_CHECK(s.file == "/fuzz/a.cpp", "file");
    FUZZ_CHECK(s.line > previous && s.line <= lines, "line %u after %u of %u", s.line, previous, lines);
    previous = s.line;
    FUZZ_CHECK(s.column >= 1 && s.column <= text.size(), "column %u", s.column);
    if (s.problem.empty()) {
      FUZZ_CHECK(!s.patterns.empty(), "accepted without a rule");
      FUZZ_CHECK(!s.justification.empty(), "accepted without a justification");
    }
    for (const std::string &p : s.patterns) {
      FUZZ_CHECK(!p.empty() && p.find(',') == std::string::npos && p.find(']') == std::string::npos,
                 "pattern '%s'", preview(p).c_str());
      (void)matchesRulePattern("tls-verification-disabled", p);
      (void)matchesRulePattern("", p);
    }
    FUZZ_CHECK(s.until.empty() || s.problem.size() || s.until.size() == 10, "until '%s' accepted",
               preview(s.until).c_str());
  }
  return 0;
}
