// What transport-cleartext decides about a URL or host, as text (no Clang): the URL
// parser, the cleartext schemes and the hosts that stay quiet (loopback, documentation
// hosts). Shared by checks/transport/CleartextCheck (constants at the call) and
// checks/flow/SummaryCheck (constants that reach the call from another function, issue 10).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace attest::cleartext {

std::string lower(std::string_view text);

// Hosts whose traffic never leaves the machine, and the hosts reserved for documentation.
bool quietHost(std::string host);

struct Url {
  std::string scheme;
  std::string host;   // lower case, brackets kept for IPv6
  bool hostKnown = false;
  std::string query;  // after '?', when known
};

// Parses scheme://[user@]host[:port][/path][?query]. `complete` false: only the
// beginning of the text is known (the host is known only if its end is).
std::optional<Url> parseUrl(std::string_view text, bool complete);

struct Scheme {
  const char *name;
  const char *protocol;
  const char *secure;
  bool starttls;  // libcurl upgrades it with CURLOPT_USE_SSL
};
const Scheme *cleartextScheme(const std::string &scheme);

// "HTTP sends requests, responses and any credentials unencrypted to api.corp; use https://"
std::string consequence(const Scheme &scheme, const Url &url);

// A complete constant URL whose scheme is cleartext and whose host is not quiet: the
// scheme and the parsed URL. STARTTLS schemes (ftp, smtp, imap, pop3) are left out
// when `withStartTls` is false (whether CURLOPT_USE_SSL upgrades them is the TU's).
struct CleartextUrl {
  const Scheme *scheme = nullptr;
  Url url;
};
std::optional<CleartextUrl> cleartextUrl(std::string_view text, bool withStartTls);

// The URL as a message from the link step shows it: without any user:password@ part,
// and with the query (which may carry a token) as "?...".
std::string withoutUserInfo(std::string_view text);

}  // namespace attest::cleartext
