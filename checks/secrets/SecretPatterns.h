// The secret pattern catalog (rules/secret-patterns.yaml) and what decides whether a
// value is a secret at all: placeholders, entropy, credential-looking values.
// No Clang types: shared by the secrets check and the config-file scan (driver/TextFileScan).
#pragma once

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace attest::secrets {

constexpr const char *kTokenRule = "secrets-hardcoded-token";
constexpr const char *kCredentialRule = "secrets-hardcoded-credential";
constexpr const char *kCryptoKeyRule = "secrets-hardcoded-crypto-key";

// What the value of a keyword pattern (generic-api-key, generic-password) must look like.
enum class ValueShape { Any, Generic, Password };

struct SecretPattern {
  std::string id, description, rule;
  ValueShape shape = ValueShape::Any;
  std::vector<std::string> keywords;  // lower case
  double entropy = 0;
  int secretGroup = 0, nameGroup = 0;
  bool inLiterals = true, inFiles = true;
  std::shared_ptr<re2::RE2> regex, context;
};

struct PatternMatch {
  const SecretPattern *pattern = nullptr;
  std::string secret;  // the value to redact and report (masked)
  std::string name;    // the key name for nameGroup patterns
  size_t offset = 0;   // of the secret in the scanned text
};

enum class ScanScope { Literal, File };

class PatternCatalog {
public:
  std::vector<SecretPattern> patterns;

  // Every secret in `text`, each once, in order of position. Keywords are checked
  // before any regex runs. `requireContext` false ignores the patterns' context
  // regexes (the text is already known to be a connection string).
  std::vector<PatternMatch> scan(std::string_view text, ScanScope scope, bool requireContext = true) const;

  // Empty, all one character, a listed placeholder (changeme, <password>, ${DB_PASSWORD},
  // %s, REDACTED, an environment variable name...).
  bool isPlaceholder(std::string_view value) const;

  std::vector<std::string> exact, contains;            // lower case
  std::vector<std::shared_ptr<re2::RE2>> templates, regexes;
};

// Parses and compiles a catalog; nullopt with `error` ("secret-patterns.yaml: ...") on failure.
std::optional<PatternCatalog> parsePatternCatalog(std::string_view yaml, std::string &error);

// The catalog compiled into the binary (parsed once, thread-safe; aborts if broken,
// which the tests catch first).
const PatternCatalog &builtinPatterns();

// The byte ranges [begin, end) of every match of every pattern of the built-in catalog
// in `text` (literal and file patterns both), appended to `out`: what the scanner masks
// in source snippets besides the values checks registered (a token in a comment).
void appendPatternSpans(std::string_view text, std::vector<std::pair<size_t, size_t>> &out);

// Shannon entropy in bits per character.
double shannonEntropy(std::string_view text);

// What a credential-named variable/field/parameter or key can hold and still not be a
// secret: a placeholder, a message or prompt ("Enter password:"), a path, a URL, the
// name of a field or variable ("password", "X-Api-Key", "DB_PASSWORD"). `kinds` is the
// SensitiveKind set of the name: a token-like name needs a token-like value.
bool isCredentialValue(std::string_view value, unsigned kinds, const PatternCatalog &catalog);

// A value found only by its keyword (`service key: …`, `password=…`) that looks like a
// secret of `shape`: not an identifier (`this.mPassword`), a path, a URL without
// credentials, a version or a word; mixed characters (Generic: a digit, or 24 or more
// characters of three classes; Password: a digit or a symbol).
bool isKeywordSecretValue(std::string_view value, ValueShape shape);

// Long, mixed and random-looking (an encoded key or token rather than a word).
bool looksRandom(std::string_view value);

// The credential kinds (kPassword | kSecret | kKeyMaterial other than iv/nonce/salt) of a
// name, or 0: `dbPassword` yes, `password_hash_column`, `kPasswordMinLength`, `ivLen` no.
unsigned credentialKinds(llvm::StringRef name);

}  // namespace attest::secrets
