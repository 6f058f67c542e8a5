#!/bin/sh
# Screens read the database only when it changed (issue 10, src/ui/reload.c): idle on the
# start screen, the board, a session and the chart view with 8 sessions in progress, the
# program uses under 0.5% of a core (its CPU time from /proc/PID/stat over IDLE_S real
# seconds); another program's entry shows on the screen on top by itself, and on a
# screen that was hidden under another as soon as it is on top again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../charter.sh"

IDLE_S=${IDLE_S:-10}
SESSIONS=${KC_RELOAD_SESSIONS:-120}
export TZ=UTC
# KC_RELOAD_FROM: a copy of that database instead (a big one made by demo --sessions).
if [ -n "${KC_RELOAD_FROM:-}" ]; then cp "$KC_RELOAD_FROM" "$DB"
else "$KETCHART" --db "$DB" demo --sessions "$SESSIONS" --seed 1 >/dev/null; fi

# The program's CPU time in clock ticks (utime + stime, fields 14 and 15).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# idle WHAT: the program's CPU over IDLE_S seconds as a percentage of one core, judged.
idle() {
	pid=$(prog_pid)
	a=$(ticks "$pid")
	t0=$(date +%s.%N)
	sleep "$IDLE_S" # measuring a duration, not waiting for a state
	b=$(ticks "$pid")
	t1=$(date +%s.%N)
	pct=$(awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.2f", (b - a) * 100 / hz / (t1 - t0) }')
	echo "# idle CPU, $1: $pct% of a core over ${IDLE_S} s"
	if awk -v p="$pct" 'BEGIN { exit !(p < 0.5) }'; then ok "idle on $1: $pct% < 0.5% of a core"
	else notok "idle on $1: $pct% of a core, not < 0.5%"; fi
}

start --
if wait_for "Sessions in progress" 10; then ok "the start screen lists the sessions in progress"
else notok "the start screen opens"; show; fi
idle "the start screen"

# The patients the start screen counts ("Patients (N)").
patients() { screen | sed -n 's/.*Patients (\([0-9]*\)).*/\1/p' | head -n 1; }

# Another program charts a new patient and session: the start screen shows it by itself.
np=$(patients)
"$CHARTER" -w 7 -n 1 "$DB" new >/dev/null 2>&1
expect "another program's new patient shows on the start screen" "Patients ($((np + 1)))" 10

# Hidden under the help screen, the start screen does not look; on top again it shows
# what changed meanwhile.
send '?'
wait_for "Esc" || { notok "help opens"; show; }
idle "the help screen over the start screen"
"$CHARTER" -w 8 -n 1 "$DB" new >/dev/null 2>&1
send Escape
expect "on top again, the start screen shows the entry made while it was hidden" "Patients ($((np + 2)))" 10

send B
if wait_for "Clinic board" 10; then ok "the board opens"; else notok "the board opens"; show; fi
idle "the board"
send Escape
wait_for "Sessions in progress" 10
send c
if wait_re "Vitals|Screening|sessions" 10; then ok "the chart view opens"; else notok "the chart view opens"; show; fi
idle "the chart view"
send Escape
wait_for "Sessions in progress" 10
send Enter
if wait_re "DOSING \\||RECOVERY \\||SCREENING|Screening" 10; then ok "a session in progress opens"
else notok "a session in progress opens"; show; fi
idle "a session screen"
echo "1..$n"
