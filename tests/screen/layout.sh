#!/bin/sh
# A layout that fits (issue 11): at 60x20, 80x24 and 132x43 the tables' columns are sized
# from their values and never run together, a cut ends with the ellipsis, the key bar keeps
# every key, the header names who is charting and keeps the date for a long title, and a
# reading's alerts lead its status message. Each check failed on the code before the fix.
. "$(dirname "$0")/lib.sh"

LONG="N$(printf "%086d" 0 | tr 0 n) Okonkwo" # 95 characters
CUT='(…|\.\.\.)'
line1() { printf '%s\n' "$scr" | head -n 1; }
bar() { printf '%s\n' "$scr" | tail -n 1; }

demo_db
KC_COLS=60 KC_ROWS=20 start --
expect "the start screen at 60x20" "Sessions in progress"

# ---------- 60x20: columns never run together ----------
check "the session's name, chart number, route, phase, elapsed and next stand apart" \
	'Samuel Okafor +KC-1003 +iv +dosing +[0-9]+m +[0-9]{2}:[0-9]{2}'
check "the headers stand apart (not ElapsedNext vitals)" 'Phase +Elapsed +Next vitals'
b=$(bar)
for k in Enter n s c B U q '?'; do
	case " $b " in *" $k "*) ok "the bar at 60 columns keeps the key $k" ;;
	*) notok "the bar at 60 columns keeps the key $k: '$b'" ;; esac
done
check "the header names who is charting and their role" '^ .*[a-z0-9_]+ \((admin|physician|nurse)\)'

# ---------- a 9-character chart number and a 95-character name ----------
send n; wait_for "New patient" || notok "n opens the new patient form"
type_text KC-000029; send Tab; type_text "$LONG"; send Tab; type_text 1980-01-01; send C-s
expect "the patient with the long name is added" "KC-000029"
check "a long name ends with the ellipsis, one blank or more before the chart number" \
	"Nnnn*$CUT +KC-000029 +1980-01-01"
check_not "the name never runs into the chart number" 'NKC-000029'
send s; wait_for "Protocol" || notok "s opens the start session form"
send Right Right; wait_for "esketamine"
start_save C-s
expect "the esketamine session opens in screening" "#KC-000029"
check "the screening header keeps the chart number of a long name" "$CUT #KC-000029"
send Escape
expect "back on the start screen" "Sessions in progress"
check "the chart number stands apart from the route (not KC-000029iv)" 'KC-000029 +(esket|iv)'
check "the route stands apart from the phase (not esketascreening)" 'esket[^ ]* +screening'
check_not "no column runs into the next" 'KC-000029(iv|esk)|esketascreening|ElapsedNext'

# ---------- 80x24: the header keeps the date for a long title ----------
resize 80 24
wait_re 'Samuel Okafor +KC-1003' || notok "the start screen at 80x24"
cursor_to "KC-000029" 3
send Enter
expect "the long-named session opens" "#KC-000029"
h=$(screen | head -n 1)
case "$h" in *#KC-000029*) ok "80x24: the header keeps the chart number" ;;
*) notok "80x24: the header keeps the chart number: '$h'" ;; esac
printf '%s\n' "$h" | grep -Eq '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} *$' &&
	ok "80x24: a long title keeps the date" || notok "80x24: a long title keeps the date: '$h'"
printf '%s\n' "$h" | grep -Eq "Nnnn*$CUT #KC-000029" &&
	ok "80x24: the name gets the ellipsis" || notok "80x24: the name gets the ellipsis: '$h'"
send Escape
wait_for "Sessions in progress"

# ---------- 80x24: a reading's alerts lead the status line ----------
send Up
i=0; until cursor_row | grep -Eq "Samuel Okafor +KC-1003 +iv" || [ $i -gt 30 ]; do sleep 0.1; i=$((i + 1)); done
send Enter
expect "the running infusion opens" "Next vitals"
vitals 175/95 150 80 4 1
expect "the reading is saved" "saved"
check "the alert text comes first and is readable" 'CRIT: HR 150 /min > 130'
check "the long warning is there too" 'SBP 175 mmHg >= 160, rise'
check_not "never the level with no alert text" 'CRIT: \(\+'
send Escape
wait_for "Sessions in progress"

# ---------- 132x43: room for the whole name ----------
resize 132 43
expect_re "the start screen at 132x43" "Patients \([0-9]+\)"
check "at 132 columns the whole name is shown" "$LONG +KC-000029"
check "the session row still stands apart" 'Samuel Okafor +KC-1003 +iv +dosing'

send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
