// Reading attest SARIF back (attest merge, baselines): the results, the scope counters, the
// notifications and the gate settings as the CI formats (reports/CiFormats.h) take them from a scan. Every input is
// untrusted: members of the wrong type read as absent, never throw.
#pragma once
#include "core/Finding.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>

namespace attest {

// Accessors that read a member of the wrong type, or of a non-object, as absent: const
// json::operator[] is undefined for a missing key, and SARIF inputs are untrusted files.
namespace sarif {
const nlohmann::json &member(const nlohmann::json &object, const char *key);
std::string str(const nlohmann::json &object, const char *key);  // "" unless a string
unsigned uintOf(const nlohmann::json &value);                      // 0 unless a positive integer
std::vector<std::string> stringList(const nlohmann::json &value);  // the strings of an array
std::string percentDecode(const std::string &text);                // %XX in a URI, valid UTF-8 out
std::string messageText(const nlohmann::json &message);            // text with {0} filled from arguments
// "2026-11-24T01:02:03.456Z" (SARIF's *TimeUtc); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parseUtc(const std::string &text);
}  // namespace sarif

// The findings (with their fingerprints, suppressions and baseline states), the source
// root (%SRCROOT%), the invocations' times and TU counters and the configuration
// settings (failOn) of a SARIF log's runs.
ScanResult scanResultFromSarif(const nlohmann::json &log);

}  // namespace attest
