#!/bin/sh
# The clinic's licensed item wording (labels_file) in the report (issue 11): a C-SSRS
# question and a CADSS item answered in the session are printed under the wording the
# clinic supplied; an item without wording keeps its number alone; without a labels file
# the report is as before (numbers only).
. "$(dirname "$0")/lib.sh"

demo="$T/demo.db"
expect_rc 0 "demo creates a database" kc --db "$demo" demo
printf '[cssrs]\n1 = Clinic wording for question one\n[cadss]\n1 = Clinic wording for CADSS item one\n' >"$T/labels.ini"
printf '[general]\nlabels_file = %s\n' "$T/labels.ini" >"$T/cfg.ini"
chmod 600 "$T/labels.ini" "$T/cfg.ini"

with=$(kc --config "$T/cfg.ini" --db "$demo" report 1 2>&1)
contains "the C-SSRS question 1 is printed under the clinic's wording" "$with" "Q1 Clinic wording for question one: no"
contains "the CADSS item 1 is printed under the clinic's wording with its score" "$with" "item 1 Clinic wording for CADSS item one: 2"
lacks "an item without wording gets no line of its own (its number stays in the items line)" "$with" "item 2 "
contains "... the items line keeps every number" "$with" "items (number:score): 1:2 2:1"
lacks "a C-SSRS question without wording gets no line of its own" "$with" "Q2 "

without=$(kc --db "$demo" report 1 2>&1)
lacks "without a labels file: no wording" "$without" "Clinic wording"
contains "... the numbers as before" "$without" "items (number:score): 1:2 2:1"
