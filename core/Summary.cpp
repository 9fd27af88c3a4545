#include "core/Summary.h"

#include <cstdlib>
#include <sstream>
#include "core/Redaction.h"

using nlohmann::json;

namespace attest {
namespace {

json loc(const Location &l) {
  return {l.file, l.startLine, l.startColumn, l.endLine, l.endColumn, l.startColumnUtf16, l.endColumnUtf16,
          l.regionText, l.contextText};
}

Location locFrom(const json &j) {
  Location l;
  l.file = j.at(0);
  l.startLine = j.at(1);
  l.startColumn = j.at(2);
  l.endLine = j.at(3);
  l.endColumn = j.at(4);
  l.startColumnUtf16 = j.at(5);
  l.endColumnUtf16 = j.at(6);
  l.regionText = j.at(7);
  l.contextText = j.at(8);
  return l;
}

json value(const FlowValue &v) {
  json j = {{"k", static_cast<int>(v.kind)}, {"at", loc(v.at)}};
  if (v.kind == FlowValue::Kind::Const) {
    j["int"] = v.isInt;
    j["ints"] = v.ints;
    j["plausible"] = v.plausibleSecret;
    j["nonEmpty"] = v.nonEmpty;
    j["rt"] = v.runtimeChoice;
    j["display"] = v.display;  // never the secret: FlowValue::secret is not written
  }
  if (v.kind == FlowValue::Kind::Param || v.kind == FlowValue::Kind::OutParam) j["i"] = v.index;
  if (!v.usr.empty()) j["usr"] = v.usr;
  if (!v.name.empty()) j["name"] = v.name;
  if (v.isVirtual) j["virtual"] = true;
  if (v.member) j["member"] = true;
  if (!v.via.empty()) j["via"] = v.via;
  if (!v.traits.empty()) {
    json traits = json::array();
    for (const ValueTrait &t : v.traits) traits.push_back({t.kind, t.text, t.detail, t.level, t.bits});
    j["traits"] = traits;
  }
  return j;
}

FlowValue valueFrom(const json &j) {
  FlowValue v;
  int kind = j.at("k");
  if (kind < 0 || kind > static_cast<int>(FlowValue::Kind::Function)) throw json::other_error::create(501, "kind", &j);
  v.kind = static_cast<FlowValue::Kind>(kind);
  v.at = locFrom(j.at("at"));
  if (v.kind == FlowValue::Kind::Const) {
    v.isInt = j.at("int");
    v.ints = j.at("ints").get<std::vector<int64_t>>();
    v.plausibleSecret = j.at("plausible");
    v.nonEmpty = j.at("nonEmpty");
    v.runtimeChoice = j.at("rt");
    v.display = j.at("display");
  }
  v.index = j.value("i", 0u);
  v.usr = j.value("usr", "");
  v.name = j.value("name", "");
  v.isVirtual = j.value("virtual", false);
  v.member = j.value("member", false);
  v.via = j.value("via", "");
  if (j.contains("traits"))
    for (const json &t : j.at("traits")) v.traits.push_back({t.at(0), t.at(1), t.at(2), t.at(3), t.at(4)});
  return v;
}

json store(const StoreFact &s) {
  return {{"target", s.target}, {"name", s.targetName}, {"value", value(s.value)}, {"at", loc(s.at)},
          {"fn", s.function}};
}

StoreFact storeFrom(const json &j) {
  return {j.at("target"), j.at("name"), valueFrom(j.at("value")), locFrom(j.at("at")), j.at("fn")};
}

}  // namespace

std::string fillWords(std::string message, const std::map<std::string, std::string> &words) {
  for (const auto &[word, text] : words) {
    std::string key = "{" + word + "}";
    for (size_t at = message.find(key); at != std::string::npos; at = message.find(key, at + text.size()))
      message.replace(at, key.size(), text);
  }
  return message;
}

bool isIntPredicate(const std::string &predicate) {
  return predicate == "zero" || predicate == "peer-bit-clear" || predicate.rfind("int:", 0) == 0;
}

namespace {
// One clause of an integer predicate (Summary.h); false for a clause it cannot read, so a
// malformed spec reports nothing rather than everything.
bool clauseHolds(const std::string &clause, int64_t value) {
  std::istringstream words(clause);
  std::string word;
  auto number = [&](int64_t &out) {
    std::string text;
    if (!(words >> text)) return false;
    char *end = nullptr;
    out = std::strtoll(text.c_str(), &end, 0);
    return end && *end == '\0';
  };
  while (words >> word) {
    int64_t n = 0;
    if (word == "shr" || word == "and") {
      if (!number(n) || (word == "shr" && (n < 0 || n > 62))) return false;
      value = word == "shr" ? value >> n : value & n;
    } else if (word == "<") {
      return number(n) && value < n;
    } else if (word == "bits-clear" || word == "bits-any") {
      if (!number(n)) return false;
      return word == "bits-clear" ? (value & n) == 0 : (value & n) != 0;
    } else if (word == "in") {
      std::string list, item;
      std::getline(words, list);
      std::istringstream items(list);
      while (std::getline(items, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        char *end = nullptr;
        int64_t member = std::strtoll(item.c_str(), &end, 0);
        if (!item.empty() && end && *end == '\0' && member == value) return true;
      }
      return false;
    } else {
      return false;
    }
  }
  return false;
}
}  // namespace

bool intPredicateHolds(const std::string &predicate, int64_t value) {
  if (predicate == "zero") return value == 0;
  if (predicate == "peer-bit-clear") return (value & 1) == 0;
  if (predicate.rfind("int:", 0) != 0) return false;
  std::istringstream clauses(predicate.substr(4));
  std::string clause;
  while (std::getline(clauses, clause, '|'))
    if (clauseHolds(clause, value)) return true;
  return false;
}

std::string outParamKey(const std::string &functionUsr, unsigned index) {
  return functionUsr + "#out" + std::to_string(index);
}

void scrubSummaryTexts(TuSummary &summary, const std::set<std::string> &secrets) {
  scrubSummaryTexts(summary, SecretScrubber(secrets));
}

void scrubSummaryTexts(TuSummary &summary, const SecretScrubber &scrubber) {
  auto scrub = [&](Location &l) {
    if (!scrubber.find(l.regionText).empty() || !scrubber.find(l.contextText).empty()) {
      l.regionText.clear();
      l.contextText.clear();
    }
  };
  auto scrubStore = [&](StoreFact &s) {
    scrub(s.at);
    scrub(s.value.at);
  };
  for (FunctionSummary &f : summary.functions) {
    for (CallFact &c : f.calls) {
      scrub(c.at);
      for (FlowValue &a : c.args) scrub(a.at);
    }
    for (FlowValue &r : f.returns) scrub(r.at);
    for (StoreFact &s : f.stores) scrubStore(s);
    for (SinkFact &s : f.sinks) {
      scrub(s.at);
      scrub(s.value.at);
    }
  }
  for (StoreFact &s : summary.stores) scrubStore(s);
}

json summaryToJson(const TuSummary &summary) {
  json functions = json::array(), stores = json::array();
  for (const FunctionSummary &f : summary.functions) {
    json calls = json::array(), returns = json::array(), fstores = json::array(), sinks = json::array();
    for (const CallFact &c : f.calls) {
      json args = json::array();
      for (const FlowValue &a : c.args) args.push_back(value(a));
      calls.push_back({{"callee", c.callee}, {"name", c.calleeName}, {"virtual", c.isVirtual},
                       {"pointer", c.viaPointer}, {"args", args}, {"at", loc(c.at)}});
    }
    for (const FlowValue &r : f.returns) returns.push_back(value(r));
    for (const StoreFact &s : f.stores) fstores.push_back(store(s));
    for (const SinkFact &s : f.sinks)
      sinks.push_back({{"rule", s.rule}, {"predicate", s.predicate}, {"api", s.api}, {"what", s.what},
                       {"value", value(s.value)}, {"at", loc(s.at)}, {"fn", s.function}, {"props", s.properties},
                       {"kinds", s.kinds}, {"message", s.message}, {"level", s.level}});
    functions.push_back({{"usr", f.usr}, {"name", f.name}, {"overrides", f.overrides}, {"calls", calls},
                         {"returns", returns}, {"stores", fstores}, {"sinks", sinks}});
  }
  for (const StoreFact &s : summary.stores) stores.push_back(store(s));
  return {{"functions", functions}, {"stores", stores}};
}

std::optional<TuSummary> summaryFromJson(const json &j) {
  try {
    TuSummary summary;
    for (const json &jf : j.at("functions")) {
      FunctionSummary f;
      f.usr = jf.at("usr");
      f.name = jf.at("name");
      f.overrides = jf.at("overrides").get<std::vector<std::string>>();
      for (const json &jc : jf.at("calls")) {
        CallFact c;
        c.callee = jc.at("callee");
        c.calleeName = jc.at("name");
        c.isVirtual = jc.at("virtual");
        c.viaPointer = jc.at("pointer");
        for (const json &a : jc.at("args")) c.args.push_back(valueFrom(a));
        c.at = locFrom(jc.at("at"));
        f.calls.push_back(std::move(c));
      }
      for (const json &r : jf.at("returns")) f.returns.push_back(valueFrom(r));
      for (const json &s : jf.at("stores")) f.stores.push_back(storeFrom(s));
      for (const json &js : jf.at("sinks")) {
        SinkFact s;
        s.rule = js.at("rule");
        s.predicate = js.at("predicate");
        s.api = js.at("api");
        s.what = js.at("what");
        s.value = valueFrom(js.at("value"));
        s.at = locFrom(js.at("at"));
        s.function = js.at("fn");
        s.properties = js.at("props").get<std::map<std::string, std::string>>();
        s.kinds = js.value("kinds", 0u);
        s.message = js.value("message", "");
        s.level = js.value("level", "");
        f.sinks.push_back(std::move(s));
      }
      summary.functions.push_back(std::move(f));
    }
    for (const json &s : j.at("stores")) summary.stores.push_back(storeFrom(s));
    return summary;
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

}  // namespace attest
