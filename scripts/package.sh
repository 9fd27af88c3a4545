#!/usr/bin/env bash
# Builds attest's Debian package (build/attest_<version>_<arch>.deb) with CPack from
# build/ (scripts/build.sh first). Depends are computed by dpkg-shlibdeps.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
cmake --build "$build" >/dev/null
(cd "$build" && rm -f attest_*.deb && cpack -G DEB >/dev/null)
ls "$build"/attest_*.deb
