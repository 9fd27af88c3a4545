// The compliance report as one self-contained HTML page: inline CSS, inline SVG
// charts, no script, no external request (a Content-Security-Policy forbids any),
// print CSS with a page per framework. Every string from SARIF goes through htmlEscape.
#include "reports/ComplianceReport.h"
#include "core/SourceText.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>

namespace attest {

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

namespace {

const char *kCss = R"CSS(
:root{--ink:#1c2333;--muted:#5b6475;--line:#dde2ea;--soft:#f5f7fa;--brand:#1f2a44;--accent:#3558a8;
--fail:#c0392b;--fail-bg:#fdecea;--risk:#b9770e;--risk-bg:#fef5e7;--pass:#1e8449;--pass-bg:#e9f7ef;
--na:#7f8c8d;--na-bg:#f0f2f3;--error:#c0392b;--warning:#e67e22;--note:#2e86c1}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.5 "Liberation Sans","DejaVu Sans",Arial,Helvetica,sans-serif}
main{max-width:1120px;margin:0 auto;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.08)}
.cover{background:var(--brand);color:#fff;padding:28px 40px 24px}
.brand{font-size:12px;letter-spacing:.18em;text-transform:uppercase;color:#aab6d3;font-weight:bold}
.cover h1{margin:6px 0 4px;font-size:28px;font-weight:bold}
.cover .subtitle{margin:0;color:#d5ddef;font-size:14px;word-break:break-all}
.cover dl{display:grid;grid-template-columns:repeat(4,1fr);gap:10px 18px;margin:18px 0 0}
.cover dl div{min-width:0}
.cover dt{font-size:11px;text-transform:uppercase;letter-spacing:.08em;color:#aab6d3}
.cover dd{margin:0;font-size:13px;overflow-wrap:anywhere}
.content{padding:8px 40px 32px}
h2{font-size:21px;margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--brand)}
h3{font-size:16px;margin:22px 0 8px}
h4{font-size:14px;margin:18px 0 6px}
p{margin:6px 0}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
code,pre,.mono{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:12px}
code{background:var(--soft);border:1px solid var(--line);border-radius:3px;padding:0 3px;word-break:break-all}
.rule{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:11.5px;color:#2c3e66;
overflow-wrap:anywhere}
.snippet{display:grid;grid-template-columns:auto 1fr;margin:4px 0 0;border:1px solid var(--line);
border-left:3px solid var(--accent);border-radius:3px;background:#f7f8fa}
.snippet .ln{padding:5px 8px;color:#8a93a3;text-align:right;border-right:1px solid var(--line);white-space:pre;
font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px}
.snippet pre{margin:0;border:0;background:none;padding:5px 8px}
pre{background:#f7f8fa;border:1px solid var(--line);border-left:3px solid var(--accent);border-radius:3px;
padding:6px 8px;margin:4px 0 0;white-space:pre-wrap;word-break:break-all}
.verdict{display:inline-block;margin-top:14px;padding:6px 14px;border-radius:4px;font-weight:bold;font-size:15px}
.verdict.fail{background:var(--fail)}.verdict.pass{background:var(--pass)}.verdict.risk{background:var(--risk)}
.verdict.na{background:var(--na)}.verdict.obs{background:#2e86c1}
.callout{border:1px solid #f0c36d;background:#fff8e6;border-left:5px solid #e0a800;padding:8px 12px;margin:14px 0;
border-radius:3px}
.callout.info{border-color:#b6c8ea;background:#f1f5fd;border-left-color:var(--accent)}
.toc ol{columns:2;column-gap:40px;padding-left:20px;margin:6px 0}
.toc li{margin:2px 0;break-inside:avoid}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:12px 0 6px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:#fff}
.card .n{font-size:26px;font-weight:bold;line-height:1.2}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.card .d{color:var(--muted);font-size:12px}
.card.bad .n{color:var(--fail)}.card.good .n{color:var(--pass)}.card.warn .n{color:var(--risk)}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin:14px 0}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px 12px;break-inside:avoid}
figcaption{font-weight:bold;font-size:13px;margin-bottom:6px}
svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:13px}
th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f6;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#3c4557}
tbody tr:nth-child(even){background:#fafbfc}
tr{break-inside:avoid}
thead{display:table-header-group}
td.num,th.num{text-align:right;white-space:nowrap}
td.id{white-space:nowrap;font-weight:bold}
td.wrap,td .wrap{word-break:break-word}
table.kv th{width:220px;text-transform:none;letter-spacing:0;font-size:13px;background:var(--soft)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:bold;white-space:nowrap;
border:1px solid transparent}
.badge.fail{background:var(--fail-bg);color:var(--fail);border-color:#f1b7b0}
.badge.risk{background:var(--risk-bg);color:var(--risk);border-color:#f3d19c}
.badge.pass{background:var(--pass-bg);color:var(--pass);border-color:#a9dfbf}
.badge.na{background:var(--na-bg);color:var(--na);border-color:#d5dbdb}
.badge.obs{background:#ebf5fb;color:#2e86c1;border-color:#aed6f1}
.badge.part{background:#f4f6f0;color:#5d6d3c;border-color:#d4dcc4}
.badge.evid{background:#e8f6f3;color:#117a65;border-color:#a2d9ce}
.lvl{display:inline-block;padding:0 6px;border-radius:3px;font-size:11px;font-weight:bold;color:#fff;text-transform:uppercase}
.lvl.error{background:var(--error)}.lvl.warning{background:var(--warning)}.lvl.note{background:var(--note)}
.tag{display:inline-block;font-size:11px;border-radius:3px;padding:0 5px;margin-left:4px;border:1px solid var(--line);
color:var(--muted)}
.tag.new{border-color:#e59866;color:#ba4a00;background:#fbeee6}
.tag.sup{border-color:#d5dbdb;background:var(--na-bg)}
.muted{color:var(--muted)}
.small{font-size:12px}
.framework-head h2{margin-bottom:2px}
.framework-head .meta{color:var(--muted);font-size:12px;margin-bottom:10px}
.ctl-groups div{white-space:nowrap}
td.loc .mono{font-size:11.5px}
.ctl-groups b{display:inline-block;min-width:48px;color:var(--muted);font-weight:normal}
.legend span{display:inline-block;margin-right:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
ul.files{columns:2;column-gap:30px;margin:4px 0;padding-left:18px}
ul.files li{break-inside:avoid;word-break:break-all}
footer{padding:14px 40px 24px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
  body{background:#fff;font-size:10pt}
  main{max-width:none;box-shadow:none}
  .cover{padding:14px 20px 16px}
  .cover h1{font-size:22px;margin:2px 0}
  .cover dl{margin-top:10px}
  .verdict{margin-top:8px;font-size:13px;padding:4px 12px}
  .content{padding:0 4px}
  .toc h2,#summary h2{margin-top:12px}
  .cards{gap:8px;margin:8px 0 4px}
  .card{padding:6px 10px}
  .card .n{font-size:20px}
  .charts{gap:10px;margin:8px 0}
  figure{padding:6px 8px}
  table{margin:6px 0 8px}
  th,td{padding:3px 6px}
  footer{padding:10px 4px}
  h2{margin-top:6px}
  .pagebreak{break-before:page}
  section.framework{break-before:page}
  figure,.card,.callout{break-inside:avoid}
  h2,h3,h4{break-after:avoid}
  a{color:var(--ink)}
  table{font-size:9pt}
  code,pre{font-size:8.5pt}
}
)CSS";

struct StatusStyle {
  const char *cls, *fill;
};
StatusStyle styleOf(ControlStatus s) {
  switch (s) {
  case ControlStatus::Fail: return {"fail", "#c0392b"};
  case ControlStatus::AcceptedRisk: return {"risk", "#d68910"};
  case ControlStatus::Pass: return {"pass", "#1e8449"};
  case ControlStatus::Observations: return {"obs", "#2e86c1"};
  case ControlStatus::NoFindingsPartial: return {"part", "#8a9a5b"};
  case ControlStatus::Evidence: return {"evid", "#117a65"};
  case ControlStatus::NotAssessed: return {"na", "#aab4b6"};
  }
  return {"na", "#aab4b6"};
}

std::string badge(ControlStatus s) {
  return "<span class=\"badge " + std::string(styleOf(s).cls) + "\">" + std::string(statusLabel(s)) + "</span>";
}

// The badge, and the reason that qualifies it (partial coverage), in a table cell.
std::string statusCell(const Control &c) {
  std::string out = badge(c.status);
  if (!c.coverageNote.empty()) out += "<div class=\"small muted\">" + htmlEscape(c.coverageNote) + "</div>";
  return out;
}

std::string levelTag(const std::string &level) {
  return "<span class=\"lvl " + htmlEscape(level) + "\">" + htmlEscape(level) + "</span>";
}

std::string code(std::string_view text) { return text.empty() ? std::string() : "<code>" + htmlEscape(text) + "</code>"; }
// Rule ids break at their hyphens, never inside a word.
std::string ruleCode(std::string_view id) { return "<span class=\"rule\">" + htmlEscape(id) + "</span>"; }

// Source lines with their line numbers.
std::string snippetHtml(const ReportFinding &f) {
  std::string text = f.snippet;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (f.snippetLine == 0) return "<pre>" + htmlEscape(text) + "</pre>";
  std::string numbers;
  unsigned line = f.snippetLine;
  numbers += std::to_string(line++);
  for (char c : text)
    if (c == '\n') numbers += "\n" + std::to_string(line++);
  return "<div class=\"snippet\"><div class=\"ln\">" + numbers + "</div><pre>" + htmlEscape(text) + "</pre></div>";
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string anchor(const std::string &text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

std::string controlAnchor(const Framework &fw, const Control &c) { return "c-" + fw.key + "-" + anchor(c.id); }

std::string findingLocation(const ReportFinding &f) {
  std::string text = htmlEscape(locationText(f));
  if (!f.link.empty())
    return "<a class=\"mono\" href=\"" + htmlEscape(f.link) + "\">" + text + "</a>";
  return "<span class=\"mono\">" + text + "</span>";
}

// Links to a control's findings under "All findings", open and most severe first.
std::string findingLinks(const ComplianceReport &report, const Control &c) {
  if (c.findings.empty()) return {};
  std::vector<size_t> order = c.findings;
  auto rank = [&](size_t i) {
    const ReportFinding &f = report.findings[i];
    return std::make_pair(f.suppressed ? 1 : 0, f.level == "error" ? 0 : f.level == "warning" ? 1 : 2);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(a) < rank(b); });
  std::string out = "<div class=\"small\">";
  for (size_t n = 0; n < order.size(); ++n) {
    const std::string &id = report.findings[order[n]].id;
    out += std::string(n ? ", " : "") + "<a href=\"#" + id + "\">" + id + "</a>";
  }
  return out + "</div>";
}

std::string frameworkControlLabel(const std::string &key) {
  if (key == "soc2") return "SOC 2";
  if (key == "casa") return "CASA";
  if (key == "asvs") return "ASVS";
  if (key == "cwe") return "CWE";
  return "Top 10";
}

// One horizontal stacked bar per row, counts inside the segments.
struct Segment {
  unsigned value;
  const char *fill;
};
struct BarRow {
  std::string label;
  std::vector<Segment> segments;
};

std::string stackedBars(const std::vector<BarRow> &rows, const std::vector<std::pair<std::string, const char *>> &legend,
                        const std::string &ariaLabel, bool normalise) {
  const int labelW = 150, barW = 300, rowH = 30, top = 6, width = labelW + barW + 52;
  unsigned max = 1;
  for (const BarRow &r : rows) {
    unsigned total = 0;
    for (const Segment &s : r.segments) total += s.value;
    max = std::max(max, total);
  }
  int height = top + static_cast<int>(rows.size()) * rowH + 30;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" role=\"img\" aria-label=\"" +
                    htmlEscape(ariaLabel) + "\" font-family=\"Liberation Sans, DejaVu Sans, Arial, sans-serif\">";
  int y = top;
  for (const BarRow &r : rows) {
    unsigned total = 0;
    for (const Segment &s : r.segments) total += s.value;
    svg += "<text x=\"" + std::to_string(labelW - 8) + "\" y=\"" + std::to_string(y + 18) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"#1c2333\">" + htmlEscape(r.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(labelW) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           std::to_string(barW) + "\" height=\"20\" rx=\"3\" fill=\"#f0f2f5\"/>";
    double x = labelW;
    double scale = normalise ? (total ? double(barW) / total : 0) : double(barW) / max;
    for (const Segment &s : r.segments) {
      if (!s.value) continue;
      double w = s.value * scale;
      svg += "<rect x=\"" + fmt(x) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + fmt(w) +
             "\" height=\"20\" fill=\"" + s.fill + "\"><title>" + std::to_string(s.value) + "</title></rect>";
      if (w >= 18)
        svg += "<text x=\"" + fmt(x + w / 2) + "\" y=\"" + std::to_string(y + 18) +
               "\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#fff\">" +
               std::to_string(s.value) + "</text>";
      x += w;
    }
    svg += "<text x=\"" + std::to_string(labelW + barW + 8) + "\" y=\"" + std::to_string(y + 18) +
           "\" font-size=\"12\" fill=\"#5b6475\">" + std::to_string(total) + "</text>";
    y += rowH;
  }
  int lx = labelW;
  for (const auto &[name, fill] : legend) {
    svg += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(y + 8) + "\" width=\"10\" height=\"10\" rx=\"2\" fill=\"" +
           fill + "\"/><text x=\"" + std::to_string(lx + 14) + "\" y=\"" + std::to_string(y + 17) +
           "\" font-size=\"11\" fill=\"#5b6475\">" + htmlEscape(name) + "</text>";
    lx += 22 + static_cast<int>(name.size()) * 6;
  }
  return svg + "</svg>";
}

// A tile per control, coloured by status: the framework at a glance.
std::string controlTiles(const Framework &fw) {
  const int cols = 6, tileW = 112, tileH = 30, gap = 6;
  int rows = (static_cast<int>(fw.controls.size()) + cols - 1) / cols;
  int width = cols * (tileW + gap) - gap, height = std::max(rows, 1) * (tileH + gap);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"" + std::to_string(width) +
                    "\" role=\"img\" aria-label=\"Status of each " + htmlEscape(fw.name) +
                    " control\" font-family=\"Liberation Sans, DejaVu Sans, Arial, sans-serif\">";
  for (size_t i = 0; i < fw.controls.size(); ++i) {
    const Control &c = fw.controls[i];
    int x = static_cast<int>(i % cols) * (tileW + gap), y = static_cast<int>(i / cols) * (tileH + gap);
    StatusStyle st = styleOf(c.status);
    std::string label = (fw.key == "cwe" ? "CWE-" : "") + c.id;
    // A control id from a SARIF file may hold any character: cut at a character boundary.
    if (label.size() > 16) label = utf8Truncate(label, 15);
    svg += "<a href=\"#" + controlAnchor(fw, c) + "\"><g><title>" + htmlEscape(label) + " — " +
           std::string(statusLabel(c.status)) + ": " + htmlEscape(c.title) + "</title><rect x=\"" + std::to_string(x) +
           "\" y=\"" + std::to_string(y) + "\" width=\"" + std::to_string(tileW) + "\" height=\"" + std::to_string(tileH) +
           "\" rx=\"4\" fill=\"" + st.fill + "\"/><text x=\"" + std::to_string(x + tileW / 2) + "\" y=\"" +
           std::to_string(y + 19) + "\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"#fff\">" +
           htmlEscape(label) + "</text></g></a>";
  }
  return svg + "</svg>";
}

std::string legendHtml() {
  std::string out = "<div class=\"legend\">";
  for (ControlStatus s : allStatuses())
    out += "<span><i style=\"background:" + std::string(styleOf(s).fill) + "\"></i>" + std::string(statusLabel(s)) + "</span>";
  return out + "</div>";
}

std::string trendCell(const Control &c) {
  if (!c.trend) return "<td class=\"num muted\">—</td>";
  return "<td class=\"num\">" + std::to_string(c.trend->added) + " / " + std::to_string(c.trend->fixed) + " / " +
         std::to_string(c.trend->unchanged) + "</td>";
}

// "2024-05-01T10:22:33.123Z" -> "2024-05-01 10:22:33 UTC"; anything else unchanged.
std::string prettyTime(const std::string &iso) {
  if (iso.size() < 20 || iso[10] != 'T' || iso.back() != 'Z') return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
}

std::string shortCommit(const std::string &commit) {
  // Only a hexadecimal id is shortened; anything else from a SARIF file is shown whole
  // (cutting it could split a multi-byte character).
  bool hex = commit.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  return hex && commit.size() > 12 ? commit.substr(0, 12) : commit;
}

// SOC 2 Type II: each control that failed in the period, when it was seen and fixed.
std::string periodHtml(const ComplianceReport &report) {
  const PeriodReport &p = *report.period;
  auto h = [](std::string_view t) { return htmlEscape(t); };
  std::string out = "<section id=\"period\">\n<h2>Period</h2>\n<p>" + std::to_string(p.runs.size()) + " scans from " +
                    h(prettyTime(p.runs.front().endTimeUtc)) + " to " + h(prettyTime(p.runs.back().endTimeUtc)) +
                    ", by run time; the sections below are of the last.</p>\n<table>\n<thead><tr><th class=\"num\">#</th>"
                    "<th>Scan ended</th><th>Commit</th><th>Input</th></tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < p.runs.size(); ++i)
    out += "<tr><td class=\"num\">" + std::to_string(i + 1) + "</td><td>" + h(prettyTime(p.runs[i].endTimeUtc)) +
           "</td><td>" + code(shortCommit(p.runs[i].commit)) + "</td><td class=\"wrap\">" + code(p.runs[i].input) +
           "</td></tr>\n";
  out += "</tbody>\n</table>\n<table>\n<thead><tr><th>Framework</th><th>Control</th><th>First seen</th><th>Fixed</th>"
         "<th>Time to fix</th><th>Open at period end</th></tr></thead>\n<tbody>\n";
  unsigned never = 0;
  for (const ControlHistory &c : p.controls) {
    never += c.episodes.empty();
    for (size_t e = 0; e < c.episodes.size(); ++e) {
      const FailureEpisode &ep = c.episodes[e];
      bool open = e + 1 == c.episodes.size() && c.openAtEnd;
      out += "<tr><td>" + h(frameworkControlLabel(c.framework)) + "</td><td class=\"id\">" + h(c.id) + "</td><td>" +
             h(prettyTime(ep.firstSeen)) + "</td><td>" + (ep.fixed.empty() ? "—" : h(prettyTime(ep.fixed))) + "</td><td>" +
             (ep.timeToFix.empty() ? "—" : h(ep.timeToFix)) + "</td><td>" +
             (open ? std::string("<span class=\"badge fail\">open</span>") : std::string("no")) + "</td></tr>\n";
    }
  }
  return out + "</tbody>\n</table>\n<p class=\"small muted\">" + std::to_string(never) +
         " controls did not fail in any scan of the period. A control is fixed by the first later scan that assessed "
         "it without failing; a scan that did not assess it proves nothing.</p>\n</section>\n";
}

}  // namespace

std::string renderHtml(const ComplianceReport &report) {
  const EvidenceSummary &e = report.evidence;
  const Scope &s = report.scope;
  std::string out;
  out.reserve(64 * 1024);
  auto h = [](std::string_view t) { return htmlEscape(t); };

  unsigned failing = 0, risk = 0, passing = 0, assessed = 0, observed = 0;
  for (const Framework &fw : report.frameworks) {
    failing += fw.count(ControlStatus::Fail);
    risk += fw.count(ControlStatus::AcceptedRisk);
    passing += fw.count(ControlStatus::Pass);
    observed += fw.count(ControlStatus::Observations);
    assessed += static_cast<unsigned>(fw.controls.size()) - fw.count(ControlStatus::NotAssessed) -
                fw.count(ControlStatus::Evidence);
  }
  std::string repoName = e.repository.empty() ? "unknown repository" : e.repository;

  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"attest " ATTEST_VERSION "\">\n";
  out += "<title>Compliance report — " + h(repoName) + (e.commit.empty() ? "" : " @ " + h(shortCommit(e.commit))) +
         "</title>\n<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n<main>\n";

  // Cover.
  out += "<header class=\"cover\">\n<div class=\"brand\">attest · security compliance evidence</div>\n"
         "<h1>Compliance report</h1>\n<p class=\"subtitle\">" +
         h(repoName) + (e.commit.empty() ? "" : " @ " + h(shortCommit(e.commit))) +
         (e.branch.empty() ? "" : " (" + h(e.branch) + ")") + "</p>\n";
  if (failing == 0 && !s.complete())
    out += "<div class=\"verdict na\">Not assessed: scan incomplete (" + std::to_string(s.tusComplete()) + " of " +
           std::to_string(s.tusTotal()) + " TUs)</div>\n";
  else if (assessed == 0 && failing == 0)
    out += "<div class=\"verdict na\">No control assessed</div>\n";
  else if (failing)
    out += "<div class=\"verdict fail\">" + std::to_string(failing) + " failing control" + (failing == 1 ? "" : "s") +
           " across " + std::to_string(report.frameworks.size()) + " framework" +
           (report.frameworks.size() == 1 ? "" : "s") + " · " + countsText(report.open) +
           (s.complete() ? std::string() : " · scan incomplete (" + std::to_string(s.tusComplete()) + " of " +
                                               std::to_string(s.tusTotal()) + " TUs)") +
           "</div>\n";
  else if (risk)
    out += "<div class=\"verdict risk\">No open findings · " + std::to_string(risk) + " control" +
           (risk == 1 ? "" : "s") + " with accepted risk</div>\n";
  else if (observed)
    out += "<div class=\"verdict obs\">No finding at the gate threshold (" + h(report.gate.threshold) + ") · " +
           std::to_string(observed) + " control" + (observed == 1 ? "" : "s") + " with observations below it</div>\n";
  else
    out += "<div class=\"verdict pass\">No findings · " + std::to_string(passing) + " control" +
           (passing == 1 ? "" : "s") + " pass, " + std::to_string(assessed - passing) +
           " with partial coverage</div>\n";
  std::string frameworks;
  for (const Framework &fw : report.frameworks) frameworks += (frameworks.empty() ? "" : ", ") + fw.name;
  out += "<dl>\n<div><dt>Scan started</dt><dd>" + h(prettyTime(e.startTimeUtc)) + "</dd></div>\n<div><dt>Scan ended</dt><dd>" +
         h(prettyTime(e.endTimeUtc)) + "</dd></div>\n<div><dt>attest version</dt><dd>" + h(e.toolVersion) +
         "</dd></div>\n<div><dt>Frameworks</dt><dd>" + h(frameworks) + "</dd></div>\n</dl>\n</header>\n";
  out += "<div class=\"content\">\n";
  for (const std::string &w : report.warnings) out += "<div class=\"callout\"><strong>Caveat.</strong> " + h(w) + "</div>\n";

  // Contents.
  bool casa = false;
  for (const Framework &fw : report.frameworks) casa |= fw.key == "casa";
  out += "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
         "<li><a href=\"#summary\">Summary</a></li>\n" +
         std::string(report.period ? "<li><a href=\"#period\">Period</a></li>\n" : "") +
         "<li><a href=\"#evidence\">Evidence</a></li>\n"
         "<li><a href=\"#scope\">Scope of the scan</a></li>\n";
  for (const Framework &fw : report.frameworks)
    out += "<li><a href=\"#fw-" + fw.key + "\">" + h(fw.title) + "</a></li>\n";
  if (casa) out += "<li><a href=\"#casa-cwe\">CASA per-CWE evidence</a></li>\n";
  out += "<li><a href=\"#findings\">All findings</a></li>\n<li><a href=\"#rules\">Rules in this scan</a></li>\n</ol>\n</nav>\n";

  // Summary.
  out += "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n";
  out += "<div class=\"card " + std::string(report.open.total() ? "bad" : "good") + "\"><div class=\"l\">Open findings</div><div class=\"n\">" +
         std::to_string(report.open.total()) + "</div><div class=\"d\">" + countsText(report.open) + "</div></div>\n";
  out += "<div class=\"card" + std::string(report.suppressedCount ? " warn" : "") +
         "\"><div class=\"l\">Suppressed</div><div class=\"n\">" + std::to_string(report.suppressedCount) +
         "</div><div class=\"d\">accepted risk, with justification</div></div>\n";
  out += "<div class=\"card\"><div class=\"l\">TUs analysed</div><div class=\"n\">" +
         std::to_string(s.tusScanned) + "</div><div class=\"d\">of " + std::to_string(s.tusPlanned) + " planned translation units</div></div>\n";
  unsigned notCovered = s.tusFailedToParse + s.tusCrashed + s.tusSkipped;
  out += "<div class=\"card " + std::string(notCovered ? "bad" : "good") +
         "\"><div class=\"l\">TUs not fully analysed</div><div class=\"n\">" + std::to_string(notCovered) +
         "</div><div class=\"d\">" + std::to_string(s.tusFailedToParse) + " failed to parse, " +
         std::to_string(s.tusCrashed) + " crashed, " + std::to_string(s.tusSkipped) + " skipped</div></div>\n";
  out += "</div>\n";
  if (report.previous) {
    const PreviousEvidence &p = *report.previous;
    out += "<div class=\"cards\">\n<div class=\"card " + std::string(p.total.added ? "bad" : "good") +
           "\"><div class=\"l\">New since previous scan</div><div class=\"n\">" + std::to_string(p.total.added) +
           "</div></div>\n<div class=\"card good\"><div class=\"l\">Fixed</div><div class=\"n\">" +
           std::to_string(p.total.fixed) + "</div></div>\n<div class=\"card\"><div class=\"l\">Unchanged</div><div class=\"n\">" +
           std::to_string(p.total.unchanged) + "</div></div>\n<div class=\"card\"><div class=\"l\">Previous scan</div><div class=\"d mono\">" +
           h(p.revisionId.empty() ? p.path : shortCommit(p.revisionId)) + "<br>" + h(p.endTimeUtc) + "</div></div>\n</div>\n";
  }

  std::vector<BarRow> statusRows;
  for (const Framework &fw : report.frameworks)
  {
    BarRow row{fw.name, {}};
    for (ControlStatus st : allStatuses()) row.segments.push_back({fw.count(st), styleOf(st).fill});
    statusRows.push_back(row);
  }
  std::vector<std::pair<std::string, const char *>> statusLegend;
  for (ControlStatus st : allStatuses())
    statusLegend.push_back({st == ControlStatus::NoFindingsPartial ? "Partial" : std::string(statusLabel(st)),
                            styleOf(st).fill});
  std::map<std::string, std::array<unsigned, 4>> byFamily;  // error, warning, note, suppressed
  for (const RuleSummary &r : report.rules) byFamily[r.family];
  for (const ReportFinding &f : report.findings) {
    auto &c = byFamily[f.family];
    if (f.suppressed) ++c[3];
    else ++c[f.level == "error" ? 0 : f.level == "warning" ? 1 : 2];
  }
  std::vector<BarRow> familyRows;
  for (const auto &[family, c] : byFamily)
    familyRows.push_back({family, {{c[0], "#c0392b"}, {c[1], "#e67e22"}, {c[2], "#2e86c1"}, {c[3], "#aab4b6"}}});
  out += "<div class=\"charts\">\n<figure><figcaption>Control status by framework</figcaption>\n" +
         stackedBars(statusRows, statusLegend, "Number of controls per status for each framework", true) +
         "\n</figure>\n<figure><figcaption>Findings by rule family and level</figcaption>\n" +
         (familyRows.empty() ? std::string("<p class=\"muted\">No rule enabled.</p>")
                             : stackedBars(familyRows,
                                           {{"Error", "#c0392b"}, {"Warning", "#e67e22"}, {"Note", "#2e86c1"}, {"Suppressed", "#aab4b6"}},
                                           "Number of findings per rule family, by level", false)) +
         "\n</figure>\n</div>\n";
  out += "<table>\n<thead><tr><th>Framework</th>";
  for (ControlStatus st : allStatuses())
    out += "<th class=\"num\">" + std::string(st == ControlStatus::NoFindingsPartial ? "Partial" : statusLabel(st)) + "</th>";
  out += "<th class=\"num\">Controls</th></tr></thead>\n<tbody>\n";
  for (const Framework &fw : report.frameworks) {
    out += "<tr><td><a href=\"#fw-" + fw.key + "\">" + h(fw.title) + "</a></td>";
    for (ControlStatus st : allStatuses()) out += "<td class=\"num\">" + std::to_string(fw.count(st)) + "</td>";
    out += "<td class=\"num\">" + std::to_string(fw.controls.size()) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n<p class=\"small muted\"><b>Fail</b>: open findings at or above the gate threshold (" +
         h(report.gate.threshold) + "). <b>Accepted risk</b>: only suppressed findings, each with a justification. "
         "<b>Observations</b>: only findings below the threshold. <b>Pass</b>: a rule that covers the control fully ran "
         "on a complete scan and no rule found anything. <b>No findings (partial coverage)</b>: the rules that ran cover "
         "only part of the control, so nothing is claimed beyond what they check. <b>Supported by evidence</b>: no rule "
         "tests it; the scan and its gate ran (listed with the control). <b>Not assessed</b>: no rule enabled in this scan "
         "tests the control, or the scan was incomplete; the report makes no claim about it.</p>\n"
         "</section>\n";

  if (report.period) out += periodHtml(report);

  // Evidence.
  out += "<section id=\"evidence\">\n<h2>Evidence</h2>\n<table class=\"kv\">\n<tbody>\n";
  auto kv = [&](const std::string &k, const std::string &v) { out += "<tr><th>" + k + "</th><td class=\"wrap\">" + v + "</td></tr>\n"; };
  auto orNot = [&](const std::string &v, const char *none = "not recorded") {
    return v.empty() ? "<span class=\"muted\">" + std::string(none) + "</span>" : code(v);
  };
  kv("Repository", orNot(e.repository));
  kv("Commit", orNot(e.commit));
  kv("Branch", orNot(e.branch, "not recorded (detached or unknown)"));
  kv("Scan started (UTC)", orNot(e.startTimeUtc));
  kv("Scan ended (UTC)", orNot(e.endTimeUtc));
  kv("attest version", orNot(e.toolVersion));
  std::string ruleSet;
  for (const std::string &id : e.ruleIds) ruleSet += (ruleSet.empty() ? "" : ", ") + ruleCode(id);
  kv("Rule set (" + std::to_string(e.ruleIds.size()) + " rules)", ruleSet.empty() ? "<span class=\"muted\">none</span>" : ruleSet);
  kv("Rule catalog SHA-256", orNot(e.catalogSha256));
  kv("Configuration", e.configSha256.empty() && e.configFile.empty()
                          ? "<span class=\"muted\">no configuration file recorded: built-in defaults and the command line below</span>"
                          : (e.configFile.empty() ? std::string("configuration file") : code(e.configFile)) +
                                (e.configSha256.empty() ? "" : "<br>SHA-256 " + code(e.configSha256)));
  if (!e.configSettings.empty()) {
    std::string settings;
    for (const std::string &c : e.configSettings) settings += code(c) + "<br>";
    kv("Non-default settings", settings);
  }
  std::string commands;
  for (const std::string &c : e.commandLines) commands += code(c) + "<br>";
  kv("Command line", commands.empty() ? "<span class=\"muted\">not recorded</span>" : commands);
  kv("Baseline", e.baseline.empty() ? "<span class=\"muted\">none</span>" : h(e.baseline));
  for (const InputFile &in : report.inputs)
    kv("Input SARIF", code(in.path) + "<br>SHA-256 " + code(in.sha256) + " <span class=\"muted\">(" +
                          std::to_string(in.bytes) + " bytes)</span>");
  if (report.previous)
    kv("Previous SARIF (trend)", code(report.previous->path) + "<br>SHA-256 " + code(report.previous->sha256) +
                                     (report.previous->revisionId.empty() ? "" : "<br>commit " + code(report.previous->revisionId)));
  kv("Report generated by", "attest " ATTEST_VERSION ", rule catalog SHA-256 " + code(report.reportCatalogSha256) +
                                " — from the SARIF above, without rescanning");
  out += "</tbody>\n</table>\n";
  if (report.runs.size() > 1) {
    out += "<h3>Runs</h3>\n<table>\n<thead><tr><th>Input</th><th>Tool</th><th>Commit</th><th>Started (UTC)</th><th>Ended (UTC)</th>"
           "<th class=\"num\">Rules</th></tr></thead>\n<tbody>\n";
    for (const RunEvidence &ev : report.runs)
      out += "<tr><td class=\"wrap\">" + code(report.inputs[ev.input].path) + "</td><td>" + h(ev.toolName + " " + ev.toolVersion) +
             "</td><td>" + code(shortCommit(ev.revisionId)) + "</td><td>" + h(ev.startTimeUtc) + "</td><td>" +
             h(ev.endTimeUtc) + "</td><td class=\"num\">" + std::to_string(ev.ruleIds.size()) + "</td></tr>\n";
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  // Scope.
  out += "<section id=\"scope\">\n<h2>Scope of the scan</h2>\n<table>\n<thead><tr><th class=\"num\">Planned</th>"
         "<th class=\"num\">Analysed</th><th class=\"num\">Failed to parse</th><th class=\"num\">Crashed</th>"
         "<th class=\"num\">Skipped</th><th class=\"num\">Excluded by configuration</th></tr></thead>\n<tbody><tr><td class=\"num\">" +
         std::to_string(s.tusPlanned) + "</td><td class=\"num\">" + std::to_string(s.tusScanned) + "</td><td class=\"num\">" +
         std::to_string(s.tusFailedToParse) + "</td><td class=\"num\">" + std::to_string(s.tusCrashed) +
         "</td><td class=\"num\">" + std::to_string(s.tusSkipped) + "</td><td class=\"num\">" +
         std::to_string(s.tusExcluded) + "</td></tr></tbody>\n</table>\n";
  auto fileList = [&](const std::string &title, const std::string &explain, const std::vector<std::string> &files) {
    if (files.empty()) return;
    out += "<h3>" + title + " (" + std::to_string(files.size()) + ")</h3>\n<p class=\"small muted\">" + explain +
           "</p>\n<ul class=\"files mono\">\n";
    for (const std::string &f : files) out += "<li>" + h(f) + "</li>\n";
    out += "</ul>\n";
  };
  fileList("Translation units that failed to parse",
           "Compile errors: findings come only from the parts that parsed, so these files are not fully covered.",
           s.failedToParse);
  fileList("Translation units that crashed", "The analysis stopped: these files are not covered.", s.crashed);
  fileList("Translation units skipped", "Named by the compilation database but not analysed.", s.skipped);
  fileList("Excluded paths", "Excluded by configuration.", s.excludedPaths);
  if (s.tusFromCache)
    out += "<p class=\"small\">" + std::to_string(s.tusFromCache) +
           " of the analysed translation units had their results reused from an earlier scan of identical input.</p>\n";
  if (s.failedToParse.empty() && s.crashed.empty() && s.skipped.empty())
    out += "<p>Every planned translation unit was parsed and analysed completely.</p>\n";
  fileList("Translation units analysed", "The analysis targets recorded in the SARIF (run.artifacts).", s.scannedFiles);
  if (!s.notifications.empty()) {
    out += "<h3>Tool notifications</h3>\n<table>\n<thead><tr><th>Level</th><th>Id</th><th>File</th><th>Message</th></tr></thead>\n<tbody>\n";
    for (const ScopeNotification &n : s.notifications)
      out += "<tr><td>" + levelTag(n.level == "error" ? "error" : n.level == "warning" ? "warning" : "note") + "</td><td>" +
             code(n.id) + "</td><td class=\"wrap\">" + code(n.file) + "</td><td class=\"wrap\">" + h(n.message) + "</td></tr>\n";
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  // Frameworks.
  for (const Framework &fw : report.frameworks) {
    out += "<section class=\"framework\" id=\"fw-" + fw.key + "\">\n<div class=\"framework-head\"><h2>" + h(fw.title) +
           "</h2><div class=\"meta\">" + h(fw.name) + " " + h(fw.version) + " · " + h(fw.organization) + " · <a href=\"" +
           h(fw.informationUri) + "\">" + h(fw.informationUri) + "</a></div></div>\n";
    if (fw.suggestedMapping)
      out += "<div class=\"callout info\"><strong>Suggested mapping.</strong> The AICPA publishes no mapping of code "
             "weaknesses to the Trust Services Criteria. attest's mapping of its rules to criteria is a suggestion, "
             "offered for the auditor's judgement; the criterion texts below are abridged, not the AICPA's wording.</div>\n";
    std::string tally;
    for (ControlStatus st : allStatuses())
      if (fw.count(st)) {
        std::string label(statusLabel(st));
        label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
        tally += (tally.empty() ? "" : ", ") + std::to_string(fw.count(st)) + " " + label;
      }
    out += "<p>" + tally + ", of " + std::to_string(fw.controls.size()) + " controls.</p>\n";
    out += "<figure><figcaption>Status per control</figcaption>\n" + controlTiles(fw) + legendHtml() + "</figure>\n";

    std::vector<const Control *> assessedControls, notAssessed;
    for (const Control &c : fw.controls)
      (c.status == ControlStatus::NotAssessed ? notAssessed : assessedControls).push_back(&c);
    out += "<h3>Assessed controls</h3>\n";
    if (assessedControls.empty()) {
      out += "<p class=\"muted\">No control of this framework is tested by a rule enabled in this scan.</p>\n";
    } else {
      out += std::string("<table>\n<colgroup><col style=\"width:9%\"><col style=\"width:11%\"><col><col style=\"width:24%\">"
             "<col style=\"width:11%\"><col style=\"width:8%\">") + (report.previous ? "<col style=\"width:10%\">" : "") +
             "</colgroup>\n<thead><tr><th>Control</th><th>Status</th><th>Title</th><th>Rules</th><th>Open findings</th>"
             "<th class=\"num\">Suppressed</th>" +
             std::string(report.previous ? "<th class=\"num\">New / fixed / unchanged</th>" : "") + "</tr></thead>\n<tbody>\n";
      for (const Control *c : assessedControls) {
        std::string rules;
        for (const std::string &r : c->rules) rules += (rules.empty() ? "" : "<br>") + ruleCode(r);
        out += "<tr id=\"" + controlAnchor(fw, *c) + "\"><td class=\"id\">" + h((fw.key == "cwe" ? "CWE-" : "") + c->id) +
               "</td><td>" + statusCell(*c) + "</td><td class=\"wrap\">" + h(c->title) +
               (c->levels.empty() ? "" : " <span class=\"tag\">" + h(c->levels) + "</span>") + "</td><td>" + rules +
               "</td><td>" + (c->open.total() ? countsText(c->open) : "<span class=\"muted\">none</span>") +
               findingLinks(report, *c) +
               "</td><td class=\"num\">" + std::to_string(c->suppressed.total()) + "</td>" +
               (report.previous ? trendCell(*c) : "") + "</tr>\n";
      }
      out += "</tbody>\n</table>\n";
    }
    // Each finding is listed once, under "All findings"; a control links to its findings
    // (most severe first) and says why it is accepted or what supports it.
    for (const Control *c : assessedControls) {
      if (c->evidence.empty() && c->justifications.empty()) continue;
      out += "<h4>" + h((fw.key == "cwe" ? "CWE-" : "") + c->id) + " " + badge(c->status) + "</h4>\n";
      if (!c->evidence.empty()) {
        out += "<p class=\"small\"><b>Evidence that the scan and its gate ran:</b></p>\n<ul class=\"small\">\n";
        for (const std::string &line : c->evidence) out += "<li>" + h(line) + "</li>\n";
        out += "</ul>\n";
      }
      if (!c->justifications.empty()) {
        out += "<p class=\"small\"><b>Accepted-risk justifications:</b></p>\n<ul class=\"small\">\n";
        for (const std::string &j : c->justifications) out += "<li>" + h(j) + "</li>\n";
        out += "</ul>\n";
      }
    }
    if (!notAssessed.empty()) {
      out += "<h3>Not assessed (" + std::to_string(notAssessed.size()) + ")</h3>\n<p class=\"small muted\">" +
             std::string(report.scope.complete() ? "No rule enabled in this scan tests these controls"
                                                 : "The scan was incomplete, or no rule enabled in it tests these controls") +
             ", so this report makes no claim about them.</p>\n<table>\n<thead><tr><th>Control</th>"
             "<th>Title</th><th>Reason</th></tr></thead>\n<tbody>\n";
      for (const Control *c : notAssessed)
        out += "<tr id=\"" + controlAnchor(fw, *c) + "\"><td class=\"id\">" + h((fw.key == "cwe" ? "CWE-" : "") + c->id) +
               "</td><td class=\"wrap small\">" + h(c->title) + "</td><td class=\"small muted\">" + h(c->notAssessedReason) +
               "</td></tr>\n";
      out += "</tbody>\n</table>\n";
    }
    bool notes = false;
    for (const Control &c : fw.controls) notes |= !c.note.empty() && fw.key != "soc2";
    if (notes) {
      out += "<p class=\"small muted\"><b>Notes on the control texts:</b></p>\n<ul class=\"small muted\">\n";
      for (const Control &c : fw.controls)
        if (!c.note.empty()) out += "<li>" + h(c.id) + ": " + h(c.note) + "</li>\n";
      out += "</ul>\n";
    }
    out += "</section>\n";
  }

  if (casa) {
    out += "<section class=\"framework\" id=\"casa-cwe\">\n<h2>CASA per-CWE evidence</h2>\n<p>CASA Tier 2 reads a "
           "scanner's results as pass or fail per CWE. A CWE that no enabled rule tests, or any CWE of an incomplete scan, is "
           "<b>NOT TESTED</b>; one whose rules found nothing but cover it only partly is <b>PARTIAL</b>; PASS needs a rule "
           "that covers the CWE fully. "
           "The same rows are available as CSV with <code>--format casa-csv</code>.</p>\n<table>\n<thead><tr><th>CWE</th>"
           "<th>Name</th><th>Result</th><th>Rules</th><th class=\"num\">Findings</th><th class=\"num\">Suppressed</th></tr>"
           "</thead>\n<tbody>\n";
    for (const CasaRow &r : report.casa) {
      ControlStatus st = r.status == "FAIL"            ? ControlStatus::Fail
                         : r.status == "PASS"          ? ControlStatus::Pass
                         : r.status == "PARTIAL"       ? ControlStatus::NoFindingsPartial
                         : r.status == "OBSERVATIONS"  ? ControlStatus::Observations
                         : r.status == "ACCEPTED RISK" ? ControlStatus::AcceptedRisk
                                                       : ControlStatus::NotAssessed;
      std::string rules;
      for (const std::string &id : r.rules) rules += (rules.empty() ? "" : "<br>") + ruleCode(id);
      out += "<tr><td class=\"id\">CWE-" + h(r.cwe) + "</td><td class=\"wrap\">" + h(r.name) + "</td><td><span class=\"badge " +
             styleOf(st).cls + "\">" + r.status + "</span></td><td>" + rules + "</td><td class=\"num\">" +
             std::to_string(r.open.total()) + "</td><td class=\"num\">" + std::to_string(r.suppressed) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
  }

  // Every finding once, with its snippet.
  out += "<section id=\"findings\" class=\"pagebreak\">\n<h2>All findings</h2>\n";
  if (report.findings.empty()) {
    out += "<p>No findings.</p>\n";
  } else {
    out += "<table>\n<thead><tr><th>ID</th><th>Finding</th><th>Controls</th></tr></thead>\n<tbody>\n";
    for (const ReportFinding &f : report.findings) {
      std::string controls;
      for (const std::string &key : reportFrameworkKeys()) {
        std::string ids;
        for (const auto &[fw, id] : f.controls)
          if (fw == key)
            ids += std::string(ids.empty() ? "" : ", ") + "<a href=\"#c-" + key + "-" + anchor(id) + "\">" + h(id) + "</a>";
        if (!ids.empty()) controls += "<div><b>" + frameworkControlLabel(key) + "</b>" + ids + "</div>";
      }
      out += "<tr id=\"" + f.id + "\"><td class=\"id\">" + f.id + "</td><td class=\"wrap\">" + levelTag(f.level) +
             (f.suppressed ? "<span class=\"tag sup\">suppressed</span>" : "") +
             (report.previous && f.isNew ? "<span class=\"tag new\">new</span>" : "") + " " + ruleCode(f.ruleId) + " " +
             findingLocation(f) + "<br>" + h(f.message);
      if (!f.snippet.empty()) out += snippetHtml(f);
      for (const ReportSuppression &sup : f.suppressions)
        out += "<div class=\"small\"><b>Suppression</b> (" + h(sup.kind.empty() ? "unspecified" : sup.kind) +
               (sup.status.empty() ? "" : ", " + h(sup.status)) + (sup.ticket.empty() ? "" : ", ticket " + h(sup.ticket)) +
               (sup.until.empty() ? "" : ", until " + h(sup.until)) + "): " +
               h(sup.justification.empty() ? "no justification given" : sup.justification) + "</div>";
      out += "</td><td class=\"small ctl-groups\">" + controls + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n";

  out += "<section id=\"rules\">\n<h2>Rules in this scan</h2>\n<table>\n<thead><tr><th>Rule</th><th>Level</th>"
         "<th class=\"num\">Severity</th><th>CWE</th><th>ASVS</th><th>CASA</th><th>SOC 2</th><th>Top 10</th></tr></thead>\n<tbody>\n";
  auto ids = [&](const std::vector<std::string> &v) {
    std::string o;
    for (const std::string &x : v) o += (o.empty() ? "" : ", ") + h(x);
    return o;
  };
  for (const RuleSummary &r : report.rules)
    out += "<tr><td class=\"wrap\">" + ruleCode(r.id) + "<br><span class=\"small\">" + h(r.shortDescription) + "</span></td><td>" +
           levelTag(r.level == "error" || r.level == "warning" ? r.level : "note") + "</td><td class=\"num\">" +
           h(r.securitySeverity) + "</td><td class=\"small\">" + ids(r.cwe) + "</td><td class=\"small\">" + ids(r.asvs) +
           "</td><td class=\"small\">" + ids(r.casa) + "</td><td class=\"small\">" + ids(r.soc2) + "</td><td class=\"small\">" +
           ids(r.owaspTop10) + "</td></tr>\n";
  out += "</tbody>\n</table>\n</section>\n</div>\n";
  out += "<footer>Generated by attest " ATTEST_VERSION " from " + std::to_string(report.inputs.size()) + " SARIF file" +
         (report.inputs.size() == 1 ? "" : "s") + " (SHA-256 listed under Evidence), without rescanning. "
         "Mappings: CWE and OWASP ASVS are direct; CASA and OWASP Top 10 relevant; SOC 2 suggested.</footer>\n"
         "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace attest
