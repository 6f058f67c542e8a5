#!/bin/sh
# Drafts (issue 11): ^C, SIGTERM and a dropped connection (SIGHUP) with something typed in
# a form keep what was typed as a draft, given back when the clinician opens that form
# again, and marked as not charted; nothing of it is charted until saved. ^C with nothing
# typed quits at once, as before.
. "$(dirname "$0")/lib.sh"

demo_db
# The vitals table's count on the session screen: "Vitals, newest first (N)".
readings() { screen | sed -n 's/.*Vitals, newest first (\([0-9]*\)).*/\1/p' | head -n 1; }
# until the program with pid $1 has ended
gone() {
	i=0
	while kill -0 "$1" 2>/dev/null; do
		[ "$i" -ge $((50 * KC_SLOW)) ] && return 1
		sleep 0.1; i=$((i + 1))
	done
}
reopen_vitals() {
	start --
	open_session "DOSING" || { notok "$1: the session opens again"; show; return 1; }
	wait_for "Vitals, newest first"; shown=$(readings)
	send v
	wait_for "Vitals reading"
}

# ---------- ^C with nothing typed quits at once, as before ----------
start --
wait_for "Sessions in progress"
send C-c
if exited 5; then ok "^C with nothing typed quits at once"; else notok "^C with nothing typed quits at once"; show; fi
[ "$(exit_status)" = 0 ] && ok "... with status 0" || { notok "... with status 0: $(exit_status)"; show; }
check_not "... and keeps no draft" "kept as a draft"

# ---------- ^C in a half-typed vitals form ----------
start --
open_session "DOSING" || { notok "the running session opens"; show; }
before=$(readings)
send v; wait_for "Vitals reading"
type_text 142/91; send Tab; type_text 88
wait_for "Heart rate /min     88"
send C-c
if exited 5; then ok "^C quits with a form half typed"; else notok "^C quits with a form half typed"; show; fi
tm capture-pane -p -J -t kc | grep -q 'what was typed in "Vitals reading" is kept as a draft, not charted' &&
	ok "... and says the typing is kept as a draft" || { notok "... and says the typing is kept as a draft"; show; }

reopen_vitals "^C"
expect_re "the vitals form comes back with the draft, marked as such" "restored draft from [0-9]{2}:[0-9]{2} - not charted until saved"
check "... the BP typed" "BP \(e.g. 142/91\) +142/91"
check "... the heart rate typed" "Heart rate /min +88"
send Escape; wait_for "Discard the entry"; send n; wait_gone "Discard the entry"
[ "$shown" = "$before" ] && ok "nothing of the draft was charted ($before readings)" ||
	notok "nothing of the draft was charted: $shown readings, $before before"

# ---------- SIGTERM with the restored draft, one more field typed ----------
send Tab Tab; type_text 97
wait_for "SpO2 %              97"
pid=$(prog_pid)
kill -TERM "$pid"
if exited 5; then ok "SIGTERM ends the program"; else notok "SIGTERM ends the program"; show; fi
reopen_vitals "SIGTERM"
expect "after SIGTERM the draft comes back" "restored draft from"
check "... with what was typed before" "BP \(e.g. 142/91\) +142/91"
check "... and the field typed since" "SpO2 % +97"

# ---------- a dropped connection: the terminal goes (SIGHUP) ----------
send Tab Tab Tab; type_text 14
wait_for "Resp. rate /min     14"
pid=$(prog_pid)
tm kill-session -t kc
gone "$pid" && ok "a dropped connection ends the program" || notok "a dropped connection ends the program"
reopen_vitals "SIGHUP"
expect "after the connection dropped the draft comes back" "restored draft from"
check "... whole" "Resp. rate /min +14"
[ "$shown" = "$before" ] && ok "... still not charted ($before readings)" || notok "... still not charted: $shown readings, $before before"
check "the time taken is the one the form showed when the draft was kept" "Time taken \(HH:MM\) +[0-9]{2}:[0-9]{2} "

# ---------- saved, it is charted once, and no draft is left ----------
send Down Down Down Down; type_text 5
send C-s
expect "the restored draft is saved as a reading" "Vitals saved"
expect "... one reading more" "Vitals, newest first ($((before + 1)))"
send v; wait_for "Vitals reading"
check_not "no draft is left once it was used" "restored draft"
send Escape; wait_gone "Vitals reading"
send Escape; wait_for "Sessions in progress"

# ---------- a form with no session: the new patient ----------
send n; wait_for "New patient"
type_text KC-7777; send Tab; type_text "Draft, Dana"
wait_for "Draft, Dana"
send C-c; exited 5
start --
wait_for "Sessions in progress"
send n
expect "the new-patient form comes back with its draft" "restored draft from"
check "... its chart number" "Chart number +KC-7777"
check "... its name" "Name +Draft, Dana"
send Escape; wait_for "Discard the entry"; send y
expect_not "discarded, the form closes" "New patient"
check_not "... and the draft's note goes with it" "restored draft"
send n; wait_for "New patient"
check_not "a discarded draft does not come back" "restored draft"
