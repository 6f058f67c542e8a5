#!/bin/sh
# Finding a patient and not making one twice (issue 13): / on the start screen finds a
# patient by chart number, by name (any case, part of it) or by date of birth; a new patient
# with the name and date of birth of one on file is not made without a word: the warning
# names the existing chart number, n keeps the form as typed, y makes the second patient.
. "$(dirname "$0")/lib.sh"

demo_db
start --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }

# ---------- search ----------
send /
type_text KC-1006
expect "a chart number finds the patient" 'Patients matching "KC-1006" (1)'
expect "Theo Whitfield" "Theo Whitfield"
expect_not "no other patient (Jordan Ellis is not on today's list either)" "Jordan Ellis"
send Escape; send /
type_text whitf
expect "part of a name in another case finds him" 'Patients matching "whitf" (1)'
expect "Theo Whitfield again" "Theo Whitfield"
send Escape; send /
type_text 1968-02-23
expect "a whole date of birth finds the patient born that day" 'Patients matching "1968-02-23" (1)'
expect "Hannah Kowalski (born 1968-02-23)" "Hannah Kowalski"
send Escape; send /
type_text zzz-nobody
expect "a search that matches nobody says so" 'Patients matching "zzz-nobody" (0)'
expect "in words" "No patient matches."
send Escape
wait_for "Sessions in progress"

# ---------- the same name and date of birth ----------
send n
wait_for "New patient" || { notok "n opens the new-patient form"; show; }
type_text KC-9100; send Tab; type_text "hannah kowalski"; send Tab; type_text 1968-02-23; send Enter
expect "the same name (any case) and date of birth is named, with the chart number on file" \
	"A patient with this name and date of birth exists (KC-1004)"
expect "and asked about" "Create another?"
send n
expect "n keeps the form as typed" "KC-9100"
check_not "nothing was made" "Added hannah kowalski"
send Escape
wait_for "Discard the entry being typed?" && send y
wait_gone "New patient"
"$KETCHART" --db "$DB" report --course KC-9100 >/dev/null 2>&1 && notok "no patient KC-9100 after n" ||
	ok "no patient KC-9100 after n"
send n
wait_for "New patient"
type_text KC-9101; send Tab; type_text "Hannah Kowalski"; send Tab; type_text 1968-02-23; send Enter
wait_for "Create another?" || { notok "the warning comes again"; show; }
send y
expect "y makes the second patient all the same" "Added Hannah Kowalski (chart KC-9101)"
send /
type_text 1968-02-23
expect "both are found by the date of birth" 'Patients matching "1968-02-23" (2)'
send Escape
stop
echo "1..$n"
