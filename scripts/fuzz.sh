#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build-fuzz (clang-19, ATTEST_FUZZ=ON: only
# attest_core and single sources, never the LibTooling scanner) and runs each for
# FUZZ_SECONDS (default 20) on a copy of its seed corpus tests/fuzz/corpus/<target>/.
# Any crash, failed invariant, sanitizer report, leak, timeout or out-of-memory fails;
# the input that caused it is kept in build-fuzz/fuzz-artifacts/<target>/ and can be
# replayed with `build-fuzz/tests/fuzz/<target> FILE`.
#   FUZZ_SECONDS=N      seconds per target (default 20)
#   FUZZ_TARGETS="a b"  only these targets (default: every target built)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
seconds="${FUZZ_SECONDS:-20}"

# libFuzzer and the sanitizer runtimes of clang-19 are in their own package.
if ! dpkg-query -W -f='${Status}' libclang-rt-19-dev 2>/dev/null | grep -q "install ok installed"; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "fuzz: installing libclang-rt-19-dev"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libclang-rt-19-dev >/dev/null ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libclang-rt-19-dev >/dev/null; }
fi

# CI builds a fresh clone elsewhere: with paths relative to the checkout, ccache reuses
# what the session's own builds compiled (-g otherwise puts the directory in the hash).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
CXX=clang++-19 CC=clang-19 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DATTEST_FUZZ=ON -DATTEST_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target attest_fuzzers

targets=()
if [[ -n "${FUZZ_TARGETS:-}" ]]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  for bin in "$build"/tests/fuzz/fuzz_*; do
    [[ -x "$bin" && -f "$bin" ]] && targets+=("$(basename "$bin")")
  done
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "fuzz: no fuzz target was built" >&2; exit 1; }

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
summary=""
for target in "${targets[@]}"; do
  seeds="$root/tests/fuzz/corpus/$target"
  if [[ ! -d "$seeds" ]]; then
    echo "fuzz: $target has no seed corpus $seeds" >&2
    failed+=("$target")
    continue
  fi
  work="$build/fuzz-work/$target"
  artifacts="$build/fuzz-artifacts/$target"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work/corpus" "$artifacts"
  cp -R "$seeds/." "$work/corpus/"
  log="$work/fuzz.log"
  start=$(date +%s)
  status=0
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work/corpus" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    result="FAILED (exit $status)"
    echo "---- $target failed; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    ls "$artifacts" >&2 || true
  else
    result="ok"
  fi
  summary+=$(printf '%-24s %4ss %10s runs %6s inputs  %s' "$target" "$elapsed" "${runs:-?}" "$corpus" "$result")$'\n'
done
printf '\nfuzz: %s target(s), %ss each\n%s' "${#targets[@]}" "$seconds" "$summary"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
