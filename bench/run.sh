#!/usr/bin/env bash
# Benchmark: on one compilation database, one after another in this session,
#   (a) clang-19 -fsyntax-only over every TU with the database's own flags,
#   (b) attest scan with all rules (cache off),
#   (c) clang-tidy-19 with comparable security checks,
# each with the same -j; then (d) attest again with a filled result cache (warm) and
# (e) attest with -j 1; prints wall, CPU and peak RSS (medians of --runs), the ratios b/a
# and b/c, warm/cold and the -j speed-up.
#   bench/run.sh BUILD_DIR [-j N] [--runs R] [--attest PATH]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
db_dir="${1:?usage: bench/run.sh BUILD_DIR [-j N] [--runs R] [--attest PATH]}"; shift
jobs="$(nproc)"; runs=3; attest="$here/../build/attest"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -j) jobs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --attest) attest="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
db="$db_dir/compile_commands.json"
[[ -f "$db" ]] || { echo "no $db" >&2; exit 2; }
command -v clang-tidy-19 >/dev/null || { echo "bench needs clang-tidy-19 (apt-get install clang-tidy-19)" >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# One shell command per TU: the database's own command, as -fsyntax-only with clang-19.
python3 "$here/commands.py" "$db" > "$work/syntax.cmds"
tus=$(wc -l < "$work/syntax.cmds")
checks='-*,cert-msc30-c,cert-msc50-cpp,cert-msc32-c,cert-msc51-cpp,cert-err33-c,bugprone-*'
python3 -c 'import json,sys; [print(e["file"] if e["file"].startswith("/") else e["directory"]+"/"+e["file"]) for e in json.load(open(sys.argv[1]))]' "$db" > "$work/files"

# measure NAME COMMAND...: wall seconds, CPU seconds (user+sys, children included), peak RSS of the largest process (MB)
measure() {
  local name="$1"; shift
  for ((r = 1; r <= runs; r++)); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || true
    read -r wall user sys rss < <(tail -1 "$work/t")
    echo "$name $wall $(echo "$user + $sys" | bc) $((rss / 1024))" >> "$work/results"
  done
}

# A command that does not compile finishes early and flatters clang: count them first.
failed=0
while IFS= read -r cmd; do sh -c "$cmd" >/dev/null 2>&1 || failed=$((failed + 1)); done < "$work/syntax.cmds"
echo "clang-19 -fsyntax-only: $failed of $tus TU(s) do not compile"

measure clang-fsyntax-only bash -c "xargs -P $jobs -I{} -d '\n' sh -c '{}' < '$work/syntax.cmds'"
measure attest "$attest" scan -p "$db_dir" -j "$jobs" --no-cache --fail-on none -q
measure clang-tidy bash -c "xargs -P $jobs -n 1 -d '\n' clang-tidy-19 -p '$db_dir' --quiet -checks='$checks' < '$work/files'"
# Warm: the same scan again with a result cache that a first scan filled (nothing changed).
"$attest" scan -p "$db_dir" -j "$jobs" --cache-dir "$work/cache" --fail-on none -q >/dev/null 2>&1 || true
measure attest-warm "$attest" scan -p "$db_dir" -j "$jobs" --cache-dir "$work/cache" --fail-on none -q
# Scaling: the cold scan with one job.
if [[ "$jobs" -gt 1 ]]; then
  measure attest-j1 "$attest" scan -p "$db_dir" -j 1 --no-cache --fail-on none -q
fi

python3 - "$work/results" "$tus" "$jobs" "$runs" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, wall, cpu, rss = line.split()
    rows[name].append((float(wall), float(cpu), int(rss)))
med = {n: tuple(statistics.median(x[i] for x in v) for i in range(3)) for n, v in rows.items()}
print(f"TUs: {sys.argv[2]}  -j {sys.argv[3]}  medians of {sys.argv[4]} run(s)")
print(f"{'tool':22} {'wall s':>8} {'cpu s':>8} {'peak RSS MB':>12}")
for n in ("clang-fsyntax-only", "attest", "clang-tidy", "attest-warm", "attest-j1"):
    if n not in med:
        continue
    w, c, m = med[n]
    print(f"{n:22} {w:8.2f} {c:8.2f} {m:12.0f}")
a, b, c = med["clang-fsyntax-only"][0], med["attest"][0], med["clang-tidy"][0]
print(f"attest / clang -fsyntax-only (wall): {b / a:.2f}")
print(f"attest / clang-tidy (wall):          {b / c:.2f}")
print(f"attest warm / attest cold (wall):    {med['attest-warm'][0] / b:.3f}")
if "attest-j1" in med:
    print(f"attest -j1 / -j{sys.argv[3]} (speed-up):     {med['attest-j1'][0] / b:.2f}")
PY
