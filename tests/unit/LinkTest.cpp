// The link step (core/Link.h) on hand-made summaries: chains through parameters,
// returns and globals, depth bound, cycles, run-time alternatives, and the summary's
// JSON round trip (never with the secret).
#include "core/Link.h"
#include "checks/common/CleartextUrl.h"

#include <gtest/gtest.h>

using namespace attest;
using Kind = FlowValue::Kind;

namespace {

Location at(const std::string &file, unsigned line) {
  Location l;
  l.file = "/src/" + file;
  l.startLine = l.endLine = line;
  l.startColumn = l.startColumnUtf16 = 1;
  l.endColumn = l.endColumnUtf16 = 5;
  return l;
}

FlowValue param(unsigned index, Location where) {
  FlowValue v;
  v.kind = Kind::Param;
  v.index = index;
  v.at = std::move(where);
  return v;
}

FlowValue secret(Location where) {
  FlowValue v;
  v.kind = Kind::Const;
  v.plausibleSecret = v.nonEmpty = true;
  v.display = "a string literal";
  v.secret = "UnitTestSecret-42";
  v.at = std::move(where);
  return v;
}

FlowValue integer(int64_t value, Location where) {
  FlowValue v;
  v.kind = Kind::Const;
  v.isInt = true;
  v.ints = {value};
  v.display = std::to_string(value);
  v.at = std::move(where);
  return v;
}

SinkFact sink(const std::string &rule, const std::string &predicate, FlowValue value, Location where) {
  return {rule, predicate, "api", "arg", std::move(value), std::move(where), "fn", {}};
}

CallFact call(const std::string &callee, std::vector<FlowValue> args, Location where) {
  return {callee, callee, false, false, std::move(args), std::move(where)};
}

// main() -> f1(p) -> f2(p) -> ... -> fN(p) -> api(p)
TuSummary chainOf(unsigned n) {
  TuSummary tu;
  FunctionSummary main{"main", "main", {}, {call("f1", {secret(at("main.cpp", 3))}, at("main.cpp", 3))}, {}, {}, {}};
  tu.functions.push_back(main);
  for (unsigned i = 1; i <= n; ++i) {
    FunctionSummary f{"f" + std::to_string(i), "f" + std::to_string(i), {}, {}, {}, {}, {}};
    Location here = at("f" + std::to_string(i) + ".cpp", 2);
    if (i < n) f.calls.push_back(call("f" + std::to_string(i + 1), {param(0, here)}, here));
    else f.sinks.push_back(sink("secrets-hardcoded-credential", "secret", param(0, here), here));
    tu.functions.push_back(f);
  }
  return tu;
}

TEST(Link, ParameterChainUpToTheDepth) {
  TuSummary tu = chainOf(3);
  LinkOptions options;
  LinkResult result = linkSummaries({&tu}, options);
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding &f = result.findings[0];
  EXPECT_EQ(f.ruleId, "secrets-hardcoded-credential");
  EXPECT_EQ(f.location.file, "/src/f3.cpp");
  ASSERT_EQ(f.codeFlows.size(), 1u);
  EXPECT_EQ(f.codeFlows[0].front().location.file, "/src/main.cpp");
  EXPECT_EQ(f.codeFlows[0].back().location.file, "/src/f3.cpp");
  EXPECT_EQ(result.secrets.count("UnitTestSecret-42"), 1u);
  EXPECT_EQ(f.message.find("UnitTestSecret-42"), std::string::npos);

  options.maxDepth = 2;  // three parameter hops needed
  EXPECT_TRUE(linkSummaries({&tu}, options).findings.empty());
  options.maxDepth = 3;
  EXPECT_EQ(linkSummaries({&tu}, options).findings.size(), 1u);
}

TEST(Link, CyclesTerminate) {
  // a(p) calls b(p), b(p) calls a(p) and api(p); main calls a("...").
  TuSummary tu;
  Location la = at("a.cpp", 1), lb = at("b.cpp", 1);
  tu.functions.push_back({"main", "main", {}, {call("a", {secret(at("main.cpp", 1))}, at("main.cpp", 1))}, {}, {}, {}});
  tu.functions.push_back({"a", "a", {}, {call("b", {param(0, la)}, la)}, {}, {}, {}});
  tu.functions.push_back({"b", "b", {}, {call("a", {param(0, lb)}, lb)}, {}, {},
                          {sink("secrets-hardcoded-credential", "secret", param(0, lb), lb)}});
  LinkOptions options;
  options.maxDepth = 64;
  LinkResult result = linkSummaries({&tu}, options);
  EXPECT_EQ(result.findings.size(), 1u);
}

TEST(Link, ReturnWithAnotherAlternativeIsANote) {
  TuSummary tu;
  FlowValue fromEnv;  // Unknown: read at run time
  fromEnv.at = at("cfg.cpp", 3);
  tu.functions.push_back({"always", "always", {}, {}, {integer(0, at("cfg.cpp", 1))}, {}, {}});
  tu.functions.push_back({"sometimes", "sometimes", {}, {}, {integer(0, at("cfg.cpp", 2)), fromEnv}, {}, {}});
  tu.functions.push_back({"never", "never", {}, {}, {integer(2, at("cfg.cpp", 4))}, {}, {}});
  FunctionSummary user{"user", "user", {}, {}, {}, {}, {}};
  for (const char *callee : {"always", "sometimes", "never"}) {
    FlowValue ret;
    ret.kind = Kind::Return;
    ret.usr = ret.name = callee;
    ret.at = at(std::string(callee) + "-use.cpp", 1);
    user.sinks.push_back(sink("tls-verification-disabled", "zero", ret, ret.at));
  }
  tu.functions.push_back(user);
  LinkResult result = linkSummaries({&tu}, {});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].location.file, "/src/always-use.cpp");
  EXPECT_EQ(result.findings[0].level, Level::Error);
  EXPECT_EQ(result.findings[1].location.file, "/src/sometimes-use.cpp");
  EXPECT_EQ(result.findings[1].level, Level::Note);
}

