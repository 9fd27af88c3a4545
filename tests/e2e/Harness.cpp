#include "Harness.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace attest::test {

std::string shellQuote(const std::string &arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const std::string &path, const std::string &content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

nlohmann::json readJson(const std::string &path) { return nlohmann::json::parse(readFile(path)); }

std::string freshDir(const std::string &name) {
  // Outside the build tree: its compile_commands.json would be found by the upward search.
  // One root per user and checkout, so that two checkouts tested at once on one machine
  // (a CI clone beside a working tree) never remove each other's directories.
  static const std::string root = "attest-e2e-" + std::to_string(getuid()) + "-" +
                                  std::to_string(std::hash<std::string>{}(ATTEST_SOURCE_DIR) % 1000000007u);
  fs::path dir = fs::temp_directory_path() / root / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string makeGitRepo(const std::string &name, const std::vector<std::pair<std::string, std::string>> &files) {
  std::string dir = freshDir(name);
  nlohmann::json db = nlohmann::json::array();
  for (const auto &[path, content] : files) {
    writeFile(dir + "/" + path, content);
    if (std::filesystem::path(path).extension() == ".cpp")
      db.push_back({{"directory", dir}, {"file", path}, {"arguments", {"c++", "-std=c++20", "-c", path}}});
  }
  writeFile(dir + "/compile_commands.json", db.dump(2));
  RunResult git = runShell("git init -q -b main . && git add -A && git -c user.name=t -c user.email=t@example.com "
                           "commit -qm initial",
                           dir);
  if (git.exitCode != 0) throw std::runtime_error("git init in " + dir + " failed: " + git.err);
  return dir;
}

std::string sarifOutput(const std::string &name) {
  fs::path dir = fs::path(ATTEST_TEST_OUTPUT) / "sarif";
  fs::create_directories(dir);
  return (dir / (name + ".sarif")).string();
}

std::string sourceDir() { return ATTEST_SOURCE_DIR; }

RunResult runShell(const std::string &command, const std::string &cwd) {
  static int counter = 0;
  fs::path dir = fs::path(ATTEST_TEST_OUTPUT) / "runs";
  fs::create_directories(dir);
  std::string base = (dir / ("run-" + std::to_string(getpid()) + "-" + std::to_string(counter++))).string();
  // Tests are independent of each other's cache entries unless they ask for a cache.
  std::string line = (cwd.empty() ? "" : "cd " + shellQuote(cwd) + " && ") + "( export ATTEST_NO_CACHE=1; " + command + " ) >" +
                     shellQuote(base + ".out") + " 2>" + shellQuote(base + ".err") + " </dev/null";
  int status = std::system(line.c_str());
  RunResult result;
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = readFile(base + ".out");
  result.err = readFile(base + ".err");
  return result;
}

RunResult runAttest(const std::vector<std::string> &args, const std::string &cwd) {
  std::string line = shellQuote(ATTEST_BINARY);
  for (const std::string &arg : args) line += " " + shellQuote(arg);
  return runShell(line, cwd);
}

bool headerAvailable(const std::string &header, const std::vector<std::string> &flags) {
  std::string dir = freshDir("header-probe");
  writeFile(dir + "/probe.cpp", "#include " + header + "\n");
  std::string line = "clang-19 -fsyntax-only -x c++ -std=c++20";
  for (const std::string &f : flags) line += " " + shellQuote(f);
  return runShell(line + " probe.cpp", dir).exitCode == 0;
}

static std::string percentDecode(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string absolutePathOf(const nlohmann::json &sarif, const nlohmann::json &artifactLocation) {
  std::string uri = artifactLocation.at("uri").get<std::string>();
  if (artifactLocation.contains("uriBaseId")) {
    std::string base = sarif.at("runs").at(0).at("originalUriBaseIds")
                           .at(artifactLocation.at("uriBaseId").get<std::string>()).at("uri");
    uri = base + uri;
  }
  if (uri.rfind("file://", 0) == 0) uri = uri.substr(7);
  return percentDecode(uri);
}

std::vector<Seen> resultsOf(const nlohmann::json &sarif) {
  std::vector<Seen> seen;
  for (const auto &result : sarif.at("runs").at(0).at("results")) {
    const auto &phys = result.at("locations").at(0).at("physicalLocation");
    seen.push_back({absolutePathOf(sarif, phys.at("artifactLocation")),
                    phys.at("region").at("startLine").get<unsigned>(), result.at("ruleId").get<std::string>(),
                    result.contains("suppressions") && !result["suppressions"].empty()
                        ? std::string("suppressed")
                        : result.at("level").get<std::string>()});
  }
  std::sort(seen.begin(), seen.end());
  return seen;
}

}  // namespace attest::test

namespace attest::test {
std::string defaultLevel(const std::string &ruleId) {
  static const nlohmann::json catalog = nlohmann::json::parse(runAttest({"rules", "--format", "json"}).out);
  for (const auto &rule : catalog.at("rules"))
    if (rule.at("id") == ruleId) return rule.at("level");
  return "unknown-rule";
}
}  // namespace attest::test
