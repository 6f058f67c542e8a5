#!/bin/sh
# verify and backup through the real binary: a demo database altered with the sqlite3
# shell the way a determined person would, and the exit codes and messages that say so.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z

demo="$T/demo.db"
kc --db "$demo" demo >/dev/null || { notok "demo database for the verify tests"; exit 1; }
sq() { sqlite3 -bail "$@" >/dev/null || notok "the sqlite3 shell could alter $1"; }
# fresh DB: a copy of the untouched demo database
fresh() { cp "$demo" "$1"; }

expect_rc 0 "verify of an untouched database exits 0" kc --db "$demo" verify
contains "it prints the chain head and the number of audit rows" "$out" "chain head: "
contains "and says all is well" "$out" "ok: the audit chain is whole and every row agrees"
head=$(printf '%s\n' "$out" | sed -n 's/^chain head: \([0-9a-f]\{64\}\) ([0-9]* audit rows)$/\1/p')
check "the head is 64 hex digits" test "${#head}" -eq 64
rows=$(sqlite3 "$demo" "SELECT count(*) FROM audit")
contains "the count is the audit's" "$out" "($rows audit rows)"

expect_rc 0 "verify --head of the current head exits 0" kc --db "$demo" verify --head "$head"
contains "and names the row it proves" "$out" "is audit row $rows: the audit up to it is unchanged"
upper=$(printf '%s' "$head" | tr a-f A-F)
expect_rc 0 "a head typed in capitals is the same head" kc --db "$demo" verify --head "$upper"
expect_rc 2 "a malformed head exits 2" kc --db "$demo" verify --head 12ab
contains "and says what a head looks like" "$out" "64 hex digits"
expect_rc 1 "a head from elsewhere exits 1" kc --db "$demo" verify --head "$(printf '%064d' 7)"
contains "and says it was not found" "$out" "not found: the chain was rewritten before it, or it belongs to another database"
expect_rc 2 "--head with another command exits 2" kc --db "$demo" report 1 --head "$head"
expect_rc 1 "verify without a database exits 1" kc --db "$T/none.db" verify
contains "and says how to make one" "$out" "ketchart init"

# A value changed behind ketchart (its audit trigger dropped first).
fresh "$T/changed.db"
old=$(sqlite3 "$T/changed.db" "SELECT systolic FROM vitals WHERE id = 2")
sq "$T/changed.db" "DROP TRIGGER vitals_audit_update; DROP TRIGGER vitals_signed_update;
	UPDATE vitals SET systolic = 99 WHERE id = 2"
expect_rc 1 "a changed value exits 1" kc --db "$T/changed.db" verify
contains "the row, column, value and recorded value are named" "$out" "vitals row 2: systolic is 99 but the audit says $old (changed outside ketchart)"
contains "the dropped trigger is named" "$out" "the trigger vitals_audit_update was removed outside ketchart"
contains "the problems are counted" "$out" "3 problems: the database was altered outside ketchart"
expect_rc 1 "the old head still proves the audit, but verify still exits 1" kc --db "$T/changed.db" verify --head "$head"
contains "the audit part is vouched for" "$out" "is audit row $rows"

# A row deleted after its no-delete trigger was dropped.
fresh "$T/deleted.db"
sq "$T/deleted.db" "DROP TRIGGER vitals_no_delete; DELETE FROM vitals WHERE id = 3"
expect_rc 1 "a deleted row exits 1" kc --db "$T/deleted.db" verify
contains "the table and row id are named" "$out" "vitals row 3 is gone: it was deleted outside ketchart"

# A row inserted without its audit, into the session still open.
fresh "$T/inserted.db"
sq "$T/inserted.db" "DROP TRIGGER observation_audit_insert;
	INSERT INTO observation (session_id, observed_at, entered_at, entered_by, kind, scale, score)
	SELECT id, created_at, created_at, clinician, 'nausea', 'nrs', 0 FROM session
	WHERE signed_at IS NULL LIMIT 1"
new=$(sqlite3 "$T/inserted.db" "SELECT max(id) FROM observation")
expect_rc 1 "an inserted row exits 1" kc --db "$T/inserted.db" verify
contains "it is named" "$out" "observation row $new has no insert in the audit: it was inserted outside ketchart"

