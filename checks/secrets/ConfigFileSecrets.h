// The secrets check for the configuration files that services ship next to their code
// (`.env`, YAML, JSON, INI, `.conf`, `.properties`, TOML, PEM/key files, Dockerfiles):
// the secret pattern catalog (rules/secret-patterns.yaml) and its `key = value`
// credential-name patterns over one file's text. driver/TextFileScan finds and reads the
// files; this decides what in them is a finding.
#pragma once
#include "core/Finding.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace attest {

// The findings in one configuration file's text for the enabled rules; each secret found
// is added to `secrets` (scrubbed from every output).
std::vector<Finding> secretsInConfigFile(const std::string &path, std::string_view text,
                                         const std::set<std::string> &enabled, std::set<std::string> &secrets);

}  // namespace attest
