#!/bin/sh
# export --format fhir (src/core/fhir.c) checked by the official FHIR R4 JSON schema through
# the test-only validator tests/fhir/validate.js (installed by tests/fhir/install.sh, which
# make check runs): the demo, a 200-session demo, a transaction bundle and an export with
# nothing to send are valid, every reference resolves, fullUrls are unique, nothing is
# empty, the text is UTF-8; the same database gives the same fullUrls, another database
# other ones; a name stored with bytes that are not UTF-8 goes out as U+FFFD.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
export KETCHART_NOW=2026-11-21T10:00:00Z KETCHART_CLOCK_SCALE=0.000001 TZ=UTC
if ! sh "$root/tests/fhir/install.sh" >"$T/install.log" 2>&1; then
	notok "the test-only FHIR validator installs (tests/fhir/install.sh)"
	sed 's/^/#   /' "$T/install.log"
	exit 1
fi
validate() { node "$root/tests/fhir/validate.js" "$@"; }
# the fullUrls of a bundle, one a line, sorted
urls() { grep -o '"fullUrl":"[^"]*"' "$1" | sort; }

db="$T/data/demo.db"
expect_rc 0 "the demo database is made" kc --db "$db" demo
expect_rc 0 "export --format fhir" sh -c "'$KETCHART' --db '$db' export --format fhir >'$T/demo.json'"
expect_rc 0 "the demo's bundle is valid FHIR R4 (schema, references, no empty values, UTF-8)" validate "$T/demo.json"
printf '%s\n' "$out" | sed 's/^/# /'
for t in Patient Practitioner Encounter MedicationAdministration Observation; do
	contains "it holds ${t}s" "$out" "$t "
done
contains "with readings entered in error" "$(cat "$T/demo.json")" '"status":"entered-in-error"'
contains "vital signs with their profile" "$(cat "$T/demo.json")" '"profile":["http://hl7.org/fhir/StructureDefinition/bp"]'
contains "PHQ-9 totals" "$(cat "$T/demo.json")" '"code":"44261-6"'
lacks "no empty array" "$(cat "$T/demo.json")" '[]'
lacks "no empty string" "$(cat "$T/demo.json")" '""'

expect_rc 0 "the same database exported again" sh -c "'$KETCHART' --db '$db' export --format fhir >'$T/again.json'"
check "gives the same fullUrls" cmp -s "$T/demo.json" "$T/again.json"
expect_rc 0 "a second demo database" kc --db "$T/data/other.db" demo
kc --db "$T/data/other.db" export --format fhir >"$T/other.json"
urls "$T/demo.json" >"$T/u1"
urls "$T/other.json" >"$T/u2"
check "shares no fullUrl with the first" test -z "$(comm -12 "$T/u1" "$T/u2")"

expect_rc 0 "--transaction" sh -c "'$KETCHART' --db '$db' export --format fhir --transaction >'$T/tx.json'"
expect_rc 0 "the transaction bundle is valid, a PUT per entry" validate "$T/tx.json"
contains "it is a transaction" "$out" "transaction,"
expect_rc 2 "--transaction goes with FHIR only" kc --db "$db" export --format csv --transaction
contains "and says so" "$out" "--transaction goes with 'export --format fhir'"

cursor=$(kc --db "$db" export --format fhir 2>&1 >/dev/null | sed -n 's/^cursor: //p')
check "the export prints its cursor on stderr" test -n "$cursor"
expect_rc 0 "after that cursor" sh -c "'$KETCHART' --db '$db' export --format fhir --after $cursor >'$T/none.json'"
check "nothing new: no entry at all" test "$(cat "$T/none.json")" = '{"resourceType":"Bundle","type":"collection"}'
expect_rc 0 "an export with nothing to send" sh -c "'$KETCHART' --db '$db' export --format fhir --since 2030-01-01 >'$T/none.json'"
check "has no entry at all" test "$(cat "$T/none.json")" = '{"resourceType":"Bundle","type":"collection"}'
expect_rc 0 "and is valid" validate "$T/none.json"

# A name written around ketchart's checks with bytes that are not UTF-8.
cp "$db" "$T/data/bad.db"
sqlite3 "$T/data/bad.db" "DROP TRIGGER patient_audit_update; UPDATE patient SET name = CAST(X'416E6EFF' AS TEXT) WHERE id = 1"
expect_rc 0 "a name that is not UTF-8" sh -c "'$KETCHART' --db '$T/data/bad.db' export --format fhir >'$T/bad.json'"
expect_rc 0 "still gives valid UTF-8 and a valid bundle" validate "$T/bad.json"
contains "the bad byte is a U+FFFD" "$(cat "$T/bad.json")" "$(printf 'Ann\357\277\275')"

big="$T/data/big.db"
expect_rc 0 "a 200-session demo database" kc --db "$big" demo --sessions 200 --seed 1
expect_rc 0 "its FHIR export" sh -c "'$KETCHART' --db '$big' export --format fhir >'$T/big.json'"
expect_rc 0 "is valid FHIR R4 too" validate "$T/big.json"
printf '%s\n' "$out" | sed 's/^/# /'
contains "with amended entries" "$(cat "$T/big.json")" '"status":"amended"'
