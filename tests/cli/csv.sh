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
# A bigger one for the tables: corrections, amendments, weights outside any session.
big="$T/db/big.db"
kc --db "$big" demo --sessions 300 --seed 1 >/dev/null || { notok "demo --sessions 300"; exit 1; }
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

# ---------- every table read back by python3's csv module ----------
# check_table TABLE WANT_ROWS: every record as wide as the header, WANT_ROWS entries (not
# counting amendment rows), each amendment row after the row it amends.
cat >"$T/check.py" <<'PY'
import csv, sys
path, want = sys.argv[1], int(sys.argv[2])
rows = list(csv.reader(open(path, newline="", encoding="utf-8")))
head, body = rows[0], rows[1:]
bad = [i for i, r in enumerate(body) if len(r) != len(head)]
if bad:
    sys.exit("rows %s are not %d wide" % (bad[:5], len(head)))
if "record_type" in head:
    entries = [r for r in body if r[0] != "amendment"]
    seen = set()
    for r in body:
        d = dict(zip(head, r))
        if d["record_type"] == "amendment":
            if d["amends"].split(" ")[1] not in seen:
                sys.exit("amendment %s before the row it amends" % d["row_id"])
        else:
            seen.add(d["row_id"])
else:
    entries = body
if len(entries) != want:
    sys.exit("%d entries, wanted %d" % (len(entries), want))
