#include "relay/usage_report.hpp"

#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <string>

namespace relay {
namespace {

// The billing collector in the operations network. It has no TLS listener yet (OPS-412).
constexpr const char *kBillingCollectorUrl = "http://billing.ops.relay-corp.net/v1/usage";
// The Pushgateway runs as a sidecar in the same pod.
constexpr const char *kPushgatewayUrl = "http://127.0.0.1:9091/metrics/job/relayd";

struct CurlDeleter {
  void operator()(CURL *handle) const noexcept { curl_easy_cleanup(handle); }
};

void post(const char *url, const std::string &body, const char *content_type) {
  std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
  if (!handle) return;
  CURL *h = handle.get();
  curl_slist *headers = curl_slist_append(nullptr, content_type);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5'000L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // Counters are best effort: a missed report is sent with the next one.
  if (CURLcode rc = curl_easy_perform(h); rc != CURLE_OK)
    std::cerr << "relayd: " << url << ": " << curl_easy_strerror(rc) << "\n";
  curl_slist_free_all(headers);
}

}  // namespace

void report_usage(const Usage &usage) {
  std::string json = "{";
  for (const auto &[channel, count] : usage)
    json += (json.size() > 1 ? ",\"" : "\"") + channel + "\":" + std::to_string(count);
  json += "}";
  post(kBillingCollectorUrl, json, "Content-Type: application/json");
}

void push_metrics(const Usage &usage) {
  std::string text;
  for (const auto &[channel, count] : usage)
    text += "relayd_delivered_total{channel=\"" + channel + "\"} " + std::to_string(count) + "\n";
  post(kPushgatewayUrl, text, "Content-Type: text/plain; version=0.0.4");  // ok: loopback
}

}  // namespace relay
