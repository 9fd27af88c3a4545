#!/usr/bin/env bash
# Scans the staged C/C++ files with attest; any arguments (e.g. -p build) are passed on.
# Exit status is attest's: 1 blocks the commit when a staged file has findings.
set -euo pipefail
attest="${ATTEST:-attest}"
mapfile -t staged < <(git diff --cached --name-only --diff-filter=ACMR -- '*.c' '*.cc' '*.cpp' '*.cxx')
if [[ ${#staged[@]} -eq 0 ]]; then
  exit 0
fi
exec "$attest" scan "${staged[@]}" "$@"
