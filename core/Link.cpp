#include "core/Link.h"
#include "core/Redaction.h"
#include "rules/Catalog.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace attest {
namespace {

using Kind = FlowValue::Kind;

struct Chain {
  std::vector<RelatedLocation> steps;  // source first
  std::vector<std::string> via;        // the hops, for the message
  bool runtime = false;                // some hop has a non-insecure alternative
  const FlowValue *source = nullptr;

  // A step; at the same place as the last one (`return 0;`), one step that says both.
  void step(const Location &at, const std::string &message) {
    if (!steps.empty()) {
      const Location &last = steps.back().location;
      if (last.file == at.file && last.startLine == at.startLine && last.startColumn == at.startColumn) {
        steps.back().message += "; " + message;
        return;
      }
    }
    steps.push_back({at, message});
  }
};

class Linker {
public:
  Linker(const std::vector<const TuSummary *> &summaries, const LinkOptions &options) : options_(options) {
    for (const TuSummary *tu : summaries) {
      if (!tu) continue;
      for (const FunctionSummary &f : tu->functions)
        if (functions_.emplace(f.usr, &f).second)
          for (const StoreFact &s : f.stores) stores_[s.target].push_back(&s);
      for (const StoreFact &s : tu->stores) {
        // A global's initializer is seen by every TU that includes it: once is enough.
        std::string key = s.target + '\0' + s.at.file + ':' + std::to_string(s.at.startLine) + ':' +
                          std::to_string(s.at.startColumn);
        if (seenStores_.insert(key).second) stores_[s.target].push_back(&s);
      }
    }
    for (const auto &[usr, f] : functions_) {
      for (const std::string &base : f->overrides) overriders_[base].push_back(usr);
      for (const CallFact &c : f->calls) {
        std::string callee = c.callee;
        if (c.viaPointer && !(callee = pointerTarget(c.callee)).empty()) {
          callers_[callee].push_back({f, &c});
          continue;
        }
        callers_[callee].push_back({f, &c});
      }
    }
  }

  LinkResult run() {
    LinkResult result;
    result.stats.functions = functions_.size();
    for (const auto &[usr, f] : functions_)
      for (const SinkFact &sink : f->sinks) {
        ++result.stats.sinks;
        std::vector<Chain> chains = resolve(sink.value, usr, options_.maxDepth, predicateOf(sink));
        if (chains.empty()) continue;
        result.stats.chains += chains.size();
        std::stable_sort(chains.begin(), chains.end(), [](const Chain &a, const Chain &b) {
          return std::make_tuple(a.runtime, a.steps.size()) < std::make_tuple(b.runtime, b.steps.size());
        });
        result.findings.push_back(finding(sink, chains));
        if (sink.predicate == "secret" || sink.predicate == "key")  // the others' constants are not secrets
          for (const Chain &c : chains)
            if (c.source && !c.source->secret.empty()) result.secrets.insert(c.source->secret);
      }
    // A log or file write with two linked arguments is one finding (an error before a
    // note), as the local checks report one per statement.
    auto key = [](const Finding &f) {
      return std::make_tuple(f.location.file, f.location.startLine, f.location.startColumn, f.ruleId);
    };
    std::stable_sort(result.findings.begin(), result.findings.end(), [&](const Finding &a, const Finding &b) {
      return std::tuple_cat(key(a), std::make_tuple(a.level == Level::Note)) <
             std::tuple_cat(key(b), std::make_tuple(b.level == Level::Note));
    });
    result.findings.erase(std::unique(result.findings.begin(), result.findings.end(),
                                      [&](const Finding &a, const Finding &b) {
                                        return key(a) == key(b) && (a.ruleId == "logging-sensitive-data" ||
                                                                    a.ruleId == "storage-cleartext-sensitive-write");
                                      }),
                          result.findings.end());
    return result;
  }

private:
  // The one function a function-pointer variable ever holds, or empty.
  std::string pointerTarget(const std::string &variable) const {
    auto it = stores_.find(variable);
    if (it == stores_.end()) return {};
    std::string target;
    for (const StoreFact *s : it->second) {
      if (s->value.kind != Kind::Function || (!target.empty() && target != s->value.usr)) return {};
      target = s->value.usr;
    }
    return target;
  }

