// What the compliance report writers promise for any SARIF input (reports/Report*.cpp):
// every string from SARIF is escaped, so the HTML holds only the writer's own tags and
// attributes, links go to https URLs or anchors, and the Markdown holds only the few
// inline tags the writer emits, with table rows that no message can break.
#pragma once
#include "FuzzCheck.h"
#include "reports/ComplianceReport.h"

#include <set>

namespace attest::fuzz {

// Tags the HTML writer emits (reports/ReportHtml.cpp), SVG charts included.
inline const std::set<std::string> &htmlTags() {
  static const std::set<std::string> tags = {
      "a", "b", "body", "br", "code", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "g", "h1", "h2",
      "h3", "h4", "head", "header", "html", "i", "li", "main", "meta", "nav", "ol", "p", "pre", "rect", "section",
      "span", "strong", "style", "svg", "table", "tbody", "td", "text", "th", "thead", "title", "tr", "ul",
      "details", "summary", "small", "em", "sup", "sub", "caption", "colgroup", "col", "hr", "line", "tspan"};
  return tags;
}

inline bool isTagChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// '&' starts an entity: &name; &#123; &#x1F;
FUZZ_CHECKER inline bool entityAt(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    if (j < s.size() && (s[j] == 'x' || s[j] == 'X')) ++j;
  }
  size_t start = j;
  while (j < s.size() && isTagChar(s[j])) ++j;
  return j > start && j < s.size() && s[j] == ';';
}

FUZZ_CHECKER inline void checkHtml(const std::string &html) {
  FUZZ_CHECK(validUtf8(html, true), "HTML is not valid UTF-8");
  std::string lower = lowerAscii(html);
  FUZZ_CHECK(lower.find("<script") == std::string::npos, "raw <script in the HTML");
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '&') {
      FUZZ_CHECK(entityAt(html, i), "unescaped '&' at %zu: %s", i, preview(html.substr(i, 40)).c_str());
      continue;
    }
    if (html[i] == '>') FUZZ_CHECK(false, "unescaped '>' outside a tag at %zu: %s", i,
                                   preview(html.substr(i > 40 ? i - 40 : 0, 80)).c_str());
    if (html[i] != '<') continue;
    if (lower.compare(i, 9, "<!doctype") == 0 || lower.compare(i, 4, "<!--") == 0) {
      size_t end = html.find('>', i);
      FUZZ_CHECK(end != std::string::npos, "unterminated declaration");
      i = end;
      continue;
    }
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    size_t nameStart = j;
    while (j < html.size() && isTagChar(html[j])) ++j;
    std::string name = lower.substr(nameStart, j - nameStart);
    FUZZ_CHECK(htmlTags().count(name), "tag <%s> at %zu: %s", preview(name).c_str(), i,
               preview(html.substr(i, 60)).c_str());
    // Attributes: name="value" pairs; values never hold '<', '>' or '"' (escaped).
    while (true) {
      while (j < html.size() && (html[j] == ' ' || html[j] == '\n' || html[j] == '/')) ++j;
      FUZZ_CHECK(j < html.size(), "unterminated tag <%s>", name.c_str());
      if (html[j] == '>') break;
      size_t attrStart = j;
      while (j < html.size() && (isTagChar(html[j]) || html[j] == '-' || html[j] == ':')) ++j;
      std::string attr = lower.substr(attrStart, j - attrStart);
      FUZZ_CHECK(!attr.empty(), "garbage in tag <%s>: %s", name.c_str(), preview(html.substr(i, 80)).c_str());
      FUZZ_CHECK(attr.rfind("on", 0) != 0 && attr != "srcdoc" && attr != "formaction", "attribute %s", attr.c_str());
      if (j < html.size() && html[j] == '=') {
        FUZZ_CHECK(j + 1 < html.size() && html[j + 1] == '"', "unquoted attribute %s", attr.c_str());
        size_t end = html.find('"', j + 2);
        FUZZ_CHECK(end != std::string::npos, "unterminated attribute %s", attr.c_str());
        std::string value = html.substr(j + 2, end - j - 2);
        FUZZ_CHECK(value.find_first_of("<>") == std::string::npos, "'<' or '>' in attribute %s", attr.c_str());
        if (attr == "href" || attr == "src" || attr == "xlink:href")
          FUZZ_CHECK(value.rfind("#", 0) == 0 || value.rfind("https://", 0) == 0, "%s=\"%s\"", attr.c_str(),
                     preview(value).c_str());
        j = end + 1;
      }
    }
    i = j;
    if (name == "style" && html[nameStart - 1] != '/') {  // the writer's own CSS: skip to its end
      size_t end = lower.find("</style>", i);
      FUZZ_CHECK(end != std::string::npos, "unterminated <style>");
      i = end - 1;
    }
  }
}

