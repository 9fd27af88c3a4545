// The compliance report as GitHub-flavoured Markdown: for a pull-request comment or
// a wiki. Every string from SARIF goes through markdownEscape (HTML entities, so
// neither Markdown nor HTML in a message, path or snippet is interpreted).
#include "reports/ComplianceReport.h"
#include "core/SourceText.h"

#include <cctype>

namespace attest {

std::string markdownEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    // An underscore inside a word (webhook_client) never starts emphasis: keep it legible.
    if (c == '_' && i > 0 && i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i - 1])) &&
        std::isalnum(static_cast<unsigned char>(text[i + 1]))) {
      out += c;
      continue;
    }
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '|': out += "&#124;"; break;
    case '\\': out += "&#92;"; break;
    case '`': out += "&#96;"; break;
    case '*': out += "&#42;"; break;
    case '_': out += "&#95;"; break;
    case '[': out += "&#91;"; break;
    case ']': out += "&#93;"; break;
    case '#': out += "&#35;"; break;
    case '~': out += "&#126;"; break;
    case '!': out += "&#33;"; break;
    case '\n': out += ' '; break;
    case '\r': break;
    default: out += c;
    }
  }
  return out;
}

namespace {

std::string code(std::string_view text) {
  return text.empty() ? std::string() : "<code>" + markdownEscape(text) + "</code>";
}

// GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
std::string slug(const std::string &heading) {
  std::string out;
  for (char c : heading) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
    else if (c == ' ' || c == '-') out += '-';
    else if (c == '_') out += '_';
  }
  return out;
}


std::string statusIcon(ControlStatus s) {
  switch (s) {
  case ControlStatus::Fail: return "❌ **Fail**";
  case ControlStatus::Pass: return "✅ Pass";
  case ControlStatus::AcceptedRisk: return "⚠️ Accepted risk";
  case ControlStatus::Observations: return "🔎 Observations";
  case ControlStatus::NoFindingsPartial: return "◐ No findings (partial coverage)";
  case ControlStatus::Evidence: return "📋 Supported by evidence";
  case ControlStatus::NotAssessed: return "➖ Not assessed";
  }
  return "";
}

std::string statusCell(const Control &c) {
  std::string out = statusIcon(c.status);
  if (!c.coverageNote.empty()) out += "<br><sub>" + markdownEscape(c.coverageNote) + "</sub>";
  return out;
}

std::string joinEscaped(const std::vector<std::string> &items, const char *sep = ", ") {
  std::string out;
  for (const std::string &i : items) out += (out.empty() ? "" : sep) + code(i);
  return out;
}

std::string findingLocation(const ReportFinding &f) {
  std::string text = code(locationText(f));
  // sourceLink() admits no '<', '>', quote or space, so the <...> destination holds it verbatim.
  if (!f.link.empty()) return "[" + text + "](<" + f.link + ">)";
  return text;
}

std::string findingState(const ComplianceReport &report, const ReportFinding &f) {
  std::string state = f.suppressed ? "suppressed" : "open";
  if (report.previous && f.isNew) state += ", new";
  return state;
}

// " (F1, F3)": the ids of a control's findings, listed under Findings.
std::string findingIds(const ComplianceReport &report, const Control &c) {
  std::string ids;
  for (size_t i : c.findings) ids += (ids.empty() ? "" : ", ") + report.findings[i].id;
  return ids.empty() ? ids : " (" + ids + ")";
}

void findingsTable(std::string &out, const ComplianceReport &report, const std::vector<size_t> &indices) {
  out += "| ID | Location | Rule | Level | Message | State |\n|---|---|---|---|---|---|\n";
  for (size_t i : indices) {
    const ReportFinding &f = report.findings[i];
    out += "| " + f.id + " | " + findingLocation(f) + " | " + code(f.ruleId) + " | " + f.level + " | " +
           markdownEscape(f.message) + " | " + findingState(report, f) + " |\n";
  }
}

