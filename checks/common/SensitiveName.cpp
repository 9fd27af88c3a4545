#include "checks/common/SensitiveName.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

#include <algorithm>
#include <cctype>

namespace attest {
namespace {

// Sensitive words and fused compounds (the words of `api_key` joined are "apikey",
// so one table serves both spellings).
unsigned wordKinds(llvm::StringRef w) {
  return llvm::StringSwitch<unsigned>(w)
      .Cases("password", "passwords", "passwd", "pwd", "pw", "passphrase", kPassword)
      .Cases("passcode", "pincode", "userpassword", "adminpassword", "dbpassword", kPassword)
      .Cases("userpass", "adminpass", "dbpass", "rootpass", "loginpass", kPassword)
      .Cases("secret", "secrets", "token", "tokens", "credential", "credentials", "creds", kSecret)
      .Cases("apikey", "apikeys", "privatekey", "secretkey", "masterkey", "signingkey", kSecret)
      .Cases("bearer", "jwt", "accesstoken", "refreshtoken", "authtoken", "clientsecret", kSecret)
      // Keys that are a service's credential, not bare key material (a storage account key).
      .Cases("accountkey", "accesskey", "storagekey", "subscriptionkey", "secretaccesskey", kSecret)
      .Cases("key", "keys", "iv", "ivs", "nonce", "nonces", "salt", kKeyMaterial)
      .Cases("aeskey", "enckey", "mackey", "hmackey", "keymaterial", "symkey", "sessionkey", kKeyMaterial)
      .Cases("session", "sessionid", "sid", "sessid", "cookie", "csrf", "xsrf", kSession)
      .Cases("otp", "totp", "hotp", kOneTimeCode)
      .Cases("ssn", "creditcard", "cardnumber", "ccnumber", "cvv", "cvc", "cvv2", kPersonalData)
      .Cases("dob", "dateofbirth", "birthdate", "iban", "passportnumber", kPersonalData)
      // More regulated personal and financial data (ASVS V6.1.1-3): card PAN, national ids, accounts.
      .Cases("cardpan", "primaryaccountnumber", "socialsecuritynumber", "nationalid", "taxid", kPersonalData)
      .Cases("driverslicense", "driverlicense", "accountnumber", "bankaccount", "birthday", kPersonalData)
      .Cases("medicalrecord", "medicalrecords", "healthrecord", "diagnosis", "medical", kPersonalData)
      .Cases("zipcode", "postcode", "postalcode", "passport", "passports", kPersonalData)
      .Default(kSensitiveNone);
}

// `code` is a one-time secret after these words: verification code, reset code...
bool isOneTimeCodeQualifier(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("verification", "verify", "reset", "activation", "confirmation", "confirm", true)
      .Cases("auth", "mfa", "sms", "security", "recovery", "invite", "invitation", "pin", true)
      .Default(false);
}

// A `key` after these words is a lookup key, not key material.
bool isLookupKeyQualifier(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("cache", "sort", "map", "lookup", "hash", "primary", "foreign", "partition", true)
      .Cases("shard", "row", "dict", "table", "hot", "short", "registry", "reg", "env", true)
      .Cases("json", "config", "cfg", "ini", "index", "group", "bucket", "object", "obj", true)
      .Cases("s3", "redis", "search", "unique", "composite", "idempotency", "dedup", "join", true)
      .Cases("field", "column", "attr", "property", "prop", "node", "tree", "heap", "item", true)
      .Cases("entry", "element", "elem", "header", "query", "param", "metric", "event", "setting", true)
      .Cases("translation", "i18n", "locale", "routing", "route", "label", "dictionary", "lru", true)
      .Cases("public", "pub", "host", "verify", "verification", "peer", true)  // public keys are not secret
      .Default(false);
}

// A `key` followed by these words is a keyboard key or a name of something.
bool isKeyNonMaterialSuffix(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("code", "codes", "press", "pressed", "down", "up", "board", "stroke", "event", true)
      .Cases("binding", "bindings", "map", "name", "names", "value", "values", "id", "ids", true)
      .Cases("usage", "spec", "ref", "frame", "frames", "sym", "state", "mod", "modifier", true)
      .Default(false);
}

// A last word that makes the name about a secret rather than the secret.
bool isMetadataWord(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("len", "length", "lengths", "size", "sizes", "sz", "count", "cnt", "num", true)
      .Cases("idx", "index", "timeout", "ttl", "expiry", "expiration", "expires", "expire", "age", true)
      .Cases("lifetime", "type", "kind", "name", "label", "prompt", "hint", "policy", "field", true)
      .Cases("column", "col", "attr", "path", "file", "filename", "dir", "format", "fmt", true)
      .Cases("mode", "algorithm", "algo", "alg", "bits", "mask", "flag", "flags", "enabled", true)
      .Cases("required", "valid", "changed", "attempts", "retries", "tries", "max", "min", true)
      .Cases("limit", "strength", "complexity", "version", "ver", "offset", "pos", "position", true)
      .Cases("width", "height", "prefix", "suffix", "separator", "delimiter", "chars", "charset", true)
      .Cases("alphabet", "hash", "hashed", "digest", "encrypted", "masked", "redacted", "handle", true)
      .Cases("hashes", "digests", "hmac", "mac", "checksum", "fingerprint", "ciphertext", true)
      .Cases("url", "uri", "endpoint", "manager", "mgr", "factory", "provider", "callback", "cb", true)
      .Cases("store", "storage", "stats", "counter", "interval", "period", "location", "env", true)
      .Cases("id", "ids", "error", "err", "status", "result", "ok", "missing", "expired", true)
      // When it happened: session_time, token_timestamp, nonce_ts, password_changed_at.
      .Cases("time", "timestamp", "ts", "created", "updated", "date", "stamp", "deadline", "elapsed", true)
      .Cases("start", "started", "since", "until", "at", "last", "seconds", "secs", "msec", "usec", true)
      .Default(false);
}

// A first word that makes the name about a secret: numTokens, maxPasswordAge, isSecret.
bool isMetadataPrefix(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("num", "n", "max", "min", "count", "cnt", "cb", "cch", "len", true)
      .Cases("is", "has", "should", "can", "use", "enable", "enabled", "disable", "show", true)
      .Cases("hide", "validate", "check", "total", "hashed", "encrypted", "masked", "redacted", true)
      .Cases("obfuscated", "hidden", "no", "without", "need", "needs", "require", "requires", true)
      .Default(false);
}

// Hungarian and member prefixes that carry no meaning: m_token, kSecret, pbPassword.
bool isNoisePrefix(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("m", "k", "g", "s", "p", "sz", "psz", "lpsz", "pwsz", true)
      .Cases("lp", "pb", "the", "my", "a", "an", "this", "new", "cur", true)
      .Default(false);
}

// A `cookie` after these words routes requests to one backend (a load balancer's sticky
// session): it selects a server and authenticates nobody.
bool isRoutingCookieQualifier(llvm::StringRef w) {
  return llvm::StringSwitch<bool>(w)
      .Cases("affinity", "sticky", "stickiness", "route", "routing", "backend", "upstream", "lb", true)
      .Default(false);
}

bool isSessionIdPart(llvm::StringRef w) {
  return w == "id" || w == "ids" || w == "key" || w == "token" || w == "cookie";
}

// The words a fused lower-case name (`thepasswd`, `widepassword`, `userkey`) is split
// into: the sensitive words long enough not to occur by chance, and the words that are
// seen before or after them. A name is split only when these words make up all of it, so
// `monkey`, `turkey`, `tokenizer` and `passwordless` stay one (not sensitive) word, and
// `hotkey` splits into a lookup key.
bool isSegmentWord(llvm::StringRef w) {
  if (w.size() < 2) return false;
  if (wordKinds(w) && w.size() >= 3 && w != "pwd" && w != "sid" && w != "otp" && w != "ivs" && w != "dob" &&
      w != "ssn" && w != "cvv" && w != "cvc")
    return true;
  return isMetadataWord(w) || isMetadataPrefix(w) || isLookupKeyQualifier(w) || isKeyNonMaterialSuffix(w) ||
         llvm::StringSwitch<bool>(w)
             .Cases("the", "my", "new", "old", "cur", "current", "user", "admin", "root", "db", true)
             .Cases("wide", "account", "api", "access", "refresh", "auth", "client", "server", "master", true)
             .Cases("private", "signing", "login", "app", "service", "encryption", "enc", "aes", "default", true)
             .Cases("temp", "tmp", "plain", "clear", "raw", "input", "stored", "saved", "real", "priv", true)
             .Cases("shared", "static", "global", "local", "remote", "proxy", "smtp", "ftp", "ldap", "mysql", true)
             .Default(false);
}

// The split of `word` into isSegmentWord words with the fewest parts, with at least one
// sensitive part; empty when there is none.
std::vector<std::string> segmentFused(const std::string &word) {
  constexpr size_t kMaxFused = 40;
  size_t n = word.size();
  if (n < 5 || n > kMaxFused || wordKinds(word)) return {};
  // parts[i]: the fewest parts that make up word[0, i); from[i]: where the last one starts.
  std::vector<int> parts(n + 1, -1), from(n + 1, -1);
  parts[0] = 0;
  for (size_t end = 1; end <= n; ++end)
    for (size_t begin = 0; begin < end; ++begin)
      if (parts[begin] >= 0 && isSegmentWord(llvm::StringRef(word).slice(begin, end)) &&
          (parts[end] < 0 || parts[begin] + 1 < parts[end])) {
        parts[end] = parts[begin] + 1;
        from[end] = static_cast<int>(begin);
      }
  if (parts[n] < 2) return {};
  std::vector<std::string> pieces;
  for (size_t end = n; end > 0; end = static_cast<size_t>(from[end]))
    pieces.insert(pieces.begin(), word.substr(from[end], end - from[end]));
  bool sensitive = std::any_of(pieces.begin(), pieces.end(), [](const std::string &p) { return wordKinds(p) != 0; });
  return sensitive ? pieces : std::vector<std::string>{};
}

// identifierWords with fused lower-case words split (see segmentFused).
std::vector<std::string> nameWords(llvm::StringRef identifier) {
  std::vector<std::string> words;
  for (std::string &word : identifierWords(identifier)) {
    std::vector<std::string> pieces = segmentFused(word);
    if (pieces.empty()) words.push_back(std::move(word));
    else words.insert(words.end(), pieces.begin(), pieces.end());
  }
  return words;
}

// char *, char[N], std::string, std::string_view and the like: what a password is kept in.
bool isTextType(clang::QualType type) {
  type = type.getNonReferenceType();
  if (type->isPointerType() || type->isArrayType())
    return type->getPointeeOrArrayElementType()->isCharType();
  const clang::CXXRecordDecl *record = type->getAsCXXRecordDecl();
  if (!record || !record->getIdentifier()) return false;
  llvm::StringRef name = record->getName();
  return name == "basic_string" || name == "basic_string_view" || name == "QString" || name == "string";
}

}  // namespace

std::vector<std::string> identifierWords(llvm::StringRef identifier) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(current);
    current.clear();
  };
  for (size_t i = 0; i < identifier.size(); ++i) {
    unsigned char c = identifier[i];
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      unsigned char prev = identifier[i - 1];
      bool next_lower = i + 1 < identifier.size() && std::islower((unsigned char)identifier[i + 1]);
      if (std::isupper(c) && (std::islower(prev) || std::isdigit(prev))) flush();   // sessionToken
      else if (std::isupper(c) && std::isupper(prev) && next_lower) flush();        // APIKey
      else if (!std::isdigit(c) != !std::isdigit(prev)) flush();                     // key2, v2
    }
    current.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

