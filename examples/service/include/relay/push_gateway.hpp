// Mobile push: notifications go to the internal push gateway over HTTPS (Boost.Asio).
#pragma once

#include "relay/config.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <string>
#include <vector>

namespace relay {

class PushGateway {
 public:
  PushGateway(boost::asio::io_context &io, const Config &cfg);
  // Returns the gateway's HTTP status.
  int send(const std::string &device_token, const std::string &json);

 private:
  boost::asio::io_context &io_;
  const Config &cfg_;
  boost::asio::ssl::context ctx_;
};

// Ships delivered notifications to the archive appliance, one line each.
void upload_archive_batch(const Config &cfg, const std::vector<std::string> &lines);

}  // namespace relay
