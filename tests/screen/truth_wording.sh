#!/bin/sh
# Issue 8 items 11 and 12, driven in tmux: what the screens say and what the report says
# are the same words for the same fact (each screen line is compared with the report's
# line), and a second patient with the same name and date of birth is asked about first.
. "$(dirname "$0")/lib.sh"

# ---------- item 12: the same name and date of birth ----------
demo_db
start --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-2001; send Tab; type_text " jordan ELLIS "; send Tab; type_text 1981-04-17; send Enter
expect "a same name and date of birth asks first, naming the chart" \
	"A patient with this name and date of birth exists (KC-1001). Create another?"
check "the question is a y/n one" "\(y/n\)"
send n
expect_not "n answers the question" "Create another?"
expect "n keeps the form with what was typed" "jordan ELLIS"
check_not "nothing was created before the answer" "KC-2001 +1981"
send Enter
wait_for "Create another?"
send y
expect_not "y closes the form" "New patient"
expect "y creates the second patient" "KC-2001"
stop

# The session number whose report names the patient $1.
session_of() {
	for i in $(seq 1 40); do # the demo's courses hold sessions 4-14
		"$KETCHART" --db "$DB" report "$i" 2>/dev/null | grep -q "^Patient *$1" && { echo "$i"; return; }
	done
}
report_of() { "$KETCHART" --db "$DB" report "$(session_of "$1")"; }
squeeze() { tr -s ' ' | sed 's/^ //; s/ $//'; }

# ---------- item 11: overdue, one rule and one wording ----------
# 30 minutes on, Samuel Okafor's infusion vitals are overdue; the clock nearly stands still.
LATER=$(date -u -d '+30 min' +%Y-%m-%dT%H:%M:%SZ)
start KETCHART_NOW="$LATER" KETCHART_CLOCK_SCALE=0.01 --
open_session "Samuel Okafor"
expect_re "the session screen says how long the vitals are overdue" "OVERDUE [0-9]+ min - due [0-9]{2}:[0-9]{2}"
on_screen=$(printf '%s\n' "$scr" | grep -oE "OVERDUE [0-9]+ min - due [0-9]{2}:[0-9]{2}" | head -n 1)
screen_head=$(printf '%s\n' "$scr" | grep -E "^ *Time +BP" | squeeze)
vitals 130/80 80 98 14 5
wait_for "130/80"
rep=$(report_of "Samuel Okafor")
in_report=$(printf '%s\n' "$rep" | grep -oE "due [0-9]{2}:[0-9]{2}, OVERDUE [0-9]+ min" | tail -n 1)
want_report="due ${on_screen##*due }, ${on_screen% - due*}"
[ -n "$on_screen" ] && [ "$in_report" = "$want_report" ] && ok "the report says the same overdue as the screen ($in_report)" ||
	notok "the report says the same overdue as the screen: screen '$on_screen', report '$in_report'"

# ---------- item 11: one column order and header for the vitals table ----------
report_head=$(printf '%s\n' "$rep" | grep -E "^Time +BP" | squeeze)
[ -n "$screen_head" ] && [ "$screen_head" = "$report_head" ] && ok "session screen and report: one vitals header ($report_head)" ||
	notok "session screen and report: one vitals header: screen '$screen_head', report '$report_head'"
send c; wait_for "Vitals"
for i in 1 2 3 4 5 6 7 8; do wait_re "^ *Time +BP" 1 && break; send NPage; done
chart_head=$(screen | grep -E "^ *Time +BP" | squeeze | head -n 1)
[ "$chart_head" = "$report_head" ] && ok "chart view and report: one vitals header" ||
	notok "chart view and report: one vitals header: chart '$chart_head', report '$report_head'"
stop

# ---------- item 11: weight as typed, nasal pretreatment, C-SSRS in its words ----------
start KETCHART_CLOCK_SCALE=0.01 --
wait_for "Sessions in progress"
send / ; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s; wait_for "Start a session: Lucas Moreau"
# esketamine: the form opens on it when Lucas's booking today is not started yet
for i in 1 2 3 4; do wait_re "Protocol +Intranasal esketamine" 1 && break; send Right; done
start_save C-s
wait_for "Contraindication checklist"
send i
wait_for "Nasal steroid/decongestant"
rep=$(report_of "Lucas Moreau")
check "the screening screen: nasal pretreatment not entered" "Nasal steroid/decongestant +not entered"
printf '%s\n' "$rep" | grep -q "^Nasal pretr. not entered" && ok "the report: nasal pretreatment not entered" ||
	notok "the report: nasal pretreatment not entered"
send Enter; wait_for "Weight today"; type_text "190 lb"; send Enter
expect "the screening screen keeps the weight as typed" "86.2 kg (190 lb as typed)"
# the next open row's form follows on its own: Esc leaves it for later
wait_for "Last solid food"; send Escape; wait_gone "Last solid food"
cursor_to "Nasal steroid" 6
send Enter; wait_for "Time (HH:MM)"; send C-u Enter
expect_re "the screening screen: nasal pretreatment none given" "Nasal steroid/decongestant +none given"
send s; wait_for "Q1  wish to be dead"
send y y y n n n
expect "the screening screen words the C-SSRS result as triage" "C-SSRS screener): moderate risk (yes to Q1, Q2, Q3)"
send a; wait_for "Suicide-risk assessment"
type_text "plan made"; send Enter
expect "the screening screen notes the assessment" "Assessment: plan made"
rep=$(report_of "Lucas Moreau")
for line in "Weight       86.2 kg (190 lb as typed)" "Nasal pretr. none given" "C-SSRS       moderate risk (yes to Q1, Q2, Q3)"; do
	printf '%s\n' "$rep" | grep -qF "$line" && ok "the report says: $line" || { notok "the report says: $line"; printf '%s\n' "$rep" | sed 's/^/#   /' | head -60; }
done
printf '%s\n' "$rep" | grep -q "Suicide risk yes" && notok "no 'Suicide risk yes' in the report" || ok "no 'Suicide risk yes' in the report"
ASSESS="suicide-risk assessment (PHQ-9 item 9 or C-SSRS): plan made"
printf '%s\n' "$rep" | grep -qF "Confirmed    $ASSESS" && ok "the report names what the clinician confirmed" ||
	{ notok "the report names what the clinician confirmed"; printf '%s\n' "$rep" | grep -i "suicide" | sed 's/^/#   /'; }
# chart_has "what" TEXT: page down the chart view until TEXT shows (from its top).
chart_has() {
	send Home
	for i in 1 2 3 4 5 6 7 8; do wait_for "$2" 1 && { ok "$1"; return; }; send NPage; done
	notok "$1: no '$2' in the chart view"; show
}
send c; wait_for "Screening"
chart_has "the chart view: the same weight words" "Weight     86.2 kg (190 lb as typed)"
chart_has "the chart view: the same C-SSRS words" "C-SSRS     moderate risk (yes to Q1, Q2, Q3)"
chart_has "the chart view: the same nasal words" "pretreated none given"
chart_has "the chart view: the same assessment words" "Confirmed  $ASSESS"