SensitiveMatch classifyName(llvm::StringRef identifier) {
  SensitiveMatch match;
  std::vector<std::string> words = nameWords(identifier);
  size_t first = 0;
  while (first + 1 < words.size() && isNoisePrefix(words[first])) ++first;
  if (first >= words.size()) return match;
  if (isMetadataPrefix(words[first]) && words.size() - first > 1) return match;
  // `pan` alone (m_pan, kPan) is a card's primary account number; inside a longer name
  // it is usually a camera or audio pan (panX, panOffset), so only the whole name counts.
  if (words.size() - first == 1 && words[first] == "pan") return SensitiveMatch{kPersonalData, "pan"};
  // A word about the secret after it (passwordLength) makes the whole name metadata,
  // unless that word is itself the secret (sessionId is kept: see below).
  size_t n = words.size();
  for (size_t i = first; i < n; ++i) {
    const std::string &w = words[i];
    unsigned kinds = kSensitiveNone;
    std::string matched = w;
    // Compounds of two or three words first: api key, pass word, session id, date of birth.
    if (i + 2 < n && (kinds = wordKinds(w + words[i + 1] + words[i + 2]))) {
      matched = w + " " + words[i + 1] + " " + words[i + 2];
      i += 2;
    } else if (i + 1 < n && (kinds = wordKinds(w + words[i + 1]))) {
      matched = w + " " + words[i + 1];
      ++i;
    } else if (w == "code" && i > first && isOneTimeCodeQualifier(words[i - 1])) {
      kinds = kOneTimeCode;
      matched = words[i - 1] + " code";
    } else {
      kinds = wordKinds(w);
      if ((w == "key" || w == "keys") &&
          ((i > first && isLookupKeyQualifier(words[i - 1])) ||
           (i + 1 < n && isKeyNonMaterialSuffix(words[i + 1]))))
        kinds = kSensitiveNone;
      if ((w == "cookie" || w == "cookies") && i > first && isRoutingCookieQualifier(words[i - 1]))
        kinds = kSensitiveNone;
      // "session" followed by id/key/token is the session identifier itself.
      if (w == "session" && i + 1 < n && isSessionIdPart(words[i + 1])) {
        matched = "session " + words[i + 1];
        ++i;
      }
    }
    if (!kinds) continue;
    // A word about the value after it (tokenCount, keySize, passwordHash, and
    // password_file_tmp: the file of passwords, then a qualifier): metadata, unless the
    // match itself reaches the end (sessionId).
    if (i + 1 < n && std::any_of(words.begin() + i + 1, words.end(),
                                 [](const std::string &later) { return isMetadataWord(later); }))
      return SensitiveMatch{};
    match.kinds |= kinds;
    if (match.words.empty()) match.words = matched;
  }
  return match;
}

