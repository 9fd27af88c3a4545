#!/usr/bin/env bash
# The install routes as a user takes them (issue: adoption), run for real:
#  1. `cmake --install` into a prefix: binary, man page, completions, docs;
#  2. the Debian package: built with CPack, installed with apt-get (its Depends must pull
#     everything), then the installed `attest` runs from another directory on the
#     example service and finds what the build-tree binary finds; removed at the end.
# Needs root for step 2 (CI and the setup contract run as root); skipped otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ATTEST_BUILD_DIR:-$root/build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "test-package: FAILED: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
for f in bin/attest share/man/man1/attest.1 share/bash-completion/completions/attest \
         share/zsh/vendor-completions/_attest share/doc/attest/user-guide.md \
         share/attest/integrations/pre-commit/attest-staged.sh; do
  [[ -e "$work/prefix/$f" ]] || fail "cmake --install did not install $f"
done
grep -qF -- '\-\-sarif' "$work/prefix/share/man/man1/attest.1" || fail "the man page does not document --sarif"
"$work/prefix/bin/attest" --version | grep -q '^parser: .*clang version 19' || fail "--version does not name the Clang version"
echo "test-package: cmake --install: ok"

if [[ $(id -u) -ne 0 ]]; then
  echo "test-package: not root: the package install is skipped"
  exit 0
fi
deb="$("$root/scripts/package.sh" "$build")"
depends="$(dpkg-deb -f "$deb" Depends)"
for lib in libclang-cpp19 libllvm19 libre2 libstdc++6 libclang-common-19-dev; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
dpkg -r attest >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
trap 'dpkg -r attest >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
[[ "$(command -v attest)" == /usr/bin/attest ]] || fail "the package did not install /usr/bin/attest"
man -w attest >/dev/null 2>&1 || [[ -e /usr/share/man/man1/attest.1.gz || -e /usr/share/man/man1/attest.1 ]] || fail "no man page"

# From another directory, on the example service, as a user would.
cmake -S "$root/examples/service" -B "$work/example" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cd "$work"
status=0
/usr/bin/attest scan "$root/examples/service" -p "$work/example" --no-cache --sarif "$work/installed.sarif" \
  --report "$work/report.html" -q 2>"$work/installed.err" || status=$?
[[ $status -eq 1 ]] || { cat "$work/installed.err" >&2; fail "installed attest exited $status on the example (want 1: findings)"; }
status=0
"$build/attest" scan "$root/examples/service" -p "$work/example" --no-cache --sarif "$work/built.sarif" -q 2>/dev/null || status=$?
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' "$1"; }
[[ "$(count "$work/installed.sarif")" == "$(count "$work/built.sarif")" ]] ||
  fail "installed attest found $(count "$work/installed.sarif") results, the build tree $(count "$work/built.sarif")"
[[ "$(count "$work/installed.sarif")" -gt 0 ]] || fail "installed attest found nothing on the example"
[[ -s "$work/report.html" ]] || fail "no report"
echo "test-package: $(basename "$deb") installed with apt-get; the installed attest found $(count "$work/installed.sarif") results on the example from $work: ok"
