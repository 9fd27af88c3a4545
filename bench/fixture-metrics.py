#!/usr/bin/env python3
"""Per-rule precision and recall of attest on its own fixture corpus.

Runs attest over tests/fixtures exactly as tests/e2e/FixtureTest.cpp does (one scan per
fixture file with its `// flags:`, `-std=` defaults and `-x c` for .c files; every
directory with a CMakeLists.txt, and examples/service, configured with CMake and scanned
with -p), then compares the SARIF results with the annotations on each line:

  // expect: rule[:level], ...   a finding of `rule` is expected on this line (true if found)
  // ok: why                     a safe look-alike: any finding here is a false positive
  // known gap ...               the expectation on this line records a known shortcoming

Counts, per rule (a finding matches an expectation by file, line and rule; the level is
compared separately):
  TP  expected and reported          FN  expected, not reported
  FP  reported, not expected         (FP on an `// ok:` line are also counted as FP-ok)
  level  TP whose level (or `suppressed`) differs from the expected one
  gap    expectations on `known gap` lines (included in TP/FN as annotated)

The test suite requires FP = FN = 0; this script measures instead of failing, so it also
works while fixtures and checks are being changed, and shows the known gaps.

usage: bench/fixture-metrics.py [--attest build/attest] [--json FILE] [--only SUBSTR] [-v]
"""
import argparse
import collections
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPECT_RE = re.compile(r"//\s*expect:\s*(.*)$")
FLAGS_RE = re.compile(r"^\s*//\s*flags:\s*(.*)$")
REQUIRES_RE = re.compile(r"^\s*//\s*requires-header:\s*(\S+)")
SOURCE_EXT = (".c", ".cpp", ".cc", ".h", ".hpp")


def discover(fixtures_root):
    found = []
    project_dirs = set()
    for dirpath, dirnames, filenames in os.walk(fixtures_root):
        dirnames.sort()
        if dirpath != fixtures_root and "CMakeLists.txt" in filenames:
            project_dirs.add(dirpath)
    def inside_project(path):
        d = os.path.dirname(path)
        while len(d) >= len(fixtures_root):
            if os.path.exists(os.path.join(d, "CMakeLists.txt")):
                return True
            if d == os.path.dirname(d):
                break
            d = os.path.dirname(d)
        return False
    for dirpath, dirnames, filenames in os.walk(fixtures_root):
        dirnames.sort()
        for f in sorted(filenames):
            p = os.path.join(dirpath, f)
            if f.endswith((".c", ".cpp")) and not inside_project(p):
                with open(p, encoding="utf-8", errors="replace") as fh:
                    if "// not-a-fixture" in fh.read():
                        continue
                found.append({"path": p, "project": False})
    for d in sorted(project_dirs):
        found.append({"path": d, "project": True})
    found.append({"path": os.path.join(ROOT, "examples", "service"), "project": True})
    return found


def annotate(path, notes):
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            m = FLAGS_RE.search(line)
            if m:
                notes["flags"] += m.group(1).split()
                continue
            m = REQUIRES_RE.search(line)
            if m:
                notes["requires"].append(m.group(1))
                continue
            gap = "known gap" in line
            m = EXPECT_RE.search(line)
            if m:
                for item in m.group(1).split(","):
                    item = item.strip()
                    if not item:
                        continue
                    rule, _, level = item.partition(":")
                    notes["expected"].append({"file": os.path.realpath(path), "line": number, "rule": rule.strip(),
                                              "level": level.strip() or None, "gap": gap,
                                              "note": line.split("//", 1)[1].strip() if gap else ""})
            if "// ok:" in line:
                notes["ok"].add((os.path.realpath(path), number))


