#!/usr/bin/env bash
# Redaction cost: one file with N secret-like literals (GitHub-format tokens, each a
# finding and a registered secret), timed with `clang-19 -fsyntax-only` and with
# `attest scan` (cache off, one job, SARIF written). Scrubbing is one pass per output
# text over all secrets (core/Redaction.h), so attest/clang should stay flat as N grows.
#   bench/redaction.sh ATTEST_BINARY [N...]      (default N: 8000 100000)
set -euo pipefail
attest="${1:?usage: bench/redaction.sh ATTEST_BINARY [N...]}"; shift
sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(8000 100000)
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# seconds COMMAND...: "WALL CPU" of one run, CPU being user + system time of the command
# and its children (attest's TU runs in a forked worker). The ratio is taken on CPU time,
# which other load on the machine does not change; wall time is printed beside it.
seconds() {
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time"
}

printf '%8s %10s %10s %10s %10s %8s %10s\n' N clang_wall clang_cpu attest_wall attest_cpu ratio findings
for n in "${sizes[@]}"; do
  python3 - "$n" > "$work/secrets.cpp" <<'PY'
import random, string, sys
n = int(sys.argv[1])
rng = random.Random(1)
alnum = string.ascii_letters + string.digits
for i in range(n):
    token = "ghp_" + "".join(rng.choice(alnum) for _ in range(36))
    print(f'const char *kToken{i} = "{token}";')
PY
  read -r cw c < <(seconds clang-19 -fsyntax-only -std=c++20 "$work/secrets.cpp")
  read -r aw a < <(seconds "$attest" scan "$work/secrets.cpp" --no-cache -j 1 --fail-on none --quiet --sarif "$work/out.sarif" -- -std=c++20)
  found=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$work/out.sarif" 2>/dev/null || echo "?")
  printf '%8s %10.2f %10.2f %10.2f %10.2f %8.2f %10s\n' "$n" "$cw" "$c" "$aw" "$a" "$(echo "$a / $c" | bc -l)" "$found"
done
