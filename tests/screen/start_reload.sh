#!/bin/sh
# The start screen reads the database again when another program changed it (issue 10,
# src/ui/reload.c): the paperwork line too (wastes waiting for a witness, REMS forms owed),
# not only the sessions and patients; hidden under the help it does not look, and shows
# the change as soon as it is on top again.
. "$(dirname "$0")/lib.sh"

demo_db
KC_COLS=120 KC_ROWS=40
export KC_COLS KC_ROWS
start --
expect "the demo's waste waits for its witness on the start screen" "1 waste to WITNESS" 10

# Another program (another clinician's ketchart) records a waste in the infusion in progress.
"$KETCHART" --db "$DB" inventory waste KC-1003 KET-2411-07 2 "drug disposal pouch" >/dev/null ||
	notok "another program records a waste"
expect "another program's waste shows on the start screen by itself" "2 wastes to WITNESS" 10

send '?'
wait_for "Esc" 10 || { notok "help opens"; show; }
"$KETCHART" --db "$DB" inventory waste KC-1003 KET-2411-07 1 "drug disposal pouch" >/dev/null ||
	notok "another program records a second waste"
send Escape
expect "on top again, the start screen shows the waste recorded while it was hidden" "3 wastes to WITNESS" 10
echo "1..$n"
