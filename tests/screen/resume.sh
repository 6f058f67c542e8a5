#!/bin/sh
# Resume after a crash and after a hang-up, driven in tmux. An IV session is screened and
# started through the screens at 09:00; at 09:21 two readings are entered (one back-dated
# to 09:12) and ketchart is killed with SIGKILL while a third reading is half typed. At
# 09:24 the start screen offers the session in progress; Enter resumes it in dosing with
# the elapsed time and the next due time computed from the stored start and last reading,
# and every accepted reading is there (and in the report), the half-typed one is not.
# Then SIGHUP while a form is open: the program ends, the terminal is restored, the
# readings accepted before it are kept. Each run has a (nearly) frozen test clock.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
DAY=2026-11-21
# start_at HH:MM [VAR=value ...] -- : a nearly frozen test clock at HH:MM.
start_at() { t=$1; shift; start TZ=UTC "KETCHART_NOW=${DAY}T$t:00Z" KETCHART_CLOCK_SCALE=0.01 "$@"; }

report() { "$KETCHART" --db "$DB" report 1 2>&1 | sed -n '/^VITALS/,/^OBSERVATIONS/p'; }

# ---------- 09:00: a patient, the screening, the infusion started ----------
fresh_db
start_at 09:00 --
wait_for "No patients yet"
send n; wait_for "New patient"
type_text KC-7001; send Tab; type_text "Rhea Resume"; send Tab; type_text 1990-06-07; send Enter
wait_for "Added Rhea Resume"
send s; wait_for "Start a session: Rhea Resume"; start_save C-s
wait_for "Contraindication checklist: 0 of 19 answered"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do send n; done
wait_for "19 of 19 answered"
send p; send 1 0 1 0 1 0 0 0 0
send g; send 1 0 0 1 0 0 0
send s; send n n n
send i; wait_for "Session info: weight"
send Enter; wait_for "Weight today"; type_text 68; send Enter
wait_for "Last solid food"; type_text 01:00; send Enter
wait_for "Last clear liquids"; type_text 06:00; send Enter
wait_for "Escort name"; type_text "Ray R"; send Tab; type_text 555-0101; send Enter
wait_for "Consent current  choose"; send y Enter
wait_for "Medication and health changes"; type_text none; send Enter
wait_gone "Medication and health changes"
send v; wait_for "Pre-dose vitals (baseline)"
for f in 126/80 72 98 14; do type_text "$f"; send Tab; done
type_text 5; send C-s
expect "the screening passes through the screens" "Verdict: PASS - dosing allowed"
send d; wait_for "READY TO DOSE"
send s; wait_for "Start: 34.0 mg, pump 150.0 mL/h"
send Tab; type_text LOT-R1; send C-s
expect "the infusion starts at 09:00" "DOSING | IV ketamine infusion | started 09:00 | elapsed 0m"
send q; exited 5

# ---------- 09:21: two readings, then SIGKILL with a third half typed ----------
start_at 09:21 --
expect_re "the start screen offers the infusion in progress" "Rhea Resume +KC-7001 +iv +dosing +21m +OVERDUE"
send Enter
expect "Enter resumes the session screen" "DOSING | IV ketamine infusion | started 09:00 | elapsed 21m"
vitals 134/86 80 97 15 5 09:12
expect "a reading taken at 09:12 is saved" "Vitals saved 09:12."
vitals 138/88 84 96 16 4
expect "a reading at 09:21 is saved" "Vitals saved 09:21."
expect "the next reading is due 10 min after the last" "Next vitals 09:31 (in 10m)"
send v; wait_for "Vitals reading"
type_text 199/99; send Tab; type_text 77
wait_for "77"
pid=$(prog_pid)
# (under make valgrind the process is valgrind's tool running ketchart)
case "$(ps -o comm= -p "${pid:-0}")" in ketchart | memcheck*) found=1 ;; *) found= ;; esac
if [ -n "$found" ]; then ok "the pane's ketchart process is found ($pid)"
else notok "the pane's ketchart process is found (pid '$pid')"; fi
[ -n "$pid" ] && kill -9 "$pid"
if exited 5; then ok "SIGKILL ends ketchart mid-infusion"; else notok "SIGKILL ends ketchart mid-infusion"; show; fi
# The tty is left raw by SIGKILL: the status may start mid-line and wrap (-J joins).
st=$(tm capture-pane -p -J -t kc | sed -n 's/.*KC-EXIT=\([0-9]*\).*/\1/p' | head -n 1)
[ "$st" = 137 ] && ok "killed by signal 9 (status 137)" || { notok "killed by signal 9 (status '$st')"; show; }
kill -0 "$pid" 2>/dev/null && notok "the process is gone" || ok "the process is gone"

