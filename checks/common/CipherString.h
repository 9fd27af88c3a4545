// What a TLS configuration string enables, computed the way the library reads it.
// No Clang types: the functions are pure and unit-testable.
//
// OpenSSL cipher lists (SSL_CTX_set_cipher_list, CURLOPT_SSL_CIPHER_LIST, Poco's
// cipherList, wolfSSL_CTX_set_cipher_list) follow the grammar of ciphers(1): items
// separated by ':' (also ' ', ',' or ';'); an item is a suite name, an alias (HIGH,
// aNULL, RC4, kEDH, ...) or aliases joined by '+' (their intersection); a leading '!'
// removes suites for good, '-' removes them (a later item can add them back), '+'
// only reorders, '@STRENGTH' / '@SECLEVEL=n' do not change the set. The set is computed
// over every TLS <= 1.2 suite OpenSSL has ever offered (the 3.0 list plus the RC4,
// DES, 3DES, EXPORT, IDEA and SEED suites of 1.0.2/1.1.1), because the same string
// enables those wherever the library still builds them. `DEFAULT` (and `PROFILE=SYSTEM`)
// stand for the library's default, which is never weak. Unknown items match nothing,
// as in OpenSSL, so a string that cannot be understood is never reported.
//
// GnuTLS priority strings (gnutls_priority_init, gnutls_priority_set_direct, ...):
// a keyword (NORMAL, SECURE256, NONE, @SYSTEM, ...) then ':'-separated '+X' / '-X' / '!X'
// items. The keyword's own set is the library's or system's policy and never
// reported; what is reported is what the string itself adds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace attest::cipher {

// A class of weak suites the string enables, with one example suite.
struct WeakClass {
  std::string name;     // "RC4", "3DES", "NULL encryption", ...
  std::string example;  // "RC4-SHA"
  bool severe = false;  // no encryption, no authentication, or export-grade
};

struct OpenSslAnalysis {
  std::vector<std::string> enabled;  // suite names, in no particular order
  std::vector<WeakClass> weak;       // in a fixed order; empty when the string is fine
  std::vector<std::string> unknown;  // items that matched no suite or alias
};
OpenSslAnalysis analyzeOpenSslCipherList(std::string_view list);

struct GnuTlsAnalysis {
  // "SSL 3.0", "TLS 1.0", "TLS 1.1": versions the string itself enables.
  std::vector<std::string> obsoleteVersions;
  // Weak algorithms it adds: "ARCFOUR-128", "3DES-CBC", "MD5", "ANON-DH", ...
  std::vector<WeakClass> weak;
};
GnuTlsAnalysis analyzeGnuTlsPriority(std::string_view priority);

// Whether a GnuTLS call's priority string is appended to the default ("NORMAL:" + it):
// gnutls_set_default_priority_append, and gnutls_priority_init2 with
// GNUTLS_PRIORITY_INIT_DEF_APPEND in `flags` (its 4th argument, when known).
bool gnutlsAppendsToDefault(std::string_view function, std::optional<int64_t> flags);

// Some class is severe (no encryption, no authentication, export-grade): an error.
bool anySevere(const std::vector<WeakClass> &weak);

// "RC4, 3DES (e.g. RC4-SHA, DES-CBC3-SHA)" for a message.
std::string describe(const std::vector<WeakClass> &weak);

}  // namespace attest::cipher
