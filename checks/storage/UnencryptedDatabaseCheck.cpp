#include "checks/storage/UnencryptedDatabaseCheck.h"
#include "checks/common/AlgorithmName.h"
#include "checks/common/ConstantString.h"
#include "checks/common/ConstantValue.h"
#include "checks/common/LocalFlow.h"
#include "checks/common/SensitiveName.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Regex.h"
#include "checks/common/AstWalk.h"

#include <cctype>

using namespace clang::ast_matchers;

namespace attest::storage {
ATTEST_REGISTER_CHECK(UnencryptedDatabaseCheck, "storage/UnencryptedDatabase", "storage-unencrypted-database");

namespace {
constexpr const char *kRule = "storage-unencrypted-database";
constexpr int64_t kSqliteOpenReadOnly = 0x1;   // SQLITE_OPEN_READONLY
constexpr int64_t kSqliteOpenMemory = 0x80;    // SQLITE_OPEN_MEMORY
// What makes a database worth encrypting: credentials and personal data (bare key
// material in a database is a key store, storage-cleartext-sensitive-write's concern).
constexpr unsigned kStoredKinds = kPassword | kSecret | kSession | kOneTimeCode | kPersonalData;

enum class Place { Memory, Temporary, Disk };

Place placeOf(llvm::StringRef name) {
  if (name.empty()) return Place::Temporary;  // a private temporary database, deleted on close
  std::string lower = name.lower();
  llvm::StringRef n(lower);
  if (n == ":memory:" || n.starts_with("file::memory:")) return Place::Memory;
  if (n.starts_with("file:") && n.contains("mode=memory")) return Place::Memory;
  return Place::Disk;
}

bool isKeyStatement(llvm::StringRef sql) {
  static const llvm::Regex pragma("pragma[[:space:]]+(hex|text)?key[[:space:]]*(=|\\()", llvm::Regex::IgnoreCase);
  return pragma.match(sql);
}


// Whether an SQL argument is (or is built from) a `PRAGMA key = ...` statement:
// literals inside the expression and, through local variables, what was written into them.
bool mentionsKeyPragma(const clang::Expr *sql, const clang::Stmt *body, int hops = 2) {
  if (!sql) return false;
  bool found = false;
  std::vector<const clang::VarDecl *> locals;
  forEachStmt(sql, [&](const clang::Stmt &s) {
    if (const auto *literal = llvm::dyn_cast<clang::StringLiteral>(&s)) {
      if (literal->getCharByteWidth() == 1 && isKeyStatement(literal->getString())) found = true;
    } else if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(&s)) {
      if (const auto *var = llvm::dyn_cast<clang::VarDecl>(ref->getDecl())) {
        if (var->hasGlobalStorage() && var->getType().isConstQualified()) {
          if (const clang::Expr *init = var->getInit()) forEachStmt(init, [&](const clang::Stmt &g) {
              if (const auto *lit = llvm::dyn_cast<clang::StringLiteral>(&g))
                if (lit->getCharByteWidth() == 1 && isKeyStatement(lit->getString())) found = true;
            });
        } else if (isLocalVariable(*var)) {
          locals.push_back(var);
        }
      }
    }
  });
  if (found || hops <= 0 || !body) return found;
  for (const clang::VarDecl *var : locals)
    for (const clang::Expr *value : valuesWrittenTo(*var, *body))
      if (mentionsKeyPragma(value, body, hops - 1)) return true;
  return false;
}

const clang::Stmt *bodyOf(const clang::Stmt &node, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = enclosingFunctionDecl(node, ctx);
  return fn ? fn->getBody() : nullptr;
}

const char *const kKeyFunctions[] = {"sqlite3_key", "sqlite3_key_v2", "sqlite3_rekey", "sqlite3_rekey_v2"};
const char *const kSqlFunctions[] = {"sqlite3_exec", "sqlite3_prepare", "sqlite3_prepare_v2", "sqlite3_prepare_v3"};

bool isKeyFunction(llvm::StringRef name) {
  for (const char *k : kKeyFunctions)
    if (name == k) return true;
  return false;
}
bool isSqlFunction(llvm::StringRef name) {
  for (const char *k : kSqlFunctions)
    if (name == k) return true;
  return false;
}

// Whether `handle` is keyed by a call in `scope` (a function body, or the whole TU when
// null): a key function on it, or a PRAGMA key statement executed on it.
bool keyedIn(const clang::NamedDecl *handle, const clang::Stmt *scope, clang::ASTContext &ctx,
             bool anyHandle = false) {
  bool keyed = false;
  auto visit = [&](const clang::CallExpr &call) {
    if (keyed || call.getNumArgs() < 1) return;
    llvm::StringRef name = calleeName(call);
    const clang::NamedDecl *on = designatedDecl(call.getArg(0));
    if (const auto *member = llvm::dyn_cast<clang::CXXMemberCallExpr>(&call)) {
      // SQLiteCpp: db.key("..."), db.exec("PRAGMA key = ...").
      const clang::CXXRecordDecl *cls = member->getRecordDecl();
      if (!cls || cls->getQualifiedNameAsString() != "SQLite::Database") return;
      on = designatedDecl(member->getImplicitObjectArgument());
      if (!anyHandle && on != handle) return;
      if (name == "key" || name == "rekey") keyed = true;
      else if (name == "exec" && mentionsKeyPragma(call.getArg(0), bodyOf(call, ctx))) keyed = true;
      return;
    }
    if (!anyHandle && on != handle) return;
    if (isKeyFunction(name)) keyed = true;
    else if (isSqlFunction(name) && call.getNumArgs() >= 2 && mentionsKeyPragma(call.getArg(1), bodyOf(call, ctx)))
      keyed = true;
  };
  if (scope) {
    forEachStmt(scope, [&](const clang::Stmt &s) {
      if (const auto *call = llvm::dyn_cast<clang::CallExpr>(&s)) visit(*call);
    });
  } else {
    for (const BoundNodes &nodes : match(callExpr().bind("c"), ctx)) visit(*nodes.getNodeAs<clang::CallExpr>("c"));
  }
  return keyed;
}

// Keyed in the TU, or handed (in the opening function) to a helper defined in this TU
// whose parameter is keyed: `open(&db); applyKey(db, secret);`.
bool isKeyed(const clang::NamedDecl *handle, const clang::Stmt &openCall, clang::ASTContext &ctx) {
  const clang::Stmt *body = bodyOf(openCall, ctx);
  if (!handle) return body && keyedIn(nullptr, body, ctx, /*anyHandle=*/true);
  if (keyedIn(handle, nullptr, ctx)) return true;
  if (!body) return false;
  bool viaHelper = false;
  forEachStmt(body, [&](const clang::Stmt &s) {
    const auto *call = llvm::dyn_cast<clang::CallExpr>(&s);
    const clang::FunctionDecl *fn = call ? call->getDirectCallee() : nullptr;
    if (viaHelper || !fn || !fn->hasBody()) return;
    const clang::FunctionDecl *definition = nullptr;
    const clang::Stmt *helperBody = fn->getBody(definition);
    if (!definition) return;
    unsigned offset = llvm::isa<clang::CXXOperatorCallExpr>(call) && llvm::isa<clang::CXXMethodDecl>(fn) ? 1 : 0;
    for (unsigned i = offset; i < call->getNumArgs(); ++i) {
      if (designatedDecl(call->getArg(i)) != handle || i - offset >= definition->getNumParams()) continue;
      if (keyedIn(definition->getParamDecl(i - offset), helperBody, ctx)) viaHelper = true;
    }
  });
  return viaHelper;
}

// An SQL statement that stores data (CREATE TABLE, INSERT, UPDATE, REPLACE, ALTER TABLE)
// and names a credential or personal-data column: "password TEXT", "card_number",
// "api_token". A hashed password column (password_hash) is not one.
std::string sensitiveColumnIn(llvm::StringRef sql) {
  std::string lower = sql.lower();
  bool stores = false;
  for (const char *verb : {"create table", "insert ", "update ", "replace into", "alter table"})
    if (lower.find(verb) != std::string::npos) stores = true;
  if (!stores) return "";
  std::string word;
  for (size_t i = 0; i <= sql.size(); ++i) {
    char c = i < sql.size() ? sql[i] : ' ';
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word.push_back(c);
      continue;
    }
    if (!word.empty() && (classifyName(word).kinds & kStoredKinds)) return word;
    word.clear();
  }
  return "";
}

