#!/usr/bin/env python3
"""Sink kinds x the ways a value reaches them (issue 18).

One table of sinks (an API call with an insecure and a safe value) and five flow kinds:
  ret-same      returned by a static inline helper in the same file
  ret-cross     returned by a function defined in another file
  extern-const  an extern const defined in another file
  local         a non-const local variable written once
  param-chain   passed down a chain of three functions to the call

  flows.py fixtures DIR         writes DIR/<flow>/ (a CMake project each) with `// expect:`
                                comments: the fixture suite runs them (tests/fixtures/multi/flows-*)
  flows.py mutate DB ATTEST     injects each (sink, flow) case, one at a time, into a C file of
                                a real project's compile database, scans that file (and the
                                helper file) with its own flags, and prints recall per flow kind

The bad value must be reported at the call and the safe twin must stay quiet. Nothing here
knows what attest does: the expectations are the APIs' documented semantics.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import defaultdict

# name, rule, expected level, headers, the sink function's extra parameters, the statement
# with {V}, the value's C type, bad value, safe value, setup statements before the call.
SINKS = [
    dict(name="verify_peer", rule="tls-verification-disabled", level="error", headers=["curl/curl.h"],
         params="CURL *c", call="curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, {V});", type="long",
         bad="0L", good="1L"),
    dict(name="verify_mode", rule="tls-verification-disabled", level="error", headers=["openssl/ssl.h"],
         params="void", setup="SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());",
         call="SSL_CTX_set_verify(ctx, {V}, NULL);", type="int", bad="SSL_VERIFY_NONE", good="SSL_VERIFY_PEER"),
    dict(name="verify_host", rule="tls-hostname-verification-disabled", level="error", headers=["curl/curl.h"],
         params="CURL *c", call="curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, {V});", type="long",
         bad="0L", good="2L"),
    dict(name="ssl_version", rule="tls-obsolete-protocol", level=None, headers=["curl/curl.h"],
         params="CURL *c", call="curl_easy_setopt(c, CURLOPT_SSLVERSION, {V});", type="long",
         bad="(long)CURL_SSLVERSION_TLSv1_0", good="(long)CURL_SSLVERSION_TLSv1_2"),
    dict(name="min_proto", rule="tls-obsolete-protocol", level=None, headers=["openssl/ssl.h"],
         params="void", setup="SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());",
         call="SSL_CTX_set_min_proto_version(ctx, {V});", type="int", bad="TLS1_VERSION", good="TLS1_2_VERSION"),
    dict(name="security_level", rule="tls-security-level-lowered", level="warning", headers=["openssl/ssl.h"],
         params="SSL_CTX *ctx", call="SSL_CTX_set_security_level(ctx, {V});", type="int", bad="0", good="2"),
    dict(name="cipher_list", rule="tls-weak-cipher", level=None, headers=["openssl/ssl.h"],
         params="void", setup="SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());",
         call="SSL_CTX_set_cipher_list(ctx, {V});", type="const char *", bad='"RC4-MD5"',
         good='"ECDHE-ECDSA-AES256-GCM-SHA384"'),
    dict(name="url", rule="transport-cleartext", level=None, headers=["curl/curl.h"],
         params="CURL *c", call="curl_easy_setopt(c, CURLOPT_URL, {V});", type="const char *",
         bad='"http://api.payments.internal/v1/charge"', good='"https://api.payments.internal/v1/charge"'),
    dict(name="digest_name", rule="crypto-weak-hash", level=None, headers=["openssl/evp.h"],
         params="void", call="EVP_get_digestbyname({V});", type="const char *", bad='"MD5"', good='"SHA256"'),
    dict(name="sign_digest", rule="crypto-weak-hash", level=None, headers=["openssl/evp.h"],
         params="EVP_MD_CTX *m, EVP_PKEY *k", call="EVP_DigestSignInit_ex(m, NULL, {V}, NULL, NULL, k, NULL);",
         type="const char *", bad='"MD5"', good='"SHA256"'),
    dict(name="cipher_name", rule="crypto-weak-cipher", level="error", headers=["openssl/evp.h"],
         params="void", call="EVP_get_cipherbyname({V});", type="const char *", bad='"rc4"', good='"aes-256-gcm"'),
    dict(name="rsa_bits", rule="crypto-weak-key", level=None, headers=["openssl/evp.h", "openssl/rsa.h"],
         params="EVP_PKEY_CTX *g", call="EVP_PKEY_CTX_set_rsa_keygen_bits(g, {V});", type="int", bad="1024",
         good="3072"),
    dict(name="ec_curve", rule="crypto-weak-key", level=None, headers=["openssl/ec.h", "openssl/obj_mac.h"],
         params="void", call="EC_KEY_new_by_curve_name({V});", type="int", bad="NID_secp160r1",
         good="NID_X9_62_prime256v1"),
    dict(name="pbkdf2_iterations", rule="crypto-weak-key", level="error", headers=["openssl/evp.h"],
         params="const char *pw, const unsigned char *salt, unsigned char *out",
         call="PKCS5_PBKDF2_HMAC(pw, 8, salt, 16, {V}, EVP_sha256(), 32, out);", type="int", bad="1000",
         good="600000"),
    dict(name="chmod_mode", rule="storage-world-readable", level="error", headers=["sys/stat.h"],
         params="const char *path", call="chmod(path, {V});", type="mode_t", bad="0666", good="0600"),
    dict(name="umask_mask", rule="storage-world-readable", level=None, headers=["sys/stat.h"],
         params="void", call="umask({V});", type="mode_t", bad="0", good="077"),
    dict(name="smtp", rule="secrets-hardcoded-credential", level=None, headers=["curl/curl.h"],
         params="CURL *c", call="curl_easy_setopt(c, CURLOPT_PASSWORD, {V});", type="const char *",
         bad='"Vx9!qT4#mZp2Lr7w"', good='getenv("SMTP_PASSWORD")', goodRuntime=True),
]

FLOWS = ["ret-same", "ret-cross", "extern-const", "local", "param-chain"]
# More shapes, measured by `mutate` (and written as fixtures too): a #define, a static const,
# a helper with an early return, a helper returning another file's helper, a global set
# in another file's init function, an out-parameter, a field of a global struct.
MORE_FLOWS = ["define", "static-const", "ret-early", "ret-nested-cross", "global-init", "out-param", "field",
              "field-init"]


def ctype(s):
    return s["type"]


def decl(s, name):
    t = ctype(s)
    return f"{t}{'' if t.endswith('*') else ' '}{name}"


def includes(s, extra=()):
    return "".join(f"#include <{h}>\n" for h in list(s["headers"]) + list(extra))


def sink_body(s, value, comment):
    setup = ("  " + s["setup"] + "\n") if s.get("setup") else ""
    return setup + "  " + s["call"].replace("{V}", value) + "  // " + comment + "\n"


def expect(s):
    return "expect: " + s["rule"] + (":" + s["level"] if s["level"] else "")


def params(s, more=""):
    p = s["params"]
    if p == "void":
        return more or "void"
    return p + (", " + more if more else "")


def case_files(s, flow, variant):
    """The files of one case: {name: text}; the sink line holds `// expect:` or `// ok:`."""
    value = s[variant]
    tag = f"{s['name']}_{variant}"
    comment = expect(s) if variant == "bad" else "ok: a safe value"
    needs_stdlib = "getenv" in value
    std = ["stdlib.h"] if needs_stdlib else []
    files = {}
    if flow == "ret-same":
        files["main.c"] = (includes(s, std) + f"\nstatic inline {decl(s, tag + '_value')}(void) {{ return {value}; }}\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"{tag}_value()", comment) + "}\n")
    elif flow == "ret-cross":
        files["values.c"] = includes(s, std) + f"\n{decl(s, tag + '_value')}(void) {{ return {value}; }}\n"
        files["main.c"] = (includes(s) + f"\n{decl(s, tag + '_value')}(void);\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"{tag}_value()", comment) + "}\n")
    elif flow == "extern-const":
        if needs_stdlib:
            return None  # a run-time value is no constant initializer
        const = decl(s, "const k_" + tag) if not ctype(s).endswith("*") else f"{ctype(s)} const k_{tag}"
        files["values.c"] = includes(s) + f"\nextern {const};\n{const} = {value};\n"
        files["main.c"] = (includes(s) + f"\nextern {const};\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"k_{tag}", comment) + "}\n")
    elif flow == "local":
        files["main.c"] = (includes(s, std) + f"\nvoid use_{tag}({params(s)}) {{\n  {decl(s, 'v')};\n  v = {value};\n" +
                           sink_body(s, "v", comment) + "}\n")
    elif flow == "define":
        files["main.c"] = (includes(s, std) + f"\n#define {tag.upper()}_VALUE {value}\n\nvoid use_{tag}({params(s)}) {{\n" +
                           sink_body(s, f"{tag.upper()}_VALUE", comment) + "}\n")
    elif flow == "static-const":
        if needs_stdlib:
            return None
        const = decl(s, "const k_" + tag) if not ctype(s).endswith("*") else f"{ctype(s)} const k_{tag}"
        files["main.c"] = (includes(s) + f"\nstatic {const} = {value};\n\nvoid use_{tag}({params(s)}) {{\n" +
                           sink_body(s, f"k_{tag}", comment) + "}\n")
    elif flow == "ret-early":
        files["values.c"] = (includes(s, std) + f"\n{decl(s, tag + '_value')}(int fast) {{\n  if (fast) return {value};\n"
                             f"  return {value};\n}}\n")
        files["main.c"] = (includes(s) + f"\n{decl(s, tag + '_value')}(int fast);\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"{tag}_value(1)", comment) + "}\n")
    elif flow == "ret-nested-cross":
        files["values.c"] = (includes(s, std) + f"\nstatic {decl(s, tag + '_inner')}(void) {{ return {value}; }}\n"
                             f"{decl(s, tag + '_value')}(void) {{ return {tag}_inner(); }}\n")
        files["main.c"] = (includes(s) + f"\n{decl(s, tag + '_value')}(void);\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"{tag}_value()", comment) + "}\n")
    elif flow == "global-init":
        files["values.c"] = (includes(s, std) + f"\n{decl(s, 'g_' + tag)};\nvoid init_{tag}(void) {{ g_{tag} = {value}; }}\n")
        files["main.c"] = (includes(s) + f"\nextern {decl(s, 'g_' + tag)};\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"g_{tag}", comment) + "}\n")
    elif flow == "out-param":
        files["values.c"] = (includes(s, std) + f"\nvoid get_{tag}({decl(s, '*out')}) {{ *out = {value}; }}\n")
        body = sink_body(s, "v", comment)
        files["main.c"] = (includes(s) + f"\nvoid get_{tag}({decl(s, '*out')});\n\n"
                           f"void use_{tag}({params(s)}) {{\n  {decl(s, 'v')};\n  get_{tag}(&v);\n" + body + "}\n")
    elif flow == "field":
        files["values.c"] = (includes(s, std) + f"\nstruct settings_{tag} {{ {decl(s, 'value')}; int other; }};\n"
                             f"struct settings_{tag} g_settings_{tag};\n"
                             f"void init_{tag}(void) {{ g_settings_{tag}.value = {value}; }}\n")
        files["main.c"] = (includes(s) + f"\nstruct settings_{tag} {{ {decl(s, 'value')}; int other; }};\n"
                           f"extern struct settings_{tag} g_settings_{tag};\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"g_settings_{tag}.value", comment) + "}\n")
    elif flow == "field-init":
        if needs_stdlib:
            return None
        files["values.c"] = (includes(s) + f"\nstruct settings_{tag} {{ int other; {decl(s, 'value')}; }};\n"
                             f"struct settings_{tag} g_settings_{tag} = {{.other = 1, .value = {value}}};\n")
        files["main.c"] = (includes(s) + f"\nstruct settings_{tag} {{ int other; {decl(s, 'value')}; }};\n"
                           f"extern struct settings_{tag} g_settings_{tag};\n\n"
                           f"void use_{tag}({params(s)}) {{\n" + sink_body(s, f"g_settings_{tag}.value", comment) + "}\n")
    elif flow == "param-chain":
        p3 = params(s, decl(s, "v"))
        args = ", ".join(a.split()[-1].lstrip("*") for a in s["params"].split(", ")) if s["params"] != "void" else ""
        fwd = (args + ", v") if args else "v"
        files["sink.c"] = (includes(s) + f"\nvoid set3_{tag}({p3}) {{\n" + sink_body(s, "v", comment) + "}\n"
                           f"void set2_{tag}({p3}) {{ set3_{tag}({fwd}); }}\n"
                           f"void set1_{tag}({p3}) {{ set2_{tag}({fwd}); }}\n")
        files["main.c"] = (includes(s, std) + f"\nvoid set1_{tag}({p3});\n\nvoid use_{tag}({params(s)}) {{\n"
                           f"  set1_{tag}({(args + ', ') if args else ''}{value});\n}}\n")
    return files


def fixtures(out):
    """One project per flow kind: every case's parts merged into main.c, values.c, sink.c."""
    headers = sorted({h for s in SINKS for h in s["headers"]} | {"stdlib.h"})
    top = "".join(f"#include <{h}>\n" for h in headers)
    for flow in FLOWS + MORE_FLOWS:
        d = os.path.join(out, "flows-" + flow)
        os.makedirs(d, exist_ok=True)
        merged = defaultdict(list)
        for s in SINKS:
            for variant in ("bad", "good"):
                for name, text in (case_files(s, flow, variant) or {}).items():
                    merged[name].append("".join(l + "\n" for l in text.split("\n") if l and not l.startswith("#include")))
        sources = sorted(merged)
        with open(os.path.join(d, "CMakeLists.txt"), "w") as f:
            f.write(f"# tests/fixtures/multi/flows-{flow} (issue 18): every sink kind, the value {flow_text(flow)};\n"
                    "# written by bench/flows.py fixtures. The fixture runner only configures it.\n"
                    "cmake_minimum_required(VERSION 3.16)\n"
                    f"project(multi_flows_{flow.replace('-', '_')} LANGUAGES C)\n"
                    f"add_library(app STATIC {' '.join(sources)})\n")
        for name, parts in merged.items():
            with open(os.path.join(d, name), "w") as f:
                f.write(f"// Written by bench/flows.py: each sink kind with the value {flow_text(flow)}\n"
                        "// (the insecure value, then its safe twin).\n" + top + "\n" + "\n".join(parts))


