// `attest report` end to end: scan a small insecure project, write the report in every
// format, render the HTML in headless Chromium (network cut) to a PDF and a screenshot,
// and read the PDF back with poppler's pdfinfo/pdftotext.
#include "Harness.h"
#include "reports/Fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

const char *kCommit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

const char *kInsecure = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

const char *kFixed = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
}
)";

const char *kBroken = R"(#include <curl/curl.h>
void broken(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  this_is_not_declared(h);
}
)";

// A checkout without running git: attest reads .git directly.
void writeFakeCheckout(const std::string &dir) {
  writeFile(dir + "/.git/HEAD", "ref: refs/heads/main\n");
  writeFile(dir + "/.git/refs/heads/main", std::string(kCommit) + "\n");
  writeFile(dir + "/.git/config", "[remote \"origin\"]\n\turl = https://github.com/acme/payments.git\n");
}

struct Project {
  std::string dir, sarif;
};

// Scans src/client.cpp (and a TU that does not parse) into a validated SARIF file.
const Project &insecureProject() {
  static const Project project = [] {
    Project p{freshDir("report-e2e"), sarifOutput("report-e2e-insecure")};
    writeFakeCheckout(p.dir);
    writeFile(p.dir + "/src/client.cpp", kInsecure);
    writeFile(p.dir + "/src/broken.cpp", kBroken);
    RunResult r = runAttest({"scan", "src/client.cpp", "src/broken.cpp", "--sarif", p.sarif, "-q", "--", "-std=c++20"}, p.dir);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    return p;
  }();
  return project;
}

std::string outputDir() {
  fs::path dir = fs::path(ATTEST_TEST_OUTPUT) / "report";
  fs::create_directories(dir);
  return dir.string();
}

bool have(const std::string &program) { return runShell("command -v " + program).exitCode == 0; }

std::vector<std::string> pagesOf(const std::string &text) {
  std::vector<std::string> pages;
  std::stringstream ss(text);
  std::string page;
  while (std::getline(ss, page, '\f')) pages.push_back(page);
  if (!pages.empty() && pages.back().find_first_not_of(" \n") == std::string::npos) pages.pop_back();
  return pages;
}

std::string firstLine(const std::string &page) {
  std::stringstream ss(page);
  std::string line;
  while (std::getline(ss, line))
    if (line.find_first_not_of(" \t") != std::string::npos) return line.substr(line.find_first_not_of(" \t"));
  return {};
}

// The URLs a page asked for, from a Chromium net log: requests whose initiator is the
// page (a file:// page's origin is "null"), not the browser's own ("not an origin").
std::vector<std::string> pageRequests(const std::string &netlogPath) {
  std::string text = readFile(netlogPath);
  nlohmann::json log = nlohmann::json::parse(text, nullptr, false);
  if (log.is_discarded()) {  // a log cut short when the browser exits: close it
    while (!text.empty() && (text.back() == '\n' || text.back() == ',' || text.back() == ' ')) text.pop_back();
    log = nlohmann::json::parse(text + "]}", nullptr, false);
  }
  std::vector<std::string> urls;
  if (log.is_discarded() || !log.contains("events")) return {"(unreadable net log " + netlogPath + ")"};
  for (const auto &event : log["events"]) {
    if (!event.contains("params")) continue;
    const auto &params = event["params"];
    if (params.contains("initiator") && params.contains("url") && params["initiator"] != "not an origin")
      urls.push_back(params["url"].get<std::string>());
  }
  return urls;
}

std::string chromiumFlags(const std::string &profile) {
  return "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync --disable-dev-shm-usage "
         "--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir=" + shellQuote(profile);
}

}  // namespace

