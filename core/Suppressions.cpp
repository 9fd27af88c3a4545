#include "core/Suppressions.h"
#include "core/SourceComments.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>
#include <set>

namespace attest {
namespace {
constexpr llvm::StringLiteral kMarker("attest:ignore[");
constexpr const char *kInvalidRule = "suppression-invalid";

bool isDate(llvm::StringRef s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = std::stoi(s.substr(5, 2).str()), day = std::stoi(s.substr(8, 2).str());
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Parses what follows the marker, up to the end of its comment on that line:
// "ids] justification until=... ticket=...".
void parseBody(llvm::StringRef body, bool cFamily, InlineSuppression &s) {
  size_t close = body.find(']');
  if (close == llvm::StringRef::npos) {
    s.problem = "the rule list is not closed with ']'";
    return;
  }
  llvm::SmallVector<llvm::StringRef> ids;
  body.take_front(close).split(ids, ',', -1, false);
  for (llvm::StringRef id : ids)
    if (!id.trim().empty()) s.patterns.push_back(id.trim().str());
  if (s.patterns.empty()) s.problem = "names no rule";
  llvm::StringRef rest = body.drop_front(close + 1);
  // In C and C++ the justification also ends where another comment starts.
  if (cFamily)
    for (llvm::StringRef end : {"*/", "//"})
      if (size_t at = rest.find(end); at != llvm::StringRef::npos) rest = rest.take_front(at);
  std::string justification;
  llvm::SmallVector<llvm::StringRef> words;
  rest.split(words, ' ', -1, false);
  for (llvm::StringRef word : words) {
    word = word.trim();
    if (word.consume_front("until=")) {
      s.until = word.str();
      if (!isDate(word) && s.problem.empty()) s.problem = "until= must be a date YYYY-MM-DD";
    } else if (word.consume_front("ticket=")) {
      s.ticket = word.str();
    } else if (!word.empty()) {
      justification += (justification.empty() ? "" : " ") + word.str();
    }
  }
  s.justification = llvm::StringRef(justification).trim(" \t-:;,.").empty() ? "" : justification;
  if (s.justification.empty() && s.problem.empty()) s.problem = "has no justification";
}

// Line starts as the findings count them: Clang's (LF, CR or CRLF) for sources, LF for
// the configuration files (driver/TextFileScan).
std::vector<size_t> lineStarts(llvm::StringRef text, bool cFamily) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (cFamily && text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      starts.push_back(i + 1);
  return starts;
}

// A pattern that matches rules without naming them or their family: "*", "t*", "tls*".
bool blanket(const std::string &pattern, const Catalog &catalog) {
  if (pattern.empty() || pattern.back() != '*') return false;
  llvm::StringRef prefix(pattern.data(), pattern.size() - 1);
  for (const Rule &rule : catalog.rules)
    if (prefix.starts_with(rule.family() + "-")) return false;
  return true;
}
}  // namespace

bool matchesRulePattern(const std::string &ruleId, const std::string &pattern) {
  if (!pattern.empty() && pattern.back() == '*')
    return ruleId.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return ruleId == pattern;
}

std::vector<InlineSuppression> parseSuppressions(const std::string &file, const std::string &text) {
  std::vector<InlineSuppression> out;
  if (text.find(kMarker.data(), 0, kMarker.size()) == std::string::npos) return out;
  CommentSyntax syntax = commentSyntaxFor(file);
  bool cFamily = syntax == CommentSyntax::CFamily;
  llvm::StringRef all(text);
  std::vector<size_t> starts = lineStarts(all, cFamily);
  auto add = [&](size_t at, size_t end, const std::string &problem) {
    unsigned line = std::upper_bound(starts.begin(), starts.end(), at) - starts.begin();
    if (!out.empty() && out.back().line == line) return;  // one suppression a line
    InlineSuppression s;
    s.file = file;
    s.line = line;
    s.column = at - starts[line - 1] + 1;
    s.problem = problem;
    if (problem.empty()) parseBody(all.slice(at + kMarker.size(), end), cFamily, s);
    out.push_back(std::move(s));
  };
  Comments comments = findComments(text, syntax);
  if (comments.unparsable) {
    for (size_t at = all.find(kMarker); at != llvm::StringRef::npos; at = all.find(kMarker, at + 1))
      add(at, at, "is in a YAML file that attest cannot parse, so it cannot tell a comment from a value");
    return out;
  }
  for (const CommentSpan &comment : comments.spans) {
    llvm::StringRef inside = all.slice(comment.begin, comment.end);
    for (size_t at = inside.find(kMarker); at != llvm::StringRef::npos; at = inside.find(kMarker, at + 1)) {
      size_t lineEnd = std::min(inside.find_first_of("\r\n", at), inside.size());
      add(comment.begin + at, comment.begin + lineEnd, "");
    }
  }
  return out;
}

void applyInlineSuppressions(ScanResult &scan, const Catalog &catalog, const SuppressionOptions &options) {
  std::set<std::string> files(scan.summary.scannedFiles.begin(), scan.summary.scannedFiles.end());
  for (const Finding &f : scan.findings) files.insert(f.location.file);
  std::map<std::pair<std::string, unsigned>, std::vector<InlineSuppression *>> byLine;
  std::vector<InlineSuppression> all;
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/true);
    if (!buffer) continue;
    if ((*buffer)->getBuffer().find(kMarker) == llvm::StringRef::npos) continue;
    std::vector<InlineSuppression> found = parseSuppressions(file, (*buffer)->getBuffer().str());
    std::move(found.begin(), found.end(), std::back_inserter(all));
  }
  for (InlineSuppression &s : all) {
    for (const std::string &p : s.patterns) {
      if (blanket(p, catalog) && !options.allowWildcards && s.problem.empty())
        s.problem = "uses the blanket wildcard '" + p + "', which suppresses rules it does not name (name the rules or "
                    "a family such as tls-*, or allow it with suppressions: allowWildcards: true in .attest.yaml)";
      bool known = false;
      for (const Rule &rule : catalog.rules) known |= matchesRulePattern(rule.id, p);
      if (!known && s.problem.empty()) s.problem = "names unknown rule '" + p + "'";
    }
    byLine[{s.file, s.line}].push_back(&s);
  }

