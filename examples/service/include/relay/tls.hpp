// OpenSSL plumbing: the TLS contexts relayd uses, the listener loop and SMTPS delivery.
#pragma once

#include "relay/config.hpp"

#include <openssl/ssl.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace relay {

class TlsError : public std::runtime_error {
 public:
  explicit TlsError(const std::string &what);  // appends the OpenSSL error queue
};

struct SslCtxDeleter {
  void operator()(SSL_CTX *ctx) const noexcept { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxDeleter>;

// Inbound: submission API (server certificate only) and admin API (mutual TLS).
SslCtxPtr make_submission_context(const Config &cfg);
SslCtxPtr make_admin_context(const Config &cfg);
// Outbound: SMTPS to the smarthost.
SslCtxPtr make_smarthost_context(const Config &cfg);

// One request line in, one response line out, per connection.
using LineHandler = std::function<std::string(const std::string &request)>;

class TlsListener {
 public:
  TlsListener(SslCtxPtr ctx, std::string address, std::uint16_t port);
  ~TlsListener();
  TlsListener(const TlsListener &) = delete;
  TlsListener &operator=(const TlsListener &) = delete;

  void serve(const LineHandler &handler);  // blocks until stop()
  void stop();

 private:
  SslCtxPtr ctx_;
  std::string address_;
  std::uint16_t port_;
  int fd_ = -1;
};

struct MailMessage {
  std::string to;
  std::string subject;
  std::string body;
};

class SmtpRelay {
 public:
  explicit SmtpRelay(const Config &cfg);
  void deliver(const MailMessage &message);

 private:
  const Config &cfg_;
  SslCtxPtr ctx_;
};

}  // namespace relay
