#include "relay/accounts.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace relay {
namespace {

constexpr int kPbkdf2Iterations = 600'000;  // OWASP's figure for PBKDF2-HMAC-SHA256
constexpr std::size_t kSaltBytes = 16;

std::string hex(const unsigned char *data, std::size_t size) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 0xf];
  }
  return out;
}

// Stored as pbkdf2-sha256$<salt>$<hash>, both in hex.
std::string hash_password(const std::string &password, const std::string &salt) {
  unsigned char out[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char *>(salt.data()), static_cast<int>(salt.size()),
                        kPbkdf2Iterations, EVP_sha256(), sizeof out, out) != 1)  // ok: salted, slow, SHA-256
    throw std::runtime_error("PBKDF2 failed");
  return "pbkdf2-sha256$" + hex(reinterpret_cast<const unsigned char *>(salt.data()), salt.size()) + "$" +
         hex(out, sizeof out);
}

std::string new_salt() {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) throw std::runtime_error("RAND_bytes failed");  // ok: the CSPRNG
  return std::string(reinterpret_cast<const char *>(salt), sizeof salt);
}

std::string unhex(const std::string &text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) out += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
  return out;
}

// Accounts created by relayd 0.2 keep their unsalted SHA-1 until the operator next
// changes the password.
std::string legacy_hash(const std::string &password) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char *>(password.data()), password.size(), digest);
  return "sha1$" + hex(digest, sizeof digest);
}

bool same(const std::string &a, const std::string &b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

class Statement {
 public:
  Statement(sqlite3 *db, const char *sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement &bind(int index, const std::string &value) {
    sqlite3_bind_text(stmt_, index, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error("sqlite: step failed");
    return rc == SQLITE_ROW;
  }
  std::string column(int index) {
    const unsigned char *text = sqlite3_column_text(stmt_, index);
    return text ? reinterpret_cast<const char *>(text) : "";
  }

 private:
  sqlite3_stmt *stmt_ = nullptr;
};

}  // namespace

Accounts::Accounts(const Config &cfg) {
  std::string path = cfg.state_dir + "/relayd.db";
  // Operators' password hashes and every registered device's push token.
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
  chmod(path.c_str(), 0600);  // ok: owner only
  exec("CREATE TABLE IF NOT EXISTS operators (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL)");
  exec("CREATE TABLE IF NOT EXISTS devices (user_id TEXT PRIMARY KEY, push_token TEXT NOT NULL, platform TEXT)");
}

Accounts::~Accounts() { sqlite3_close(db_); }

void Accounts::exec(const char *sql) {
  char *error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + message);
  }
}

bool Accounts::check_operator(const std::string &user, const std::string &password) {
  Statement query(db_, "SELECT password_hash FROM operators WHERE name = ?");
  query.bind(1, user);
  bool ok = false;
  if (query.step()) {
    std::string stored = query.column(0);
    if (stored.rfind("sha1$", 0) == 0) {
      ok = same(stored, legacy_hash(password));
    } else {
      std::size_t dollar = stored.find('$', sizeof "pbkdf2-sha256$" - 1);
      std::string salt = unhex(stored.substr(sizeof "pbkdf2-sha256$" - 1, dollar - (sizeof "pbkdf2-sha256$" - 1)));
      ok = same(stored, hash_password(password, salt));
    }
  }
  if (ok) {
    std::cerr << "relayd: operator " << user << " logged in\n";  // ok: no secret
  } else {
    // Added while debugging the 0.2 migration.
    std::cerr << "relayd: login failed for " << user << " with password " << password << "\n";
  }
  return ok;
}

void Accounts::add_operator(const std::string &user, const std::string &password) {
  Statement insert(db_, "INSERT OR REPLACE INTO operators (name, password_hash) VALUES (?, ?)");
  insert.bind(1, user).bind(2, hash_password(password, new_salt()));
  insert.step();
}

void Accounts::register_device(const std::string &user_id, const Device &device) {
  Statement insert(db_, "INSERT OR REPLACE INTO devices (user_id, push_token, platform) VALUES (?, ?, ?)");
  insert.bind(1, user_id).bind(2, device.push_token).bind(3, device.platform);
  insert.step();
}

std::optional<Device> Accounts::device_of(const std::string &user_id) {
  Statement query(db_, "SELECT push_token, platform FROM devices WHERE user_id = ?");
  query.bind(1, user_id);
  if (!query.step()) return std::nullopt;
  return Device{query.column(0), query.column(1)};
}

void bootstrap_admin(const Config &cfg, Accounts &accounts) {
  std::string password_file = cfg.state_dir + "/initial-admin-password";
  if (access(password_file.c_str(), F_OK) == 0) return;
  static const char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::mt19937 engine(static_cast<unsigned>(std::chrono::system_clock::now().time_since_epoch().count()));
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
  std::string password;
  for (int i = 0; i < 20; ++i) password += kAlphabet[pick(engine)];
  accounts.add_operator("admin", password);

  int fd = open(password_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + password_file);
  std::string line = password + "\n";
  bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  if (!written) throw std::runtime_error("cannot write " + password_file);
  std::cerr << "relayd: created operator 'admin'; its password is in " << password_file << "\n";  // ok: the path, not the password
}

RecentIds::RecentIds() {
  if (sqlite3_open(":memory:", &db_) != SQLITE_OK)  // ok: in memory, gone on restart
    throw std::runtime_error("cannot open the in-memory database");
  sqlite3_exec(db_, "CREATE TABLE seen (id TEXT PRIMARY KEY, at INTEGER)", nullptr, nullptr, nullptr);
}

RecentIds::~RecentIds() { sqlite3_close(db_); }

bool RecentIds::first_time(const std::string &id) {
  sqlite3_exec(db_, "DELETE FROM seen WHERE at < strftime('%s','now') - 600", nullptr, nullptr, nullptr);
  Statement insert(db_, "INSERT OR IGNORE INTO seen (id, at) VALUES (?, strftime('%s','now'))");
  insert.bind(1, id).step();
  return sqlite3_changes(db_) == 1;
}

}  // namespace relay
