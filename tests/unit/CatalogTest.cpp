#include "driver/Scanner.h"
#include "rules/Catalog.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
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

TEST(Catalog, BuiltinCatalogParsesAndIsValid) {
  const Catalog &catalog = builtinCatalog();
  ASSERT_FALSE(catalog.rules.empty());
  EXPECT_EQ(catalog.sha256.size(), 64u);
  for (const Rule &rule : catalog.rules) {
    EXPECT_NE(rule.help.find("```"), std::string::npos) << rule.id << ": help needs a code example";
    if (rule.isMeta()) continue;
    EXPECT_FALSE(rule.cwe.empty()) << rule.id;
    EXPECT_FALSE(rule.soc2.empty()) << rule.id << " needs a SOC 2 mapping";
    EXPECT_FALSE(rule.asvs.empty()) << rule.id << " needs an ASVS mapping";
    EXPECT_FALSE(rule.owaspTop10.empty()) << rule.id;
  }
}

TEST(Catalog, EveryRuleHasCheckDocsAndFixture) {
  std::vector<std::string> implemented = implementedRuleIds();
  fs::path root = ATTEST_SOURCE_DIR;
  for (const Rule &rule : builtinCatalog().rules) {
    if (!rule.isMeta())
      EXPECT_NE(std::find(implemented.begin(), implemented.end(), rule.id), implemented.end())
          << rule.id << " is in the catalog but no check reports it";
    EXPECT_TRUE(fs::exists(root / "docs" / "rules" / (rule.id + ".md"))) << rule.id << " has no docs page";
    bool fixture = false;
    for (const auto &entry : fs::recursive_directory_iterator(root / "tests" / "fixtures"))
      fixture |= entry.path().filename().string().rfind(rule.id, 0) == 0;
    EXPECT_TRUE(fixture) << rule.id << " has no fixture named after it";
  }
  for (const std::string &id : implemented)
    EXPECT_NE(builtinCatalog().find(id), nullptr) << "a check reports " << id << ", which is not in the catalog";
}

TEST(Catalog, MinimalCatalogParses) {
  std::string error;
  auto catalog = parseCatalog(kMinimal, "test.yaml", error);
  ASSERT_TRUE(catalog) << error;
  ASSERT_EQ(catalog->rules.size(), 1u);
  EXPECT_EQ(catalog->rules[0].family(), "tls");
  EXPECT_EQ(catalog->rules[0].level, Level::Error);
}

TEST(Catalog, UnknownKeyIsAnErrorWithPosition) {
  std::string error;
  auto catalog = parseCatalog(replaced(kMinimal, "    precision: high", "    precision: high\n    colour: red"), "test.yaml", error);
  EXPECT_FALSE(catalog);
  EXPECT_NE(error.find("test.yaml:19:5"), std::string::npos) << error;
  EXPECT_NE(error.find("colour"), std::string::npos) << error;
}

TEST(Catalog, BadLevelIsAnError) {
  std::string error;
  EXPECT_FALSE(parseCatalog(replaced(kMinimal, "level: error", "level: fatal"), "test.yaml", error));
  EXPECT_NE(error.find("test.yaml:"), std::string::npos) << error;
}

TEST(Catalog, UnmappedControlIsAnError) {
  std::string error;
  EXPECT_FALSE(parseCatalog(replaced(kMinimal, "cwe: [\"295\"]", "cwe: [\"296\"]"), "test.yaml", error));
  EXPECT_NE(error.find("cwe control '296' is not defined"), std::string::npos) << error;
}

TEST(Catalog, RuleIdMustBeKebabWithFamily) {
  std::string error;
  EXPECT_FALSE(parseCatalog(replaced(kMinimal, "id: tls-example", "id: TlsExample"), "test.yaml", error));
  EXPECT_NE(error.find("kebab-case"), std::string::npos) << error;
}

TEST(Catalog, SeverityOutOfRange) {
  std::string error;
  EXPECT_FALSE(parseCatalog(replaced(kMinimal, "securitySeverity: 7.5", "securitySeverity: 11"), "test.yaml", error));
  EXPECT_NE(error.find("0.0-10.0"), std::string::npos) << error;
}

TEST(Catalog, LevelNames) {
  EXPECT_EQ(parseLevel("warning"), Level::Warning);
  EXPECT_FALSE(parseLevel("Warning"));
  EXPECT_EQ(levelName(Level::Note), "note");
}

namespace attest {
namespace {
// fuzz_catalog: a required key missing from a flow mapping is a diagnostic LLVM cannot place
// ("<unknown>:0: ..."); the error still names the catalog file.
TEST(Catalog, UnplacedYamlErrorNamesTheFile) {
  std::string error;
  EXPECT_FALSE(parseCatalog("version: 2\ntaxonomies: {cwwar[ingasvs: [], casa: [], soc10: []}\n%rumedium\033\n",
                            "catalog.yaml", error));
  EXPECT_EQ(error.rfind("catalog.yaml: ", 0), 0u) << error;
  EXPECT_EQ(error.find("<unknown>"), std::string::npos) << error;
}
}  // namespace
}  // namespace attest
