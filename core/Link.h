// The link step (issue 10): after every TU is scanned (or taken from the cache), joins
// the per-function summaries (core/Summary.h) of the whole program by USR and
// follows each sink's value backwards through direct calls (parameters), return values,
// globals, fields, out-parameters, function pointers with a single target and virtual
// calls resolved to the overriders the program defines, up to `maxDepth` hops, cycles
// cut. A constant that reaches a sink this way is a Finding at the sink with the same
// rule id as the local check's, its path as a code flow (source first). For cipher
// lists, URLs, algorithm names and log/file writes, the sink's predicate is a trait the
// summary step gave the value (core/Summary.h ValueTrait), and a value with it (a
// constant, or a sensitive-named field read) ends the chain. A chain with a
// hop that has other, non-insecure alternatives (a global also assigned from getenv, a
// function with another return) depends on a run-time branch: a note. No Clang types.
#pragma once
#include "core/Finding.h"
#include "core/Summary.h"

#include <set>
#include <string>
#include <vector>

namespace attest {

struct LinkOptions {
  unsigned maxDepth = 6;          // hops from the sink's function back to the constant
  unsigned maxFlowsPerFinding = 3;
};

struct LinkStats {
  size_t functions = 0, sinks = 0, chains = 0;
};

struct LinkResult {
  std::vector<Finding> findings;
  std::set<std::string> secrets;  // the constants the findings are about: scrub them everywhere
  LinkStats stats;
};

LinkResult linkSummaries(const std::vector<const TuSummary *> &summaries, const LinkOptions &options);

// Drops the linked findings that a local check already reported: the same rule at the
// sink, or (the checks' one level of same-TU wrappers) at a hop of the chain. A hard-coded
// secret that a local check reported where it is written (a literal passed to a
// credential-named parameter of the program's own function) is one finding, there: it
// takes the linked finding's code flows, which show the API the secret reaches.
void dropLocallyReported(std::vector<Finding> &linked, std::vector<Finding> &local);

}  // namespace attest
