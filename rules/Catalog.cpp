#include "rules/Catalog.h"
#include "rules/Coverage.h"

#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <set>

namespace attest {
namespace embedded {
std::string_view catalog();
}

std::string_view levelName(Level level) {
  switch (level) {
  case Level::Note: return "note";
  case Level::Warning: return "warning";
  case Level::Error: return "error";
  }
  return "warning";
}

std::optional<Level> parseLevel(std::string_view text) {
  if (text == "note") return Level::Note;
  if (text == "warning") return Level::Warning;
  if (text == "error") return Level::Error;
  return std::nullopt;
}

std::string Rule::family() const { return id.substr(0, id.find('-')); }

bool Rule::isMeta() const { return std::find(tags.begin(), tags.end(), "meta") != tags.end(); }

const Taxon *Taxonomy::find(std::string_view id) const {
  for (const Taxon &t : taxa)
    if (t.id == id) return &t;
  return nullptr;
}

const Rule *Catalog::find(std::string_view id) const {
  for (const Rule &r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

const Taxonomy *Catalog::taxonomy(std::string_view key) const {
  for (const Taxonomy &t : taxonomies)
    if (t.key == key) return &t;
  return nullptr;
}

std::string_view coverageName(Coverage coverage) { return coverage == Coverage::Full ? "full" : "partial"; }

Coverage CatalogCoverage::coverage(std::string_view rule, std::string_view key, std::string_view id) const {
  auto byRule = rules.find(std::string(rule));
  if (byRule == rules.end()) return Coverage::Partial;
  auto byKey = byRule->second.find(std::string(key));
  if (byKey == byRule->second.end()) return Coverage::Partial;
  auto it = byKey->second.find(std::string(id));
  return it == byKey->second.end() ? Coverage::Partial : it->second;
}

bool CatalogCoverage::states(std::string_view rule, std::string_view key, std::string_view id) const {
  auto byRule = rules.find(std::string(rule));
  if (byRule == rules.end()) return false;
  auto byKey = byRule->second.find(std::string(key));
  return byKey != byRule->second.end() && byKey->second.count(std::string(id));
}

std::string CatalogCoverage::evidenceOf(std::string_view key, std::string_view id) const {
  auto byKey = evidence.find(std::string(key));
  if (byKey == evidence.end()) return {};
  auto it = byKey->second.find(std::string(id));
  return it == byKey->second.end() ? std::string() : it->second;
}

namespace {
using CoverageMap = std::map<std::string, Coverage>;
// `covers:` of one rule, one map per taxonomy: {"295": full, V9.2.1: partial}.
struct CoverageDoc {
  CoverageMap cwe, asvs, casa, soc2, owaspTop10;
};
// A catalog entry as written: the Rule or Taxon, and what only the report reads.
struct RuleDoc {
  Rule rule;
  CoverageDoc covers;
};
struct TaxonDoc {
  Taxon taxon;
  std::string evidence;
};
struct TaxonomySet {
  std::vector<TaxonDoc> cwe, asvs, casa, soc2, owaspTop10;
};
struct CatalogDoc {
  int version = 0;
  TaxonomySet taxonomies;
  std::vector<RuleDoc> rules;
};
}  // namespace
}  // namespace attest

LLVM_YAML_IS_SEQUENCE_VECTOR(attest::RuleDoc)
LLVM_YAML_IS_SEQUENCE_VECTOR(attest::TaxonDoc)

namespace llvm::yaml {
template <> struct ScalarEnumerationTraits<attest::Level> {
  static void enumeration(IO &io, attest::Level &level) {
    io.enumCase(level, "note", attest::Level::Note);
    io.enumCase(level, "warning", attest::Level::Warning);
    io.enumCase(level, "error", attest::Level::Error);
  }
};
template <> struct ScalarEnumerationTraits<attest::Coverage> {
  static void enumeration(IO &io, attest::Coverage &coverage) {
    io.enumCase(coverage, "partial", attest::Coverage::Partial);
    io.enumCase(coverage, "full", attest::Coverage::Full);
  }
};
template <> struct CustomMappingTraits<attest::CoverageMap> {
  static void inputOne(IO &io, StringRef key, attest::CoverageMap &map) {
    std::string id = key.str();
    io.mapRequired(id.c_str(), map[id]);
  }
  static void output(IO &io, attest::CoverageMap &map) {
    for (auto &[key, value] : map) io.mapRequired(key.c_str(), value);
  }
};
template <> struct MappingTraits<attest::CoverageDoc> {
  static void mapping(IO &io, attest::CoverageDoc &c) {
    io.mapOptional("cwe", c.cwe);
    io.mapOptional("asvs", c.asvs);
    io.mapOptional("casa", c.casa);
    io.mapOptional("soc2", c.soc2);
    io.mapOptional("owaspTop10", c.owaspTop10);
  }
};
template <> struct MappingTraits<attest::TaxonDoc> {
  static void mapping(IO &io, attest::TaxonDoc &d) {
    attest::Taxon &t = d.taxon;
    io.mapRequired("id", t.id);
    io.mapRequired("name", t.name);
    io.mapOptional("levels", t.levels);
    io.mapOptional("note", t.note);
    io.mapOptional("evidence", d.evidence);
  }
};
template <> struct MappingTraits<attest::TaxonomySet> {
  static void mapping(IO &io, attest::TaxonomySet &t) {
    io.mapRequired("cwe", t.cwe);
    io.mapRequired("asvs", t.asvs);
    io.mapRequired("casa", t.casa);
    io.mapRequired("soc2", t.soc2);
    io.mapRequired("owaspTop10", t.owaspTop10);
  }
};
template <> struct MappingTraits<attest::RuleDoc> {
  static void mapping(IO &io, attest::RuleDoc &d) {
    attest::Rule &r = d.rule;
    io.mapRequired("id", r.id);
    io.mapRequired("name", r.name);
    io.mapRequired("shortDescription", r.shortDescription);
    io.mapRequired("fullDescription", r.fullDescription);
    io.mapRequired("help", r.help);
    io.mapRequired("level", r.level);
    io.mapRequired("securitySeverity", r.securitySeverity);
    io.mapRequired("precision", r.precision);
    io.mapRequired("tags", r.tags);
    io.mapRequired("cwe", r.cwe);
    io.mapRequired("asvs", r.asvs);
    io.mapRequired("casa", r.casa);
    io.mapRequired("soc2", r.soc2);
    io.mapRequired("owaspTop10", r.owaspTop10);
    io.mapOptional("references", r.references);
    io.mapOptional("covers", d.covers);
  }
};
template <> struct MappingTraits<attest::CatalogDoc> {
  static void mapping(IO &io, attest::CatalogDoc &d) {
    io.mapRequired("version", d.version);
    io.mapRequired("taxonomies", d.taxonomies);
    io.mapRequired("rules", d.rules);
  }
};
}  // namespace llvm::yaml

namespace attest {
namespace {

bool isKebabId(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-' || id.find('-') == id.npos)
    return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

const std::vector<std::string> *mappingsOf(const Rule &r, const std::string &key) {
  if (key == "cwe") return &r.cwe;
  if (key == "asvs") return &r.asvs;
  if (key == "casa") return &r.casa;
  if (key == "soc2") return &r.soc2;
  if (key == "owaspTop10") return &r.owaspTop10;
  return nullptr;
}

std::vector<std::pair<std::string, const CoverageMap *>> coverageMaps(const CoverageDoc &c) {
  return {{"cwe", &c.cwe}, {"asvs", &c.asvs}, {"casa", &c.casa}, {"soc2", &c.soc2}, {"owaspTop10", &c.owaspTop10}};
}

std::vector<std::pair<std::string, const std::vector<TaxonDoc> *>> taxonomyDocs(const TaxonomySet &t) {
  return {{"cwe", &t.cwe}, {"asvs", &t.asvs}, {"casa", &t.casa}, {"soc2", &t.soc2}, {"owaspTop10", &t.owaspTop10}};
}

// What only the report reads: a coverage claim for a control the rule does not map to is
// a typo that would otherwise be ignored silently (and leave the mapped control partial).
std::string validateCoverage(const CatalogDoc &doc) {
  for (const auto &[key, taxa] : taxonomyDocs(doc.taxonomies))
    for (const TaxonDoc &t : *taxa)
      if (!t.evidence.empty() && t.evidence != "sast-gate")
        return key + " control '" + t.taxon.id + "': evidence must be sast-gate";
  for (const RuleDoc &d : doc.rules)
    for (const auto &[key, map] : coverageMaps(d.covers))
      for (const auto &[id, coverage] : *map) {
        const std::vector<std::string> *mapped = mappingsOf(d.rule, key);
        if (std::find(mapped->begin(), mapped->end(), id) == mapped->end())
          return "rule '" + d.rule.id + "': covers " + key + " control '" + id + "', which the rule does not map to";
      }
  return {};
}

std::string validate(const CatalogDoc &doc, const Catalog &catalog) {
  if (doc.version != 1) return "unsupported catalog version";
  if (std::string problem = validateCoverage(doc); !problem.empty()) return problem;
  std::set<std::string> seen;
  for (const Rule &r : catalog.rules) {
    std::string where = "rule '" + r.id + "': ";
    if (!isKebabId(r.id)) return where + "id must be kebab-case with a family prefix";
    if (!seen.insert(r.id).second) return where + "duplicate id";
    if (r.securitySeverity < 0 || r.securitySeverity > 10)
      return where + "securitySeverity must be within 0.0-10.0";
    if (r.fullDescription.size() > 1024)
      return where + "fullDescription longer than 1024 characters (GitHub's limit)";
    static const std::set<std::string> precisions = {"very-high", "high", "medium", "low"};
    if (!precisions.count(r.precision)) return where + "precision must be very-high/high/medium/low";
    bool meta = std::find(r.tags.begin(), r.tags.end(), "meta") != r.tags.end();
    if (r.cwe.empty() && !meta) return where + "needs at least one CWE";
    const std::pair<const char *, const std::vector<std::string> *> maps[] = {
        {"cwe", &r.cwe}, {"asvs", &r.asvs}, {"casa", &r.casa},
        {"soc2", &r.soc2}, {"owaspTop10", &r.owaspTop10}};
    for (auto [key, ids] : maps)
      for (const std::string &id : *ids)
        if (!catalog.taxonomy(key)->find(id))
          return where + key + " control '" + id + "' is not defined under taxonomies";
  }
  return {};
}
}  // namespace

namespace {
std::vector<Taxon> taxaOf(const std::vector<TaxonDoc> &docs) {
  std::vector<Taxon> out;
  for (const TaxonDoc &d : docs) out.push_back(d.taxon);
  return out;
}

// Parses and validates the whole document; the Catalog and the coverage are views of it.
bool parseDoc(std::string_view yaml, std::string_view fileName, CatalogDoc &doc, Catalog &catalog, std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  llvm::yaml::Input in(llvm::MemoryBufferRef(llvm::StringRef(yaml.data(), yaml.size()),
                                             llvm::StringRef(fileName.data(), fileName.size())),
                       nullptr, handler, &diagStream);
  in >> doc;
  if (in.error()) {
    error = yamlReadError(std::move(diagnostics), fileName, "catalog");
    return false;
  }
  for (const RuleDoc &d : doc.rules) {
    catalog.rules.push_back(d.rule);
    // "docs/user-guide.md#..." names a page of attest's own documentation.
    for (std::string &reference : catalog.rules.back().references)
      if (reference.rfind("docs/", 0) == 0) reference = documentationUri(reference);
  }
  for (const auto &[key, taxa] : taxonomyDocs(doc.taxonomies)) catalog.taxonomies.push_back({key, taxaOf(*taxa)});
  if (std::string problem = validate(doc, catalog); !problem.empty()) {
    error = std::string(fileName) + ": " + problem;
    return false;
  }
  return true;
}
}  // namespace

std::string yamlReadError(std::string diagnostics, std::string_view fileName, std::string_view what) {
  if (diagnostics.empty()) return std::string(fileName) + ": invalid " + std::string(what);
  while (!diagnostics.empty() && diagnostics.back() == '\n') diagnostics.pop_back();
  constexpr std::string_view kUnplaced = "<unknown>:0: ";
  if (diagnostics.rfind(kUnplaced, 0) == 0) diagnostics = std::string(fileName) + ": " + diagnostics.substr(kUnplaced.size());
  return diagnostics;
}

std::string documentationUri(std::string_view path) {
  return std::string(ATTEST_INFORMATION_URI) + "/blob/v" + ATTEST_VERSION + "/" + std::string(path);
}

std::optional<CatalogCoverage> parseCatalogCoverage(std::string_view yaml, std::string_view fileName,
                                                    std::string &error) {
  CatalogDoc doc;
  Catalog catalog;
  if (!parseDoc(yaml, fileName, doc, catalog, error)) return std::nullopt;
  CatalogCoverage coverage;
  for (const RuleDoc &d : doc.rules)
    for (const auto &[key, map] : coverageMaps(d.covers))
      if (!map->empty()) coverage.rules[d.rule.id][key] = *map;
  for (const auto &[key, taxa] : taxonomyDocs(doc.taxonomies))
    for (const TaxonDoc &t : *taxa)
      if (!t.evidence.empty()) coverage.evidence[key][t.taxon.id] = t.evidence;
  return coverage;
}

const CatalogCoverage &builtinCoverage() {
  static const CatalogCoverage coverage = [] {
    std::string error;
    auto parsed = parseCatalogCoverage(embedded::catalog(), "rules/catalog.yaml", error);
    if (!parsed) {  // a build defect, as for builtinCatalog()
      llvm::errs() << "attest: internal error: " << error << "\n";
      std::abort();
    }
    return std::move(*parsed);
  }();
  return coverage;
}

std::optional<Catalog> parseCatalog(std::string_view yaml, std::string_view fileName,
                                    std::string &error) {
  CatalogDoc doc;
  Catalog catalog;
  if (!parseDoc(yaml, fileName, doc, catalog, error)) return std::nullopt;
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(llvm::StringRef(yaml.data(), yaml.size())));
  catalog.sha256 = llvm::toHex(digest, /*LowerCase=*/true);
  return catalog;
}

const Catalog &builtinCatalog() {
  static const Catalog catalog = [] {
    std::string error;
    auto parsed = parseCatalog(embedded::catalog(), "rules/catalog.yaml", error);
    if (!parsed) {
      // A broken embedded catalog is a build defect; the unit tests catch it first.
      llvm::errs() << "attest: internal error: " << error << "\n";
      std::abort();
    }
    return std::move(*parsed);
  }();
  return catalog;
}

}  // namespace attest
