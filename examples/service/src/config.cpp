#include "relay/config.hpp"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <string>

namespace relay {
namespace {

std::string trim(const std::string &text) {
  const char *space = " \t\r\n";
  std::size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return {};
  std::size_t last = text.find_last_not_of(space);
  return text.substr(first, last - first + 1);
}

bool parse_bool(const std::string &key, const std::string &value) {
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
  throw ConfigError(key + ": expected true or false, got '" + value + "'");
}

std::uint16_t parse_port(const std::string &key, const std::string &value) {
  try {
    unsigned long port = std::stoul(value);
    if (port == 0 || port > std::numeric_limits<std::uint16_t>::max()) throw std::out_of_range(value);
    return static_cast<std::uint16_t>(port);
  } catch (const std::logic_error &) {
    throw ConfigError(key + ": '" + value + "' is not a port number");
  }
}

using Setter = std::function<void(Config &, const std::string &key, const std::string &value)>;

const std::map<std::string, Setter> &setters() {
  static const std::map<std::string, Setter> table = {
      {"listen_address", [](Config &c, const std::string &, const std::string &v) { c.listen_address = v; }},
      {"listen_port", [](Config &c, const std::string &k, const std::string &v) { c.listen_port = parse_port(k, v); }},
      {"cert_file", [](Config &c, const std::string &, const std::string &v) { c.cert_file = v; }},
      {"key_file", [](Config &c, const std::string &, const std::string &v) { c.key_file = v; }},
      {"api_token", [](Config &c, const std::string &, const std::string &v) { c.api_token = v; }},
      {"api_token_file", [](Config &c, const std::string &, const std::string &v) { c.api_token_file = v; }},
      {"admin_port", [](Config &c, const std::string &k, const std::string &v) { c.admin_port = parse_port(k, v); }},
      {"admin_client_ca_file", [](Config &c, const std::string &, const std::string &v) { c.admin_client_ca_file = v; }},
      {"ca_file", [](Config &c, const std::string &, const std::string &v) { c.ca_file = v; }},
      {"smarthost", [](Config &c, const std::string &, const std::string &v) { c.smarthost = v; }},
      {"smarthost_port", [](Config &c, const std::string &k, const std::string &v) { c.smarthost_port = parse_port(k, v); }},
      {"smarthost_legacy", [](Config &c, const std::string &k, const std::string &v) { c.smarthost_legacy = parse_bool(k, v); }},
      {"mail_from", [](Config &c, const std::string &, const std::string &v) { c.mail_from = v; }},
      {"webhook_url", [](Config &c, const std::string &, const std::string &v) { c.webhook_url = v; }},
      {"jwks_url", [](Config &c, const std::string &, const std::string &v) { c.jwks_url = v; }},
      {"insecure_webhooks", [](Config &c, const std::string &k, const std::string &v) { c.insecure_webhooks = parse_bool(k, v); }},
      {"push_host", [](Config &c, const std::string &, const std::string &v) { c.push_host = v; }},
      {"push_port", [](Config &c, const std::string &k, const std::string &v) { c.push_port = parse_port(k, v); }},
      {"archive_host", [](Config &c, const std::string &, const std::string &v) { c.archive_host = v; }},
      {"alert_webhook", [](Config &c, const std::string &, const std::string &v) { c.alert_webhook = v; }},
      {"state_dir", [](Config &c, const std::string &, const std::string &v) { c.state_dir = v; }},
      {"worker_threads", [](Config &c, const std::string &k, const std::string &v) {
         try {
           c.worker_threads = static_cast<unsigned>(std::stoul(v));
         } catch (const std::logic_error &) {
           throw ConfigError(k + ": '" + v + "' is not a number");
         }
       }},
  };
  return table;
}

void apply(Config &cfg, const std::string &key, const std::string &value) {
  auto it = setters().find(key);
  if (it == setters().end()) throw ConfigError("unknown setting '" + key + "'");
  it->second(cfg, key, value);
}

}  // namespace

Config load_config(const std::string &path) {
  Config cfg;
  std::ifstream in(path);
  std::string line;
  for (int number = 1; in && std::getline(in, line); ++number) {
    line = trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw ConfigError(path + ":" + std::to_string(number) + ": expected 'key = value'");
    apply(cfg, trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
  }
  // RELAY_SMARTHOST=... overrides `smarthost = ...`, and so on.
  for (const auto &entry : setters()) {
    std::string variable = "RELAY_";
    for (char c : entry.first) variable += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (const char *value = std::getenv(variable.c_str())) apply(cfg, entry.first, value);
  }
  if (cfg.api_token.empty() && !cfg.api_token_file.empty()) {
    std::ifstream secret(cfg.api_token_file);
    std::getline(secret, cfg.api_token);
    cfg.api_token = trim(cfg.api_token);
  }
  if (cfg.api_token.empty()) throw ConfigError("api_token is not set");
  if (cfg.worker_threads == 0) cfg.worker_threads = 1;
  return cfg;
}

}  // namespace relay