// SOC 2 Type II: the controls over the period, those that failed at some time first.
void periodSection(std::string &out, const ComplianceReport &report) {
  const PeriodReport &p = *report.period;
  out += "## Period\n\n" + std::to_string(p.runs.size()) + " scans from " + markdownEscape(p.runs.front().endTimeUtc) +
         " to " + markdownEscape(p.runs.back().endTimeUtc) + " (UTC), by run time; the sections below are of the last.\n\n";
  out += "| # | Scan ended (UTC) | Commit | Input |\n|---:|---|---|---|\n";
  for (size_t i = 0; i < p.runs.size(); ++i)
    out += "| " + std::to_string(i + 1) + " | " + markdownEscape(p.runs[i].endTimeUtc) + " | " + code(p.runs[i].commit) +
           " | " + code(p.runs[i].input) + " |\n";
  out += "\n| Framework | Control | First seen | Fixed | Time to fix | Open at period end |\n|---|---|---|---|---|---|\n";
  unsigned never = 0;
  for (const ControlHistory &c : p.controls) {
    if (c.episodes.empty()) {
      ++never;
      continue;
    }
    for (size_t e = 0; e < c.episodes.size(); ++e) {
      const FailureEpisode &ep = c.episodes[e];
      out += "| " + markdownEscape(c.framework) + " | " + markdownEscape(c.id) + " | " + markdownEscape(ep.firstSeen) +
             " | " + (ep.fixed.empty() ? std::string("—") : markdownEscape(ep.fixed)) + " | " +
             (ep.timeToFix.empty() ? std::string("—") : markdownEscape(ep.timeToFix)) + " | " +
             (e + 1 == c.episodes.size() && c.openAtEnd ? "**open**" : "no") + " |\n";
    }
  }
  out += "\n" + std::to_string(never) + " controls did not fail in any scan of the period.\n\n";
}

}  // namespace

