// Bad input end to end (issue 9), the cases CliTest and GateTest do not already cover:
// empty sources, invalid UTF-8 and NUL bytes in string literals, CRLF line endings, a
// very large generated file, nesting past Clang's limits, broken baselines, empty
// configuration files and SIGTERM during a scan. Each asserts the exit status and the
// message, and that nothing found elsewhere is lost.
#include "Harness.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

void writeDatabase(const std::string &dir, const std::vector<std::string> &files) {
  nlohmann::json db = nlohmann::json::array();
  for (const std::string &f : files)
    db.push_back({{"directory", dir}, {"file", f}, {"arguments", {"c++", "-std=c++20", "-c", f}}});
  writeFile(dir + "/compile_commands.json", db.dump(2));
}

const nlohmann::json &invocation(const nlohmann::json &log) { return log.at("runs").at(0).at("invocations").at(0); }

// The notifications of a SARIF log as "id file-name" strings.
std::vector<std::string> notificationsOf(const nlohmann::json &log) {
  std::vector<std::string> out;
  for (const auto &n : invocation(log).value("toolExecutionNotifications", nlohmann::json::array())) {
    std::string file;
    if (n.contains("locations")) file = fs::path(absolutePathOf(log, n["locations"][0]["physicalLocation"]["artifactLocation"])).filename();
    out.push_back(n["descriptor"]["id"].get<std::string>() + " " + file);
  }
  return out;
}

