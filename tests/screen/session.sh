#!/bin/sh
# The dosing / recovery screen, driven in tmux on the demo's running IV infusion (Samuel
# Okafor, KC-1003, session 3: started 08:45, readings 08:50 and 08:56, next due 09:06):
# the dose plan, the vitals form (a normal reading, an impossible one refused with the
# form kept, a LATE one, a critical one whose banner stays until acknowledged with an
# action), pause / resume, vitals not taken (refused / unavailable, with a reason), the
# vitals timer running into OVERDUE with one bell, stopping the infusion into recovery,
# aborting, and the report showing what was typed.
. "$(dirname "$0")/lib.sh"

SESSION=3
NOW=2026-11-21T09:00:00Z
# Times on the screen are local: pin the zone so they read as in the demo.
export TZ=UTC
# Nearly frozen clock: the screen keeps saying 09:00 while the keys are typed.
FROZEN="TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01"

demo_at() { KETCHART_NOW=$1 "$KETCHART" --db "$DB" demo >/dev/null; }
has() { printf '%s\n' "$scr" | grep -q -- "$1"; }
# A screen may be caught half painted: give each look a moment.
check() { expect "$1" "$2" 3; }
row_of() { printf '%s\n' "$scr" | grep -- "$1" | head -n 1; }
# The vitals form: BP, HR, SpO2, RR, MOAA/S (temp and time as they are), then ^S.
vitals() {
	send v; wait_for "Vitals reading" || return 1
	# a blank value clears what the form may carry from the last reading
	for f in "$1" "$2" "$3" "$4"; do if [ -n "$f" ]; then type_text "$f"; else send C-u; fi; send Tab; done
	if [ -n "$5" ]; then type_text "$5"; else send C-u; fi
	[ -n "${6:-}" ] && { send Tab Tab C-u; type_text "$6"; }
	send C-s
}
open_session() {
	wait_for "Sessions in progress" || return 1
	send Enter
	wait_for "DOSING |"
}

# ---------- the plan and the timer at 09:00 ----------
demo_at "$NOW"
start $FROZEN --
if open_session; then ok "Enter on the running infusion opens the session screen"; else notok "session screen opens"; show; fi
check "the title names the patient, route and phase" "Samuel Okafor #KC-1003 - IV dosing"
check "the dose calculation shows mg, mL of stock and the pump rate" \
	"Dose 0.5 mg/kg x 88.5 kg = 44.3 mg = 0.89 mL stock | pump 150.0 mL/h, 40 min"
check "the infusion is running, with what the pump gave so far" "Infusion RUNNING at 150.0 mL/h | 16.6 mg given so far"
check "the elapsed time since the start is shown" "started 08:45 | elapsed 15m"
check "the countdown to the next vitals" "Next vitals 09:06 (in 6m) - infusion vitals every 10 min"
check "the demo readings are in the table, newest first" "08:56 144/88   84      97     13      -      4"
bar=$(printf '%s\n' "$scr" | tail -n 1)
case "$bar" in *"v vitals"*"p pause"*"x stop"*) ok "the bar shows the keys that work while running" ;;
*) notok "the bar shows the keys that work while running: $bar" ;; esac
case "$bar" in *"s start"*|*"o discharge"*|*"a ack"*) notok "the bar hides keys that do not apply: $bar" ;;
*) ok "the bar hides start, discharge and ack while they do not apply" ;; esac
send o
expect "o during the infusion says why not" "Discharge opens in recovery"
send s
expect "s once started says why not" "The infusion has started already"

# ---------- a normal reading ----------
send v
expect "v opens the compact vitals form" "Vitals reading"
check "the form says what to type for BP" "BP (e.g. 142/91)"
check "the time taken defaults to now" "Time taken (HH:MM)  09:00"
send Escape
expect_not "Esc on an untouched form closes it without asking" "Vitals reading"
vitals 142/91 88 97 14 4
expect "a normal reading is saved" "Vitals saved 09:00."
check "it is the first row of the table" " 09:00 142/91   88      97     14      -      4"
check "the next due time follows the new reading" "Next vitals 09:10 (in 10m)"
check "the table counts it" "Vitals, newest first (4)"

# ---------- impossible values are refused, the form keeps the text ----------
vitals 300/20 80 "" "" ""
expect "300/20 is refused with the parser's message" "ERROR: systolic 300 mmHg is impossible (allowed 30"
check "the form stays open" "Vitals reading"
check "the typed BP is kept" "BP (e.g. 142/91)    300/20"
check "the typed HR is kept" "Heart rate /min     80"
# The cursor is still on MOAA/S, the last field typed: two down is the time taken.
send Tab Tab C-u
type_text 25:00
send C-s
expect "a bad time taken is refused with the parser's message" 'Time taken (HH:MM): "25:00" is not a time: type HH:MM'
check "the form still keeps the BP" "300/20"

