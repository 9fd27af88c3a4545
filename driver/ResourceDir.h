// Where Clang's builtin headers (stddef.h, stdarg.h, the intrinsics) are found at run
// time. A compiled-in path alone breaks as soon as the binary is installed elsewhere or
// the clang package moves, and then every TU fails to parse.
#pragma once
#include <string>

namespace attest {

// --resource-dir DIR: takes precedence over every other place. Returns false, with
// `error` set, when DIR has no include/stddef.h.
bool setClangResourceDir(const std::string &dir, std::string &error);

// The resource directory in use: --resource-dir; else <exe>/../lib/attest/clang (a
// relocatable install); else the build's clang (ATTEST_CLANG_RESOURCE_DIR, where the
// Debian package of that clang puts it); "" when none has include/stddef.h.
const std::string &clangResourceDir();

}  // namespace attest
