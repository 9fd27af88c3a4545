// Whether an expression handed to a sink (a log call, a file write) carries a
// credential- or PII-named value, intra-procedurally, for logging-sensitive-data and
// storage-cleartext-sensitive-write. Built on SensitiveName (what is sensitive) and
// LocalFlow (what a local variable was written from), but stricter than findOrigin
// about what carries a value:
//   - a named declaration (`password`, `user.card_number`, `this->apiKey_`) or a
//     getter (`creds.token()`, `getPassword()`) whose name is sensitive;
//   - a header looked up by a sensitive name (`req.get_header_value("Authorization")`,
//     `headers["Cookie"]`) and variables named after those headers (`authHeader`);
//   - through local copies (`std::string p = password; ... p`), concatenation, string
//     construction, `c_str()`/`data()`/`substr()`, `fmt::format`, `std::move`,
//     `snprintf`/`strcpy` into a buffer, `oss << password`;
//   - never through a call that protects the value: its name says it encrypts, hashes,
//     masks, redacts, sanitizes... (`EVP_EncryptUpdate`, `crypto_secretbox_easy`,
//     `sha256_hex`, `mask(card)`, `redact(token)`); a local variable ever assigned from
//     such a call, or passed to one whose result is discarded (`mask_in_place(buf)`),
//     counts as protected everywhere in the function;
//   - never through measurements (`strlen`, `.size()`, `sizeof`), comparisons, bool or
//     enum values, or calls the helper does not know (their result is not the value).
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <optional>
#include <string>
#include <vector>

namespace attest {

struct SensitiveValue {
  const clang::NamedDecl *decl = nullptr;     // the sensitive declaration (variable, field, getter), or null for a header
  std::string what;                           // for messages: "'password'", "the Authorization header"
  unsigned kinds = 0;                         // SensitiveKind bits
  const clang::NamedDecl *through = nullptr;  // the local variable it was copied into, when it was
};

// The sensitive value `expr` carries (of one of `kinds`), following local variables of
// `body` up to `hops` deep. `body` may be null (no flow, the expression alone).
std::optional<SensitiveValue> sensitiveValueIn(const clang::Expr *expr, const clang::Stmt *body, unsigned kinds,
                                               clang::ASTContext &ctx, int hops = 3);

// A call whose name says it protects its input: encrypt, seal, hash, digest, hmac,
// mask, redact, sanitize, obfuscate, anonymize, scrub, tokenize, bcrypt/argon2/scrypt...
bool isProtectingCallName(llvm::StringRef name);

// A `<<` chain: `std::cerr << "user " << name << password`. `outermost` is false for
// the inner `<<` of a longer chain (handle each chain once, at its outermost `<<`).
struct StreamChain {
  const clang::Expr *root = nullptr;             // std::cerr, LogMessage(...).stream(), ofs
  std::vector<const clang::Expr *> operands;     // what is written, left to right
  bool outermost = true;
};
std::optional<StreamChain> streamChainOf(const clang::CXXOperatorCallExpr &op, clang::ASTContext &ctx);

// std::cout / std::cerr / std::clog (and wide forms): the stream's name, or empty.
std::string standardStreamName(const clang::Expr *expr);

// `stderr` / `stdout` (a FILE * of the C library): its name, or empty.
std::string standardFileName(const clang::Expr *expr);

}  // namespace attest
