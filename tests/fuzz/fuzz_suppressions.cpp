// core/Suppressions and core/SourceComments: on any text, in any of the comment
// syntaxes (the first byte picks the file name, hence the syntax), the comments found are
// ordered, disjoint and inside the text; parseSuppressions never crashes, reports each
// suppression on its own line with a position inside the text, and one it accepts (no
// problem) always names a rule and says why.
#include "FuzzCheck.h"
#include "core/SourceComments.h"
#include "core/Suppressions.h"

#include <algorithm>
#include <cstdint>

using namespace attest;
using namespace attest::fuzz;

namespace {
const char *const kFiles[] = {"/fuzz/a.cpp", "/fuzz/a.yaml", "/fuzz/a.toml", "/fuzz/.env", "/fuzz/a.properties",
                              "/fuzz/Dockerfile", "/fuzz/a.ini", "/fuzz/.netrc", "/fuzz/a.json"};

// Lines as the findings count them: Clang's for sources (CR, LF, CRLF), LF for the rest.
FUZZ_CHECKER unsigned lineCount(const std::string &text, bool cFamily) {
  unsigned lines = 1;
  for (size_t i = 0; i < text.size(); ++i)
    lines += text[i] == '\n' || (cFamily && text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
  return lines;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  std::string file = kFiles[data[0] % std::size(kFiles)];
  std::string text(reinterpret_cast<const char *>(data + 1), size - 1);
  CommentSyntax syntax = commentSyntaxFor(file);
  Comments comments = findComments(text, syntax);
  size_t end = 0;
  for (const CommentSpan &c : comments.spans) {
    FUZZ_CHECK(c.begin >= end && c.begin < c.end && c.end <= text.size(), "comment [%zu, %zu) after %zu of %zu",
               c.begin, c.end, end, text.size());
    end = c.end;
  }
  std::vector<InlineSuppression> found = parseSuppressions(file, text);
  unsigned lines = lineCount(text, syntax == CommentSyntax::CFamily);
  unsigned previous = 0;
  for (const InlineSuppression &s : found) {
    FUZZ_CHECK(s.file == file, "file");
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