// Where this file shows credentials or personal data going into a database: an SQL
// statement naming such a column (literals and the constants of SQL calls), or a value
// with such a name bound to a statement. Empty when there is none.
std::string sensitiveDataInto(clang::ASTContext &ctx) {
  for (const BoundNodes &nodes : match(callExpr().bind("c"), ctx)) {
    const auto *call = nodes.getNodeAs<clang::CallExpr>("c");
    llvm::StringRef name = calleeName(*call);
    if (name.empty()) continue;
    bool bind = name.starts_with("sqlite3_bind_text") || name.starts_with("sqlite3_bind_blob") || name == "bind";
    if (bind && call->getNumArgs() >= (name == "bind" ? 2u : 3u)) {
      const clang::Expr *value = call->getArg(name == "bind" ? 1 : 2);
      SensitiveMatch match = classifyExpr(value);
      if (match.kinds & kStoredKinds) return "'" + match.words + "' is bound to a statement";
      continue;
    }
    if (!isSqlFunction(name) && name != "exec" && name != "sqlite3_mprintf") continue;
    for (const clang::Expr *arg : call->arguments())
      for (const StringValue &text : possibleStrings(arg, ctx).values)
        if (std::string column = sensitiveColumnIn(text.value); !column.empty())
          return "an SQL statement stores the column '" + column + "'";
  }
  return "";
}

