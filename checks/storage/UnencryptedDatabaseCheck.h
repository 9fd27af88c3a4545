// storage-unencrypted-database: an on-disk SQLite database opened (sqlite3_open,
// sqlite3_open_v2, sqlite3_open16, SQLiteCpp SQLite::Database) whose handle is never
// given a key in the translation unit (sqlite3_key, sqlite3_key_v2, sqlite3_rekey(_v2),
// or `PRAGMA key` / `PRAGMA hexkey` through sqlite3_exec / sqlite3_prepare* /
// Database::exec / Database::key), directly or through one level of a helper function
// that keys its parameter. In-memory (":memory:", "file::memory:", mode=memory,
// SQLITE_OPEN_MEMORY) and temporary ("") databases are quiet; a read-only open and a
// run-time choice of file name are notes. LevelDB and RocksDB DB::Open are a note:
// they have no built-in encryption. A database is a warning only when the file shows
// credentials or personal data going into one (an SQL statement that stores such a
// column, or such a value bound to a statement); otherwise a note that says so.
#pragma once
#include "checks/Check.h"

namespace attest::storage {
class UnencryptedDatabaseCheck : public Check {
public:
  using Check::Check;
  void registerMatchers(clang::ast_matchers::MatchFinder &finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &result) override;

private:
  void checkSqliteOpen(const clang::CallExpr &call, clang::ASTContext &ctx);
  void checkSqliteCpp(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx);
  void checkKeyValueStore(const clang::CallExpr &call, clang::ASTContext &ctx);
  std::string sensitiveEvidence(std::optional<Level> &level, clang::ASTContext &ctx);
  std::optional<std::string> evidence_;  // sensitiveDataInto, once per TU
};
}  // namespace attest::storage