TEST(ReportE2e, HtmlReportPrintsToPdfInHeadlessChromium) {
  ASSERT_TRUE(have("chromium") && have("pdfinfo") && have("pdftotext"))
      << "needs Debian's chromium and poppler-utils (scripts/install-deps.sh --test installs them)";
  const Project &p = insecureProject();
  std::string out = outputDir(), html = out + "/report.html", pdf = out + "/report.pdf", png = out + "/report-screenshot.png";
  fs::remove(pdf);
  fs::remove(png);
  RunResult r = runAttest({"report", p.sarif, "--format", "html", "-o", html});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string page = readFile(html);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_NE(page.find("https://github.com/acme/payments/blob/" + std::string(kCommit) + "/src/client.cpp#L3"),
            std::string::npos);

  // The network is cut (every host resolves to nothing), and the net log must show no
  // request made by the page. A canary page with a remote stylesheet and image shows
  // that such a request would be seen.
  std::string profile = freshDir("report-e2e-chromium"), netlog = profile + "-netlog.json";
  std::string flags = chromiumFlags(profile);
  std::string canary = profile + "-canary.html", canaryLog = profile + "-canary-netlog.json";
  writeFile(canary, "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"https://fonts.example.org/x.css\">"
                    "</head><body><img src=\"http://images.example.org/x.png\">canary</body></html>");
  runShell("timeout 180 chromium " + chromiumFlags(freshDir("report-e2e-chromium-canary")) + " --log-net-log=" +
           shellQuote(canaryLog) + " --print-to-pdf=" + shellQuote(profile + "-canary.pdf") + " " +
           shellQuote("file://" + canary));
  std::vector<std::string> canaryRequests = pageRequests(canaryLog);
  EXPECT_NE(std::find(canaryRequests.begin(), canaryRequests.end(), "https://fonts.example.org/x.css"), canaryRequests.end())
      << "the net log check would not see a page's request";
  std::string url = "file://" + html;
  r = runShell("timeout 180 chromium " + flags + " --no-pdf-header-footer --log-net-log=" + shellQuote(netlog) +
               " --print-to-pdf=" + shellQuote(pdf) + " " + shellQuote(url));
  ASSERT_TRUE(fs::exists(pdf)) << "chromium exit " << r.exitCode << "\n" << r.err;
  r = runShell("timeout 180 chromium " + flags + " --hide-scrollbars --window-size=1280,1800 --screenshot=" +
               shellQuote(png) + " " + shellQuote(url));
  ASSERT_TRUE(fs::exists(png)) << "chromium exit " << r.exitCode << "\n" << r.err;
  std::string image = readFile(png);
  EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(image.size(), 20000u) << "a blank screenshot is tiny";
  std::vector<std::string> requests = pageRequests(netlog);
  EXPECT_TRUE(requests.empty()) << "the report made a request: " << requests.front();

  // The PDF: pages, a page per framework, and the text an auditor reads.
  r = runShell("pdfinfo " + shellQuote(pdf));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::smatch pages;
  ASSERT_TRUE(std::regex_search(r.out, pages, std::regex("Pages:\\s+(\\d+)"))) << r.out;
  int pageCount = std::stoi(pages[1]);
  // Cover and summary, evidence, five frameworks and the CASA per-CWE table each start a page, then the findings.
  EXPECT_GE(pageCount, 9) << r.out;
  EXPECT_LE(pageCount, 40) << r.out;
  r = runShell("pdftotext -layout " + shellQuote(pdf) + " -");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string text = r.out;
  std::vector<std::string> pageTexts = pagesOf(text);
  EXPECT_EQ(static_cast<int>(pageTexts.size()), pageCount);
  for (const char *needle :
       {"Compliance report", "Contents", "Evidence", kCommit, "main", "attest version", "Rule catalog SHA-256",
        "Translation units that failed to parse (1)", "src/broken.cpp", "Suggested mapping.", "AICPA publishes no mapping",
        "tls-verification-disabled", "Not assessed", "NOT TESTED", "CASA per-CWE evidence", "All findings",
        "Improper Certificate Validation"})
    EXPECT_NE(text.find(needle), std::string::npos) << needle;
  // Each framework starts its own page (print CSS break-before).
  int frameworkPages = 0;
  for (const std::string &pageText : pageTexts) {
    std::string first = firstLine(pageText);
    for (const char *title : {"SOC 2 Trust Services Criteria", "CASA (Cloud Application Security Assessment)",
                              "OWASP ASVS 4.0.3", "CWE (Common Weakness Enumeration)", "OWASP Top 10 2021"})
      frameworkPages += first.rfind(title, 0) == 0;
  }
  EXPECT_EQ(frameworkPages, 5) << text.substr(0, 4000);
}

