#!/usr/bin/env bash
# pre-commit hook: scans what the staged C/C++ changes touch; any arguments (e.g. -p build)
# are passed on. Exit status is attest's: 1 blocks the commit.
#  - staged sources are scanned directly (also new files the database does not list yet:
#    attest borrows a neighbour's flags);
#  - a staged header is scanned through the TUs that include it (--diff-base HEAD: git
#    tells what changed, the preprocessor which TUs include it); only changed lines gate.
# pre-commit stashes unstaged changes first, so the working tree is what will be committed.
set -euo pipefail
attest="${ATTEST:-attest}"
if ! command -v "$attest" >/dev/null 2>&1; then
  echo "attest-staged: '$attest' not found: install the attest package or set ATTEST" >&2
  exit 2
fi
sources=() headers=()
while IFS= read -r -d '' file; do
  case "$file" in
    *.c|*.cc|*.cpp|*.cxx|*.c++) sources+=("$file") ;;
    *.h|*.hh|*.hpp|*.hxx|*.h++|*.inc|*.ipp) headers+=("$file") ;;
  esac
done < <(git diff --cached --name-only -z --diff-filter=ACMR --)
if [[ ${#sources[@]} -eq 0 && ${#headers[@]} -eq 0 ]]; then
  exit 0
fi
if ! git rev-parse --verify -q HEAD >/dev/null; then
  # The first commit: nothing to diff against; scan the staged sources.
  [[ ${#sources[@]} -eq 0 ]] && exit 0
  exec "$attest" scan "${sources[@]}" "$@"
fi
if [[ ${#headers[@]} -gt 0 ]]; then
  # Which TUs include the staged headers: the preprocessor knows (--diff-base lists the
  # TUs a change touches through their includes). Their analysis targets, from SARIF.
  sarif="$(mktemp)"
  trap 'rm -f "$sarif"' EXIT
  status=0
  "$attest" scan --diff-base HEAD --fail-on none -q --no-cache --sarif "$sarif" "$@" 2>/dev/null || status=$?
  if [[ $status -eq 2 ]]; then
    "$attest" scan --diff-base HEAD --fail-on none -q --no-cache "$@"  # prints why
    exit 2
  fi
  while IFS= read -r -d '' tu; do sources+=("$tu"); done < <(python3 - "$sarif" <<'PY'
import json, sys, urllib.parse
run = json.load(open(sys.argv[1]))["runs"][0]
bases = {k: v.get("uri", "") for k, v in run.get("originalUriBaseIds", {}).items()}
for artifact in run.get("artifacts", []):
    if "analysisTarget" not in artifact.get("roles", []):
        continue
    loc = artifact["location"]
    uri = urllib.parse.urljoin(bases.get(loc.get("uriBaseId", ""), ""), loc["uri"])
    sys.stdout.write(urllib.parse.unquote(urllib.parse.urlparse(uri).path) + "\0")
PY
)
fi
[[ ${#sources[@]} -eq 0 ]] && exit 0
# Every finding in a touched TU gates, as for a staged source: a header change that
# turns verification off shows up in the file that uses it.
exec "$attest" scan "${sources[@]}" "$@"
