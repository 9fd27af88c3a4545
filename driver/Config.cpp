#include "driver/Config.h"
#include "driver/Collect.h"
#include "core/Fingerprint.h"
#include "core/InputFile.h"
#include "core/Suppressions.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

namespace attest {
namespace {
struct RulesSection {
  std::vector<std::string> enable, disable;
  std::map<std::string, std::string> levels;
};
struct PathsSection {
  std::vector<std::string> include, exclude;
};
struct SuppressionsSection {
  bool allowWildcards = false;
};
struct ConfigDoc {
  RulesSection rules;
  PathsSection paths;
  std::optional<std::string> failOn;
  std::optional<int64_t> linkDepth;
  std::optional<int64_t> tuTimeout, tuMemory;
  std::optional<std::string> incomplete;
  std::vector<AllowedFinding> allow;
  SuppressionsSection suppressions;
};
}  // namespace
}  // namespace attest

LLVM_YAML_IS_SEQUENCE_VECTOR(attest::AllowedFinding)

namespace llvm::yaml {
template <> struct CustomMappingTraits<std::map<std::string, std::string>> {
  static void inputOne(IO &io, StringRef key, std::map<std::string, std::string> &map) {
    io.mapRequired(key.str().c_str(), map[key.str()]);
  }
  static void output(IO &io, std::map<std::string, std::string> &map) {
    for (auto &[key, value] : map) io.mapRequired(key.c_str(), value);
  }
};
template <> struct MappingTraits<attest::RulesSection> {
  static void mapping(IO &io, attest::RulesSection &r) {
    io.mapOptional("enable", r.enable);
    io.mapOptional("disable", r.disable);
    io.mapOptional("levels", r.levels);
  }
};
template <> struct MappingTraits<attest::PathsSection> {
  static void mapping(IO &io, attest::PathsSection &p) {
    io.mapOptional("include", p.include);
    io.mapOptional("exclude", p.exclude);
  }
};
template <> struct MappingTraits<attest::SuppressionsSection> {
  static void mapping(IO &io, attest::SuppressionsSection &s) { io.mapOptional("allowWildcards", s.allowWildcards); }
};
template <> struct MappingTraits<attest::AllowedFinding> {
  static void mapping(IO &io, attest::AllowedFinding &a) {
    io.mapRequired("fingerprint", a.fingerprint);
    io.mapRequired("justification", a.justification);
    io.mapOptional("until", a.until);
  }
  static std::string validate(IO &, attest::AllowedFinding &a) {
    if (a.fingerprint.size() != 32 || a.fingerprint.find_first_not_of("0123456789abcdef") != std::string::npos)
      return "fingerprint must be the 32 hex digits of a result's partialFingerprints \"attest/v1\"";
    if (llvm::StringRef(a.justification).trim().empty()) return "justification must say why the risk is accepted";
    return {};
  }
};
template <> struct MappingTraits<attest::ConfigDoc> {
  static void mapping(IO &io, attest::ConfigDoc &d) {
    io.mapOptional("rules", d.rules);
    io.mapOptional("paths", d.paths);
    io.mapOptional("failOn", d.failOn);
    io.mapOptional("linkDepth", d.linkDepth);
    io.mapOptional("tuTimeout", d.tuTimeout);
    io.mapOptional("tuMemory", d.tuMemory);
    io.mapOptional("incomplete", d.incomplete);
    io.mapOptional("allow", d.allow);
    io.mapOptional("suppressions", d.suppressions);
  }
};
}  // namespace llvm::yaml