  // A predicate that a value's traits decide (core/Summary.h, ValueTrait), rather than its bits.
  static bool isTraitPredicate(const std::string &p) {
    return p != "secret" && p != "key" && !isIntPredicate(p);
  }

  // The predicate resolve() works with: `sensitive` carries the sink's SensitiveKind bits.
  static std::string predicateOf(const SinkFact &sink) {
    return sink.predicate == "sensitive" ? "sensitive/" + std::to_string(sink.kinds) : sink.predicate;
  }

  // The trait of `v` that makes it insecure for `predicate`, or null.
  static const ValueTrait *matchingTrait(const FlowValue &v, const std::string &predicate) {
    if (predicate.rfind("sensitive/", 0) == 0) {
      const ValueTrait *t = v.trait("sensitive");
      unsigned kinds = static_cast<unsigned>(std::stoul(predicate.substr(10)));
      return t && (kinds == 0 || (t->bits & kinds)) ? t : nullptr;
    }
    return v.trait(predicate);
  }

  static bool insecure(const FlowValue &v, const std::string &predicate, bool &all) {
    all = true;
    if (predicate == "secret") return !v.isInt && v.plausibleSecret;
    if (predicate == "key") return !v.isInt && v.nonEmpty;
    if (!v.isInt || v.ints.empty()) return false;
    bool any = false;
    for (int64_t i : v.ints) {
      bool bad = intPredicateHolds(predicate, i);
      any |= bad;
      all &= bad;
    }
    return any;
  }

  std::string nameOf(const std::string &usr, const std::string &fallback) const {
    if (auto it = functions_.find(usr); it != functions_.end()) return it->second->name;
    return fallback;
  }

  // Every function a call of `usr` may run: itself and, for a virtual call, its overriders.
  std::vector<std::string> targets(const std::string &usr, bool isVirtual) const {
    std::vector<std::string> out = {usr};
    if (!isVirtual) return out;
    for (size_t i = 0; i < out.size() && out.size() < 64; ++i)
      if (auto it = overriders_.find(out[i]); it != overriders_.end())
        for (const std::string &o : it->second)
          if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
    return out;
  }

  // The calls that may reach function `usr`: direct ones, and virtual calls of a method it overrides.
  std::vector<std::pair<const FunctionSummary *, const CallFact *>> callersOf(const std::string &usr) const {
    std::vector<std::pair<const FunctionSummary *, const CallFact *>> out;
    if (auto it = callers_.find(usr); it != callers_.end()) out = it->second;
    std::vector<std::string> bases;
    if (auto f = functions_.find(usr); f != functions_.end()) bases = f->second->overrides;
    for (size_t i = 0; i < bases.size() && i < 64; ++i) {
      if (auto it = callers_.find(bases[i]); it != callers_.end())
        for (const auto &entry : it->second)
          if (entry.second->isVirtual) out.push_back(entry);
      if (auto f = functions_.find(bases[i]); f != functions_.end())
        bases.insert(bases.end(), f->second->overrides.begin(), f->second->overrides.end());
    }
    return out;
  }

  void add(std::vector<Chain> &out, Chain chain) const {
    if (out.size() < options_.maxFlowsPerFinding + 1) out.push_back(std::move(chain));
  }

  // Alternatives of one place (the returns of a function, the stores of a variable):
  // when some give no insecure constant, the chains through the others are run-time choices.
  template <class Each>
  std::vector<Chain> alternatives(size_t count, Each &&each) {
    std::vector<Chain> out;
    bool someQuiet = false;
    for (size_t i = 0; i < count; ++i) {
      std::vector<Chain> sub = each(i);
      if (sub.empty()) someQuiet = true;
      for (Chain &c : sub) add(out, std::move(c));
    }
    if (someQuiet)
      for (Chain &c : out) c.runtime = true;
    return out;
  }

