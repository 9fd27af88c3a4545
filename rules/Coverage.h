// What the report may claim from the rules (issue 15 §9): rules/catalog.yaml says per
// rule and mapped control `covers: full | partial`, and per control `evidence: sast-gate`
// where the scan and its gate are the evidence. Kept apart from Catalog (rules/Catalog.h,
// which every check includes through core/Finding.h): only the report reads them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace attest {

// Full only when every way to violate the control in code (on the libraries the rule's
// doc lists) is something the rule checks. A mapping the catalog does not qualify is partial.
enum class Coverage { Partial, Full };
std::string_view coverageName(Coverage coverage);  // "partial" | "full"

struct CatalogCoverage {
  // rule id -> taxonomy key (cwe, asvs, casa, soc2, owaspTop10) -> control id -> coverage
  std::map<std::string, std::map<std::string, std::map<std::string, Coverage>>> rules;
  // taxonomy key -> control id -> evidence kind ("sast-gate")
  std::map<std::string, std::map<std::string, std::string>> evidence;

  Coverage coverage(std::string_view rule, std::string_view taxonomyKey, std::string_view controlId) const;
  bool states(std::string_view rule, std::string_view taxonomyKey, std::string_view controlId) const;
  std::string evidenceOf(std::string_view taxonomyKey, std::string_view controlId) const;
};

// Reads them from catalog YAML, validated as parseCatalog() validates it (a `covers`
// entry for a control the rule does not map to is an error, as is an unknown evidence).
std::optional<CatalogCoverage> parseCatalogCoverage(std::string_view yaml, std::string_view fileName,
                                                    std::string &error);

// The built-in catalog's (parsed once, thread-safe).
const CatalogCoverage &builtinCoverage();

}  // namespace attest
