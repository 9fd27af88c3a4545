#include "checks/secrets/SecretPatterns.h"
#include "checks/common/SensitiveName.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace attest {
namespace embedded {
std::string_view secret_patterns();
}

namespace secrets {
namespace {
struct PatternSpec {
  std::string id, description, regex, context, rule, where, value;
  std::vector<std::string> keywords;
  double entropy = 0;
  int secretGroup = 0, nameGroup = 0;
};
struct PlaceholderSpec {
  std::vector<std::string> exact, contains, templates, regexes;
};
struct PatternDoc {
  int version = 0;
  std::vector<PatternSpec> patterns;
  PlaceholderSpec placeholders;
};
}  // namespace
}  // namespace secrets
}  // namespace attest

LLVM_YAML_IS_SEQUENCE_VECTOR(attest::secrets::PatternSpec)

namespace llvm::yaml {
template <> struct MappingTraits<attest::secrets::PatternSpec> {
  static void mapping(IO &io, attest::secrets::PatternSpec &p) {
    io.mapRequired("id", p.id);
    io.mapRequired("description", p.description);
    io.mapRequired("regex", p.regex);
    io.mapOptional("keywords", p.keywords);
    io.mapOptional("secretGroup", p.secretGroup);
    io.mapOptional("nameGroup", p.nameGroup);
    io.mapOptional("entropy", p.entropy);
    io.mapOptional("context", p.context);
    io.mapOptional("rule", p.rule);
    io.mapOptional("where", p.where);
    io.mapOptional("value", p.value);
  }
};
template <> struct MappingTraits<attest::secrets::PlaceholderSpec> {
  static void mapping(IO &io, attest::secrets::PlaceholderSpec &p) {
    io.mapOptional("exact", p.exact);
    io.mapOptional("contains", p.contains);
    io.mapOptional("templates", p.templates);
    io.mapOptional("regexes", p.regexes);
  }
};
template <> struct MappingTraits<attest::secrets::PatternDoc> {
  static void mapping(IO &io, attest::secrets::PatternDoc &d) {
    io.mapRequired("version", d.version);
    io.mapRequired("patterns", d.patterns);
    io.mapRequired("placeholders", d.placeholders);
  }
};
}  // namespace llvm::yaml

namespace attest::secrets {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::shared_ptr<re2::RE2> compile(const std::string &text, std::string &error, const std::string &where) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(false);
  auto re = std::make_shared<re2::RE2>(text, options);
  if (!re->ok()) {
    error = "secret-patterns.yaml: " + where + ": bad regex: " + re->error();
    return nullptr;
  }
  return re;
}

bool allSameCharacter(std::string_view value) {
  return !value.empty() && value.find_first_not_of(value[0]) == std::string_view::npos;
}

bool isPathLike(std::string_view v) {
  llvm::StringRef s(v.data(), v.size());
  if (s.starts_with("/") || s.starts_with("./") || s.starts_with("../") || s.starts_with("~/") ||
      s.starts_with("file:") || s.starts_with("\\\\"))
    return true;
  if (s.size() > 2 && std::isalpha(static_cast<unsigned char>(s[0])) && s[1] == ':' && (s[2] == '\\' || s[2] == '/'))
    return true;  // a Windows drive path
  static const char *const kExtensions[] = {".pem", ".key", ".crt", ".cer", ".txt", ".json", ".yaml", ".yml",
                                            ".conf", ".cfg", ".ini", ".env", ".p12", ".pfx", ".der", ".jks"};
  std::string l = lower(v);
  for (const char *ext : kExtensions)
    if (llvm::StringRef(l).ends_with(ext)) return true;
  return false;
}

