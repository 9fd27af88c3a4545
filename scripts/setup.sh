#!/usr/bin/env bash
# README command 1: install what is missing, build attest, and scan the bundled
# example service, writing attest.sarif and the compliance report attest-report.html,
# and printing the findings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/install-deps.sh"
ATTEST_BUILD_TESTS=OFF "$root/scripts/build.sh"
# The example's CMake build exports compile_commands.json; configuring is enough to scan.
cmake -S "$root/examples/service" -B "$root/build/example-service" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
status=0
"$root/build/attest" scan "$root/examples/service" -p "$root/build/example-service" \
  --sarif "$root/attest.sarif" --report "$root/attest-report.html" || status=$?
if [[ $status -gt 1 ]]; then
  echo "setup: the scan failed (exit $status)" >&2
  exit "$status"
fi
echo "setup: wrote $root/attest.sarif and $root/attest-report.html (exit status $status: 1 means findings at or above --fail-on)"
