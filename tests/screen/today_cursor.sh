#!/bin/sh
# Today's list has a row cursor (issue 13): Tab moves the cursor from list to list (sessions
# in progress, today's bookings, patients), Up/Down and j/k move it over the bookings, the
# row is marked with the cursor glyph (not colour alone); Enter on a booking not started
# opens the start-session form for its patient, on one in progress resumes it; x opens the
# cancel form on the booking under the cursor. The patient keys still work once Tab is on
# the patients. The demo at 09:00: Samuel Okafor booked 08:00 in Chair 1 and dosing, Hannah
# Kowalski 08:15 in Chair 2 and not come (LATE), Lucas Moreau 10:30 in Chair 3 (esketamine).
. "$(dirname "$0")/lib.sh"

# at_row "what" RE: the cursor's row (marked ">" or a triangle) comes to match RE
at_row() { if wait_re "^(>|▶) $2"; then ok "$1"; else notok "$1: the cursor is on '$(cursor_row)'"; show; fi; }

KETCHART_NOW=2026-11-21T09:00:00Z demo_db
start KETCHART_NOW=2026-11-21T09:00:00Z --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
expect "three booked today, none under the cursor" "Today (3 booked: 0 finished, 1 in progress)"
bar_has "Tab between the lists is on the key bar" "Tab lists"
case $(cursor_row) in *"Samuel Okafor  KC-1003  iv"*) ok "the cursor starts on the session in progress" ;;
	*) notok "the cursor starts on the session: '$(cursor_row)'" ;; esac

# ---------- the cursor on today's list ----------
send Tab
at_row "Tab puts the cursor on today's first booking, marked" '08:00  Samuel Okafor'
bar_has "Enter resumes a booking in progress" "Enter resume"
send Down
at_row "Down moves to the next booking" '08:15  Hannah Kowalski'
bar_has "Enter starts a booking not started" "Enter start"
send j
at_row "j moves down too" '10:30  Lucas Moreau'
send Down
sleep 0.3
case $(cursor_row) in *"10:30  Lucas Moreau"*) ok "Down stays on the last booking" ;;
	*) notok "Down past the last booking: '$(cursor_row)'" ;; esac
send k
at_row "k moves up" '08:15  Hannah Kowalski'
check_not "only one row is marked" '^(>|▶) .*Samuel Okafor  KC-1003  iv'

# ---------- x on the cursor's booking ----------
send j
wait_re '^(>|▶) 10:30  Lucas Moreau'
send x
expect "x opens the cancel form on the booking under the cursor" "Cancel a booking - 10:30 Chair 3, Lucas Moreau (KC-1005)"
check_not "no booking to pick: it is the one under the cursor" "Booking  "
type_text "rebooked for Friday"
send C-s
expect "the cancel is asked for that booking" "Cancel the booking 10:30 Chair 3, Lucas Moreau (KC-1005)? (y/n)"
send y
wait_gone "Cancel a booking"
expect_re "it stays listed, CANCELLED, the cursor on it" '^(>|▶) 10:30  Lucas Moreau \(rebooked.* +- CANCELLED'
send x
expect "x on a cancelled booking says so" "Lucas Moreau's booking is - CANCELLED: only one not started is cancelled"
send Up Up
wait_re '^(>|▶) 08:00  Samuel Okafor'
send x
expect "x on a booking in progress says so" "Samuel Okafor's booking is > in progress"
check_not "no form opens for it" "Cancel a booking"

# ---------- Enter on a booking ----------
send Down
wait_re '^(>|▶) 08:15  Hannah Kowalski'
send Enter
expect "Enter on a booking not started opens the start form for its patient" "Start a session: Hannah Kowalski (KC-1004)"
send Escape
wait_gone "Start a session"
send Up
wait_re '^(>|▶) 08:00  Samuel Okafor'
send Enter
expect "Enter on a booking in progress resumes its session" "DOSING |"
send Escape
wait_for "Sessions in progress"

# ---------- Tab on to the patients: their keys still work ----------
send Tab
at_row "Tab moves on to the patients" 'Hannah Kowalski +KC-1004'
check_not "today's list is no longer marked" '^(>|▶) [0-9][0-9]:[0-9][0-9]  '
send Down
at_row "Up/Down move over the patients" 'Jordan Ellis'
send s
expect "s starts a session for the patient under the cursor" "Start a session: Jordan Ellis (KC-1001)"
send Escape
wait_gone "Start a session"
send /; type_text Whit; send Enter
expect "/ still searches the patients" 'Patients matching "Whit" (1)'
send BTab
at_row "S-Tab goes back to today's list" '08:00  Samuel Okafor'
send Tab Tab
at_row "Tab comes round to the sessions" 'Samuel Okafor  KC-1003  iv'
send '?'
expect "the help names Tab between the lists" "move the cursor to the next list"
stop
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean" || notok "verify"
