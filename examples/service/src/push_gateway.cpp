#include "relay/push_gateway.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <istream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace relay {

namespace ssl = boost::asio::ssl;
using boost::asio::ip::tcp;

PushGateway::PushGateway(boost::asio::io_context &io, const Config &cfg)
    : io_(io), cfg_(cfg), ctx_(ssl::context::tls_client) {
  ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx_.set_default_verify_paths();
  if (!cfg_.ca_file.empty()) ctx_.load_verify_file(cfg_.ca_file);  // private CA of the gateway
  ctx_.set_verify_mode(ssl::verify_peer);  // ok: the gateway's chain is verified
}

int PushGateway::send(const std::string &device_token, const std::string &json) {
  tcp::resolver resolver(io_);
  ssl::stream<tcp::socket> stream(io_, ctx_);
  // SNI, and reject a certificate issued for another host.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), cfg_.push_host.c_str()))
    throw std::runtime_error("cannot set SNI for " + cfg_.push_host);
  stream.set_verify_mode(ssl::verify_peer);  // ok: verification on for this connection too
  stream.set_verify_callback(ssl::host_name_verification(cfg_.push_host));

  boost::asio::connect(stream.lowest_layer(), resolver.resolve(cfg_.push_host, std::to_string(cfg_.push_port)));
  stream.handshake(ssl::stream_base::client);

  std::ostringstream request;
  request << "POST /v1/devices/" << device_token << "/notifications HTTP/1.1\r\n"
          << "Host: " << cfg_.push_host << "\r\n"
          << "Content-Type: application/json\r\n"
          << "Content-Length: " << json.size() << "\r\n"
          << "Connection: close\r\n\r\n"
          << json;
  boost::asio::write(stream, boost::asio::buffer(request.str()));

  boost::asio::streambuf response;
  boost::asio::read_until(stream, response, "\r\n");
  std::istream status_line(&response);
  std::string http_version;
  int status = 0;
  status_line >> http_version >> status;
  if (!status_line || http_version.rfind("HTTP/", 0) != 0)
    throw std::runtime_error("push gateway sent a malformed status line");

  boost::system::error_code ignored;
  stream.shutdown(ignored);  // the gateway may close without close_notify
  return status;
}

void upload_archive_batch(const Config &cfg, const std::vector<std::string> &lines) {
  boost::asio::io_context io;
  ssl::context ctx(ssl::context::tls_client);
  // The archive appliance (syslog over TLS, RFC 5425) ships a self-signed certificate
  // that nobody has rotated since it was racked.
  ctx.set_verify_mode(boost::asio::ssl::verify_none);
  // Its TLS stack predates AEAD suites: the only ones it offers are CBC with SHA-1.
  SSL_CTX_set_cipher_list(ctx.native_handle(), "DES-CBC3-SHA:AES128-SHA");

  tcp::resolver resolver(io);
  ssl::stream<tcp::socket> stream(io, ctx);
  boost::asio::connect(stream.lowest_layer(), resolver.resolve(cfg.archive_host, "6514"));
  stream.handshake(ssl::stream_base::client);
  for (const std::string &line : lines) {
    // RFC 5425 octet counting: "LEN SP MSG".
    std::string frame = std::to_string(line.size()) + " " + line;
    boost::asio::write(stream, boost::asio::buffer(frame));
  }
  boost::system::error_code ignored;
  stream.shutdown(ignored);
}

}  // namespace relay