const clang::NamedDecl *designatedDecl(const clang::Expr *expr) {
  for (int depth = 0; expr && depth < 16; ++depth) {
    expr = expr->IgnoreParenCasts()->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) return ref->getDecl();
    if (const auto *member = llvm::dyn_cast<clang::MemberExpr>(expr)) return member->getMemberDecl();
    if (const auto *unary = llvm::dyn_cast<clang::UnaryOperator>(expr)) {
      if (unary->getOpcode() != clang::UO_AddrOf && unary->getOpcode() != clang::UO_Deref) return nullptr;
      expr = unary->getSubExpr();
      continue;
    }
    // key + i, buf - 1: the pointer operand.
    if (const auto *binary = llvm::dyn_cast<clang::BinaryOperator>(expr)) {
      if (!binary->isAdditiveOp()) return nullptr;
      if (binary->getLHS()->getType()->isPointerType() || binary->getLHS()->getType()->isArrayType())
        expr = binary->getLHS();
      else if (binary->getRHS()->getType()->isPointerType() || binary->getRHS()->getType()->isArrayType())
        expr = binary->getRHS();
      else
        return nullptr;
      continue;
    }
    if (const auto *subscript = llvm::dyn_cast<clang::ArraySubscriptExpr>(expr)) {
      expr = subscript->getBase();
      continue;
    }
    if (const auto *op = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr)) {
      clang::OverloadedOperatorKind kind = op->getOperator();
      if ((kind == clang::OO_Subscript || kind == clang::OO_Star || kind == clang::OO_Arrow) &&
          op->getNumArgs() >= 1) {
        expr = op->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *call = llvm::dyn_cast<clang::CXXMemberCallExpr>(expr)) {
      const clang::CXXMethodDecl *method = call->getMethodDecl();
      if (!method || !method->getIdentifier()) return nullptr;
      llvm::StringRef name = method->getName();
      if (name == "c_str" || name == "data" || name == "get" || name == "str" || name == "begin" ||
          name == "value" || name == "front" || name == "toStdString" || name == "constData") {
        expr = call->getImplicitObjectArgument();
        continue;
      }
      return nullptr;
    }
    if (const auto *construct = llvm::dyn_cast<clang::CXXConstructExpr>(expr)) {
      if (construct->getNumArgs() >= 1 && !llvm::isa<clang::CXXDefaultArgExpr>(construct->getArg(0))) {
        expr = construct->getArg(0);
        continue;
      }
      return nullptr;
    }
    return nullptr;
  }
  return nullptr;
}

