#include "checks/common/CleartextUrl.h"

#include <algorithm>
#include <cctype>

namespace attest::cleartext {
std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

namespace {
bool allDigitsAndDots(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit((unsigned char)c) || c == '.'; });
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}
}  // namespace

bool quietHost(std::string host) {
  host = lower(host);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "ip6-localhost" || host == "localhost.localdomain" || endsWith(host, ".localhost"))
    return true;
  if (host.rfind("127.", 0) == 0 && allDigitsAndDots(host)) return true;
  if (host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  for (const char *doc : {"example.com", "example.net", "example.org"})
    if (host == doc || endsWith(host, std::string(".") + doc)) return true;
  for (const char *tld : {".example", ".test", ".invalid"})
    if (endsWith(host, tld)) return true;
  for (const char *net : {"192.0.2.", "198.51.100.", "203.0.113."})
    if (host.rfind(net, 0) == 0 && allDigitsAndDots(host)) return true;
  return false;
}

std::optional<Url> parseUrl(std::string_view text, bool complete) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  for (char c : text.substr(0, sep))
    if (!std::isalnum((unsigned char)c) && c != '+' && c != '-' && c != '.') return std::nullopt;
  Url url;
  url.scheme = lower(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 3);
  size_t end = rest.find_first_of("/?#");
  url.hostKnown = complete || end != std::string_view::npos;
  std::string_view authority = rest.substr(0, end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = close == std::string_view::npos ? host : host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
    url.hostKnown = true;
  }
  url.host = lower(host);
  if (url.host.empty()) url.hostKnown = false;
  if (size_t q = rest.find('?'); q != std::string_view::npos && complete) url.query = std::string(rest.substr(q + 1));
  return url;
}

const Scheme kSchemes[] = {
    {"http", "HTTP", "https://", false},      {"ws", "WebSocket", "wss://", false},
    {"ftp", "FTP", "ftps:// or CURLOPT_USE_SSL", true},
    {"telnet", "Telnet", "SSH", false},        {"ldap", "LDAP", "ldaps://", false},
    {"smtp", "SMTP", "smtps:// or CURLOPT_USE_SSL", true},
    {"imap", "IMAP", "imaps:// or CURLOPT_USE_SSL", true},
    {"pop3", "POP3", "pop3s:// or CURLOPT_USE_SSL", true},
    {"mqtt", "MQTT", "mqtts://", false},
};

const Scheme *cleartextScheme(const std::string &scheme) {
  for (const Scheme &s : kSchemes)
    if (scheme == s.name) return &s;
  return nullptr;
}

std::string consequence(const Scheme &scheme, const Url &url) {
  return std::string(scheme.protocol) + " sends requests, responses and any credentials unencrypted" +
         (url.hostKnown ? " to " + url.host : "") + "; use " + scheme.secure;
}

std::optional<CleartextUrl> cleartextUrl(std::string_view text, bool withStartTls) {
  std::optional<Url> url = parseUrl(text, true);
  if (!url) return std::nullopt;
  const Scheme *scheme = cleartextScheme(url->scheme);
  if (!scheme || (scheme->starttls && !withStartTls) || !url->hostKnown || quietHost(url->host)) return std::nullopt;
  return CleartextUrl{scheme, *url};
}

std::string withoutUserInfo(std::string_view text) {
  if (size_t query = text.find('?'); query != std::string_view::npos)
    return withoutUserInfo(text.substr(0, query)) + "?...";
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::string(text);
  size_t end = text.find_first_of("/?#", sep + 3);
  std::string_view authority = text.substr(sep + 3, end == std::string_view::npos ? end : end - sep - 3);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(text);
  return std::string(text.substr(0, sep + 3)) + std::string(text.substr(sep + 3 + at + 1));
}

}  // namespace attest::cleartext
