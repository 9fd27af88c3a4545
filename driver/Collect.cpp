#include "driver/Collect.h"
#include "driver/Cli.h"
#include "driver/Policy.h"
#include "core/Suppressions.h"

#include <algorithm>
#include <charconv>
#include <tuple>

namespace attest {

void collectFindings(ScanResult &result, const CollectOptions &options) {
  const Config &config = *options.config;
  std::erase_if(result.findings, [&](const Finding &f) { return !pathInScope(config, f.location.file); });
  for (Finding &f : result.findings)
    if (auto it = config.levels.find(f.ruleId); it != config.levels.end()) f.level = *parseLevel(it->second);

  applyInlineSuppressions(result, builtinCatalog(),
                          {options.today, options.reportUnusedSuppressions, config.allowWildcardSuppressions});
  finalizeFindings(result.findings, result.sourceRoot);
  for (Finding &f : result.findings)
    for (const AllowedFinding &allowed : config.allow)
      if (allowed.fingerprint == f.fingerprint && !f.suppressed() &&
          (allowed.until.empty() || allowed.until >= options.today))
        f.suppressions.push_back({"external", allowed.justification, config.path, 0, allowed.until, ""});
  if (options.baseline) {
    std::vector<BaselineEntry> entries = *options.baseline;
    std::vector<BaselineEntry> absent = applyBaseline(result.findings, entries, result.sourceRoot);
    result.summary.baselineAbsent = absent.size();
    result.summary.baselinePath = options.baselinePath;
  }
  result.summary.configPath = config.path;
  result.summary.configSha256 = config.sha256;
  if (!options.governance.empty()) {
    std::vector<Finding> governance = options.governance;
    finalizeFindings(governance, result.sourceRoot);
    result.findings.insert(result.findings.end(), governance.begin(), governance.end());
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding &a, const Finding &b) {
      return std::tie(a.location.file, a.location.startLine) < std::tie(b.location.file, b.location.startLine);
    });
  }
}

namespace {
std::string nothingAnalysedMessage(const ScanSummary &s) {
  if (s.tusPlanned == 0)
    return "nothing was analysed: no translation unit is left to scan" +
           (s.tusExcluded ? " (all " + std::to_string(s.tusExcluded) + " excluded by the configuration's paths)"
                          : std::string(" (the compilation database lists none)"));
  std::string cause;
  if (s.tusSkipped == s.tusPlanned)
    cause = ": the compilation database names only files that do not exist (is it stale? regenerate it)";
  else if (s.tusFailedToParse == s.tusPlanned)
    cause = ": every TU failed to parse (check the database's flags and that its headers exist; see the "
            "parse-error notifications)";
  else if (s.tusCrashed == s.tusPlanned)
    cause = ": the analysis of every TU crashed";
  return "nothing was analysed: none of the " + std::to_string(s.tusPlanned) + " planned TU(s) was analysed (" +
         incompleteCauses(s) + ")" + cause;
}

bool toleratedShare(const ScanSummary &s, const CompletenessPolicy &policy) {
  if (policy.allowAll) return true;
  if (!policy.toleratedPercent || s.tusPlanned == 0) return false;
  return 100.0 * incompleteTus(s) <= *policy.toleratedPercent * s.tusPlanned;
}
}  // namespace

Verdict decideGate(const ScanResult &result, const GateOptions &options) {
  Verdict v;
  const ScanSummary &s = result.summary;
  v.gatingFindings = std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding &f) {
        if (f.suppressed()) return false;
        if (f.ruleId == kPolicyRule) return true;  // a weakened gate gates, whatever it says and whatever changed
        if (!options.failOn || f.level < *options.failOn) return false;
        return (!options.baseline || f.baselineState == "new") &&
               (!options.changes || options.changes->changedLine(f.location.file, f.location.startLine));
      });
  v.incomplete = incompleteTus(s) > 0;
  v.nothingAnalysed = analysedTus(s) == 0 && (s.tusPlanned > 0 || !options.narrowed);
  if (v.nothingAnalysed) {
    v.message = nothingAnalysedMessage(s);
  } else if (v.incomplete) {
    v.incompleteAllowed = toleratedShare(s, options.completeness);
    v.message = incompleteSummary(s) +
                (v.incompleteAllowed ? "; accepted by the completeness policy"
                                     : "; this fails the gate (accept it with --allow-incomplete or "
                                       "`incomplete:` in .attest.yaml)");
  }
  v.status = v.gatingFindings                             ? kExitFindings
             : v.nothingAnalysed                          ? kExitUsage
             : v.incomplete && !v.incompleteAllowed       ? kExitIncomplete
                                                          : kExitClean;
  return v;
}

}  // namespace attest
