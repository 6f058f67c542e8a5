#!/bin/sh
# Nothing a clinician must read is cut at 80x24 (issue 11): the screening keys' help, a
# reading entered in error, a side effect's note and the side-effects heading. Each check failed on the code before the fix.
. "$(dirname "$0")/lib.sh"

demo_db
start --
expect "the start screen" "Sessions in progress"

# ---------- the session screen: a reading entered in error keeps its reason whole ----------
send Enter
expect "the running infusion opens" "Next vitals"
send w; wait_for "What was wrong" || notok "w opens the correction form"
i=0
until screen | grep -q "What was wrong  *wrong patient" || [ "$i" -ge 5 ]; do send Right; i=$((i + 1)); sleep 0.2; done
send Tab; type_text "charted on another patient's chart"; send C-s
expect "the reading is marked entered in error" "ENTERED IN ERROR"
row=$(printf '%s\n' "$scr" | grep -A1 "ENTERED IN ERROR")
case "$row" in *"(wrong patient)"* | *"(wrong"*"patient)"*) ok "the reason of the error is whole: '(wrong patient)'" ;;
*) notok "the reason of the error is whole: '$row'"; show ;; esac

send Escape; wait_for "Sessions in progress"

# ---------- side effects: the heading stands apart, a note is never cut ----------
send Enter; wait_for "Next vitals"
send e; wait_for "Side effects this session"
check "the side-effects heading stands apart from the Record rule" 'Record ─+ Side effects this session|Record -+ Side effects this session'
send n; wait_for "Nausea NRS" || notok "n opens the nausea form"
send Tab; type_text 6; send Tab; type_text 2
check "the form's own help says how the interventions are marked" "Interventions: Space marks \\[x\\] each one done"
# past the interventions (each a line of the list, "other" with its text) to the note
tab_to "Note" || { notok "Tab reaches the note"; show; }
type_text "Emesis twice after the bolus, settled with ondansetron and a quiet room, patient comfortable"
send C-s
expect_re "the nausea is recorded" "vomiting 2"
wait_for "comfortable" 5
check "the note is shown whole, wrapped (not 'note: Emesi')" 'comfortable'
check "the note's start is there" 'note: Emesis twice'
send Escape; wait_for "Next vitals"
send Escape; wait_for "Sessions in progress"

# ---------- screening: the keys' help is read whole ----------
cursor_to "Jordan Ellis" 8
send s; wait_for "Protocol" || notok "s opens the start session form"
start_save C-s
wait_for "Checklist" || notok "the session opens in screening"
send v; wait_for "Pre-dose vitals" || notok "v opens the baseline vitals form"
type_text 132/84; send Tab; type_text 72; send Tab; type_text 98; send Tab; type_text 14; send Tab; type_text 5
send C-s
expect "the baseline reading is saved" "Baseline vitals (pre-dose): 1 reading"
# whole on one line, or wrapped with "it." starting the next
printf '%s\n' "$scr" | grep -A1 "CRIT row: Enter acks" | grep -Eq 'acks it\.|^ *it\.' &&
	ok "the help's last words are there" ||
	{ notok "the help's last words are there (not 'Enter acks i')"; show; }

send Escape; wait_for "Sessions in progress"
send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
