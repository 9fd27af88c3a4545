// Reports for CI systems that do not read SARIF: JUnit XML (one test case per
// rule, a failure per finding) and GitLab's SAST report (schema 15.x).
#pragma once
#include "core/Finding.h"

#include <string>
#include <vector>

namespace attest {
std::string formatJunit(const ScanResult &scan, const Catalog &catalog, const std::vector<std::string> &ruleIds);
std::string formatGitlabSast(const ScanResult &scan, const Catalog &catalog);
std::string xmlEscape(const std::string &text);
}  // namespace attest
