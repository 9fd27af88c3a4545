// Whether an identifier names a credential, key material or personal data, from the
// words it is made of: `sessionToken`, `session_token`, `SESSION_TOKEN`, `kSessionToken`
// and `m_sessionToken` are all the words {session, token}. Whole words only, so
// `keyboard`, `monkey`, `tokenizer` and `passage` are not sensitive.
//
// A name that is about a secret rather than the secret itself is not sensitive:
// its last word says so (`passwordLength`, `tokenCount`, `keySize`, `sessionTimeout`,
// `saltLen`), or its first one does (`numTokens`, `maxPasswordAge`). A `key` that is
// a lookup key (`cacheKey`, `sortKey`, `mapKey`, `keyCode`, `keyPress`) is not key material.
//
// Shared by crypto-insecure-random, crypto-weak-hash and the secrets, storage and
// logging rules; see SensitiveKind for the categories.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class Expr;
class NamedDecl;
}  // namespace clang

namespace attest {

enum SensitiveKind : unsigned {
  kSensitiveNone = 0,
  kPassword = 1u << 0,    // password, passwd, pwd, passphrase, pin (password-like secrets a user knows)
  kSecret = 1u << 1,      // secret, token, credential(s), api key, private key, auth, bearer
  kKeyMaterial = 1u << 2, // key, iv, nonce, salt, seed, (symmetric/private) key material
  kSession = 1u << 3,     // session (id), sid, cookie, csrf
  kOneTimeCode = 1u << 4, // otp, totp, hotp, verification/reset/activation code
  kPersonalData = 1u << 5,// ssn, credit card / card number / pan, cvv, dob, iban, national/tax id,
                          // driver's license, bank account number, medical record
};

// The categories a crypto random value must not feed: everything but personal data.
constexpr unsigned kSecurityValue = kPassword | kSecret | kKeyMaterial | kSession | kOneTimeCode;
// What must not be logged or written in clear text.
constexpr unsigned kCredentialOrPii = kPassword | kSecret | kKeyMaterial | kSession | kOneTimeCode | kPersonalData;

struct SensitiveMatch {
  unsigned kinds = kSensitiveNone;  // SensitiveKind bits
  std::string words;                // the word(s) that matched, e.g. "session id", "password"
  explicit operator bool() const { return kinds != kSensitiveNone; }
};

// Lower-case word parts of an identifier: "m_APIKeyV2" -> {"m", "api", "key", "v", "2"}.
std::vector<std::string> identifierWords(llvm::StringRef identifier);

// The sensitive categories of an identifier, or kinds == 0.
SensitiveMatch classifyName(llvm::StringRef identifier);

// The declaration an expression designates for naming purposes: `password`,
// `user.password`, `creds->token`, `password.c_str()`, `password.data()`, `&key[0]`,
// `(const unsigned char *)pw`, `*secret`, `token[i]`, `key + 4`. Null when there is none.
const clang::NamedDecl *designatedDecl(const clang::Expr *expr);

// classifyName of a declaration's name; a `struct passwd`/`struct spwd` (a user
// database entry from getpwnam, not a password) is never sensitive.
SensitiveMatch classifyDecl(const clang::NamedDecl &decl);

// classifyDecl of designatedDecl(expr), or no match.
SensitiveMatch classifyExpr(const clang::Expr *expr);

// A short human name of a SensitiveKind set: "password", "secret", "key material", ...
std::string describeKinds(unsigned kinds);

}  // namespace attest