bool contains(const std::vector<std::string> &list, const std::string &item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Whether `text` is UTF-8 without overlong forms, surrogates or NUL bytes.
bool validUtf8NoNul(const std::string &text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = text[i];
    if (c == 0) return false;
    size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    unsigned cp = len == 1 ? c : c & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (text[i + k] & 0x3f);
    }
    static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

// ------------------------------------------------------------------------------------
// Sources

TEST(BadInput, EmptySourceIsScannedAndOthersKeepTheirFindings) {
  std::string dir = freshDir("bad-empty-source");
  writeFile(dir + "/empty.cpp", "");
  writeFile(dir + "/blank.cpp", "\n\n   \n");
  writeFile(dir + "/bad.cpp", kInsecureClient);
  RunResult r = runAttest({"scan", dir + "/empty.cpp", "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("1 TU(s) scanned, 0 failed to parse"), std::string::npos) << r.err;

  writeDatabase(dir, {"empty.cpp", "blank.cpp", "bad.cpp"});
  std::string sarif = sarifOutput("bad-empty-source");
  r = runAttest({"scan", "-p", dir, "--sarif", sarif});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("3 TU(s) scanned, 0 failed to parse"), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  ASSERT_EQ(resultsOf(log).size(), 1u);
  EXPECT_EQ(fs::path(resultsOf(log)[0].file).filename(), "bad.cpp");
  EXPECT_EQ(invocation(log)["executionSuccessful"], true);
}

TEST(BadInput, InvalidUtf8AndNulInStringLiteralsKeepOutputsValid) {
  std::string dir = freshDir("bad-utf8");
  // On the finding's line: a literal with bytes that are not UTF-8 (a lone continuation
  // byte, an overlong '/', a surrogate, a truncated sequence) and NUL bytes.
  std::string literal = std::string("\"\x80\xc0\xaf\xed\xa0\x80 caf\xc3\xa9 ") + '\0' + "x" + '\0' + "\xe2\x82\"";
  std::string line = "  const char *s = " + literal + "; curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);";
  writeFile(dir + "/binary.cpp", "#include <curl/curl.h>\nvoid fetch(CURL *h) {\n" + line + "\n  (void)s;\n}\n");
  std::string sarif = sarifOutput("bad-utf8"), gitlab = dir + "/gl-sast-report.json", junit = dir + "/junit.xml";
  RunResult r = runAttest({"scan", dir + "/binary.cpp", "--sarif", sarif, "--gitlab-sast", gitlab, "--junit", junit,
                           "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) scanned, 0 failed to parse"), std::string::npos) << r.err;

  // Strict parsers: nlohmann rejects invalid UTF-8 in JSON strings.
  std::string text = readFile(sarif);
  EXPECT_TRUE(validUtf8NoNul(text)) << "the SARIF file holds raw invalid bytes or NUL";
  nlohmann::json log = nlohmann::json::parse(text);  // throws on invalid JSON
  ASSERT_EQ(resultsOf(log).size(), 1u);
  const auto &phys = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(phys["region"]["startLine"], 3);
  // The column counts each invalid byte as one U+FFFD, each NUL as one code unit.
  size_t callByte = line.find("0L);");  // the region is the argument at fault
  std::string before = line.substr(0, callByte);
  unsigned expected = 1;
  for (size_t i = 0; i < before.size();) {
    unsigned char c = before[i];
    size_t len = 1;
    if (c == 0xc3 && i + 1 < before.size() && static_cast<unsigned char>(before[i + 1]) == 0xa9) len = 2;  // é
    ++expected;
    i += len;
  }
  EXPECT_EQ(phys["region"]["startColumn"], expected) << "UTF-16 column after the replaced bytes";
  std::string context = phys["contextRegion"]["snippet"]["text"];
  EXPECT_TRUE(validUtf8NoNul(context));
  EXPECT_NE(context.find("\xEF\xBF\xBD"), std::string::npos) << "invalid bytes become U+FFFD: " << context;
  EXPECT_NE(context.find("caf\xc3\xa9"), std::string::npos) << "valid UTF-8 is kept: " << context;

  std::string gl = readFile(gitlab);
  EXPECT_TRUE(validUtf8NoNul(gl));
  nlohmann::json glLog;
  EXPECT_NO_THROW(glLog = nlohmann::json::parse(gl));
  std::string xml = readFile(junit);
  EXPECT_TRUE(validUtf8NoNul(xml)) << "XML 1.0 allows neither NUL nor invalid UTF-8";
}

TEST(BadInput, CrlfLineEndingsKeepLinesColumnsAndSuppressions) {
  std::string dir = freshDir("bad-crlf");
  auto crlf = [](std::string text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
  };
  std::string source = std::string(kInsecureClient) +
                       "void proxy(CURL *h) {\n"
                       "  // attest:ignore[tls-verification-disabled] proxy is on loopback, SEC-7\n"
                       "  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);\n"
                       "}\n";
  writeFile(dir + "/lf.cpp", source);
  writeFile(dir + "/crlf.cpp", crlf(source));
  std::string lf = sarifOutput("bad-crlf-lf"), cr = sarifOutput("bad-crlf-crlf");
  RunResult a = runAttest({"scan", dir + "/lf.cpp", "--sarif", lf, "--", "-std=c++20"});
  RunResult b = runAttest({"scan", dir + "/crlf.cpp", "--sarif", cr, "--", "-std=c++20"});
  EXPECT_EQ(a.exitCode, 1) << a.err;
  EXPECT_EQ(b.exitCode, 1) << b.err;
  EXPECT_NE(b.out.find("crlf.cpp:3:47: error:"), std::string::npos) << b.out;
  nlohmann::json lfLog = readJson(lf), crLog = readJson(cr);
  auto regions = [](const nlohmann::json &log) {
    std::vector<std::string> out;
    for (const auto &result : log["runs"][0]["results"]) {
      nlohmann::json phys = result["locations"][0]["physicalLocation"];
      phys.erase("artifactLocation");
      out.push_back(phys.dump() + (result.contains("suppressions") ? " suppressed" : ""));
    }
    return out;
  };
  ASSERT_EQ(regions(crLog).size(), 2u);
  EXPECT_EQ(regions(crLog), regions(lfLog)) << "same lines, columns and snippets with CRLF as with LF";
  const auto &region = crLog["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  EXPECT_EQ(region["startLine"], 3);
  EXPECT_EQ(region["startColumn"], 47);  // the argument 0L
  EXPECT_EQ(region["endColumn"], 49);
  EXPECT_EQ(crLog.dump().find("\\r"), std::string::npos) << "no carriage return in any snippet or message";
  EXPECT_TRUE(crLog["runs"][0]["results"][1].contains("suppressions")) << "a CRLF suppression comment still applies";
}

TEST(BadInput, VeryLargeGeneratedFile) {
  // The issue asks for 50 MB; 16 MB keeps this test at seconds in CI (and under ASan)
  // while still far beyond any hand-written file. Generated code as generators write it:
  // a documentation block, thousands of small functions, a string table and an embedded
  // resource (`xxd -i`), then the finding on the last line. The resource is kept at
  // 512 KiB: a byte array makes Clang 19's parent map (built by the checks' getParents)
  // spend ~2.5 KB per element, so 16 MB of it would need ~8 GB of memory.
  std::string dir = freshDir("bad-large");
  const size_t target = 16u << 20;
  std::string source = "#include <curl/curl.h>\n";
  source.reserve(target + 4096);
  int n = 0;
  while (source.size() < target / 2)
    source += "// generated documentation, line " + std::to_string(n++) + ": lorem ipsum dolor sit amet, "
              "consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore\n";
  while (source.size() < target / 2 + target / 4)
    source += "static int g" + std::to_string(n) + "(int x) { return x * " + std::to_string(n++) + " + 1; }\n";
  source += "static const char *const kStrings[] = {\n";
  while (source.size() < target - (512u << 10))
    source += "  \"" + std::to_string(n++) + ": " + std::string(100, 'a' + n % 26) + "\",\n";
  source += "};\nstatic const unsigned char kBlob[] = {\n";
  static const char *hex = "0123456789abcdef";
  while (source.size() < target) {
    for (int k = 0; k < 12; ++k, ++n) source += std::string(k ? " " : "  ") + "0x" + hex[n >> 4 & 15] + hex[n & 15] + ",";
    source += "\n";
  }
  source += "};\nunsigned blobSize() { return sizeof kBlob + sizeof kStrings; }\n";
  source += "void fetch(CURL *h) { curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }\n";
  unsigned findingLine = std::count(source.begin(), source.end(), '\n');
  writeFile(dir + "/generated.cpp", source);
  ASSERT_GE(fs::file_size(dir + "/generated.cpp"), target);

  std::string sarif = sarifOutput("bad-large");
  auto start = std::chrono::steady_clock::now();
  RunResult r = runAttest({"scan", dir + "/generated.cpp", "--sarif", sarif, "--", "-std=c++20"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("1 TU(s) scanned, 0 failed to parse"), std::string::npos) << r.err;
  std::vector<Seen> seen = resultsOf(readJson(sarif));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].line, findingLine);
  std::cerr << "[ info     ] a " << (fs::file_size(dir + "/generated.cpp") >> 20) << " MB file scanned in " << seconds
            << " s\n";
}

TEST(BadInput, NestingPastClangsLimitsIsReportedAndTheScanGoesOn) {
  std::string dir = freshDir("bad-deep");
  const int depth = 10000;
  writeFile(dir + "/deep_parens.cpp",
            "int deep() { return " + std::string(depth, '(') + "1" + std::string(depth, ')') + "; }\n");
  writeFile(dir + "/deep_braces.cpp", "void deep() " + std::string(depth, '{') + std::string(depth, '}') + "\n");
  writeFile(dir + "/deep_template.cpp",
            "template <int N> struct Deep { static constexpr int value = Deep<N - 1>::value + 1; };\n"
            "template <> struct Deep<0> { static constexpr int value = 0; };\n"
            "int deep = Deep<" + std::to_string(depth) + ">::value;\n");
  // No Clang limit applies to nested template arguments: its parser recurses, which
  // overflowed the default 8 MiB stack of a worker (clang++-19 itself crashes on this file).
  std::string args;
  for (int i = 0; i < depth; ++i) args += "Wrap<";
  writeFile(dir + "/deep_template_args.cpp",
            "template <class T> struct Wrap {};\nusing Deep = " + args + "int" + std::string(depth, '>') + ";\n");
  writeFile(dir + "/bad.cpp", kInsecureClient);
  std::vector<std::string> limited = {"deep_parens.cpp", "deep_braces.cpp", "deep_template.cpp"};
  writeDatabase(dir, {"deep_parens.cpp", "deep_braces.cpp", "deep_template.cpp", "deep_template_args.cpp", "bad.cpp"});

  std::string sarif = sarifOutput("bad-deep");
  RunResult r = runAttest({"scan", "-p", dir, "--sarif", sarif, "-j", "2"});
  EXPECT_EQ(r.exitCode, 1) << "the other TU's finding gates: " << r.err;
  EXPECT_NE(r.err.find("5 TU(s) scanned, 3 failed to parse; findings: 1 error"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("crashed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bracket nesting level exceeded maximum of 256"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("recursive template instantiation exceeded maximum depth"), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  std::vector<Seen> seen = resultsOf(log);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(fs::path(seen[0].file).filename(), "bad.cpp");
  std::vector<std::string> notes = notificationsOf(log);
  for (const std::string &file : limited) EXPECT_TRUE(contains(notes, "parse-error " + file)) << file << "\n" << log.dump(1);
  EXPECT_FALSE(contains(notes, "parse-error deep_template_args.cpp"));
  EXPECT_FALSE(contains(notes, "tu-crashed deep_template_args.cpp"));
}

// ------------------------------------------------------------------------------------
// Compilation databases and output paths

TEST(BadInput, MalformedDatabaseEntriesAreSkippedTheRestScanned) {
  std::string dir = freshDir("bad-db-entries");
  writeFile(dir + "/a.cpp", kInsecureClient);
  writeFile(dir + "/b.cpp", "int b() { return 0; }\n");
  nlohmann::json db = nlohmann::json::array();
  db.push_back({{"directory", dir}, {"command", "c++ -c b.cpp"}});  // no "file"
  db.push_back({{"directory", dir}, {"file", "a.cpp"}, {"arguments", {"c++", "-std=c++20", "-c", "a.cpp"}}});
  db.push_back(42);
  db.push_back({{"directory", dir}, {"file", "b.cpp"}});  // no command
  db.push_back({{"directory", dir}, {"file", "b.cpp"}, {"arguments", {"c++", 7}}});
  writeFile(dir + "/compile_commands.json", db.dump(2));
  std::string sarif = sarifOutput("bad-db-entries");
  RunResult r = runAttest({"scan", "-p", dir, "--sarif", sarif});
  EXPECT_EQ(r.exitCode, 1) << "the valid entry's finding gates: " << r.err;
  EXPECT_NE(r.err.find("1 TU(s) scanned, 0 failed to parse, 4 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("compilation database entry 1: no \"file\" string"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("entry 3: not an object"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("entry 4: no \"command\" or \"arguments\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("entry 5: no \"command\" or \"arguments\""), std::string::npos) << r.err;
  nlohmann::json log = readJson(sarif);
  ASSERT_EQ(resultsOf(log).size(), 1u);
  EXPECT_EQ(fs::path(resultsOf(log)[0].file).filename(), "a.cpp");
  std::vector<std::string> notes = notificationsOf(log);
  EXPECT_EQ(std::count(notes.begin(), notes.end(), "tu-skipped compile_commands.json"), 4);

  // A database that is not an array of entries at all is still an input error.
  writeFile(dir + "/compile_commands.json", R"({"directory": "/", "file": "a.cpp"})");
  r = runAttest({"scan", "-p", dir});
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("cannot read compilation database"), std::string::npos) << r.err;
}

TEST(BadInput, OutputPathsThatCannotBeWrittenFailBeforeScanning) {
  std::string dir = freshDir("bad-output-paths");
  writeFile(dir + "/a.cpp", kInsecureClient);
  writeFile(dir + "/plain-file", "not a directory\n");
  fs::create_directories(dir + "/existing-dir");
  struct Case {
    std::string flag, path, message;
  };
  const std::vector<Case> cases = {
      {"--sarif", dir + "/plain-file/out.sarif", "'" + dir + "/plain-file' is not a directory"},
      {"--report", dir + "/existing-dir", "'" + dir + "/existing-dir' is a directory"},
      {"--junit", dir + "/nowhere/junit.xml", "directory '" + dir + "/nowhere' does not exist"},
      {"--gitlab-sast", dir + "/nowhere/gl.json", "directory '" + dir + "/nowhere' does not exist"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.flag);
    RunResult r = runAttest({"scan", dir + "/a.cpp", c.flag, c.path, "--", "-std=c++20"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(c.flag + ": " + c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "nothing was scanned";
  }
  EXPECT_FALSE(fs::exists(dir + "/nowhere"));
  EXPECT_TRUE(fs::is_empty(dir + "/existing-dir"));
}

// ------------------------------------------------------------------------------------
// Baselines and configuration

TEST(BadInput, BrokenBaselinesAreInputErrorsBeforeScanning) {
  std::string dir = freshDir("bad-baseline");
  writeFile(dir + "/a.cpp", kInsecureClient);
  struct Case {
    std::string name, content, message;
  };
  const std::vector<Case> cases = {
      {"empty.sarif", "", "is not valid JSON"},
      {"whitespace.sarif", "  \n\t\n", "is not valid JSON"},
      {"truncated.sarif", R"({"version": "2.1.0", "runs": [{"results": [)", "is not valid JSON"},
      {"binary.sarif", std::string("\x1f\x8b\x08\0\xff\xfe", 6), "is not valid JSON"},
      {"wrong-version.sarif", R"({"version": "2.0.0", "runs": []})", "is not a SARIF 2.1.0 log"},
      {"no-version.sarif", R"({"runs": []})", "is not a SARIF 2.1.0 log"},
      {"no-runs.sarif", R"({"version": "2.1.0"})", "is not a SARIF 2.1.0 log"},
      {"runs-not-array.sarif", R"({"version": "2.1.0", "runs": {}})", "is not a SARIF 2.1.0 log"},
      {"array.sarif", "[]", "is not a SARIF 2.1.0 log"},
  };
  std::string output = dir + "/out.sarif";
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    std::string path = dir + "/" + c.name;
    writeFile(path, c.content);
    RunResult r = runAttest({"scan", dir + "/a.cpp", "--baseline", path, "--sarif", output, "--", "-std=c++20"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("attest: error: baseline '" + path + "' " + c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << "nothing was scanned";
    EXPECT_FALSE(fs::exists(output)) << "no SARIF is written";
  }
  RunResult r = runAttest({"scan", dir + "/a.cpp", "--baseline", dir + "/missing.sarif", "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("cannot read baseline '" + dir + "/missing.sarif'"), std::string::npos) << r.err;
  r = runAttest({"scan", dir + "/a.cpp", "--baseline", dir, "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 2) << "a directory is not a baseline: " << r.err;
  EXPECT_NE(r.err.find("baseline '" + dir + "'"), std::string::npos) << r.err;

  // A valid SARIF 2.1.0 log without results is an empty baseline: every finding is new.
  writeFile(dir + "/none.sarif", R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "attest"}}, "results": []}]})");
  r = runAttest({"scan", dir + "/a.cpp", "--baseline", dir + "/none.sarif", "--", "-std=c++20"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.out.find("(new)"), std::string::npos) << r.out;
}

TEST(BadInput, EmptyConfigurationFilesAreTheDefaults) {
  std::string dir = freshDir("bad-empty-config");
  writeFile(dir + "/src/a.cpp", kInsecureClient);
  writeDatabase(dir, {"src/a.cpp"});
  const std::vector<std::pair<std::string, std::string>> files = {
      {"empty", ""}, {"blank", "\n  \n\t\n"}, {"comments", "# nothing configured yet\n# failOn: none\n"},
      {"crlf-comments", "# windows\r\n\r\n"}};
  for (const auto &[name, content] : files) {
    SCOPED_TRACE(name);
    writeFile(dir + "/.attest.yaml", content);
    RunResult r = runAttest({"scan", "-p", dir}, dir + "/src");  // found upward
    EXPECT_EQ(r.exitCode, 1) << "the default gate: " << r.err;
    EXPECT_EQ(r.err.find("error:"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("[tls-verification-disabled]"), std::string::npos) << r.out;
    r = runAttest({"scan", "-p", dir, "--config", dir + "/.attest.yaml"}, dir);
    EXPECT_EQ(r.exitCode, 1) << r.err;
  }
  fs::remove(dir + "/.attest.yaml");
  RunResult r = runAttest({"scan", "-p", dir, "--config", dir + "/missing.yaml"}, dir);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find(dir + "/missing.yaml: error: cannot read the configuration"), std::string::npos) << r.err;
}

TEST(BadInput, ConfigErrorsAlwaysNameTheFile) {
  std::string dir = freshDir("bad-config-unplaced");
  writeFile(dir + "/src/a.cpp", kInsecureClient);
  writeDatabase(dir, {"src/a.cpp"});
  // LLVM's YAML parser reports some errors without a position ("?" is an empty key):
  // the message still starts with the file (found by fuzz_config).
  for (const char *text : {"?\n", "? [a]\n: b\n", "rules: {enable: [tls-*\n", "\xff\xfe: x\n"}) {
    SCOPED_TRACE(text);
    writeFile(dir + "/.attest.yaml", text);
    RunResult r = runAttest({"scan", "-p", dir}, dir);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_EQ(r.err.rfind(dir + "/.attest.yaml:", 0), 0u) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST(BadInput, MalformedConfigurationIsAnErrorWithPosition) {
  std::string dir = freshDir("bad-config-syntax");
  writeFile(dir + "/src/a.cpp", kInsecureClient);
  writeDatabase(dir, {"src/a.cpp"});
  struct Case {
    std::string text, where;
  };
  const std::vector<Case> cases = {
      {"failOn: warning\nrules:\n  enable: \"unterminated\n", "/.attest.yaml:3:24: error: Expected quote at end of scalar"},
      {"- a\n- b\n", "/.attest.yaml:1:1: error: not a mapping"},
      {"failOn: [1, 2]\n", "/.attest.yaml:1:10: error: unexpected scalar"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.text);
    writeFile(dir + "/.attest.yaml", c.text);
    RunResult r = runAttest({"scan", "-p", dir}, dir);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_EQ(r.err.rfind(dir + c.where, 0), 0u) << "file:line:col first: " << r.err;
    EXPECT_EQ(r.out, "") << "nothing was scanned";
  }
}

// Members of the wrong type made json::value() throw and attest abort (exit 134) instead
// of exiting 2. Found by fuzz_baseline.
TEST(BadInput, WrongTypesInABaselineAreInputErrors) {
  std::string dir = freshDir("bad-baseline-types");
  writeFile(dir + "/a.cpp", kInsecureClient);
  for (const char *text : {R"({"version": 2.1, "runs": []})",
                           R"({"version": "2.1.0", "runs": [{"results": [{"ruleId": 7, "partialFingerprints": {"attest/v1": "x"}}]}]})",
                           R"({"version": "2.1.0", "runs": [{"results": [{"partialFingerprints": {"attest/v1": 1}}]}]})",
                           R"({"version": "2.1.0", "runs": [{"results": [{"baselineState": [], "partialFingerprints": {"attest/v1": "x"}}]}]})"}) {
    SCOPED_TRACE(text);
    writeFile(dir + "/b.sarif", text);
    RunResult r = runAttest({"scan", dir + "/a.cpp", "--baseline", dir + "/b.sarif", "--", "-std=c++20"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("attest: error: baseline '" + dir + "/b.sarif' is not a SARIF 2.1.0 log"), std::string::npos)
        << r.err;
  }
}

// ------------------------------------------------------------------------------------
// Signals

struct Spawned {
  pid_t pid = -1;
  std::string out, err;
};

// Starts `attest ARGS...` in `cwd` without a shell, so that the test can signal it.
Spawned spawnAttest(const std::vector<std::string> &args, const std::string &cwd, const std::string &logs) {
  Spawned s{-1, logs + ".out", logs + ".err"};
  std::vector<std::string> argv = {ATTEST_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  s.pid = fork();
  if (s.pid == 0) {
    int out = open(s.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(s.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    setenv("ATTEST_NO_CACHE", "1", 1);
    std::vector<char *> raw;
    for (std::string &a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  return s;
}

// The worker processes of a running scan (children of its main thread).
std::vector<pid_t> workersOf(pid_t pid) {
  std::vector<pid_t> out;
  std::string children = readFile("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  for (size_t at = 0; at < children.size();) {
    size_t end = children.find(' ', at);
    if (end == std::string::npos) end = children.size();
    if (end > at) out.push_back(pid_t(std::stol(children.substr(at, end - at))));
    at = end + 1;
  }
  return out;
}

// A process that is gone or a zombie waiting for its parent's parent.
bool ended(pid_t pid) {
  std::string stat = readFile("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  return stat.empty() || (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z');
}

TEST(BadInput, SigtermDuringScanLeavesNoSarif) {
  std::string dir = freshDir("bad-sigterm");
  // Enough work that the scan is still running when the signal comes: TUs of ~2 MB each, one job.
  std::string big = "#include <curl/curl.h>\n";
  for (int i = 0; big.size() < (2u << 20); ++i)
    big += "static int g" + std::to_string(i) + "(int x) { return x * " + std::to_string(i) + " + 1; }\n";
  std::vector<std::string> files;
  for (int i = 0; i < 12; ++i) {
    files.push_back("tu" + std::to_string(i) + ".cpp");
    writeFile(dir + "/" + files.back(), big + kInsecureClient);
  }
  writeDatabase(dir, files);

  for (int sig : {SIGTERM, SIGINT}) {
    SCOPED_TRACE(strsignal(sig));
    std::string out = dir + "/out";
    fs::remove_all(out);
    fs::create_directories(out);
    Spawned s = spawnAttest({"scan", "-p", dir, "-j", "1", "--sarif", out + "/attest.sarif", "--junit", out + "/junit.xml"},
                            dir, dir + "/run-" + std::to_string(sig));
    ASSERT_GT(s.pid, 0);
    // Wait until a worker process runs, then a little longer.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    bool exited = false;
    while (workersOf(s.pid).empty() && std::chrono::steady_clock::now() < deadline)
      if (waitpid(s.pid, &status, WNOHANG) == s.pid) {
        exited = true;
        break;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    ASSERT_FALSE(exited) << "attest ended before the scan started: " << readFile(s.err);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ASSERT_EQ(waitpid(s.pid, &status, WNOHANG), 0) << "the scan finished before the signal: make it longer";
    std::vector<pid_t> workers = workersOf(s.pid);
    ASSERT_FALSE(workers.empty());
    ASSERT_EQ(kill(s.pid, sig), 0);
    ASSERT_EQ(waitpid(s.pid, &status, 0), s.pid);
    // Its workers do not outlive it.
    auto gone = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ended(workers[0]) && std::chrono::steady_clock::now() < gone)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_TRUE(ended(workers[0])) << "worker " << workers[0] << " still runs";

    // Interrupted: killed by the signal (the shell shows 128+N), never a scan result status.
    int shown = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    EXPECT_EQ(shown, 128 + sig) << "stderr: " << readFile(s.err);
    EXPECT_TRUE(fs::is_empty(out)) << "no SARIF, JUnit or temporary file is left: " << [&] {
      std::string names;
      for (const auto &e : fs::directory_iterator(out)) names += e.path().filename().string() + " ";
      return names;
    }();
  }
}

}  // namespace