SensitiveMatch classifyExpr(const clang::Expr *expr) {
  const clang::NamedDecl *decl = designatedDecl(expr);
  return decl ? classifyDecl(*decl) : SensitiveMatch{};
}

SensitiveMatch classifyDecl(const clang::NamedDecl &declRef) {
  const clang::NamedDecl *decl = &declRef;
  if (!decl->getIdentifier()) return {};
  // `struct passwd *pw` is a user-database entry (getpwnam), not a password.
  if (const auto *value = llvm::dyn_cast<clang::ValueDecl>(decl)) {
    clang::QualType type = value->getType();
    if (type->isPointerType()) type = type->getPointeeType();
    if (const auto *record = type->getAsRecordDecl())
      if (record->getIdentifier() && (record->getName() == "passwd" || record->getName() == "spwd"))
        return {};
  }
  if (SensitiveMatch match = classifyName(decl->getName())) return match;
  // `pass` alone (a struct's `pass`, `m_pass`) holding text is a password; a number named
  // `pass` counts the passes of a loop, and inside a longer name it is usually a pass of an
  // algorithm (renderPass).
  if (const auto *value = llvm::dyn_cast<clang::ValueDecl>(decl); value && isTextType(value->getType())) {
    std::vector<std::string> words = identifierWords(decl->getName());
    size_t first = 0;
    while (first + 1 < words.size() && isNoisePrefix(words[first])) ++first;
    if (first + 1 == words.size() && words[first] == "pass") return SensitiveMatch{kPassword, "pass"};
  }
  return {};
}

std::string describeKinds(unsigned kinds) {
  if (kinds & kPassword) return "password";
  if (kinds & kSecret) return "secret";
  if (kinds & kOneTimeCode) return "one-time code";
  if (kinds & kSession) return "session identifier";
  if (kinds & kKeyMaterial) return "key material";
  if (kinds & kPersonalData) return "personal data";
  return "value";
}

}  // namespace attest