bool isUrlWithoutCredentials(std::string_view v) {
  size_t scheme = v.find("://");
  if (scheme == std::string_view::npos || scheme == 0 || scheme > 20) return false;
  for (size_t i = 0; i < scheme; ++i)
    if (!std::isalnum(static_cast<unsigned char>(v[i])) && v[i] != '+' && v[i] != '.' && v[i] != '-') return false;
  std::string_view rest = v.substr(scheme + 3);
  std::string_view authority = rest.substr(0, rest.find('/'));
  return authority.find('@') == std::string_view::npos;
}

// An identifier that names a field, a header or a variable ("password", "X-Api-Key",
// "DB_PASSWORD", "auth.token", "clientSecret") rather than holding a secret: one of the
// usual spellings of a name (snake, kebab, dotted, camel, Header-Case, UPPER), without
// digits, with a credential word in it. "Password123" and "Fixture-Pw5" are values.
bool isCredentialFieldName(std::string_view v) {
  static const re2::RE2 kSpellings(
      "[a-z]+(?:[_.-][a-z]+)*|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]*(?:-[A-Z][a-z]*)*|[A-Z]+(?:[_.-][A-Z]+)*");
  if (!re2::RE2::FullMatch(re2::StringPiece(v.data(), v.size()), kSpellings)) return false;
  for (const std::string &w : identifierWords(llvm::StringRef(v.data(), v.size())))
    if (classifyName(w)) return true;
  return static_cast<bool>(classifyName(llvm::StringRef(v.data(), v.size())));
}

unsigned characterClasses(std::string_view v) {
  bool lowerCase = false, upperCase = false, digit = false, other = false;
  for (unsigned char c : v) {
    if (std::islower(c)) lowerCase = true;
    else if (std::isupper(c)) upperCase = true;
    else if (std::isdigit(c)) digit = true;
    else other = true;
  }
  return lowerCase + upperCase + digit + other;
}

}  // namespace

double shannonEntropy(std::string_view text);

namespace {
// The entropy a value must reach. A token format's floor is fixed; a value found by its
// keyword alone may be short or hex, whose entropy is bounded by log2 of its length and of
// its alphabet (16 hex characters cannot reach 3.5 bits): three quarters of that bound,
// at most the pattern's floor.
double entropyFloor(const SecretPattern &p, std::string_view v) {
  if (p.shape == ValueShape::Any) return p.entropy;
  bool hex = std::all_of(v.begin(), v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  double alphabet = hex ? 16 : 64;
  return std::min(p.entropy, 0.75 * std::log2(std::min<double>(static_cast<double>(v.size()), alphabet)));
}
}  // namespace

double shannonEntropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<unsigned, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double entropy = 0, n = static_cast<double>(text.size());
  for (unsigned count : counts)
    if (count) {
      double p = count / n;
      entropy -= p * std::log2(p);
    }
  return entropy;
}

bool looksRandom(std::string_view v) {
  if (v.size() < 16) return false;
  for (unsigned char c : v)
    if (std::isspace(c)) return false;
  return characterClasses(v) >= 2 && shannonEntropy(v) >= 3.0;
}

