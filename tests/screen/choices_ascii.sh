#!/bin/sh
# Choice fields under LANG=C (issue 11): a choice with non-ASCII text (the clinic's own
# indication list) is shown in ASCII ("–" as "-", "é" as "?"), never as raw bytes, and the
# session stores the choice as configured. [vitals] carry = no: a vitals round starts
# blank (no value carried from the last reading); the default (yes) carries.
. "$(dirname "$0")/lib.sh"

CFG="$T/ketchart.ini"
printf '[general]\nindications = "d\303\251pression \342\200\223 s\303\251v\303\250re, anxiety"\n[vitals]\ncarry = no\n' >"$CFG"
demo_db
start LANG=C LC_ALL=C -- --config "'$CFG'"
wait_for "Sessions in progress" || { notok "the start screen"; show; }

# ---------- a choice in ASCII ----------
send / ; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s
expect "s opens the session form" "Start a session: Lucas Moreau"
check "never treated: the indication is to be chosen" "Indication +- choose"
send Tab Right
expect_re "Right picks the first configured indication, shown in ASCII" "Indication +d\?pression - s\?v\?re"
check_not "... nothing but ASCII on the screen" "[^ -~]"
send Right
expect_re "Right picks the next choice, shown as it is" "Indication +anxiety"
send Left
expect_re "Left comes back to it, in ASCII" "Indication +d\?pression - s\?v\?re"
check_not "... nothing but ASCII on the screen" "[^ -~]"
send Enter
expect "Enter starts the session" "Contraindication checklist: 0 of 19 answered"
stop

# ---------- carry = no: the round starts blank ----------
start LANG=C LC_ALL=C -- --config "'$CFG'"
open_session "DOSING" || { notok "the running session opens"; show; }
send v; wait_for "Vitals reading"
check_not "carry = no: no value is carried into the round" "carried"
send Escape; wait_gone "Vitals reading"
stop

# what the session stored is the configured text, in UTF-8
last=1
while "$KETCHART" --db "$DB" report $((last + 1)) >/dev/null 2>&1; do last=$((last + 1)); done
rep=$("$KETCHART" --db "$DB" report "$last" 2>&1)
printf '%s\n' "$rep" | grep -q "d$(printf '\303\251')pression $(printf '\342\200\223') s$(printf '\303\251v\303\250')re" &&
	ok "the report keeps the indication as configured (UTF-8)" ||
	{ notok "the report keeps the indication as configured"; printf '%s\n' "$rep" | grep -i indication | sed 's/^/#   /'; }

# ---------- the default carries ----------
start LANG=C LC_ALL=C --
open_session "DOSING" || { notok "the running session opens"; show; }
send v; wait_for "Vitals reading"
check "by default a value is carried into the round, marked" "carried"
send Escape; wait_gone "Vitals reading"
send Escape; wait_for "Sessions in progress"; send q; exited 5
