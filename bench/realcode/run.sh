#!/usr/bin/env bash
# The development corpus (DEVELOPERS.md, "Real code"): fetch each Debian source package
# of projects.tsv, build its compilation database with its own build system, scan it, and
# compare the findings with the committed triage (triage.tsv) by running triage.py.
#   bench/realcode/run.sh [--attest build/attest] [--work DIR] [NAME...]
# Sources, builds and SARIF files go to --work (default /work/realcode, never the repo).
# Needs root (apt-get build-dep/source), deb-src lines, and bear, meson, cmake.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
attest="$root/build/attest"
work="/work/realcode"
names=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --attest) attest="$(realpath "$2")"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
mkdir -p "$work/src" "$work/sarif"
log() { echo "realcode: $*" >&2; }

database() {  # NAME BUILD ARGS...: leaves DIR/compile_commands.json, prints DIR
  local name="$1" build="$2"; shift 2
  local src
  src="$(find "$work/src/$name" -mindepth 1 -maxdepth 1 -type d | head -1)"
  case "$build" in
    cmake) cmake -S "$src" -B "$src/attest-build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$work/$name.configure.log" 2>&1
           echo "$src/attest-build" ;;
    meson) (cd "$src" && meson setup attest-build "$@" >"$work/$name.configure.log" 2>&1)
           echo "$src/attest-build" ;;
    # bear records only what make compiles: a second run of an up-to-date tree would
    # leave an empty database, so a database with entries is kept.
    autotools) if grep -q '"file"' "$src/compile_commands.json" 2>/dev/null; then echo "$src"; return; fi
               (cd "$src" && { [[ -x configure ]] || autoreconf -fi; } && ./configure "$@" &&
                bear -- make -k -j"$(nproc)") >"$work/$name.configure.log" 2>&1 || true
           echo "$src" ;;
    make) if grep -q '"file"' "$src/compile_commands.json" 2>/dev/null; then echo "$src"; return; fi
          (cd "$src" && bear -- make -k -j"$(nproc)") >"$work/$name.configure.log" 2>&1 || true
           echo "$src" ;;
  esac
}

while IFS=$'\t' read -r name build args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ ${#names[@]} -gt 0 && ! " ${names[*]} " == *" $name "* ]]; then continue; fi
  if [[ ! -d "$work/src/$name" ]]; then
    log "$name: apt-get source"
    mkdir -p "$work/src/$name"
    (cd "$work/src/$name" && apt-get source -qq "$name" >/dev/null 2>&1) || { log "$name: apt-get source failed"; continue; }
  fi
  if [[ ! -e "$work/src/$name.build-dep" ]]; then
    if DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq "$name" >"$work/$name.build-dep.log" 2>&1; then
      touch "$work/src/$name.build-dep"
    else
      log "$name: apt-get build-dep failed (continuing; see $work/$name.build-dep.log)"
    fi
  fi
  # shellcheck disable=SC2086
  dir="$(database "$name" "$build" $args)"
  if [[ ! -s "$dir/compile_commands.json" ]]; then log "$name: no compile_commands.json (see $work/$name.configure.log)"; continue; fi
  status=0
  incomplete=()
  if "$attest" scan --help | grep -q -- --allow-incomplete; then incomplete=(--allow-incomplete); fi
  "$attest" scan -p "$dir" --no-cache --fail-on none "${incomplete[@]}" -q --sarif "$work/sarif/$name.sarif" \
    2>"$work/$name.scan.log" || status=$?
  log "$name: exit $status, $(tail -1 "$work/$name.scan.log")"
done < "$here/projects.tsv"
python3 "$here/triage.py" "$here/triage.tsv" "$work/sarif"/*.sarif
