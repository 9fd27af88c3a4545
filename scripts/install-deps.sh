#!/usr/bin/env bash
# Installs the Debian bookworm packages attest needs, only those that are missing.
#   scripts/install-deps.sh          build and example-service packages
#   scripts/install-deps.sh --test   also the test suite's (fixture headers, node/npm)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

packages=(cmake ninja-build g++ pkg-config ccache git
          llvm-19-dev libclang-19-dev clang-19
          libre2-dev nlohmann-json3-dev libgtest-dev
          libssl-dev libcurl4-openssl-dev libboost-dev libsqlite3-dev)
if [[ "${1:-}" == "--test" ]]; then
  # Headers of the libraries the fixtures use, one package per line.
  if [[ -f "$root/scripts/test-packages.txt" ]]; then
    while read -r pkg; do
      pkg="${pkg%%#*}"; pkg="${pkg//[[:space:]]/}"
      [[ -n "$pkg" ]] && packages+=("$pkg")
    done < "$root/scripts/test-packages.txt"
  fi
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# The test suite's npm tools, pinned, into .cache/ (the tests then run offline).
install_test_tools() {
  if [[ "${1:-}" == "--test" ]]; then "$root/scripts/install-cbom-validator.sh" >/dev/null; fi
}
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  install_test_tools "${1:-}"
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_test_tools "${1:-}"
