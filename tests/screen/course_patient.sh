#!/bin/sh
# The patient record (issue 13, and issue 12's REMS fields): p on the start screen opens it;
# each detail is recorded as typed (sex, height in cm or feet/inches, REMS enrolment), a
# change asks why and the old value stays on the screen as "corrected from ..."; a refused
# value names what to type and stores nothing; the start screen finds a patient by date of
# birth.
. "$(dirname "$0")/lib.sh"

demo_db
start --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }

# ---------- search by date of birth ----------
send /
type_text 1968-02
expect "a date of birth finds the patient" 'Patients matching "1968-02" (1)'
expect "the match is Hannah Kowalski (born 1968-02-23)" "Hannah Kowalski"
expect_not "others are gone" "Jordan Ellis"
send Enter

# ---------- the record ----------
send p
expect "p opens the patient record" "patient record"
expect_re "every detail starts not recorded" "Sex  *- not recorded"
check "REMS enrolment is a detail" "REMS enrolled  *- not recorded"
check "the first esketamine treatment is a detail" "First esketamine  *- not recorded"
send Enter
expect "Enter on Sex opens its form" "Record Sex"
type_text f; send Enter
expect_re "f is recorded as female" "Sex  *female"
send Down
send Enter
wait_for "Record Height"
type_text "5 ft 8 in"; send Enter
expect_re "feet and inches are stored as cm" "Height  *173 cm"
send Enter
expect "a recorded value asks why it changes" "Why it changes"
type_text 300; send Tab; type_text "measured again"; send Enter
expect "an impossible height is refused with the range" "300 cm is outside 50-250 cm"
send BTab; type_text 171; send Enter Enter
wait_for "Saved: Height 171 cm" || { notok "the change is saved"; show; }
expect_re "the new height is shown" "Height  *171 cm"
expect_re "the old one stays visible with the reason" "corrected from 173 cm \(measured again - "
i=0; while [ $i -lt 3 ]; do send Down; i=$((i + 1)); done
send Down
send Enter
wait_for "Record REMS enrolled"
type_text yes; send Enter
expect_re "REMS enrolment recorded" "REMS enrolled  *yes"
send Escape
expect "Esc goes back to the start screen" "Sessions in progress"
stop

# ---------- stored, audited, and in the record as shown ----------
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean after the edits" || notok "verify after the edits"