  for (Finding &f : scan.findings) {
    // The region's line and the one above; for an argument on a later line of its call,
    // also the call's first line and the one above it.
    std::set<unsigned> lines = {f.location.startLine, f.location.startLine - 1};
    if (f.callLine) lines.insert({f.callLine, f.callLine - 1});
    for (unsigned line : lines) {
      auto it = byLine.find({f.location.file, line});
      if (it == byLine.end()) continue;
      for (InlineSuppression *s : it->second) {
        if (!s->problem.empty()) continue;
        bool matches = false;
        for (const std::string &p : s->patterns) matches |= matchesRulePattern(f.ruleId, p);
        if (!matches) continue;
        s->used = true;
        if (!s->until.empty() && s->until < options.today) {
          scan.notifications.push_back({"suppression-expired", Level::Warning,
                                        "suppression of " + f.ruleId + " expired on " + s->until +
                                            "; the finding counts again",
                                        s->file, s->line});
          continue;
        }
        if (!f.suppressed())
          f.suppressions.push_back({"inSource", s->justification, s->file, s->line, s->until, s->ticket});
      }
    }
  }

  const Rule *invalid = catalog.find(kInvalidRule);
  for (const InlineSuppression &s : all) {
    if (!s.problem.empty()) {
      Finding f;
      f.ruleId = kInvalidRule;
      f.level = invalid ? invalid->level : Level::Warning;
      f.location.file = s.file;
      f.location.startLine = f.location.endLine = s.line;
      f.location.startColumn = f.location.startColumnUtf16 = s.column;
      f.location.endColumn = f.location.endColumnUtf16 = s.column + kMarker.size();
      f.location.regionText = kMarker.str();
      f.location.contextText = kMarker.str();
      f.message = "this suppression " + s.problem + ", so it suppresses nothing: write "
                  "// attest:ignore[rule-id] why the risk is accepted";
      scan.findings.push_back(std::move(f));
    } else if (!s.used && options.reportUnused) {
      scan.notifications.push_back({"suppression-unused", Level::Note,
                                    "this suppression matches no finding and can be removed", s.file, s.line});
    }
  }
}

}  // namespace attest
