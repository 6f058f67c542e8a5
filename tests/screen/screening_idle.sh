#!/bin/sh
# The screening screen reads the database only when it changed (issue 10, ui_reload.h): on
# the stepped test clock the fasting intervals count up and a short one stops needing
# confirmation once long enough, judged again from the answers loaded, and the screens'
# loads (written beside the clock's file, app.c) do not move; another program's entry
# makes one load; hidden under the help it makes none, and one when it is on top again.
. "$(dirname "$0")/lib.sh"

stepped_start 2026-11-21T09:00:00Z
wait_for "Sessions in progress" 10 || { notok "the start screen opens"; show; }
send n; wait_for "New patient" || { notok "n opens the new patient form"; show; }
type_text KC-3101; send Tab; type_text "Ida Fasting"; send Tab; type_text 1979-03-04; send Enter
wait_gone "New patient" || { notok "the patient is added"; show; }
send s; wait_for "Start a session: Ida Fasting" || { notok "s opens the start form"; show; }
start_save C-s
expect "a new IV session opens on the screening" "Ida Fasting #KC-3101 - IV screening" 10

# The session info: weight, last solids 7 h ago, last clear liquids 1.5 h ago (short: 2 h).
send i
wait_for "Session info: weight" || { notok "i opens the session info"; show; }
send Enter; wait_for "Weight today" || { notok "the weight form opens"; show; }
type_text "80 kg"; send Enter
wait_for "Last solid food" || { notok "the last solids form opens"; show; }
type_text "02:00"; send Enter
wait_for "Last clear liquids" || { notok "the last clear liquids form opens"; show; }
type_text "07:30"; send Enter
wait_for "Escort name" || { notok "the escort form opens"; show; }
send Escape
wait_gone "Escort name" || { notok "the escort form closes"; show; }
expect "the last clear liquids show with their interval" "07:30, 1h 30m ago"
check "short clear-liquid fasting needs confirmation" "CONFIRM  Last clear liquids 1.5 h before dose \(needs 2 h\)"

first_loads

# Minutes pass: the intervals count up, repainted from the answers loaded.
wait_clock $((STEP_BASE + 1)) || { notok "the clock reaches 09:01"; show; }
expect "a minute later the interval counts up" "07:30, 1h 31m ago"
check "and the last solids' too" "02:00, 7h 01m ago"
wait_clock $((STEP_BASE + 2)) || { notok "the clock reaches 09:02"; show; }
expect "and the next minute" "07:30, 1h 32m ago"
wait_clock $((STEP_BASE + 29)) || { notok "the clock reaches 09:29"; show; }
expect "at 09:29 the interval is 1h 59m" "07:30, 1h 59m ago"
check "still short: it needs confirmation" "CONFIRM  Last clear liquids 1.9 h before dose"
same_loads "29 minutes passing" "$l0"
wait_clock $((STEP_BASE + 30)) || { notok "the clock reaches 09:30"; show; }
expect "at 09:30 the interval is 2h 00m" "07:30, 2h 00m ago"
check_not "and long enough: no confirmation is asked for" "Last clear liquids 2.0 h|Last clear liquids 1.9 h"
same_loads "the fasting falling long enough" "$l0"

# Another program records a waste in another session: one load, by data_version.
other_waste
one_load "another program's entry" "$l0"
l1=$(loads)

# Hidden under the help: another entry makes no load until the screen is on top again.
help_over
other_waste "a second waste"
wait_clock $((STEP_BASE + 31)) || { notok "the clock moves under the help"; show; }
same_loads "hidden under the help, the screening screen" "$l1"
send Escape
expect "back on the screening, the interval moved on" "07:30, 2h 01m ago" 10
one_load "on top again, the screening screen" "$l1"
stop
echo "1..$n"
