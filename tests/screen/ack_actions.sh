#!/bin/sh
# Several actions per acknowledgement (issue 11), driven in tmux: on the demo's running IV
# infusion (Samuel Okafor, KC-1003) a critical BP is acknowledged with two actions,
# "infusion paused" and "physician notified: Dr Lee informed". Both are on the form before
# the save, a third "other" without its text is refused, the status line says both, the
# infusion is paused, the chart view and `ketchart report` list both actions numbered.
# Before: the form had one "Action taken" and a note; the second action could not be said;
# then three choice fields (Action taken, Action 2, Action 3); now one list marked with Space.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
NOW=2026-11-21T09:00:00Z
# Nearly frozen: the screen keeps saying 09:00 while the keys are typed.
FROZEN="KETCHART_CLOCK_SCALE=0.01"
export KETCHART_NOW=$NOW
demo_db
unset KETCHART_NOW
start "KETCHART_NOW=$NOW" $FROZEN --
open_session "DOSING" || { notok "the dosing screen of the running infusion"; show; }
vitals 185/112 80 97 14 4
expect "the critical reading raises its banner" "CRIT 09:00 - a acknowledges"
key a; wait_for "Acknowledge the CRIT alert"
# One multi-select list: Up/Down move, Space marks [x], a letter moves to the next action
# starting with it; nothing starts marked.
check "nothing starts marked: nothing is charted for the clinician" "Actions taken +\[ \] infusion paused"
check_not "no action is marked" "\[x\] (infusion|rate|physician|drug|repeat|labetalol|clonidine|midazolam|lorazepam|reassurance|quiet|other)"
key C-s
expect "saving without an action is refused" "Actions taken: none marked"
key Space
check "Space marks the first action, infusion paused first while the infusion runs" "Actions taken +\[x\] infusion paused"
check "the other actions stay unmarked, each on its own line" "│ +\[ \] rate reduced"
check "physician notified is offered, unmarked" "\[ \] physician notified"
# p moves to physician notified; Space marks it; Down to who, typed.
key p Space
expect_re "p moves to the second action, Space marks it" "\[x\] physician notified"
key Down; txt "Dr Lee informed"
key Up o Space
expect_re "o moves to other, Space marks it as the third" "\[x\] other"
check "all three are marked on the form before the save" "\[x\] infusion paused"
key C-s
expect "other without its text is refused, naming the action" "action 3 (other): say what was done"
check "the form stays open with what was marked" "\[x\] physician notified"
check_not "nothing was paused" "Infusion PAUSED"
key Space
expect_re "Space takes the third back" "\[ \] other"
key C-s
expect "the acknowledgement is saved with both actions" \
	"Alert acknowledged: infusion paused; physician notified: Dr Lee informed"
expect "the first action paused the infusion" "Infusion PAUSED since 09:00"
expect_not "the banner goes once acknowledged" "a acknowledges:"
check "the reading is marked acknowledged" "185/112 .*CRIT SBP DBP ack"
key c; wait_for "Patient    Samuel Okafor"
for i in 1 2 3 4 5 6; do wait_for "2 actions:" 1 && break; key PageDown; done
expect_re "the chart view says how many actions" "acknowledged 09:00 by [a-z0-9_-]+, 2 actions:"
expect_re "and lists the first" "1\. infusion paused"
expect_re "and the second" "2\. physician notified: Dr Lee informed"
key Escape; wait_for "DOSING |"
stop

report=$("$KETCHART" --db "$DB" report 3 2>&1)
if printf '%s\n' "$report" | grep -Eq "acknowledged by [a-z0-9_-]+, .*09:00.*, 2 actions:"; then
	ok "the report says the acknowledgement had two actions"
else notok "the report says the acknowledgement had two actions"; printf '%s\n' "$report" | sed 's/^/#   /'; fi
if printf '%s\n' "$report" | grep -q "  1\. infusion paused" &&
	printf '%s\n' "$report" | grep -q "  2\. physician notified: Dr Lee informed"; then
	ok "the report lists both actions in the screen's words"
else notok "the report lists both actions in the screen's words"; printf '%s\n' "$report" | sed 's/^/#   /'; fi
