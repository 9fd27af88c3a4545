// The relay's state on disk: operator accounts for the admin API and the devices that
// registered for push, in one SQLite database under state_dir.
#pragma once

#include "relay/config.hpp"

#include <sqlite3.h>

#include <optional>
#include <string>

namespace relay {

struct Device {
  std::string push_token;  // the token the platform's push service issued
  std::string platform;    // "apns" or "fcm"
};

class Accounts {
 public:
  explicit Accounts(const Config &cfg);
  ~Accounts();
  Accounts(const Accounts &) = delete;
  Accounts &operator=(const Accounts &) = delete;

  // Operators send `<user> <password> <command>` on the admin port, after the client
  // certificate: the password is the second factor.
  bool check_operator(const std::string &user, const std::string &password);
  void add_operator(const std::string &user, const std::string &password);

  void register_device(const std::string &user_id, const Device &device);
  std::optional<Device> device_of(const std::string &user_id);

 private:
  void exec(const char *sql);
  sqlite3 *db_ = nullptr;
};

// First start: creates the `admin` operator with a one-time password, written to
// state_dir/initial-admin-password for the person who installs the relay.
void bootstrap_admin(const Config &cfg, Accounts &accounts);

// Drops a notification id seen in the last minutes, so client retries are not delivered
// twice. Kept in memory: it is lost on restart, and that is fine.
class RecentIds {
 public:
  RecentIds();
  ~RecentIds();
  RecentIds(const RecentIds &) = delete;
  RecentIds &operator=(const RecentIds &) = delete;
  bool first_time(const std::string &id);

 private:
  sqlite3 *db_ = nullptr;
};

}  // namespace relay