PY
q() { sqlite3 "$big" "$1"; }
for spec in "vitals:SELECT (SELECT count(*) FROM vitals) + (SELECT count(*) FROM weight)" \
	"observations:SELECT count(*) FROM observation" "doses:SELECT count(*) FROM dose_event" \
	"sessions:SELECT count(*) FROM session" \
	"scores:SELECT (SELECT count(DISTINCT session_id || substr(item, 1, instr(item, '.'))) FROM screening_answer WHERE item GLOB 'phq9.*' OR item GLOB 'gad7.*' OR item GLOB 'cssrs.*' OR item GLOB 'pcl5.*') + (SELECT count(*) FROM observation WHERE scale IN ('CADSS', 'CADSS-6')) + (SELECT count(*) FROM discharge)"; do
	t=${spec%%:*}
	kc --db "$big" export --format csv --table "$t" >"$T/$t.csv" 2>/dev/null
	check "--table $t exits 0" test $? -eq 0
	check "--table $t reads back whole through python3's csv module" python3 "$T/check.py" "$T/$t.csv" "$(q "${spec#*:}")"
done
check "the default table is vitals" sh -c 'kc() { "$KETCHART" "$@"; }; "$0" --db "$1" export --format csv 2>/dev/null | cmp -s - "$2"' "$KETCHART" "$big" "$T/vitals.csv"
amended=$(q "SELECT count(*) FROM amendment WHERE tbl IN ('vitals', 'weight')")
check "each amendment of a reading or weight is a row of the vitals table ($amended)" \
	test "$(grep -c '^amendment,' "$T/vitals.csv")" -eq "$amended"
refused=$(q "SELECT count(*) FROM vitals WHERE status <> 'taken'")
check "readings not taken are kept with their status ($refused)" \
	test "$(grep -c ',refused,\|,unavailable,' "$T/vitals.csv")" -eq "$refused"
check "the doses' header carries the units" grep -q ',dose_mg,rate_ml_per_h,device_no,lot,' "$T/doses.csv"
check "there are some ($amended) and some corrected readings" test "$amended" -gt 0 -a "$(q "SELECT count(*) FROM vitals WHERE eie_code IS NOT NULL")" -gt 0
check "weights outside any session are kept too" test "$(grep -c '^weight,[0-9]*,,' "$T/vitals.csv")" -eq "$(q "SELECT count(*) FROM weight WHERE session_id IS NULL")"
check "the sessions table's rows end in CRLF" sh -c 'sed -n 2p "$1" | od -c | grep -q "\\\\r  \\\\n"' sh "$T/sessions.csv"

# ---------- --bom, --tz ----------
kc --db "$big" export --format csv --table doses --bom >"$T/bom.csv" 2>/dev/null
check "--bom: the UTF-8 byte order mark first" sh -c 'head -c 3 "$1" | od -An -tx1 | grep -q "ef bb bf"' sh "$T/bom.csv"
check "and the rest as without it" sh -c 'tail -c +4 "$1" | cmp -s - "$2"' sh "$T/bom.csv" "$T/doses.csv"
check "python3 reads it with utf-8-sig" python3 -c 'import csv,sys; r=next(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))); sys.exit(r[0] != "record_type")' "$T/bom.csv"
check "no BOM by default" sh -c '[ "$(head -c 6 "$1")" = record ]' sh "$T/doses.csv"
TZ=America/New_York kc --db "$big" export --format csv --tz local >"$T/local.csv" 2>/dev/null
check "--tz local exits 0" test $? -eq 0
check "--tz local: ISO 8601 with the offset, the same instants as UTC" python3 -c '
import csv, sys
from datetime import datetime
u = list(csv.DictReader(open(sys.argv[1], newline="")))
l = list(csv.DictReader(open(sys.argv[2], newline="")))
assert len(u) == len(l) and u
for a, b in zip(u, l):
    for k in ("time", "entered", "due"):
        x, y = a[k + "_utc"], b[k + "_local"]
        assert (x == "") == (y == ""), (x, y)
        if x:
            assert y[-6] in "+-" and y[-3] == ":", y
            assert y[-6:] in ("-05:00", "-04:00"), y
            assert datetime.fromisoformat(x.replace("Z", "+00:00")) == datetime.fromisoformat(y), (x, y)
' "$T/vitals.csv" "$T/local.csv"
expect_rc 2 "--tz takes utc or local" kc --db "$db" export --format csv --tz mars
expect_rc 2 "--bom goes with CSV" kc --db "$db" export --format fhir --bom
expect_rc 2 "an unknown table names the tables" kc --db "$db" export --format csv --table labs
contains "the tables named" "$out" "vitals, observations, doses, scores, acks or sessions"

# ---------- hostile strings in every table ----------
cp "$big" "$T/db/hostile.db"
hdb="$T/db/hostile.db"
sqlite3 -bail "$hdb" "DROP TRIGGER patient_audit_update; DROP TRIGGER dose_event_audit_update;
	DROP TRIGGER dose_event_signed_update; DROP TRIGGER observation_audit_update; DROP TRIGGER observation_signed_update;
	UPDATE patient SET name = '=cmd|'' /C calc''!A0' || char(10) || '\"quoted\", comma', chart_no = '+' || chart_no;
	UPDATE dose_event SET lot = '@SUM(1+1)*cmd', note = char(9) || '=1+2' || char(13);
	UPDATE observation SET note = '-2+3' || char(27) || '[31m', intervention = '-5';" ||
	notok "the sqlite3 shell could make the hostile database"
cat >"$T/guard.py" <<'PY'
import csv, sys, re
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
num = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
for r in rows:
    for c in r:
        if c and c[0] in "=+@\t\r" or (c and c[0] == "-" and not num.match(c)):
            sys.exit("unguarded cell %r" % c)
        if "\x1b" in c:
            sys.exit("escape character in %r" % c)
PY
for t in vitals observations doses scores sessions; do
	kc --db "$hdb" export --format csv --table "$t" >"$T/h-$t.csv" 2>/dev/null
	check "hostile strings: --table $t still reads back whole" python3 "$T/check.py" "$T/h-$t.csv" "$(python3 "$T/check.py" "$T/$t.csv" 0 2>&1 | sed -n 's/^\([0-9]*\) entries.*/\1/p')"
	check "hostile strings: --table $t guards every formula-like cell and sends no escape" python3 "$T/guard.py" "$T/h-$t.csv"
done
check "a negative number stays a number" grep -q ',-5,' "$T/h-observations.csv"
kc --db "$hdb" export --format csv --table doses --raw >"$T/h-raw.csv" 2>/dev/null
check "--raw leaves them as stored (for a program, not a spreadsheet)" grep -q ',@SUM(1+1)\*cmd,' "$T/h-raw.csv"

echo "1..$n"
