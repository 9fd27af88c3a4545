#include "reports/TextWriter.h"

#include <cstdio>

namespace attest {

std::string formatText(const ScanResult &scan, const std::string &displayBase) {
  std::string out;
  for (const Finding &f : scan.findings) {
    std::string path = relativeTo(f.location.file, displayBase);
    if (path.empty()) path = f.location.file;
    out += path + ":" + std::to_string(f.location.startLine) + ":" +
           std::to_string(f.location.startColumn) + ": " + std::string(levelName(f.level)) + ": " +
           f.message + " [" + f.ruleId + "]\n";
  }
  return out;
}

std::string formatSummary(const ScanResult &scan) {
  unsigned counts[3] = {0, 0, 0};
  for (const Finding &f : scan.findings) ++counts[static_cast<int>(f.level)];
  const ScanSummary &s = scan.summary;
  double seconds = std::chrono::duration<double>(s.end - s.start).count();
  char time[32];
  std::snprintf(time, sizeof time, "%.2fs", seconds);
  std::string line = "attest: " + std::to_string(s.tusScanned) + " TU(s) scanned, " +
                     std::to_string(s.tusFailedToParse) + " failed to parse";
  if (s.tusCrashed) line += ", " + std::to_string(s.tusCrashed) + " crashed";
  if (s.tusSkipped) line += ", " + std::to_string(s.tusSkipped) + " skipped";
  line += "; findings: " + std::to_string(counts[2]) + " error, " + std::to_string(counts[1]) +
          " warning, " + std::to_string(counts[0]) + " note; " + time + "\n";
  return line;
}

}  // namespace attest