TEST(Link, GlobalAcrossTusAndLocalDedupe) {
  TuSummary keys, crypto;
  keys.stores.push_back({"g_key", "g_key", secret(at("keys.cpp", 1)), at("keys.cpp", 1), ""});
  FlowValue read;
  read.kind = Kind::Stored;
  read.usr = read.name = "g_key";
  read.at = at("crypto.cpp", 5);
  crypto.functions.push_back({"seal", "seal", {}, {}, {}, {},
                              {sink("secrets-hardcoded-crypto-key", "key", read, at("crypto.cpp", 5))}});
  LinkResult result = linkSummaries({&keys, &crypto}, {});
  ASSERT_EQ(result.findings.size(), 1u);
  Finding local;
  local.ruleId = "secrets-hardcoded-crypto-key";
  local.location = at("crypto.cpp", 5);
  std::vector<Finding> linked = result.findings, locals = {local};
  dropLocallyReported(linked, locals);
  EXPECT_TRUE(linked.empty()) << "a local finding at the sink wins";

  // A local finding where the secret is written (keys.cpp:1) is the same secret: one
  // finding, the local one, which takes the path to the API.
  Finding atSource;
  atSource.ruleId = "secrets-hardcoded-crypto-key";
  atSource.location = at("keys.cpp", 1);
  linked = result.findings;
  locals = {atSource};
  dropLocallyReported(linked, locals);
  EXPECT_TRUE(linked.empty());
  ASSERT_EQ(locals[0].codeFlows.size(), result.findings[0].codeFlows.size());
  EXPECT_EQ(locals[0].codeFlows[0].back().location.file, "/src/crypto.cpp");
  EXPECT_EQ(locals[0].properties["reaches"], result.findings[0].properties.at("sink"));

  // Another rule at the source is another finding.
  atSource.ruleId = "secrets-hardcoded-credential";
  linked = result.findings;
  locals = {atSource};
  dropLocallyReported(linked, locals);
  EXPECT_EQ(linked.size(), 1u);
  EXPECT_TRUE(locals[0].codeFlows.empty());
}

