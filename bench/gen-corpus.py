#!/usr/bin/env python3
"""Writes N translation units of realistic service code (OpenSSL, libcurl, Boost.Asio
headers, a mix of safe and insecure calls) and a compile_commands.json.
   bench/gen-corpus.py N OUTDIR"""
import json, os, random, sys

n, out = int(sys.argv[1]), os.path.abspath(sys.argv[2])
os.makedirs(os.path.join(out, "src"), exist_ok=True)
random.seed(42)
HEADERS = [
    ["<openssl/ssl.h>", "<openssl/evp.h>"],
    ["<curl/curl.h>"],
    ["<boost/asio/ip/tcp.hpp>", "<boost/asio/ssl.hpp>"],
    ["<openssl/ssl.h>", "<curl/curl.h>", "<string>", "<vector>", "<map>"],
]
BODIES = {
    "<openssl/ssl.h>": """
SSL_CTX *make_client_{i}() {{
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, {mode}, nullptr);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  return ctx;
}}""",
    "<curl/curl.h>": """
int fetch_{i}(const char *url) {{
  CURL *h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, {peer}L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? 0 : 1;
}}""",
    "<boost/asio/ssl.hpp>": """
void upstream_{i}(boost::asio::io_context &io) {{
  boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
  ctx.set_verify_mode(boost::asio::ssl::{asio});
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> s(io, ctx);
  (void)s;
}}""",
}
db = []
for i in range(n):
    headers = HEADERS[i % len(HEADERS)]
    text = "".join(f"#include {h}\n" for h in headers)
    text += "\nnamespace svc {\n"
    for h in headers:
        if h in BODIES:
            text += BODIES[h].format(i=i, mode="SSL_VERIFY_NONE" if random.random() < 0.1 else "SSL_VERIFY_PEER",
                                     peer=0 if random.random() < 0.1 else 1,
                                     asio="verify_none" if random.random() < 0.1 else "verify_peer")
    text += "\nint helper_%d(int x) { int s = 0; for (int k = 0; k < x; ++k) s += k * %d; return s; }\n}\n" % (i, i)
    path = os.path.join(out, "src", f"tu{i:04d}.cpp")
    open(path, "w").write(text)
    db.append({"directory": out, "file": path, "arguments": ["c++", "-std=c++17", "-O2", "-c", path, "-o", path + ".o"]})
json.dump(db, open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
print(f"wrote {n} TUs and compile_commands.json to {out}")
