#!/bin/sh
# The start screen reads only the page of patients it shows (issue 10): with more patients
# than a page (27, a page is the body's 21 lines at 120x24), the count is of them all; End,
# Down row by row, Home, PgDn and PgUp bring the rows beyond the first page into view with
# the cursor on the right patient (s names them); a search finds one beyond the first page;
# a patient added, by this program or another, moves the count while the cursor stays on
# its patient; a taller terminal shows more.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../charter.sh"

# 27 patients (by name: Amara Nakamura first, Priya Raman the 22nd, Yuki Mensah last), 8
# sessions in progress above them.
"$KETCHART" --db "$DB" demo --sessions 450 --seed 1 >/dev/null || notok "the demo of 450 sessions is made"
KC_COLS=120 start --
expect "the count is of every patient, not of the page read" "Patients (27)" 10
check "the first patient is shown" "Amara Nakamura"
check_not "the last is below the view" "Yuki Mensah"
send Tab; wait_re '^(>|▶) ?Amara Nakamura' || { notok "Tab puts the cursor on the first patient"; show; }

# starting: the form names the patient under the cursor (read with its page)
starts() {
	send s
	expect "$1" "Start a session: $2"
	send Escape; wait_gone "Start a session" || { notok "the form closes"; show; }
}

send End
expect_re "End: the cursor on the last patient, beyond the first page" '^(>|▶) ?Yuki Mensah'
check_not "the first page scrolled away" "Amara Nakamura"
check "the rows above the last are read too" "Tariq Dubois"
check "the count stays" "Patients \(27\)"
starts "s on the last patient starts theirs" "Yuki Mensah (KC-000010)"
send Home
expect_re "Home: the cursor back on the first" '^(>|▶) ?Amara Nakamura'
check_not "the last is below the view again" "Yuki Mensah"
starts "s on the first patient starts theirs" "Amara Nakamura (KC-000006)"

# Down row by row over the first page's end to the last patient, then Up back to the first.
cursor_to "Priya Raman" 25 && ok "Down reaches the 22nd patient, the first beyond the page" ||
	{ notok "Down reaches the 22nd patient"; look; show; }
cursor_to "Yuki Mensah" 10 && ok "Down reaches the last patient" || { notok "Down reaches the last patient"; look; show; }
starts "s after Down names the last patient" "Yuki Mensah"
k=0
until cursor_row | grep -q "Amara Nakamura" || [ "$k" -ge 30 ]; do
	was=$(cursor_row); send Up; k=$((k + 1)); j=0
	while [ "$(cursor_row)" = "$was" ] && [ "$j" -lt $((20 * KC_SLOW)) ]; do sleep 0.1; j=$((j + 1)); done
done
cursor_row | grep -q "Amara Nakamura" && ok "Up row by row goes back to the first patient ($k rows)" ||
	{ notok "Up goes back to the first patient"; look; show; }
send NPage NPage NPage NPage
expect_re "PgDn to the end of the list" '^(>|▶) ?Yuki Mensah'
send PPage PPage PPage PPage
expect_re "PgUp to its start" '^(>|▶) ?Amara Nakamura'

# The search: one beyond the first page, by name and by chart number.
send /; type_text tariq
expect "the search finds a patient beyond the first page" 'Patients matching "tariq" (1)'
check "the match is listed" "Tariq Dubois"
send Enter; wait_gone "Search:"
starts "s on the match starts theirs" "Tariq Dubois (KC-000018)"
send Escape
expect "Esc clears the search: every patient counted again" "Patients (27)"
type_text 000010
expect "a digit searches: the last patient by chart number" 'Patients matching "000010" (1)'
check "the last patient is listed" "Yuki Mensah"
send Escape; wait_for "Patients (27)"

# A patient added here who sorts last: the cursor on them, scrolled into view.
send n; wait_for "New patient"
type_text KC-9001; send Tab; type_text "Zora Zyle"; send Tab; type_text 1980-01-01; send Enter
expect "the new patient is counted" "Patients (28)"
expect_re "the cursor on the new patient, beyond the first page" '^(>|▶) ?Zora Zyle'
check "the row above is read with it" "Yuki Mensah"

# Another program adds a patient who sorts among the first page: the count moves, the cursor
# stays on its patient at the end of the list.
charter_start "$DB" new
case $reply in "S "*|"# resume"*) ok "another clinician starts a session for a new patient" ;;
*) notok "another clinician starts a session for a new patient: $reply"; cat "$T/charter.err" ;; esac
expect "another program's patient is counted by itself" "Patients (29)" 10
expect_re "the cursor stays on its patient" '^(>|▶) ?Zora Zyle'
starts "s still names the patient under the cursor" "Zora Zyle (KC-9001)"
charter_stop

# A taller terminal: the page read grows with the view; every patient fits.
resize 120 60
send Home
expect_re "at 120x60 Home: the cursor on the first patient" '^(>|▶) ?Amara Nakamura'
send End
expect_re "End: on the last" '^(>|▶) ?Zora Zyle'
check "every patient in view: the first" "Amara Nakamura"
check "the other program's patient in its place" "Fault Writer 0 +FLT-[0-9-]+ +1980-01-01"
resize 120 24
expect_re "back at 120x24 the cursor's patient stays in view" '^(>|▶) ?Zora Zyle'
check_not "the first scrolled away" "Amara Nakamura"
send q
echo "1..$n"