TEST(Link, SummaryJsonRoundTripWithoutTheSecret) {
  TuSummary tu = chainOf(2);
  nlohmann::json json = summaryToJson(tu);
  EXPECT_EQ(json.dump().find("UnitTestSecret-42"), std::string::npos);
  std::optional<TuSummary> back = summaryFromJson(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(summaryToJson(*back), json);
  EXPECT_FALSE(summaryFromJson(nlohmann::json::parse(R"({"functions": [{"usr": 1}]})")));
}

// Trait predicates (core/Summary.h ValueTrait): the sink kinds whose constants the
// summary step judges (cipher lists, URLs, algorithm names) and sensitive-named values.
FlowValue withTrait(FlowValue v, const std::string &kind, const std::string &level = "", unsigned bits = 0) {
  v.traits.push_back({kind, "\"shown\"", "why", level, bits});
  return v;
}

FlowValue text(Location where) {
  FlowValue v;
  v.kind = Kind::Const;
  v.nonEmpty = true;
  v.display = "a string literal";
  v.at = std::move(where);
  return v;
}

FlowValue returnOf(const std::string &fn, Location where) {
  FlowValue v;
  v.kind = Kind::Return;
  v.usr = v.name = fn;
  v.at = std::move(where);
  return v;
}

TEST(Link, TraitPredicatesFollowTheirConstants) {
  TuSummary tu;
  tu.functions.push_back({"weak", "weak", {}, {}, {withTrait(text(at("c.cpp", 1)), "weak-cipher-list", "error")}, {}, {}});
  tu.functions.push_back({"strong", "strong", {}, {}, {text(at("c.cpp", 2))}, {}, {}});
  tu.functions.push_back({"url", "url", {}, {}, {withTrait(text(at("c.cpp", 3)), "cleartext-url")}, {}, {}});
  FunctionSummary user{"user", "user", {}, {}, {}, {}, {}};
  user.sinks.push_back(sink("tls-weak-cipher", "weak-cipher-list", returnOf("weak", at("tls.cpp", 1)), at("tls.cpp", 1)));
  user.sinks.push_back(sink("tls-weak-cipher", "weak-cipher-list", returnOf("strong", at("tls.cpp", 2)), at("tls.cpp", 2)));
  // A URL is not a cipher list: the trait must be the predicate's.
  user.sinks.push_back(sink("tls-weak-cipher", "weak-cipher-list", returnOf("url", at("tls.cpp", 3)), at("tls.cpp", 3)));
  user.sinks.push_back(sink("transport-cleartext", "cleartext-url", returnOf("url", at("tls.cpp", 4)), at("tls.cpp", 4)));
  tu.functions.push_back(user);
  LinkResult result = linkSummaries({&tu}, {});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].ruleId, "tls-weak-cipher");
  EXPECT_EQ(result.findings[0].location.startLine, 1u);
  EXPECT_EQ(result.findings[0].level, Level::Error) << "the trait's level (a severe suite)";
  EXPECT_NE(result.findings[0].message.find("\"shown\""), std::string::npos) << result.findings[0].message;
  EXPECT_EQ(result.findings[1].ruleId, "transport-cleartext");
  EXPECT_EQ(result.findings[1].level, Level::Warning) << "the rule's level";
  EXPECT_TRUE(result.secrets.empty()) << "a cipher list or URL is not a secret to scrub";
}

TEST(Link, TraitChainWithARunTimeAlternativeIsANote) {
  TuSummary tu;
  FlowValue fromEnv;
  fromEnv.at = at("d.cpp", 2);
  tu.functions.push_back({"digest", "digest", {}, {}, {withTrait(text(at("d.cpp", 1)), "weak-digest-name"), fromEnv}, {}, {}});
  FunctionSummary user{"user", "user", {}, {}, {}, {}, {}};
  user.sinks.push_back(sink("crypto-weak-hash", "weak-digest-name", returnOf("digest", at("h.cpp", 1)), at("h.cpp", 1)));
  tu.functions.push_back(user);
  LinkResult result = linkSummaries({&tu}, {});
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].level, Level::Note);
  EXPECT_NE(result.findings[0].message.find("at run time"), std::string::npos) << result.findings[0].message;
}

