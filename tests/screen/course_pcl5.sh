#!/bin/sh
# The PCL-5 (issue 13; clinical-reference.md §2): offered at screening (t) when the
# session's indication names PTSD, optional, all 20 items 0-4 or none; item numbers with a
# neutral word for the DSM-5 cluster (the clinic's wording from labels_file when it has
# one); saved with its total against the probable-PTSD cut-off ([course] pcl5_probable_ptsd
# 33); a change needs a reason and keeps the earlier answer; the session's report, the
# course screen and report --course show it; verify is clean.
. "$(dirname "$0")/lib.sh"

demo_db
start --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }

# ---------- a depression session: not offered ----------
send /; type_text Moreau; send Enter
wait_for 'Patients matching "Moreau" (1)'
send s; wait_for "Start a session: Lucas Moreau"
start_save C-s
wait_for "Contraindication checklist" || { notok "the depression session starts"; show; }
send t
expect "t says the PCL-5 is for PTSD" "The PCL-5 is offered when the indication names PTSD (this session: depression)"
check_not "and opens nothing" "PCL-5, past month"
send Escape; wait_for "Sessions in progress"

# ---------- a PTSD session ----------
send Escape; send /; type_text Raman; send Enter
wait_for 'Patients matching "Raman" (1)'
send s; wait_for "Start a session: Priya Raman"
check "her last session's protocol, so marked" "Protocol +Intranasal esketamine +as last session"
send Tab; type_text p
wait_for "Indication *PTSD" 2; start_save C-s
wait_for "Contraindication checklist" || { notok "the PTSD session starts"; show; }
send t
expect "t opens the PCL-5 form" "PCL-5, past month (optional: all 20 items or none)"
expect "items are numbers with their cluster word" "1 B intrusion"
check "the hint gives the scale" "0 not at all, 1 a little bit, 2 moderately, 3 quite a bit, 4 extremely"
check_not "nothing recorded yet: no reason field" "Reason for a change"
type_text 5
expect "5 is refused as typed" "only 01234"
type_text 2; type_text 2; type_text 2; send C-s
expect "three items of twenty are refused, naming the first missing" \
	"PCL-5 item 4 not answered: the PCL-5 is all 20 items or none"
check "a digit answers an item and moves on: items 1-3 hold the digits" "3 B intrusion           2"
i=4
while [ "$i" -le 20 ]; do type_text 2; i=$((i + 1)); done
expect "the digits go on across the page to item 20" "20 E arousal            2"
send C-s
expect "all 20 save, with the total against the cut-off" "PCL-5 saved: total 40 of 80 (probable PTSD: at or above 33)."
expect "the key bar carries the recorded total" "t PCL-5 40"

# ---------- a change needs its reason ----------
send t
expect "t opens it again on the recorded answers" "1 B intrusion           2"
type_text 4; send C-s
expect "a changed item without a reason is refused, naming what was recorded" "PCL-5 item 1 was recorded as 2 at"
expect "and why" "needs a reason"
i=2
while [ "$i" -le 20 ]; do send Tab; i=$((i + 1)); done
expect "Tab goes on to the next page: items 19, 20 and the reason field" "Reason for a change"
check "item 20 is there" "20 E arousal"
type_text "patient re-read item 1"; send C-s
expect "with the reason it saves" "PCL-5 saved: total 42 of 80"
expect "the key bar follows" "t PCL-5 42"
send Escape; wait_for "Sessions in progress"

# ---------- the course screen ----------
send Escape; send /; type_text Raman; send Enter
wait_for 'Patients matching "Raman" (1)'
send C
expect "the course has a PCL column" "PHQ-9       GAD PCL CADSS6"
expect_re "the session's PCL-5 total is in its row" "^.[0-9]+ +[0-9-]{10} esk +- +- +- +- +42 "
send Escape; wait_for "Sessions in progress"
stop

# ---------- the report, report --course, verify ----------
rep=$("$KETCHART" --db "$DB" report KC-1002 2>&1)
case $rep in *"PCL-5"*"42 of 80 (probable PTSD: at or above 33)"*) ok "the session's report has the PCL-5 total" ;;
*) notok "the session's report has the PCL-5 total"; printf '%s\n' "$rep" | grep -n "PCL\|PHQ" | sed 's/^/#   /' ;; esac
case $rep in *"[PCL-5 item 1 "*"patient re-read item 1"*) ok "and the changed item with its reason" ;;
*) notok "and the changed item with its reason"; printf '%s\n' "$rep" | grep -n "PCL" | sed 's/^/#   /' ;; esac
course=$("$KETCHART" --db "$DB" report --course KC-1002 2>&1)
case $course in *"PCL-5 42"*) ok "report --course has the PCL-5" ;;
*) notok "report --course has the PCL-5"; printf '%s\n' "$course" | sed 's/^/#   /' ;; esac
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify is clean" || notok "verify is clean"
echo "1..$n"
