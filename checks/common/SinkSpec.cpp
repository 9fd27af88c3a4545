#include "checks/common/SinkSpec.h"

#include <algorithm>
#include <unordered_map>

namespace attest {
namespace {
std::vector<SinkSpec> &registry() {
  static std::vector<SinkSpec> specs;
  return specs;
}
}  // namespace

SinkRegistration::SinkRegistration(std::vector<SinkSpec> specs) {
  for (SinkSpec &spec : specs) registry().push_back(std::move(spec));
}

const std::vector<SinkSpec> &sinkSpecs() { return registry(); }

const std::vector<const SinkSpec *> &sinkSpecsFor(const std::string &api, bool constructor) {
  // Built on first use, after every static registration: the summaries ask for each call.
  using Index = std::unordered_map<std::string, std::vector<const SinkSpec *>>;
  static const Index index = [] {
    Index built;
    for (const SinkSpec &spec : registry())
      for (const std::string &name : spec.apis) built[(spec.constructor ? "class " : "") + name].push_back(&spec);
    return built;
  }();
  static const std::vector<const SinkSpec *> none;
  auto it = index.find((constructor ? "class " : "") + api);
  return it == index.end() ? none : it->second;
}

const SinkSpec *sinkSpecOf(const std::string &rule, const std::string &predicate) {
  for (const SinkSpec &spec : registry())
    if (spec.rule == rule && spec.predicate == predicate) return &spec;
  return nullptr;
}

std::vector<std::string> sinkSpecRules() {
  std::vector<std::string> rules;
  for (const SinkSpec &spec : registry())
    if (std::find(rules.begin(), rules.end(), spec.rule) == rules.end()) rules.push_back(spec.rule);
  return rules;
}

}  // namespace attest
