#!/usr/bin/env bash
# Configures and builds attest (and its tests unless ATTEST_BUILD_TESTS=OFF) in build/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DATTEST_BUILD_TESTS="${ATTEST_BUILD_TESTS:-ON}" >/dev/null
cmake --build "$root/build"
