// Sink specs (issue 18): an API argument that must not receive an insecure value,
// declared once, next to the check whose rule it is, with ATTEST_REGISTER_SINKS.
//
// The local check reports what it sees at the call; checks/flow/SummaryCheck records every
// call of a spec'd API whose argument arrives through a parameter, a return value, a
// global, a field, an out-parameter or a local variable the check does not follow, and
// core/Link settles it after the last TU and renders the spec's message with the path.
// A new cross-function sink is therefore one entry here and a fixture under
// tests/fixtures/multi/: no edit in the summaries or the link step.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <climits>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace attest {

// One call of a spec'd API, as a spec's `applies` hook sees and may adjust it.
struct SinkSite {
  const clang::Expr &call;  // a CallExpr, or a CXXConstructExpr for a constructor spec
  const clang::Expr *const *args;
  unsigned numArgs;
  clang::ASTContext &ctx;
  std::string api;                                // as the message names it ("curl_easy_setopt(CURLOPT_URL)")
  std::string predicate;                          // the spec's; a hook may choose another
  std::map<std::string, std::string> properties;  // the spec's; a hook adds side, library, ...
  std::map<std::string, std::string> words;       // extra {word}s for the message template
  const clang::Expr *arg(unsigned i) const { return i < numArgs ? args[i] : nullptr; }
};

struct SinkSpec {
  std::string rule;                 // the catalog rule a finding here belongs to
  std::vector<std::string> apis;    // function names; for a constructor, the class's qualified name
  bool constructor = false;
  unsigned arg = 0;                 // the position of the value
  unsigned minArgs = 0, maxArgs = UINT_MAX;
  // curl_easy_setopt-style APIs: the option (argument 1) must be one of these names.
  std::vector<std::string> curlOptions;
  // A selector argument that must hold an integer (SSL_CTX_ctrl's command): {position, value}.
  int selectorArg = -1;
  int64_t selectorValue = 0;
  // What the value must be for a finding (core/Summary.h, sinkPredicateHolds):
  // "secret", "key", "zero", "peer-bit-clear", "int: <clauses>", or a ValueTrait kind
  // (weak-cipher-list, cleartext-url, weak-digest-name, ...) the value must carry.
  std::string predicate;
  std::string what;                 // the parameter, for messages and code flows ("the cipher list")
  // The finding's message. {api} {what} and the hook's words are filled in by the summary;
  // {value} (the constant or sensitive value), {detail} (why the value is insecure, a
  // trait's words) and {through} (" through parameter 1 of f(), then ...") by the link step.
  // A run-time choice becomes a note with "insecure mode is reachable at run time" appended,
  // once, in the link step.
  std::string message;
  std::string level;                // "", "error", "warning", "note": else the catalog's level
  std::map<std::string, std::string> properties;
  // Constants at the call are the local check's to report, except those that arrive through
  // a non-const local variable with one write, which this spec reports (the local checks
  // resolve literals, macros, enumerators and const variables only).
  // Returns false when the call is not a sink (a server-side object, another library).
  std::function<bool(SinkSite &)> applies;
};

const std::vector<SinkSpec> &sinkSpecs();
// The specs of one API name (functions) or class (constructors), in declaration order.
const std::vector<const SinkSpec *> &sinkSpecsFor(const std::string &api, bool constructor);
// The spec of `rule` whose predicate is `predicate` (for sinks found by other means, such
// as the log and file-write calls of checks/common/SensitiveSinks), or null.
const SinkSpec *sinkSpecOf(const std::string &rule, const std::string &predicate);
// Every rule some spec reports (checks/flow/SummaryCheck runs when one is enabled).
std::vector<std::string> sinkSpecRules();

struct SinkRegistration {
  explicit SinkRegistration(std::vector<SinkSpec> specs);
};

#define ATTEST_SINK_CAT2(a, b) a##b
#define ATTEST_SINK_CAT(a, b) ATTEST_SINK_CAT2(a, b)
#define ATTEST_REGISTER_SINKS(...) \
  static ::attest::SinkRegistration ATTEST_SINK_CAT(attestSinks, __LINE__)(std::vector<::attest::SinkSpec>{__VA_ARGS__})

}  // namespace attest
