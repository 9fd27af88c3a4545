#include "driver/Attestation.h"

#include "core/Fingerprint.h"

#include "llvm/Support/MemoryBuffer.h"

namespace attest {
namespace {
nlohmann::json optionalString(const std::string &value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}
}  // namespace

bool buildAttestation(const std::vector<DigestedFile> &subjects, const ScanPredicate &p,
                      nlohmann::json &statement, std::string &error) {
  nlohmann::json subject = nlohmann::json::array();
  for (const DigestedFile &file : subjects) {
    auto buffer = llvm::MemoryBuffer::getFile(file.path, /*IsText=*/false);
    if (!buffer) {
      error = "--attestation: cannot read '" + file.path + "': " + buffer.getError().message();
      return false;
    }
    std::string_view bytes((*buffer)->getBufferStart(), (*buffer)->getBufferSize());
    subject.push_back({{"name", file.name}, {"digest", {{"sha256", sha256Hex(bytes)}}}});
  }
  nlohmann::json predicate = {
      {"scanner", {{"name", "attest"}, {"version", p.toolVersion}}},
      {"ruleSet", {{"catalogSha256", p.catalogSha256}, {"rules", p.rules}}},
      {"source",
       {{"repository", optionalString(p.repositoryUri)},
        {"commit", optionalString(p.commit)},
        {"branch", optionalString(p.branch)}}},
      {"configuration",
       {{"file", optionalString(p.configFile)},
        {"sha256", optionalString(p.configSha256)},
        {"nonDefaultSettings", p.configSettings}}},
      {"compilationDatabase", {{"file", optionalString(p.databaseFile)}, {"sha256", optionalString(p.databaseSha256)}}},
      {"gate", {{"failOn", p.failOn}, {"result", p.result}, {"exitStatus", p.exitStatus}}},
      {"scan",
       {{"startTime", p.startTime},
        {"endTime", p.endTime},
        {"tusScanned", p.tusScanned},
        {"tusFailedToParse", p.tusFailedToParse},
        {"tusCrashed", p.tusCrashed},
        {"tusSkipped", p.tusSkipped}}},
      {"findings", p.findings}};
  statement = {{"_type", kInTotoStatementType},
               {"subject", subject},
               {"predicateType", kScanPredicateType},
               {"predicate", predicate}};
  return true;
}

}  // namespace attest
