#include "reports/Cbom.h"
#include "core/Finding.h"
#include "core/Fingerprint.h"
#include "core/Redaction.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <tuple>

using nlohmann::json;

namespace attest {
namespace {
std::string slug(const std::string &text) {
  std::string out = dashedAlgorithmName(text);
  return out.empty() ? "unnamed" : out;
}

std::string uuidFrom(const std::string &hex) {
  // RFC 4122 layout with the version nibble of a name-based (SHA) UUID and the variant bits.
  std::string h = hex.substr(0, 32);
  h[12] = '5';
  static const char variant[] = "89ab";
  h[16] = variant[(std::isdigit(static_cast<unsigned char>(h[16])) ? h[16] - '0' : h[16] - 'a' + 10) & 3];
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

struct Occurrence {
  std::string location;
  unsigned line = 0, column = 0;
  std::string api, library, detail;
  bool weak = false;
  std::string ruleId;
  auto key() const { return std::tie(location, line, column, api, detail); }
};

struct Component {
  std::string assetType;  // algorithm | protocol
  std::string kind;       // the asset kind
  std::string name;
  std::optional<AlgorithmInfo> info;
  std::string protocolVersion;
  std::vector<std::string> suites;
  std::vector<Occurrence> occurrences;
};

}  // namespace


json buildCbom(const std::vector<CryptoAsset> &assets, const CbomOptions &options) {
  std::map<std::pair<std::string, std::string>, Component> components;  // (kind, canonical name)
  for (const CryptoAsset &asset : assets) {
    Component c;
    c.kind = asset.kind;
    if (asset.kind == "protocol") {
      c.assetType = "protocol";
      c.name = asset.name;
      // "TLS 1.2" has version "1.2"; SSL and DTLS keep their name so that no reader
      // takes "SSL 3.0" or "DTLS 1.0" for a TLS version.
      size_t space = asset.name.find(' ');
      c.protocolVersion = space == std::string::npos || !asset.name.starts_with("TLS ") ? asset.name
                                                                                         : asset.name.substr(space + 1);
    } else if (asset.kind == "cipher-list" || asset.kind == "priority-string") {
      c.assetType = "protocol";
      c.name = (asset.kind == "cipher-list" ? "TLS cipher list \"" : "GnuTLS priority string \"") + asset.name + "\"";
      c.suites = asset.suites;
    } else {
      c.assetType = "algorithm";
      c.info = describeAlgorithm(asset.name, asset.primitive, asset.keyBits);
      if (!c.info && !asset.weak) continue;  // not an algorithm attest knows, and nothing to warn about
      c.name = c.info ? c.info->name : asset.name;
      if (c.info && (c.info->family == "EC" || c.info->family == "ECDSA" || c.info->family == "ECDH") &&
          !asset.detail.empty()) {
        std::string curve = canonicalCurveName(asset.detail);
        if (std::optional<AlgorithmInfo> named = describeAlgorithm(curve); named && named->family != "EC") {
          c.info = named;  // X25519, Ed25519, X448, Ed448 are algorithms of their own
          c.name = named->name;
        } else {
          c.name += "-" + curve;
        }
      }
    }
    std::string rel = relativeTo(asset.file, options.sourceRoot);
    Occurrence o{rel.empty() ? asset.file : rel, asset.line, asset.column, asset.api, asset.library, asset.detail,
                 asset.weak, asset.ruleId};
    auto [it, inserted] = components.try_emplace({c.kind == "priority-string" ? "cipher-list" : c.kind, c.name}, c);
    Component &target = it->second;
    if (!inserted) {
      for (const std::string &suite : asset.suites) target.suites.push_back(suite);
      if (!target.info && c.info) target.info = c.info;
    }
    auto same = std::find_if(target.occurrences.begin(), target.occurrences.end(),
                             [&](const Occurrence &x) { return x.key() == o.key(); });
    if (same == target.occurrences.end()) target.occurrences.push_back(o);
    else if (o.weak && !same->weak) *same = o;
  }

  std::vector<Component *> ordered;
  for (auto &[key, c] : components) ordered.push_back(&c);
  std::sort(ordered.begin(), ordered.end(), [](const Component *a, const Component *b) {
    return std::tie(a->assetType, a->name) < std::tie(b->assetType, b->name);
  });
  std::set<std::string> refs;
  json list = json::array();
  size_t weakCount = 0;
  for (Component *c : ordered) {
    std::sort(c->occurrences.begin(), c->occurrences.end(),
              [](const Occurrence &a, const Occurrence &b) { return a.key() < b.key(); });
    std::sort(c->suites.begin(), c->suites.end());
    c->suites.erase(std::unique(c->suites.begin(), c->suites.end()), c->suites.end());
    std::string ref = "crypto/" + (c->kind == "priority-string" ? std::string("cipher-list") : c->kind) + "/";
    ref += c->kind == "cipher-list" || c->kind == "priority-string" ? sha256Hex(c->name).substr(0, 16) : slug(c->name);
    for (int n = 2; refs.count(ref); ++n) ref += "-" + std::to_string(n);
    refs.insert(ref);

    json crypto = {{"assetType", c->assetType}};
    if (c->assetType == "algorithm" && c->info) {
      const AlgorithmInfo &i = *c->info;
      json props = {{"primitive", i.primitive.empty() ? "unknown" : i.primitive}};
      if (!i.parameterSet.empty()) props["parameterSetIdentifier"] = i.parameterSet;
      if (!i.mode.empty()) props["mode"] = i.mode;
      if (!i.padding.empty()) props["padding"] = i.padding;
      for (const Occurrence &o : c->occurrences)
        if ((i.family == "EC" || i.family == "ECDSA" || i.family == "ECDH") && !o.detail.empty()) {
          props["curve"] = canonicalCurveName(o.detail);
          break;
        }
      props["executionEnvironment"] = "software-plain-ram";
      props["implementationPlatform"] = "generic";
      if (!i.functions.empty()) props["cryptoFunctions"] = i.functions;
      if (i.classicalLevel) props["classicalSecurityLevel"] = *i.classicalLevel;
      if (i.quantumLevel) props["nistQuantumSecurityLevel"] = *i.quantumLevel;
      crypto["algorithmProperties"] = props;
    } else if (c->assetType == "algorithm") {
      crypto["algorithmProperties"] = {{"primitive", "unknown"}};
    } else {
      json props = {{"type", "tls"}};
      if (c->kind == "protocol") {
        props["version"] = c->protocolVersion;
        if (c->name.starts_with("SSH")) props["type"] = "ssh";
      } else if (!c->suites.empty()) {
        json suites = json::array();
        for (const std::string &s : c->suites) suites.push_back({{"name", s}});
        props["cipherSuites"] = suites;
      }
      crypto["protocolProperties"] = props;
    }

    bool weak = false;
    std::set<std::string> rules, libraries;
    json occurrences = json::array();
    for (const Occurrence &o : c->occurrences) {
      weak |= o.weak;
      if (o.weak && !o.ruleId.empty()) rules.insert(o.ruleId);
      if (!o.library.empty()) libraries.insert(o.library);
      json occurrence = {{"location", o.location}};
      if (o.line) occurrence["line"] = o.line;
      if (o.column) occurrence["offset"] = o.column;
      if (!o.api.empty()) occurrence["symbol"] = o.api;
      std::string context = o.api.empty() || o.api.find_first_of("( ") != std::string::npos ? o.api : o.api + "()";
      if (!o.library.empty()) context += (context.empty() ? "" : " ") + std::string("[") + o.library + "]";
      if (!o.detail.empty()) context += (context.empty() ? "" : "; ") + o.detail;
      if (o.weak) context += (context.empty() ? "" : "; ") + std::string("weak") + (o.ruleId.empty() ? "" : " (" + o.ruleId + ")");
      if (!context.empty()) occurrence["additionalContext"] = context;
      occurrences.push_back(occurrence);
    }
    if (weak) ++weakCount;
    json properties = json::array({{{"name", "attest:weak"}, {"value", weak ? "true" : "false"}}});
    for (const std::string &rule : rules) properties.push_back({{"name", "attest:ruleId"}, {"value", rule}});
    for (const std::string &library : libraries) properties.push_back({{"name", "attest:library"}, {"value", library}});
    json component = {{"type", "cryptographic-asset"}, {"bom-ref", ref}, {"name", c->name},
                      {"cryptoProperties", crypto}, {"evidence", {{"occurrences", occurrences}}},
                      {"properties", properties}};
    if (c->info && !c->info->family.empty() && c->info->family != c->name)
      component["description"] = c->info->family;
    list.push_back(component);
  }

  json doc = {{"$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json"},
              {"bomFormat", "CycloneDX"},
              {"specVersion", "1.6"},
              {"serialNumber", uuidFrom(sha256Hex(list.dump()))},
              {"version", 1},
              {"metadata",
               {{"tools", {{"components", json::array({{{"type", "application"}, {"name", "attest"},
                                                         {"version", options.toolVersion}}})}}},
                {"properties",
                 json::array({{{"name", "attest:cryptographicAssets"}, {"value", std::to_string(list.size())}},
                              {{"name", "attest:weakCryptographicAssets"}, {"value", std::to_string(weakCount)}}})}}},
              {"components", list}};
  return doc;
}

void scrubAssets(std::vector<CryptoAsset> &assets, const std::set<std::string> &secrets) {
  scrubAssets(assets, SecretScrubber(secrets));
}

void scrubAssets(std::vector<CryptoAsset> &assets, const SecretScrubber &scrubber) {
  auto scrub = [&](std::string &text) { scrubber.scrub(text); };
  for (CryptoAsset &a : assets) {
    scrub(a.name);
    scrub(a.detail);
    for (std::string &s : a.suites) scrub(s);
  }
}

json cryptoAssetToJson(const CryptoAsset &a) {
  return {{"kind", a.kind},     {"name", a.name}, {"primitive", a.primitive}, {"keyBits", a.keyBits},
          {"detail", a.detail}, {"suites", a.suites}, {"weak", a.weak}, {"rule", a.ruleId},
          {"library", a.library}, {"api", a.api}, {"file", a.file}, {"line", a.line}, {"column", a.column}};
}

std::optional<CryptoAsset> cryptoAssetFromJson(const json &j) {
  try {
    CryptoAsset a;
    a.kind = j.at("kind");
    a.name = j.at("name");
    a.primitive = j.at("primitive");
    a.keyBits = j.at("keyBits");
    a.detail = j.at("detail");
    a.suites = j.at("suites").get<std::vector<std::string>>();
    a.weak = j.at("weak");
    a.ruleId = j.at("rule");
    a.library = j.at("library");
    a.api = j.at("api");
    a.file = j.at("file");
    a.line = j.at("line");
    a.column = j.at("column");
    return a;
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

}  // namespace attest
