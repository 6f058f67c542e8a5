#!/bin/sh
# The chart view, driven in tmux: opened from the start screen, the header, the vitals
# with their flags, the trend plot, scrolling, an addendum and a refused correction on a
# signed session, a correction on the session in progress (checked in the report), resize.
. "$(dirname "$0")/lib.sh"

# From the demo (kc_demo_fill): Jordan Ellis (KC-1001) has a signed IV session with a
# critical BP acknowledged and nausea treated; Samuel Okafor (KC-1003) is in an IV infusion.
SIGNED="Jordan Ellis"
RUNNING="Samuel Okafor"
ME=$(id -un)
demo_db

# The line the cursor is on (">" in ASCII, a triangle in UTF-8).
cursor_line() { screen | grep -E '^(>|▶) ' | head -n 1; }
# Until the cursor line matches the extended regex $1 (it is then in $cur).
wait_cursor() {
	i=0
	while [ "$i" -lt 50 ]; do
		cur=$(cursor_line)
		printf '%s\n' "$cur" | grep -Eq "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
has() { printf '%s\n' "$scr" | grep -Eq "$1"; }
check() { if has "$2"; then ok "$1"; else notok "$1: no /$2/ on the screen"; show; fi; }

start --
wait_for "Sessions in progress"

# ---------- a patient's sessions, then the signed chart ----------
send /; type_text Ellis; send Enter
wait_for 'Patients matching "Ellis" (1)'
send c
expect "c on a patient lists the patient's sessions" "Sessions of $SIGNED (KC-1001)"
row=$(screen | grep "IV ketamine infusion")
case "$row" in *discharged*signed*) ok "the signed IV session is listed with its phase and signature" ;;
*) notok "the signed IV session is listed with its phase and signature"; show ;; esac
SESSION=$(printf '%s\n' "$row" | sed -n 's/^[^0-9]*\([0-9][0-9]*\) .*/\1/p')
expect "the key bar offers Enter on the list" "Enter open"
send Enter
expect "Enter opens the chart: the patient in the header" "Patient    $SIGNED, chart KC-1001"
check "the age is shown" "[0-9]+ years \(born 1981-04-17\)"
check "route and indication are shown" "Session    $SESSION, IV ketamine infusion, for "
check "phase and outcome are shown" "Phase      discharged, outcome discharged"
check "the times are in HH:MM" "Times      [0-9-]+: created [0-9][0-9]:[0-9][0-9], dose [0-9:]+ to [0-9:]+, ended"
check "who signed and when" "Signed     by [a-z0-9_.-]+, [0-9-]+ [0-9:]+ \(read-only\)"
check "the title names the patient and the phase" "$SIGNED \(KC-1001\) - chart, discharged, signed"
check "the screening verdict is shown" "Verdict    pass at dose start"
check "a confirmation is shown with its note" "Confirmed  Takes benzodiazepines \(sedation\): [a-z0-9]+"
check "the key bar shows the chart's keys" "x correct +a addendum +Tab next entry"
check "the position in the chart is shown" "lines 1-20 of [0-9]+, PgDn for more"

# ---------- vitals, flags, the plot, observations ----------
send PageDown
expect "PgDn scrolls to the vitals table with units" "mmHg    /min    % /min"
check "the critical reading says CRIT and that it was acknowledged" "[0-9:]{5} 184/104 .* CRIT ack"
check "the alert text is under it" "CRIT: SBP 184 mmHg >= 180"
check "the acknowledgement says who and what was done" "acknowledged [0-9:]{5} by [^:]+: rate reduced to 100 mL/h"
check "a warning reading says WARN" "162/94 .* WARN"
send PageDown
expect "a reading entered in error stays, marked [ERR]" "[ERR] reading entered in error"
check "on its own row too" " 118 .*\[ERR\]"
check "the reason of the correction is shown" "entered in error \(wrong value\): typed 118"
check "its correction follows" "correction of the reading above"
check "the trend plot has a y axis with numbers" "^ +1[0-9]0 [|│]"
check "the trend plot plots systolic readings" "^ +1[0-9]0 [|│].*S"
send PageDown
expect "the plot has a legend" "Legend: S systolic"
check "the plot's time axis is in HH:MM" "[0-9][0-9]:[0-9][0-9] +[0-9][0-9]:[0-9][0-9] +[0-9][0-9]:[0-9][0-9]"
check "the legend names every series with its unit" "Legend: S systolic and D diastolic BP \(mmHg\), H heart rate \(/min\)"
check "heart rate has its own scale in /min" "^ +/min [|│]"
check "heart rate is plotted as H" "^ +[0-9]+ [|│].*H"
check "scrolling reaches the observations" "Observations \(side effects\)"
check "the treated nausea is shown with its score and WARN" "Nausea, NRS 5 \(moderate\) WARN"
check "with its intervention" "intervention: ondansetron 4 mg IV"
send Home
expect "Home goes back to the top" "lines 1-20 of"

