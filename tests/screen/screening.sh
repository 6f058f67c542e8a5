#!/bin/sh
# The screening screen, driven in tmux at 80x24: a new IV session screened from start to
# PASS (checklist with a confirmed relative item, PHQ-9 with item 9 > 0 and the suicide
# screen, GAD-7, C-SSRS skip logic, weight in lb, fasting, escort, consent, medication,
# baseline vitals), then an absolute contraindication that blocks and a physician
# override; resume shows what was stored, d goes to dosing, and the chart holds it all.
# A critical baseline reading: its banner stays until a (first of all items) or Enter on
# its row acknowledges it, and the start screen stops counting it. A nurse is not offered
# the override: o says that only a physician may.
. "$(dirname "$0")/lib.sh"

demo_db
# A fixed clock and zone, so typed HH:MM times give known intervals.
NOW=2026-11-21T09:00:00Z
ENV="TZ=UTC KETCHART_NOW=$NOW"
BENZO_NOTE="low dose for years, reviewed by Dr Chen"
SUICIDE_NOTE="passive thoughts only, safety plan reviewed"
OVERRIDE_REASON="aneurysm clipped 2019, cleared by neurosurgery"
ME=$(id -un)

check() { # what, command...: ok when the command succeeds
	what=$1; shift
	if "$@"; then ok "$what"; else notok "$what"; show; fi
}
on_screen() { printf '%s\n' "$scr" | grep -q -- "$1"; }
# The row under the cursor (the marker is the first thing on it).
keys() { for k in "$@"; do send "$k"; done; }
# Esc back to the start screen and q: the program ends with status 0.
quit_clean() {
	send Escape; wait_for "Sessions in progress"; send q
	if exited 5 && [ "$(exit_status)" = 0 ]; then ok "$1"; else notok "$1"; show; fi
}

# ---------- a new patient and an IV session ----------
start $ENV --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-3001; send Tab; type_text "Tess Screening"; send Tab; type_text 1980-05-06; send Enter
wait_gone "New patient"
send s
wait_for "Start a session: Tess Screening"
start_save C-s
expect "starting a session opens the screening screen" "Contraindication checklist: 0 of 19 answered"
expect "the title names the patient, route and phase" "Tess Screening #KC-3001 - IV screening"
expect "the verdict starts INCOMPLETE" "Verdict: INCOMPLETE"
expect "unanswered items show as MISSING" "MISSING  Not answered: aneurysmal"
expect "more reasons than fit: r pages" "r more"
send r
expect_not "r shows the next reasons" "MISSING  Not answered: aneurysmal"
expect "the next page of reasons" "MISSING  Not answered: psychosis"

# ---------- checklist: y / n move down; a relative yes asks for its note ----------
keys n n n n n n n n n n n
expect "n answers and moves down" "Contraindication checklist: 11 of 19 answered"
send x
expect_re "x answers n/a" "Breastfeeding +n/a"
expect "IV ketamine asks about pregnancy, as a relative item" "rel  Pregnancy"
send n
send y
expect "a relative yes opens its confirmation form" "Confirm: Takes benzodiazepines"
expect "until confirmed it is a CONFIRM reason" "CONFIRM  Relative contraindication: takes benzodiazepines"
type_text "$BENZO_NOTE"; send Enter
expect "the confirmed item reads noted" "yes, noted"
keys n n n n n
expect "the whole checklist is answered" "Contraindication checklist: 19 of 19 answered"
expect_not "no checklist item is MISSING any more" "MISSING  Not answered"

# ---------- PHQ-9: digits answer and move on, live total, item 9 raises the suicide screen ----------
send p
expect "p opens the PHQ-9 with its wording" "Little interest or pleasure in doing things"
keys 1 0 2 1
expect "the PHQ-9 total is live" "PHQ-9 4/27 so far, 4 of 9 answered"
keys 0 1 0 0 1
expect "PHQ-9 item 9 > 0 opens the suicide screen" "Suicide screen (C-SSRS screener): not complete; PHQ-9 item 9 > 0"
expect "and says what to do" "answer the suicide screen"
expect "the suicide-risk reason needs confirmation" "CONFIRM  PHQ-9 item 9 = 1: suicide-risk assessment required"
expect "C-SSRS items show by number and topic only" "Q1  wish to be dead"
expect_not "Q3-Q5 are hidden until Q2 is yes" "Q3  thought of method"

