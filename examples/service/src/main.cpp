// relayd: a mail relay and notification API.
//
// Clients connect over TLS to the submission port and send one line:
//     <api-token> <channel> <target> <payload>
// where channel is `mail` (target: address, payload: subject|body), `webhook`
// (payload: JSON event), `push` (target: user id, payload: JSON) or `register` (target:
// user id, payload: `<platform> <push-token>`). Operators use the admin port (mutual TLS)
// and send `<user> <password> <command>`: `stats`, `flush-archive` or `report-usage`.
#include "relay/accounts.hpp"
#include "relay/config.hpp"
#include "relay/push_gateway.hpp"
#include "relay/tls.hpp"
#include "relay/usage_report.hpp"
#include "relay/webhook_client.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Request {
  std::string token, channel, target, payload;
};

Request parse_request(const std::string &line) {
  std::istringstream in(line);
  Request r;
  in >> r.token >> r.channel >> r.target;
  std::getline(in >> std::ws, r.payload);
  if (r.token.empty() || r.channel.empty() || r.target.empty())
    throw std::invalid_argument("expected: <token> <channel> <target> <payload>");
  return r;
}

bool token_matches(const std::string &given, const std::string &expected) {
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

// Clients retry a line they got no answer for; the same line twice is one notification.
std::string retry_key(const std::string &line) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char *>(line.data()), line.size(), digest);  // ok: SHA-256, not a password
  return std::string(reinterpret_cast<const char *>(digest), sizeof digest);
}

class Relay {
 public:
  Relay(const relay::Config &cfg, boost::asio::io_context &io, relay::Accounts &accounts)
      : cfg_(cfg), accounts_(accounts), smtp_(cfg), webhooks_(cfg), push_(io, cfg) {}

  std::string submit(const std::string &line) {
    Request r = parse_request(line);
    if (!token_matches(r.token, cfg_.api_token)) return "ERR unauthorized";
    if (!recent_.first_time(retry_key(line))) return "OK duplicate";
    if (r.channel == "mail") {
      std::size_t bar = r.payload.find('|');
      smtp_.deliver({r.target, r.payload.substr(0, bar),
                     bar == std::string::npos ? std::string() : r.payload.substr(bar + 1)});
    } else if (r.channel == "webhook") {
      relay::HttpResponse response = webhooks_.post_event(r.payload);
      if (response.status / 100 != 2) return "ERR receiver answered " + std::to_string(response.status);
    } else if (r.channel == "push") {
      std::optional<relay::Device> device = accounts_.device_of(r.target);
      if (!device) return "ERR no device registered for " + r.target;
      int status = push_.send(device->push_token, r.payload);
      if (status / 100 != 2) return "ERR gateway answered " + std::to_string(status);
    } else if (r.channel == "register") {
      std::istringstream words(r.payload);
      relay::Device device;
      words >> device.platform >> device.push_token;
      if (device.push_token.empty()) return "ERR expected: <platform> <push-token>";
      accounts_.register_device(r.target, device);
      return "OK";
    } else {
      return "ERR unknown channel " + r.channel;
    }
    record(r.channel, r.target);
    return "OK";
  }

  std::string admin(const std::string &request) {
    std::istringstream words(request);
    std::string user, password, line;
    words >> user >> password >> line;
    if (!accounts_.check_operator(user, password)) return "ERR unauthorized";
    if (line == "stats") return "OK delivered=" + std::to_string(delivered_.load());
    if (line == "flush-archive") {
      std::vector<std::string> batch;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(archive_);
      }
      try {
        relay::upload_archive_batch(cfg_, batch);
      } catch (const std::exception &e) {
        webhooks_.post_alert(std::string("archive upload failed: ") + e.what());
        throw;
      }
      return "OK archived=" + std::to_string(batch.size());
    }
    if (line == "report-usage") {
      relay::Usage usage;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        usage.swap(usage_);
      }
      relay::report_usage(usage);
      relay::push_metrics(usage);
      return "OK";
    }
    return "ERR unknown admin command";
  }

 private:
  void record(const std::string &channel, const std::string &target) {
    ++delivered_;
    std::lock_guard<std::mutex> lock(mutex_);
    archive_.push_back(channel + " " + target);
    ++usage_[channel];
  }

  const relay::Config &cfg_;
  relay::Accounts &accounts_;
  relay::RecentIds recent_;
  relay::SmtpRelay smtp_;
  relay::WebhookClient webhooks_;
  relay::PushGateway push_;
  std::atomic<unsigned long> delivered_{0};
  std::mutex mutex_;
  std::vector<std::string> archive_;
  relay::Usage usage_;
};

}  // namespace

int main(int argc, char **argv) {
  const std::string config_path = argc > 1 ? argv[1] : "/etc/relayd/relayd.conf";
  try {
    relay::Config cfg = relay::load_config(config_path);

    // Handle SIGINT/SIGTERM in this thread only; workers inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    boost::asio::io_context io;
    relay::Accounts accounts(cfg);
    relay::bootstrap_admin(cfg, accounts);
    Relay relay(cfg, io, accounts);

    relay::TlsListener submission(relay::make_submission_context(cfg), cfg.listen_address, cfg.listen_port);
    relay::TlsListener admin(relay::make_admin_context(cfg), cfg.listen_address, cfg.admin_port);
    std::thread submission_thread([&] { submission.serve([&](const std::string &l) { return relay.submit(l); }); });
    std::thread admin_thread([&] { admin.serve([&](const std::string &l) { return relay.admin(l); }); });
    std::cerr << "relayd: listening on " << cfg.listen_address << ":" << cfg.listen_port << " (admin "
              << cfg.admin_port << ")\n";

    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cerr << "relayd: signal " << signal << ", shutting down\n";
    submission.stop();
    admin.stop();
    submission_thread.join();
    admin_thread.join();
    curl_global_cleanup();
  } catch (const std::exception &e) {
    std::cerr << "relayd: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
