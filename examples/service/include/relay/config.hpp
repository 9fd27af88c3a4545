// relayd configuration: a `key = value` file, overridable by RELAY_* environment variables.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace relay {

struct Config {
  // Submission API: clients send notifications over TLS and authenticate with a token.
  std::string listen_address = "0.0.0.0";
  std::uint16_t listen_port = 8465;
  std::string cert_file = "/etc/relayd/tls/server.pem";
  std::string key_file = "/etc/relayd/tls/server.key";
  std::string api_token;
  std::string api_token_file;  // read at start when api_token is not set (a mounted secret)

  // Admin API: operators connect with a client certificate (mutual TLS).
  std::uint16_t admin_port = 9465;
  std::string admin_client_ca_file = "/etc/relayd/tls/admin-ca.pem";

  // Outbound connections. ca_file adds a private CA to the trust store; empty means
  // the system trust store only.
  std::string ca_file;
  std::string smarthost = "smtp.internal.example";
  std::uint16_t smarthost_port = 465;
  bool smarthost_legacy = false;  // the old relay with a self-signed certificate
  std::string mail_from = "notifications@example.com";

  std::string webhook_url;
  std::string jwks_url;           // keys that verify webhook acknowledgements
  bool insecure_webhooks = false;  // development only: accept any receiver certificate

  std::string push_host = "push.internal.example";
  std::uint16_t push_port = 443;
  std::string archive_host = "archive.internal.example";
  std::string alert_webhook;  // operators' chat channel (a Slack incoming webhook)

  // Operator accounts and device registrations (relayd.db), the first admin password.
  std::string state_dir = "/var/lib/relayd";

  unsigned worker_threads = 4;
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads `path` (missing file: defaults), then applies RELAY_* environment overrides.
Config load_config(const std::string &path);

}  // namespace relay
