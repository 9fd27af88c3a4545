#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in build-fuzz (clang-19, ATTEST_FUZZ=ON: only
# attest_core and single sources, never the LibTooling scanner) and runs each for
# FUZZ_SECONDS (default 20) on a copy of its seed corpus tests/fuzz/corpus/<target>/.
# Any crash, failed invariant, sanitizer report, leak, timeout or out-of-memory fails;
# the input that caused it is kept in build-fuzz/fuzz-artifacts/<target>/ and can be
# replayed with `build-fuzz/tests/fuzz/<target> FILE`.
#   FUZZ_SECONDS=N      seconds per target (default 20)
#   FUZZ_TARGETS="a b"  only these targets (default: every target built)
#   FUZZ_JOBS=N         targets run at a time (default: the number of cores)
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
jobs="${FUZZ_JOBS:-$(nproc)}"

# Runs one target on a copy of its seeds; writes "<line of the summary>" to result.txt and
# exits non-zero when the target failed.
run_target() {
  local target="$1" seeds="$root/tests/fuzz/corpus/$1"
  local work="$build/fuzz-work/$target" artifacts="$build/fuzz-artifacts/$target"
  rm -rf "$work" "$artifacts"
  mkdir -p "$work/corpus" "$artifacts"
  if [[ ! -d "$seeds" ]]; then
    printf '%-24s no seed corpus %s  FAILED\n' "$target" "$seeds" >"$work/result.txt"
    return 1
  fi
  cp -R "$seeds/." "$work/corpus/"
  local log="$work/fuzz.log" start status=0
  start=$(date +%s)
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work/corpus" >"$log" 2>&1 || status=$?
  local elapsed=$(( $(date +%s) - start ))
  local runs corpus result=ok
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  corpus=$(find "$work/corpus" -type f | wc -l)
  [[ $status -eq 0 ]] || result="FAILED (exit $status)"
  printf '%-24s %4ss %10s runs %6s inputs  %s\n' "$target" "$elapsed" "${runs:-?}" "$corpus" "$result" >"$work/result.txt"
  if [[ $status -ne 0 ]]; then
    { echo "---- $target failed; last lines of $log:"; tail -n 40 "$log"; ls "$artifacts"; } >&2
    return 1
  fi
}
export -f run_target
export root build seconds

# The targets are independent processes: $jobs of them at a time (FUZZ_JOBS).
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_target "$@"' _ {} || status=$?
printf '\nfuzz: %s target(s), %ss each, %s at a time\n' "${#targets[@]}" "$seconds" "$jobs"
failed=0
for target in "${targets[@]}"; do
  cat "$build/fuzz-work/$target/result.txt" 2>/dev/null || { echo "$target: no result"; failed=1; }
  grep -q "FAILED" "$build/fuzz-work/$target/result.txt" 2>/dev/null && failed=1
done
if [[ $status -ne 0 || $failed -ne 0 ]]; then
  echo "fuzz: FAILED" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
