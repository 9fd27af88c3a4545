// Secrets in the configuration files that services ship next to their code: `.env`,
// YAML, JSON, INI, `.conf`, `.properties`, TOML, PEM/key files and Dockerfiles of the
// scanned tree are read with the secret pattern catalog (rules/secret-patterns.yaml) and
// its `key = value` credential-name patterns. Binary and huge files are skipped and
// counted (a `text-files` notification). The secrets found are scrubbed from every
// finding like the AST checks' ones.
#pragma once
#include "driver/Scanner.h"

namespace attest {

// Which directories: the directories named on the command line, or, when none is named
// and a compilation database is used, the common directory of its translation units.
// Files named on the command line are source files, not a tree: nothing more is read.
void scanTextFiles(const PlanRequest &request, const ScanPlan &plan, const ScanOptions &options,
                   ScanResult &result);

}  // namespace attest
