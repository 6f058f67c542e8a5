#!/bin/sh
# A side effect's interventions as one multi-select list (issue 11), on the demo's running
# IV infusion: nothing starts marked, Space marks an action [x] and takes the mark back,
# a letter moves to the next action starting with it, Enter saves from the list; the two
# actions are stored as rows linked to the side effect, and the side-effects list, the
# report and the acks CSV table give them in one wording ("1. ...; 2. ..." on a line, one a
# line numbered in the report as for a CRIT acknowledgement).
# Before: an "Intervention" choice and an "And" choice, joined into one text.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
NOW=2026-11-21T09:00:00Z
KETCHART_NOW=$NOW demo_db
start KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01 --
open_session "DOSING" || { notok "the running infusion opens"; show; }
send e; wait_for "Side effects this session"
send n; wait_for "Nausea NRS 0-10"
send Tab; type_text 6; send Tab Tab
check "the interventions are one list, nothing marked" "Interventions +\[ \] ondansetron 4 mg IV"
check "every action its own line with its box" "│ +\[ \] metoclopramide 10 mg IV"
check_not "nothing is marked (in the list; the help line says what [x] means)" "(Interventions +|│ +)\[x\]"
send Space
expect "Space marks the action under the cursor" "[x] ondansetron 4 mg IV"
send Space
expect "Space again takes the mark back" "[ ] ondansetron 4 mg IV"
send Space r Space
expect "r moves to reassurance, Space marks it" "[x] reassurance"
check "the first stays marked" "\[x\] ondansetron 4 mg IV"
check_not "what was not marked stays unmarked" "\[x\] ondansetron 4 mg ODT"
send Enter
expect "Enter on the list saves" "Saved 09:00 Nausea NRS 6"
expect "the list gives both actions numbered, the one wording" "1. ondansetron 4 mg IV; 2. reassurance"
send Escape; wait_for "DOSING |"
stop

rep=$("$KETCHART" --db "$DB" report 3 2>&1)
if printf '%s\n' "$rep" | grep -A2 "interventions, 2 actions:" | tr '\n' '|' |
	grep -Eq "interventions, 2 actions:\| +1\. ondansetron 4 mg IV\| +2\. reassurance"; then
	ok "the report lists both actions one a line, numbered as a CRIT acknowledgement's"
else notok "the report lists both actions one a line, numbered"; printf '%s\n' "$rep" | grep -i -A3 "nausea" | sed 's/^/#   /'; fi
csv=$("$KETCHART" --db "$DB" export --format csv --table acks 2>/dev/null)
if printf '%s\n' "$csv" | grep -q ",observation,[0-9]*,1,antiemetic,ondansetron 4 mg IV,,,ondansetron 4 mg IV," &&
	printf '%s\n' "$csv" | grep -q ",observation,[0-9]*,2,reassurance,reassurance,,,reassurance,"; then
	ok "the acks table has a row per action, linked to the side effect"
else notok "the acks table has a row per action"; printf '%s\n' "$csv" | sed 's/^/#   /'; fi
