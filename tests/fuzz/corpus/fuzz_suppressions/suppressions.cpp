#include <curl/curl.h>
void f(CURL *h) {
  // attest:ignore[tls-verification-disabled] proxy is on loopback, SEC-7 until=2027-03-31 ticket=SEC-42
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);  // attest:ignore[tls-*,crypto-weak-hash]
  /* attest:ignore[secrets-hardcoded-token] test fixture */ const char *t = "ghp_x";
  const char *s = "attest:ignore[not-a-comment] because";
  // attest:ignore[tls-verification-disabled unclosed
  // attest:ignore[] nothing named until=2027-13-45
}