bool isKeywordSecretValue(std::string_view v, ValueShape shape) {
  if (shape == ValueShape::Any) return true;
  if (v.size() < 8 || isPathLike(v) || v.find("://") != std::string_view::npos) return false;
  re2::StringPiece piece(v.data(), v.size());
  // An identifier, a dotted or dashed name, words: `this.mPassword`, `axis._maxTicksKey`,
  // `Content-Security-Policy`.
  static const re2::RE2 kIdentifier("[A-Za-z_.-]+");
  // A version: `1.2.3`, `v2.0.1-beta.4`.
  static const re2::RE2 kVersion("v?[0-9]+(?:\\.[0-9]+)+(?:[-+.][0-9A-Za-z.]+)?");
  // The next entry of the text: `password= dbname=app` has an empty password.
  static const re2::RE2 kNextEntry("[A-Za-z_][A-Za-z0-9_]*=[^=]");
  if (re2::RE2::FullMatch(piece, kIdentifier) || re2::RE2::FullMatch(piece, kVersion)) return false;
  if (re2::RE2::Consume(&piece, kNextEntry)) return false;
  unsigned classes = characterClasses(v);
  bool digit = std::any_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  bool letter = std::any_of(v.begin(), v.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (!letter || classes < 2) return false;
  if (shape == ValueShape::Password) return digit || classes >= 3;
  return digit || (v.size() >= 24 && classes >= 3);
}

bool PatternCatalog::isPlaceholder(std::string_view value) const {
  std::string_view v = value;
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  if (v.empty() || allSameCharacter(v)) return true;
  std::string l = lower(v);
  for (const std::string &e : exact)
    if (l == e) return true;
  for (const std::string &c : contains)
    if (l.find(c) != std::string::npos) return true;
  re2::StringPiece piece(v.data(), v.size());
  for (const auto &re : templates)
    if (re2::RE2::PartialMatch(piece, *re)) return true;
  for (const auto &re : regexes)
    if (re2::RE2::FullMatch(piece, *re)) return true;
  return false;
}

// Last words that SensitiveName does not treat as metadata but that, for a string
// constant, say it holds something about the secret: a validation regex, a UI text, a
// query, a header or parameter name, a template.
bool isTextAboutSecret(llvm::StringRef word) {
  static const char *const kWords[] = {"regex", "regexp", "pattern", "re", "validator", "rule", "rules",
                                       "message", "msg", "text", "title", "tooltip", "description", "desc",
                                       "help", "query", "sql", "stmt", "statement", "param", "parameter",
                                       "header", "placeholder", "template", "tmpl", "question", "delimiters",
                                       "separators", "var", "variable", "issuer", "audience", "scheme", "scope",
                                       "scopes", "grant", "claim", "claims", "realm",
                                       // names a key rather than holding it: authorityKeyIdentifier
                                       // (openssl.cnf, X.509), keyIdentifier, signing_key_identifier
                                       "identifier", "identifiers"};
  for (const char *w : kWords)
    if (word == w) return true;
  return false;
}

// `passwd: files` in nsswitch.conf names the user database and where it is looked up
// (glibc NSS services), not a password.
static bool isNssDatabaseEntry(llvm::StringRef name, std::string_view value) {
  if (!name.equals_insensitive("passwd") && !name.equals_insensitive("shadow") && !name.equals_insensitive("gshadow"))
    return false;
  static const char *const kServices[] = {"files", "compat", "db", "nis", "nisplus", "ldap", "sss", "systemd",
                                          "winbind", "extrausers", "cache", "dns", "hesiod", "altfiles", "mymachines"};
  std::string l = lower(value);
  for (const char *service : kServices)
    if (l == service) return true;
  return false;
}

unsigned credentialKinds(llvm::StringRef name) {
  std::vector<std::string> words = identifierWords(name);
  if (words.size() > 1 && isTextAboutSecret(words.back())) return 0;
  SensitiveMatch match = classifyName(name);
  unsigned kinds = match.kinds & (kPassword | kSecret | kKeyMaterial);
  if (kinds == kKeyMaterial) {
    // A hard-coded salt, nonce or IV is a different weakness (predictable IV, CWE-329),
    // reported at a cipher call by secrets-hardcoded-crypto-key, not by the name.
    llvm::StringRef words(match.words);
    if (words == "iv" || words == "ivs" || words == "nonce" || words == "nonces" || words == "salt") return 0;
  }
  return kinds;
}

bool isCredentialValue(std::string_view value, unsigned kinds, const PatternCatalog &catalog) {
  if (value.size() < 4 || catalog.isPlaceholder(value)) return false;
  if (isPathLike(value) || isUrlWithoutCredentials(value) || isCredentialFieldName(value)) return false;
  // A message, prompt or query: several words, or a trailing ':' / '?'.
  unsigned spaces = 0;
  for (char c : value) spaces += c == ' ' || c == '\n' || c == '\t';
  if (spaces >= 2 || value.back() == ':' || value.back() == '?' || value.back() == '\n') return false;
  if (kinds & kPassword) return true;
  // A token, secret or key: a single lower-case word is a lexer token, a mode, a header
  // name ("identifier", "refresh"), not a credential.
  if (spaces) return false;
  if (value.size() < 8) return false;
  bool lowerWord = std::all_of(value.begin(), value.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.' || c == '/';
  });
  if (lowerWord) return false;
  if ((kinds & (kSecret | kPassword)) == 0) return looksRandom(value);  // key material by name only
  return characterClasses(value) >= 2 || shannonEntropy(value) >= 3.0;
}