FUZZ_CHECKER inline void checkMarkdown(const std::string &md) {
  static const std::set<std::string> tags = {"b", "br", "code", "details", "summary", "sub", "sup", "i", "em", "strong"};
  FUZZ_CHECK(validUtf8(md, true), "Markdown is not valid UTF-8");
  std::string lower = lowerAscii(md);
  FUZZ_CHECK(lower.find("<script") == std::string::npos, "raw <script in the Markdown");
  // Links: [text](https://...), [text](#anchor) or [text](<https://...>) with nothing in
  // the <...> destination that could end it early or smuggle markup.
  std::set<size_t> destinations;  // positions of the '<' that open a <...> destination
  for (size_t i = md.find("]("); i != std::string::npos; i = md.find("](", i + 1)) {
    size_t target = i + 2;
    if (md.compare(target, 1, "<") == 0) {
      size_t end = md.find('>', target);
      FUZZ_CHECK(end != std::string::npos && md.compare(end, 2, ">)") == 0, "unterminated link %s",
                 preview(md.substr(i, 80)).c_str());
      std::string url = md.substr(target + 1, end - target - 1);
      FUZZ_CHECK(url.find_first_of(" \t\n\r<\"'`\\") == std::string::npos, "link destination %s", preview(url).c_str());
      destinations.insert(target);
      ++target;
    }
    FUZZ_CHECK(md.compare(target, 8, "https://") == 0 || md.compare(target, 1, "#") == 0, "link target %s",
               preview(md.substr(i, 60)).c_str());
  }
  for (size_t i = md.find('<'); i != std::string::npos; i = md.find('<', i + 1)) {
    if (destinations.count(i)) continue;
    size_t j = i + 1;
    if (j < md.size() && md[j] == '/') ++j;
    size_t start = j;
    while (j < md.size() && isTagChar(md[j])) ++j;
    std::string name = lower.substr(start, j - start);
    FUZZ_CHECK(tags.count(name) && j < md.size() && md[j] == '>', "tag at %zu: %s", i,
               preview(md.substr(i, 60)).c_str());
  }
  // Tables: every row has as many cells as the header above it.
  size_t headerPipes = 0;
  size_t lineStart = 0;
  while (lineStart < md.size()) {
    size_t end = md.find('\n', lineStart);
    if (end == std::string::npos) end = md.size();
    std::string_view line(md.data() + lineStart, end - lineStart);
    if (!line.empty() && line.front() == '|') {
      size_t pipes = std::count(line.begin(), line.end(), '|');
      if (headerPipes == 0) headerPipes = pipes;
      else FUZZ_CHECK(pipes == headerPipes, "table row with %zu '|' under a header with %zu: %s", pipes, headerPipes,
                      preview(line).c_str());
    } else {
      headerPipes = 0;
    }
    lineStart = end + 1;
  }
}

// RFC 4180: every record has as many fields as the header.
FUZZ_CHECKER inline void checkCsv(const std::string &csv) {
  size_t fields = 1, expected = 0;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    char c = csv[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') ++i;
        else quoted = false;
      }
    } else if (c == '"') {
      FUZZ_CHECK(i == 0 || csv[i - 1] == ',' || csv[i - 1] == '\n', "quote inside a field at %zu", i);
      quoted = true;
    } else if (c == ',') {
      ++fields;
    } else if (c == '\n') {
      if (expected == 0) expected = fields;
      FUZZ_CHECK(fields == expected, "CSV record with %zu fields, header has %zu", fields, expected);
      fields = 1;
    }
  }
  FUZZ_CHECK(!quoted, "unterminated quoted CSV field");
}

inline void checkReport(const ComplianceReport &report) {
  checkHtml(renderHtml(report));
  checkMarkdown(renderMarkdown(report));
  checkCsv(renderCasaCsv(report));
  try {
    (void)renderJsonSummary(report).dump();  // strict: throws on invalid UTF-8
  } catch (const nlohmann::json::exception &e) {
    FUZZ_CHECK(false, "JSON summary: %s", e.what());
  }
}

}  // namespace attest::fuzz