# ---------- C-SSRS skip logic, then all no ----------
keys n y
expect "Q2 yes asks Q3-Q5" "Q5  plan"
send Up; send n
expect "changing Q2 asks for the reason" "Reason for changing a recorded answer"
type_text "misheard the answer"; send Enter
wait_gone "Reason for changing"
expect_not "Q2 no hides Q3-Q5 again" "Q3  thought of method"
send y
expect "Q6 yes asks whether it was within 3 months" "Q6  within the past 3 months?"
send Up; send n
expect "changing Q6 asks for the reason" "Reason for changing a recorded answer"
type_text "it was a thought, not an act"; send Enter
wait_gone "Reason for changing"
expect_not "Q6 no drops the 3-month question" "within the past 3 months"
expect "the C-SSRS risk level is shown" "C-SSRS screener): no risk identified"
cursor_row | grep -q "suicide-risk assessment" && ok "the cursor waits on the assessment" ||
	{ notok "the cursor waits on the assessment"; look; show; }
send Enter
expect "Enter opens the assessment note" "Suicide-risk assessment"
type_text "$SUICIDE_NOTE"; send Enter
expect "the assessment is noted" "noted"
expect_not "no CONFIRM reason is left" "CONFIRM  "

# ---------- GAD-7 ----------
send g
keys 0 1 0 1 0 1 0
expect "GAD-7 total and band" "GAD-7 3/21 minimal"

# ---------- session info: weight in lb, fasting, escort, consent, medication ----------
send i
expect "i opens the session info" "Session info: weight, fasting, escort, consent, medication"
send Enter; wait_for "Weight today"
type_text "176 lb"; send Enter
expect "176 lb is stored as 79.8 kg" "79.8 kg"
wait_for "Last solid food" # the next open row's form opens on its own
type_text "09:30"; send Enter
expect "a fasting time after now is refused" "ERROR: 09:30 is later than now (09:00)"
send C-u; type_text "02:00"; send Enter
expect "last solids shown with the interval" "02:00, 7h 00m ago"
wait_for "Last clear liquids"
type_text "07:30"; send Enter
expect "short clear-liquid fasting needs confirmation" "CONFIRM  Last clear liquids 1.5 h before dose (needs 2 h)"
wait_for "Escort name"
type_text "Maria Test"; send Tab; type_text "555-0199"; send Enter
expect "escort name and phone" "Maria Test, 555-0199"
wait_for "Consent current  choose"
send Enter
expect "consent must be chosen" "ERROR: choose yes or no"
send y Enter
wait_gone "choose: y or n"
wait_for "Medication and health changes"
type_text "none"; send Enter
expect_not "medication changes reviewed" "Medication and health changes not reviewed"
send a
expect "a confirms the next open item: short fasting" "Proceed although fasting is short"
type_text "sip of water with tablets"; send Enter
wait_gone "Proceed although fasting"
wait_for "MISSING  Baseline vitals not taken"
[ "$(printf '%s\n' "$scr" | grep -c -e 'MISSING  ' -e 'CONFIRM  ')" = 1 ] &&
	ok "only the baseline vitals are missing" || { notok "only the baseline vitals are missing"; show; }
send d
expect "d refuses while the verdict is not PASS" "Dosing is not allowed yet"

# ---------- baseline vitals through the shared form ----------
send v
expect "v opens the baseline vitals form" "BP (e.g. 142/91)"
type_text 132/84; send Tab; type_text 76; send Tab; type_text 98; send Tab; type_text 14; send Tab
type_text 5; send C-s
expect "the baseline reading is listed" "BP 132/84 mmHg"
expect "everything answered: the verdict is PASS" "Verdict: PASS - dosing allowed"

# ---------- an absolute yes blocks; an override with a reason allows dosing ----------
send k; send Home; send y
expect "changing the recorded no asks for a reason" "Reason for changing a recorded answer"
type_text "patient recalled the clipping when asked again"; send Enter
expect "an absolute yes blocks" "Verdict: BLOCKED"
expect "the reason says BLOCKED" "BLOCKED  Absolute contraindication: aneurysmal"
expect "the row says it blocks" "YES BLOCKS"
bar_has "a physician sees o override on the bar" "o override"
send a
expect "a does not confirm a block away" "BLOCKED items need a physician override"
send o
expect "o opens the override form for the one block" \
	"Override: Aneurysmal vascular disease or AVM (this answer only)"
expect "the status line warns it is permanent, as the clinician's own" \
	"WARNING: recorded permanently in the chart as your override ($ME)"
on_screen "Physician   " && notok "the form no longer asks for a physician's name" ||
	ok "the form no longer asks for a physician's name (the login is recorded)"
send Enter
expect "the reason is required" "ERROR: type the reason for the override"
type_text "$OVERRIDE_REASON"; send Enter
expect "the override allows dosing" "Verdict: PASS - dosing allowed (blocks OVERRIDDEN)"
expect "the overridden item stays listed" "(overridden)"

