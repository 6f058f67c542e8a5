#!/bin/sh
# The paperwork screen reads the database only when it changed (issue 10, ui_reload.h): on
# the stepped test clock its minutes pass and midnight with them, a REMS form goes from
# "due in 1 day" to "due today" and an overdue one a day later, repainted from the forms
# loaded, and the screens' loads (written beside the clock's file, app.c) do not move;
# another program's submission makes one load and leaves the list; hidden under the help
# the screen makes none, and one when it is on top again.
. "$(dirname "$0")/lib.sh"

# (the demo's forms are owed from whole days before 23:57)
stepped_start 2026-11-21T23:57:00Z
wait_for "Sessions in progress" 10 || { notok "the start screen opens"; show; }
send W
expect "W opens the paperwork screen" "REMS forms not submitted (5)" 10
check "session 13's form is due in 1 day" "session 13 .*due in 1 day"
check "session 12's form is 2 days overdue" "session 12 .*OVERDUE 2 days"

first_loads

# The minutes before midnight: the header's clock moves, nothing is read.
wait_clock $((23 * 60 + 58)) || { notok "the clock reaches 23:58"; show; }
wait_clock $((23 * 60 + 59)) || { notok "the clock reaches 23:59"; show; }
same_loads "minutes passing" "$l0"
# Past midnight the days left move, from what was loaded.
clock_step $((4 * 60 - STEPPED))
expect_re "past midnight, session 13's form is due today" "session 13 .*due today" 10
check "and session 12's is 3 days overdue" "session 12 .*OVERDUE 3 days"
check "the header's clock shows 00:01" "TRAINING .* 00:01 *$"
same_loads "midnight passing" "$l0"

# Another program records session 13's form submitted: one load, and it leaves the list.
"$KETCHART" --db "$DB" rems 13 --submitted 2026-11-21 --channel online --confirmation RL-13 >/dev/null ||
	notok "another program records a submission"
one_load "another program's submission" "$l0"
expect "the submitted form leaves the list" "REMS forms not submitted (4)" 10
check_not "session 13 is no longer listed" "session 13 "
l1=$(loads)

# Hidden under the help: another program's waste makes no load until it is on top again.
help_over
other_waste
clock_step 120
wait_clock 3 || { notok "the clock moves under the help"; show; }
same_loads "hidden under the help, the paperwork screen" "$l1"
send Escape
expect "on top again, the new waste waits for its witness" "Wastes waiting for a witness (2)" 10
one_load "on top again, the paperwork screen" "$l1"
stop
echo "1..$n"
