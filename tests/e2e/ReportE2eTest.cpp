// `attest report` end to end: scan a small insecure project, write the report in every
// format, render the HTML in headless Chromium (network cut) to a PDF and a screenshot,
// and read the PDF back with poppler's pdfinfo/pdftotext.
#include "Harness.h"
#include "core/Fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <regex>
#include <iostream>
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

// ctest runs each test in its own process, two at a time: a project shared by the tests
// of this file is made once per process, in a directory of that test's own, so that one
// test's set-up never deletes the checkout another is scanning.
std::string perTest(const std::string &name) {
  const testing::TestInfo *test = testing::UnitTest::GetInstance()->current_test_info();
  return test ? name + "-" + test->name() : name;
}

// Scans src/client.cpp (and a TU that does not parse) into a validated SARIF file.
const Project &insecureProject() {
  static const Project project = [] {
    Project p{freshDir(perTest("report-e2e")), sarifOutput(perTest("report-e2e-insecure"))};
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
        // tls-verification-disabled covers CWE-295 only partly: nothing found is not a pass.
        EXPECT_EQ(c["status"], "no-findings-partial-coverage");
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

  // Issue 15 §9: the report shows the service's code, not test markers.
  std::string serviceOnly = outputDir() + "/example-service-only.md";
  ASSERT_EQ(runAttest({"report", serviceSarif, "-o", serviceOnly}).exitCode, 0);
  std::string serviceReport = readFile(serviceOnly);
  EXPECT_NE(serviceReport.find("CURLOPT_SSL_VERIFYPEER, 0L"), std::string::npos) << "snippets are shown";
  EXPECT_EQ(serviceReport.find("expect:"), std::string::npos);

  // Issue 22 §6: the first run shows the product: the example alone has findings of every
  // rule family, and every framework of its report fails a control on them.
  std::set<std::string> families;
  nlohmann::json serviceLog = readJson(serviceSarif);
  for (const auto &result : serviceLog["runs"][0]["results"]) {
    std::string rule = result["ruleId"];
    families.insert(rule.substr(0, rule.find('-')));
  }
  EXPECT_EQ(families, (std::set<std::string>{"crypto", "logging", "secrets", "storage", "tls", "transport"}));
  std::string serviceJson = outputDir() + "/example-service-only.json";
  ASSERT_EQ(runAttest({"report", serviceSarif, "-o", serviceJson}).exitCode, 0);
  nlohmann::json serviceSummary = readJson(serviceJson);
  EXPECT_EQ(serviceSummary["frameworks"].size(), 5u);
  for (const auto &fw : serviceSummary["frameworks"]) {
    unsigned failing = 0;
    for (const auto &c : fw["controls"]) failing += c["status"] == "fail";
    EXPECT_GE(failing, 3u) << fw["key"] << " shows the example's findings as evidence";
  }
  EXPECT_NE(serviceReport.find("relayd.conf"), std::string::npos) << "the configuration file's finding is shown";
  EXPECT_EQ(serviceReport.find("q8Xv2mKp4TzR7nWb1cJd9Hs5"), std::string::npos) << "its secret is not";

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
  EXPECT_TRUE(statuses.count("fail") && statuses.count("pass") && statuses.count("not-assessed") &&
              statuses.count("no-findings-partial-coverage") && statuses.count("evidence"))
      << summary["frameworks"].dump().substr(0, 2000);
  std::map<std::string, std::string> soc2;
  for (const auto &fw : summary["frameworks"])
    if (fw["key"] == "soc2")
      for (const auto &c : fw["controls"]) soc2[c["id"].get<std::string>()] = c["status"].get<std::string>();
  // Issue 15 §9: CC8.1 does not pass on suppression-invalid, CC7.2 not on the logging
  // rule alone, and CC7.1 shows that the scan and its gate ran.
  EXPECT_NE(soc2["CC8.1"], "pass");
  EXPECT_NE(soc2["CC7.2"], "pass");
  EXPECT_EQ(soc2["CC7.1"], "evidence");
  for (const auto &[id, status] : soc2) EXPECT_NE(status, "pass") << "no SOC 2 criterion passes on code: " << id;
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

// Issue 15 §9: a scan that skipped a TU (a database entry whose file is gone) passes no
// control anywhere; the report says how much it saw.
TEST(ReportE2e, IncompleteScanIsNotAssessed) {
  std::string dir = makeGitRepo("report-e2e-incomplete", {{"src/a.cpp", kFixed}, {"src/b.cpp", kFixed}});
  fs::remove(dir + "/src/b.cpp");  // the database still names it
  std::string sarif = sarifOutput("report-e2e-incomplete"), json = outputDir() + "/incomplete.json";
  std::string html = outputDir() + "/incomplete.html";
  RunResult r = runAttest({"scan", "-p", dir, "--sarif", sarif, "-q"}, dir);
  ASSERT_NE(r.exitCode, 2) << r.err;
  nlohmann::json log = readJson(sarif);
  bool skipped = false;
  for (const auto &n : log["runs"][0]["invocations"][0]["toolExecutionNotifications"])
    skipped |= n["descriptor"]["id"] == "tu-skipped";
  ASSERT_TRUE(skipped) << "the scan must record the skipped TU: " << log["runs"][0]["invocations"].dump();
  ASSERT_EQ(runAttest({"report", sarif, "-o", json}).exitCode, 0);
  ASSERT_EQ(runAttest({"report", sarif, "-o", html}).exitCode, 0);
  nlohmann::json summary = readJson(json);
  EXPECT_EQ(summary["scope"]["complete"], false);
  unsigned notAssessed = 0;
  for (const auto &fw : summary["frameworks"])
    for (const auto &c : fw["controls"]) {
      EXPECT_NE(c["status"], "pass") << fw["key"] << " " << c["id"];
      EXPECT_NE(c["status"], "no-findings-partial-coverage") << fw["key"] << " " << c["id"];
      if (c["statusText"] == "Not assessed (scan incomplete: 1 of 2 TUs)") ++notAssessed;
    }
  EXPECT_GT(notAssessed, 10u) << summary["frameworks"].dump().substr(0, 1500);
  std::string page = readFile(html);
  EXPECT_NE(page.find("Not assessed: scan incomplete (1 of 2 TUs)"), std::string::npos);
  EXPECT_EQ(page.find("badge pass"), std::string::npos);
  // The same scan, complete, does pass where a rule covers a control fully.
  writeFile(dir + "/src/b.cpp", kFixed);
  ASSERT_EQ(runAttest({"scan", "-p", dir, "--sarif", sarif, "-q"}, dir).exitCode, 0);
  ASSERT_EQ(runAttest({"report", sarif, "-o", json}).exitCode, 0);
  std::set<std::string> statuses;
  nlohmann::json completeSummary = readJson(json);
  for (const auto &fw : completeSummary["frameworks"])
    for (const auto &c : fw["controls"]) statuses.insert(c["status"].get<std::string>());
  EXPECT_TRUE(statuses.count("pass")) << "the check above is not vacuous";
}

namespace {
// A real checkout of six TUs, each with a finding, scanned in three shards.
struct Shards {
  std::string dir;
  std::vector<std::string> parts;
};

const Shards &shardedScan() {
  static const Shards shards = [] {
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 6; ++i)
      files.push_back({"src/tu" + std::to_string(i) + ".cpp",
                       "#include <curl/curl.h>\nvoid f" + std::to_string(i) +
                           "(CURL *h) {\n  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);\n}\n" +
                           std::string(i * 300, ' ') + "\n"});
    Shards s{makeGitRepo(perTest("report-e2e-shards"), files), {}};
    for (int k = 1; k <= 3; ++k) {
      std::string part = sarifOutput(perTest("report-e2e-shard-" + std::to_string(k)));
      RunResult r = runAttest({"scan", "-p", s.dir, "--shard", std::to_string(k) + "/3", "--sarif", part, "-q"}, s.dir);
      EXPECT_EQ(r.exitCode, 1) << r.err;
      s.parts.push_back(part);
    }
    return s;
  }();
  return shards;
}

RunResult merge(const std::vector<std::string> &inputs, const std::vector<std::string> &outputs) {
  std::vector<std::string> args = {"merge"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  args.insert(args.end(), outputs.begin(), outputs.end());
  return runAttest(args);
}

std::vector<std::string> notificationIds(const nlohmann::json &log) {
  std::vector<std::string> ids;
  for (const auto &inv : log["runs"][0]["invocations"])
    if (inv.contains("toolExecutionNotifications"))
      for (const auto &n : inv["toolExecutionNotifications"])
        if (n["descriptor"]["id"].get<std::string>().rfind("shard-", 0) == 0)
          ids.push_back(n["descriptor"]["id"].get<std::string>());
  return ids;
}

bool executionFailed(const nlohmann::json &log) {
  for (const auto &inv : log["runs"][0]["invocations"])
    if (inv["executionSuccessful"] == false) return true;
  return false;
}
}  // namespace

// Issue 15 §8: each shard records K/N, the plan's size and digest.
TEST(ShardE2e, EachShardRecordsThePlan) {
  const Shards &s = shardedScan();
  std::string paths;
  for (int i = 0; i < 6; ++i) paths += "src/tu" + std::to_string(i) + ".cpp\n";
  unsigned tus = 0;
  for (int k = 1; k <= 3; ++k) {
    nlohmann::json log = readJson(s.parts[k - 1]);
    const auto &shard = log["runs"][0]["properties"]["shard"];
    EXPECT_EQ(shard["index"], k);
    EXPECT_EQ(shard["count"], 3);
    EXPECT_EQ(shard["planSize"], 6);
    EXPECT_EQ(shard["planDigest"], attest::sha256Hex(paths)) << "sorted TU paths relative to the root";
    tus += log["runs"][0]["artifacts"].size();
    EXPECT_FALSE(log["runs"][0]["invocations"][0]["properties"]["configSettings"].contains("shardPlanDigest"));
  }
  EXPECT_EQ(tus, 6u);
}

// The whole set merges complete, and merge writes what a scan writes: JUnit, GitLab SAST
// and the report, so a sharded pipeline shows results in merge requests.
TEST(ShardE2e, CompleteMergeWritesEveryOutput) {
  const Shards &s = shardedScan();
  std::string out = freshDir("report-e2e-merge-all"), sarif = sarifOutput("report-e2e-merged-all");
  RunResult r = merge(s.parts, {"-o", sarif, "--junit", out + "/junit.xml", "--gitlab-sast", out + "/gl-sast.json",
                                "--report", out + "/report.json"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_FALSE(executionFailed(log));
  EXPECT_EQ(log["runs"][0]["properties"]["shard"]["complete"], true);
  EXPECT_EQ(log["runs"][0]["results"].size(), 6u);
  std::string xml = readFile(out + "/junit.xml");
  EXPECT_NE(xml.find("<testcase classname=\"attest\" name=\"tls-verification-disabled\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"1\" errors=\"0\" time="), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"6 findings at or above error\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("src/tu3.cpp:3:"), std::string::npos) << "paths relative to the root: " << xml;
  nlohmann::json gitlab = readJson(out + "/gl-sast.json");
  EXPECT_EQ(gitlab["vulnerabilities"].size(), 6u);
  EXPECT_EQ(gitlab["vulnerabilities"][0]["location"]["file"].get<std::string>().rfind("src/tu", 0), 0u);
  nlohmann::json report = readJson(out + "/report.json");
  EXPECT_EQ(report["scope"]["complete"], true);
  EXPECT_EQ(report["scope"]["tusTotal"], 6);
  EXPECT_EQ(report["totals"]["findings"]["error"], 6);
}

// A missing, duplicated or foreign shard makes the merge incomplete, and the report says so.
TEST(ShardE2e, MissingDuplicateOrForeignShardIsIncomplete) {
  const Shards &s = shardedScan();
  std::string out = freshDir("report-e2e-merge-bad");
  // 2 of 3 shards.
  std::string sarif = sarifOutput("report-e2e-merged-missing");
  RunResult r = merge({s.parts[0], s.parts[1]}, {"-o", sarif, "--report", out + "/missing.json"});
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_NE(r.err.find("shard 3/3 is missing"), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_TRUE(executionFailed(log));
  EXPECT_EQ(notificationIds(log), std::vector<std::string>{"shard-missing"});
  EXPECT_EQ(log["runs"][0]["properties"]["shard"]["complete"], false);
  nlohmann::json report = readJson(out + "/missing.json");
  EXPECT_EQ(report["scope"]["complete"], false);
  EXPECT_EQ(report["scope"]["tusTotal"], 6) << report["scope"].dump();
  unsigned seen = readJson(s.parts[0])["runs"][0]["artifacts"].size() + readJson(s.parts[1])["runs"][0]["artifacts"].size();
  EXPECT_EQ(report["scope"]["tusComplete"], seen);
  bool said = false;
  for (const auto &w : report["warnings"]) said |= w.get<std::string>().find("shard 3/3 is missing") != std::string::npos;
  EXPECT_TRUE(said) << report["warnings"].dump();
  for (const auto &fw : report["frameworks"])
    for (const auto &c : fw["controls"]) EXPECT_NE(c["status"], "pass") << fw["key"] << " " << c["id"];
  EXPECT_EQ(merge({s.parts[0], s.parts[1]}, {"-o", sarif, "--allow-incomplete"}).exitCode, 0);
  EXPECT_TRUE(executionFailed(readJson(sarif))) << "allowed, still marked";

  // A shard twice (and so one missing).
  r = merge({s.parts[0], s.parts[1], s.parts[1]}, {"-o", sarif});
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_EQ(notificationIds(readJson(sarif)), (std::vector<std::string>{"shard-duplicate", "shard-missing"}));

  // A shard of another plan: the tree gained a TU since.
  std::string other = freshDir("report-e2e-shards-other");
  fs::copy(s.dir, other, fs::copy_options::recursive);
  writeFile(other + "/src/tu9.cpp", "void g() {}\n");
  nlohmann::json db = readJson(other + "/compile_commands.json");
  for (auto &entry : db) entry["directory"] = other;
  db.push_back({{"directory", other}, {"file", "src/tu9.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "src/tu9.cpp"}}});
  writeFile(other + "/compile_commands.json", db.dump());
  std::string foreign = sarifOutput("report-e2e-shard-foreign");
  ASSERT_NE(runAttest({"scan", "-p", other, "--shard", "3/3", "--sarif", foreign, "-q"}, other).exitCode, 2);
  nlohmann::json foreignLog = readJson(foreign);
  foreignLog["runs"][0]["originalUriBaseIds"] = readJson(s.parts[0])["runs"][0]["originalUriBaseIds"];  // same root
  writeFile(other + "/foreign.sarif", foreignLog.dump());
  r = merge({s.parts[0], s.parts[1], other + "/foreign.sarif"}, {"-o", sarif});
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_NE(r.err.find("of another plan (7 TUs"), std::string::npos) << r.err;
  EXPECT_EQ(notificationIds(readJson(sarif)), (std::vector<std::string>{"shard-plan-mismatch", "shard-missing"}));

  // An input that is not a shard, among shards.
  std::string whole = sarifOutput("report-e2e-shards-whole");
  ASSERT_EQ(runAttest({"scan", "-p", s.dir, "--sarif", whole, "-q"}, s.dir).exitCode, 1);
  r = merge({s.parts[0], s.parts[1], s.parts[2], whole}, {"-o", sarif});
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_EQ(notificationIds(readJson(sarif)), std::vector<std::string>{"shard-unrecorded"});
}

// Issue 15 §9: each finding is listed once, so the PDF grows by about a page per ten
// findings beyond a fixed part (it was 28 pages for 5 findings and 43 for 16).
TEST(ReportE2e, PdfGrowsByAPagePerTenFindings) {
  ASSERT_TRUE(have("chromium") && have("pdfinfo")) << "needs Debian's chromium and poppler-utils";
  auto pdfPages = [&](int findings) {
    std::string dir = freshDir("report-e2e-pages-" + std::to_string(findings));
    writeFakeCheckout(dir);
    std::string body = "#include <curl/curl.h>\n";
    for (int i = 0; i < findings; ++i)
      body += "void fetch" + std::to_string(i) + "(CURL *h) {\n  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);\n}\n";
    writeFile(dir + "/src/client.cpp", body);
    std::string sarif = sarifOutput("report-e2e-pages-" + std::to_string(findings));
    RunResult r = runAttest({"scan", "src/client.cpp", "--sarif", sarif, "-q", "--", "-std=c++20"}, dir);
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_EQ(readJson(sarif)["runs"][0]["results"].size(), static_cast<size_t>(findings));
    std::string html = outputDir() + "/pages-" + std::to_string(findings) + ".html";
    std::string pdf = outputDir() + "/pages-" + std::to_string(findings) + ".pdf";
    EXPECT_EQ(runAttest({"report", sarif, "-o", html}).exitCode, 0);
    fs::remove(pdf);
    runShell("timeout 180 chromium " + chromiumFlags(freshDir("report-e2e-pages-profile")) +
             " --no-pdf-header-footer --print-to-pdf=" + shellQuote(pdf) + " " + shellQuote("file://" + html));
    r = runShell("pdfinfo " + shellQuote(pdf));
    std::smatch pages;
    if (!std::regex_search(r.out, pages, std::regex("Pages:\\s+(\\d+)"))) {
      ADD_FAILURE() << "no PDF: " << r.out << r.err;
      return 0;
    }
    return std::stoi(pages[1]);
  };
  int five = pdfPages(5), thirtyFive = pdfPages(35);
  RecordProperty("pages_for_5_findings", five);
  RecordProperty("pages_for_35_findings", thirtyFive);
  std::cerr << "PDF pages: 5 findings -> " << five << ", 35 findings -> " << thirtyFive << "\n";
  EXPECT_LE(five, 20) << "the fixed part: cover, summary, evidence, scope, a page per framework, CASA, rules";
  EXPECT_LE(thirtyFive - five, 5) << "30 more findings: about 3 pages";
}