# ---------- a critical reading: the banner stays until acknowledged ----------
send C-u; type_text 09:00
send Up Up Up Up Up Up C-u
type_text 185/112
send C-s
expect "a critical reading is saved with its alerts first on the status line" "CRIT: SBP 185 mmHg >= 180; DBP 112 mmHg >= 110"
check "the banner shows the critical alert" "CRIT 09:00 - a acknowledges: SBP 185 mmHg >= 180; DBP 112 mmHg >= 110"
check "the table flags the reading CRIT with the measures" "185/112  80      -      -       -      -      CRIT SBP DBP"
check "the refused 300/20 was never stored (4 readings + this one)" "Vitals, newest first (5)"
bar=$(printf '%s\n' "$scr" | tail -n 1)
case "$bar" in *"a ack alert"*) ok "the bar offers the acknowledgement" ;; *) notok "the bar offers a: $bar" ;; esac
vitals 150/90 84 97 14 4
wait_for "Vitals saved"
check "the banner stays after another reading" "CRIT 09:00 - a acknowledges"
send v; wait_for "Vitals reading"
check "the banner stays in view above an open vitals form" "CRIT 09:00 - a acknowledges"
send Escape; wait_gone "Vitals reading"
send p; wait_for "Pause the infusion"; send Escape
wait_gone "Pause the infusion"
check "the banner stays after a form was cancelled" "CRIT 09:00 - a acknowledges"
vitals 182/111 135 88 6 1
expect "six alerts at once: the status line lists them first, whole" \
	"CRIT: SBP 182 mmHg >= 180; DBP 111 mmHg >= 110; HR 135 /min > 130"
check "the banner counts the alerts waiting" "CRIT 09:00 (2 to acknowledge) - a acknowledges: SBP 182"
check "the table names the measures out of range, as many as fit" "CRIT SBP DBP HR SpO2 RR"
send a; wait_for "Acknowledge the CRIT alert"
send r r Space
expect "the second r moves to the next action starting with r, Space marks it" "[x] repeat reading"
send C-s
expect "acknowledging the latest leaves the earlier one on the banner" "CRIT 09:00 - a acknowledges: SBP 185"
send a
expect "a opens the acknowledgement form" "Acknowledge the CRIT alert of 09:00"
check "nothing starts marked" "Actions taken    [ ] infusion paused"
send Space
expect "Space marks an action, infusion paused first" "Actions taken    [x] infusion paused"
send Space
expect "Space again takes the mark back" "Actions taken    [ ] infusion paused"
send p Space
expect "a letter moves to the action, Space marks it" "[x] physician notified"
send Down; type_text "Dr Lee informed, repeat in 5 min"; send C-s
expect "the acknowledgement is saved" "Alert acknowledged: physician notified: Dr Lee informed"
expect_not "the banner is gone once acknowledged" "a acknowledges:"
check "the reading is marked acknowledged" "CRIT SBP DBP ack"
send a
expect "with nothing to acknowledge, a says so" "No critical alert waits"

# ---------- a LATE entry (time taken edited back) ----------
vitals 140/88 82 98 14 5 08:48
expect "a reading taken 12 min ago is saved as LATE" "Vitals saved 08:48, LATE entry."
row=$(row_of " 08:48 ")
case "$row" in *140/88*LATE*) ok "the table marks it LATE" ;; *) notok "the table marks it LATE: $row"; show ;; esac

# ---------- bytes sent to the terminal (over a slow link this is what counts) ----------
# bytes_of FILE TEXT KEYS...: what the program writes from the keys until TEXT shows.
bytes_of() {
	f=$1 t=$2; shift 2
	tm pipe-pane -o -t kc "cat >> '$f'"
	send "$@"; wait_for "$t"; sleep 0.5
	tm pipe-pane -t kc
	wc -c < "$f" | tr -d ' '
}
full=$(bytes_of "$T/redraw.out" "Flags" C-l)
open=$(bytes_of "$T/open.out" "Vitals reading" v)
keys=$(bytes_of "$T/keys.out" "MOAA/S (0-5)        5" 1 3 8 / 8 6 Tab 8 0 Tab 9 8 Tab 1 4 Tab 5)
save=$(bytes_of "$T/save.out" "Vitals saved" C-s)
echo "# bytes for one vitals entry: open $open + 15 keys $keys + save $save = $((open + keys + save)); full repaint (^L) $full"
[ "$full" -gt 500 ] && [ $((keys / 15)) -lt 80 ] && [ $((keys / 15 * 10)) -lt "$full" ] &&
	ok "a keystroke in the form sends a few bytes, not a repaint ($((keys / 15)) per key)" ||
	notok "a keystroke in the form sends a few bytes ($keys for 15 keys, full repaint $full)"

