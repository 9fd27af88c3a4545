#include "reports/TextWriter.h"
#include "reports/Completeness.h"

#include <cstdio>

namespace attest {

std::string formatText(const ScanResult &scan, const std::string &displayBase, bool showSuppressed) {
  std::string out;
  for (const Finding &f : scan.findings) {
    if (f.suppressed() && !showSuppressed) continue;
    std::string path = relativeTo(f.location.file, displayBase);
    if (path.empty()) path = f.location.file;
    out += path + ":" + std::to_string(f.location.startLine) + ":" +
           std::to_string(f.location.startColumn) + ": " + std::string(levelName(f.level)) + ": " +
           f.message + " [" + f.ruleId + "]" +
           (f.suppressed() ? " (suppressed: " + f.suppressions[0].justification + ")" : "") +
           (f.baselineState == "new" ? " (new)" : "") + "\n";
  }
  return out;
}

std::string formatSummary(const ScanResult &scan) {
  unsigned counts[3] = {0, 0, 0}, suppressed = 0, fresh = 0;
  for (const Finding &f : scan.findings) {
    if (f.suppressed()) ++suppressed;
    else ++counts[static_cast<int>(f.level)];
    fresh += f.baselineState == "new" && !f.suppressed();
  }
  const ScanSummary &s = scan.summary;
  double seconds = std::chrono::duration<double>(s.end - s.start).count();
  char time[32];
  std::snprintf(time, sizeof time, "%.2fs", seconds);
  // Planned / analysed / incomplete first: the completeness of the scan is part of its verdict.
  std::string line = "attest: " + std::to_string(s.tusPlanned) + " TU(s) planned, " + std::to_string(analysedTus(s)) +
                     " analysed, " + std::to_string(incompleteTus(s)) + " incomplete; " +
                     std::to_string(s.tusScanned) + " TU(s) scanned" +
                     (s.tusFromCache ? " (" + std::to_string(s.tusScanned - s.tusFromCache) + " parsed, " +
                                           std::to_string(s.tusFromCache) + " from cache)"
                                     : std::string()) +
                     ", " +
                     std::to_string(s.tusFailedToParse) + " failed to parse";
  if (s.tusCrashed) line += ", " + std::to_string(s.tusCrashed) + " crashed";
  if (s.tusSkipped) line += ", " + std::to_string(s.tusSkipped) + " skipped";
  line += "; findings: " + std::to_string(counts[2]) + " error, " + std::to_string(counts[1]) +
          " warning, " + std::to_string(counts[0]) + " note";
  if (suppressed) line += ", " + std::to_string(suppressed) + " suppressed";
  if (!s.baselinePath.empty())
    line += "; against the baseline: " + std::to_string(fresh) + " new, " + std::to_string(s.baselineAbsent) + " fixed";
  if (s.tusUnchanged) line += "; " + std::to_string(s.tusUnchanged) + " TU(s) unchanged since the diff base";
  if (s.tusExcluded) line += "; " + std::to_string(s.tusExcluded) + " TU(s) excluded by configuration";
  line += "; " + std::string(time) + "\n";
  return line;
}

}  // namespace attest