def header_available(header, flags, scratch):
    probe = os.path.join(scratch, "probe.cpp")
    with open(probe, "w") as fh:
        fh.write("#include %s\n" % header)
    cmd = ["clang-19", "-fsyntax-only", "-x", "c++", "-std=c++20"] + flags + [probe]
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def results_of(sarif):
    run = sarif["runs"][0]
    bases = run.get("originalUriBaseIds", {})
    out = []
    for r in run.get("results", []):
        phys = r["locations"][0]["physicalLocation"]
        loc = phys["artifactLocation"]
        uri = loc["uri"]
        if "uriBaseId" in loc:
            uri = bases[loc["uriBaseId"]]["uri"] + uri
        if uri.startswith("file://"):
            uri = uri[7:]
        path = os.path.realpath(urllib.parse.unquote(uri))
        level = "suppressed" if r.get("suppressions") else r.get("level", "warning")
        out.append({"file": path, "line": phys["region"]["startLine"], "rule": r["ruleId"], "level": level})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--attest", default=os.path.join(ROOT, "build", "attest"), help="attest binary")
    ap.add_argument("--json", help="also write the per-rule table and every mismatch as JSON")
    ap.add_argument("--only", help="only fixtures whose path contains this substring")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every FP, FN, level mismatch and gap")
    args = ap.parse_args()
    attest = os.path.abspath(args.attest)
    if not os.access(attest, os.X_OK):
        sys.exit("fixture-metrics: no attest binary at %s (use --attest)" % attest)

    catalog = json.loads(subprocess.run([attest, "rules", "--format", "json"], capture_output=True, text=True,
                                        check=True).stdout)
    default_level = {r["id"]: r["level"] for r in catalog["rules"]}
    env = dict(os.environ, ATTEST_NO_CACHE="1")
    scratch = tempfile.mkdtemp(prefix="attest-fixture-metrics-")
    stats = collections.defaultdict(collections.Counter)
    details = []
    skipped, failed = [], []
    fixtures = discover(os.path.join(ROOT, "tests", "fixtures"))
    if args.only:
        fixtures = [f for f in fixtures if args.only in f["path"]]
    try:
        for i, fx in enumerate(fixtures):
            rel = os.path.relpath(fx["path"], ROOT)
            notes = {"flags": [], "requires": [], "expected": [], "ok": set()}
            sarif_path = os.path.join(scratch, "f%d.sarif" % i)
            cmd = [attest, "scan"]
            if fx["project"]:
                for dirpath, _, filenames in os.walk(fx["path"]):
                    for f in filenames:
                        if f.endswith(SOURCE_EXT):
                            annotate(os.path.join(dirpath, f), notes)
                build = os.path.join(scratch, "project-%d" % i)
                conf = subprocess.run(["cmake", "-S", fx["path"], "-B", build, "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"],
                                      capture_output=True, text=True)
                if conf.returncode != 0:
                    failed.append((rel, "cmake configure failed"))
                    continue
                cmd += [fx["path"], "-p", build]
            else:
                annotate(fx["path"], notes)
                missing = [h for h in notes["requires"] if not header_available(h, notes["flags"], scratch)]
                if missing:
                    skipped.append((rel, "header %s is not installed" % missing[0]))
                    continue
                cmd.append(fx["path"])
            cmd += ["--sarif", sarif_path, "--fail-on", "none"]
            if not fx["project"]:
                cmd.append("--")
                is_c = fx["path"].endswith(".c")
                if not any(f.startswith("-std=") for f in notes["flags"]):
                    cmd.append("-std=c11" if is_c else "-std=c++20")
                if is_c:
                    cmd += ["-x", "c"]
                cmd += notes["flags"]
            run = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=scratch)
            if run.returncode != 0 or not os.path.exists(sarif_path):
                failed.append((rel, "attest exit %d: %s" % (run.returncode, run.stderr.strip()[-300:])))
                continue
            with open(sarif_path) as fh:
                sarif = json.load(fh)
            props = sarif["runs"][0].get("invocations", [{}])[0].get("properties", {})
            if props.get("tusFailedToParse", 0):
                failed.append((rel, "%d TU(s) failed to parse" % props["tusFailedToParse"]))
            actual = results_of(sarif)
            remaining = list(actual)
            for exp in notes["expected"]:
                rule = exp["rule"]
                want_level = exp["level"] or default_level.get(rule, "unknown-rule")
                stats[rule]["expected"] += 1
                if exp["gap"]:
                    stats[rule]["gap"] += 1
                    details.append({"kind": "gap", "rule": rule, "at": "%s:%d" % (os.path.relpath(exp["file"], ROOT), exp["line"]),
                                    "note": exp["note"]})
                match = next((a for a in remaining if a["file"] == exp["file"] and a["line"] == exp["line"]
                              and a["rule"] == rule), None)
                where = "%s:%d" % (os.path.relpath(exp["file"], ROOT), exp["line"])
                if match is None:
                    stats[rule]["FN"] += 1
                    details.append({"kind": "FN", "rule": rule, "at": where})
                    continue
                remaining.remove(match)
                stats[rule]["TP"] += 1
                if match["level"] != want_level:
                    stats[rule]["level"] += 1
                    details.append({"kind": "level", "rule": rule, "at": where,
                                    "note": "expected %s, reported %s" % (want_level, match["level"])})
            for a in remaining:
                stats[a["rule"]]["FP"] += 1
                on_ok = (a["file"], a["line"]) in notes["ok"]
                if on_ok:
                    stats[a["rule"]]["FP-ok"] += 1
                details.append({"kind": "FP", "rule": a["rule"], "at": "%s:%d" % (os.path.relpath(a["file"], ROOT), a["line"]),
                                "note": "on an // ok: line" if on_ok else "on an unannotated line"})
            stats["*"]["ok-lines"] += len(notes["ok"])
            print("  %-70s expected %3d, reported %3d" % (rel, len(notes["expected"]), len(actual)), file=sys.stderr)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def ratio(a, b):
        return "%.3f" % (a / b) if b else "n/a"

    rules = sorted(r for r in stats if r != "*")
    total = collections.Counter()
    header = "%-38s %5s %5s %5s %6s %5s %9s %7s" % ("rule", "TP", "FP", "FN", "level", "gap", "precision", "recall")
    print(header)
    print("-" * len(header))
    rows = []
    for r in rules:
        s = stats[r]
        for k in ("TP", "FP", "FN", "level", "gap", "FP-ok"):
            total[k] += s[k]
        row = {"rule": r, "TP": s["TP"], "FP": s["FP"], "FP_on_ok_lines": s["FP-ok"], "FN": s["FN"],
               "level_mismatch": s["level"], "known_gap": s["gap"],
               "precision": s["TP"] / (s["TP"] + s["FP"]) if s["TP"] + s["FP"] else None,
               "recall": s["TP"] / (s["TP"] + s["FN"]) if s["TP"] + s["FN"] else None}
        rows.append(row)
        print("%-38s %5d %5d %5d %6d %5d %9s %7s" % (r, s["TP"], s["FP"], s["FN"], s["level"], s["gap"],
                                                    ratio(s["TP"], s["TP"] + s["FP"]), ratio(s["TP"], s["TP"] + s["FN"])))
    print("-" * len(header))
    print("%-38s %5d %5d %5d %6d %5d %9s %7s" % ("all rules", total["TP"], total["FP"], total["FN"], total["level"],
                                                total["gap"], ratio(total["TP"], total["TP"] + total["FP"]),
                                                ratio(total["TP"], total["TP"] + total["FN"])))
    print("\nfixtures: %d scanned, %d skipped, %d with problems; %d `// ok:` safe cases, %d of them with a finding (FP)"
          % (len(fixtures) - len(skipped) - len(failed), len(skipped), len(failed), stats["*"]["ok-lines"], total["FP-ok"]))
    gaps = [d for d in details if d["kind"] == "gap"]
    level_gaps = [d for d in gaps if re.search(r"should be (?:a |an )?(?:warning|error|note)", d.get("note", ""))]
    if gaps:
        print("known gaps: %d expectation(s) record current behaviour that is wrong; %d of them a wrong level "
              "(counted as TP above: the finding is there)" % (len(gaps), len(level_gaps)))
    for rel, why in skipped:
        print("  skipped %s: %s" % (rel, why))
    for rel, why in failed:
        print("  problem %s: %s" % (rel, why))
    kinds = ("FP", "FN", "level", "gap") if args.verbose else ("FP", "FN")
    listed = [d for d in details if d["kind"] in kinds]
    if listed:
        print()
        for d in sorted(listed, key=lambda d: (d["kind"], d["rule"], d["at"])):
            print("  %-5s %-36s %s%s" % (d["kind"], d["rule"], d["at"], ("  (" + d["note"] + ")") if d.get("note") else ""))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"rules": rows, "details": details, "skipped": skipped, "problems": failed}, fh, indent=2)


if __name__ == "__main__":
    main()
