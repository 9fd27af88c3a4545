// Scans every fixture and compares the findings with the `// expect:` comments on
// the fixture's own lines: any finding missing or extra fails (tests/fixtures/README.md).
#include "Harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;
using namespace attest::test;

namespace {

struct Fixture {
  std::string name;  // test name
  std::string path;  // a source file, or a project directory
  bool project = false;
};

bool isSource(const fs::path &p) {
  std::string ext = p.extension().string();
  return ext == ".c" || ext == ".cpp" || ext == ".cc" || ext == ".h" || ext == ".hpp";
}

bool insideProject(const fs::path &file, const fs::path &root) {
  for (fs::path dir = file.parent_path(); dir.string().size() >= root.string().size(); dir = dir.parent_path()) {
    if (fs::exists(dir / "CMakeLists.txt")) return true;
    if (dir == dir.parent_path()) break;
  }
  return false;
}

std::string testName(const std::string &relative) {
  std::string name;
  for (char c : relative) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

std::vector<Fixture> discover() {
  std::vector<Fixture> fixtures;
  fs::path root = fs::path(sourceDir()) / "tests" / "fixtures";
  if (fs::exists(root))
    for (const auto &entry : fs::recursive_directory_iterator(root)) {
      fs::path p = entry.path();
      std::string rel = fs::relative(p, root).string();
      if (entry.is_directory() && fs::exists(p / "CMakeLists.txt"))
        fixtures.push_back({testName(rel), p.string(), true});
      else if (entry.is_regular_file() && (p.extension() == ".c" || p.extension() == ".cpp") &&
               !insideProject(p, root))
        fixtures.push_back({testName(rel), p.string(), false});
    }
  // Inputs of other tests (e.g. the config-file scan of RedactionE2eTest) say so.
  std::erase_if(fixtures, [](const Fixture &f) {
    return !f.project && readFile(f.path).find("// not-a-fixture") != std::string::npos;
  });
  fixtures.push_back({"example_service", (fs::path(sourceDir()) / "examples" / "service").string(), true});
  std::sort(fixtures.begin(), fixtures.end(), [](auto &a, auto &b) { return a.name < b.name; });
  return fixtures;
}

// A finding's SARIF fix as fixtures state it: `// expect: RULE fix: TEXT` expects the
// finding on this line to carry a fix that writes TEXT; a finding without `fix:` none.
using FixSeen = std::tuple<std::string, unsigned, std::string, std::string>;  // file, line, rule, text

struct Annotations {
  std::vector<Seen> expected;
  std::vector<FixSeen> fixes;
  unsigned safeCases = 0;
  std::vector<std::string> flags;
  std::vector<std::string> requiredHeaders;
};

void annotate(const std::string &file, Annotations &out) {
  static const std::regex expectRe(R"(//\s*expect:\s*(.*)$)");
  static const std::regex flagsRe(R"(^\s*//\s*flags:\s*(.*)$)");
  static const std::regex requiresRe(R"(^\s*//\s*requires-header:\s*(\S+))");
  std::istringstream in(readFile(file));
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    std::smatch m;
    if (std::regex_search(line, m, flagsRe)) {
      std::istringstream words(m[1].str());
      for (std::string w; words >> w;) out.flags.push_back(w);
    } else if (std::regex_search(line, m, requiresRe)) {
      out.requiredHeaders.push_back(m[1].str());
    } else if (std::regex_search(line, m, expectRe)) {
      std::stringstream items(m[1].str());
      for (std::string item; std::getline(items, item, ',');) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t\r") + 1);
        if (item.empty()) continue;
        std::string fixText;
        if (size_t at = item.find(" fix:"); at != std::string::npos) {
          fixText = item.substr(at + 5);
          fixText.erase(0, fixText.find_first_not_of(" \t"));
          item.erase(item.find_last_not_of(" \t", at) + 1);
        }
        std::string rule = item, level;
        if (size_t colon = item.find(':'); colon != std::string::npos) {
          rule = item.substr(0, colon);
          level = item.substr(colon + 1);
        }
        out.expected.push_back({file, number, rule, level.empty() ? defaultLevel(rule) : level});
        if (!fixText.empty()) out.fixes.emplace_back(file, number, rule, fixText);
      }
    }
    if (line.find("// ok:") != std::string::npos) ++out.safeCases;
  }
}

// A project may keep its expectations beside the code instead (examples/service, whose
// report snippets must show the code as it is): expected-findings.txt, one finding per
// line as FILE:LINE RULE LEVEL with FILE relative to the project.
void expectationsFile(const std::string &project, Annotations &out) {
  fs::path list = fs::path(project) / "expected-findings.txt";
  if (!fs::exists(list)) return;
  std::istringstream in(readFile(list.string()));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string where, rule, level, fixWord, fixText;
    words >> where >> rule >> level >> fixWord >> fixText;
    size_t colon = where.rfind(':');
    ASSERT_NE(colon, std::string::npos) << list << ": " << line;
    std::string file = (fs::path(project) / where.substr(0, colon)).string();
    unsigned number = static_cast<unsigned>(std::stoul(where.substr(colon + 1)));
    out.expected.push_back({file, number, rule, level.empty() ? defaultLevel(rule) : level});
    if (fixWord == "fix:") out.fixes.emplace_back(file, number, rule, fixText);  // FILE:LINE RULE LEVEL fix: TEXT
  }
}

