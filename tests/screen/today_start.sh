#!/bin/sh
# Starting a booked patient's session (issue 13): Enter on a booking of today's list opens
# the start-session form on the booked protocol (marked "as booked"), its title naming the
# booked time and chair; the clinician may change it, and what is stored is what the form
# showed. The demo at 09:00: Lucas Moreau booked 10:30 in Chair 3 for esketamine, Hannah
# Kowalski 08:15 in Chair 2 for IV and not come.
. "$(dirname "$0")/lib.sh"

at_row() { if wait_re "^(>|▶) $2"; then ok "$1"; else notok "$1: the cursor is on '$(cursor_row)'"; show; fi; }

KETCHART_NOW=2026-11-21T09:00:00Z demo_db
start KETCHART_NOW=2026-11-21T09:00:00Z --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
send Tab j j
at_row "the cursor on Lucas Moreau's booking" '10:30  Lucas Moreau'
send Enter
expect "Enter opens the start form, the booking named" "Start a session: Lucas Moreau (KC-1005) - booked 10:30, Chair 3"
expect_re "the booked protocol is chosen, marked as booked" "Protocol +Intranasal esketamine +as booked"
expect_re "and the booked chair" "Chair +Chair 3 +as booked"
start_save
wait_for "Contraindication checklist" || { notok "Enter starts the session"; show; }
send Escape
wait_for "Sessions in progress"
expect_re "the booking is in progress" "10:30  Lucas Moreau .*Chair 3 +> in progress"
expect_re "the session is esketamine" "Lucas Moreau +KC-1005 +esketamine"
stop
# The killed program may still be closing the database (its last checkpoint locks it a
# moment): the read waits for the lock instead of failing on it.
route=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT s.route FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1005' ORDER BY s.id DESC LIMIT 1")
[ "$route" = esketamine ] && ok "stored as esketamine, as the form showed" || notok "stored route '$route'"

# ---------- the clinician changes the protocol: what the form shows is stored ----------
start KETCHART_NOW=2026-11-21T09:05:00Z --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
send Tab j
at_row "the cursor on Hannah Kowalski's booking" '08:15  Hannah Kowalski'
send Enter
expect_re "her IV booking opens on IV" "Protocol +IV ketamine infusion +as booked"
send Right
expect_re "Right changes it, no longer marked as booked" "Protocol +Intranasal esketamine *│"
start_save
wait_for "Contraindication checklist" || { notok "the session starts"; show; }
expect "the start says the booking stays not started" "infusion) stays not started"
stop
route=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT s.route FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1004' ORDER BY s.id DESC LIMIT 1")
[ "$route" = esketamine ] && ok "stored as the form showed when saved" || notok "stored route '$route'"
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean" || notok "verify"
