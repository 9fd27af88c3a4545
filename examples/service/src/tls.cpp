#include "relay/tls.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace relay {
namespace {

std::string openssl_errors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    out += out.empty() ? "" : "; ";
    out += buf;
  }
  return out;
}

void load_certificate(SSL_CTX *ctx, const Config &cfg) {
  if (SSL_CTX_use_certificate_chain_file(ctx, cfg.cert_file.c_str()) != 1)
    throw TlsError("cannot load certificate " + cfg.cert_file);
  if (SSL_CTX_use_PrivateKey_file(ctx, cfg.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    throw TlsError("cannot load private key " + cfg.key_file);
  if (SSL_CTX_check_private_key(ctx) != 1) throw TlsError("certificate and key do not match");
}

// System trust store, plus the private CA when one is configured.
void load_trust(SSL_CTX *ctx, const Config &cfg) {
  if (SSL_CTX_set_default_verify_paths(ctx) != 1) throw TlsError("cannot load the system trust store");
  if (!cfg.ca_file.empty() && SSL_CTX_load_verify_locations(ctx, cfg.ca_file.c_str(), nullptr) != 1)
    throw TlsError("cannot load CA file " + cfg.ca_file);
}

int connect_tcp(const std::string &host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    throw std::runtime_error("resolve " + host + ": " + gai_strerror(rc));
  int fd = -1;
  for (addrinfo *ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd >= 0 && ::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port));
  return fd;
}

std::string read_line(SSL *ssl) {
  std::string line;
  char c = 0;
  while (line.size() < 8192 && SSL_read(ssl, &c, 1) == 1) {
    if (c == '\n') break;
    if (c != '\r') line += c;
  }
  return line;
}

void write_all(SSL *ssl, const std::string &data) {
  if (SSL_write(ssl, data.data(), static_cast<int>(data.size())) <= 0) throw TlsError("SSL_write");
}

// Reads an SMTP reply (possibly multi-line) and checks its code class.
void expect_reply(SSL *ssl, char klass, const char *step) {
  std::string line;
  do line = read_line(ssl);
  while (line.size() > 3 && line[3] == '-');
  if (line.empty() || line[0] != klass) throw std::runtime_error(std::string("SMTP ") + step + ": " + line);
}

// RFC 5321 section 4.5.2: a body line that starts with '.' gets a second one.
std::string dot_stuff(const std::string &body) {
  std::string out;
  bool line_start = true;
  for (char c : body) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  return out;
}

}  // namespace

TlsError::TlsError(const std::string &what) : std::runtime_error(what + ": " + openssl_errors()) {}

// --- inbound ------------------------------------------------------------------

SslCtxPtr make_submission_context(const Config &cfg) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw TlsError("SSL_CTX_new");
  SslCtxPtr owner(ctx);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_cipher_list(ctx, "HIGH:!aNULL:!MD5");  // ok: strong suites only (TLS 1.2)
  load_certificate(ctx, cfg);
  // Submitters authenticate with the API token inside the session; no client
  // certificate is requested.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);  // ok: server side, no client certificate asked for
  return owner;
}

SslCtxPtr make_admin_context(const Config &cfg) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  if (!ctx) throw TlsError("SSL_CTX_new");
  SslCtxPtr owner(ctx);
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  load_certificate(ctx, cfg);
  if (SSL_CTX_load_verify_locations(ctx, cfg.admin_client_ca_file.c_str(), nullptr) != 1)
    throw TlsError("cannot load admin client CA " + cfg.admin_client_ca_file);
  SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(cfg.admin_client_ca_file.c_str()));
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);  // ok: mutual TLS
  SSL_CTX_set_verify_depth(ctx, 2);
  return owner;
}

TlsListener::TlsListener(SslCtxPtr ctx, std::string address, std::uint16_t port)
    : ctx_(std::move(ctx)), address_(std::move(address)), port_(port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (::inet_pton(AF_INET, address_.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("bad listen address " + address_);
  if (::bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(fd_, 64) != 0)
    throw std::runtime_error("cannot listen on " + address_ + ":" + std::to_string(port_) + ": " +
                             std::strerror(errno));
}

TlsListener::~TlsListener() {
  if (fd_ >= 0) ::close(fd_);
}

void TlsListener::stop() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
}

void TlsListener::serve(const LineHandler &handler) {
  for (;;) {
    int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) {
      if (errno == EINTR) continue;
      return;  // stop() shut the socket down
    }
    SSL *ssl = SSL_new(ctx_.get());
    SSL_set_fd(ssl, client);
    if (SSL_accept(ssl) == 1) {
      std::string response;
      try {
        response = handler(read_line(ssl));
      } catch (const std::exception &e) {
        response = std::string("ERR ") + e.what();
      }
      SSL_write(ssl, (response + "\r\n").data(), static_cast<int>(response.size() + 2));
      SSL_shutdown(ssl);
    }
    ERR_clear_error();
    SSL_free(ssl);
    ::close(client);
  }
}

// --- outbound: SMTPS to the smarthost ----------------------------------------------

SslCtxPtr make_smarthost_context(const Config &cfg) {
  SSL_CTX *client_ctx = SSL_CTX_new(TLS_client_method());
  if (!client_ctx) throw TlsError("SSL_CTX_new");
  SslCtxPtr owner(client_ctx);
  SSL_CTX_set_min_proto_version(client_ctx, TLS1_2_VERSION);
  if (cfg.smarthost_legacy) {
    // The old relay still presents the self-signed certificate it was installed with.
    SSL_CTX_set_verify(client_ctx, SSL_VERIFY_NONE, nullptr);
  } else {
    SSL_CTX_set_verify(client_ctx, SSL_VERIFY_PEER, nullptr);  // ok: verifies the smarthost's chain
    load_trust(client_ctx, cfg);
  }
  return owner;
}

SmtpRelay::SmtpRelay(const Config &cfg) : cfg_(cfg), ctx_(make_smarthost_context(cfg)) {}

void SmtpRelay::deliver(const MailMessage &message) {
  int fd = connect_tcp(cfg_.smarthost, cfg_.smarthost_port);
  SSL *ssl = SSL_new(ctx_.get());
  SSL_set_fd(ssl, fd);
  SSL_set_tlsext_host_name(ssl, cfg_.smarthost.c_str());  // SNI
  SSL_set1_host(ssl, cfg_.smarthost.c_str());             // and check the name in the certificate
  try {
    if (SSL_connect(ssl) != 1) throw TlsError("TLS handshake with " + cfg_.smarthost);
    expect_reply(ssl, '2', "greeting");
    write_all(ssl, "EHLO relayd\r\n");
    expect_reply(ssl, '2', "EHLO");
    write_all(ssl, "MAIL FROM:<" + cfg_.mail_from + ">\r\n");
    expect_reply(ssl, '2', "MAIL FROM");
    write_all(ssl, "RCPT TO:<" + message.to + ">\r\n");
    expect_reply(ssl, '2', "RCPT TO");
    write_all(ssl, "DATA\r\n");
    expect_reply(ssl, '3', "DATA");
    write_all(ssl, "From: " + cfg_.mail_from + "\r\nTo: " + message.to + "\r\nSubject: " + message.subject +
                       "\r\n\r\n" + dot_stuff(message.body) + "\r\n.\r\n");
    expect_reply(ssl, '2', "message");
    write_all(ssl, "QUIT\r\n");
    SSL_shutdown(ssl);
  } catch (...) {
    SSL_free(ssl);
    ::close(fd);
    throw;
  }
  SSL_free(ssl);
  ::close(fd);
}

}  // namespace relay
