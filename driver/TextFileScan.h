// Finds and reads the configuration files that services ship next to their code (`.env`,
// YAML, JSON, INI, `.conf`, `.properties`, TOML, PEM/key files and Dockerfiles of the
// scanned tree); what in them is a finding is the secrets check's to decide
// (checks/secrets/ConfigFileSecrets.h). Binary and huge files are skipped and counted (a
// `text-files` notification). The secrets found are scrubbed from every finding like the
// AST checks' ones.
#pragma once
#include "core/Provenance.h"
#include "driver/Scanner.h"

namespace attest {

// Which directories are read, decided from the command line and the checkout alone (never
// from the compilation database's entries, which the scanned code may write): the
// directories named on the command line; with none named, the git top level of the
// directory that holds the database (that directory itself outside a checkout). Files
// named on the command line are source files, not a tree: with only files named, nothing
// more is read. Absolute, normalised paths.
std::vector<std::string> textScanRoots(const PlanRequest &request, const std::string &databasePath);

// Reads the configuration files under `roots`. A symlink is followed only to a file inside
// a root (a directory symlink never: no loop, no escape); each file is read once, by real path.
void scanTextFiles(const std::vector<std::string> &roots, const ScanOptions &options, ScanResult &result);

}  // namespace attest