# ---------- pause and resume ----------
send p
expect "p opens the pause form" "Pause the infusion"
send Tab; type_text "BP 185/112"; send C-s
expect "pausing shows PAUSED" "Infusion PAUSED since 09:00 - p resumes"
bar=$(printf '%s\n' "$scr" | tail -n 1)
case "$bar" in *"p resume"*) ok "the bar offers resume while paused" ;; *) notok "the bar offers resume: $bar" ;; esac
send r
expect "the rate cannot change while paused" "The infusion is paused: p resumes it."
send p
expect "p while paused opens the resume form" "Resume the infusion"
send C-s
expect "resuming shows the infusion running again" "Infusion RUNNING at 150.0 mL/h"

# ---------- help ----------
send '?'
expect "? shows the keys of the session screen" "Keys of the Session screen"
check "help lists the acknowledgement" "acknowledge the critical alert"
check "help: v enters a vitals reading" "enter a vitals reading (BP as 142/91"
check "help lists abort even when the bar has no room" "abort the session"
send Escape
expect "Esc comes back to the session" "Infusion RUNNING"

# ---------- the report shows what was typed ----------
# Wrapped report lines are joined so a phrase is found wherever the line broke.
report=$("$KETCHART" --db "$DB" report "$SESSION" 2>&1 | tr -s ' \n' '  ')
for v in 142/91 185/112 150/90 140/88 138/86; do
	printf '%s\n' "$report" | grep -q "$v" && ok "the report shows the reading $v" ||
		{ notok "the report shows the reading $v"; printf '%s\n' "$report" | sed 's/^/#   /'; }
done
printf '%s\n' "$report" | grep -q "physician notified: Dr Lee informed, repeat in 5 min" &&
	ok "the report shows the acknowledgement with its action" || notok "the report shows the acknowledgement"
printf '%s\n' "$report" | grep -q "LATE" && ok "the report marks the late entry" || notok "the report marks the late entry"
printf '%s\n' "$report" | grep -qi "pause" && ok "the report shows the pause" || notok "the report shows the pause"

# ---------- vitals not taken: refused, or could not be taken, always with a reason ----------
send n
expect "n opens the form for vitals not taken" "Vitals not taken"
check "it starts on refused" "Vitals             refused by the patient"
check "its time defaults to now" "Time (HH:MM)       09:00"
send C-s
expect "a reason is required" "ERROR: Reason: say why the vitals were not taken"
check "the form stays open" "Vitals not taken"
send c
expect "c picks could not be taken" "Vitals             could not be taken"
send Tab; type_text "cuff too small"; send C-s
expect "it is recorded as UNAVAIL with the reason" "Vitals UNAVAIL recorded 09:00: cuff too small"
row=$(screen | grep "UNAVAIL: cuff too small" | head -n 1)
case "$row" in " 09:00 -        -  "*) ok "the table shows it first, without values, marked UNAVAIL" ;;
*) notok "the table marks the reading UNAVAIL: $row"; show ;; esac
send n; wait_for "Vitals not taken"
send Tab; type_text "patient declined"; send C-s
expect "a refusal is recorded as REFUSED" "Vitals REFUSED recorded 09:00: patient declined"
check "the table marks it REFUSED with the reason" "REFUSED: patient declined"
check "a reading not taken does not satisfy the timer" "Next vitals 09:10"
send c; wait_for "Patient    Samuel Okafor"
found=""
for i in 1 2 3 4; do wait_for "UNAVAILABLE: cuff too small" 1 && { found=1; break; }; send PageDown; done
[ -n "$found" ] && ok "the chart view shows the reading UNAVAILABLE with its reason" ||
	{ notok "the chart view shows UNAVAILABLE"; show; }
check "and the refusal" "REFUSED: patient declined"
send Escape; wait_for "DOSING |"
"$KETCHART" --db "$DB" report "$SESSION" | grep -q "patient declined" && ok "the report shows the refusal's reason" ||
	notok "the report shows the refusal's reason"
send q; exited 5