  std::vector<Chain> resolve(const FlowValue &v, const std::string &fn, unsigned depth, const std::string &pred) {
    if (isTraitPredicate(pred)) {
      // A value with the trait ends the chain, whatever its kind (`user.password` is a field
      // read, but its name is what makes it sensitive); a constant without it is harmless.
      if (const ValueTrait *t = matchingTrait(v, pred)) {
        Chain c;
        c.source = &v;
        c.runtime = v.runtimeChoice;
        c.steps.push_back({v.at, t->kind == "sensitive" ? "the sensitive value " + t->text + " is read here"
                                                        : "the constant " + t->text + " is written here"});
        return {c};
      }
      if (v.kind == Kind::Const) return {};
    }
    if (v.kind == Kind::Const) {
      bool all = true;
      if (!insecure(v, pred, all)) return {};
      Chain c;
      c.source = &v;
      c.runtime = v.runtimeChoice && !all;
      std::string text = v.isInt ? "the constant " + v.display + " is written here"
                                 : "the hard-coded value (" + v.display + ") is written here";
      if (!v.via.empty()) {
        text += ", then " + v.via;
        c.via.push_back(v.via);
      }
      c.steps.push_back({v.at, text});
      return {c};
    }
    if (v.kind == Kind::Unknown || v.kind == Kind::Function || depth == 0) return {};
    // A field is one variable for every object of its class: a buffer such as
    // `packet->payload` that holds a password in one packet (mosquitto's SOCKS5 login)
    // holds messages in all the others written to disk. Sensitive values are followed
    // through parameters, returns, globals and out-parameters, not through fields; a
    // field whose own name is sensitive is what the local checks see at the sink.
    if (pred.rfind("sensitive/", 0) == 0 && v.kind == Kind::Stored && v.member) return {};
    std::string node = std::to_string(static_cast<int>(v.kind)) + '|' +
                       (v.kind == Kind::Param ? fn : v.usr) + '|' + std::to_string(v.index);
    std::string memoKey = node + '|' + std::to_string(depth) + '|' + pred;
    std::vector<Chain> out;
    if (auto it = memo_.find(memoKey); it != memo_.end()) {
      out = it->second;
    } else {
      if (!active_.insert(node).second) return {};  // a cycle: this path adds nothing new
      out = resolveNode(v, fn, depth, pred);
      active_.erase(node);
      memo_[memoKey] = out;
    }
    // Where this function reads the value (not for a parameter: the call site says it).
    if (v.kind != Kind::Param)
      for (Chain &c : out) {
        std::string what = v.kind == Kind::Return    ? "the value returned by " + v.name + "() is used here"
                           : v.kind == Kind::OutParam ? "the value " + v.name + "() wrote is used here"
                                                      : (v.member ? "field " : "global ") + v.name + " is read here";
        c.step(v.at, what);
      }
    return out;
  }

