#!/bin/sh
# The exports from the command line (issue 14): the cursor on stderr and `--after` giving
# each change once (a nightly job), `--since` as entered since; the CSV tables read back
# through python3's csv module.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z
: "${KC_BUILD:=build}"
CHARTER="$KC_BUILD/tests/tool_charter"

mkdir -m 700 "$T/db"
db="$T/db/demo.db"
kc --db "$db" demo >/dev/null || { notok "demo database"; exit 1; }
open_s=$(sqlite3 "$db" "SELECT id FROM session WHERE signed_at IS NULL AND ended_at IS NULL LIMIT 1")

# cursor_of FILE: the cursor a run printed on stderr
cursor_of() { sed -n 's/^cursor: \([0-9][0-9]*\)$/\1/p' "$1"; }
# rows FILE: the data rows of a CSV (python3's csv module, header left out)
rows() { python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], newline=""))); print(len(r)-1)' "$1"; }

# ---------- the nightly job: every change once ----------
kc --db "$db" export --format csv >"$T/full.csv" 2>"$T/full.err"
check "a full export exits 0" test $? -eq 0
c1=$(cursor_of "$T/full.err")
check "and prints its cursor on stderr (\"cursor: N\")" test -n "$c1"
check "stdout holds the CSV alone" sh -c '! grep -q "^cursor:" "$1"' sh "$T/full.csv"
check "the cursor is the last audit id" test "$c1" = "$(sqlite3 "$db" "SELECT max(id) FROM audit")"

if [ -x "$CHARTER" ] && [ -n "$open_s" ]; then
	"$CHARTER" -n 3 -s 7 "$db" "$open_s" >"$T/charted" 2>&1 || notok "the charter tool charted 3 entries"
	kc --db "$db" export --format csv --after "$c1" >"$T/inc.csv" 2>"$T/inc.err"
	check "export --after the cursor exits 0" test $? -eq 0
	check "and sends exactly the 3 new entries" test "$(rows "$T/inc.csv")" -eq 3
	ids=$(sed -n 's/^[VOD] \([0-9]*\) .*/\1/p' "$T/charted" | sort -n | tr '\n' ' ')
	got=$(python3 -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1], newline="")))
print(" ".join(sorted((x["row_id"] for x in r), key=int)))' "$T/inc.csv")
	check "the very rows charted ($ids)" test "$got " = "$ids"
	c2=$(cursor_of "$T/inc.err")
	check "a new cursor past the old" test "$c2" -gt "$c1"
else
	notok "the charter tool $CHARTER is built and the demo has a session in progress"
	c2=$c1
fi
kc --db "$db" export --format csv --after "$c2" >"$T/none.csv" 2>"$T/none.err"
check "nothing new: exit 0" test $? -eq 0
check "and the header alone" test "$(rows "$T/none.csv")" -eq 0
check "the header is the full export's" test "$(head -n 1 "$T/none.csv")" = "$(head -n 1 "$T/full.csv")"
check "the cursor stays" test "$(cursor_of "$T/none.err")" = "$c2"
kc --db "$db" export --format fhir --after "$c2" >"$T/none.json" 2>/dev/null
check "FHIR with nothing new: a Bundle without an empty entry array" \
	python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); sys.exit(0 if b["resourceType"]=="Bundle" and "entry" not in b else 1)' "$T/none.json"
expect_rc 2 "a cursor past the last change is refused" kc --db "$db" export --format csv --after 99999999
contains "saying why" "$out" "past this database's last change"
expect_rc 2 "a cursor that is not a number is refused" kc --db "$db" export --format csv --after soon
expect_rc 2 "--after goes with export" kc --db "$db" report 1 --after 5

# ---------- --since: entered since, not taken since ----------
# The demo's readings were entered around their time; one entered now for a time long past
# goes out with --since now, and an old one does not.
kc --db "$db" export --format csv --since 2030-01-01 >"$T/future.csv" 2>/dev/null
check "--since in the future: the header alone" test "$(rows "$T/future.csv")" -eq 0