# The audit itself: an edit, a deletion, a row added.
fresh "$T/audit-edit.db"
sq "$T/audit-edit.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_relink; UPDATE audit SET who = 'mallory' WHERE id = 10"
expect_rc 1 "an edited audit row exits 1" kc --db "$T/audit-edit.db" verify
contains "the chain breaks at that row" "$out" "audit row 10 was changed outside ketchart"
expect_rc 1 "the head no longer vouches for the audit" kc --db "$T/audit-edit.db" verify --head "$head"
contains "because the chain breaks before it" "$out" "but the chain is broken at or before it (audit row 10)"
fresh "$T/audit-del.db"
sq "$T/audit-del.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 20"
expect_rc 1 "a deleted audit row exits 1" kc --db "$T/audit-del.db" verify
contains "the gap is named" "$out" "audit row 20 is missing: it was deleted outside ketchart"
fresh "$T/audit-add.db"
sq "$T/audit-add.db" "DROP TRIGGER audit_chain;
	INSERT INTO audit (at, who, tbl, row_id, field, old_value, new_value)
	VALUES (1, 'mallory', 'vitals', 2, 'systolic', '1', '2')"
expect_rc 1 "an audit row added outside exits 1" kc --db "$T/audit-add.db" verify
contains "it is named" "$out" "audit row $((rows + 1)) has no valid chain hash: it was written outside ketchart"
# The last audit row removed: the chain is whole, only the noted head shows it.
fresh "$T/audit-tail.db"
sq "$T/audit-tail.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = $rows;
	CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are never changed or deleted'); END"
expect_rc 1 "an earlier-noted head catches a cut-off audit" kc --db "$T/audit-tail.db" verify --head "$head"
contains "it is not found" "$out" "head $head not found"

# A schema-1 database (the hash columns taken away again) is chained by the upgrade (the
# training mark stays: a demo remains a demo).
fresh "$T/v1.db"
sq "$T/v1.db" "DROP TRIGGER weight_audit_insert; DROP TRIGGER weight_audit_update; ALTER TABLE weight DROP COLUMN typed;
	DROP TABLE patient_correction; DROP TRIGGER weight_eie;
	ALTER TABLE weight DROP COLUMN eie_code; ALTER TABLE weight DROP COLUMN eie_reason;
	ALTER TABLE weight DROP COLUMN eie_by; ALTER TABLE weight DROP COLUMN eie_at;
	ALTER TABLE weight DROP COLUMN replaced_by; ALTER TABLE weight DROP COLUMN corrects;
	DROP TABLE amendment; DROP TABLE session_hold; DROP INDEX weight_session; DROP INDEX session_open; DROP INDEX vitals_baseline;
	DROP TRIGGER audit_chain; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_relink;
	ALTER TABLE audit DROP COLUMN hash; ALTER TABLE audit DROP COLUMN prev_hash;
	CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are never changed or deleted'); END;
	PRAGMA user_version = 1"
expect_rc 0 "init upgrades a schema-1 database" kc --db "$T/v1.db" init
cur=$(sqlite3 "$T/v1.db" "PRAGMA user_version")
contains "with every migration after the first" "$out" "schema version $cur ($((cur - 1)) migrations applied)"
expect_rc 0 "which then verifies" kc --db "$T/v1.db" verify --head "$head"
contains "to the same head" "$out" "chain head: $head"

# backup
expect_rc 0 "backup of a live database exits 0" kc --db "$demo" backup "$T/copy.db"
contains "it says what was copied (the demo: 7 patients, 14 sessions)" "$out" "pages copied: 7 patients, 14 sessions"
contains "that it reads back with the live rows and chain head" "$out" "the copy reads back with the live database's rows and chain head $head"
contains "and that the chain was not verified (verify's work, or --verify)" "$out" "the audit chain was not verified: run 'ketchart verify'"
expect_rc 0 "backup --verify of a live database exits 0" kc --db "$demo" backup "$T/copy-v.db" --verify
contains "and says the copy verifies" "$out" "$T/copy-v.db: ok: the audit chain is whole"
check "the copy is private" test "$(stat -c %a "$T/copy.db")" = 600
expect_rc 0 "the copy verifies on its own, to the same head" kc --db "$T/copy.db" verify --head "$head"
printf 'keep' >"$T/taken.db"
expect_rc 1 "backup refuses an existing file" kc --db "$demo" backup "$T/taken.db"
contains "and says so" "$out" "already exists: a backup never overwrites a file"
check "which is left as it was" test "$(cat "$T/taken.db")" = keep
expect_rc 1 "backup into a missing folder exits 1" kc --db "$demo" backup "$T/no/such.db"
check "and leaves no file" test ! -e "$T/no/such.db"
expect_rc 2 "backup without a file exits 2" kc --db "$demo" backup
expect_rc 1 "backup --verify of an altered database exits 1" kc --db "$T/changed.db" backup "$T/copy2.db" --verify
contains "and says the copy does not verify" "$out" "the copy does not verify"
expect_rc 0 "a plain backup of it copies it (verify's work is to find the alteration)" \
	kc --db "$T/changed.db" backup "$T/copy3.db"
expect_rc 1 "and verify of that copy finds it" kc --db "$T/copy3.db" verify

# (Backup while another process saves entries: tests/test_verify.c, which can write.)