  std::vector<Chain> resolveNode(const FlowValue &v, const std::string &fn, unsigned depth, const std::string &pred) {
    std::vector<Chain> out;
    switch (v.kind) {
    case Kind::Param: {
      std::string name = nameOf(fn, "?");
      for (const auto &[caller, call] : callersOf(fn)) {
        if (v.index >= call->args.size()) continue;
        const FlowValue &arg = call->args[v.index];
        for (Chain &c : resolve(arg, caller->usr, depth - 1, pred)) {
          std::string how = call->viaPointer  ? " (through the function pointer " + call->calleeName + ")"
                            : call->callee != fn ? " (a virtual call of " + call->calleeName + "())"
                                                 : "";
          std::string text = "passed to " + name + "()" + how + " as parameter " + std::to_string(v.index + 1);
          if (arg.kind != Kind::Const) c.step(arg.at, text);
          else c.steps.back().message += ", " + text;
          c.via.push_back("parameter " + std::to_string(v.index + 1) + " of " + name + "()");
          add(out, std::move(c));
        }
      }
      break;
    }
    case Kind::Return:
      for (const std::string &target : targets(v.usr, v.isVirtual)) {
        auto it = functions_.find(target);
        if (it == functions_.end()) continue;
        const FunctionSummary *f = it->second;
        for (Chain &c : alternatives(f->returns.size(), [&](size_t i) {
               std::vector<Chain> sub = resolve(f->returns[i], target, depth - 1, pred);
               for (Chain &c : sub) {
                 c.step(f->returns[i].at, f->name + "() returns it");
                 c.via.push_back("the return value of " + f->name + "()");
               }
               return sub;
             }))
          add(out, std::move(c));
      }
      break;
    case Kind::Stored:
    case Kind::OutParam: {
      std::string target = v.kind == Kind::Stored ? v.usr : outParamKey(v.usr, v.index);
      auto it = stores_.find(target);
      if (it == stores_.end()) break;
      const std::vector<const StoreFact *> &stores = it->second;
      out = alternatives(stores.size(), [&](size_t i) {
        const StoreFact &s = *stores[i];
        std::vector<Chain> sub = resolve(s.value, s.function, depth - 1, pred);
        for (Chain &c : sub) {
          std::string text = v.kind == Kind::OutParam
                                 ? v.name + "() writes it through parameter " + std::to_string(v.index + 1)
                                 : "stored in " + std::string(v.member ? "field " : "global ") + s.targetName;
          c.step(s.at, text);
          c.via.push_back(v.kind == Kind::OutParam
                              ? "out-parameter " + std::to_string(v.index + 1) + " of " + v.name + "()"
                              : std::string(v.member ? "field " : "global ") + s.targetName);
        }
        return sub;
      });
      break;
    }
    default:
      break;
    }
    return out;
  }

  Finding finding(const SinkFact &sink, std::vector<Chain> &chains) const {
    const Chain &best = chains.front();
    bool note = best.runtime;
    Finding f;
    f.ruleId = sink.rule;
    const Rule *rule = builtinCatalog().find(sink.rule);
    f.level = rule ? rule->level : Level::Error;
    const ValueTrait *trait = isTraitPredicate(sink.predicate) ? matchingTrait(*best.source, predicateOf(sink)) : nullptr;
    f.level = parseLevel(sink.level).value_or(f.level);
    if (trait && !trait->level.empty() && sink.rule != "storage-cleartext-sensitive-write")
      f.level = parseLevel(trait->level).value_or(f.level);
    if (note) f.level = Level::Note;
    f.location = sink.at;
    f.function = sink.function;
    std::string via;
    for (size_t i = 0; i < best.via.size(); ++i) via += (i ? ", then " : "") + best.via[i];
    f.message = render(sink, *best.source, trait, via.empty() ? "" : " through " + via, note);
    f.properties = sink.properties;
    f.properties["sink"] = sink.api;
    if (trait && trait->kind == "sensitive") {  // as the local checks say it
      bool pii = trait->detail == "personal data";
      f.properties["dataKind"] = pii ? "personal data" : trait->detail.substr(trait->detail.find(' ') + 1);
      if (auto it = sink.properties.find("api"); it != sink.properties.end()) f.properties["sink"] = it->second;
    }
    f.properties.erase("api");  // the API as messages name it: in the message already
    if (!best.via.empty()) f.properties["linked"] = "true";
    f.properties["hops"] = std::to_string(best.via.size());
    for (const Chain &c : chains) {
      if (f.codeFlows.size() >= options_.maxFlowsPerFinding) break;
      if (c.runtime != note) continue;  // an error's flows are the unconditional ones
      std::vector<RelatedLocation> flow = c.steps;
      // A log or file write's api is as the local checks name it ("syslog()", "std::cerr").
      flow.push_back({sink.at, (sink.predicate == "sensitive" ? sink.api : sink.api + "()") + " receives it as " +
                                   sink.what});
      f.codeFlows.push_back(std::move(flow));
    }
    // Where the value is written, for viewers without code flows.
    f.related.push_back({best.steps.front().location, best.steps.front().message});
    return f;
  }

