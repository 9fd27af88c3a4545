// storage-world-readable: file permissions that let other users read or change data,
// and predictable temporary files (CWE-732, CWE-377):
// - chmod/fchmod/fchmodat/std::filesystem::permissions granting write to others
//   (0777, 0666, perms::others_write): an error, whatever the file;
// - the same granting read to group or others (0644, 0755) on a file whose path or
//   variable name says it holds a secret (`secret.key`, `id_rsa`, `tokenFile`,
//   `credentials.json`, `.pgpass`...): a warning;
// - open/openat/creat(..., O_CREAT, mode) of such a secret file with a mode readable by
//   group or others (0666, 0644): a warning (only the umask stands between it and
//   other users);
// - umask() with a mask that leaves write for others (umask(0)): a warning;
// - tmpnam, tempnam, mktemp: a warning (predictable names, a race with the creator);
// - a fixed /tmp, /var/tmp or /dev/shm path opened for writing without exclusive
//   creation (fopen "w"/"a", open O_CREAT without O_EXCL, std::ofstream): a warning.
#pragma once
#include "checks/Check.h"

namespace attest::storage {
class WorldReadableCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkCall(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkStream(const clang::Expr &at, const clang::Expr *path, const clang::Expr *mode, clang::ASTContext &ctx);
  void checkPermissions(const clang::CallExpr &call, const clang::Expr *path, const clang::Expr *modeArg,
                        clang::ASTContext &ctx);
};
}  // namespace attest::storage
