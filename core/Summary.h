// Per-function summaries for values that cross functions and files (issue 10): plain
// data, no Clang types. checks/flow/SummaryCheck fills them during a TU's one traversal;
// the result cache stores them with the TU's findings; core/Link joins them after all
// TUs into constant -> parameter/return/global/member/out-parameter -> sink chains.
// Functions, variables and fields are named by their Clang USR, so overloads,
// namespaces, methods and `static` functions are told apart.
#pragma once
#include "core/Finding.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace attest {

// What the summary step found insecure about a value, computed where the value is
// written (issue 10: the link step has no Clang and never sees the text of a constant):
//   weak-cipher-list   a constant OpenSSL cipher list that enables weak suites
//   weak-priority      a constant GnuTLS priority string that adds weak algorithms
//                      (weak-priority-append: when appended to the default, "NORMAL:" + it)
//   cleartext-url      a constant http:// (ws, telnet, ldap, mqtt) URL to a host that is not loopback
//   weak-digest-name   a constant digest name that is broken ("MD5", "sha1")
//   weak-cipher-name   a constant cipher name that is weak ("des-ede3-cbc", "rc4", "AES-128-ECB")
//   sensitive          a credential- or PII-named value (`user.password`, `getToken()`)
// `text` names it in messages (never a credential's value: `'password'`, `"RC4-SHA"`),
// `detail` says why it is insecure, in the local check's words; `level` overrides the
// rule's default level ("error", "warning", "note"); `bits` are SensitiveKind bits.
struct ValueTrait {
  std::string kind, text, detail, level;
  unsigned bits = 0;
  bool operator==(const ValueTrait &) const = default;
};

// A value as a summary sees it, at the place it is read or written.
struct FlowValue {
  enum class Kind {
    Unknown,   // a run-time value (getenv, a file, anything not followed): ends a chain
    Const,     // a constant: integers (possibly several: `c ? 0 : 2`) or characters/bytes
    Param,     // parameter `index` of the function that holds the value
    Return,    // the value returned by function `usr` (a call)
    Stored,    // global variable or field `usr`
    OutParam,  // what function `usr` writes through its pointer/reference parameter `index`
    Function,  // the address of function `usr` (a function pointer's value)
  };
  Kind kind = Kind::Unknown;
  std::vector<int64_t> ints;    // Const integers
  bool isInt = false;           // Const: integer(s), else characters or bytes
  bool plausibleSecret = false; // Const characters: no placeholder, long enough for a credential
  bool nonEmpty = false;        // Const characters or bytes: non-empty (key material)
  bool runtimeChoice = false;   // Const: one of the values of a run-time choice (`c ? a : b`)
  std::string display;          // how messages name it; never the secret itself
  std::string secret;           // Const characters: the value. In memory only, never serialised
  unsigned index = 0;           // Param, OutParam
  std::string usr, name;        // Return, Stored, OutParam, Function: the declaration
  bool isVirtual = false;       // Return: a virtual call (also resolved to the overriders)
  bool member = false;          // Stored: a field, not a global
  // Const: a hop the summary followed itself, which the local checks do not: "the local
  // variable bits" (one write), "the return value of cipherList()" (a helper in this TU).
  std::string via;
  Location at;                  // where it is read (an argument, an operand)
  std::vector<ValueTrait> traits;  // any kind: what makes it insecure for the sinks that need more than its bits
  const ValueTrait *trait(const std::string &kind) const {
    for (const ValueTrait &t : traits)
      if (t.kind == kind) return &t;
    return nullptr;
  }
};

// In a function, an API parameter that receives `value` (only values that the local
// checks cannot see: parameters, returns, globals, fields, out-parameters).
struct SinkFact {
  std::string rule;       // the rule a constant here violates (same ids as the local checks)
  // secret | key | zero | peer-bit-clear: which constants are insecure; or a ValueTrait
  // kind (weak-cipher-list, weak-priority(-append), cleartext-url, weak-digest-name,
  // weak-cipher-name, sensitive)
  // that the value must carry.
  // Or "int: <clauses>" (intPredicateHolds).
  std::string predicate;
  std::string api, what;  // the function and the parameter, for messages
  FlowValue value;
  Location at;            // the API call: where the finding is reported
  std::string function;   // enclosing function, qualified (fingerprint input)
  std::map<std::string, std::string> properties;
  unsigned kinds = 0;     // predicate sensitive: the SensitiveKind bits this sink is about
  // The finding's message with the link step's words left: {value} {detail} {through}
  // (checks/common/SinkSpec.h); `level` overrides the rule's ("error", "warning", "note").
  std::string message, level;
};

// An integer sink predicate, "int: <clause> | <clause> ...", holds for `value` when one
// clause does. A clause is an optional "shr N" and "and M" applied to the value, then one
// test: "in a,b,c", "< N", "bits-clear M" (every bit of M clear), "bits-any M". Numbers
// are C literals (0x1F, 022, 2048). "zero" and "peer-bit-clear" are "int: in 0" and
// "int: bits-clear 1".
bool isIntPredicate(const std::string &predicate);

// `message` with each {word} of `words` replaced by its text (SinkFact::message: the summary
// fills {api}, {what} and a spec hook's words, the link step {value}, {detail}, {masked},
// {through}); words not given stay for the next step.
std::string fillWords(std::string message, const std::map<std::string, std::string> &words);
bool intPredicateHolds(const std::string &predicate, int64_t value);

struct CallFact {
  std::string callee, calleeName;  // USR; for a call through a pointer variable, that variable's USR
  bool isVirtual = false;
  bool viaPointer = false;         // callee is a function-pointer variable (one target is followed)
  std::vector<FlowValue> args;     // by parameter index
  Location at;
};

struct StoreFact {
  std::string target, targetName;  // a global's or field's USR, or outParamKey(function, index)
  FlowValue value;
  Location at;
  std::string function;  // USR of the function that stores it; empty for an initializer
};

struct FunctionSummary {
  std::string usr, name;
  std::vector<std::string> overrides;  // USRs of the virtual methods it overrides directly
  std::vector<CallFact> calls;
  std::vector<FlowValue> returns;
  std::vector<StoreFact> stores;
  std::vector<SinkFact> sinks;
};

struct TuSummary {
  std::vector<FunctionSummary> functions;
  std::vector<StoreFact> stores;  // initializers of globals and fields outside functions
  bool empty() const { return functions.empty() && stores.empty(); }
};

std::string outParamKey(const std::string &functionUsr, unsigned index);

// Blanks every snippet of the summary's locations that holds one of `secrets`.
void scrubSummaryTexts(TuSummary &summary, const std::set<std::string> &secrets);
class SecretScrubber;
void scrubSummaryTexts(TuSummary &summary, const SecretScrubber &scrubber);  // one automaton for many TUs

// Serialised without FlowValue::secret (a secret never reaches the cache).
nlohmann::json summaryToJson(const TuSummary &summary);
std::optional<TuSummary> summaryFromJson(const nlohmann::json &json);

}  // namespace attest