TEST(Link, SensitiveValuesReachLogAndFileSinks) {
  // main passes user.password (a field read: not a constant) to logLine(m) and saveKey(k).
  TuSummary tu;
  FlowValue password;
  password.kind = Kind::Stored;
  password.member = true;
  password.usr = password.name = "User::password";
  password.at = at("main.cpp", 3);
  FlowValue key = password;
  key.usr = key.name = "User::key";
  password = withTrait(password, "sensitive", "error", 1u /* kPassword */);
  key = withTrait(key, "sensitive", "error", 4u /* kKeyMaterial */);
  password.traits.back().detail = key.traits.back().detail = "a password";
  tu.functions.push_back({"main", "main", {}, {call("logLine", {password}, at("main.cpp", 3)),
                                               call("saveLine", {key}, at("main.cpp", 4)),
                                               call("logLine2", {password, password}, at("main.cpp", 5))},
                          {}, {}, {}});
  Location l1 = at("log.cpp", 1), l2 = at("store.cpp", 1), l3 = at("log.cpp", 2);
  SinkFact log = sink("logging-sensitive-data", "sensitive", param(0, l1), l1);
  log.kinds = 63;
  log.properties = {{"api", "syslog()"}, {"library", "libc"}};
  log.message = "syslog() writes {value} ({detail}){through} to the log";  // as the summary fills a spec's
  SinkFact store = sink("storage-cleartext-sensitive-write", "sensitive", param(0, l2), l2);
  store.kinds = 1u | 2u | 8u | 16u | 32u;  // no key material
  SinkFact twice = log;                   // one call, two linked arguments: one finding
  twice.at = l3;
  twice.value = param(0, l3);
  SinkFact twice2 = twice;
  twice2.value = param(1, l3);
  tu.functions.push_back({"logLine", "logLine", {}, {}, {}, {}, {log}});
  tu.functions.push_back({"saveLine", "saveLine", {}, {}, {}, {}, {store}});
  tu.functions.push_back({"logLine2", "logLine2", {}, {}, {}, {}, {twice, twice2}});
  LinkResult result = linkSummaries({&tu}, {});
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].location.startLine, 1u);
  EXPECT_EQ(result.findings[0].level, Level::Error);
  EXPECT_EQ(result.findings[0].properties.at("sink"), "syslog()");
  EXPECT_EQ(result.findings[0].message.rfind("syslog() writes \"shown\" (a password) through parameter 1 of logLine()", 0),
            0u)
      << result.findings[0].message;
  EXPECT_EQ(result.findings[1].location.startLine, 2u);
  EXPECT_EQ(result.findings[1].codeFlows.size(), 1u);
}

TEST(Link, TraitsRoundTripThroughJson) {
  TuSummary tu;
  tu.functions.push_back({"f", "f", {}, {}, {withTrait(text(at("c.cpp", 1)), "sensitive", "warning", 32u)}, {}, {}});
  nlohmann::json json = summaryToJson(tu);
  std::optional<TuSummary> back = summaryFromJson(json);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->functions[0].returns[0].traits.size(), 1u);
  EXPECT_EQ(back->functions[0].returns[0].traits[0], tu.functions[0].returns[0].traits[0]);
}

// The URL decision behind the cleartext-url trait, shared with transport-cleartext.
TEST(LinkTraits, CleartextUrlDecision) {
  using namespace attest::cleartext;
  EXPECT_TRUE(cleartextUrl("http://api.corp.net/v1", false));
  EXPECT_TRUE(cleartextUrl("ws://push.corp.net", false));
  EXPECT_FALSE(cleartextUrl("https://api.corp.net/v1", false));
  EXPECT_FALSE(cleartextUrl("http://localhost:8080/", false));
  EXPECT_FALSE(cleartextUrl("http://127.0.0.1/", false));
  EXPECT_FALSE(cleartextUrl("http://api.example.com/", false));
  EXPECT_FALSE(cleartextUrl("ftp://files.corp.net/", false)) << "STARTTLS schemes are the local check's";
  EXPECT_TRUE(cleartextUrl("ftp://files.corp.net/", true));
  EXPECT_FALSE(cleartextUrl("not a url", false));
  EXPECT_EQ(withoutUserInfo("http://svc:Hunter2@api.corp.net/v1?token=abc"), "http://api.corp.net/v1?...");
  EXPECT_EQ(withoutUserInfo("http://api.corp.net/v1"), "http://api.corp.net/v1");
}

}  // namespace

