// relayd: a mail relay and notification API.
//
// Clients connect over TLS to the submission port and send one line:
//     <api-token> <channel> <target> <payload>
// where channel is `mail` (target: address, payload: subject|body), `webhook`
// (payload: JSON event) or `push` (target: device token, payload: JSON). Operators use
// the admin port (mutual TLS) for `stats` and `flush-archive`.
#include "relay/config.hpp"
#include "relay/push_gateway.hpp"
#include "relay/tls.hpp"
#include "relay/webhook_client.hpp"

#include <openssl/crypto.h>

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

class Relay {
 public:
  Relay(const relay::Config &cfg, boost::asio::io_context &io)
      : cfg_(cfg), smtp_(cfg), webhooks_(cfg), push_(io, cfg) {}

  std::string submit(const std::string &line) {
    Request r = parse_request(line);
    if (!token_matches(r.token, cfg_.api_token)) return "ERR unauthorized";
    if (r.channel == "mail") {
      std::size_t bar = r.payload.find('|');
      smtp_.deliver({r.target, r.payload.substr(0, bar),
                     bar == std::string::npos ? std::string() : r.payload.substr(bar + 1)});
    } else if (r.channel == "webhook") {
      relay::HttpResponse response = webhooks_.post_event(r.payload);
      if (response.status / 100 != 2) return "ERR receiver answered " + std::to_string(response.status);
    } else if (r.channel == "push") {
      int status = push_.send(r.target, r.payload);
      if (status / 100 != 2) return "ERR gateway answered " + std::to_string(status);
    } else {
      return "ERR unknown channel " + r.channel;
    }
    record(r.channel + " " + r.target);
    return "OK";
  }

  std::string admin(const std::string &line) {
    if (line == "stats") return "OK delivered=" + std::to_string(delivered_.load());
    if (line == "flush-archive") {
      std::vector<std::string> batch;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(archive_);
      }
      relay::upload_archive_batch(cfg_, batch);
      return "OK archived=" + std::to_string(batch.size());
    }
    return "ERR unknown admin command";
  }

 private:
  void record(std::string entry) {
    ++delivered_;
    std::lock_guard<std::mutex> lock(mutex_);
    archive_.push_back(std::move(entry));
  }

  const relay::Config &cfg_;
  relay::SmtpRelay smtp_;
  relay::WebhookClient webhooks_;
  relay::PushGateway push_;
  std::atomic<unsigned long> delivered_{0};
  std::mutex mutex_;
  std::vector<std::string> archive_;
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
    Relay relay(cfg, io);

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
