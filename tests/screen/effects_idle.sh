#!/bin/sh
# The side-effect screen reads the database only when it changed (issue 10, ui_reload.h):
# nothing it lists moves with the clock, so on the stepped test clock minutes pass with the
# header's clock and an open form's time following it, and the screens' loads (written
# beside the clock's file, app.c) do not move; its own entry makes one load, another
# clinician's (tests/tool_charter.c at another terminal) one load and shows by itself;
# hidden under the help it makes none, and one when it is on top again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../charter.sh"

stepped_start 2026-11-21T09:00:00Z
open_session "DOSING" || { notok "the running infusion opens"; show; }
send e
expect "e opens the side effects of Samuel Okafor's infusion" "Side effects this session (0)" 10

first_loads

# Minutes pass: the header's clock moves, nothing is read.
for m in 1 2 3 4 5; do
	wait_clock $((STEP_BASE + m)) || { notok "the clock reaches $(hm $((STEP_BASE + m)))"; show; break; }
done
check "the header's clock shows 09:05" "TRAINING .* 09:05 *$"
same_loads "five minutes passing" "$l0"

# A form's time follows the clock by itself (the form's own tick, no load).
send h
expect_re "h opens the headache form at the clock's time" "Time \(HH:MM\) +09:05" 10
wait_clock $((STEP_BASE + 6)) || { notok "the clock reaches 09:06"; show; }
expect_re "the form's time follows the clock" "Time \(HH:MM\) +09:06" 10
same_loads "a minute with the form open" "$l0"
# Our own entry: one load, and it is listed.
send Tab; type_text 3; send C-s
expect_re "the headache is recorded" "09:06 +Headache +NRS 3" 10
one_load "our own entry" "$l0"
l1=$(loads)
wait_clock $((STEP_BASE + 8)) || { notok "the clock reaches 09:08"; show; }
same_loads "two more minutes" "$l1"

# Another clinician records a side effect at another terminal: one load, and it shows.
charter_start -N "$DB" 3
charter o
case $reply in "O "*) ok "another clinician records a side effect ($reply)";;
*) notok "another clinician records a side effect ($reply)";; esac
expect "it shows by itself" "Side effects this session (2)" 10
one_load "another clinician's entry" "$l1"
l2=$(loads)

# Hidden under the help: another entry makes no load until the screen is on top again.
help_over
charter o
wait_clock $((STEP_BASE + 9)) || { notok "the clock moves under the help"; show; }
same_loads "hidden under the help, the side-effect screen" "$l2"
send Escape
expect "on top again, the entry made meanwhile shows" "Side effects this session (3)" 10
one_load "on top again, the side-effect screen" "$l2"
charter_stop
stop
echo "1..$n"
