#!/bin/sh
# Issue 8 items 11 and 12, driven in tmux: what the screens say and what the report says
# are the same words for the same fact (each screen line is compared with the report's
# line), and a second patient with the same name and date of birth is asked about first.
. "$(dirname "$0")/lib.sh"

# ---------- item 12: the same name and date of birth ----------
demo_db
start --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-2001; send Tab; type_text " jordan ELLIS "; send Tab; type_text 1981-04-17; send Enter
expect "a same name and date of birth asks first, naming the chart" \
	"A patient with this name and date of birth exists (KC-1001). Create another?"
check "the question is a y/n one" "\(y/n\)"
send n
expect_not "n answers the question" "Create another?"
expect "n keeps the form with what was typed" "jordan ELLIS"
check_not "nothing was created before the answer" "KC-2001 +1981"
send Enter
wait_for "Create another?"
send y
expect_not "y closes the form" "New patient"
expect "y creates the second patient" "KC-2001"
