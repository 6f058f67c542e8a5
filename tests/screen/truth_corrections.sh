#!/bin/sh
# Issue 8 item 10, "corrections are hard and incomplete", as a clinician met it on the demo's
# running IV infusion (Samuel Okafor, KC-1003, session 3: started 08:45, readings 08:50 and
# 08:56), with the clock at 09:05:
#   - no correct key on the session screen (33 Tabs on the chart to reach a reading): now w
#     corrects the reading under the cursor there, and the side effect under the cursor;
#   - the correction form has no temperature: now it carries every field;
#   - the corrected reading is flagged LATE: now it is marked a correction;
#   - the original's CRIT stays NOT ACKNOWLEDGED: now it is resolved by the correction;
#   - dose events, lot numbers, weight and patient details cannot be corrected before
#     signing: now x corrects each of them from the chart, and the report keeps the old ones.
# Each check fails on the code before the fix.
. "$(dirname "$0")/lib.sh"

SESSION=3
export TZ=UTC
NOW=2026-11-21T09:00:00Z
# The program runs at 09:05, nearly frozen: the 08:50 reading is 15 minutes old, past the
# 10 minutes after which a new entry is LATE.
AT="TZ=UTC KETCHART_NOW=2026-11-21T09:05:00Z KETCHART_CLOCK_SCALE=0.01"

# Patterns are basic regular expressions.
has() { printf '%s\n' "$scr" | grep -q -- "$1"; }
row_of() { screen | grep -- "$1" | head -n 1; }
report() { "$KETCHART" --db "$DB" report "$SESSION"; }
# Until the chart's cursor line matches the extended regex $1 (it is then in $cur).
wait_cursor() {
	i=0
	while [ "$i" -lt $((50 * KC_SLOW)) ]; do
		cur=$(cursor_row)
		printf '%s\n' "$cur" | grep -Eq "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# Tab on the chart until the cursor line matches the extended regex $1.
tab_to() {
	j=0
	prev=$(cursor_row)
	while [ "$j" -lt 80 ]; do
		send Tab
		k=0
		while [ "$k" -lt $((20 * KC_SLOW)) ]; do
			cur=$(cursor_row)
			[ "$cur" != "$prev" ] && break
			sleep 0.1; k=$((k + 1))
		done
		printf '%s\n' "$cur" | grep -Eq "$1" && return 0
		prev=$cur; j=$((j + 1))
	done
	return 1
}

# Each part starts the program afresh on the same database, so a part that fails (on the
# code before the fix) leaves no stray keys to the next.
session() {
	stop
	start $AT --
	wait_for "Sessions in progress"
	send Enter
	wait_for "DOSING |"
}

KETCHART_NOW=$NOW demo_db
session

# ---------- the session screen: one key corrects a reading ----------
bar_has "the session screen's bar offers w correct" "w correct"
keys=0
key Down w
expect "Down then w opens the correction of the 08:50 reading" "Correct the reading of 08:50"
echo "# keys from the session screen to the correction form: $keys (before: 33 Tabs on the chart)"
[ "$keys" -le 2 ] && ok "two keys reach it" || notok "two keys reach it ($keys)"
check "the form has the temperature" "Temp C"
check "and MOAA/S" "MOAA/S (0-5)"
check "and whether it was taken" "Taken?"
check "and the time" "Time (HH:MM)"
if has "Correct the reading of 08:50"; then
	send Tab; type_text "cuff on the wrong arm"
	send Tab; type_text "136/84"
	send Tab Tab Tab Tab Tab; type_text "36.9"
	send C-s
fi
expect "it is saved as a correction" "08:50 reading marked entered in error (wrong value); the correction is saved."
row=$(row_of "08:50 136/84")
case "$row" in *"136/84   80      98     14      36.9   5      correction"*)
	ok "the table shows the correction: the retyped BP and temperature, the other values kept: $row" ;;
*) notok "the table shows the correction with its temperature: '$row'"; show ;; esac
case "$row" in *LATE*) notok "the correction is not flagged LATE: $row" ;;
*) ok "the correction is not flagged LATE, though entered 15 minutes after the reading" ;; esac
row=$(row_of "08:50 138/86")
case "$row" in *"ENTERED IN ERROR"*) ok "the original stays, marked entered in error" ;;
*) notok "the original stays, marked entered in error: '$row'"; show ;; esac
report | grep -A4 "08:50 *136/84" | grep -q "LATE" && notok "report: the correction is not LATE" ||
	ok "report: the correction is not LATE"

# ---------- the chart's x (there before): no LATE on a correction ----------
session
send c; wait_for "Patient    Samuel Okafor"
tab_to '08:25 132/82' || { notok "Tab reaches the 08:25 baseline reading"; show; }
send x
expect "x on the chart corrects the 08:25 reading" "Correct the reading of 08:25"
send Tab; type_text "misread the monitor"; send Tab; type_text "130/82"; send C-s
expect "it is corrected" "08:25 reading marked entered in error (wrong value); correction below."
wait_cursor '08:25 130/82' || { notok "the cursor is on the correction"; show; }
case "$cur" in *correction*) ok "the chart marks it a correction: $cur" ;;
*) notok "the chart marks it a correction: '$cur'" ;; esac
case "$cur" in *LATE*) notok "the chart does not flag the correction LATE: $cur" ;;
*) ok "the chart does not flag the correction LATE, entered 40 minutes after the reading" ;; esac
check_not "no LATE entry line under it" "LATE entry: taken 08:25"
send Escape; wait_for "DOSING |"

