// Outbound webhooks (libcurl): customers register an HTTPS URL that receives events.
#pragma once

#include "relay/config.hpp"

#include <curl/curl.h>

#include <memory>
#include <string>

namespace relay {

struct CurlDeleter {
  void operator()(CURL *handle) const noexcept { curl_easy_cleanup(handle); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;

struct HttpResponse {
  long status = 0;
  std::string body;
};

class WebhookClient {
 public:
  explicit WebhookClient(const Config &cfg);

  // POSTs a JSON event to the configured receiver.
  HttpResponse post_event(const std::string &json);
  // Fetches the JWKS that signs receiver acknowledgements.
  std::string fetch_signing_keys();
  // Replays an event to a customer's staging receiver.
  HttpResponse post_staging(const std::string &url, const std::string &json);
  // Tells the operators' chat channel that something needs a person.
  void post_alert(const std::string &text);

 private:
  CurlPtr new_handle(const std::string &url, std::string &sink);
  const Config &cfg_;
};

}  // namespace relay
