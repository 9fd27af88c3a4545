#include "checks/secrets/ConfigFileSecrets.h"
#include "checks/secrets/SecretPatterns.h"
#include "core/Redaction.h"
#include "core/SourceText.h"
#include "rules/Catalog.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>

namespace attest {

std::vector<Finding> secretsInConfigFile(const std::string &path, std::string_view contents,
                                         const std::set<std::string> &enabled, std::set<std::string> &secrets) {
  llvm::StringRef text(contents.data(), contents.size());
  std::vector<Finding> out;
  const secrets::PatternCatalog &patterns = secrets::builtinPatterns();
  std::string name = llvm::sys::path::filename(path).str();
  std::vector<secrets::PatternMatch> matches = patterns.scan(std::string_view(text.data(), text.size()), secrets::ScanScope::File);
  for (const secrets::PatternMatch &m : matches) {
    if (!enabled.count(m.pattern->rule)) continue;
    secrets.insert(m.secret);
    Finding f;
    f.ruleId = m.pattern->rule;
    const Rule *rule = builtinCatalog().find(f.ruleId);
    f.level = rule ? rule->level : Level::Error;
    size_t lineStart = text.rfind('\n', m.offset);
    lineStart = lineStart == llvm::StringRef::npos ? 0 : lineStart + 1;
    size_t lineEnd = text.find('\n', m.offset);
    if (lineEnd == llvm::StringRef::npos) lineEnd = text.size();
    llvm::StringRef line = text.slice(lineStart, lineEnd).rtrim("\r");
    size_t secretEnd = std::min(m.offset + m.secret.size(), lineStart + line.size());
    f.location.file = path;
    f.location.startLine = f.location.endLine = 1 + static_cast<unsigned>(text.take_front(m.offset).count('\n'));
    f.location.startColumn = static_cast<unsigned>(m.offset - lineStart) + 1;
    f.location.endColumn = static_cast<unsigned>(secretEnd - lineStart) + 1;
    // A long line is cut before any secret the cut would split: the scrub after the
    // scan finds whole secrets only, so a cut one would keep its first characters.
    // (Matches are sorted and disjoint: only the last one starting before the cut can.)
    size_t cut = 2000;
    auto after = std::partition_point(matches.begin(), matches.end(),
                                      [&](const secrets::PatternMatch &o) { return o.offset < lineStart + cut; });
    if (after != matches.begin() && std::prev(after)->offset + std::prev(after)->secret.size() > lineStart + cut)
      cut = std::max(std::prev(after)->offset, lineStart) - lineStart;
    std::string lineText = sanitizeUtf8(line.take_front(cut));
    f.location.startColumnUtf16 = utf16Column(lineText, f.location.startColumn);
    f.location.endColumnUtf16 = utf16Column(lineText, f.location.endColumn);
    f.location.regionText = sanitizeUtf8(text.slice(m.offset, secretEnd));
    f.location.contextText = lineText;
    bool token = m.pattern->rule == secrets::kTokenRule;
    std::string shown = token ? maskSecret(m.secret) : maskSecret("");
    f.message = token ? m.pattern->description + " is hard-coded in the configuration file " + name + " (" + shown + ")"
                      : "the entry `" + m.name + "` of the configuration file " + name +
                            " holds a hard-coded credential (" + shown + ")";
    f.message += ". Load it at run time from a secret manager or inject it at deploy time; keep it out of the repository";
    f.properties["secretType"] = m.pattern->id;
    f.properties["source"] = "configuration file";
    if (const char *key = std::getenv("ATTEST_HMAC_KEY"); key && *key)
      f.properties["secretDigest"] = secretDigest(m.secret, key);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace attest
