// Redaction end to end: scans the secrets fixtures with every output attest writes
// (text, GitHub annotations, SARIF, JUnit, GitLab SAST, and the HTML/Markdown/JSON/CSV
// compliance reports built from the SARIF) and fails if any fixture
// secret appears in stdout, stderr or a written file. Also checks that findings were
// made (the test is not vacuous) and that the optional secretDigest property is an
// HMAC-SHA-256 under ATTEST_HMAC_KEY, and absent without it.
#include "Harness.h"
#include "core/Redaction.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

struct SecretsFixture {
  std::string path;
  std::vector<std::string> flags;
};

std::vector<SecretsFixture> fixtures() {
  std::vector<SecretsFixture> out;
  fs::path dir = fs::path(sourceDir()) / "tests" / "fixtures" / "secrets";
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    SecretsFixture f{entry.path().string(), {"-std=c++20"}};
    std::istringstream in(readFile(f.path));
    static const std::regex flagsRe(R"(^\s*//\s*flags:\s*(.*)$)");
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_search(line, m, flagsRe)) {
        std::istringstream words(m[1].str());
        for (std::string w; words >> w;) f.flags.push_back(w);
      }
    }
    out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [](auto &a, auto &b) { return a.path < b.path; });
  return out;
}

// The fixture secrets: by convention each contains "Fixture" (or "FIXTURE"), inside a
// string literal. The literal is split at the characters that separate a secret from
// its key or user ("password=", "svc:", "://", escapes), and every part of 8 or more
// characters that carries the marker must not be printed. Values without the marker
// (a hex API key, byte arrays) are listed explicitly.
std::set<std::string> fixtureSecrets() {
  std::set<std::string> secrets = {
      "SKa77e57f1c7a3e0b9d8f6c5e4a3b2c1d0",  // Twilio-format key
      "0x41, 0x74, 0x74, 0x65, 0x73, 0x74, 0x46, 0x69",  // kFixtureKey
      "0x45, 0x64, 0x46, 0x69, 0x78, 0x74, 0x75, 0x72",  // kFixtureEdKey
      "0x46, 0x69, 0x78, 0x74, 0x75, 0x72, 0x65, 0x41",  // kAesFixtureKey
      "0x56, 0x65, 0x63, 0x46, 0x69, 0x78, 0x74, 0x75",  // vkey
      "0x57, 0x69, 0x6e, 0x46, 0x69, 0x78, 0x74, 0x75",  // kFixtureAesKey (win32)
      "0x46, 0x69, 0x78, 0x74, 0x75, 0x72, 0x65, 0x42",  // kBlob key bytes (win32)
  };
  static const std::regex literalRe(R"re("((?:[^"\\]|\\.)*)")re");
  for (const SecretsFixture &f : fixtures()) {
    std::istringstream in(readFile(f.path));
    for (std::string line; std::getline(in, line);) {
      for (std::sregex_iterator it(line.begin(), line.end(), literalRe), end; it != end; ++it) {
        std::string text = (*it)[1].str();
        std::string piece;
        auto flush = [&] {
          bool marked = piece.find("ixture") != std::string::npos || piece.find("IXTURE") != std::string::npos;
          if (marked && piece.size() >= 8) secrets.insert(piece);
          piece.clear();
        };
        for (char c : text) {
          if (c == ':' || c == '=' || c == '/' || c == '@' || c == '\\' || c == ' ' || c == '?' || c == '"') flush();
          else piece.push_back(c);
        }
        flush();
      }
    }
  }
  return secrets;
}

std::vector<std::string> leaks(const std::string &output, const std::set<std::string> &secrets) {
  std::vector<std::string> found;
  for (const std::string &s : secrets)
    if (output.find(s) != std::string::npos) found.push_back(s);
  return found;
}

std::string describe(const std::vector<std::string> &items) {
  std::string out;
  for (const std::string &s : items) out += "  " + s + "\n";
  return out;
}

TEST(Redaction, FixtureSecretsAreListed) {
  std::set<std::string> secrets = fixtureSecrets();
  EXPECT_GE(secrets.size(), 60u);
  for (const char *expected : {"ghp_AttestFixtureOnly0k9Qm2Lx7Rt4Vb8Nz3W", "FixtureMysql#9", "FixtureWinLogonW-46",
                               "FixtureMemcpyK44", "AttestFixturePw-9Qm2"})
    EXPECT_TRUE(secrets.count(expected)) << expected;
}

TEST(Redaction, NoSecretInAnyOutput) {
  std::set<std::string> secrets = fixtureSecrets();
  size_t findings = 0;
  for (const SecretsFixture &f : fixtures()) {
    std::string name = fs::path(f.path).stem().string();
    std::string dir = freshDir("redaction-" + name);
    std::string sarif = sarifOutput("redaction-" + name);
    std::vector<std::string> base = {"scan", f.path, "--fail-on", "none"};
    std::vector<std::string> flags = {"--"};
    flags.insert(flags.end(), f.flags.begin(), f.flags.end());

    std::vector<std::string> text = base;
    text.insert(text.end(), {"--sarif", sarif, "--junit", dir + "/junit.xml", "--gitlab-sast", dir + "/gl-sast.json"});
    text.insert(text.end(), flags.begin(), flags.end());
    RunResult r = runAttest(text);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::vector<std::string> leaked = leaks(r.out + r.err, secrets);
    EXPECT_TRUE(leaked.empty()) << name << ": text output shows:\n" << describe(leaked);
    for (const std::string &file : {sarif, dir + "/junit.xml", dir + "/gl-sast.json"}) {
      ASSERT_TRUE(fs::exists(file)) << file;
      leaked = leaks(readFile(file), secrets);
      EXPECT_TRUE(leaked.empty()) << name << ": " << file << " shows:\n" << describe(leaked);
    }
    // The compliance report, built from the SARIF, in each of its formats.
    for (const char *ext : {"html", "md", "json", "csv"}) {
      std::string report = dir + "/report." + ext;
      RunResult rep = runAttest({"report", sarif, "-o", report});
      ASSERT_EQ(rep.exitCode, 0) << rep.err;
      leaked = leaks(rep.out + rep.err + readFile(report), secrets);
      EXPECT_TRUE(leaked.empty()) << name << ": report." << ext << " shows:\n" << describe(leaked);
    }
    nlohmann::json log = readJson(sarif);
    for (const auto &result : log["runs"][0]["results"]) {
      ++findings;
      EXPECT_FALSE(result["properties"].contains("secretDigest")) << "a digest without ATTEST_HMAC_KEY";
    }

    std::vector<std::string> github = base;
    github.insert(github.end(), {"--format", "github"});
    github.insert(github.end(), flags.begin(), flags.end());
    r = runAttest(github);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    leaked = leaks(r.out + r.err, secrets);
    EXPECT_TRUE(leaked.empty()) << name << ": GitHub annotations show:\n" << describe(leaked);
  }
  EXPECT_GE(findings, 70u) << "the secrets fixtures should give their findings";
}

// Configuration files next to the code: tests/fixtures/secrets-config holds one or more
// secrets per format and look-alikes that must stay quiet (placeholders, templates, a
// YAML vault tag, a sops-encrypted value, names about a secret, a binary file).
TEST(Redaction, ConfigFilesNextToCode) {
  std::string dir = sourceDir() + "/tests/fixtures/secrets-config";
  std::string sarif = sarifOutput("redaction-config-files");
  RunResult r = runAttest({"scan", dir, "--sarif", sarif, "--fail-on", "none", "--", "-std=c++20"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json log = readJson(sarif);
  std::set<std::tuple<std::string, unsigned, std::string>> actual, expected = {
      {"Dockerfile", 3, "secrets-hardcoded-credential"},
      {"app.env", 2, "secrets-hardcoded-credential"},
      {"app.env", 3, "secrets-hardcoded-token"},
      {"app.properties", 3, "secrets-hardcoded-credential"},
      {"config.yaml", 5, "secrets-hardcoded-credential"},
      {"config.yaml", 8, "secrets-hardcoded-token"},
      {"service.ini", 4, "secrets-hardcoded-credential"},
      {"settings.json", 2, "secrets-hardcoded-credential"},
      {"server.key", 1, "secrets-hardcoded-token"},
  };
  for (const Seen &seen : resultsOf(log))
    actual.insert({fs::path(seen.file).filename().string(), seen.line, seen.rule});
  EXPECT_EQ(actual, expected) << "nothing from .pc/ (quilt's pre-patch copies) either: " << r.out;
  bool counted = false;
  for (const auto &n : log["runs"][0]["invocations"][0]["toolExecutionNotifications"])
    counted |= n["message"]["text"].get<std::string>().find("read 7 configuration file(s) for secrets; skipped 1 binary") !=
               std::string::npos;
  EXPECT_TRUE(counted) << log["runs"][0]["invocations"][0].dump(2);
  std::set<std::string> secrets = {"FixtureEnvPw-61", "ghp_AttestFixtureEnvTok0k9Qm2Lx7Rt4Vb8Nz", "FixtureYamlPw-62",
                                   "AttestFixtureYamlHook9Qm2L", "FixtureJsonPw-63", "FixtureIniPw-64",
                                   "FixtureDockerPw-65", "FixturePropsPw-66", "FixtureBinaryPw-67",
                                   "MIIEvAttestFixtureConfigKey", "z3Wp6Hs5Jd1Fc0Yg7Ue2Ta4Ri8Ow3Pl6Mk9Nj2Bh5Vg1Cf4Xd"};
  std::vector<std::string> leaked = leaks(r.out + r.err + readFile(sarif), secrets);
  EXPECT_TRUE(leaked.empty()) << describe(leaked);
  // A file named on the command line is a source file, not a tree: no config file is read.
  r = runAttest({"scan", dir + "/main.cpp", "--sarif", sarif, "--fail-on", "none", "--", "-std=c++20"});
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(resultsOf(readJson(sarif)).empty()) << r.out;
}

TEST(Redaction, DigestOnlyWithKey) {
  std::string fixture = sourceDir() + "/tests/fixtures/secrets/secrets-hardcoded-token.cpp";
  std::string sarif = sarifOutput("redaction-digest");
  std::string key = "attest-e2e-hmac-key";
  RunResult r = runShell("ATTEST_HMAC_KEY=" + shellQuote(key) + " " + shellQuote(ATTEST_BINARY) + " scan " +
                         shellQuote(fixture) + " --sarif " + shellQuote(sarif) + " --fail-on none -- -std=c++20");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out.find(key), std::string::npos);
  nlohmann::json log = readJson(sarif);
  std::string expected = attest::secretDigest("ghp_AttestFixtureOnly0k9Qm2Lx7Rt4Vb8Nz3W", key);
  bool seen = false;
  for (const auto &result : log["runs"][0]["results"]) {
    ASSERT_TRUE(result["properties"].contains("secretDigest")) << result.dump();
    std::string digest = result["properties"]["secretDigest"];
    EXPECT_EQ(digest.size(), 64u);
    seen |= digest == expected;
  }
  EXPECT_TRUE(seen) << "no finding carries HMAC-SHA-256(key, the GitHub token)";
  EXPECT_EQ(readFile(sarif).find(key), std::string::npos) << "the HMAC key itself must not be written";
}

// Every output attest writes, at once, on hostile spellings of secrets: escapes (hex,
// octal, \u), adjacent literals with u8/L prefixes, a raw invalid UTF-8 byte, a token in
// a comment next to an unrelated finding, a secret across the 2,000-byte cut of a config
// line, a remote URL with a token in its userinfo and query, and on a warm scan a secret
// registered only by a cached TU shown in the snippet of a TU parsed again. Every output
// file, stdout, stderr and every cache file must hold no 8 consecutive bytes of any of them.
TEST(Redaction, EveryOutputAtOnce) {
  const std::string github = "ghp_AttestFixtureEscX0k9Qm2Lx7Rt4Vb8Nz3W";  // spelled "\x67hp_..."
  const std::string aws = "AKIAFIXTUREOCTALQZ27";                         // spelled "\101KIA..."
  const std::string concat = "FixtureConcatPw-91x";                       // u8"Fixture" "ConcatPw-91x"
  const std::string wide = "FixtureWidePw-92";                           // L"FixtureWide\x50w-92"
  const std::string invalid = "FixtureUtf8\xFFPw-93abc";                 // a raw 0xFF byte
  const std::string comment = "ghp_AttestFixtureCmtQ0k9Qm2Lx7Rt4Vb8Nz3W";  // only in a comment
  const std::string crossTu = "FixtureCrossTuPw-94zz";                     // registered by b.cpp only
  const std::string longLine = "FixtureLongLinePw-95abcdef";               // across the 2,000-byte cut
  const std::string remoteUser = "FixtureRemoteTok3n-77", remoteQuery = "FixtureQueryTok3n-78";
  std::string source =
      "const char *kGithub = \"\\x67hp_AttestFixtureEscX0k9Qm2Lx7Rt4Vb8Nz3W\";\n"
      "const char *aws_access_key_id = \"\\101KIAFIXTUREOCTALQZ27\";\n"
      "const char8_t *kDbPassword = u8\"Fixture\" \"ConcatPw-91x\";\n"
      "const wchar_t *kAdminPassword = L\"FixtureWide\\x50w-92\";\n"
      "const char *kServicePassword = \"FixtureUtf8\xFFPw-93abc\";\n"
      "const char *kUnicodePassword = \"\\u0046ixtureEsc\\U00000055Pw-96\";\n";
  const std::string unicode = "FixtureEscUPw-96";
  std::string repo = makeGitRepo("redaction-every-output",
                                 {{"a.cpp", source},
                                  {"b.cpp", "const char *kBackupPassword = \"" + crossTu + "\";\n"},
                                  {"c.cpp", "#include <openssl/evp.h>\n"
                                            "const EVP_MD *digest() { const char *note = \"" + crossTu +
                                                "\"; (void)note; return EVP_get_digestbyname(\"md5\"); }\n"},
                                  {"d.cpp", "#include <openssl/evp.h>\n"
                                            "const EVP_MD *legacy() { return EVP_get_digestbyname(\"md5\"); }  // " +
                                                comment + "\n"},
                                  {"app.env", "LOG=" + std::string(1974, 'x') + " DB_PASSWORD=" + longLine + "\n"}});
  ASSERT_EQ(runShell("git remote add origin 'https://ci:" + remoteUser + "@gitlab.example.com/o/r.git?private_token=" +
                         remoteQuery + "'",
                     repo)
                .exitCode,
            0);
  std::vector<std::string> secrets = {github, aws, concat, wide, invalid, comment, crossTu, longLine,
                                      remoteUser, remoteQuery, unicode, "\\x67hp_AttestFixtureEsc",
                                      "\\101KIAFIXTUREOCTAL", "FixtureWide\\x50w-92"};
  // Every 8-byte piece of every secret, so a partial leak is caught too.
  std::set<std::string> pieces;
  for (const std::string &s : secrets)
    for (size_t at = 0; at + 8 <= s.size(); ++at) pieces.insert(s.substr(at, 8));
  // JSON writes a backslash doubled: look for the spelling with escapes that way too.
  for (std::string p : std::set<std::string>(pieces))
    if (p.find('\\') != std::string::npos) {
      for (size_t at = p.find('\\'); at != std::string::npos; at = p.find('\\', at + 2)) p.insert(at, "\\");
      pieces.insert(p);
    }
  // "ghp_Atte"/"AKIAFIXT" are what the mask shows of a token's kind: 4 characters, no more.
  std::erase_if(pieces, [](const std::string &p) { return p.rfind("ghp_", 0) == 0 || p.rfind("AKIA", 0) == 0; });

  std::string out = freshDir("redaction-every-output-out"), cache = freshDir("redaction-every-output-cache");
  auto scan = [&](const std::string &tag, std::vector<std::string> extra) {
    std::vector<std::string> args = {"scan", repo, "--fail-on", "none", "--cache-dir", cache,
                                     "--sarif", out + "/" + tag + ".sarif", "--junit", out + "/" + tag + ".junit.xml",
                                     "--gitlab-sast", out + "/" + tag + ".gl-sast.json", "--cbom", out + "/" + tag + ".cdx.json",
                                     "--attestation", out + "/" + tag + ".intoto.json", "--report", out + "/" + tag + ".report.md"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"--", "-std=c++20", "-Wno-deprecated-declarations"});
    return runAttest(args);
  };
  std::string streams;
  auto record = [&](const RunResult &r) {
    EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 1) << r.err;
    streams += r.out + r.err;
  };
  RunResult cold = scan("cold", {});
  record(cold);
  // A warm scan that parses c.cpp again (changed) but takes b.cpp, the only TU that
  // registers crossTu, from the cache.
  writeFile(repo + "/c.cpp", readFile(repo + "/c.cpp") + "// changed\n");
  RunResult warm = scan("warm", {"--format", "github"});
  record(warm);
  nlohmann::json warmLog = readJson(out + "/warm.sarif");
  const nlohmann::json &scope = warmLog["runs"][0]["invocations"][0]["properties"];
  EXPECT_EQ(scope.value("tusFromCache", 0), 3) << scope.dump();
  EXPECT_EQ(scope.value("tusFailedToParse", -1), 0) << scope.dump();
  record(runAttest({"baseline", "create", "-o", out + "/baseline.sarif", repo, "--", "-std=c++20"}));
  record(runAttest({"merge", out + "/cold.sarif", out + "/warm.sarif", "-o", out + "/merged.sarif"}));
  for (const char *ext : {"html", "json", "csv"})
    record(runAttest({"report", out + "/warm.sarif", "-o", out + "/report." + ext}));

  // Not vacuous: the secrets were found, the warm scan's c.cpp finding shows its line.
  std::set<std::pair<std::string, std::string>> seen;
  for (const Seen &r : resultsOf(warmLog)) seen.insert({fs::path(r.file).filename().string(), r.rule});
  for (const char *file : {"a.cpp", "b.cpp", "c.cpp", "d.cpp", "app.env"})
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [&](auto &s) { return s.first == file; })) << file;
  std::set<unsigned> secretLines;  // every secret of a.cpp, one a line
  for (const Seen &r : resultsOf(warmLog))
    if (fs::path(r.file).filename() == "a.cpp") secretLines.insert(r.line);
  EXPECT_EQ(secretLines, (std::set<unsigned>{1, 2, 3, 4, 5, 6}));

  auto check = [&](const std::string &what, const std::string &text) {
    std::vector<std::string> found;
    for (const std::string &p : pieces)
      if (text.find(p) != std::string::npos) found.push_back(p);
    EXPECT_TRUE(found.empty()) << what << " shows:\n" << describe(found);
  };
  check("stdout/stderr", streams);
  size_t files = 0;
  for (const std::string &dir : {out, cache})
    for (const auto &entry : fs::recursive_directory_iterator(dir))
      if (entry.is_regular_file()) {
        ++files;
        check(entry.path().string(), readFile(entry.path().string()));
      }
  EXPECT_GE(files, 14u);
  EXPECT_NE(readFile(out + "/cold.sarif").find("https://gitlab.example.com/o/r.git"), std::string::npos)
      << "the repository URI is kept, without its credentials";
}

}  // namespace
