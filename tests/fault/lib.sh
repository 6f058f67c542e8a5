# Shared helpers of the fault tests: the charter tool (tests/tool_charter.c), the log of
# the entries it was told were saved, and the checks that every one of them is still there.
. "$(dirname "$0")/../cli/lib.sh"

# integrity DB: sqlite's own check of every page and index ("ok" or what is wrong)
integrity() { sqlite3 "$1" "PRAGMA integrity_check" 2>&1 | head -n 5; }

# verified DB: ketchart verify exits 0 (the audit chain is whole, every row agrees)
verified() { kc --db "$1" verify >"$T/verify.out" 2>&1; }

# missing DB LOG: how many accepted lines of LOG (V/O/D, see tool_charter.c) have no row in
# DB with the same id, session and values; 0 means nothing accepted was lost.
missing() {
	awk '
	BEGIN { q = "\047"; print "CREATE TEMP TABLE acc (t, id, ses, a, b, c, d, e, k, note);"; print "BEGIN;" }
	$1 == "V" && NF == 9 && $9 == "end" {
		printf "INSERT INTO acc VALUES (%sV%s, %d, %d, %d, %d, %d, %d, %d, NULL, NULL);\n", q, q, $2, $3, $4, $5, $6, $7, $8 }
	$1 == "O" && NF == 7 && $7 == "end" {
		printf "INSERT INTO acc VALUES (%sO%s, %d, %d, %d, 0, 0, 0, 0, %s%s%s, %s%s%s);\n", q, q, $2, $3, $5, q, $4, q, q, $6, q }
	$1 == "D" && NF == 6 && $6 == "end" {
		printf "INSERT INTO acc VALUES (%sD%s, %d, %d, 0, 0, 0, 0, 0, %s%s%s, %s%s%s);\n", q, q, $2, $3, q, $4, q, q, $5, q }
	END { print "COMMIT;" }' "$2" >"$T/missing.sql"
	cat >>"$T/missing.sql" <<-'EOF'
	SELECT count(*) FROM acc WHERE NOT EXISTS (
	  SELECT 1 FROM vitals v WHERE acc.t = 'V' AND v.id = acc.id AND v.session_id = acc.ses
	    AND v.systolic = acc.a AND v.diastolic = acc.b AND v.heart_rate = acc.c AND v.spo2 = acc.d
	    AND v.resp_rate = acc.e AND v.eie_code IS NULL
	  UNION ALL SELECT 1 FROM observation o WHERE acc.t = 'O' AND o.id = acc.id
	    AND o.session_id = acc.ses AND o.kind = acc.k AND o.score = acc.a AND o.note = acc.note
	  UNION ALL SELECT 1 FROM dose_event d WHERE acc.t = 'D' AND d.id = acc.id
	    AND d.session_id = acc.ses AND d.kind = acc.k AND d.note = acc.note);
	EOF
	sqlite3 "$1" <"$T/missing.sql" 2>&1
}

# accepted LOG: the number of complete accepted lines in LOG
accepted() { awk '($1 == "V" || $1 == "O" || $1 == "D") && $NF == "end"' "$1" | wc -l | tr -d ' '; }

# duplicated DB FIRST_V FIRST_O FIRST_D: rows from the given ids on stored more than once —
# vitals by session and the values that encode the entry number, the others by their note.
duplicated() {
	sqlite3 "$1" "SELECT
	  (SELECT count(*) FROM (SELECT 1 FROM vitals WHERE id >= $2
	     GROUP BY session_id, systolic, diastolic, heart_rate, resp_rate HAVING count(*) > 1))
	+ (SELECT count(*) FROM (SELECT 1 FROM observation WHERE id >= $3 GROUP BY note HAVING count(*) > 1))
	+ (SELECT count(*) FROM (SELECT 1 FROM dose_event WHERE id >= $4 GROUP BY note HAVING count(*) > 1))"
}

# next_ids DB: the next row id of vitals, observation and dose_event ("V O D")
next_ids() {
	sqlite3 "$1" "SELECT (SELECT coalesce(max(id), 0) + 1 FROM vitals) || ' ' ||
	  (SELECT coalesce(max(id), 0) + 1 FROM observation) || ' ' ||
	  (SELECT coalesce(max(id), 0) + 1 FROM dose_event)"
}

# rows_from DB FIRST_V FIRST_O FIRST_D: how many entry rows were stored from those ids on
rows_from() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM vitals WHERE id >= $2)
	  + (SELECT count(*) FROM observation WHERE id >= $3) + (SELECT count(*) FROM dose_event WHERE id >= $4)"
}

. "$(dirname "$0")/../charter.sh"
