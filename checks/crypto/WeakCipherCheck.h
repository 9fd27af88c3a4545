// crypto-weak-cipher: DES, Triple DES, RC2, RC4, RC5, Blowfish, IDEA, CAST5, the
// null cipher and ECB mode through OpenSSL (EVP_des_ede3_cbc(), EVP_aes_128_ecb(),
// RC4_set_key, AES_ecb_encrypt, EVP_CIPHER_fetch/EVP_get_cipherbyname by name),
// libgcrypt (gcry_cipher_open), Windows CryptoAPI (CryptGenKey/CryptDeriveKey with
// CALG_*, KP_MODE = CRYPT_MODE_ECB, szOID_* content-encryption OIDs), CNG
// (BCryptOpenAlgorithmProvider names, BCRYPT_CHAIN_MODE_ECB) and Crypto++ classes;
// and RSA encryption without OAEP (CWE-780): RSA_PKCS1_PADDING/RSA_NO_PADDING for
// RSA_public_encrypt/RSA_private_decrypt or an EVP encrypt/decrypt context,
// CryptEncrypt on an RSA key without CRYPT_OAEP, BCRYPT_PAD_PKCS1, NCRYPT_PAD_PKCS1_FLAG,
// Crypto++ RSAES_PKCS1v15_*. 64-bit-block ciphers (Triple DES, Blowfish, IDEA, CAST5)
// are warnings, the rest errors.
#pragma once
#include "checks/Check.h"

namespace attest::crypto {
class WeakCipherCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCall(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkOid(const clang::Expr &value, clang::ASTContext &ctx);
  void checkCryptoPP(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
  void reportCipher(const clang::Stmt &at, clang::ASTContext &ctx, const std::string &what,
                    const std::string &algorithm, const std::string &library, bool runtimeChoice,
                    const clang::NamedDecl *origin);
  void reportPadding(const clang::Stmt &at, clang::ASTContext &ctx, const std::string &message,
                     const std::string &library, const clang::NamedDecl *origin);
};
}  // namespace attest::crypto