std::vector<PatternMatch> PatternCatalog::scan(std::string_view text, ScanScope scope, bool requireContext) const {
  std::vector<PatternMatch> matches;
  if (text.size() < 8) return matches;
  std::string l = lower(text);
  re2::StringPiece input(text.data(), text.size());
  for (const SecretPattern &p : patterns) {
    if (scope == ScanScope::Literal ? !p.inLiterals : !p.inFiles) continue;
    if (!p.keywords.empty() &&
        std::none_of(p.keywords.begin(), p.keywords.end(),
                     [&](const std::string &k) { return l.find(k) != std::string::npos; }))
      continue;
    if (requireContext && p.context && !re2::RE2::PartialMatch(input, *p.context)) continue;
    int groups = 1 + p.regex->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> found(groups);
    size_t pos = 0;
    while (pos <= text.size() &&
           p.regex->Match(input, pos, text.size(), re2::RE2::UNANCHORED, found.data(), groups)) {
      size_t matchEnd = static_cast<size_t>(found[0].data() - text.data()) + found[0].size();
      pos = std::max(matchEnd, pos + 1);
      const re2::StringPiece &secret = found[p.secretGroup];
      if (secret.data() == nullptr || secret.empty()) continue;
      std::string_view value(secret.data(), secret.size());
      if (isPlaceholder(value)) continue;
      if (p.entropy > 0 && shannonEntropy(value) < entropyFloor(p, value)) continue;
      std::string name;
      if (p.nameGroup) {
        name = std::string(found[p.nameGroup].data(), found[p.nameGroup].size());
        unsigned kinds = credentialKinds(name);
        // `pass=` in a literal (`login=ops pass=...`): SensitiveName leaves the word alone
        // (a compiler pass, a test verdict); the password pattern's separator says more.
        if (!kinds && p.shape == ValueShape::Password) {
          std::vector<std::string> words = identifierWords(name);
          if (!words.empty() && words.back() == "pass") kinds = kPassword;
        }
        if (!kinds || !isCredentialValue(value, kinds, *this) || isNssDatabaseEntry(name, value)) continue;
      }
      if (!isKeywordSecretValue(value, p.shape)) continue;
      size_t offset = static_cast<size_t>(secret.data() - text.data());
      bool overlaps = std::any_of(matches.begin(), matches.end(), [&](const PatternMatch &m) {
        return offset < m.offset + m.secret.size() && m.offset < offset + value.size();
      });
      if (overlaps) continue;
      matches.push_back({&p, std::string(value), name, offset});
    }
  }
  std::sort(matches.begin(), matches.end(), [](auto &a, auto &b) { return a.offset < b.offset; });
  return matches;
}

void appendPatternSpans(std::string_view text, std::vector<std::pair<size_t, size_t>> &out) {
  for (ScanScope scope : {ScanScope::Literal, ScanScope::File})
    for (const PatternMatch &m : builtinPatterns().scan(text, scope))
      out.push_back({m.offset, m.offset + m.secret.size()});
}

