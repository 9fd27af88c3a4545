#include "driver/Policy.h"
#include "driver/Collect.h"
#include "core/SourceText.h"
#include "core/Suppressions.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>

namespace attest {
namespace {
struct PathsPolicy {
  std::vector<std::string> allowedExcludes, allowedIncludes;
};
struct PolicyDoc {
  std::optional<std::string> failOn, incomplete;
  std::vector<std::string> requiredRules;
  PathsPolicy paths;
};
}  // namespace
}  // namespace attest

namespace llvm::yaml {
template <> struct MappingTraits<attest::PathsPolicy> {
  static void mapping(IO &io, attest::PathsPolicy &p) {
    io.mapOptional("allowedExcludes", p.allowedExcludes);
    io.mapOptional("allowedIncludes", p.allowedIncludes);
  }
};
template <> struct MappingTraits<attest::PolicyDoc> {
  static void mapping(IO &io, attest::PolicyDoc &d) {
    io.mapOptional("failOn", d.failOn);
    io.mapOptional("requiredRules", d.requiredRules);
    io.mapOptional("paths", d.paths);
    io.mapOptional("incomplete", d.incomplete);
  }
};
}  // namespace llvm::yaml

namespace attest {
namespace {
// How lax a gate is: a higher rank lets more through.
int failOnRank(const std::optional<std::string> &failOn) {
  std::string v = failOn.value_or("error");
  return v == "note" ? 0 : v == "warning" ? 1 : v == "error" ? 2 : 3;  // none
}

double incompleteRank(const std::optional<std::string> &incomplete) {
  std::optional<CompletenessPolicy> p = parseCompletenessPolicy(incomplete.value_or("fail"));
  if (!p) return 0;
  return p->allowAll ? 1000 : p->toleratedPercent.value_or(0);
}

int levelRank(Level level) { return level == Level::Note ? 0 : level == Level::Warning ? 1 : 2; }

bool ruleOn(const Rule &rule, const Config &config) {
  bool on = config.enable.empty();
  for (const std::string &p : config.enable) on |= matchesRulePattern(rule.id, p);
  for (const std::string &p : config.disable) on &= !matchesRulePattern(rule.id, p);
  return on;
}

// The first line of the configuration, outside comments, that holds `needle`.
unsigned lineOf(const std::string &text, const std::string &needle) {
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(text).split(lines, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    llvm::StringRef line = lines[i];
    size_t hash = line.find('#');
    if (line.take_front(hash).contains(needle)) return i + 1;
  }
  return 1;
}

struct Reporter {
  const Config &config;
  const std::string &text;
  const Catalog &catalog;
  std::vector<Finding> findings;