def flow_text(flow):
    return {"define": "in a #define", "static-const": "in a static const",
            "ret-early": "returned by a helper in another file with an early return",
            "ret-nested-cross": "returned by a helper in another file that returns a static helper's value",
            "global-init": "in a global set by another file's init function",
            "out-param": "written through an out-parameter by a function in another file",
            "field": "in a field of a global struct set in another file",
            "field-init": "in a field of a global struct's designated initializer in another file",
            "ret-same": "returned by a static inline helper in the same file",
            "ret-cross": "returned by a function in another file",
            "extern-const": "in an extern const defined in another file",
            "local": "in a non-const local variable written once",
            "param-chain": "passed down three functions"}[flow]


def mutate(db_path, attest):
    """Each case appended to a copy of one C TU of the database, beside it (so its own
    includes resolve), compiled with that TU's flags; the helper files go beside it too."""
    db = json.load(open(db_path))
    entry = next((e for e in db if e["file"].endswith(".c") and os.path.exists(
        os.path.join(e["directory"], e["file"]))), None)
    if not entry:
        sys.exit("flows.py: no C file in " + db_path)
    directory = entry["directory"]
    source = os.path.normpath(os.path.join(directory, entry["file"]))
    here = os.path.dirname(source)
    args = entry.get("arguments") or shlex.split(entry["command"])
    args = [a for a in args if a not in (entry["file"], source)]
    if "-o" in args:
        i = args.index("-o")
        del args[i:i + 2]
    original = open(source, errors="replace").read() + "\n/* bench/flows.py: injected below */\n"
    found, total, safe_reported = defaultdict(int), defaultdict(int), defaultdict(int)
    with tempfile.TemporaryDirectory() as tmp:
        for s in SINKS:
            for flow in FLOWS + MORE_FLOWS:
                for variant in ("bad", "good"):
                    files = case_files(s, flow, variant)
                    if not files:
                        continue
                    written, entries, texts = [], [], {}
                    for name, text in files.items():
                        path = os.path.join(here, "attest-flows-" + name)
                        texts[path] = (original + text) if name == "main.c" else text
                        open(path, "w").write(texts[path])
                        written.append(path)
                        entries.append({"directory": directory, "file": path, "arguments": args + [path]})
                    try:
                        json.dump(entries, open(os.path.join(tmp, "compile_commands.json"), "w"))
                        sarif = os.path.join(tmp, "out.sarif")
                        if os.path.exists(sarif):
                            os.remove(sarif)
                        subprocess.run([attest, "scan", *written, "-p", tmp, "--no-cache", "--sarif", sarif,
                                        "--allow-incomplete", "--quiet"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        results = json.load(open(sarif))["runs"][0]["results"] if os.path.exists(sarif) else []
                    finally:
                        for path in written:
                            os.remove(path)
                    # A finding of the rule on an injected line: the call, or where the value is
                    # written (a secret is reported where it is written).
                    injected = {}
                    for path, text in texts.items():
                        start = text.count("\n", 0, len(original)) if path.endswith("main.c") else 0
                        injected[os.path.basename(path)] = start
                    hit = False
                    for r in results:
                        loc = r["locations"][0]["physicalLocation"]
                        base = os.path.basename(loc["artifactLocation"]["uri"])
                        if r["ruleId"] == s["rule"] and base in injected and \
                                loc["region"]["startLine"] > injected[base]:
                            hit = True
                    if variant == "bad":
                        total[flow] += 1
                        found[flow] += hit
                        if not hit:
                            print(f"missed: {s['name']} {flow}")
                    elif hit:
                        safe_reported[flow] += 1
                        print(f"safe twin reported: {s['name']} {flow}")
    print(f"injected into {source}")
    for flow in FLOWS + MORE_FLOWS:
        print(f"{flow:16s} recall {found[flow]}/{total[flow]} = {found[flow] / max(total[flow], 1):.2f}"
              f"   safe twins reported: {safe_reported[flow]}")
    all_found, all_total = sum(found.values()), sum(total.values())
    print(f"{'overall':16s} recall {all_found}/{all_total} = {all_found / max(all_total, 1):.2f}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixtures":
        fixtures(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "mutate":
        mutate(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