std::optional<PatternCatalog> parsePatternCatalog(std::string_view yaml, std::string &error) {
  std::string diagnostics;
  llvm::raw_string_ostream diagStream(diagnostics);
  auto handler = [](const llvm::SMDiagnostic &diag, void *ctx) {
    diag.print(nullptr, *static_cast<llvm::raw_string_ostream *>(ctx), /*ShowColors=*/false);
  };
  PatternDoc doc;
  llvm::yaml::Input in(llvm::MemoryBufferRef(llvm::StringRef(yaml.data(), yaml.size()), "secret-patterns.yaml"),
                       nullptr, handler, &diagStream);
  in >> doc;
  if (in.error()) {
    error = diagnostics.empty() ? "secret-patterns.yaml: invalid" : diagnostics;
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return std::nullopt;
  }
  if (doc.version != 1) {
    error = "secret-patterns.yaml: unsupported version";
    return std::nullopt;
  }
  PatternCatalog catalog;
  for (PatternSpec &spec : doc.patterns) {
    std::string where = "pattern '" + spec.id + "'";
    if (std::any_of(catalog.patterns.begin(), catalog.patterns.end(),
                    [&](const SecretPattern &p) { return p.id == spec.id; })) {
      error = "secret-patterns.yaml: " + where + ": duplicate id";
      return std::nullopt;
    }
    SecretPattern p;
    p.id = spec.id;
    p.description = spec.description;
    p.rule = spec.rule.empty() ? kTokenRule : spec.rule;
    if (p.rule != kTokenRule && p.rule != kCredentialRule) {
      error = "secret-patterns.yaml: " + where + ": rule must be " + kTokenRule + " or " + kCredentialRule;
      return std::nullopt;
    }
    if (!(p.regex = compile(spec.regex, error, where))) return std::nullopt;
    if (!spec.context.empty() && !(p.context = compile(spec.context, error, where + " context"))) return std::nullopt;
    int groups = p.regex->NumberOfCapturingGroups();
    if (spec.secretGroup < 0 || spec.secretGroup > groups || spec.nameGroup < 0 || spec.nameGroup > groups) {
      error = "secret-patterns.yaml: " + where + ": secretGroup/nameGroup beyond the regex's groups";
      return std::nullopt;
    }
    p.secretGroup = spec.secretGroup;
    p.nameGroup = spec.nameGroup;
    p.entropy = spec.entropy;
    for (const std::string &k : spec.keywords) p.keywords.push_back(lower(k));
    if (spec.value == "generic") p.shape = ValueShape::Generic;
    else if (spec.value == "password") p.shape = ValueShape::Password;
    else if (!spec.value.empty()) {
      error = "secret-patterns.yaml: " + where + ": value must be generic or password";
      return std::nullopt;
    }
    if (spec.where == "literal") p.inFiles = false;
    else if (spec.where == "file") p.inLiterals = false;
    else if (!spec.where.empty() && spec.where != "both") {
      error = "secret-patterns.yaml: " + where + ": where must be literal, file or both";
      return std::nullopt;
    }
    catalog.patterns.push_back(std::move(p));
  }
  for (const std::string &e : doc.placeholders.exact) catalog.exact.push_back(lower(e));
  for (const std::string &c : doc.placeholders.contains) catalog.contains.push_back(lower(c));
  for (const std::string &t : doc.placeholders.templates) {
    auto re = compile(t, error, "placeholder template '" + t + "'");
    if (!re) return std::nullopt;
    catalog.templates.push_back(re);
  }
  for (const std::string &r : doc.placeholders.regexes) {
    auto re = compile(r, error, "placeholder regex '" + r + "'");
    if (!re) return std::nullopt;
    catalog.regexes.push_back(re);
  }
  return catalog;
}

const PatternCatalog &builtinPatterns() {
  static const PatternCatalog catalog = [] {
    std::string error;
    std::optional<PatternCatalog> parsed = parsePatternCatalog(embedded::secret_patterns(), error);
    if (!parsed) {
      llvm::errs() << "attest: internal error: " << error << "\n";
      std::abort();
    }
    return std::move(*parsed);
  }();
  return catalog;
}

}  // namespace attest::secrets
