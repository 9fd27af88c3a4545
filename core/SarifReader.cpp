#include "core/SarifReader.h"
#include "core/SourceText.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

using nlohmann::json;

namespace attest {
namespace sarif {

const json &member(const json &object, const char *key) {
  static const json null;
  if (!object.is_object()) return null;
  auto it = object.find(key);
  return it == object.end() ? null : *it;
}

std::string str(const json &object, const char *key) {
  const json &value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

unsigned uintOf(const json &value) {
  if (value.is_number_unsigned()) return value.get<unsigned>();
  if (value.is_number_integer() && value.get<long long>() > 0) return static_cast<unsigned>(value.get<long long>());
  return 0;
}

std::vector<std::string> stringList(const json &value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const json &v : value)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string percentDecode(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return sanitizeUtf8(out);
}

std::string messageText(const json &message) {
  std::string text = str(message, "text");
  const json &args = member(message, "arguments");
  if (!args.is_array() || text.find('{') == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close != std::string::npos && close > i + 1 && close - i < 8 &&
          text.find_first_not_of("0123456789", i + 1) == close) {
        size_t n = std::stoul(text.substr(i + 1, close - i - 1));
        if (n < args.size() && args[n].is_string()) {
          out += args[n].get<std::string>();
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

std::optional<std::chrono::system_clock::time_point> parseUtc(const std::string &text) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec) != 6)
    return std::nullopt;
  // An ISO 8601 time that system_clock can hold (its nanoseconds end in 2262): a year
  // outside 1970-2200 or a field out of range is no time, not an overflow.
  if (tm.tm_year < 1970 || tm.tm_year > 2200 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
      tm.tm_mday > 31 || tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 ||
      tm.tm_sec > 60)
    return std::nullopt;
  if (size_t dot = text.find('.'); dot != std::string::npos) millis = std::atoi(text.substr(dot + 1, 3).c_str());
  if (millis < 0 || millis > 999) millis = 0;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(millis);
}

}  // namespace sarif

namespace {
using namespace sarif;

// A file:// URI or one relative to %SRCROOT%, as the absolute path attest wrote it from.
std::string pathOf(const json &artifact, const std::string &root) {
  std::string uri = str(artifact, "uri");
  if (uri.rfind("file://", 0) == 0) return percentDecode(uri.substr(7));
  std::string path = percentDecode(uri);
  if (!root.empty() && str(artifact, "uriBaseId") == "%SRCROOT%") return root + (root.back() == '/' ? "" : "/") + path;
  return path;
}

Finding findingOf(const json &result, const std::string &root) {
  Finding f;
  f.ruleId = str(result, "ruleId");
  f.level = parseLevel(str(result, "level")).value_or(Level::Warning);
  f.message = sanitizeUtf8(messageText(member(result, "message")));
  const json &locations = member(result, "locations");
  const json &physical = locations.is_array() && !locations.empty() ? member(locations[0], "physicalLocation") : json();
  f.location.file = pathOf(member(physical, "artifactLocation"), root);
  const json &region = member(physical, "region");
  f.location.startLine = uintOf(member(region, "startLine"));
  f.location.startColumn = uintOf(member(region, "startColumn"));
  f.location.endLine = std::max(uintOf(member(region, "endLine")), f.location.startLine);
  f.location.endColumn = uintOf(member(region, "endColumn"));
  const json &prints = member(result, "partialFingerprints");
  f.fingerprint = str(prints, "attest/v1");
  f.lineHash = str(prints, "primaryLocationLineHash");
  f.contextHash = str(prints, "attest/context/v1");
  f.baselineState = str(result, "baselineState");
  // Suppressed as SARIF §3.27.23 says: accepted, and none still under review.
  const json &suppressions = member(result, "suppressions");
  bool pending = false;
  std::vector<Suppression> accepted;
  if (suppressions.is_array())
    for (const json &s : suppressions) {
      std::string status = str(s, "status");
      if (status == "underReview") pending = true;
      if (status.empty() || status == "accepted")
        accepted.push_back({str(s, "kind"), sanitizeUtf8(str(s, "justification")), "", 0,
                            str(member(s, "properties"), "until"), str(member(s, "properties"), "ticket")});
    }
  if (!pending) f.suppressions = std::move(accepted);
  return f;
}

// The invocation's notifications (the TUs not analysed and why), as the scan had them.
void addNotifications(const json &inv, const std::string &root, std::vector<Notification> &out) {
  const json &notes = member(inv, "toolExecutionNotifications");
  if (!notes.is_array()) return;
  for (const json &n : notes) {
    Notification note;
    note.id = sanitizeUtf8(str(member(n, "descriptor"), "id"));
    note.level = parseLevel(str(n, "level")).value_or(Level::Warning);
    note.message = sanitizeUtf8(messageText(member(n, "message")));
    const json &locations = member(n, "locations");
    if (locations.is_array() && !locations.empty()) {
      const json &physical = member(locations[0], "physicalLocation");
      note.file = pathOf(member(physical, "artifactLocation"), root);
      note.line = uintOf(member(member(physical, "region"), "startLine"));
    }
    out.push_back(std::move(note));
  }
}

void addInvocation(const json &inv, ScanSummary &summary, bool &haveTime) {
  auto start = parseUtc(str(inv, "startTimeUtc")), end = parseUtc(str(inv, "endTimeUtc"));
  if (start && (!haveTime || *start < summary.start)) summary.start = *start;
  if (end && (!haveTime || *end > summary.end)) summary.end = *end;
  haveTime |= start && end;
  const json &props = member(inv, "properties");
  summary.tusPlanned += uintOf(member(props, "tusPlanned"));
  summary.tusScanned += uintOf(member(props, "tusScanned"));
  summary.tusFailedToParse += uintOf(member(props, "tusFailedToParse"));
  summary.tusCrashed += uintOf(member(props, "tusCrashed"));
  summary.tusTimedOut += uintOf(member(props, "tusTimedOut"));
  summary.tusOutOfMemory += uintOf(member(props, "tusOutOfMemory"));
  summary.tusSkipped += uintOf(member(props, "tusSkipped"));
  summary.tusFromCache += uintOf(member(props, "tusFromCache"));
  const json &settings = member(props, "configSettings");
  if (settings.is_object())
    for (auto it = settings.begin(); it != settings.end(); ++it)
      if (it->is_string()) summary.configSettings.emplace(it.key(), it->get<std::string>());
}
}  // namespace

ScanResult scanResultFromSarif(const json &log) {
  ScanResult scan;
  bool haveTime = false;
  const json &runs = member(log, "runs");
  if (!runs.is_array()) return scan;
  for (const json &run : runs) {
    std::string root = str(member(member(run, "originalUriBaseIds"), "%SRCROOT%"), "uri");
    root = root.rfind("file://", 0) == 0 ? percentDecode(root.substr(7)) : std::string();
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    if (scan.sourceRoot.empty()) scan.sourceRoot = root;
    const json &results = member(run, "results");
    if (results.is_array())
      for (const json &result : results)
        if (result.is_object() && str(result, "baselineState") != "absent") scan.findings.push_back(findingOf(result, root));
    const json &invocations = member(run, "invocations");
    if (invocations.is_array())
      for (const json &inv : invocations) {
        addInvocation(inv, scan.summary, haveTime);
        addNotifications(inv, root, scan.notifications);
      }
  }
  return scan;
}

}  // namespace attest
