#!/usr/bin/env bash
# Validates every *.sarif under DIR (or the files given) with Microsoft's official
# SARIF validator (@microsoft/sarif-multitool), SARIF and GitHub code-scanning rule
# sets on. Fails on any error or warning.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tool="$("$here/install-sarif-validator.sh")"
files=()
for arg in "$@"; do
  if [[ -d "$arg" ]]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$arg" -name '*.sarif' -print0 | sort -z)
  else
    files+=("$arg")
  fi
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "validate-sarif: no SARIF files to validate under: $*" >&2
  exit 1
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
"$tool" validate --rule-kind "Sarif;Gh" "${files[@]}" >"$log" 2>&1 || status=$?
problems="$(grep -E ': (error|warning) [A-Z]+[0-9]+' "$log" || true)"
if [[ $status -ne 0 || -n "$problems" ]]; then
  cat "$log" >&2
  echo "validate-sarif: FAILED (${#files[@]} file(s), exit $status)" >&2
  exit 1
fi
echo "validate-sarif: ${#files[@]} SARIF file(s) valid: 0 errors, 0 warnings"