std::string renderMarkdown(const ComplianceReport &report) {
  const EvidenceSummary &e = report.evidence;
  std::string out = "# attest compliance report\n\n";
  out += "**Repository** " + (e.repository.empty() ? std::string("not recorded") : code(e.repository)) +
         " · **Commit** " + (e.commit.empty() ? std::string("not recorded") : code(e.commit)) +
         (e.branch.empty() ? "" : " · **Branch** " + code(e.branch)) + "  \n";
  out += "**Scan** " + markdownEscape(e.startTimeUtc) + " – " + markdownEscape(e.endTimeUtc) + " (UTC) · **attest** " +
         markdownEscape(e.toolVersion) + "\n\n";
  for (const std::string &w : report.warnings) out += "> [!WARNING]\n> " + markdownEscape(w) + "\n\n";

  out += "## Contents\n\n- [Summary](#summary)\n" + std::string(report.period ? "- [Period](#period)\n" : "") +
         "- [Evidence](#evidence)\n- [Scope](#scope)\n";
  for (const Framework &fw : report.frameworks) out += "- [" + fw.title + "](#" + slug(fw.title) + ")\n";
  bool casa = false;
  for (const Framework &fw : report.frameworks) casa |= fw.key == "casa";
  if (casa) out += "- [CASA per-CWE evidence](#casa-per-cwe-evidence)\n";
  out += "- [Findings](#findings)\n- [Rules in this scan](#rules-in-this-scan)\n\n";

  // Summary.
  out += "## Summary\n\n| Framework |";
  for (ControlStatus st : allStatuses())
    out += " " + std::string(st == ControlStatus::NoFindingsPartial ? "Partial" : statusLabel(st)) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < allStatuses().size(); ++i) out += "---:|";
  out += "\n";
  for (const Framework &fw : report.frameworks) {
    out += "| [" + fw.title + "](#" + slug(fw.title) + ") |";
    for (ControlStatus st : allStatuses()) out += " " + std::to_string(fw.count(st)) + " |";
    out += "\n";
  }
  out += "\n**Gate threshold:** " + markdownEscape(report.gate.threshold) + " (controls fail on findings at or above it; "
         "lower ones are observations) · **Gate result:** " + markdownEscape(report.gate.result) + "  \n";
  out += "\n**Open findings:** " + countsText(report.open) + " · **Suppressed:** " +
         std::to_string(report.suppressedCount);
  if (report.previous)
    out += " · **Since previous scan:** " + std::to_string(report.previous->total.added) + " new, " +
           std::to_string(report.previous->total.fixed) + " fixed, " +
           std::to_string(report.previous->total.unchanged) + " unchanged";
  out += "\n\n";

  if (report.period) periodSection(out, report);

  // Evidence.
  out += "## Evidence\n\n| Item | Value |\n|---|---|\n";
  auto row = [&](const std::string &k, const std::string &v) { out += "| " + k + " | " + v + " |\n"; };
  row("Repository", e.repository.empty() ? "not recorded" : code(e.repository));
  row("Commit", e.commit.empty() ? "not recorded" : code(e.commit));
  row("Branch", e.branch.empty() ? "not recorded (detached or unknown)" : code(e.branch));
  row("Scan started (UTC)", markdownEscape(e.startTimeUtc));
  row("Scan ended (UTC)", markdownEscape(e.endTimeUtc));
  row("attest version", markdownEscape(e.toolVersion));
  row("Rule set", joinEscaped(e.ruleIds));
  row("Rule catalog SHA-256", code(e.catalogSha256));
  row("Configuration", e.configSha256.empty() && e.configFile.empty()
                           ? "no configuration file recorded (defaults and command line)"
                           : (e.configFile.empty() ? std::string("file") : code(e.configFile)) +
                                 (e.configSha256.empty() ? "" : ", SHA-256 " + code(e.configSha256)));
  if (!e.configSettings.empty()) row("Non-default settings", joinEscaped(e.configSettings, "<br>"));
  row("Command line", joinEscaped(e.commandLines, "<br>"));
  row("Baseline", e.baseline.empty() ? "none" : markdownEscape(e.baseline));
  for (const InputFile &in : report.inputs)
    row("Input SARIF " + code(in.path), "SHA-256 " + code(in.sha256));
  if (report.previous)
    row("Previous SARIF " + code(report.previous->path),
        "SHA-256 " + code(report.previous->sha256) +
            (report.previous->revisionId.empty() ? "" : ", commit " + code(report.previous->revisionId)));
  row("Report generated by", "attest " ATTEST_VERSION ", catalog SHA-256 " + code(report.reportCatalogSha256));
  out += "\n";

  // Scope.
  const Scope &s = report.scope;
  out += "## Scope\n\n| Translation units | Count |\n|---|---:|\n";
  out += "| Planned | " + std::to_string(s.tusPlanned) + " |\n| Scanned | " + std::to_string(s.tusScanned) +
         " |\n| Failed to parse | " + std::to_string(s.tusFailedToParse) + " |\n| Crashed | " +
         std::to_string(s.tusCrashed) + " |\n| Skipped | " + std::to_string(s.tusSkipped) + " |\n| Excluded by configuration | " + std::to_string(s.tusExcluded) + " |\n\n";
  auto list = [&](const char *title, const std::vector<std::string> &files) {
    if (files.empty()) return;
    out += "**" + std::string(title) + "**\n\n";
    for (const std::string &f : files) out += "- " + code(f) + "\n";
    out += "\n";
  };
  list("Failed to parse (findings come only from the parts that parsed):", s.failedToParse);
  list("Crashed (not analysed):", s.crashed);
  list("Skipped (not analysed):", s.skipped);
  list("Excluded paths:", s.excludedPaths);
  if (!s.scannedFiles.empty()) {
    out += "<details><summary>" + std::to_string(s.scannedFiles.size()) + " translation unit" +
           (s.scannedFiles.size() == 1 ? "" : "s") + " analysed</summary>\n\n";
    for (const std::string &f : s.scannedFiles) out += "- " + code(f) + "\n";
    out += "\n</details>\n\n";
  }
  if (!s.notifications.empty()) {
    out += "<details><summary>" + std::to_string(s.notifications.size()) + " tool notification" +
           (s.notifications.size() == 1 ? "" : "s") + "</summary>\n\n| Level | Id | File | Message |\n|---|---|---|---|\n";
    for (const ScopeNotification &n : s.notifications)
      out += "| " + markdownEscape(n.level) + " | " + code(n.id) + " | " + code(n.file) + " | " +
             markdownEscape(n.message) + " |\n";
    out += "\n</details>\n\n";
  }

  // Frameworks.
  for (const Framework &fw : report.frameworks) {
    out += "## " + fw.title + "\n\n";
    out += markdownEscape(fw.name) + " " + markdownEscape(fw.version) + " (" + markdownEscape(fw.organization) + ").";
    if (fw.suggestedMapping)
      out += "\n\n> [!NOTE]\n> **Suggested mapping.** The AICPA publishes no mapping of code weaknesses to the Trust "
             "Services Criteria; attest's mapping of rules to criteria is a suggestion for the auditor's judgement, "
             "and the criterion texts are abridged.";
    out += "\n\n";
    std::vector<const Control *> assessed, notAssessed;
    for (const Control &c : fw.controls)
      (c.status == ControlStatus::NotAssessed ? notAssessed : assessed).push_back(&c);
    if (!assessed.empty()) {
      out += "| Control | Status | Title | Rules | Open findings | Suppressed |" +
             std::string(report.previous ? " New / fixed / unchanged |" : "") + "\n|---|---|---|---|---|---:|" +
             (report.previous ? "---|" : "") + "\n";
      for (const Control *c : assessed) {
        out += "| **" + markdownEscape(c->id) + "** | " + statusCell(*c) + " | " +
               markdownEscape(utf8Truncate(c->title, 160)) + " | " + joinEscaped(c->rules) + " | " + countsText(c->open) +
               findingIds(report, *c) +
               " | " + std::to_string(c->suppressed.total()) + " |";
        if (report.previous)
          out += c->trend ? " " + std::to_string(c->trend->added) + " / " + std::to_string(c->trend->fixed) + " / " +
                                std::to_string(c->trend->unchanged) + " |"
                          : " |";
        out += "\n";
      }
      out += "\n";
    }
    for (const Control *c : assessed) {
      if (!c->evidence.empty()) {
        out += "**" + markdownEscape(c->id) + "** — " + std::string(statusLabel(c->status)) +
               ": evidence that the scan and its gate ran\n\n";
        for (const std::string &line : c->evidence) out += "- " + markdownEscape(line) + "\n";
        out += "\n";
      }
      // Each finding is listed once, under Findings; a control names its findings' ids.
      if (c->justifications.empty()) continue;
      out += "**" + markdownEscape(c->id) + "** accepted-risk justifications:\n\n";
      for (const std::string &j : c->justifications) out += "- " + markdownEscape(j) + "\n";
      out += "\n";
    }
    if (!notAssessed.empty()) {
      out += "**Not assessed (" + std::to_string(notAssessed.size()) + " controls):** " +
             (s.complete() ? "no rule enabled in this scan tests them" : "the scan was incomplete, or no enabled rule tests them") +
             ", so this report makes no claim about them.\n\n";
      out += "| Control | Title | Reason |\n|---|---|---|\n";
      for (const Control *c : notAssessed)
        out += "| " + markdownEscape(c->id) + " | " + markdownEscape(utf8Truncate(c->title, 120)) + " | " +
               markdownEscape(c->notAssessedReason) + " |\n";
      out += "\n";
    }
  }

  if (casa) {
    out += "## CASA per-CWE evidence\n\nCASA Tier 2 reads scanner results as pass/fail per CWE. A CWE that no enabled "
           "rule tests, or any CWE of an incomplete scan, is NOT TESTED; one whose rules found nothing but cover it only partly "
           "is PARTIAL; PASS needs a rule that covers the CWE fully.\n\n| CWE | Name | Status | Rules | Findings | Suppressed |\n"
           "|---|---|---|---|---:|---:|\n";
    for (const CasaRow &r : report.casa)
      out += "| CWE-" + markdownEscape(r.cwe) + " | " + markdownEscape(r.name) + " | " +
             (r.status == "FAIL" ? "**FAIL**" : r.status) + " | " + joinEscaped(r.rules) + " | " +
             std::to_string(r.open.total()) + " | " + std::to_string(r.suppressed) + " |\n";
    out += "\n";
  }

  out += "## Findings\n\n";
  if (report.findings.empty()) {
    out += "No findings.\n\n";
  } else {
    std::vector<size_t> all(report.findings.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    findingsTable(out, report, all);
    out += "\n";
  }

  out += "## Rules in this scan\n\n| Rule | Level | Severity | CWE | ASVS | CASA | SOC 2 | Top 10 |\n"
         "|---|---|---:|---|---|---|---|---|\n";
  for (const RuleSummary &r : report.rules) {
    auto ids = [](const std::vector<std::string> &v) {
      std::string o;
      for (const std::string &x : v) o += (o.empty() ? "" : ", ") + markdownEscape(x);
      return o;
    };
    out += "| " + code(r.id) + "<br>" + markdownEscape(r.shortDescription) + " | " + markdownEscape(r.level) + " | " +
           markdownEscape(r.securitySeverity) + " | " + ids(r.cwe) + " | " + ids(r.asvs) + " | " + ids(r.casa) + " | " +
           ids(r.soc2) + " | " + ids(r.owaspTop10) + " |\n";
  }
  out += "\n<sub>Generated by attest " ATTEST_VERSION " from SARIF; no rescan. Statuses: fail = open findings at or "
         "above the gate threshold; accepted risk = only suppressed findings; observations = only findings below the "
         "threshold; pass = a rule that covers the control fully ran on a complete scan and nothing was found; partial "
         "coverage = nothing found by rules that cover only part of it; supported by evidence = the scan and its gate ran; "
         "not assessed = no enabled rule tests it, or the scan was incomplete.</sub>\n";
  return out;
}

}  // namespace attest
