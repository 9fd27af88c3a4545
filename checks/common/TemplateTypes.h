// Finding a class inside a C++ type, through typedefs, template arguments and
// enclosing classes: `CryptoPP::CBC_Mode<CryptoPP::DES>::Encryption` holds
// `CryptoPP::DES` (as DES::Base inside BlockCipherFinal<ENCRYPTION, DES::Base>),
// `CryptoPP::HMAC<CryptoPP::SHA1>` holds `CryptoPP::SHA1` wrapped by HMAC.
#pragma once

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"

#include <functional>
#include <string>

namespace attest {

struct TypeMatch {
  const clang::CXXRecordDecl *record = nullptr;  // the class `pred` accepted
  std::string wrappers;                          // qualified names of the templates around it, "::"-free, space-separated
};

// The first class (the type itself, a class enclosing it, or recursively one of its
// template type arguments) whose qualified name `pred` accepts.
TypeMatch findClassInType(clang::QualType type, const std::function<bool(const std::string &)> &pred);

}  // namespace attest
