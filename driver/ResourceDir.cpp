#include "driver/ResourceDir.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <mutex>

namespace attest {
namespace {

std::string &chosen() {
  static std::string dir;
  return dir;
}

bool hasBuiltinHeaders(const std::string &dir) {
  llvm::SmallString<256> probe(dir);
  llvm::sys::path::append(probe, "include", "stddef.h");
  return llvm::sys::fs::is_regular_file(probe);
}

std::string nextToBinary() {
  // The address of a function of this binary names the executable.
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  if (exe.empty()) return "";
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(dir, "..", "lib", "attest", "clang");
  llvm::sys::path::remove_dots(dir, /*remove_dot_dot=*/true);
  return std::string(dir);
}

}  // namespace

bool setClangResourceDir(const std::string &dir, std::string &error) {
  if (!hasBuiltinHeaders(dir)) {
    error = "--resource-dir: '" + dir + "' has no include/stddef.h (Clang's builtin headers)";
    return false;
  }
  chosen() = dir;
  return true;
}

const std::string &clangResourceDir() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (!chosen().empty()) return;
    for (const std::string &candidate : {nextToBinary(), std::string(ATTEST_CLANG_RESOURCE_DIR)})
      if (!candidate.empty() && hasBuiltinHeaders(candidate)) {
        chosen() = candidate;
        return;
      }
  });
  return chosen();
}

}  // namespace attest
