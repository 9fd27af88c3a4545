// The catalog's coverage (rules/Coverage.h, issue 15 §9): per rule and mapped control
// `covers: full | partial`, per control `evidence: sast-gate`, parsed and validated with
// the catalog; the built-in catalog states every mapping and passes no process control.
#include "rules/Catalog.h"
#include "rules/Coverage.h"

#include <gtest/gtest.h>

using namespace attest;

namespace {
const char *kMinimal = R"(version: 1
taxonomies:
  cwe:
    - id: "295"
      name: "Improper Certificate Validation"
  asvs: []
  casa: []
  soc2: []
  owaspTop10: []
rules:
  - id: tls-example
    name: TlsExample
    shortDescription: "s"
    fullDescription: "f"
    help: "h"
    level: error
    securitySeverity: 7.5
    precision: high
    tags: [tls]
    cwe: ["295"]
    asvs: []
    casa: []
    soc2: []
    owaspTop10: []
)";

std::string replaced(std::string text, const std::string &from, const std::string &to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}
}  // namespace

// Issue 15 §9: each rule says, per mapped control, whether it covers it fully.
TEST(Coverage, CoversParsesAndDefaultsToPartial) {
  std::string error;
  std::string yaml = std::string(kMinimal) + "    covers:\n      cwe: {\"295\": full}\n";
  auto coverage = parseCatalogCoverage(yaml, "test.yaml", error);
  ASSERT_TRUE(coverage) << error;
  EXPECT_EQ(coverage->coverage("tls-example", "cwe", "295"), Coverage::Full);
  EXPECT_EQ(coverage->coverage("tls-example", "asvs", "V9.2.1"), Coverage::Partial);
  EXPECT_TRUE(parseCatalog(yaml, "test.yaml", error)) << "the catalog accepts the coverage: " << error;
  auto unstated = parseCatalogCoverage(kMinimal, "test.yaml", error);
  ASSERT_TRUE(unstated) << error;
  EXPECT_EQ(unstated->coverage("tls-example", "cwe", "295"), Coverage::Partial) << "unstated is never full";
}

TEST(Coverage, CoversOfAnUnmappedControlOrBadValueIsAnError) {
  std::string error;
  std::string typo = std::string(kMinimal) + "    covers:\n      cwe: {\"296\": full}\n";
  EXPECT_FALSE(parseCatalog(typo, "test.yaml", error));
  EXPECT_NE(error.find("covers cwe control '296', which the rule does not map to"), std::string::npos) << error;
  EXPECT_FALSE(parseCatalogCoverage(typo, "test.yaml", error));
  EXPECT_FALSE(parseCatalog(std::string(kMinimal) + "    covers:\n      cwe: {\"295\": most}\n", "test.yaml", error));
  EXPECT_NE(error.find("test.yaml:"), std::string::npos) << error;
  EXPECT_FALSE(parseCatalog(replaced(kMinimal, "name: \"Improper Certificate Validation\"",
                                     "name: \"Improper Certificate Validation\"\n      evidence: hope"),
                            "test.yaml", error));
  EXPECT_NE(error.find("evidence must be sast-gate"), std::string::npos) << error;
}

TEST(Coverage, BuiltinCoverageIsExplicitAndHonest) {
  const Catalog &catalog = builtinCatalog();
  const CatalogCoverage &coverage = builtinCoverage();
  for (const Rule &rule : catalog.rules)
    for (const auto &[key, ids] : {std::pair<const char *, const std::vector<std::string> *>{"cwe", &rule.cwe},
                                   {"asvs", &rule.asvs}, {"casa", &rule.casa}, {"soc2", &rule.soc2},
                                   {"owaspTop10", &rule.owaspTop10}})
      for (const std::string &id : *ids)
        EXPECT_TRUE(coverage.states(rule.id, key, id)) << rule.id << ": " << key << " " << id
                                                       << " needs covers: full or partial";
  // Controls about process and monitoring are never passed by a code rule (compliance-map.md).
  for (const Rule &rule : catalog.rules)
    for (const char *id : {"CC7.1", "CC7.2", "CC8.1"})
      EXPECT_EQ(coverage.coverage(rule.id, "soc2", id), Coverage::Partial) << rule.id << " " << id;
  for (const char *id : {"CC7.1", "CC8.1"}) EXPECT_EQ(coverage.evidenceOf("soc2", id), "sast-gate") << id;
}
