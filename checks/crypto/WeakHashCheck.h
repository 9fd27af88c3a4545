// crypto-weak-hash: MD2/MD4/MD5, SHA-1, RIPEMD-160, MDC-2 selected through OpenSSL
// (EVP_md5(), MD5(), MD5_Init, EVP_get_digestbyname/EVP_MD_fetch/EVP_Q_digest by name
// or NID), libgcrypt (GCRY_MD_*), Windows CryptoAPI (CryptCreateHash with CALG_*,
// CRYPT_ALGORITHM_IDENTIFIER.pszObjId = szOID_*), CNG (BCryptOpenAlgorithmProvider,
// CryptHashCertificate2) and Crypto++ (Weak::MD5, SHA1, RIPEMD160). A weak digest
// used as HMAC or as the OAEP/MGF1 hash is a note. A password-named value fed to any
// plain digest (weak or not) is an error: a fast hash is no password hash (CWE-916).
#pragma once
#include "checks/Check.h"

namespace attest::crypto {
class WeakHashCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkSelection(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkFeed(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkProjectDigest(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkOid(const clang::Expr &value, clang::ASTContext &ctx);
  void checkCryptoPP(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
};
}  // namespace attest::crypto
