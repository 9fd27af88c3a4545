#pragma once
#include "core/Finding.h"
#include <string>
#include <string_view>

namespace attest {
// File names, messages and snippets come from the scanned code. Every writer for a
// terminal or a CI log passes them through these, so none can start a line of its own
// (a GitHub workflow command such as "::error file=x::") or reach the terminal as an
// escape sequence.

// Control characters (C0, DEL, C1) and bidirectional overrides shown as visible escapes
// (\n, \x1b, \u202e); invalid UTF-8 replaced.
std::string neutralizeControls(std::string_view text);
// GitHub workflow commands: data escapes %, CR and LF; a property also ':' and ','.
// Other control characters are neutralised first.
std::string githubEscapeData(std::string_view text);
std::string githubEscapeProperty(std::string_view text);

// A file as the text outputs show it: relative to `base` when under it, neutralised, and
// "./" in front of a path that starts like a workflow command ("::", "##[").
std::string displayPath(const std::string &file, const std::string &base);

// Compiler style, one line per finding: path:line:col: level: message [rule-id]
// Paths are relative to `displayBase` when under it. `color`: the level word in clang's
// colours (for a terminal only; never for a file or a CI format).
std::string formatText(const ScanResult &scan, const std::string &displayBase, bool showSuppressed = false,
                       bool color = false);
// GitHub Actions workflow commands: one annotation per unsuppressed finding.
std::string formatGithub(const ScanResult &scan, const std::string &displayBase);
// A notification as stderr shows it: "file:line: level: message [id]", the path relative
// to `displayBase` when under it.
std::string formatNotification(const Notification &notification, const std::string &displayBase = "",
                               bool color = false);
// The stderr summary: TUs scanned, TUs that failed to parse, findings by level, wall time.
std::string formatSummary(const ScanResult &scan);
}  // namespace attest
