// Running the real attest binary and reading what it wrote.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace attest::test {

// A libcurl client that turns verification off: one tls-verification-disabled error
// (line 3), the finding the end-to-end tests scan for.
inline const char *kInsecureClient = R"(#include <curl/curl.h>
void fetch(CURL *h) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
}
)";

struct RunResult {
  int exitCode = -1;
  std::string out, err;
};

// Runs `attest ARGS...` in `cwd` (empty: the test's directory).
RunResult runAttest(const std::vector<std::string> &args, const std::string &cwd = "");
// Runs a shell command line; used to configure fixture projects with cmake and git.
RunResult runShell(const std::string &command, const std::string &cwd = "");

std::string shellQuote(const std::string &arg);
std::string readFile(const std::string &path);
void writeFile(const std::string &path, const std::string &content);
nlohmann::json readJson(const std::string &path);
// A fresh, empty directory under the test output directory.
std::string freshDir(const std::string &name);
// A fresh git repository (branch main, one commit) holding `files` (path -> content) and
// a compile_commands.json that compiles every .cpp among them with -std=c++20.
std::string makeGitRepo(const std::string &name, const std::vector<std::pair<std::string, std::string>> &files);
// Where SARIF files that the validator must check are written.
std::string sarifOutput(const std::string &name);
std::string sourceDir();
bool headerAvailable(const std::string &header, const std::vector<std::string> &flags);

// A finding as the tests compare it.
struct Seen {
  std::string file;  // absolute path (SARIF uri resolved against originalUriBaseIds)
  unsigned line = 0;
  std::string rule, level;
  bool operator<(const Seen &o) const {
    return std::tie(file, line, rule, level) < std::tie(o.file, o.line, o.rule, o.level);
  }
  bool operator==(const Seen &o) const {
    return std::tie(file, line, rule, level) == std::tie(o.file, o.line, o.rule, o.level);
  }
};
std::vector<Seen> resultsOf(const nlohmann::json &sarif);
std::string absolutePathOf(const nlohmann::json &sarif, const nlohmann::json &artifactLocation);
// The default level of each rule, from `attest rules --format json`.
std::string defaultLevel(const std::string &ruleId);

}  // namespace attest::test
