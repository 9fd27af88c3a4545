#include "relay/webhook_client.hpp"

#include <stdexcept>
#include <string>

namespace relay {
namespace {

constexpr long kVerifyPeer = 1L;
constexpr long kTimeoutMs = 10'000L;
// Customers' staging receivers mostly run with self-signed certificates.
constexpr long kStagingVerifyPeer = 0L;

size_t append_body(char *data, size_t size, size_t count, void *user) {
  static_cast<std::string *>(user)->append(data, size * count);
  return size * count;
}

struct Headers {
  curl_slist *list = nullptr;
  ~Headers() { curl_slist_free_all(list); }
  void add(const char *header) { list = curl_slist_append(list, header); }
};

HttpResponse perform(CURL *handle, std::string &body) {
  if (CURLcode rc = curl_easy_perform(handle); rc != CURLE_OK)
    throw std::runtime_error(std::string("webhook: ") + curl_easy_strerror(rc));
  HttpResponse response;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(body);
  return response;
}

}  // namespace

WebhookClient::WebhookClient(const Config &cfg) : cfg_(cfg) {}

// Options every request shares: HTTPS only, verified peer, bounded time, no redirects.
CurlPtr WebhookClient::new_handle(const std::string &url, std::string &sink) {
  CurlPtr handle(curl_easy_init());
  if (!handle) throw std::runtime_error("curl_easy_init failed");
  CURL *h = handle.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, kVerifyPeer);  // ok: the constant is 1
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);    // ok: verification stays on
  if (!cfg_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, cfg_.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);  // ok: not a TLS option
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, kTimeoutMs);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "relayd/0.3");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  return handle;
}

HttpResponse WebhookClient::post_event(const std::string &json) {
  std::string body;
  CurlPtr handle = new_handle(cfg_.webhook_url, body);
  CURL *h = handle.get();
  // Developers point webhook_url at a local receiver with a throw-away certificate.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, cfg_.insecure_webhooks ? 0L : 1L);
  Headers headers;
  headers.add("Content-Type: application/json");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
  return perform(h, body);
}

std::string WebhookClient::fetch_signing_keys() {
  std::string body;
  CurlPtr handle = new_handle(cfg_.jwks_url, body);
  CURL *h = handle.get();
  // FIXME: the key server's certificate expired during an incident; remove this.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  HttpResponse response = perform(h, body);
  if (response.status != 200)
    throw std::runtime_error("JWKS fetch returned HTTP " + std::to_string(response.status));
  return response.body;
}

HttpResponse WebhookClient::post_staging(const std::string &url, const std::string &json) {
  std::string body;
  CurlPtr handle = new_handle(url, body);
  CURL *h = handle.get();
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, kStagingVerifyPeer);
  Headers headers;
  headers.add("Content-Type: application/json");
  headers.add("X-Relay-Replay: 1");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
  return perform(h, body);
}

void WebhookClient::post_alert(const std::string &text) {
  if (cfg_.alert_webhook.empty()) return;
  std::string escaped;
  for (char c : text) {
    if (c == '"' || c == '\\') escaped += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
  }
  std::string json = "{\"text\":\"relayd: " + escaped + "\"}";
  std::string body;
  CurlPtr handle = new_handle(cfg_.alert_webhook, body);
  CURL *h = handle.get();
  Headers headers;
  headers.add("Content-Type: application/json");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, json.c_str());
  perform(h, body);
}

}  // namespace relay
