// checks/common/CipherString: OpenSSL cipher lists and GnuTLS priority strings from
// the scanned code, any bytes. Never crashes, and:
//   - every weak class names an example suite that the list enables, once per class;
//   - a list followed by "!ALL:!COMPLEMENTOFALL" enables nothing, so nothing is weak;
//   - a list followed by "!RC4" reports no RC4 (what the library would do too);
//   - a priority string followed by "-CIPHER-ALL:-MAC-ALL:-KX-ALL:-VERS-ALL" adds nothing.
#include "FuzzCheck.h"
#include "checks/common/CipherString.h"

#include <cstdint>
#include <set>

using namespace attest::cipher;
using namespace attest::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string in(reinterpret_cast<const char *>(data), size);

  OpenSslAnalysis openssl = analyzeOpenSslCipherList(in);
  std::set<std::string> enabled(openssl.enabled.begin(), openssl.enabled.end());
  FUZZ_CHECK(enabled.size() == openssl.enabled.size(), "a suite enabled twice");
  std::set<std::string> classes;
  for (const WeakClass &w : openssl.weak) {
    FUZZ_CHECK(classes.insert(w.name).second, "class %s twice", w.name.c_str());
    FUZZ_CHECK(enabled.count(w.example), "example %s of %s is not enabled", w.example.c_str(), w.name.c_str());
  }
  FUZZ_CHECK(describe(openssl.weak).empty() == openssl.weak.empty(), "describe");

  OpenSslAnalysis none = analyzeOpenSslCipherList(in + ":!ALL:!COMPLEMENTOFALL");
  FUZZ_CHECK(none.enabled.empty() && none.weak.empty(), "%zu suites left after !ALL:!COMPLEMENTOFALL",
             none.enabled.size());
  for (const WeakClass &w : analyzeOpenSslCipherList(in + ":!RC4").weak)
    FUZZ_CHECK(w.name != "RC4", "RC4 after !RC4 (example %s)", w.example.c_str());

  GnuTlsAnalysis gnutls = analyzeGnuTlsPriority(in);
  for (const WeakClass &w : gnutls.weak) FUZZ_CHECK(!w.name.empty(), "unnamed weak class");
  (void)describe(gnutls.weak);
  GnuTlsAnalysis cleared = analyzeGnuTlsPriority("NORMAL:" + in + ":-CIPHER-ALL:-MAC-ALL:-KX-ALL:-VERS-ALL");
  FUZZ_CHECK(cleared.weak.empty() && cleared.obsoleteVersions.empty(), "%zu weak, %zu versions left",
             cleared.weak.size(), cleared.obsoleteVersions.size());
  return 0;
}