std::string handleName(const clang::NamedDecl *handle) {
  return handle && handle->getIdentifier() ? "'" + handle->getNameAsString() + "'" : "the handle";
}

}  // namespace

void UnencryptedDatabaseCheck::registerMatchers(MatchFinder &finder) {
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::sqlite3_open", "::sqlite3_open_v2", "::sqlite3_open16"))))
                        .bind("open"),
                    this);
  finder.addMatcher(cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasName("::SQLite::Database")))))
                        .bind("sqlitecpp"),
                    this);
  finder.addMatcher(callExpr(callee(functionDecl(hasAnyName("::leveldb::DB::Open", "::rocksdb::DB::Open",
                                                            "::rocksdb::DB::OpenForReadOnly",
                                                            "::rocksdb::TransactionDB::Open",
                                                            "::rocksdb::OptimisticTransactionDB::Open"))))
                        .bind("kv"),
                    this);
}

void UnencryptedDatabaseCheck::check(const MatchFinder::MatchResult &result) {
  if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("open"))
    checkSqliteOpen(*call, *result.Context);
  else if (const auto *construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("sqlitecpp"))
    checkSqliteCpp(*construct, *result.Context);
  else if (const auto *call = result.Nodes.getNodeAs<clang::CallExpr>("kv"))
    checkKeyValueStore(*call, *result.Context);
}

void UnencryptedDatabaseCheck::checkSqliteOpen(const clang::CallExpr &call, clang::ASTContext &ctx) {
  if (call.getNumArgs() < 2) return;
  std::string function = calleeName(call).str();
  std::optional<Level> level;
  std::string qualifier;
  if (function == "sqlite3_open_v2" && call.getNumArgs() >= 3) {
    if (std::optional<IntValue> flags = resolveInt(call.getArg(2), ctx)) {
      if (flags->value & kSqliteOpenMemory) return;
      if (flags->value & kSqliteOpenReadOnly) {
        level = Level::Note;
        qualifier = " (read-only)";
      }
    }
  }
  std::vector<AlgorithmName> names = possibleAlgorithmNames(call.getArg(0), ctx);
  std::string shown;
  bool runtimeChoice = false;
  if (!names.empty()) {
    bool anyDisk = false, anyOther = false;
    for (const AlgorithmName &name : names) {
      if (placeOf(name.text) == Place::Disk) {
        anyDisk = true;
        if (shown.empty()) shown = name.text;
      } else {
        anyOther = true;
      }
    }
    if (!anyDisk) return;
    runtimeChoice = anyOther;
  }
  const clang::NamedDecl *handle = designatedDecl(call.getArg(1));
  if (isKeyed(handle, call, ctx)) return;
  std::string what = shown.empty() ? "an on-disk database (path known only at run time)" : "the on-disk database '" + shown + "'";
  std::string message = function + "() opens " + what + qualifier + ", and no sqlite3_key / PRAGMA key is applied to " +
                        handleName(handle) + " in this file: the data is stored in clear text; use SQLCipher "
                        "(sqlite3_key right after opening) or SQLite's encryption extension, or document the "
                        "volume encryption that protects it";
  if (runtimeChoice) {
    message = function + "() opens '" + shown + "' on one run-time path (in memory on another), and no "
              "sqlite3_key / PRAGMA key is applied to " + handleName(handle) + " in this file";
    level = Level::Note;
  }
  message += sensitiveEvidence(level, ctx);
  if (Finding *finding = report(kRule, call, ctx, message, level)) {
    finding->properties["library"] = "sqlite";
    if (handle) addRelated(*finding, *handle, ctx, "the database handle is declared here");
  }
}

