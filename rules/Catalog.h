// The rule catalog: rules and the compliance taxonomies they map to, loaded from
// rules/catalog.yaml (embedded in the binary at build time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

enum class Level { Note, Warning, Error };

std::string_view levelName(Level level);
std::optional<Level> parseLevel(std::string_view text);

struct Rule {
  std::string id;               // kebab-case, family prefix: tls-verification-disabled
  std::string name;             // PascalCase, for SARIF rules[].name
  std::string shortDescription;
  std::string fullDescription;
  std::string help;             // Markdown with a safe-code example
  Level level = Level::Warning;
  double securitySeverity = 0;  // 0.0-10.0, as GitHub code scanning reads it
  std::string precision;        // very-high | high | medium | low
  std::vector<std::string> tags;
  std::vector<std::string> cwe;   // "295"
  std::vector<std::string> asvs;  // "V9.2.1"
  std::vector<std::string> casa;  // "4.1.2"
  std::vector<std::string> soc2;  // "CC6.7"
  std::vector<std::string> owaspTop10;  // "A07"
  std::vector<std::string> references;  // URLs

  std::string family() const;  // the id's first word: "tls"
  bool isMeta() const;         // reported by the driver (suppression-invalid), not a weakness
};

// The address of a page of attest's documentation ("docs/rules/X.md") at the version of this
// binary (the v0.1.0 tag), so a link in a SARIF log or a report keeps showing the text that
// applied when the log was written, whatever main says later.
std::string documentationUri(std::string_view path);

// The message of a YAML document LLVM's reader rejected: its printed diagnostics without the
// trailing newline, "FILE: invalid WHAT" when it printed none, and FILE in front of a
// diagnostic LLVM could not place ("<unknown>:0: missing required key" in a flow mapping),
// so that every error names the file.
std::string yamlReadError(std::string diagnostics, std::string_view fileName, std::string_view what);

struct Taxon {
  std::string id;
  std::string name;
  std::string levels;  // ASVS only: "L1,L2,L3"
  std::string note;    // provenance of the text (abridged, version)
};

// One compliance framework as the catalog describes it.
struct Taxonomy {
  std::string key;  // cwe | asvs | casa | soc2 | owaspTop10
  std::vector<Taxon> taxa;
  const Taxon *find(std::string_view id) const;
};

struct Catalog {
  std::vector<Rule> rules;
  std::vector<Taxonomy> taxonomies;

  const Rule *find(std::string_view id) const;
  const Taxonomy *taxonomy(std::string_view key) const;
  std::string sha256;  // of the catalog text, for audit evidence
};

// Parses catalog YAML. On error returns std::nullopt and sets `error` to a
// "file:line:col: message" diagnostic. Validates ids, levels, severities and
// that every mapped control exists in the taxonomies.
std::optional<Catalog> parseCatalog(std::string_view yaml, std::string_view fileName,
                                    std::string &error);

// The catalog compiled into this binary (parsed once, thread-safe).
const Catalog &builtinCatalog();

}  // namespace attest
