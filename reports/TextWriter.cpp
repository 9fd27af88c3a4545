#include "reports/TextWriter.h"
#include "core/SourceText.h"
#include "core/Completeness.h"

#include <algorithm>
#include <cstdio>

namespace attest {
namespace {
void appendEscape(std::string &out, const char *format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// The level word as clang colours it: bold, error red, warning magenta, note cyan.
std::string levelWord(Level level, bool color) {
  std::string word(levelName(level));
  if (!color) return word;
  const char *sgr = level == Level::Error ? "\x1b[1;31m" : level == Level::Warning ? "\x1b[1;35m" : "\x1b[1;36m";
  return sgr + word + "\x1b[0m";
}
}  // namespace

std::string displayPath(const std::string &file, const std::string &base) {
  std::string path = relativeTo(file, base);
  if (path.empty()) path = file;
  path = neutralizeControls(path);
  if (!path.empty() && (path[0] == ':' || path[0] == '#')) path = "./" + path;
  return path;
}

std::string neutralizeControls(std::string_view text) {
  std::string valid = sanitizeUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size(); ++i) {
    unsigned char c = valid[i];
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) appendEscape(out, "\\x%02x", c);
    else if (c == 0xc2 && i + 1 < valid.size() && static_cast<unsigned char>(valid[i + 1]) < 0xa0) {
      appendEscape(out, "\\u%04x", static_cast<unsigned char>(valid[++i]));  // C1: U+0080-U+009F
    } else if (c == 0xe2 && i + 2 < valid.size()) {
      // U+202A-U+202E and U+2066-U+2069 reorder what the terminal shows.
      unsigned second = static_cast<unsigned char>(valid[i + 1]), third = static_cast<unsigned char>(valid[i + 2]);
      unsigned code = 0x2000 + ((second & 0x3f) << 6) + (third & 0x3f);
      if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
        appendEscape(out, "\\u%04x", code);
        i += 2;
      } else {
        out += valid[i];
      }
    } else {
      out += valid[i];
    }
  }
  return out;
}

std::string githubEscapeData(std::string_view text) {
  // CR and LF become GitHub's own escapes (an annotation may span lines); the text
  // between them is neutralised, then '%' escaped.
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find_first_of("\r\n", start), text.size());
    for (char c : neutralizeControls(text.substr(start, end - start))) out += c == '%' ? std::string("%25") : std::string(1, c);
    if (end == text.size()) break;
    out += text[end] == '\r' ? "%0D" : "%0A";
    start = end + 1;
  }
  return out;
}

std::string githubEscapeProperty(std::string_view text) {
  std::string out;
  for (char c : githubEscapeData(text)) out += c == ':' ? "%3A" : c == ',' ? "%2C" : std::string(1, c);
  return out;
}

std::string formatText(const ScanResult &scan, const std::string &displayBase, bool showSuppressed, bool color) {
  std::string out;
  for (const Finding &f : scan.findings) {
    if (f.suppressed() && !showSuppressed) continue;
    out += displayPath(f.location.file, displayBase) + ":" + std::to_string(f.location.startLine) + ":" +
           std::to_string(f.location.startColumn) + ": " + levelWord(f.level, color) + ": " +
           neutralizeControls(f.message) + " [" + neutralizeControls(f.ruleId) + "]" +
           (f.suppressed() ? " (suppressed: " + neutralizeControls(f.suppressions[0].justification) + ")" : "") +
           (f.baselineState == "new" ? " (new)" : "") + "\n";
  }
  return out;
}

std::string formatGithub(const ScanResult &scan, const std::string &displayBase) {
  std::string out;
  for (const Finding &f : scan.findings) {
    if (f.suppressed()) continue;
    std::string path = relativeTo(f.location.file, displayBase);
    if (path.empty()) path = f.location.file;
    const char *command = f.level == Level::Error ? "error" : f.level == Level::Warning ? "warning" : "notice";
    out += std::string("::") + command + " file=" + githubEscapeProperty(path) + ",line=" +
           std::to_string(f.location.startLine) + ",col=" + std::to_string(f.location.startColumn) +
           ",endLine=" + std::to_string(f.location.endLine) + ",title=" + githubEscapeProperty(f.ruleId) +
           "::" + githubEscapeData(f.message) + "\n";
  }
  return out;
}

std::string formatNotification(const Notification &n, const std::string &displayBase, bool color) {
  std::string where = n.file.empty() ? "attest" : displayPath(n.file, displayBase);
  if (n.line) where += ":" + std::to_string(n.line);
  return where + ": " + levelWord(n.level, color) + ": " + neutralizeControls(n.message) + " [" +
         neutralizeControls(n.id) + "]\n";
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
  if (s.tusTimedOut) line += ", " + std::to_string(s.tusTimedOut) + " timed out";
  if (s.tusOutOfMemory) line += ", " + std::to_string(s.tusOutOfMemory) + " out of memory";
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