void UnencryptedDatabaseCheck::checkSqliteCpp(const clang::CXXConstructExpr &construct, clang::ASTContext &ctx) {
  if (construct.getNumArgs() < 1 || construct.getConstructor()->isCopyOrMoveConstructor()) return;
  std::optional<Level> level;
  std::string qualifier;
  if (construct.getNumArgs() >= 2) {
    bool memory = false, readOnly = false;
    forEachStmt(construct.getArg(1), [&](const clang::Stmt &s) {
      if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(&s); ref && ref->getDecl()->getIdentifier()) {
        if (ref->getDecl()->getName() == "OPEN_MEMORY") memory = true;
        if (ref->getDecl()->getName() == "OPEN_READONLY") readOnly = true;
      }
    });
    if (std::optional<IntValue> flags = resolveInt(construct.getArg(1), ctx)) {
      memory = memory || (flags->value & kSqliteOpenMemory);
      readOnly = readOnly || (flags->value & kSqliteOpenReadOnly);
    }
    if (memory) return;
    if (readOnly) {
      level = Level::Note;
      qualifier = " (read-only)";
    }
  }
  std::vector<AlgorithmName> names = possibleAlgorithmNames(construct.getArg(0), ctx);
  std::string shown;
  bool runtimeChoice = false;
  if (!names.empty()) {
    bool anyDisk = false, anyOther = false;
    for (const AlgorithmName &name : names) {
      if (placeOf(name.text) == Place::Disk) {
        anyDisk = true;
        if (shown.empty()) shown = name.text;
      } else {
        anyOther = true;
      }
    }
    if (!anyDisk) return;
    runtimeChoice = anyOther;
  }
  // The object: `SQLite::Database db(...)` or a member initialised in a constructor.
  const clang::NamedDecl *object = nullptr;
  clang::DynTypedNodeList parents = ctx.getParents(construct);
  while (!parents.empty()) {
    if (const auto *var = parents[0].get<clang::VarDecl>()) {
      object = var;
      break;
    }
    if (const auto *init = parents[0].get<clang::CXXCtorInitializer>()) {
      object = init->getMember();
      break;
    }
    const auto *e = parents[0].get<clang::Expr>();
    if (!e || !(llvm::isa<clang::ExprWithCleanups, clang::MaterializeTemporaryExpr, clang::CXXBindTemporaryExpr,
                          clang::ImplicitCastExpr>(e)))
      break;
    parents = ctx.getParents(*e);
  }
  if (isKeyed(object, construct, ctx)) return;
  std::string what = shown.empty() ? "an on-disk database (path known only at run time)" : "the on-disk database '" + shown + "'";
  std::string message = "SQLite::Database opens " + what + qualifier + ", and neither key() nor PRAGMA key is applied to " +
                        handleName(object) + " in this file: the data is stored in clear text; build SQLiteCpp "
                        "against SQLCipher and call key() right after opening, or document the volume encryption";
  if (runtimeChoice) {
    message = "SQLite::Database opens '" + shown + "' on one run-time path (in memory on another), and no key is "
              "applied to " + handleName(object) + " in this file";
    level = Level::Note;
  }
  message += sensitiveEvidence(level, ctx);
  if (Finding *finding = report(kRule, construct, ctx, message, level)) {
    finding->properties["library"] = "sqlitecpp";
    if (object) addRelated(*finding, *object, ctx, "the database object is declared here");
  }
}

// "; this file stores ..." when the file shows sensitive data going into a database (the
// level stays); otherwise a note, since a database of nothing sensitive needs no key.
std::string UnencryptedDatabaseCheck::sensitiveEvidence(std::optional<Level> &level, clang::ASTContext &ctx) {
  if (!evidence_) evidence_ = sensitiveDataInto(ctx);
  if (!evidence_->empty()) return " (" + *evidence_ + " in this file)";
  level = Level::Note;
  return "; no credential or personal data is seen going into a database in this file, so this is a note";
}

void UnencryptedDatabaseCheck::checkKeyValueStore(const clang::CallExpr &call, clang::ASTContext &ctx) {
  const clang::FunctionDecl *fn = call.getDirectCallee();
  if (!fn || call.getNumArgs() < 2) return;
  std::string library = llvm::StringRef(fn->getQualifiedNameAsString()).starts_with("leveldb") ? "LevelDB" : "RocksDB";
  std::string where;
  if (std::optional<AlgorithmName> name = resolveAlgorithmName(call.getArg(1), ctx)) where = " '" + name->text + "'";
  std::string message = library + " opens the store" + where + ": " + library + " has no built-in encryption, so "
                        "its files hold the data in clear text; encrypt sensitive values before writing them "
                        "(AES-GCM with a managed key), use an encrypting Env, or document the volume encryption";
  if (Finding *finding = report(kRule, call, ctx, message, Level::Note)) finding->properties["library"] = library;
}

}  // namespace attest::storage
