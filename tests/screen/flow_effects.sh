#!/bin/sh
# Side effects (issue 11): each kind is offered the interventions of its kinds from
# [interventions] (a headache: analgesics and antihypertensives, never an antiemetic);
# several actions for one side effect, one multi-select list (Space marks [x]); "infusion paused" pauses the running infusion; CADSS
# items show the clinic's wording from labels_file, numbers alone only where none given.
# The demo's running IV infusion (session 3) on a frozen test clock.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-21T09:00:00Z
export TZ=UTC
printf '[cadss]\n1 = Clinic wording for item one\n' >"$T/labels.ini"
printf '[general]\nlabels_file = %s\n' "$T/labels.ini" >"$T/cfg.ini"
chmod 600 "$T/labels.ini" "$T/cfg.ini"
KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null
start TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01 -- --config "$T/cfg.ini"
open_session "DOSING" || { notok "the running infusion opens"; show; }
send e; wait_for "Side effects this session"

# ---------- a headache: analgesic and antihypertensive, no antiemetic ----------
# The interventions are one list: Up/Down move, a letter moves to the next starting with
# it, Space marks [x]; nothing starts marked.
send h; wait_for "Headache NRS 0-10"
send Tab Tab
check "the interventions start with nothing marked" "Interventions +\[ \] paracetamol 1 g PO"
send p Space
expect "p moves to the analgesic paracetamol, Space marks it" "[x] paracetamol 1 g PO"
send l Space
expect "l moves to the antihypertensive labetalol, Space marks it" "[x] labetalol 10 mg IV"
send o Space
expect "o moves to other (no ondansetron for a headache)" "[x] other"
check_not "no antiemetic is offered for a headache" "ondansetron"
send Escape; wait_for "Discard" && send y
wait_gone "Headache NRS"

# ---------- two actions for one side effect, the pause charted ----------
send h; wait_for "Headache NRS 0-10"
send Tab; type_text 6; send Tab p Space i i Space
expect "a second action: infusion paused (the second i, after ibuprofen)" "[x] infusion paused"
check "the first stays marked" "\[x\] paracetamol 1 g PO"
send Enter
expect "Enter on the list saves: the side effect is saved and the infusion paused" "Infusion PAUSED"
check "both actions are listed with the side effect, numbered (the one wording)" "1. paracetamol 1 g PO; 2. infusion paused"
send Escape
expect "the dosing screen says PAUSED" "PAUSED since"

# ---------- other needs its text; text needs other ----------
send e; wait_for "Side effects this session"
send a; wait_for "Anxiety/panic"
send Tab m Tab o Down; type_text "cool cloth"; send Enter
expect "text under other is refused unless other is marked" "\"other\" is not marked"
send Up Space m Space
expect "m moves round to midazolam for anxiety, Space marks it" "[x] midazolam 1 mg IV"
send Enter
expect "other marked with its text: saved" "Saved 09:00 Anxiety/panic"
check "the stored intervention numbers both (the one wording)" "1. midazolam 1 mg IV; 2. cool cloth"

# ---------- the clinic's wording for CADSS items ----------
send d; wait_for "Dissociation CADSS-6"
expect "CADSS item 1 shows the clinic's wording as its label" "Clinic wording for item"
send Tab
expect "and whole under the form while on it" "1. Clinic wording for item one (0-4)"
check "an item without wording keeps its number" "Item 2 \(0-4\)"
send Escape
stop
rep=$("$KETCHART" --db "$DB" --config "$T/cfg.ini" report 3 2>&1)
# both actions one a line, numbered, as a CRIT acknowledgement's
printf '%s\n' "$rep" | grep -A2 "interventions, 2 actions:" | tr '\n' '|' |
	grep -Eq "interventions, 2 actions:\| +1\. paracetamol 1 g PO\| +2\. infusion paused" &&
	ok "report: both actions of the headache" || { notok "report: both actions of the headache"; printf '%s\n' "$rep" | grep -i "headache\|interv" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -Eq "pause.*side effect: Headache" &&
	ok "report: the pause is a dose event naming the side effect" || { notok "report: the pause is a dose event"; printf '%s\n' "$rep" | grep -i "pause" | sed 's/^/#   /'; }