TEST(ReportE2e, MarkdownJsonAndCasaCsv) {
  const Project &p = insecureProject();
  std::string out = outputDir();
  RunResult r = runAttest({"report", p.sarif, "--format", "md", "-o", out + "/report.md"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string md = readFile(out + "/report.md");
  EXPECT_NE(md.find("| Commit | <code>" + std::string(kCommit) + "</code> |"), std::string::npos);
  EXPECT_NE(md.find("❌ **Fail**"), std::string::npos);
  EXPECT_NE(md.find("<details>"), std::string::npos);
  EXPECT_NE(md.find("<code>src/broken.cpp</code>"), std::string::npos);

  r = runAttest({"report", p.sarif, "-o", out + "/summary.json"});  // format from the extension
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json summary = readJson(out + "/summary.json");
  EXPECT_EQ(summary["frameworks"].size(), 5u);
  EXPECT_EQ(summary["runs"][0]["revisionId"], kCommit);
  EXPECT_EQ(summary["scope"]["tusFailedToParse"], 1);
  bool failing = false;
  for (const auto &fw : summary["frameworks"])
    for (const auto &c : fw["controls"]) failing |= fw["key"] == "cwe" && c["id"] == "295" && c["status"] == "fail";
  EXPECT_TRUE(failing);

  r = runAttest({"report", p.sarif, "--framework", "casa", "--format", "casa-csv", "-o", out + "/casa.csv"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string csv = readFile(out + "/casa.csv");
  EXPECT_EQ(csv.rfind("cwe_id,cwe_name,status,rules,", 0), 0u);
  EXPECT_NE(csv.find("\r\nCWE-295,Improper Certificate Validation,FAIL,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",NOT TESTED,"), std::string::npos) << "a CWE no enabled rule tests";

  r = runAttest({"report", p.sarif, "--framework", "soc2", "--format", "md"});  // to stdout
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.out.find("## SOC 2 Trust Services Criteria"), std::string::npos);
  EXPECT_EQ(r.out.find("## OWASP ASVS 4.0.3"), std::string::npos);

  for (const auto &entry : fs::directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << "atomic writes leave no temp file";
}

TEST(ReportE2e, TrendAgainstAPreviousScan) {
  const Project &p = insecureProject();
  std::string dir = freshDir("report-e2e-fixed"), sarif = sarifOutput("report-e2e-fixed");
  writeFakeCheckout(dir);
  writeFile(dir + "/src/client.cpp", kFixed);
  RunResult r = runAttest({"scan", "src/client.cpp", "--sarif", sarif, "-q", "--", "-std=c++20"}, dir);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string json = outputDir() + "/trend.json";
  r = runAttest({"report", sarif, "--previous", p.sarif, "-o", json});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json summary = readJson(json);
  EXPECT_EQ(summary["previous"]["trend"]["fixed"], 1) << summary["previous"].dump();
  EXPECT_EQ(summary["previous"]["trend"]["new"], 0);
  for (const auto &fw : summary["frameworks"])
    for (const auto &c : fw["controls"])
      if (fw["key"] == "cwe" && c["id"] == "295") {
        EXPECT_EQ(c["status"], "pass");
        EXPECT_EQ(c["trend"]["fixed"], 1);
      }
}

TEST(ReportE2e, BadInputAndFlagsExitTwo) {
  const Project &p = insecureProject();
  std::string dir = freshDir("report-e2e-bad");
  writeFile(dir + "/garbage.sarif", "this is not json");
  writeFile(dir + "/other.sarif", R"({"version":"2.0.0","runs":[]})");

  RunResult r = runAttest({"report", dir + "/garbage.sarif", "-o", dir + "/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("garbage.sarif: not valid JSON"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/r.html"));
  r = runAttest({"report", dir + "/other.sarif", "-o", dir + "/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("attest reads SARIF 2.1.0"), std::string::npos) << r.err;
  r = runAttest({"report", dir + "/missing.sarif", "-o", dir + "/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cannot read SARIF file"), std::string::npos) << r.err;
  r = runAttest({"report", p.sarif, "--previous", dir + "/garbage.sarif", "-o", dir + "/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;

  r = runAttest({"report", p.sarif, "--framework", "pci", "-o", dir + "/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("'pci' is not one of soc2, casa, asvs, cwe, owasp-top10, all"), std::string::npos) << r.err;
  r = runAttest({"report", p.sarif, "--format", "pdf", "-o", dir + "/r.pdf"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("'pdf' is not one of html, md, json, casa-csv"), std::string::npos) << r.err;
  r = runAttest({"report", p.sarif, "-o", dir + "/report.txt"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cannot tell the format"), std::string::npos) << r.err;
  r = runAttest({"report", "--format", "html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("at least one SARIF file"), std::string::npos) << r.err;
  r = runAttest({"report", p.sarif, "--bogus"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("unknown option '--bogus'"), std::string::npos) << r.err;
  r = runAttest({"report", p.sarif, "-o", dir + "/no/such/dir/r.html"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  r = runAttest({"report", "--help"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("usage: attest report SARIF..."), std::string::npos);
}

// The issue's example: the bundled example service, plus a SARIF of the hard-coded
// secrets fixture (two inputs, as one per service), in every format. Secrets of the
// fixture must not reach any report.
TEST(ReportE2e, ExampleServiceAndSecretsFixtureInEveryFormat) {
  std::string build = freshDir("report-e2e-example-build");
  std::string service = sourceDir() + "/examples/service";
  RunResult r = runShell("cmake -S " + shellQuote(service) + " -B " + shellQuote(build) + " -DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  std::string serviceSarif = sarifOutput("report-e2e-example-service");
  r = runAttest({"scan", service, "-p", build, "--sarif", serviceSarif, "--fail-on", "none", "-q"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::string fixture = sourceDir() + "/tests/fixtures/secrets/secrets-hardcoded-token.cpp";
  std::string secretsSarif = sarifOutput("report-e2e-secrets");
  r = runAttest({"scan", fixture, "--sarif", secretsSarif, "--fail-on", "none", "-q", "--", "-std=c++20"});
  ASSERT_EQ(r.exitCode, 0) << r.err;

  std::string out = outputDir() + "/example-service";
  std::map<std::string, std::string> reports;
  for (const char *ext : {"html", "md", "json", "csv"}) {
    std::string path = out + "." + ext;
    r = runAttest({"report", serviceSarif, secretsSarif, "-o", path});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    reports[ext] = readFile(path);
  }

  // Statuses, from the JSON summary, and where the HTML and Markdown show them.
  nlohmann::json summary = nlohmann::json::parse(reports["json"]);
  std::set<std::string> statuses;
  for (const auto &fw : summary["frameworks"])
    for (const auto &c : fw["controls"]) statuses.insert(c["status"].get<std::string>());
  EXPECT_TRUE(statuses.count("fail") && statuses.count("pass") && statuses.count("not-assessed"))
      << summary["frameworks"].dump().substr(0, 2000);
  for (const char *badge : {"badge fail", "badge pass", "badge na"})
    EXPECT_NE(reports["html"].find(badge), std::string::npos) << badge;
  for (const char *cell : {"❌ **Fail**", "✅ Pass", "Not assessed"})
    EXPECT_NE(reports["md"].find(cell), std::string::npos) << cell;
  EXPECT_NE(reports["csv"].find(",FAIL,tls-verification-disabled"), std::string::npos) << reports["csv"];
  EXPECT_NE(reports["csv"].find(",NOT TESTED,"), std::string::npos);

  // The evidence header: both inputs with their digests, the rule set, the scope.
  for (const std::string &format : {std::string("html"), std::string("md")}) {
    const std::string &text = reports[format];
    for (const std::string &needle :
         {attest::sha256Hex(readFile(serviceSarif)), attest::sha256Hex(readFile(secretsSarif)),
          std::string("Rule catalog SHA-256"), std::string("Scan started (UTC)"), std::string("attest version"),
          std::string("webhook_client.cpp"), std::string("secrets-hardcoded-token")})
      EXPECT_NE(text.find(needle), std::string::npos) << format << ": " << needle;
  }
  EXPECT_EQ(summary["inputs"].size(), 2u);

  // No secret of the fixture, in clear, in any format.
  std::regex literal("\"([^\"]{12,})\"[^\\n]*expect: secrets-");
  std::string source = readFile(fixture);
  unsigned secrets = 0;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), literal); it != std::sregex_iterator(); ++it) {
    ++secrets;
    for (const auto &[format, text] : reports)
      EXPECT_EQ(text.find((*it)[1].str()), std::string::npos) << format << " shows the secret " << (*it)[1].str();
  }
  EXPECT_GE(secrets, 5u) << "the fixture's secrets were not found: the check of this test is empty";
  for (const auto &[format, text] : reports)
    EXPECT_EQ(text.find("k9Qm2Lx7Rt4V"), std::string::npos) << format << " shows part of a fixture secret";
}
