#include "core/Finding.h"
#include "core/Fingerprint.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace attest {

static auto sortKey(const Finding &f) {
  const Location &l = f.location;
  return std::tie(l.file, l.startLine, l.startColumn, f.ruleId, l.endLine, l.endColumn, f.message);
}

void finalizeFindings(std::vector<Finding> &findings, const std::string &sourceRoot) {
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding &a, const Finding &b) { return sortKey(a) < sortKey(b); });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding &a, const Finding &b) { return sortKey(a) == sortKey(b); }),
                 findings.end());
  // Identical code twice in one file gets distinct fingerprints by occurrence order,
  // which, unlike line numbers, does not change when unrelated lines move.
  std::map<std::string, unsigned> occurrences;
  for (Finding &f : findings) {
    std::string rel = relativeTo(f.location.file, sourceRoot);
    if (rel.empty()) rel = f.location.file;
    std::string context = normalizeForFingerprint(f.location.contextText);
    std::string lineKey = f.ruleId + '\0' + rel + '\0' + context;
    unsigned lineOccurrence = ++occurrences[lineKey];
    std::string fullKey = lineKey + '\0' + f.function;
    unsigned occurrence = ++occurrences["full\0" + fullKey];
    f.lineHash = shortHash(f.ruleId + '\0' + context) + ":" + std::to_string(lineOccurrence);
    f.fingerprint = shortHash(fullKey + '\0' + std::to_string(occurrence));
    std::string movedKey = f.ruleId + '\0' + f.function + '\0' + context;
    unsigned movedOccurrence = ++occurrences["moved\0" + rel + '\0' + movedKey];
    f.contextHash = shortHash(movedKey + '\0' + std::to_string(movedOccurrence));
  }
}

void sortNotifications(std::vector<Notification> &notifications) {
  std::stable_sort(notifications.begin(), notifications.end(), [](const auto &a, const auto &b) {
    return std::tie(a.file, a.line, a.id, a.message) < std::tie(b.file, b.line, b.id, b.message);
  });
}

std::string relativeTo(const std::string &file, const std::string &root) {
  if (root.empty()) return {};
  std::string prefix = root.back() == '/' ? root : root + "/";
  if (file.size() > prefix.size() && file.compare(0, prefix.size(), prefix) == 0)
    return file.substr(prefix.size());
  return {};
}

}  // namespace attest
