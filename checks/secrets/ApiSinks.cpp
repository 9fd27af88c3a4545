#include "checks/secrets/ApiSinks.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace attest {
namespace embedded {
std::string_view api_sinks();
}
namespace secrets {
namespace {
struct SinkSpec {
  std::vector<std::string> functions;
  unsigned arg = 0, optionArg = 1, valuesArg = 0, handleArg = 0, consumerArg = 0;
  std::string receives, what, option, consumer;
};
struct SinkDoc {
  int version = 0;
  std::vector<SinkSpec> sinks;
};
}  // namespace
}  // namespace secrets
}  // namespace attest

LLVM_YAML_IS_SEQUENCE_VECTOR(attest::secrets::SinkSpec)

namespace llvm::yaml {
template <> struct MappingTraits<attest::secrets::SinkSpec> {
  static void mapping(IO &io, attest::secrets::SinkSpec &s) {
    io.mapRequired("functions", s.functions);
    io.mapRequired("arg", s.arg);
    io.mapRequired("receives", s.receives);
    io.mapRequired("what", s.what);
    io.mapOptional("option", s.option);
    io.mapOptional("optionArg", s.optionArg);
    io.mapOptional("valuesArg", s.valuesArg);
    io.mapOptional("consumer", s.consumer);
    io.mapOptional("handleArg", s.handleArg);
    io.mapOptional("consumerArg", s.consumerArg);
  }
};
template <> struct MappingTraits<attest::secrets::SinkDoc> {
  static void mapping(IO &io, attest::secrets::SinkDoc &d) {
    io.mapRequired("version", d.version);
    io.mapRequired("sinks", d.sinks);
  }
};
}  // namespace llvm::yaml

namespace attest::secrets {

std::vector<const ApiSink *> ApiSinkTable::find(std::string_view function) const {
  std::vector<const ApiSink *> out;
  for (const ApiSink &s : sinks)
    if (s.function == function) out.push_back(&s);
  return out;
}

std::optional<ApiSinkTable> parseApiSinks(std::string_view yaml, std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  SinkDoc doc;
  llvm::yaml::Input in(llvm::MemoryBufferRef(llvm::StringRef(yaml.data(), yaml.size()), "api-sinks.yaml"),
                       nullptr, handler, &diagStream);
  in >> doc;
  if (in.error()) {
    error = diagnostics.empty() ? "api-sinks.yaml: invalid" : diagnostics;
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return std::nullopt;
  }
  if (doc.version != 1) {
    error = "api-sinks.yaml: unsupported version";
    return std::nullopt;
  }
  ApiSinkTable table;
  for (const SinkSpec &spec : doc.sinks) {
    ApiSink sink;
    static const std::pair<const char *, Receives> kKinds[] = {
        {"password", Receives::Password}, {"secret", Receives::Secret},
        {"user-password", Receives::UserPassword}, {"key", Receives::Key}, {"iv", Receives::Iv},
        {"connection-string", Receives::ConnectionString}, {"redis-command", Receives::RedisCommand},
        {"keyword-values", Receives::KeywordValues}};
    bool known = false;
    for (auto [name, kind] : kKinds)
      if (spec.receives == name) {
        sink.receives = kind;
        known = true;
      }
    if (!known || spec.functions.empty()) {
      error = "api-sinks.yaml: sink of '" + (spec.functions.empty() ? std::string("?") : spec.functions[0]) +
              "': unknown receives '" + spec.receives + "' or no functions";
      return std::nullopt;
    }
    sink.arg = spec.arg;
    sink.what = spec.what;
    sink.option = spec.option;
    sink.optionArg = spec.optionArg;
    sink.valuesArg = spec.valuesArg;
    sink.consumer = spec.consumer;
    sink.handleArg = spec.handleArg;
    sink.consumerArg = spec.consumerArg;
    for (const std::string &fn : spec.functions) {
      sink.function = fn;
      table.sinks.push_back(sink);
    }
  }
  return table;
}

const ApiSinkTable &builtinApiSinks() {
  static const ApiSinkTable table = [] {
    std::string error;
    std::optional<ApiSinkTable> parsed = parseApiSinks(embedded::api_sinks(), error);
    if (!parsed) {
      llvm::errs() << "attest: internal error: " << error << "\n";
      std::abort();
    }
    return std::move(*parsed);
  }();
  return table;
}

}  // namespace attest::secrets