# ---------- a signed session: no correction, an addendum ----------
send Tab
wait_cursor '[0-9]:[0-9][0-9] [0-9]+/[0-9]+ ' && ok "Tab moves the cursor to the first reading" ||
	{ notok "Tab moves the cursor to the first reading (cursor: $cur)"; show; }
send x
expect "a correction on a signed session is refused, saying why" "session $SESSION is signed and read-only"
expect_not "no correction form opens" "Correct the reading"
send a
expect "a opens the addendum form" "Addendum to this chart"
type_text "Phone call day 2: no headache, sleeping well."
send Enter
expect "the addendum is saved" "Addendum saved"
expect "the addendum appears in the chart" "Phone call day 2: no headache, sleeping well."
check "the addendum shows its author and time" "[0-9-]+ [0-9:]+, by ([^ ]+ \()?$ME"
"$KETCHART" --db "$DB" report "$SESSION" | grep -q "Phone call day 2: no headache" &&
	ok "the addendum is stored (in the report)" || notok "the addendum is stored (in the report)"
send '?'
expect "? shows the chart's keys" "Keys of the Chart screen"
expect "help explains the correction" "original stays, marked [ERR]"
send Escape
expect "Esc closes the help" "Addenda"
send Escape
expect "Esc goes back to the session list" "Sessions of $SIGNED"
send Escape
expect "and back to the start screen" "Patients matching"

# ---------- the session in progress: correct a reading ----------
send Escape
wait_for "Sessions in progress"
send Home Up
send c
expect "c on a session in progress opens its chart directly" "Patient    $RUNNING, chart KC-1003"
check "an open session is NOT SIGNED" "Signed     NOT SIGNED"
RUN=$(screen | sed -n 's/^.*Session    \([0-9][0-9]*\), .*/\1/p' | head -n 1)
send Tab Tab
wait_cursor '[0-9]:[0-9][0-9] [0-9]+/[0-9]+ +[0-9-]+ +[0-9-]+ .*[0-9-]$'
TIME=$(printf '%s\n' "$cur" | awk '{print $2}')
BP=$(printf '%s\n' "$cur" | awk '{print $3}')
case "$BP" in */*) ok "Tab Tab moves to the second reading ($TIME $BP)" ;;
*) notok "Tab Tab moves to the second reading (cursor: $cur)"; show ;; esac
send x
expect "x opens the correction form for that reading" "Correct the reading of $TIME"
check "the kind of error is a choice, wrong value first" "What was wrong +wrong value"
check "the BP field says what to type" "BP \(e.g. 142/91\)"
send C-s
expect "saving without a reason is refused" "say why"
check "the form stays open" "Correct the reading of $TIME"
send Tab; type_text "cuff slipped, retaken"; send Tab; type_text "121/79"
wait_for "now $BP mmHg"
ok "the BP field shows the stored value as a hint"
send C-s
expect_not "a good correction closes the form" "Correct the reading of"
expect "the chart says what happened" "$TIME reading marked entered in error (wrong value); correction below."
check "the original stays, marked [ERR]" "$TIME $BP .*\[ERR\]"
check "with the reason" "\[ERR\] reading entered in error \(wrong value\): cuff slipped, retaken"
check "the replacement follows, with the new BP" "$TIME 121/79 .*correction"
wait_cursor "121/79" && ok "the cursor is on the replacement" ||
	{ notok "the cursor is on the replacement (cursor: $cur)"; show; }
send BTab
wait_cursor "$TIME $BP" && ok "S-Tab moves back to the original" ||
	{ notok "S-Tab moves back to the original (cursor: $cur)"; show; }
send x
expect "the original cannot be corrected twice" "Already marked entered in error"

rep=$("$KETCHART" --db "$DB" report "$RUN")
printf '%s\n' "$rep" | grep -A3 " $TIME $BP " | grep -q "ENTERED IN ERROR: wrong value: cuff slipped, retaken" &&
	ok "report: the original is marked entered in error with the reason" ||
	{ notok "report: the original is marked entered in error with the reason"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -q " $TIME 121/79 " && ok "report: the corrected value is stored" ||
	notok "report: the corrected value is stored"

# ---------- resize ----------
resize 30 10
expect "below the minimum the screen says so" "terminal too small"
resize 80 24
expect "enlarged again the chart redraws" "121/79"
expect_not "the notice is gone" "terminal too small"
check "the header is back" "$RUNNING \(KC-1003\) - chart, dosing"
check "the key bar is back" "x correct"

send Escape
expect "Esc from the chart goes back to the start screen" "Sessions in progress"
