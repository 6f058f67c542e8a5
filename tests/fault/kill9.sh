#!/bin/sh
# kill -9 at random moments of a scripted charting session (vitals, side effects, infusion
# pause/resume/rate on the demo's running IV infusion): after every kill the database is
# whole (PRAGMA integrity_check, ketchart verify), every entry the charter was told was
# saved is there with its values, nothing is stored twice, and the next run resumes the
# same session. The schedule comes from a fixed seed (KC_KILL_SEED), printed; KC_KILL_TRIALS
# (50) sets the number of kills.
. "$(dirname "$0")/lib.sh"

trials=${KC_KILL_TRIALS:-50}
seed=${KC_KILL_SEED:-20261121}
db="$T/kill.db"
kc --db "$db" demo >/dev/null || { notok "a demo database to chart into"; exit 1; }
session=$(sqlite3 "$db" "SELECT id FROM session WHERE phase = 'dosing' AND route = 'iv' AND ended_at IS NULL")
check "the demo has an IV infusion running ($session)" test -n "$session"
set -- $(next_ids "$db")
first_v=$1 first_o=$2 first_d=$3
echo "# seed: $seed, trials: $trials, session: $session"

# A portable seeded generator (the same schedule on every machine): x' = (a x + c) mod 2^31.
x=$seed
next_delay() { x=$(((x * 1103515245 + 12345) % 2147483648)); delay_ms=$((x / 65536 % 1000)); }

bad_integrity=0 bad_verify=0 bad_trials=0 self_exit=0 resumed=0 killed_in=""
: >"$T/accepted"
t=1
while [ $t -le "$trials" ]; do
	next_delay
	"$CHARTER" -d -s $((seed + t)) -o $((t * 10000)) -w "$t" "$db" "$session" >"$T/run.log" 2>"$T/run.err" &
	pid=$!
	sleep "$(printf '0.%03d' "$delay_ms")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null; rc=$? # (no "Killed" from the shell)
	[ $rc -eq 137 ] || { self_exit=$((self_exit + 1)); echo "# trial $t: the charter exited $rc by itself"; sed 's/^/#   /' "$T/run.err"; }
	grep -q '^# resume ' "$T/run.log" && resumed=$((resumed + 1))
	cat "$T/run.log" >>"$T/accepted"
	ic=$(integrity "$db")
	[ "$ic" = ok ] || { bad_integrity=$((bad_integrity + 1)); echo "# trial $t (killed after $delay_ms ms): integrity: $ic"; }
	verified "$db" || { bad_verify=$((bad_verify + 1)); echo "# trial $t (killed after $delay_ms ms): verify:"; sed 's/^/#   /' "$T/verify.out"; }
	m=$(missing "$db" "$T/accepted")
	[ "$m" = 0 ] || { bad_trials=$((bad_trials + 1)); echo "# trial $t (killed after $delay_ms ms): $m accepted entries missing"; }
	killed_in="$killed_in $delay_ms"
	t=$((t + 1))
done
entries=$(accepted "$T/accepted")
lost=$(missing "$db" "$T/accepted") # the log is cumulative: every entry of every trial
stored=$(rows_from "$db" "$first_v" "$first_o" "$first_d")
echo "# kill delays (ms):$killed_in"
echo "# trials: $trials, entries: $entries, lost: $lost, stored: $stored"

check "the charter was running at every kill (none stopped by itself)" test $self_exit -eq 0
check "PRAGMA integrity_check is ok after every kill" test $bad_integrity -eq 0
check "ketchart verify passes after every kill" test $bad_verify -eq 0
check "every accepted entry is there with its values after every kill ($entries entries)" test $bad_trials -eq 0
check "entries were made in the trials (the kills landed while charting)" test "$entries" -gt "$trials"
# A kill between COMMIT and the printed line leaves at most one saved but unreported row.
check "at most one unreported row per kill ($((stored - entries)) in $trials kills)" \
	test "$stored" -ge "$entries" -a $((stored - entries)) -le "$trials"
check "no entry is stored twice" test "$(duplicated "$db" "$first_v" "$first_o" "$first_d")" = 0
check "most runs got as far as resuming the session ($resumed of $trials)" test $resumed -ge $((trials / 2))

# The session goes on after the last kill: the same charter, left to finish.
"$CHARTER" -d -s $((seed + trials + 1)) -o $(((trials + 1) * 10000)) -n 20 "$db" "$session" >"$T/run.log" 2>"$T/run.err"
check "after the last kill the session resumes and takes 20 more entries" test $? -eq 0 -a "$(accepted "$T/run.log")" -eq 20
cat "$T/run.log" >>"$T/accepted"
check "and still nothing accepted is missing" test "$(missing "$db" "$T/accepted")" = 0
state=$(sqlite3 "$db" "SELECT phase || ' ' || coalesce(ended_at, 'open') FROM session WHERE id = $session")
check "the session is still dosing and open ($state)" test "$state" = "dosing open"
expect_rc 0 "ketchart report $session works on the database" kc --db "$db" report "$session"
contains "the report shows the last accepted observation" "$out" \
	"$(awk '$1 == "O" && $NF == "end" { n = $6 } END { print n }' "$T/accepted")"
expect_rc 0 "ketchart verify passes at the end" kc --db "$db" verify
