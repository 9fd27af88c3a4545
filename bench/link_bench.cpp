// The link step's time and memory on a synthetic program (issue 10): N functions in
// N/20 TUs, each calling 3 others and passing on a parameter, a constant or a global;
// one in 10 with a sink on a parameter, one in 20 returning a constant, one in 50
// storing into a global. Not a test: speed is measured in bench/, on a quiet machine.
//
//   ninja -C build attest_link_bench && build/attest_link_bench [FUNCTIONS] [DEPTH]
#include "core/Link.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace attest;

namespace {
Location at(size_t tu, unsigned line) {
  Location l;
  l.file = "/src/unit" + std::to_string(tu) + ".cpp";
  l.startLine = l.endLine = line;
  l.startColumn = l.startColumnUtf16 = 3;
  l.endColumn = l.endColumnUtf16 = 20;
  l.contextText = "  call(value);";
  return l;
}

std::string usr(size_t i) { return "c:@F@function" + std::to_string(i) + "#*1C#"; }
}  // namespace

int main(int argc, char **argv) {
  size_t functions = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  unsigned depth = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 6;
  std::mt19937 rng(42);
  std::uniform_int_distribution<size_t> pick(0, functions - 1);
  size_t tus = std::max<size_t>(1, functions / 20);
  std::vector<TuSummary> summaries(tus);
  for (size_t i = 0; i < functions; ++i) {
    size_t tu = i % tus;
    FunctionSummary f;
    f.usr = usr(i);
    f.name = "function" + std::to_string(i);
    for (unsigned c = 0; c < 3; ++c) {
      CallFact call;
      size_t callee = pick(rng);
      call.callee = usr(callee);
      call.calleeName = "function" + std::to_string(callee);
      call.at = at(tu, 10 + c);
      FlowValue arg;
      arg.at = call.at;
      switch (rng() % 10) {
      case 0: arg.kind = FlowValue::Kind::Const, arg.isInt = false, arg.plausibleSecret = arg.nonEmpty = true,
              arg.display = "a string literal"; break;
      case 1: arg.kind = FlowValue::Kind::Const, arg.isInt = true, arg.ints = {0}, arg.display = "0"; break;
      case 2: arg.kind = FlowValue::Kind::Stored, arg.usr = "c:@g" + std::to_string(pick(rng) % 200),
              arg.name = "g"; break;
      case 3: arg.kind = FlowValue::Kind::Return, arg.usr = usr(pick(rng)), arg.name = "f"; break;
      case 4: case 5: case 6: case 7: arg.kind = FlowValue::Kind::Param, arg.index = 0; break;
      default: break;  // unknown
      }
      call.args.push_back(arg);
      f.calls.push_back(std::move(call));
    }
    if (i % 10 == 0) {
      SinkFact sink;
      static const char *const kKinds[][3] = {{"secrets-hardcoded-credential", "secret", "mysql_real_connect"},
                                              {"secrets-hardcoded-crypto-key", "key", "EVP_EncryptInit_ex"},
                                              {"tls-verification-disabled", "zero", "curl_easy_setopt"}};
      const auto &kind = kKinds[(i / 10) % 3];
      sink.rule = kind[0];
      sink.predicate = kind[1];
      sink.api = kind[2];
      sink.what = "value";
      sink.value.kind = FlowValue::Kind::Param;
      sink.value.at = at(tu, 30);
      sink.at = at(tu, 30);
      sink.function = f.name;
      f.sinks.push_back(std::move(sink));
    }
    if (i % 20 == 0) {
      FlowValue ret;
      ret.kind = FlowValue::Kind::Const;
      ret.isInt = i % 40 == 0;
      ret.ints = {0};
      ret.plausibleSecret = ret.nonEmpty = true;
      ret.display = "0";
      ret.at = at(tu, 40);
      f.returns.push_back(ret);
    }
    if (i % 50 == 0) {
      StoreFact store;
      store.target = "c:@g" + std::to_string(i % 200);
      store.targetName = "g";
      store.value.kind = FlowValue::Kind::Param;
      store.at = at(tu, 50);
      store.function = f.usr;
      f.stores.push_back(std::move(store));
    }
    summaries[tu].functions.push_back(std::move(f));
  }
  std::vector<const TuSummary *> pointers;
  for (const TuSummary &s : summaries) pointers.push_back(&s);
  struct rusage before {};
  getrusage(RUSAGE_SELF, &before);
  auto start = std::chrono::steady_clock::now();
  LinkOptions options;
  options.maxDepth = depth;
  LinkResult result = linkSummaries(pointers, options);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  struct rusage after {};
  getrusage(RUSAGE_SELF, &after);
  std::printf("link step: %zu functions in %zu TUs, depth %u: %.1f ms, %zu sinks, %zu chains, %zu findings; "
              "peak RSS %ld MiB (%ld MiB before linking)\n",
              functions, tus, depth, ms, result.stats.sinks, result.stats.chains, result.findings.size(),
              after.ru_maxrss / 1024, before.ru_maxrss / 1024);
  return 0;
}
