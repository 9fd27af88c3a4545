#!/usr/bin/env python3
"""Where a TU's time goes: the parse against attest's analysis, in instructions (issue 21).

  bench/split.py DB_DIR [--attest build/attest] [--tus N] [--only SUBSTRING]

Runs `attest scan FILE --no-cache -j1` under valgrind's callgrind for each of N TUs of the
compilation database (the largest source files first), and splits the worker's
instructions into
  parse     clang::ParseAST without attest's AST consumer (what clang -fsyntax-only does)
  analysis  the consumer (matchers, checks, summaries) and the outcome's encoding for the
            parent process, without the one-time compilation of the secret patterns
so that the ratio analysis/parse is the same on a busy machine as on a quiet one
(instruction counts do not depend on other load; wall time does). Prints one row per TU,
the worst TU, and the total, as a table for the closing note.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

FUNCTIONS = {
    "parse": re.compile(r"clang::ParseAST\(clang::Sema&, bool, bool\)"),
    "consumer": re.compile(r"UserScopeConsumer::HandleTranslationUnit"),
    "encode": re.compile(r"attest::encodeOutcome"),
    "patterns": re.compile(r"attest::secrets::parsePatternCatalog"),
}


def inclusive(callgrind_out):
    """Inclusive instruction counts of FUNCTIONS, from callgrind_annotate (outermost call)."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", callgrind_out],
                          capture_output=True, text=True).stdout
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(", line)
        if not m:
            continue
        for key, pattern in FUNCTIONS.items():
            if key not in found and pattern.search(line):
                found[key] = int(m.group(1).replace(",", ""))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db_dir")
    ap.add_argument("--attest", default=os.path.join(os.path.dirname(__file__), "..", "build", "attest"))
    ap.add_argument("--tus", type=int, default=8)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    db = json.load(open(os.path.join(args.db_dir, "compile_commands.json")))
    entries = []
    for e in db:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if args.only in path and os.path.exists(path):
            entries.append((os.path.getsize(path), path, e))
    entries.sort(key=lambda t: -t[0])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for _, path, entry in entries[:args.tus]:
            json.dump([entry], open(os.path.join(tmp, "compile_commands.json"), "w"))
            for old in glob.glob(os.path.join(tmp, "cg.*")):
                os.remove(old)
            subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                            f"--callgrind-out-file={tmp}/cg.%p", args.attest, "scan", path, "-p", tmp,
                            "--no-cache", "-j1", "--allow-incomplete"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            counts = {}
            for out in glob.glob(os.path.join(tmp, "cg.*")):
                found = inclusive(out)
                if "consumer" in found:  # the worker process
                    counts = found
            if "parse" not in counts or "consumer" not in counts:
                print(f"{path}: no worker profile (did it parse?)", file=sys.stderr)
                continue
            consumer = counts["consumer"] - counts.get("patterns", 0)
            parse = counts["parse"] - counts["consumer"]
            analysis = consumer + counts.get("encode", 0)
            rows.append((path, parse, analysis))
    if not rows:
        sys.exit("split.py: no TU measured")
    common = os.path.commonpath([r[0] for r in rows])
    print("| TU | parse (M instr.) | analysis (M instr.) | analysis / parse |")
    print("|---|---|---|---|")
    for path, parse, analysis in rows:
        print(f"| {os.path.relpath(path, common)} | {parse / 1e6:.0f} | {analysis / 1e6:.0f} | {analysis / parse:.2f} |")
    worst = max(rows, key=lambda r: r[2] / r[1])
    tp, ta = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"| **all {len(rows)}** | {tp / 1e6:.0f} | {ta / 1e6:.0f} | **{ta / tp:.2f}** |")
    print(f"\nworst TU: {os.path.relpath(worst[0], common)} at {worst[2] / worst[1]:.2f}; "
          f"a project's attest/clang ratio is about 1 + analysis/parse")


if __name__ == "__main__":
    main()
