#!/bin/sh
# Cancelling a booking (issue 13): x on the start screen picks one of today's bookings not
# started, asks the reason, then "Cancel the booking ...? (y/n)"; the booking stays on
# today's list, "- CANCELLED" with its reason, and is no longer counted as booked. On a
# patient's course screen the bookings are listed with their state, and x cancels one
# there too. Nothing is deleted: verify stays clean. The demo at 09:00: Samuel Okafor
# booked 08:00 in Chair 1 and dosing, Hannah Kowalski 08:15 in Chair 2 and not come, Lucas
# Moreau 10:30 in Chair 3.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-21T09:00:00Z
KETCHART_NOW=$NOW
export KETCHART_NOW
demo_db
start KETCHART_NOW=$NOW --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
expect "three booked today" "Today (3 booked: 0 finished, 1 in progress)"

# ---------- from today's list ----------
send x
expect "x opens the cancel form" "Cancel a booking"
expect "the first booking not started is offered, with its patient" "08:15 Chair 2, Hannah Kowalski"
check_not "the booking in progress is not offered" "08:00 Chair 1, Samuel"
send Right
expect "Right offers the next one" "10:30 Chair 3, Lucas Moreau"
send Tab C-s
expect "a blank reason is refused" "Reason: say why the booking is cancelled"
type_text "patient unwell, rebooked"
send C-s
expect "the cancel is asked first" "Cancel the booking 10:30 Chair 3, Lucas Moreau (KC-1005)? (y/n)"
send n
wait_gone "(y/n)"
check "n leaves the form open with the reason" "patient unwell, rebooked"
send C-s
wait_for "(y/n)"
send y
expect "y cancels it" "Cancelled 10:30 Chair 3, Lucas Moreau"
wait_gone "Cancel a booking"
expect "the cancelled booking is not counted as booked" "Today (2 booked: 0 finished, 1 in progress, 1 cancelled)"
expect_re "it stays listed, CANCELLED with its reason (a word and a symbol)" \
	"10:30  Lucas Moreau \(patient unwell, reb[^ ]* +KC-1005 +Chair 3 +- CANCELLED"
expect_re "the others keep their state" "08:15  Hannah Kowalski .*Chair 2 +! LATE"
send x
wait_for "Cancel a booking"
send Right
check_not "a cancelled booking is not offered again" "10:30 Chair 3, Lucas"
send Escape
wait_gone "Cancel a booking"

# ---------- from the patient's course ----------
send /; type_text Moreau; send Enter
send C
expect "the course lists the patient's bookings" "Bookings: 0 (1 cancelled); b books, x cancels"
expect_re "the cancelled booking, marked (a word and a symbol)" "2026-11-21 10:30 Chair 3 +esk +- CANCELLED"
check "with why, who and when" "why: patient unwell, rebooked \\([^,]+, 2026-11-21 09:0"
send b; wait_for "Book a session"
send Tab; type_text 10:30; send Tab Right Right; send C-s
expect "the chair and minute of a cancelled booking may be booked again" "Booked today 10:30, Chair 3"
expect_re "the new booking is listed, expected" "2026-11-21 10:30 Chair 3 +iv +expected"
send x
expect "x on the course cancels one of the patient's bookings" "2026-11-21 10:30 Chair 3, IV ketamine"
send Tab; type_text "clinic closed"; send C-s
wait_for "(y/n)"; send y
expect "cancelled from the course" "Bookings: 0 (2 cancelled)"
send x
expect "nothing left to cancel" "No booking to cancel"
stop
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean after the cancels" || notok "verify after the cancels"
n_cancel=$(sqlite3 "$DB" "SELECT count(*) FROM booking_cancel" 2>/dev/null)
n_book=$(sqlite3 "$DB" "SELECT count(*) FROM booking" 2>/dev/null)
[ "$n_cancel" = 2 ] && [ "$n_book" = 4 ] && ok "two cancellations stored, no booking deleted" ||
	notok "stored: $n_cancel cancellations, $n_book bookings"
