#!/usr/bin/env bash
# Installs, once, what the tests need to validate a CycloneDX 1.6 CBOM offline:
# the official CycloneDX JSON schemas (bom-1.6.schema.json with the spdx and jsf
# schemas it references, as shipped by the npm package @cyclonedx/cyclonedx-library)
# and the Ajv JSON-schema validator (draft-07) with ajv-formats, all pinned, into
# .cache/ of the checkout. Prints the install
# prefix for scripts/validate-cbom.js (node scripts/validate-cbom.js PREFIX FILE...).
# With --check it never touches the network: it prints the prefix when the validator is
# installed and fails otherwise (the tests use this: no network at test time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cyclonedx=10.3.0 ajv=8.17.1 formats=3.0.1
prefix="$root/.cache/cbom-validator-$cyclonedx-$ajv-$formats"
schema="$prefix/node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.6.SNAPSHOT.schema.json"
if [[ "${1:-}" == "--check" ]]; then
  if [[ -f "$prefix/.installed" && -f "$schema" ]]; then echo "$prefix"; exit 0; fi
  echo "install-cbom-validator: not installed; run scripts/install-cbom-validator.sh (or scripts/install-deps.sh --test)" >&2
  exit 1
fi
if [[ ! -f "$prefix/.installed" ]]; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --ignore-scripts --omit=optional --omit=peer \
    --prefix "$prefix" "@cyclonedx/cyclonedx-library@$cyclonedx" "ajv@$ajv" "ajv-formats@$formats" >&2
  touch "$prefix/.installed"
fi
echo "$prefix"