  void report(const std::string &needle, const std::string &message) {
    Finding f;
    f.ruleId = kPolicyRule;
    const Rule *rule = catalog.find(kPolicyRule);
    f.level = rule ? rule->level : Level::Error;
    unsigned line = lineOf(text, needle);
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(text).split(lines, '\n');
    std::string lineText = line <= lines.size() ? sanitizeUtf8(lines[line - 1].rtrim("\r").take_front(2000)) : "";
    f.location.file = config.path;
    f.location.startLine = f.location.endLine = line;
    f.location.startColumn = 1;
    f.location.endColumn = lineText.size() + 1;
    f.location.startColumnUtf16 = 1;
    f.location.endColumnUtf16 = utf16Column(lineText, f.location.endColumn);
    f.location.regionText = f.location.contextText = lineText;
    f.message = message;
    findings.push_back(std::move(f));
  }
};

// A policy that is the base revision's configuration: nothing may become laxer than it.
Policy policyOf(const Config &base, const Catalog &catalog) {
  Policy p;
  p.path = base.path.empty() ? "the defaults" : base.path;
  p.failOn = base.failOn.value_or("error");
  for (const Rule &rule : catalog.rules)
    if (ruleOn(rule, base)) p.requiredRules.push_back(rule.id);
  p.allowedExcludes = base.exclude;
  p.allowedIncludes = base.include;
  p.incomplete = base.incomplete.value_or("fail");
  return p;
}

std::vector<Finding> check(const Policy &policy, const Config &config, const std::string &text,
                           const Catalog &catalog, const std::map<std::string, std::string> &baseLevels,
                           const std::string &against) {
  Reporter out{config, text, catalog, {}};
  if (config.path.empty()) return {};  // the defaults: nothing written to weaken
  int floor = failOnRank(policy.failOn);
  if (failOnRank(config.failOn) > floor)
    out.report("failOn", "failOn: " + config.failOn.value_or("error") + " lets through findings that " + against +
                             " fails on (failOn: " + policy.failOn.value_or("error") + ")");
  // Rules the policy requires that this configuration turns off, by the pattern that does it.
  std::map<std::string, std::vector<std::string>> offBy;
  for (const Rule &rule : catalog.rules) {
    bool required = std::any_of(policy.requiredRules.begin(), policy.requiredRules.end(),
                                [&](const std::string &p) { return matchesRulePattern(rule.id, p); });
    if (!required || ruleOn(rule, config)) continue;
    std::string by = "enable";
    for (const std::string &p : config.disable)
      if (matchesRulePattern(rule.id, p)) by = p;
    offBy[by].push_back(rule.id);
  }
  for (const auto &[needle, rules] : offBy) {
    std::string list;
    for (const std::string &id : rules) list += (list.empty() ? "" : ", ") + id;
    out.report(needle, (needle == "enable" ? "rules.enable leaves out " : "rules.disable '" + needle + "' turns off ") +
                           list + ", which " + against + " requires");
  }
  // A level lowered so that findings the policy's gate would fail no longer do.
  for (const auto &[id, levelText] : config.levels) {
    const Rule *rule = catalog.find(id);
    std::optional<Level> level = parseLevel(levelText);
    if (!rule || !level) continue;
    Level before = rule->level;
    if (auto it = baseLevels.find(id); it != baseLevels.end())
      if (std::optional<Level> b = parseLevel(it->second)) before = *b;
    if (levelRank(*level) < levelRank(before) && levelRank(before) >= floor && levelRank(*level) < floor)
      out.report(id, "rules.levels lowers " + id + " to " + levelText + ", below the gate of " + against);
  }
  for (const std::string &glob : config.exclude)
    if (std::find(policy.allowedExcludes.begin(), policy.allowedExcludes.end(), glob) == policy.allowedExcludes.end())
      out.report(glob, "paths.exclude '" + glob + "' takes code out of the scan; " + against + " does not allow it");
  for (const std::string &glob : config.include)
    if (std::find(policy.allowedIncludes.begin(), policy.allowedIncludes.end(), glob) == policy.allowedIncludes.end())
      out.report(glob, "paths.include '" + glob + "' limits the scan; " + against + " does not allow it");
  if (incompleteRank(config.incomplete) > incompleteRank(policy.incomplete))
    out.report("incomplete", "incomplete: " + config.incomplete.value_or("fail") + " accepts more of an incomplete scan than " +
                                 against + " (incomplete: " + policy.incomplete.value_or("fail") + ")");
  return std::move(out.findings);
}
}  // namespace

std::optional<Policy> loadPolicy(const std::string &path, const Catalog &catalog, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error = path + ": error: cannot read the policy: " + buffer.getError().message();
    return std::nullopt;
  }
  std::string text = (*buffer)->getBuffer().str(), diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  PolicyDoc doc;
  if (!llvm::StringRef(text).trim().empty()) {
    llvm::yaml::Input in(llvm::MemoryBufferRef(text, path), nullptr, handler, &diagStream);
    in >> doc;
    if (in.error()) {
      error = yamlReadError(std::move(diagnostics), path, "policy");
      return std::nullopt;
    }
  }
  auto fail = [&](const std::string &needle, const std::string &message) {
    error = path + ":" + std::to_string(lineOf(text, needle)) + ": error: " + message;
    return std::nullopt;
  };
  if (doc.failOn && (*doc.failOn == "none" || !parseLevel(*doc.failOn)))
    return fail("failOn", "failOn must be error, warning or note, not '" + *doc.failOn + "'");
  for (const std::string &p : doc.requiredRules)
    if (std::none_of(catalog.rules.begin(), catalog.rules.end(),
                     [&](const Rule &r) { return matchesRulePattern(r.id, p); }))
      return fail(p, "unknown rule '" + p + "' (see 'attest rules')");
  if (doc.incomplete && !parseCompletenessPolicy(*doc.incomplete))
    return fail("incomplete", "incomplete must be allow, fail or a share such as 5%, not '" + *doc.incomplete + "'");
  Policy policy;
  policy.path = path;
  policy.failOn = doc.failOn;
  policy.requiredRules = doc.requiredRules;
  policy.allowedExcludes = doc.paths.allowedExcludes;
  policy.allowedIncludes = doc.paths.allowedIncludes;
  policy.incomplete = doc.incomplete;
  return policy;
}

std::vector<Finding> governanceFindings(const Policy *policy, const Config &config, const ChangeSet *changes,
                                        const Catalog &catalog) {
  std::vector<Finding> out;
  if (config.path.empty() || (!policy && !changes)) return out;
  auto buffer = llvm::MemoryBuffer::getFile(config.path, /*IsText=*/true);
  std::string text = buffer ? (*buffer)->getBuffer().str() : std::string();
  if (policy) out = checkPolicy(*policy, config, text, catalog);
  if (changes) {
    std::string error;
    Config base;  // the defaults, when the file is new or its old version does not parse
    if (std::optional<std::string> old = fileAtCommit(*changes, config.path, error))
      if (std::optional<Config> parsed = parseConfig(*old, config.path, catalog, error)) base = *parsed;
    std::vector<Finding> weaker = checkAgainstBase(base, config, text, catalog);
    for (Finding &f : weaker) {  // once per line: the policy may already say it
      bool said = std::any_of(out.begin(), out.end(),
                              [&](const Finding &g) { return g.location.startLine == f.location.startLine; });
      if (!said) out.push_back(std::move(f));
    }
  }
  return out;
}

std::optional<Level> atLeastPolicy(const std::optional<Level> &failOn, const Policy &policy) {
  std::optional<Level> floor = parseLevel(policy.failOn.value_or("error"));
  if (!failOn) return floor;
  return floor && levelRank(*floor) < levelRank(*failOn) ? floor : failOn;
}

std::vector<Finding> checkPolicy(const Policy &policy, const Config &config, const std::string &configText,
                                 const Catalog &catalog) {
  return check(policy, config, configText, catalog, {}, "the policy " + policy.path);
}

std::vector<Finding> checkAgainstBase(const Config &base, const Config &current, const std::string &currentText,
                                      const Catalog &catalog) {
  return check(policyOf(base, catalog), current, currentText, catalog, base.levels,
               "the base revision's configuration");
}

}  // namespace attest