  // The sink spec's message (checks/common/SinkSpec.h) with the link step's words: the
  // value, why it is insecure, and the path. A run-time choice says so, once, here.
  static std::string render(const SinkFact &sink, const FlowValue &source, const ValueTrait *trait,
                            const std::string &through, bool note) {
    std::string message = sink.message.empty() ? sink.api + "(" + sink.what + ") is given {value}{through}"
                                               : sink.message;
    message = fillWords(std::move(message), {{"value", trait ? trait->text : source.display},
                                             {"detail", trait ? trait->detail : std::string()},
                                             {"masked", maskSecret("")},
                                             {"through", through}});
    if (note) message += "; the value is chosen at run time: insecure mode is reachable";
    return message;
  }

  LinkOptions options_;
  std::map<std::string, const FunctionSummary *> functions_;  // ordered: deterministic chains
  std::unordered_map<std::string, std::vector<const StoreFact *>> stores_;
  std::unordered_set<std::string> seenStores_;
  std::unordered_map<std::string, std::vector<std::string>> overriders_;
  std::unordered_map<std::string, std::vector<std::pair<const FunctionSummary *, const CallFact *>>> callers_;
  std::unordered_map<std::string, std::vector<Chain>> memo_;
  std::unordered_set<std::string> active_;
};

}  // namespace

LinkResult linkSummaries(const std::vector<const TuSummary *> &summaries, const LinkOptions &options) {
  return Linker(summaries, options).run();
}

void dropLocallyReported(std::vector<Finding> &linked, std::vector<Finding> &local) {
  // A secret's local finding at the chain's source: the same secret, one finding.
  std::map<std::tuple<std::string, unsigned, std::string>, Finding *> secretAt;
  for (Finding &f : local)
    if (f.ruleId.rfind("secrets-", 0) == 0) secretAt.emplace(std::make_tuple(f.location.file, f.location.startLine, f.ruleId), &f);
  std::erase_if(linked, [&](Finding &f) {
    if (f.codeFlows.empty() || f.codeFlows.front().empty()) return false;
    const Location &source = f.codeFlows.front().front().location;
    auto it = secretAt.find({source.file, source.startLine, f.ruleId});
    if (it == secretAt.end()) return false;
    Finding &kept = *it->second;
    if (kept.codeFlows.empty()) {
      kept.codeFlows = std::move(f.codeFlows);
      kept.properties["reaches"] = f.properties.count("sink") ? f.properties.at("sink") : f.ruleId;
    }
    return true;
  });

  std::set<std::tuple<std::string, unsigned, std::string>> at;
  std::set<std::tuple<std::string, unsigned, std::string, std::string>> sinkAt;
  for (const Finding &f : local) {
    at.insert({f.location.file, f.location.startLine, f.ruleId});
    if (auto it = f.properties.find("sink"); it != f.properties.end())
      sinkAt.insert({f.location.file, f.location.startLine, f.ruleId, it->second});
  }
  std::erase_if(linked, [&](const Finding &f) {
    if (at.count({f.location.file, f.location.startLine, f.ruleId})) return true;
    bool secret = f.ruleId.rfind("secrets-", 0) == 0;
    const std::string &sink = f.properties.at("sink");
    for (const auto &flow : f.codeFlows)
      for (const RelatedLocation &step : flow) {
        const Location &l = step.location;
        if (secret ? sinkAt.count({l.file, l.startLine, f.ruleId, sink}) > 0
                   : at.count({l.file, l.startLine, f.ruleId}) > 0)
          return true;
      }
    return false;
  });
}

}  // namespace attest
