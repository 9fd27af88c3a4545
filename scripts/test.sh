#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run the whole test suite:
# unit tests, end-to-end fixture and CLI tests, and the official SARIF validator.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh" --test
"$root/scripts/install-sarif-validator.sh" >/dev/null
ATTEST_BUILD_TESTS=ON "$root/scripts/build.sh"
rm -rf "$root/build/test-output"
cd "$root/build"
ctest -j "$(nproc)" --output-on-failure --timeout 600
