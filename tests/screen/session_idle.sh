#!/bin/sh
# The dosing screen reads the database only when it changed (issue 10, ui_reload.h): on
# the stepped test clock its minutes pass, the next reading falls due and then OVERDUE,
# all repainted from what was loaded, and the screen's loads (written beside the clock's
# file, app.c) do not move; another program's entry makes one load; hidden under the help
# it makes none, and one when it is on top again.
. "$(dirname "$0")/lib.sh"

stepped_start 2026-11-21T09:00:00Z
open_session "DOSING" || { notok "the running infusion opens"; show; }
check "the dosing screen" "DOSING \|"

# The dosing screen's "Next vitals HH:MM (in ...)" or OVERDUE line.
due_line() { screen | grep -E 'Next vitals|OVERDUE' | head -n 1; }

first_loads
due=$(next_due)
[ -n "$due" ] && ok "the next reading's time shows ($(hm "$due"))" || { notok "the next reading's time shows"; show; }
before=$(due_line)

# The clock moves a minute at a time up to the minute before the due time: the screen
# repaints its clock and countdown, and reads nothing.
m=$((STEP_BASE + 1))
while [ -n "$due" ] && [ "$m" -lt "$due" ]; do
	wait_clock "$m" || { notok "the clock reaches $(hm "$m")"; show; break; }
	m=$((m + 1))
done
wait_re "Next vitals $(hm "$due") \(in 1m" 10 && ok "the countdown repainted as the clock moved ($(due_line))" ||
	{ notok "the countdown repainted as the clock moved (was: $before)"; look; show; }
same_loads "minutes passing" "$l0"

# Past the due time: DUE, then OVERDUE ([vitals] overdue_after_min, 5 min, later), still
# from what was loaded.
wait_clock $((due + 2)) || { notok "the clock passes the due time"; show; }
expect "the reading shows due once its time has passed" "VITALS DUE since $(hm "$due")" 10
wait_clock $((due + 6)) || { notok "the clock passes the overdue time"; show; }
expect_re "the reading shows OVERDUE 5 minutes after" "OVERDUE" 10
same_loads "DUE and OVERDUE coming" "$l0"

# Another program records a waste in this infusion: one load, by data_version.
other_waste
one_load "another program's entry" "$l0"
l1=$(loads)

# Hidden under the help: another entry makes no load until the screen is on top again.
help_over
other_waste "a second waste"
wait_clock $((due + 7)) || { notok "the clock moves under the help"; show; }
same_loads "hidden under the help, the dosing screen" "$l1"
send Escape
wait_for "DOSING |" 10 || { notok "back on the dosing screen"; show; }
one_load "on top again, the dosing screen" "$l1"
stop
echo "1..$n"