# ---------- help ----------
send '?'
expect "help lists the screening keys" "Screening screen"
expect "help carries the PHQ-9/GAD-7 attribution" "Pfizer, free to use"
check "help: a takes a CRIT alert to acknowledge first" on_screen "acknowledge a CRIT vitals alert first"
send Escape
wait_for "Verdict:"

# ---------- smallest terminal ----------
resize 60 20
# The verdict panel moves up with the smaller body: its rule is then on line 13.
i=0
until screen | sed -n 13p | grep -q "Verdict: PASS" || [ "$i" -ge 30 ]; do sleep 0.1; i=$((i + 1)); done
look
[ "$i" -lt 30 ] && ok "at 60x20 the verdict is still shown" || { notok "at 60x20 the verdict is still shown"; show; }
resize 80 24
wait_for "k Checklist"
quit_clean "Esc and q leave the program cleanly"

# ---------- resume: what was stored comes back ----------
start $ENV --
wait_for "Sessions in progress"
cursor_to "Tess Screening" 6
send Enter
expect "resuming shows the stored verdict" "Verdict: PASS - dosing allowed (blocks OVERRIDDEN)"
send p
expect "resuming shows the stored PHQ-9" "PHQ-9 6/27 mild"
send i
expect "resuming shows the stored weight" "79.8 kg"

# ---------- d goes to dosing; Esc comes back while the dose has not started ----------
send d
expect_not "d leaves the screening screen" "k Checklist"
expect "the session screen is for the same patient" "Tess Screening"
send Escape
expect "Esc before the dose starts comes back to screening" "k Checklist"
quit_clean "and the program still ends cleanly"

# ---------- the chart holds the answers ----------
report=""
for id in $(seq 1 60); do
	r=$(TZ=UTC "$KETCHART" --db "$DB" report "$id" 2>/dev/null) || continue
	case "$r" in *"Tess Screening"*) report=$r; break ;; esac
done
scr=$report
check "the report has the relative item's note" on_screen "confirmed: $BENZO_NOTE"
check "the report has the override, naming the answer it covers" on_screen \
	"OVERRIDE     aneurysmal vascular disease or AVM (that answer only):"
check "the report has the weight in kg" on_screen "Weight *79.8 kg"
check "the report has the suicide-risk assessment" on_screen "C-SSRS): passive thoughts"
check "the report has the escort" on_screen "Maria Test, 555-0199"

# ---------- esketamine: pregnancy and the nasal pretreatment are asked ----------
start $ENV --
wait_for "Sessions in progress"
send / ; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s; wait_for "Start a session: Lucas Moreau"
# never treated and not booked on this day: the protocol is to be chosen; Right Right: esketamine
expect_re "no protocol chosen for the clinician" "Protocol +- choose"
send Right Right
expect_re "Right, Right picks esketamine" "Protocol +Intranasal esketamine"
start_save C-s
expect "esketamine: 19 checklist items" "Contraindication checklist: 0 of 19 answered"
expect "esketamine: pregnancy is asked" "Pregnancy"
send i
expect "esketamine: the nasal steroid/decongestant time is asked" "Nasal steroid/decongestant"
quit_clean "Esc goes back to the start screen, q quits"

# ---------- a critical baseline reading: a banner until acknowledged, a takes it first ----------
FROZEN="$ENV KETCHART_CLOCK_SCALE=0.01"
ACK_NOTE="Dr Chen informed, recheck in 10 min"
# The start screen's row of Carla's session ("" when not shown).
carla_row() { screen | grep "Carla Crit *KC-3003 *iv *screening"; }
start_counts() { # yes|no: whether the start screen counts Carla's alert, waited for
	i=0
	while [ "$i" -lt 30 ]; do
		row=$(carla_row)
		case "$1:$row" in yes:*"CRIT alert to ack"*) return 0 ;; no:*"CRIT alert to ack"*) ;; no:?*) return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
baseline() { # BP HR: a baseline reading, SpO2 98, RR 14, MOAA/S 5
	send v; wait_for "Pre-dose vitals (baseline)" || return 1
	type_text "$1"; send Tab; type_text "$2"; send Tab; type_text 98; send Tab; type_text 14; send Tab
	type_text 5; send C-s
}
start $FROZEN --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-3003; send Tab; type_text "Carla Crit"; send Tab; type_text 1970-01-02; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Carla Crit"; start_save C-s
wait_for "Contraindication checklist: 0 of 19 answered"
keys n n n n n n n n n n n x n y
wait_for "Confirm: Takes benzodiazepines"; send Escape
wait_gone "Confirm: Takes benzodiazepines"
baseline 190/95 76
expect "a critical baseline reading raises a banner with its values and key" \
	"CRIT 09:00 - a acknowledges: SBP 190 mmHg >= 180"
