#include "reports/SarifWriter.h"
#include "core/InputFile.h"
#include "core/Completeness.h"
#include "core/Fingerprint.h"
#include "core/SourceText.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <map>
#include <set>

using nlohmann::json;

namespace attest {

std::string utcTimestamp(std::chrono::system_clock::time_point tp) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(ms % 1000));
  return buf;
}

namespace {

struct TaxonomyInfo {
  const char *key, *name, *version, *organization, *uri, *description, *relationship;
};
// relationship: "superset" where every finding of the rule violates the control,
// "relevant" where the control is broader than code (SOC 2, CASA) - compliance-map.md.
const TaxonomyInfo kTaxonomies[] = {
    {"cwe", "CWE", "4.14", "MITRE", "https://cwe.mitre.org/",
     "The MITRE Common Weakness Enumeration.", "superset"},
    {"asvs", "OWASP ASVS", "4.0.3", "OWASP", "https://github.com/OWASP/ASVS/tree/v4.0.3_release",
     "OWASP Application Security Verification Standard 4.0.3 requirements.", "superset"},
    {"casa", "CASA", "1.0", "App Defense Alliance",
     "https://github.com/appdefensealliance/ASA-WG/tree/main/CASA",
     "App Defense Alliance Cloud Application Security Assessment (CASA) specification v1.0.",
     "relevant"},
    {"soc2", "SOC 2 TSC", "2017 (points of focus revised 2022)", "AICPA",
     "https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022",
     "AICPA 2017 Trust Services Criteria. attest's mapping of rules to criteria is a suggestion: "
     "the AICPA publishes no mapping of weaknesses to criteria.",
     "relevant"},
    {"owaspTop10", "OWASP Top 10", "2021", "OWASP", "https://owasp.org/Top10/",
     "OWASP Top 10 2021 categories.", "relevant"},
};


json artifactLocation(const std::string &file, const std::string &root) {
  std::string rel = relativeTo(file, root);
  if (rel.empty()) return {{"uri", fileUri(file)}};
  return {{"uri", percentEncodePath(rel)}, {"uriBaseId", "%SRCROOT%"}};
}

json physicalLocation(const Location &l, const std::string &root) {
  json region = {{"startLine", l.startLine},
                 {"startColumn", l.startColumnUtf16},
                 {"endLine", l.endLine},
                 {"endColumn", l.endColumnUtf16}};
  if (!l.regionText.empty()) region["snippet"] = {{"text", l.regionText}};
  json loc = {{"artifactLocation", artifactLocation(l.file, root)}, {"region", region}};
  if (!l.contextText.empty())
    loc["contextRegion"] = {{"startLine", l.startLine},
                            {"endLine", l.endLine},
                            {"snippet", {{"text", l.contextText}}}};
  return loc;
}

// SARIF fix objects (§3.55): one artifactChange per file, in the order first touched. The
// deleted region carries its byte range and its text as well as lines and columns, so that
// `attest fix` can check the file still reads so before it replaces anything.
json fixesJson(const std::vector<Fix> &fixes, const std::string &root) {
  json out = json::array();
  for (const Fix &fix : fixes) {
    json changes = json::array();
    std::map<std::string, size_t> changeOf;
    for (const Replacement &r : fix.replacements) {
      auto [it, added] = changeOf.try_emplace(r.region.file, changes.size());
      if (added)
        changes.push_back({{"artifactLocation", artifactLocation(r.region.file, root)}, {"replacements", json::array()}});
      json deleted = {{"startLine", r.region.startLine},
                      {"startColumn", r.region.startColumnUtf16},
                      {"endLine", r.region.endLine},
                      {"endColumn", r.region.endColumnUtf16},
                      {"byteOffset", r.byteOffset},
                      {"byteLength", r.byteLength},
                      {"snippet", {{"text", r.region.regionText}}}};
      changes[it->second]["replacements"].push_back({{"deletedRegion", deleted}, {"insertedContent", {{"text", r.inserted}}}});
    }
    out.push_back({{"description", {{"text", fix.description}}}, {"artifactChanges", changes}});
  }
  return out;
}

// A reference to taxon `id` of the taxonomy `name` in run.taxonomies (SARIF
// reportingDescriptorReference): a rule's relationship target, a result's taxa entry.
json taxonReference(const std::string &name, const std::string &id) {
  return {{"id", id},
          {"guid", uuidV5("attest/taxonomy/" + name + "/" + id)},
          {"toolComponent", {{"name", name}, {"guid", uuidV5("attest/taxonomy/" + name)}}}};
}

std::string helpUri(const Rule &rule) {
  return documentationUri("docs/rules/" + rule.id + ".md");
}

std::string formatSeverity(double value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

const std::vector<std::string> &mappings(const Rule &rule, const std::string &key) {
  if (key == "cwe") return rule.cwe;
  if (key == "asvs") return rule.asvs;
  if (key == "casa") return rule.casa;
  if (key == "soc2") return rule.soc2;
  return rule.owaspTop10;
}

json ruleDescriptor(const Rule &rule) {
  json tags = rule.tags;
  tags.push_back("security");
  for (const std::string &cwe : rule.cwe) tags.push_back("external/cwe/cwe-" + cwe);
  std::set<std::string> uniqueTags(tags.begin(), tags.end());
  json relationships = json::array();
  for (const TaxonomyInfo &tax : kTaxonomies)
    for (const std::string &id : mappings(rule, tax.key))
      relationships.push_back({{"target", taxonReference(tax.name, id)}, {"kinds", {tax.relationship}}});
  return {{"id", rule.id},
          {"name", rule.name},
          {"shortDescription", {{"text", rule.shortDescription}}},
          {"fullDescription", {{"text", rule.fullDescription}}},
          {"help", {{"text", rule.help}, {"markdown", rule.help}}},
          {"helpUri", helpUri(rule)},
          {"defaultConfiguration", {{"level", levelName(rule.level)}}},
          {"relationships", relationships},
          {"properties",
           {{"tags", json(uniqueTags)},
            {"precision", rule.precision},
            {"security-severity", formatSeverity(rule.securitySeverity)},
            {"problem.severity", rule.level == Level::Note ? "recommendation" : std::string(levelName(rule.level))},
            {"references", rule.references},
            {"cwe", rule.cwe},
            {"asvs", rule.asvs},
            {"casa", rule.casa},
            {"soc2", rule.soc2},
            {"owaspTop10", rule.owaspTop10}}}};
}

// The one CWE this result is an instance of (SARIF result.taxa): the finding's own when a
// check names it and the rule maps it (a password in a URL query is CWE-598, not only
// CWE-319), else the rule's first.
std::optional<std::string> resultCwe(const Finding &f, const Rule &rule) {
  if (rule.cwe.empty()) return std::nullopt;
  if (auto it = f.properties.find("cwe"); it != f.properties.end())
    if (std::find(rule.cwe.begin(), rule.cwe.end(), it->second) != rule.cwe.end()) return it->second;
  return rule.cwe.front();
}

json taxonomies(const Catalog &catalog, const std::vector<const Rule *> &rules) {
  json out = json::array();
  for (const TaxonomyInfo &tax : kTaxonomies) {
    std::set<std::string> used;
    for (const Rule *rule : rules)
      for (const std::string &id : mappings(*rule, tax.key)) used.insert(id);
    json taxa = json::array();
    for (const Taxon &taxon : catalog.taxonomy(tax.key)->taxa) {
      if (!used.count(taxon.id)) continue;
      json t = {{"id", taxon.id},
                {"guid", uuidV5(std::string("attest/taxonomy/") + tax.name + "/" + taxon.id)},
                {"shortDescription", {{"text", taxon.name}}}};
      if (!taxon.levels.empty()) t["properties"] = {{"levels", taxon.levels}};
      taxa.push_back(t);
    }
    out.push_back({{"name", tax.name},
                   {"guid", uuidV5(std::string("attest/taxonomy/") + tax.name)},
                   {"version", tax.version},
                   {"organization", tax.organization},
                   {"informationUri", tax.uri},
                   {"shortDescription", {{"text", tax.description}}},
                   {"isComprehensive", false},
                   {"taxa", taxa}});
  }
  return out;
}

std::string shellQuote(const std::string &arg) {
  if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos)
    return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string taxonomyDisplayName(const std::string &key) {
  for (const TaxonomyInfo &tax : kTaxonomies)
    if (key == tax.key) return tax.name;
  return key;
}

namespace {
// --shard K/N as `attest merge` checks it: {index, count, planSize, planDigest}, where the
// plan is every TU before the split (driver/Merge.h shardPlanDigest). Takes the plan's
// entries out of `settings`; null when the scan was not a shard.
json shardRecord(std::map<std::string, std::string> &settings) {
  auto take = [&](const char *key) {
    auto it = settings.find(key);
    if (it == settings.end()) return std::string();
    std::string value = it->second;
    if (std::string_view(key) != "shard") settings.erase(it);
    return value;
  };
  std::string shard = take("shard"), size = take("shardPlanSize"), digest = take("shardPlanDigest");
  unsigned k = 0, n = 0, planSize = 0;
  if (shard.empty() || std::sscanf(shard.c_str(), "%u/%u", &k, &n) != 2) return nullptr;
  if (!size.empty()) planSize = static_cast<unsigned>(std::strtoul(size.c_str(), nullptr, 10));
  return {{"index", k}, {"count", n}, {"planSize", planSize}, {"planDigest", digest}};
}
}  // namespace

json buildSarif(const ScanResult &scan, const Catalog &catalog, const SarifOptions &options) {
  std::vector<const Rule *> rules;
  std::map<std::string, size_t> ruleIndex;
  for (const std::string &id : options.ruleIds)
    if (const Rule *rule = catalog.find(id)) {
      ruleIndex[id] = rules.size();
      rules.push_back(rule);
    }
  json ruleDescriptors = json::array();
  for (const Rule *rule : rules) ruleDescriptors.push_back(ruleDescriptor(*rule));

  json supported = json::array();
  for (const TaxonomyInfo &tax : kTaxonomies)
    supported.push_back({{"name", tax.name}, {"guid", uuidV5(std::string("attest/taxonomy/") + tax.name)}});

  const std::string &root = scan.sourceRoot;
  json results = json::array();
  for (const Finding &f : scan.findings) {
    json result = {{"ruleId", f.ruleId},
                   {"level", levelName(f.level)},
                   {"message", {{"text", f.message}}},
                   {"locations", {{{"physicalLocation", physicalLocation(f.location, root)}}}},
                   {"partialFingerprints",
                    {{"primaryLocationLineHash", f.lineHash}, {"attest/v1", f.fingerprint}}}};
    if (auto it = ruleIndex.find(f.ruleId); it != ruleIndex.end()) {
      result["ruleIndex"] = it->second;
      if (std::optional<std::string> cwe = resultCwe(f, *rules[it->second]))
        result["taxa"] = json::array({taxonReference("CWE", *cwe)});
    }
    if (!f.related.empty()) {
      json related = json::array();
      int id = 1;
      for (const RelatedLocation &r : f.related)
        related.push_back({{"id", id++},
                           {"physicalLocation", physicalLocation(r.location, root)},
                           {"message", {{"text", r.message}}}});
      result["relatedLocations"] = related;
    }
    if (!f.properties.empty()) result["properties"] = f.properties;
    if (!f.fixes.empty()) result["fixes"] = fixesJson(f.fixes, root);
    if (!f.codeFlows.empty()) {  // linked findings (core/Link.h): source first, the sink last
      json flows = json::array();
      for (const std::vector<RelatedLocation> &flow : f.codeFlows) {
        json steps = json::array();
        for (const RelatedLocation &step : flow)
          steps.push_back({{"location",
                            {{"physicalLocation", physicalLocation(step.location, root)},
                             {"message", {{"text", step.message}}}}}});
        flows.push_back({{"threadFlows", {{{"locations", steps}}}}});
      }
      result["codeFlows"] = flows;
    }
    result["partialFingerprints"]["attest/context/v1"] = f.contextHash;
    if (f.suppressed()) {
      json suppressions = json::array();
      for (const Suppression &s : f.suppressions) {
        json entry = {{"kind", s.kind}, {"status", "accepted"}, {"justification", s.justification}};
        if (!s.file.empty()) {
          json phys = {{"artifactLocation", artifactLocation(s.file, root)}};
          if (s.line) phys["region"] = {{"startLine", s.line}};
          entry["location"] = {{"physicalLocation", phys}};
        }
        json props = json::object();
        if (!s.until.empty()) props["until"] = s.until;
        if (!s.ticket.empty()) props["ticket"] = s.ticket;
        if (!props.empty()) entry["properties"] = props;
        suppressions.push_back(entry);
      }
      result["suppressions"] = suppressions;
    }
    if (!f.baselineState.empty()) result["baselineState"] = f.baselineState;
    results.push_back(result);
  }

  json notifications = json::array();
  for (const Notification &n : scan.notifications) {
    json note = {{"level", levelName(n.level)},
                 {"message", {{"text", n.message}}},
                 {"descriptor", {{"id", n.id}}}};
    if (!n.file.empty()) {
      json phys = {{"artifactLocation", artifactLocation(n.file, root)}};
      if (n.line) phys["region"] = {{"startLine", n.line}};
      note["locations"] = {{{"physicalLocation", phys}}};
    }
    notifications.push_back(note);
  }

  std::string commandLine;
  for (const std::string &arg : scan.commandLine)
    commandLine += (commandLine.empty() ? "" : " ") + shellQuote(arg);
  json invocation = {{"commandLine", commandLine},
                     {"arguments", scan.commandLine},
                     {"startTimeUtc", utcTimestamp(scan.summary.start)},
                     {"endTimeUtc", utcTimestamp(scan.summary.end)},
                     {"executionSuccessful", incompleteTus(scan.summary) == 0},
                     {"toolExecutionNotifications", notifications},
                     {"properties",
                      {{"tusPlanned", scan.summary.tusPlanned},
                       {"tusScanned", scan.summary.tusScanned},
                       {"tusFailedToParse", scan.summary.tusFailedToParse},
                       {"tusCrashed", scan.summary.tusCrashed},
                       {"tusTimedOut", scan.summary.tusTimedOut},
                       {"tusOutOfMemory", scan.summary.tusOutOfMemory},
                       {"tusSkipped", scan.summary.tusSkipped},
                       {"tusExcluded", scan.summary.tusExcluded},
                       {"tusUnchanged", scan.summary.tusUnchanged},
                       {"tusFromCache", scan.summary.tusFromCache},
                       {"catalogSha256", catalog.sha256}}}};
  if (!scan.summary.configPath.empty()) {
    invocation["properties"]["configFile"] = scan.summary.configPath;
    invocation["properties"]["configSha256"] = scan.summary.configSha256;
  }
  // A shard's plan (its size and digest) is not a setting: it goes to run.properties.shard.
  std::map<std::string, std::string> settings = scan.summary.configSettings;
  json shard = shardRecord(settings);
  if (!settings.empty()) invocation["properties"]["configSettings"] = settings;
  if (!scan.summary.databasePath.empty()) {
    invocation["properties"]["compilationDatabase"] = scan.summary.databasePath;
    invocation["properties"]["compilationDatabaseSha256"] = scan.summary.databaseSha256;
  }
  if (!scan.summary.baselinePath.empty()) {
    invocation["properties"]["baselineFile"] = scan.summary.baselinePath;
    invocation["properties"]["baselineAbsent"] = scan.summary.baselineAbsent;
  }
  if (!options.textScanRoots.empty()) {
    json roots = json::array();
    for (const std::string &root : options.textScanRoots) roots.push_back(fileUri(root, true));
    invocation["properties"]["configFileScanRoots"] = roots;
  }
  if (!options.workingDirectory.empty())
    invocation["workingDirectory"] = {{"uri", fileUri(options.workingDirectory, true)}};

  json run = {{"tool",
               {{"driver",
                 {{"name", "attest"},
                  {"fullName", "attest compliance scanner for C and C++"},
                  {"version", ATTEST_VERSION},
                  {"semanticVersion", ATTEST_VERSION},
                  {"informationUri", ATTEST_INFORMATION_URI},
                  {"organization", "attest"},
                  {"rules", ruleDescriptors},
                  {"supportedTaxonomies", supported}}}}},
              {"taxonomies", taxonomies(catalog, rules)},
              {"invocations", {invocation}},
              {"columnKind", "utf16CodeUnits"},
              {"results", results}};
  // The scope of the scan, for auditors: every TU analysed, and whether it parsed.
  json artifacts = json::array();
  std::set<std::string> failed(scan.summary.failedFiles.begin(), scan.summary.failedFiles.end());
  for (const std::string &file : scan.summary.scannedFiles) {
    json artifact = {{"location", artifactLocation(file, root)}, {"roles", {"analysisTarget"}}};
    if (failed.count(file)) artifact["properties"] = {{"parsedCompletely", false}};
    artifacts.push_back(artifact);
  }
  if (!artifacts.empty()) run["artifacts"] = artifacts;
  if (!root.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", fileUri(root, true)}}}};
  if (!shard.is_null()) run["properties"] = {{"shard", shard}};
  if (options.git && !options.git->commit.empty() && options.git->topLevel == root) {
    json vcs = {{"repositoryUri", options.git->repositoryUri},
                {"revisionId", options.git->commit},
                {"mappedTo", {{"uriBaseId", "%SRCROOT%"}}}};
    if (!options.git->branch.empty()) vcs["branch"] = options.git->branch;
    run["versionControlProvenance"] = {vcs};
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", {run}}};
}

namespace {
// "-" and the names of an open descriptor: written to that descriptor.
std::optional<int> descriptorOf(const std::string &path) {
  if (path == "-" || path == "/dev/stdout") return 1;
  if (path == "/dev/stderr") return 2;
  for (llvm::StringRef prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    llvm::StringRef rest(path);
    unsigned fd = 0;
    if (rest.consume_front(prefix) && !rest.getAsInteger(10, fd)) return fd;
  }
  return std::nullopt;
}

bool writeAll(int fd, const std::string &content, const std::string &path, std::string &error) {
  if (fd == 1) llvm::outs().flush();
  if (fd == 2) llvm::errs().flush();
  if (writeAllToFd(fd, content)) return true;
  error = "cannot write '" + path + "': " + std::strerror(errno);
  return false;
}

// A FIFO, a terminal or the null device (or a symbolic link to one) is written as it is:
// renaming a file over it would replace the node or the link (/dev/stdout) with a file.
// Other devices are refused: a link planted at an output path must not make attest,
// often root, write SARIF to /dev/mem or a disk. The FIFO is opened without blocking, so
// one that no process reads is an error rather than a hang.
bool writeThrough(const std::string &content, const std::string &path, std::string &error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = "cannot write '" + path + "': " +
            (errno == ENXIO ? std::string("no process reads this FIFO") : std::string(std::strerror(errno)));
    return false;
  }
  struct stat info;
  bool allowed = ::fstat(fd, &info) == 0 &&
                 (S_ISFIFO(info.st_mode) || ::isatty(fd) || (S_ISCHR(info.st_mode) && info.st_rdev == makedev(1, 3)));
  if (!allowed) {
    ::close(fd);
    error = "cannot write '" + path + "': it is a device; outputs go to files, FIFOs, terminals or /dev/null";
    return false;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  bool ok = writeAll(fd, content, path, error);
  ::close(fd);
  return ok;
}
}  // namespace

bool writesToStandardOutput(const std::vector<std::string> &paths) {
  return std::any_of(paths.begin(), paths.end(), [](const std::string &p) { return descriptorOf(p) == 1; });
}

std::string standardOutputConflict(const std::vector<std::pair<std::string, std::string>> &outputs) {
  std::vector<std::string> toStdout;
  bool attestation = false;
  for (const auto &[flag, path] : outputs) {
    if (descriptorOf(path) == 1) toStdout.push_back(flag);
    attestation |= flag == "--attestation" && !path.empty();
  }
  if (toStdout.size() > 1)
    return "only one output can go to standard output ('-'): " + toStdout[0] + " and " + toStdout[1] + " both do";
  if (attestation && toStdout.size() == 1 && toStdout[0] != "--attestation")
    return "--attestation digests the files it attests: write " + toStdout[0] + " to a file, not to standard output";
  return "";
}

bool writeFileAtomically(const std::string &content, const std::string &path, std::string &error) {
  if (std::optional<int> fd = descriptorOf(path)) return writeAll(*fd, content, path, error);
  struct stat entry, target;
  if (::lstat(path.c_str(), &entry) == 0) {
    bool dangling = S_ISLNK(entry.st_mode) && ::stat(path.c_str(), &target) != 0;
    if (S_ISLNK(entry.st_mode) && !dangling) entry = target;
    if (S_ISDIR(entry.st_mode)) {
      error = "cannot write '" + path + "': it is a directory";
      return false;
    }
    if (!dangling && !S_ISREG(entry.st_mode)) return writeThrough(content, path, error);
    // A regular file, or a link to one (or to nothing): replaced by the new file, so a
    // link planted at an output path never redirects the write.
  }
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(path));
  if (dir.empty()) dir = ".";
  if (!llvm::sys::fs::is_directory(dir)) {
    error = "cannot write '" + path + "': directory '" + std::string(dir) + "' does not exist";
    return false;
  }
  llvm::SmallString<256> model(dir);
  llvm::sys::path::append(model, "." + llvm::sys::path::filename(path).str() + ".tmp-%%%%%%");
  int fd;
  llvm::SmallString<256> tmp;
  if (auto ec = llvm::sys::fs::createUniqueFile(model, fd, tmp)) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  {
    llvm::raw_fd_ostream out(fd, /*shouldClose=*/true);
    out << content;
    out.flush();
    if (out.has_error()) {
      error = "cannot write '" + path + "': " + out.error().message();
      out.clear_error();
      llvm::sys::fs::remove(tmp);
      return false;
    }
  }
  if (auto ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  return true;
}

std::string sarifText(const json &value) { return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

bool writeJsonAtomically(const json &value, const std::string &path, std::string &error) {
  return writeFileAtomically(sarifText(value), path, error);
}

}  // namespace attest
