// crypto-weak-key: RSA, DSA and DH keys or parameters below 2048 bits (OpenSSL
// RSA_generate_key_ex, EVP_RSA_gen, EVP_PKEY_CTX_set_rsa_keygen_bits,
// DSA/DH_generate_parameters_ex, EVP_PKEY_CTX_set_dsa_paramgen_bits/_dh_paramgen_prime_len,
// DH group names; Windows CryptGenKey key length in the upper 16 bits of dwFlags,
// BCryptGenerateKeyPair on an RSA/DSA/DH provider; Crypto++ GenerateRandomWithKeySize /
// Initialize(rng, bits); libgcrypt "(genkey (rsa (nbits ...)))"), elliptic curves below
// 224 bits (EC_KEY_new_by_curve_name, EC_GROUP_new_by_curve_name, EVP_EC_gen,
// EVP_PKEY_CTX_set_ec_paramgen_curve_nid, EVP_PKEY_CTX_set_group_name, Crypto++
// ASN1::secp160r1(), libgcrypt "(curve ...)"), and PBKDF2 iteration counts below
// the OWASP minimum for the PRF: an error below 10,000, a warning below 1,300,000
// (HMAC-SHA1), 600,000 (HMAC-SHA256, or when the PRF is unknown) or 210,000
// (HMAC-SHA512) (PKCS5_PBKDF2_HMAC(_SHA1), BCryptDeriveKeyPBKDF2, gcry_kdf_derive,
// Crypto++ PKCS5_PBKDF2_HMAC<H>::DeriveKey).
#pragma once
#include "checks/Check.h"

namespace attest::crypto {
class WeakKeyCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCall(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkKeyBits(const clang::CallExpr &call, const clang::Expr *bitsArg, const std::string &algorithm,
                    const std::string &library, clang::ASTContext &ctx, int64_t shift = 0);
  void checkCurveNid(const clang::CallExpr &call, const clang::Expr *nidArg, clang::ASTContext &ctx);
  void checkCurveName(const clang::CallExpr &call, const clang::Expr *nameArg, const std::string &library,
                      clang::ASTContext &ctx);
  void checkIterations(const clang::CallExpr &call, const clang::Expr *iterArg, const std::string &prf,
                       const std::string &library, clang::ASTContext &ctx);
  void checkSexp(const clang::CallExpr &call, const clang::Expr *formatArg, clang::ASTContext &ctx);
};
}  // namespace attest::crypto
