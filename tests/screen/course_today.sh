#!/bin/sh
# Today's list on the start screen (issue 13): every booking of the day with its time,
# patient, chair and state - in progress, LATE (a word and "!"), expected - and a session
# booked from a patient's course (b: date, time, chair, protocol) joins it. The demo at
# 09:00: Samuel Okafor booked 08:00 in Chair 1 and dosing, Hannah Kowalski booked 08:15 in
# Chair 2 and not come, Lucas Moreau at 10:30 in Chair 3.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-21T09:00:00Z
KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null
start KETCHART_NOW=$NOW --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
expect "today's list with its counts" "Today (3 booked: 0 finished, 1 in progress)"
expect_re "a booked patient in session is in progress, with the chair" "08:00  Samuel Okafor .*KC-1003 +Chair 1 +> in progress"
expect_re "a booking 45 min past with no session is LATE, word and symbol" "08:15  Hannah Kowalski .*KC-1004 +Chair 2 +! LATE"
expect_re "a later booking is expected" "10:30  Lucas Moreau .*KC-1005 +Chair 3 +expected"
check "every patient is still listed below" "Theo Whitfield"

# ---------- booking from the course ----------
send /; type_text Whitfield; send Enter
send C
wait_for "Course: IV ketamine infusion" || notok "the course opens"
send b
expect "b opens the booking form" "Book a session"
send Tab; type_text 11:30; send Tab Right Right; send C-s
expect "a free chair at 11:30 is booked" "Booked today 11:30, Chair 3"
send b; wait_for "Book a session"
send Tab; type_text 11:30; send Tab Right Right; send C-s
expect "the same chair at the same minute is refused" "Chair 3 is booked at 11:30 already"
send Escape; wait_for "Discard" && send y
wait_gone "Book a session"
send Escape
expect "Theo Whitfield joins today's list, expected" "Today (4 booked: 0 finished, 1 in progress)"
expect_re "with his time and chair" "11:30  Theo Whitfield .*KC-1006 +Chair 3 +expected"
stop
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean after the booking" || notok "verify after the booking"

# ---------- a session started late is marked LATE with its minutes ----------
# Lucas Moreau, booked 10:30 for esketamine, starts at 11:00: 30 min after his time, past
# [course] late_after_min (15).
start KETCHART_NOW=2026-11-21T11:00:00Z --
wait_for "Sessions in progress" || { notok "start screen at 11:00"; show; }
send /; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)' || { notok "the search finds Lucas"; show; }
send s; wait_for "Start a session: Lucas Moreau" || { notok "s opens the session form"; show; }
check "the esketamine protocol, as booked" "Protocol +Intranasal esketamine"
start_save
wait_for "Contraindication checklist" || { notok "the session starts"; show; }
send Escape
wait_for "Sessions in progress"
expect_re "a session started 30 min after its booking is in progress and LATE 30m" \
	"10:30  Lucas Moreau .*KC-1005 +Chair 3 +> in progress, LATE 30m"
expect_re "one started at its time is not marked" "08:00  Samuel Okafor .*Chair 1 +> in progress *$"
send C
wait_for "Bookings:" || { notok "the course screen lists the bookings"; show; }
expect_re "the course screen's booking says so too" "2026-11-21 10:30 Chair 3 +esk +> in progress, LATE 30m"
stop