namespace attest {

namespace {
// Positions of keys, to point at a bad value after YAML I/O accepted its shape.
std::string positionOf(const std::string &text, const std::string &needle, const std::string &path) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return path;
  unsigned line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  size_t lineStart = text.rfind('\n', at);
  unsigned column = at - (lineStart == std::string::npos ? 0 : lineStart + 1) + 1;
  return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

bool knownPattern(const std::string &pattern, const Catalog &catalog) {
  for (const Rule &rule : catalog.rules)
    if (matchesRulePattern(rule.id, pattern)) return true;
  return false;
}
}  // namespace

std::optional<Config> parseConfig(const std::string &text, const std::string &path, const Catalog &catalog,
                                  std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  ConfigDoc doc;
  if (!llvm::StringRef(text).trim().empty()) {
    llvm::yaml::Input in(llvm::MemoryBufferRef(text, path), nullptr, handler, &diagStream);
    in >> doc;
    if (in.error()) {
      error = yamlReadError(std::move(diagnostics), path, "configuration");
      return std::nullopt;
    }
  }
  auto fail = [&](const std::string &needle, const std::string &message) {
    error = positionOf(text, needle, path) + ": error: " + message;
    return std::nullopt;
  };
  for (const auto *list : {&doc.rules.enable, &doc.rules.disable})
    for (const std::string &p : *list)
      if (!knownPattern(p, catalog)) return fail(p, "unknown rule '" + p + "' (see 'attest rules')");
  for (const auto &[id, level] : doc.rules.levels) {
    if (!catalog.find(id)) return fail(id, "unknown rule '" + id + "' (see 'attest rules')");
    if (!parseLevel(level)) return fail(id, "level of '" + id + "' must be error, warning or note, not '" + level + "'");
  }
  if (doc.failOn && *doc.failOn != "none" && !parseLevel(*doc.failOn))
    return fail("failOn", "failOn must be error, warning, note or none, not '" + *doc.failOn + "'");
  if (doc.linkDepth && (*doc.linkDepth < 0 || *doc.linkDepth > 64))
    return fail("linkDepth", "linkDepth must be a number of hops between 0 (off) and 64, not " +
                                 std::to_string(*doc.linkDepth));
  // The file can lower or raise the limits, never remove them: it may come with the code.
  if (doc.tuTimeout && (*doc.tuTimeout < 1 || *doc.tuTimeout > 86400))
    return fail("tuTimeout", "tuTimeout must be a number of seconds between 1 and 86400, not " +
                                 std::to_string(*doc.tuTimeout));
  if (doc.tuMemory && (*doc.tuMemory < 256 || *doc.tuMemory > (1 << 20)))
    return fail("tuMemory", "tuMemory must be a number of MiB between 256 and 1048576, not " +
                                std::to_string(*doc.tuMemory));
  if (doc.incomplete && !parseCompletenessPolicy(*doc.incomplete))
    return fail("incomplete", "incomplete must be allow, fail or a share of the TUs such as 5%, not '" +
                                  *doc.incomplete + "'");
  for (const auto *list : {&doc.paths.include, &doc.paths.exclude})
    for (const std::string &glob : *list)
      if (auto pattern = llvm::GlobPattern::create(glob); !pattern) {
        llvm::consumeError(pattern.takeError());
        return fail(glob, "'" + glob + "' is not a valid glob");
      }
  for (const AllowedFinding &a : doc.allow)
    if (!a.until.empty() && (a.until.size() != 10 || a.until[4] != '-' || a.until[7] != '-'))
      return fail(a.until, "until must be a date YYYY-MM-DD");

  Config config;
  config.path = path;
  config.sha256 = sha256Hex(text);
  config.root = llvm::sys::path::parent_path(path).str();
  config.enable = doc.rules.enable;
  config.disable = doc.rules.disable;
  config.levels = doc.rules.levels;
  config.include = doc.paths.include;
  config.exclude = doc.paths.exclude;
  config.failOn = doc.failOn;
  if (doc.linkDepth) config.linkDepth = unsigned(*doc.linkDepth);
  if (doc.tuTimeout) config.tuTimeout = unsigned(*doc.tuTimeout);
  if (doc.tuMemory) config.tuMemory = unsigned(*doc.tuMemory);
  config.incomplete = doc.incomplete;
  config.allow = doc.allow;
  config.allowWildcardSuppressions = doc.suppressions.allowWildcards;
  return config;
}

std::optional<Config> loadConfig(const std::string &explicitPath, const std::string &startDir,
                                 const Catalog &catalog, std::string &error) {
  std::string path = explicitPath;
  if (path.empty()) {
    llvm::SmallString<256> dir(startDir);
    llvm::sys::fs::make_absolute(dir);
    while (!dir.empty()) {
      llvm::SmallString<256> candidate(dir);
      llvm::sys::path::append(candidate, ".attest.yaml");
      if (llvm::sys::fs::exists(candidate)) {
        path = std::string(candidate);
        break;
      }
      llvm::StringRef parent = llvm::sys::path::parent_path(dir);
      if (parent == dir) break;
      dir = parent;
    }
    if (path.empty()) return Config{};
  }
  std::string readError;
  std::optional<std::string> text = readInputFile(path, kMaxConfigBytes, readError);
  if (!text) {
    error = path + ": error: cannot read the configuration: " + readError;
    return std::nullopt;
  }
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  return parseConfig(*text, std::string(absolute), catalog, error);
}

bool pathInScope(const Config &config, const std::string &file) {
  std::string rel = file;
  if (!config.root.empty() && llvm::StringRef(file).starts_with(config.root + "/"))
    rel = file.substr(config.root.size() + 1);
  auto matches = [&](const std::vector<std::string> &globs) {
    for (const std::string &glob : globs)
      if (auto pattern = llvm::GlobPattern::create(glob)) {
        if (pattern->match(rel)) return true;
      } else {
        llvm::consumeError(pattern.takeError());
      }
    return false;
  };
  if (!config.include.empty() && !matches(config.include)) return false;
  return !matches(config.exclude);
}

std::string defaultConfigText() {
  return "# attest configuration (" + documentationUri("docs/user-guide.md") + ")\n" + R"(# Found by walking up from the scanned paths; `attest scan --config FILE` overrides.
# Unknown keys and bad values are errors: nothing here is silently ignored.

rules:
  # Run only these rules (ids or family globs such as tls-*); empty: every rule.
  enable: []
  # Never run these.
  disable: []
  # Change a rule's level: error | warning | note.
  levels: {}
  #   crypto-weak-hash: error

paths:
  # Scan only files under these globs (relative to this file); empty: everything.
  include: []
  # Skip these, e.g. vendored code and tests.
  exclude: []
  #   - "third_party/**"
  #   - "tests/**"

# The lowest level that fails the build: error | warning | note | none.
failOn: error

# A scan in which a translation unit was skipped, crashed or failed to parse is incomplete
# and fails the gate (exit status 3): fail | allow | a tolerated share of the TUs, e.g. 2%.
incomplete: fail

# How many calls, returns, globals and fields the link step follows from a constant to the
# API that receives it, across functions and files (0: off).
linkDepth: 6

# Limits per translation unit, each analysed in a process of its own: wall time in seconds
# and address space in MiB. A TU that reaches one is reported (tu-timeout,
# tu-out-of-memory) and the scan is incomplete (exit 3).
# tuTimeout: 600
# tuMemory: 8192

# Accepted findings, by their SARIF partialFingerprints "attest/v1" (never a secret).
allow: []
#  - fingerprint: 0123456789abcdef0123456789abcdef
#    justification: "Legacy partner endpoint, isolated network; see SEC-123"
#    until: 2027-01-31
)";
}

}  // namespace attest
