#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run the whole test suite:
# unit tests, end-to-end fixture, CLI and bad-input tests, and the official SARIF
# validator; then the same suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (scripts/sanitize.sh, build-asan/), then every libFuzzer target for FUZZ_SECONDS each
# (scripts/fuzz.sh, build-fuzz/, default 20 s, two targets at a time on two cores).
#   ATTEST_QUICK=1   only the first part (no sanitizer build, no fuzzing): for local loops
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
started=$(date +%s)
"$root/scripts/install-deps.sh" --test
"$root/scripts/install-sarif-validator.sh" >/dev/null
ATTEST_BUILD_TESTS=ON "$root/scripts/build.sh"
rm -rf "$root/build/test-output"
(cd "$root/build" && ctest -j "$(nproc)" --output-on-failure --timeout 600)
"$root/scripts/test-package.sh"
echo "test: suite passed after $(( $(date +%s) - started ))s"
if [[ "${ATTEST_QUICK:-0}" == 1 ]]; then
  exit 0
fi
"$root/scripts/sanitize.sh"
echo "test: sanitizer suite passed after $(( $(date +%s) - started ))s"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}" "$root/scripts/fuzz.sh"
echo "test: fuzzing passed after $(( $(date +%s) - started ))s"
