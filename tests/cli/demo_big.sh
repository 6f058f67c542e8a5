#!/bin/sh
# demo --sessions N --seed S (src/core/demo_big.c): a training database of N sessions made
# through the charting layer, the same for the same seed and clock; the counts the issue
# asks for; the database verifies; bad numbers are refused before anything is made.
. "$(dirname "$0")/lib.sh"
# The clock all but stopped, so both runs have the same now however long they take.
export KETCHART_NOW=2026-11-21T10:00:00Z KETCHART_CLOCK_SCALE=0.000001 TZ=UTC
N=60
q() { sqlite3 "$1" "$2"; }
# Every clinical table's rows, as stored.
content() {
	for t in patient session weight screening_answer vitals observation dose_event discharge addendum amendment; do
		echo "== $t"
		sqlite3 "$1" "SELECT * FROM $t ORDER BY id"
	done
}

expect_rc 0 "demo --sessions $N --seed 5 makes a database" kc --db "$T/a.db" demo --sessions $N --seed 5
contains "and says so" "$out" "demo patients and sessions created"
expect_rc 0 "the same again in another file" kc --db "$T/b.db" demo --sessions $N --seed 5
expect_rc 0 "and with another seed" kc --db "$T/c.db" demo --sessions $N --seed 6
content "$T/a.db" >"$T/a.txt"
content "$T/b.db" >"$T/b.txt"
content "$T/c.db" >"$T/c.txt"
check "the same seed gives the same content" cmp -s "$T/a.txt" "$T/b.txt"
check "another seed gives other content" sh -c "! cmp -s '$T/a.txt' '$T/c.txt'"
# (The first admin's row is stamped with the real time, so the chains' hashes differ.)
aud="SELECT at, who, tbl, row_id, field, old_value, new_value FROM audit WHERE tbl NOT IN ('clinician', 'training') ORDER BY id"
check "the same seed gives the same audit rows" test "$(q "$T/a.db" "$aud" | cksum)" = "$(q "$T/b.db" "$aud" | cksum)"

check "$N sessions" test "$(q "$T/a.db" "SELECT count(*) FROM session")" -eq $N
check "8 of them in progress" test "$(q "$T/a.db" "SELECT count(*) FROM session WHERE ended_at IS NULL")" -eq 8
check "the others ended, discharged and signed" test \
	"$(q "$T/a.db" "SELECT count(*) FROM session WHERE outcome = 'discharged' AND signed_at IS NOT NULL")" -eq $((N - 8))
check "patients come for courses of several sessions" test \
	"$(q "$T/a.db" "SELECT count(*) FROM (SELECT patient_id FROM session GROUP BY 1 HAVING count(*) >= 6)")" -ge 3
check "one session has 300 valid readings" test \
	"$(q "$T/a.db" "SELECT max(c) FROM (SELECT count(*) c FROM vitals WHERE eie_code IS NULL GROUP BY session_id)")" -eq 300
check "readings mistyped are marked in error and replaced" test \
	"$(q "$T/a.db" "SELECT count(*) FROM vitals WHERE eie_code IS NOT NULL AND replaced_by IS NOT NULL")" -ge 1
check "physician amendments" test "$(q "$T/a.db" "SELECT count(*) FROM amendment")" -ge 1
check "addenda" test "$(q "$T/a.db" "SELECT count(*) FROM addendum")" -ge 1
check "BP alerts acknowledged" test "$(q "$T/a.db" "SELECT count(*) FROM vitals WHERE acked = 1")" -ge 1
check "both routes" test "$(q "$T/a.db" "SELECT count(DISTINCT route) FROM session")" -eq 2
check "every row has its audit row" test "$(q "$T/a.db" "SELECT count(*) FROM vitals v WHERE NOT EXISTS
	(SELECT 1 FROM audit a WHERE a.tbl = 'vitals' AND a.row_id = v.id)")" -eq 0
check "a training database" test "$(q "$T/a.db" "SELECT count(*) FROM training")" -ge 1
expect_rc 0 "the database verifies" kc --db "$T/a.db" verify
contains "every row agrees" "$out" "ok: the audit chain is whole and every row agrees"
expect_rc 0 "the report of the long session" kc --db "$T/a.db" report \
	"$(q "$T/a.db" "SELECT session_id FROM vitals GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")"

expect_rc 1 "a database with patients is refused" kc --db "$T/a.db" demo --sessions 5
contains "and says why" "$out" "demo data goes only into an empty database"
expect_rc 2 "--sessions 0 is refused" kc --db "$T/d.db" demo --sessions 0
contains "and says what it takes" "$out" "a number of sessions from 1 to 1000000"
expect_rc 2 "--sessions 12x is refused" kc --db "$T/d.db" demo --sessions 12x
expect_rc 2 "--seed -1 is refused" kc --db "$T/d.db" demo --sessions 3 --seed -1
expect_rc 2 "--seed without --sessions is refused" kc --db "$T/d.db" demo --seed 3
expect_rc 2 "--sessions with another command is refused" kc --db "$T/a.db" verify --sessions 3
check "no database was left by the refusals" test ! -e "$T/d.db"
expect_rc 0 "a few sessions: all of them in progress" kc --db "$T/e.db" demo --sessions 3
check "3 sessions, open" test "$(q "$T/e.db" "SELECT count(*) FROM session WHERE ended_at IS NULL")" -eq 3
echo "1..$n"
