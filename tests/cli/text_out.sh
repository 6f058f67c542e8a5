#!/bin/sh
# Text in, text out through the real binary: hostile text is refused at the door naming
# the field, and text that got into the file behind ketchart's back reaches the terminal
# escaped (user list, report, CSV, verify); CSV cells a spreadsheet would run are guarded.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z

mkdir -m 700 "$T/db"
db="$T/db/demo.db"
kc --db "$db" demo >/dev/null || { notok "demo database"; exit 1; }
esc=$(printf '\033')
bidi=$(printf '\342\200\256')
sq() { sqlite3 -bail "$@" >/dev/null || notok "the sqlite3 shell could alter $1"; }

# In: refused, naming the field.
expect_rc 1 "a name with an escape sequence is refused" kc --db "$db" user add bob --name "$(printf 'Bob\033]0;owned\007')"
contains "naming the field and the character" "$out" "the clinician's name contains an escape character"
expect_rc 1 "Latin-1 bytes (a terminal in another locale) are refused" kc --db "$db" user add bob --name "$(printf 'Jos\351')"
contains "as not UTF-8" "$out" "the clinician's name is not valid UTF-8 text"
expect_rc 1 "a direction control is refused" kc --db "$db" user add bob --name "Ann${bidi}nnA"
contains "and named" "$out" "invisible direction control"
expect_rc 0 "a decomposed accent is stored composed (NFC)" kc --db "$db" user add zoe --name "$(printf 'Zoe\314\210')"
expect_rc 0 "user list" kc --db "$db" user list
contains "Zoë shows as one character" "$out" "$(printf 'Zo\303\253')"

# Out: names changed behind ketchart come out escaped.
sq "$db" "DROP TRIGGER clinician_audit_update;
	UPDATE clinician SET display_name = char(27) || ']0;owned' || char(7) || char(27) || '[2J' || char(10) || 'ok' WHERE id = 1;
	DROP TRIGGER patient_audit_update;
	UPDATE patient SET name = '=HYPERLINK(\"http://x\";\"click\")' || char(27) || '[31m' WHERE id = 1;
	UPDATE patient SET name = '@SUM(A1)' WHERE id = 2;
	UPDATE patient SET name = '-2+3' WHERE id = 3"
expect_rc 0 "user list of a hostile name" kc --db "$db" user list
lacks "sends no escape character" "$out" "$esc"
contains "shows it escaped on one line" "$out" '\x1b]0;owned\x07\x1b[2J\x0aok'

sessions=$(sqlite3 "$db" "SELECT id FROM session WHERE patient_id = 1 LIMIT 1")
expect_rc 0 "report of a session of the hostile patient" kc --db "$db" report "$sessions"
lacks "the report sends no escape character" "$out" "$esc"
contains "and shows the rest of the name" "$out" 'click")'

expect_rc 0 "CSV export" kc --db "$db" export --format csv
lacks "CSV sends no escape character" "$out" "$esc"
contains "a formula cell is guarded with a quote" "$out" "\"'=HYPERLINK("
contains "an @ cell too" "$out" "\"'@SUM(A1)\""
contains "a - cell that is not a number too" "$out" "\"'-2+3\""
lacks "no unguarded formula" "$out" ",=HYPERLINK"
expect_rc 0 "CSV export --raw" kc --db "$db" export --format csv --raw
contains "--raw leaves the cell as stored" "$out" ",@SUM(A1),"
lacks "but still escapes controls" "$out" "$esc"
expect_rc 2 "--raw goes with CSV only" kc --db "$db" export --format fhir --raw

expect_rc 1 "verify of the altered file" kc --db "$db" verify
lacks "verify sends no escape character" "$out" "$esc"
check "no line of verify's output is a forged verdict" sh -c '! printf "%s\n" "$1" | grep -q "^ok"' - "$out"

echo "1..$n"