std::string describe(const std::vector<Seen> &items) {
  std::string out;
  for (const Seen &s : items) out += "  " + s.file + ":" + std::to_string(s.line) + " " + s.rule + " (" + s.level + ")\n";
  return out;
}

// The fixes of the log's results, one inserted text per replacement.
std::vector<FixSeen> fixesOf(const nlohmann::json &log) {
  std::vector<FixSeen> out;
  for (const auto &result : log.at("runs").at(0).at("results")) {
    if (!result.contains("fixes")) continue;
    const auto &phys = result.at("locations").at(0).at("physicalLocation");
    for (const auto &fix : result.at("fixes"))
      for (const auto &change : fix.at("artifactChanges"))
        for (const auto &replacement : change.at("replacements"))
          out.emplace_back(absolutePathOf(log, phys.at("artifactLocation")), phys.at("region").at("startLine"),
                           result.at("ruleId"), replacement.at("insertedContent").at("text"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string describeFixes(const std::vector<FixSeen> &items) {
  std::string out;
  for (const auto &[file, line, rule, text] : items)
    out += "  " + file + ":" + std::to_string(line) + " " + rule + " fix: " + text + "\n";
  return out;
}

void PrintTo(const Fixture &fixture, std::ostream *os) { *os << fixture.path; }

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, FindingsMatchExpectations) {
  const Fixture &fixture = GetParam();
  Annotations notes;
  std::vector<std::string> args = {"scan"};
  std::string sarif = sarifOutput("fixture-" + fixture.name);
  if (fixture.project) {
    for (const auto &entry : fs::recursive_directory_iterator(fixture.path))
      if (entry.is_regular_file() && isSource(entry.path())) annotate(entry.path().string(), notes);
    expectationsFile(fixture.path, notes);
    std::string build = freshDir("project-" + fixture.name);
    RunResult configure = runShell("cmake -S " + shellQuote(fixture.path) + " -B " + shellQuote(build) +
                                   " -DCMAKE_EXPORT_COMPILE_COMMANDS=ON");
    ASSERT_EQ(configure.exitCode, 0) << configure.out << configure.err;
    args.insert(args.end(), {fixture.path, "-p", build});
  } else {
    annotate(fixture.path, notes);
    for (const std::string &header : notes.requiredHeaders)
      if (!headerAvailable(header, notes.flags)) GTEST_SKIP() << "header " << header << " is not installed";
    args.push_back(fixture.path);
  }
  args.insert(args.end(), {"--sarif", sarif, "--fail-on", "none"});
  if (!fixture.project) {
    args.push_back("--");
    bool isC = fs::path(fixture.path).extension() == ".c";
    bool hasStd = std::any_of(notes.flags.begin(), notes.flags.end(),
                              [](const std::string &f) { return f.rfind("-std=", 0) == 0; });
    if (!hasStd) args.push_back(isC ? "-std=c11" : "-std=c++20");
    if (isC) args.insert(args.end(), {"-x", "c"});
    args.insert(args.end(), notes.flags.begin(), notes.flags.end());
  }
  // Relative paths in a fixture's flags (-Iinclude) are typed in the fixture's directory.
  RunResult run = runAttest(args, fixture.project ? "" : fs::path(fixture.path).parent_path().string());
  ASSERT_EQ(run.exitCode, 0) << run.err;
  nlohmann::json log = readJson(sarif);
  EXPECT_EQ(log["runs"][0]["invocations"][0]["properties"]["tusFailedToParse"], 0)
      << "a fixture must compile cleanly:\n" << run.err;

  std::vector<Seen> actual = resultsOf(log);
  std::vector<Seen> expected = notes.expected;
  std::sort(expected.begin(), expected.end());
  std::vector<Seen> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty()) << "expected findings not reported:\n" << describe(missing) << run.out;
  EXPECT_TRUE(extra.empty()) << "findings not expected (false positives):\n" << describe(extra) << run.out;
  std::vector<FixSeen> actualFixes = fixesOf(log), expectedFixes = notes.fixes;
  std::sort(expectedFixes.begin(), expectedFixes.end());
  EXPECT_EQ(describeFixes(actualFixes), describeFixes(expectedFixes)) << "the fixes differ from the `fix:` comments";
  if (!fixture.project) {
    EXPECT_FALSE(notes.expected.empty()) << "a fixture must expect at least one finding";
    EXPECT_GE(notes.safeCases, notes.expected.size())
        << "a fixture needs at least as many safe look-alikes (// ok:) as findings";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(discover()),
                         [](const ::testing::TestParamInfo<Fixture> &info) { return info.param.name; });

}  // namespace
