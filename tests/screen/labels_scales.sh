#!/bin/sh
# The clinic's PHQ-9 and GAD-7 wording (issue 11): a labels file with [phq9] and [gad7]
# items (here German) shows on the screening screen's item rows in place of the published
# English text, an item without wording keeps the English text, and each answered item
# with wording is printed under it in the report. Without the labels file the rows are
# the English text as before.
. "$(dirname "$0")/lib.sh"

demo_db
ENV="TZ=UTC KETCHART_NOW=2026-11-21T09:00:00Z"
printf '[phq9]\n1 = Wenig Interesse oder Freude an Ihren Taetigkeiten\n9 = Gedanken, dass Sie lieber tot waeren\n[gad7]\n1 = Nervositaet, Aengstlichkeit oder Anspannung\n' >"$T/labels.ini"
printf '[general]\nlabels_file = %s\n' "$T/labels.ini" >"$T/cfg.ini"
chmod 600 "$T/labels.ini" "$T/cfg.ini"

start $ENV -- --config "$T/cfg.ini"
wait_for "Sessions in progress" || { notok "the start screen with the labels file"; show; }
send n; wait_for "New patient"
type_text KC-4001; send Tab; type_text "Lena Wortlaut"; send Tab; type_text 1979-03-04; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Lena Wortlaut"; start_save C-s
expect "a new session opens the screening screen" "Contraindication checklist: 0 of"

send p
expect "PHQ-9 item 1 in the clinic's wording" "1  Wenig Interesse oder Freude an Ihren Taetigkeiten"
check "an item without wording keeps the published text" "2  Feeling down, depressed, or hopeless"
check_not "the English text of item 1 is gone" "Little interest or pleasure"
for k in 2 1 0 0 0 0 0 0 0; do send "$k"; done
expect "PHQ-9 answered" "PHQ-9 3/27"
check "PHQ-9 item 9 in the clinic's wording" "9  Gedanken, dass Sie lieber tot waeren"
send g
expect "GAD-7 item 1 in the clinic's wording" "1  Nervositaet, Aengstlichkeit oder Anspannung"
check "a GAD-7 item without wording keeps the published text" "2  Not being able to stop or control worrying"
for k in 1 0 0 0 0 0 0; do send "$k"; done
expect "GAD-7 answered" "GAD-7 1/21"
send Escape; wait_for "Sessions in progress"; send q
exited 5 || { notok "q leaves the program"; show; }

report=""
for id in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	r=$(TZ=UTC "$KETCHART" --config "$T/cfg.ini" --db "$DB" report "$id" 2>/dev/null) || continue
	case "$r" in *"Lena Wortlaut"*) report=$r; break ;; esac
done
scr=$report
check "the report prints PHQ-9 item 1 under the clinic's wording" "item 1 Wenig Interesse oder Freude an Ihren Taetigkeiten: 2"
check "the report prints PHQ-9 item 9 under the clinic's wording" "item 9 Gedanken, dass Sie lieber tot waeren: 0"
check "the report prints GAD-7 item 1 under the clinic's wording" "item 1 Nervositaet, Aengstlichkeit oder Anspannung: 1"
check_not "an item without wording gets no line of its own" "item 2 "
r=$(TZ=UTC "$KETCHART" --db "$DB" report "$id" 2>/dev/null)
scr=$r
check_not "without the labels file the report has no clinic wording" "Wenig Interesse"

start $ENV --
wait_for "Sessions in progress"
cursor_to "Lena Wortlaut" 12 || { notok "the session is listed"; show; }
send Enter; wait_for "Contraindication checklist"; send p
expect "without the labels file the row is the published text" "1  Little interest or pleasure in doing things"
check_not "... and no clinic wording" "Wenig Interesse"