expect "the row says CRIT, not acknowledged, and BLOCKED as the verdict does" "09:00  BLOCKED CRIT  BP 190/95 mmHg"
bar_has "the bar names a as the acknowledgement" "a ack alert"
send k; wait_for "Contraindication checklist: 14 of 19"
check "the banner stays on another section" on_screen "CRIT 09:00 - a acknowledges"
send Escape; wait_for "Sessions in progress"
if start_counts yes; then ok "the start screen counts the baseline alert"
else notok "the start screen counts the baseline alert"; look; show; fi
cursor_to "Carla Crit" 8
send Enter
expect "resumed, the banner comes back from the store" "CRIT 09:00 - a acknowledges: SBP 190"
send a
expect "a opens the acknowledgement before the relative item's note" "Acknowledge the CRIT alert of 09:00"
check "nothing starts marked" on_screen "Actions taken    \[ \] physician notified"
send Right
expect "before dosing no infusion action is offered: the first is physician notified" \
	"Actions taken    [x] physician notified"
check "the banner stays in view above the form" on_screen "CRIT 09:00 - a acknowledges"
send Tab; type_text "$ACK_NOTE"; send C-s
expect "the acknowledgement is saved" "Alert acknowledged: physician notified: $ACK_NOTE"
expect_not "the banner is gone once acknowledged" "a acknowledges:"
check "the row says ack" on_screen "09:00  BLOCKED CRIT ack  BP 190/95 mmHg"
check "the detail says who acknowledged it and how" on_screen "Acknowledged by $ME 09:00: physician notified"
bar_has "the bar names a confirm again" "a confirm"
send a
expect "then a goes on to the relative item's note" "Confirm: Takes benzodiazepines"
send Escape; wait_gone "Confirm: Takes benzodiazepines"
baseline 185/92 80
expect "a second critical reading: a new banner" "CRIT 09:00 - a acknowledges: SBP 185 mmHg >= 180"
send Up; send Enter
expect "Enter on the acknowledged row takes a new reading" "Pre-dose vitals (baseline)"
send Escape; wait_gone "Pre-dose vitals (baseline)"
send Down; send Enter
expect "Enter on the CRIT row opens its acknowledgement" "Acknowledge the CRIT alert of 09:00"
send r Space
expect "a letter moves to the action, Space marks it" "[x] repeat reading"
send C-s
expect "Enter's acknowledgement is saved" "Alert acknowledged: repeat reading."
expect_not "no banner is left" "a acknowledges:"
send Escape; wait_for "Sessions in progress"
if start_counts no; then ok "the start screen no longer counts an alert"
else notok "the start screen no longer counts an alert"; look; show; fi
quit_clean_start() { send q; if exited 5 && [ "$(exit_status)" = 0 ]; then ok "$1"; else notok "$1"; show; fi; }
quit_clean_start "q leaves from the start screen"
report=""
for id in $(seq 1 60); do
	r=$(TZ=UTC "$KETCHART" --db "$DB" report "$id" 2>/dev/null) || continue
	case "$r" in *"Carla Crit"*) report=$(printf '%s\n' "$r" | tr -s ' \n' '  '); break ;; esac
done
scr=$report
check "the report has the acknowledgement with who and the note" \
	on_screen "acknowledged by $ME, 2026-11-21 09:00: physician notified: $ACK_NOTE"
check "the report has the acknowledgement made with Enter" on_screen "acknowledged by $ME, 2026-11-21 09:00: repeat reading"
if on_screen "NOT ACKNOWLEDGED"; then notok "the report leaves nothing unacknowledged"; show
else ok "the report leaves nothing unacknowledged"; fi

# ---------- a nurse is not offered the override: o says who may ----------
DB="$T/nurse.db"
demo_db
quiet() { "$@" >/dev/null 2>&1; }
check "an admin is added" quiet "$KETCHART" --db "$DB" user add kc-boss --role admin
check "the test's own login becomes a nurse" quiet "$KETCHART" --db "$DB" user add "$ME" --role nurse
start $ENV --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-3002; send Tab; type_text "Nina Override"; send Tab; type_text 1975-03-04; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Nina Override"; start_save C-s
wait_for "Contraindication checklist"
send Home; send y
expect "a nurse charts the absolute yes: BLOCKED" "Verdict: BLOCKED"
bar_lacks "a nurse does not see o override on the bar" "o override"
send o
expect "o tells a nurse that only a physician may override" \
	"Only a physician may override a blocked screening; ask one to open this session."
expect_not "no override form opens for a nurse" "Override: "
check "the screening stays BLOCKED" on_screen "Verdict: BLOCKED"
quit_clean "the nurse leaves with q, status 0"
