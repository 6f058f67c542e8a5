#!/bin/sh
# The chair of a session begun without a booking (issue 13): the start-session form has a
# Chair choice of [general] chairs. For a patient not booked it starts on "- choose", which
# is refused: never a chair the form guessed (the chart would say where the patient sat
# when nobody said so). Its hint, and the refusal, name the chairs free now (no session in
# them, no booking of today waiting for them); the refusal puts the cursor on the chair and
# a chair's number picks it. A booked patient's starts on the booked chair, "as booked". A
# chair another session in progress is in is refused, naming who; the board shows the
# chair chosen, and so does the session's report. The demo at 09:00: Samuel Okafor booked
# 08:00 in Chair 1 and dosing; Hannah Kowalski and Lucas Moreau booked in Chairs 2 and 3;
# Theo Whitfield and Wendy Nakamura are not booked.
. "$(dirname "$0")/lib.sh"

KETCHART_NOW=2026-11-21T09:00:00Z demo_db
start KETCHART_NOW=2026-11-21T09:00:00Z --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
send /; type_text Whitfield; send Enter
wait_for 'Patients matching "Whitfield" (1)'
send s
expect "the start form of a patient not booked" "Start a session: Theo Whitfield (KC-1006)"
expect_re "its chair is to be chosen, none chosen for the clinician" "Chair +- choose +│"
check_not "no chair is marked free in the field" "Chair +Chair [0-9] +free"
send Tab Tab Tab
expect_re "on the chair, its hint names the chair free and not awaited (Samuel is in Chair 1, Hannah and Lucas are booked in 2 and 3)" \
	"free now: Chair 4 +│"
send Right Right Right
expect_re "Right chooses a chair" "Chair +Chair 3 +│"
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

# ---------- no chair is refused; a chair a session is in is refused, naming who ----------
send Escape
wait_for "Patients (7)"
send /; type_text Nakamura; send Enter
wait_for 'Patients matching "Nakamura" (1)'
send s
wait_for "Start a session: Wendy Nakamura"
expect_re "again no chair chosen" "Chair +- choose +│"
send Enter
expect "Enter without a chair is refused, naming the chair free (Chair 3 is Theo's now)" \
	"Chair: choose the chair the patient is in (free now: Chair 4)"
check "the form stays open" "Start a session: Wendy Nakamura"
send 1
expect_re "the cursor went to the chair: its number picks it" "Chair +Chair 1 +│"
send Enter
expect "a chair in use is refused, saying by whom" "Chair 1 is taken: Samuel Okafor (KC-1003) is in session there"
send 3
wait_re "Chair +Chair 3"
send Enter
expect "so is the chair just given to Theo Whitfield" "Chair 3 is taken: Theo Whitfield (KC-1006) is in session there"
send 4 Enter
expect "the free chair starts the session" "Contraindication checklist"
send Escape
wait_for "Sessions in progress"
send B
wait_for "Clinic board" || { notok "the board"; show; }
expect_re "the board shows her chair" "^  4 +#[0-9]+ +Wendy Nakamura"
stop

sid=$(sqlite3 "$DB" "SELECT s.id FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1006' ORDER BY s.id DESC LIMIT 1")
chair=$(sqlite3 "$DB" "SELECT chair FROM session_chair WHERE session_id = $sid")
[ "$chair" = "Chair 3" ] && ok "stored: the chair the form showed" || notok "stored chair '$chair'"
n=$(sqlite3 "$DB" "SELECT count(*) FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1007' AND s.ended_at IS NULL")
[ "$n" = 1 ] && ok "the refused saves made no session, the chair chosen one" || notok "$n sessions for Wendy Nakamura"
wid=$(sqlite3 "$DB" "SELECT s.id FROM session s JOIN patient p ON p.id = s.patient_id WHERE p.chart_no = 'KC-1007' ORDER BY s.id DESC LIMIT 1")
chair=$(sqlite3 "$DB" "SELECT group_concat(chair) FROM session_chair WHERE session_id = $wid")
[ "$chair" = "Chair 4" ] && ok "stored: her one chair, the one chosen" || notok "her chair rows '$chair'"
"$KETCHART" --db "$DB" report "$sid" 2>/dev/null | grep -Eq '^Chair +Chair 3$' && ok "the report shows the chair" ||
	notok "the report lacks 'Chair  Chair 3'"
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean" || notok "verify"
