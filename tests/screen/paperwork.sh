#!/bin/sh
# The clinic's paperwork on the start screen and the board: REMS forms due (with the days
# left) and overdue (a word and a symbol, not colour alone), and a waste waiting for a second
# clinician's witness, on the demo (one form submitted, two due, three overdue, one waste).
. "$(dirname "$0")/lib.sh"
demo_db
start --
expect "the start screen shows the REMS forms due with the days left" "REMS: 2 due (1 day left)"
check "and the overdue ones with a word" "3 OVERDUE \(9 days\)"
check "and a symbol beside the word" "(⚠|!) 3 OVERDUE"
check "the waste waiting for its witness" "1 waste to WITNESS"
key B
expect "the board shows the same" "REMS: 2 due (1 day left)"
check "with the witness queue" "1 waste to WITNESS"
stop
