// The table of API parameters that receive credentials or key material
// (rules/api-sinks.yaml). No Clang types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest::secrets {

enum class Receives { Password, Secret, UserPassword, Key, Iv, ConnectionString, RedisCommand, KeywordValues };

struct ApiSink {
  std::string function;
  unsigned arg = 0;
  Receives receives = Receives::Password;
  std::string what;            // the parameter, for messages
  std::string option;          // enumerator the option argument must be (curl_easy_setopt)
  unsigned optionArg = 1;
  unsigned valuesArg = 0;      // keyword-values: the values array
  std::string consumer;        // the handle must also reach this function
  unsigned handleArg = 0, consumerArg = 0;

  bool isKey() const { return receives == Receives::Key || receives == Receives::Iv; }
};

struct ApiSinkTable {
  std::vector<ApiSink> sinks;
  // Every sink of `function` (possibly several: key and iv of one call).
  std::vector<const ApiSink *> find(std::string_view function) const;
};

std::optional<ApiSinkTable> parseApiSinks(std::string_view yaml, std::string &error);
const ApiSinkTable &builtinApiSinks();

}  // namespace attest::secrets