// The integer predicates of sink specs (checks/common/SinkSpec.h): each clause form, the
// aliases, and a malformed predicate that reports nothing.
TEST(Link, IntegerSinkPredicates) {
  EXPECT_TRUE(intPredicateHolds("zero", 0));
  EXPECT_FALSE(intPredicateHolds("zero", 2));
  EXPECT_TRUE(intPredicateHolds("peer-bit-clear", 2));
  EXPECT_FALSE(intPredicateHolds("peer-bit-clear", 3));
  EXPECT_TRUE(intPredicateHolds("int: < 2048", 1024));
  EXPECT_FALSE(intPredicateHolds("int: < 2048", 2048));
  EXPECT_TRUE(intPredicateHolds("int: in 0x0300, 0x0301, 0x0302", 0x301));
  EXPECT_FALSE(intPredicateHolds("int: in 0x0300, 0x0301, 0x0302", 0x303));
  EXPECT_TRUE(intPredicateHolds("int: bits-any 02", 0666));
  EXPECT_FALSE(intPredicateHolds("int: bits-any 02", 0644));
  EXPECT_TRUE(intPredicateHolds("int: bits-clear 02", 0));
  EXPECT_FALSE(intPredicateHolds("int: bits-clear 02", 022));
  // curl's CURLOPT_SSLVERSION: minimum in the low 16 bits, maximum above.
  const std::string curl = "int: and 0xFFFF in 1, 2, 3, 4, 5 | shr 16 in 4, 5";
  EXPECT_TRUE(intPredicateHolds(curl, 1));
  EXPECT_TRUE(intPredicateHolds(curl, 6 | (5 << 16)));  // TLS 1.2 minimum, TLS 1.1 maximum
  EXPECT_FALSE(intPredicateHolds(curl, 6));
  EXPECT_FALSE(intPredicateHolds(curl, 6 | (7 << 16)));
  EXPECT_TRUE(isIntPredicate(curl));
  EXPECT_FALSE(isIntPredicate("weak-cipher-list"));
  for (const char *bad : {"int: <", "int: in", "int: frobnicate 3", "int: shr 99 in 0", "int: < 12abc"})
    EXPECT_FALSE(intPredicateHolds(bad, 0)) << bad;
}

// A spec's message: the link step fills {value}, {detail} and {through}, and a run-time
// choice is a note that says so once.
TEST(Link, SpecMessageIsRenderedWithThePath) {
  TuSummary tu;
  Location use = at("main.cpp", 3), api = at("tls.cpp", 7);
  FlowValue zero = integer(0, at("main.cpp", 2));
  zero.runtimeChoice = true;
  zero.ints = {0, 2};
  tu.functions.push_back({"main", "main", {}, {call("setup", {zero}, use)}, {}, {}, {}});
  SinkFact verify = sink("tls-hostname-verification-disabled", "zero", param(0, api), api);
  verify.message = "curl_easy_setopt(CURLOPT_SSL_VERIFYHOST) is given {value}{through}: names are not checked";
  verify.level = "warning";
  tu.functions.push_back({"setup", "setup", {}, {}, {}, {}, {verify}});
  LinkResult result = linkSummaries({&tu}, {});
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding &f = result.findings[0];
  EXPECT_EQ(f.level, Level::Note);
  EXPECT_EQ(f.message, "curl_easy_setopt(CURLOPT_SSL_VERIFYHOST) is given 0 through parameter 1 of setup(): names are "
                       "not checked; the value is chosen at run time: insecure mode is reachable");
  EXPECT_EQ(f.properties.at("hops"), "1");
}