# ---------- the clock runs on: DUE, OVERDUE, one bell ----------
DB="$T/clock.db"
demo_at "$NOW"
OUT="$T/clock.out"
start TZ=UTC KETCHART_NOW=2026-11-21T09:08:00Z KETCHART_CLOCK_SCALE=60 NO_COLOR=1 --
tm pipe-pane -o -t kc "cat >> '$OUT'"
open_session
check "past the due time the reading is DUE" "VITALS DUE since 09:06 (infusion vitals) - v enters them"
expect "five minutes later it is OVERDUE" "OVERDUE" 10
printf '%s\n' "$scr" | grep -Eq "OVERDUE [5-9] min - due 09:06 \(infusion vitals\) - v enters them" &&
	ok "OVERDUE says for how long and since when" || { notok "OVERDUE says for how long and since when"; show; }
line=$(tm capture-pane -e -p -t kc | grep "OVERDUE" | head -n 1)
case "$line" in *"[7m"*|*";7m"*|*"[1;7m"*) ok "without colour OVERDUE is in reverse video" ;;
*) notok "without colour OVERDUE is in reverse video: $line" ;; esac
wait_for "OVERDUE 8m" 10
bells=$(tr -cd '\007' < "$OUT" | wc -c)
[ "$bells" -eq 1 ] && ok "the bell rang once for the overdue reading" || notok "the bell rang once (rang $bells times)"
# Leaving the screen and coming back does not ring again for the same reading.
send Escape; wait_for "Sessions in progress"
send Enter; wait_for "OVERDUE"; sleep 2
bells=$(tr -cd '\007' < "$OUT" | wc -c)
[ "$bells" -eq 1 ] && ok "reopened, the screen does not ring again for the same overdue reading" ||
	notok "reopened, no second bell for the same reading (rang $bells times)"
vitals 136/84 80 98 14 5
expect "a reading ends OVERDUE" "Next vitals"
expect_not "OVERDUE is gone" "OVERDUE"

# ---------- stop: recovery ----------
send x
expect "x opens the stop form" "Stop the infusion (recovery begins)"
expect_re "the mg given starts at what the pump ran, not the plan" "mg given  *[0-9][0-9]*\.[0-9]"
mg=$(printf '%s\n' "$scr" | sed -n 's/.*mg given  *\([0-9][0-9]*\.[0-9]\).*/\1/p' | head -n 1)
expect_re "the working is shown: time at the rate, mL, concentration, mg" \
	"Given by the pump: [0-9]* min.* at 150.0 mL/h = [0-9.]* mL"
send C-s
expect "stopping moves to recovery" "RECOVERY | IV ketamine infusion"
check "the title follows the phase" "Samuel Okafor #KC-1003 - IV recovery"
check "vitals continue on the recovery schedule" "recovery vitals every 15 min"
check "the observation minimum is counted" "observe until"
bar=$(printf '%s\n' "$scr" | tail -n 1)
case "$bar" in *"o discharge"*) ok "the bar offers discharge in recovery" ;; *) notok "the bar offers discharge: $bar" ;; esac
case "$bar" in *"p pause"*|*"x stop"*) notok "the bar drops the infusion keys: $bar" ;; *) ok "the bar drops the infusion keys" ;; esac
send o
if wait_gone "RECOVERY |" 3 || has "discharge screen not available yet"; then ok "o opens the discharge screen"
else notok "o opens the discharge screen"; show; fi
send Escape
wait_for "RECOVERY |"

# ---------- abort with a reason ----------
send b
expect "b asks before aborting" "Abort this session?"
send n
expect_not "n keeps the session" "Abort this session?"
send b; wait_for "Abort this session?"; send y
expect "y asks for the reason" "Abort the session: why?"
send C-s
expect "a reason is required" "Reason: say why the session is aborted"
type_text "patient asked to stop"; send C-s
expect "aborting returns to the start screen" "Session of Samuel Okafor aborted: patient asked to stop"
row=$(screen | grep -A3 "Sessions in progress" | grep "Samuel Okafor")
[ -z "$row" ] && ok "the aborted session is no longer in progress" || notok "the aborted session is gone: $row"
"$KETCHART" --db "$DB" report "$SESSION" | grep -q "patient asked to stop" &&
	ok "the report shows the abort reason" || notok "the report shows the abort reason"
send q
exited 5 && ok "q quits" || { notok "q quits"; show; }
[ "$(exit_status)" = 0 ] && ok "the exit status is 0" || { notok "the exit status is 0 (got $(exit_status))"; show; }