# ---------- a critical reading typed wrong: resolved by the correction ----------
session
send v; wait_for "Vitals reading"
type_text 190/110; send Tab; type_text 80; send Tab; type_text 97; send Tab; type_text 14; send Tab; type_text 5
send C-s
expect "a critical reading raises the banner" "CRIT 09:05 - a acknowledges"
send c; wait_for "Patient    Samuel Okafor"
tab_to '09:05 190/110' || { notok "Tab reaches the 09:05 reading"; show; }
send x
expect "x opens the correction of the critical reading" "Correct the reading of 09:05"
send Tab; type_text "typed 190/110 for 130/80"; send Tab; type_text 130/80; send C-s
expect "it is corrected" "09:05 reading marked entered in error (wrong value); correction below."
send BTab
wait_cursor '09:05 190/110' || { notok "S-Tab goes back to the original"; show; }
case "$cur" in *"NOT ACKED"*) notok "the corrected CRIT is not NOT ACKED: $cur" ;;
*resolved*) ok "the corrected CRIT reads resolved: $cur" ;;
*) notok "the corrected CRIT reads resolved: '$cur'"; show ;; esac
check "its detail says resolved by correction" "CRIT alert resolved by correction"
check_not "not NOT ACKNOWLEDGED" "CRIT alert NOT ACKNOWLEDGED"
rep=$(report)
printf '%s\n' "$rep" | grep -A6 "09:05 *190/110" | grep -q "resolved by correction" &&
	ok "report: the corrected CRIT is resolved by correction" ||
	{ notok "report: the corrected CRIT is resolved by correction"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -A6 "09:05 *190/110" | grep -q "NOT ACKNOWLEDGED" &&
	notok "report: no NOT ACKNOWLEDGED on it" || ok "report: no NOT ACKNOWLEDGED on it"
send Escape; wait_for "DOSING |"
expect_not "the session's banner is gone" "CRIT 09:05 - a acknowledges" 5
bar_lacks "nothing waits for acknowledgement" "a ack"
send c; wait_for "Patient    Samuel Okafor"

# ---------- the chart: a dose event's lot ----------
session
send c; wait_for "Patient    Samuel Okafor"
send Home
tab_to 'start +150.0 mL/h' || { notok "Tab reaches the infusion start"; show; }
send x
expect "x on the start opens its correction" "Correct the dose entry (start) of 08:45"
send Tab; type_text "lot misread from the vial"; send Tab Tab Tab
expect "the lot field shows the lot stored now" "now KET-2411-07"
type_text "KET-2411-08"; send C-s
expect "the start is corrected" "08:45 dose entry marked entered in error (wrong value); correction below."
check "the original start stays, marked [ERR]" "08:45 \[ERR\] start"
check "the corrected lot follows" "lot KET-2411-08"
check "the infusion is still running from 08:45" "Infusion\|Given\|Planned"

# ---------- the weight ----------
send Home
tab_to 'Weight +[0-9]' || { notok "Tab reaches the weight"; show; }
send x
expect "x on the weight opens its correction" "Correct the weight of"
send Tab; type_text "weighed in lb"; send Tab; type_text "180 lb"; send C-s
expect "the weight is corrected" "weight marked entered in error (wrong value); correction below."
check "the corrected weight is in force, with the unit typed" "Weight  *81.6 kg (180 lb as typed) (correction)"
check "the old one stays, marked" "\[ERR\] 88.5 kg entered in error (wrong value): weighed in lb"

# ---------- the patient's details ----------
send Home
tab_to 'Patient +Samuel Okafor' || { notok "Tab reaches the patient"; show; }
send x
expect "x on the header opens the patient's details" "Correct the patient's details"
send C-s
expect "a reason is asked" "say why"
type_text "surname misspelt at intake"; send Tab Tab; type_text "Samuel Okafor-Reyes"; send C-s
expect "the details are corrected" "Patient's details corrected"
check "the chart shows the new name" "Patient  *Samuel Okafor-Reyes"
check "and what it was" "name corrected from Samuel Okafor (surname misspelt at intake"
rep=$(report)
printf '%s\n' "$rep" | grep -q "corrected from Samuel Okafor (surname misspelt at intake" &&
	ok "report: the patient's old name stays visible" ||
	{ notok "report: the patient's old name stays visible"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -q "ENTERED IN ERROR: 88.5 kg entered in error" &&
	ok "report: the weight entered in error stays visible" || notok "report: the weight entered in error stays visible"
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify: every correction is in the audit chain" ||
	notok "verify: every correction is in the audit chain"

# ---------- the side-effect list: w corrects the effect under the cursor ----------
session
send e; wait_for "Side effects this session (0)"
send h; wait_for "Headache NRS 0-10"
send Tab; type_text 3; send C-s
expect "a headache is recorded" "Side effects this session (1)"
key w
expect "w opens the correction of the side effect" "Correct the observation of 09:05"
send Tab; type_text "typed 3 for 6"; send Tab; type_text 6; send C-s
expect "it is corrected" "Side effects this session (2)"
check "the corrected score is listed" "Headache  *NRS 6"
check "marked a correction" "correction"
check "the original stays, marked" "IN ERROR"
send q
exited 5 || send y
