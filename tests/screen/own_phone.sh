#!/bin/sh
# A clinician who is not an admin sets their own telephone and email (the REMS form's
# monitoring provider) from the clinicians screen (U): their own row only, a contact-only
# form, a bad address refused, the change stored and audited; adding or disabling
# clinicians stays the admin's.
. "$(dirname "$0")/lib.sh"
me=$(id -un)
fresh_db
"$KETCHART" --db "$DB" user add bob --role admin >/dev/null 2>&1
"$KETCHART" --db "$DB" user add "$me" --role nurse >/dev/null 2>&1
start --
wait_for "No patients yet"
check "a nurse sees U on the start bar" " U "
send U
expect "U opens the clinicians screen on the nurse's own row" "Clinicians (1)"
check "the row is the nurse's own" "$me .*nurse .*active .*\\(you\\)"
check_not "no other clinician is listed" "bob "
send n
expect "adding a clinician stays the admin's" "Only an admin manages clinicians (you are a nurse)"
send d
expect "disabling too" "Only an admin manages clinicians (you are a nurse)"
send Enter
expect "Enter opens the nurse's own telephone and email" "Your telephone and email ($me)"
type_text "555-0199"; send Tab; type_text "root-at-example"; send Enter
expect "an email that is not one is refused" "'root-at-example' is not an email address"
send C-u; type_text "$me@example.org"; send Enter
expect "the telephone and email are saved" "your telephone and email saved"
expect "and shown on the screen" "telephone 555-0199, email $me@example.org"
stop
row=$(sqlite3 "$DB" "SELECT phone || ' ' || email || ' ' || entered_by FROM clinician_contact ORDER BY rowid DESC LIMIT 1" 2>&1)
[ "$row" = "555-0199 $me@example.org $me" ] && ok "stored, entered by the nurse herself" || notok "stored, entered by the nurse herself ($row)"
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify: the change is in the audit chain" || notok "verify: the change is in the audit chain"
