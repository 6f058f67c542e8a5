#!/bin/sh
# The chair of a session begun without a booking (issue 13): the start-session form has a
# Chair choice of [general] chairs, starting on the first chair no session in progress is
# in ("free"; a booked patient's starts on the booked chair, "as booked"); a chair another
# session in progress is in is refused, naming who; the board shows the chair chosen, and
# so does the session's report. The demo at 09:00: Samuel Okafor booked 08:00 in Chair 1
# and dosing; Theo Whitfield and Wendy Nakamura are not booked.
. "$(dirname "$0")/lib.sh"

KETCHART_NOW=2026-11-21T09:00:00Z demo_db
start KETCHART_NOW=2026-11-21T09:00:00Z --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
send /; type_text Whitfield; send Enter
wait_for 'Patients matching "Whitfield" (1)'
send s
expect "the start form of a patient not booked" "Start a session: Theo Whitfield (KC-1006)"
expect_re "it has a chair, the first one free and not awaited (Samuel is in Chair 1, Hannah and Lucas are booked in 2 and 3)" "Chair +Chair 4 +free"
send Tab Tab Tab Left
expect_re "Left chooses another, no longer marked" "Chair +Chair 3 +│"
send Enter
wait_for "Contraindication checklist" || { notok "Enter starts the session"; show; }
send Escape
wait_for "Sessions in progress"
send B
wait_for "Clinic board" || { notok "the board"; show; }
expect_re "the board shows the chair of the session begun without a booking" "^  3 +#[0-9]+ +Theo Whitfield"
expect_re "and the booked one's" "^(>|▶) 1 +#[0-9]+ +Samuel Okafor"
send Escape
wait_for "Sessions in progress"

# ---------- a chair a session is in is refused, naming who ----------
send Escape
wait_for "Patients (7)"
send /; type_text Nakamura; send Enter
wait_for 'Patients matching "Nakamura" (1)'
send s
wait_for "Start a session: Wendy Nakamura"
expect_re "Chair 4 is still the first free" "Chair +Chair 4 +free"
send Tab Tab Tab Left Left Left
wait_re "Chair +Chair 1"
send Enter
expect "a chair in use is refused, saying by whom" "Chair 1 is taken: Samuel Okafor (KC-1003) is in session there"
send Right Right
wait_re "Chair +Chair 3"
send Enter
expect "so is the chair just given to Theo Whitfield" "Chair 3 is taken: Theo Whitfield (KC-1006) is in session there"
send Escape; wait_for "Discard" && send y
wait_gone "Start a session"
stop

sid=$(sqlite3 "$DB" "SELECT s.id FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1006' ORDER BY s.id DESC LIMIT 1")
chair=$(sqlite3 "$DB" "SELECT chair FROM session_chair WHERE session_id = $sid")
[ "$chair" = "Chair 3" ] && ok "stored: the chair the form showed" || notok "stored chair '$chair'"
n=$(sqlite3 "$DB" "SELECT count(*) FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1007' AND s.ended_at IS NULL")
[ "$n" = 0 ] && ok "no session created for a refused chair" || notok "$n sessions for Wendy Nakamura"
"$KETCHART" --db "$DB" report "$sid" 2>/dev/null | grep -Eq '^Chair +Chair 3$' && ok "the report shows the chair" ||
	notok "the report lacks 'Chair  Chair 3'"
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean" || notok "verify"