rep=$(report)
for v in "126/80 +72 +98 +14" "134/86 +80 +97 +15" "138/88 +84 +96 +16"; do
	printf '%s\n' "$rep" | grep -Eq " $v " && ok "after SIGKILL the report has $v" ||
		{ notok "after SIGKILL the report has $v"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
done
printf '%s\n' "$rep" | grep -q "199/99" && notok "the half-typed reading was not stored" ||
	ok "the half-typed reading was not stored"

# ---------- 09:24: the session is offered and resumes with the timer right ----------
start_at 09:24 --
wait_for "Sessions in progress"
row=$(screen | grep -A3 "Sessions in progress" | grep "Rhea Resume")
case "$row" in
*"KC-7001"*iv*dosing*" 24m "*"09:31 (in 7m)"*) ok "after the crash the session is offered: dosing, 24m, next 09:31 (in 7m)" ;;
*) notok "after the crash the session is offered with its timer: '$row'"; look; show ;;
esac
expect "the start screen says Enter resumes" "Enter resumes"
send Enter
expect "Enter resumes it in dosing with the elapsed time from the stored start" \
	"DOSING | IV ketamine infusion | started 09:00 | elapsed 24m"
check "the infusion is still running at its rate" "Infusion RUNNING at 150.0 mL/h"
check "the next due time is from the last reading (09:21 + 10)" "Next vitals 09:31 \(in 7m\) - infusion vitals every 10 min"
check "every accepted reading is there" "Vitals, newest first \(3\)"
check "the 09:21 reading" " 09:21 138/88 +84 +96 +16 +- +4( |$)"
check "the 09:12 reading" " 09:12 134/86 +80 +97 +15 +- +5( |$)"
check "the baseline" " 09:00 126/80 +72 +98 +14 +- +5 .*baseline"
check_not "the half-typed reading is not there" "199/99"
check "the title names the patient and phase" "Rhea Resume #KC-7001 - IV dosing"

# ---------- SIGHUP with a form open ----------
vitals 140/90 86 97 15 5
expect "a reading at 09:24 is saved" "Vitals saved 09:24."
send v; wait_for "Vitals reading"
type_text 155/95; send Tab; type_text 9
wait_for "155/95"
pid=$(prog_pid)
[ -n "$pid" ] && kill -HUP "$pid"
if exited 5; then ok "SIGHUP with a form open ends the program"; else notok "SIGHUP with a form open ends the program"; show; fi
restored && ok "SIGHUP: the terminal is restored (cooked mode, cursor, main screen)" ||
	{ notok "SIGHUP: the terminal is restored"; show; }
kill -0 "$pid" 2>/dev/null && notok "SIGHUP: the process is gone" || ok "SIGHUP: the process is gone"
rep=$(report)
printf '%s\n' "$rep" | grep -Eq " 140/90 +86 +97 +15 " && ok "SIGHUP: the reading accepted before it is kept" ||
	{ notok "SIGHUP: the reading accepted before it is kept"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -q "155/95" && notok "SIGHUP: the open form was not stored" ||
	ok "SIGHUP: the open form was not stored"
n_rows=$(printf '%s\n' "$rep" | grep -c '^2026-')
[ "$n_rows" = 4 ] && ok "report: exactly the four accepted readings" || notok "report: four readings (got $n_rows)"
printf '%s\n' "$rep" | grep -A2 " 134/86 " | grep -q "LATE" && notok "report: the 09:12 reading (9 min back) is not LATE" ||
	ok "report: the 09:12 reading (9 min back) is not LATE"

# ---------- after the hang-up the session is offered again ----------
start_at 09:30 --
wait_for "Sessions in progress"
row=$(screen | grep -A3 "Sessions in progress" | grep "Rhea Resume")
case "$row" in
*dosing*" 30m "*"09:34 (in 4m)"*) ok "after SIGHUP the session is offered with next 09:34 (in 4m)" ;;
*) notok "after SIGHUP the session is offered with its timer: '$row'"; look; show ;;
esac
send Enter
expect "and resumes with four readings" "Vitals, newest first (4)"
send Escape; wait_for "Sessions in progress"; send q
exited 5 && [ "$(exit_status)" = 0 ] && ok "q quits with status 0" || { notok "q quits with status 0"; show; }
