// crypto-insecure-random: a value from a predictable generator -- rand(), random(),
// the *rand48 family, std::rand, or a std:: (or boost::random) engine such as
// std::mt19937(_64), std::minstd_rand, std::default_random_engine, called directly or
// through a distribution -- that reaches something security-named (token, nonce, salt,
// key, iv, session, password, otp, secret: checks/common/SensitiveName) or a crypto
// API parameter (a parameter so named, e.g. EVP_EncryptInit_ex's key/iv, or
// RAND_seed/RAND_add). Intra-procedural: through arithmetic, casts, indexing
// (`alphabet[rand() % 62]`), local variables, `+=`/append/push_back/<<, memcpy/snprintf
// into a buffer, std::generate over a container, and the return of a function whose
// name is security-named. A function that only returns such a value (`int
// randomInt(int n) { return rand() % n; }`) makes its callers sources, one level deep.
// Simulation, jitter, sampling and shuffling stay quiet; std::random_device,
// RAND_bytes, getrandom, CryptGenRandom and BCryptGenRandom are never sources. The clock
// and the process id (time(), clock(), getpid(), GetTickCount()) are sources too: a nonce or
// token built from them is guessed within a few tries. RAND_pseudo_bytes() is a warning.
#pragma once
#include "checks/Check.h"

#include <vector>

namespace attest::crypto {
class InsecureRandomCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Source {
    const clang::Expr *expr;
    std::string generator;  // "rand()", "std::mt19937", "time()"
    bool clock = false;     // time(), clock(), getpid(): guessable, not pseudo-random
  };
  std::vector<Source> sources_;
  std::vector<const clang::CallExpr *> timeSeeds_;  // srand(time(...))
  clang::ASTContext *ctx_ = nullptr;
};
}  // namespace attest::crypto
