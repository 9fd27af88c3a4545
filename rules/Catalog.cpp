#include "rules/Catalog.h"

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

namespace {
struct TaxonomySet {
  std::vector<Taxon> cwe, asvs, casa, soc2, owaspTop10;
};
struct CatalogDoc {
  int version = 0;
  TaxonomySet taxonomies;
  std::vector<Rule> rules;
};
}  // namespace
}  // namespace attest

LLVM_YAML_IS_SEQUENCE_VECTOR(attest::Rule)
LLVM_YAML_IS_SEQUENCE_VECTOR(attest::Taxon)

namespace llvm::yaml {
template <> struct ScalarEnumerationTraits<attest::Level> {
  static void enumeration(IO &io, attest::Level &level) {
    io.enumCase(level, "note", attest::Level::Note);
    io.enumCase(level, "warning", attest::Level::Warning);
    io.enumCase(level, "error", attest::Level::Error);
  }
};
template <> struct MappingTraits<attest::Taxon> {
  static void mapping(IO &io, attest::Taxon &t) {
    io.mapRequired("id", t.id);
    io.mapRequired("name", t.name);
    io.mapOptional("levels", t.levels);
    io.mapOptional("note", t.note);
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
template <> struct MappingTraits<attest::Rule> {
  static void mapping(IO &io, attest::Rule &r) {
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

std::string validate(const CatalogDoc &doc, const Catalog &catalog) {
  if (doc.version != 1) return "unsupported catalog version";
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

std::optional<Catalog> parseCatalog(std::string_view yaml, std::string_view fileName,
                                    std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  CatalogDoc doc;
  llvm::yaml::Input in(llvm::MemoryBufferRef(llvm::StringRef(yaml.data(), yaml.size()),
                                             llvm::StringRef(fileName.data(), fileName.size())),
                       nullptr, handler, &diagStream);
  in >> doc;
  if (in.error()) {
    error = diagnostics.empty() ? std::string(fileName) + ": invalid catalog" : diagnostics;
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return std::nullopt;
  }
  Catalog catalog;
  catalog.rules = std::move(doc.rules);
  catalog.taxonomies = {{"cwe", std::move(doc.taxonomies.cwe)},
                        {"asvs", std::move(doc.taxonomies.asvs)},
                        {"casa", std::move(doc.taxonomies.casa)},
                        {"soc2", std::move(doc.taxonomies.soc2)},
                        {"owaspTop10", std::move(doc.taxonomies.owaspTop10)}};
  if (std::string problem = validate(doc, catalog); !problem.empty()) {
    error = std::string(fileName) + ": " + problem;
    return std::nullopt;
  }
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
