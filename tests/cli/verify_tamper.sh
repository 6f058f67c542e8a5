#!/bin/sh
# verify through the real binary beyond rows against their audit: the anchor a signature
# writes outside the database, a BLOB that is one finding among others, and stored text
# that cannot drive the terminal through verify's findings.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z

mkdir -m 700 "$T/db"
demo="$T/db/demo.db"
kc --db "$demo" demo >/dev/null || { notok "demo database for the verify tests"; exit 1; }
esc=$(printf '\033')
sq() { sqlite3 -bail "$@" >/dev/null || notok "the sqlite3 shell could alter $1"; }

anchor=$(ls "$T"/db/anchors/demo.db.*.anchor 2>/dev/null)
check "the demo's signatures wrote an anchor beside the database" test -f "$anchor"
check "the anchor is private to its owner" test "$(stat -c %a "$anchor")" = 600
expect_rc 0 "verify of the untouched demo exits 0" kc --db "$demo" verify
contains "and names the anchor that holds" "$out" "anchor: audit row "
row=$(sed -n 's/.* row=\([0-9]*\) .*/\1/p' "$anchor" | tail -n 1)

# The newest audit rows deleted, back before the last signature.
cp "$demo" "$T/db/tail.db"
mkdir -p "$T/db/keep"
sq "$T/db/tail.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= $row"
expect_rc 1 "a copy has no anchor of its own" kc --db "$T/db/tail.db" verify
contains "and verify says the end of the chain is unchecked" "$out" "anchor: none"
# the same deletion in the anchored database itself
cp "$demo" "$T/db/keep/demo.db"
sq "$demo" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= $row"
expect_rc 1 "the newest audit rows deleted in the anchored database exit 1" kc --db "$demo" verify
contains "the anchor names the deletion" "$out" "the newest entries were deleted outside ketchart"
cp "$T/db/keep/demo.db" "$demo"

# A BLOB where a name belongs, and a changed reading: both named, neither hides the other.
cp "$demo" "$T/db/blob.db"
sq "$T/db/blob.db" "DROP TRIGGER patient_audit_update; UPDATE patient SET name = CAST(name AS BLOB) WHERE id = 1;
	DROP TRIGGER vitals_audit_update; DROP TRIGGER vitals_signed_update; UPDATE vitals SET systolic = 99 WHERE id = 2"
expect_rc 1 "a BLOB name exits 1 without stopping verify" kc --db "$T/db/blob.db" verify
contains "the BLOB is named" "$out" "patient row 1: name holds a blob"
contains "the changed reading too" "$out" "vitals row 2: systolic is 99"
lacks "no JSON error" "$out" "JSON cannot hold BLOB"

# A display name that would retitle the terminal, clear it and print a false verdict.
cp "$demo" "$T/db/name.db"
sq "$T/db/name.db" "DROP TRIGGER clinician_audit_update;
	UPDATE clinician SET display_name = char(27) || ']0;owned' || char(7) || char(27) || '[2J'
	|| char(10) || 'ok: nothing altered' || char(8238) WHERE id = 1"
expect_rc 1 "a hostile name changed behind ketchart exits 1" kc --db "$T/db/name.db" verify
lacks "no escape character reaches the terminal" "$out" "$esc"
contains "the escape is shown, not sent" "$out" '\x1b]0;owned\x07\x1b[2J\x0aok: nothing altered\u202e'
check "no line of the output is a forged verdict" sh -c '! printf "%s\n" "$1" | grep -q "^ok: nothing altered"' - "$out"

echo "1..$n"
