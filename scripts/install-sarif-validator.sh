#!/usr/bin/env bash
# Installs @microsoft/sarif-multitool (pinned) from npm into .cache/ of the checkout
# once, and prints the path of its native validator binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=5.7.0
prefix="$root/.cache/sarif-multitool-$version"
bin="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" "@microsoft/sarif-multitool@$version" >&2
  # npm >= 11 does not run the package's postinstall (which only sets this bit).
  chmod u+x "$bin"
fi
echo "$bin"
