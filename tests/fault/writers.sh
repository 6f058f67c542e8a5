#!/bin/sh
# Eight clinicians charting into one database at once, as fast as the program lets them,
# for KC_SOAK_SECONDS (30): each a patient and session of its own, vitals with some side
# effects. Afterwards every entry each was told was saved is there once, nothing else was
# stored, no one saw an error (every save got through within the busy timeout), and the
# database is whole.
. "$(dirname "$0")/lib.sh"

writers=${KC_SOAK_WRITERS:-8}
seconds=${KC_SOAK_SECONDS:-30}
db="$T/soak.db"
kc --db "$db" init >/dev/null || { notok "a database for the writers"; exit 1; }
set -- $(next_ids "$db")
first_v=$1 first_o=$2 first_d=$3

w=1 pids=""
while [ $w -le "$writers" ]; do
	"$CHARTER" -s "$w" -w "$w" -t "$seconds" "$db" new >"$T/w$w.log" 2>"$T/w$w.err" &
	pids="$pids $!"
	w=$((w + 1))
done
failed=0
for p in $pids; do
	wait "$p" || failed=$((failed + 1))
done
check "all $writers writers finished without giving up an entry" test $failed -eq 0

cat "$T"/w*.log >"$T/accepted"
errors=$(awk '$1 == "#" && $2 == "entries" { e += $5 } END { print e + 0 }' "$T"/w*.log)
shown=$(cat "$T"/w*.err | wc -l | tr -d ' ')
latency=$(awk '$1 == "#" && $2 == "entries" && $7 > m { m = $7 } END { print m + 0 }' "$T"/w*.log)
sessions=$(grep -c '^S ' "$T/accepted")
rows=$(accepted "$T/accepted")
stored=$(rows_from "$db" "$first_v" "$first_o" "$first_d")
lost=$(missing "$db" "$T/accepted")
dup=$(duplicated "$db" "$first_v" "$first_o" "$first_d")
echo "# per writer (entries/max ms):$(awk '$1 == "#" && $2 == "entries" { printf " %s/%s", $3, $7 }' "$T"/w*.log)"
echo "# writers: $writers, seconds: $seconds, rows: $rows, lost: $lost, duplicated: $dup, errors: $errors, max latency: $latency ms"

check "every writer opened a session of its own ($sessions of $writers)" test "$sessions" -eq "$writers"
check "each writer saved entries" test "$(grep -l '^V ' "$T"/w*.log | wc -l)" -eq "$writers"
check "no error was shown to a clinician ($errors errors)" test "$errors" -eq 0 -a "$shown" -eq 0
[ "$shown" -eq 0 ] || sed 's/^/#   /' "$T"/w*.err | sort | uniq -c | head -n 10
check "no accepted entry is lost ($rows entries)" test "$lost" = 0
check "no entry is stored twice" test "$dup" = 0
check "nothing was stored that was not accepted ($stored rows stored)" test "$stored" -eq "$rows"
check "every save took less than the 30 s busy timeout (max $latency ms)" \
	awk -v m="$latency" 'BEGIN { exit !(m < 30000) }'
ic=$(integrity "$db")
check "PRAGMA integrity_check is ok ($ic)" test "$ic" = ok
verified "$db"
check "ketchart verify passes" test $? -eq 0
