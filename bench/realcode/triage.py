#!/usr/bin/env python3
"""Precision on real code: joins SARIF results with the hand triage in triage.tsv.

    bench/realcode/triage.py triage.tsv A.sarif [B.sarif ...] [--untriaged-out NEW.tsv]

triage.tsv rows: project<TAB>path<TAB>line<TAB>rule<TAB>verdict<TAB>reason, where project
is the SARIF file's stem, path is relative to the project's source root (a trailing
component match: the result's path must end with it), verdict is TP, FP or debatable
(test/example context findings are marked debatable unless the context makes them true).
A result with no row is untriaged and printed, so a changed or new finding shows up.
Prints precision TP/(TP+FP) per rule and overall, and the debatable counts apart.
"""
import collections
import json
import os
import sys
import urllib.parse


def results(path):
    run = json.load(open(path))["runs"][0]
    for r in run.get("results", []):
        loc = r["locations"][0]["physicalLocation"]
        uri = urllib.parse.unquote(loc["artifactLocation"]["uri"])
        yield uri, loc.get("region", {}).get("startLine", 0), r["ruleId"], r.get("level", "warning"), \
            r.get("properties", {}).get("context", "product"), r["message"]["text"]


def main(argv):
    out = None
    if "--untriaged-out" in argv:
        i = argv.index("--untriaged-out")
        out = argv[i + 1]
        del argv[i:i + 2]
    triage = {}
    for line in open(argv[1]):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        project, path, lineno, rule, verdict = cols[:5]
        triage[(project, path, int(lineno), rule)] = (verdict, cols[5] if len(cols) > 5 else "")
    counts = collections.defaultdict(collections.Counter)
    untriaged = []
    for sarif in argv[2:]:
        project = os.path.splitext(os.path.basename(sarif))[0]
        for uri, line, rule, level, context, message in results(sarif):
            hit = None
            for (p, path, l, r), v in triage.items():
                if p == project and r == rule and l == line and (uri == path or uri.endswith("/" + path)):
                    hit = v
                    break
            if not hit:
                untriaged.append((project, uri, line, rule, level, message))
                counts[rule]["untriaged"] += 1
                continue
            counts[rule][hit[0]] += 1
            if context != "product":
                counts[rule]["context:" + context] += 1
    total = collections.Counter()
    print(f"{'rule':40} {'TP':>4} {'FP':>4} {'deb':>4} {'new':>4}  precision")
    for rule in sorted(counts):
        c = counts[rule]
        total.update(c)
        tp, fp = c["TP"], c["FP"]
        prec = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        print(f"{rule:40} {tp:4} {fp:4} {c['debatable']:4} {c['untriaged']:4}  {prec}")
    tp, fp = total["TP"], total["FP"]
    print(f"{'all':40} {tp:4} {fp:4} {total['debatable']:4} {total['untriaged']:4}  "
          f"{(tp / (tp + fp)) if tp + fp else float('nan'):.2f}")
    if untriaged:
        print(f"\n{len(untriaged)} untriaged finding(s):")
        for u in untriaged:
            print("\t".join(map(str, u[:4])) + "\t?\t" + u[5][:120])
        if out:
            with open(out, "w") as f:
                for u in untriaged:
                    f.write("\t".join(map(str, u[:4])) + "\t?\t" + u[5][:160].replace("\t", " ") + "\n")
    return 1 if untriaged else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
