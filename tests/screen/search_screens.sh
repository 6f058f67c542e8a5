#!/bin/sh
# Search on the dosing, screening, side-effect and start screens (issue 11), through the
# UI kit's one line model: / asks for the text, the screen scrolls to the line holding it
# (any case, UTF-8 letters too) with the cursor mark on it and the match in its own
# attributes; > (or F3) the next match, < the previous, "Not found: TEXT" when none holds
# it; n keeps its meaning where it answers something else (not taken, no, new patient).
# Each screen is searched for a line below the view at 60x20.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
FROZEN="TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01"
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
line_no() { printf '%s\n' "$scr" | sed -n 's/.*(line \([0-9]*\) of [0-9]*).*/\1/p' | tail -n 1; }
# marked "what" ROW TEXT: on the pane's first line matching ROW (the cursor's, marked) TEXT
# is shown in attributes of its own
marked() {
	esc=$(tm capture-pane -e -p -t kc | grep -m 1 -E -- "$2")
	case "$esc" in *"$(printf '\033')"\[*m"$3"*) ok "$1" ;; *) notok "$1: '$esc'" ;; esac
}
# find TEXT: / then TEXT then Enter
find_text() { send /; wait_for "any part of a line" || return 1; send C-u; type_text "$1"; send Enter; }

# ---------- the dosing screen: the readings table ----------
KC_COLS=60 KC_ROWS=20 start $FROZEN LANG=C.UTF-8 --
open_session DOSING || { notok "the running infusion opens"; show; }
send n; wait_for "Reason (required)" || { notok "n still records vitals not taken"; show; }
send r Tab; type_text "Zoë asleep, not woken"; send C-s
expect "the refusal is saved" "REFUSED"
for bp in 121/81 122/82 123/83 124/84 125/85 126/86 127/87 128/88; do
	send v; wait_for "Vitals reading" || break
	type_text "$bp 70 98 14 5"; send Enter; wait_for "$bp " || { notok "the reading $bp is saved"; show; }
done
look; check_not "the baseline reading is below the view at 60x20" "baseline"
check_not "the refusal is below the view" "asleep"
find_text "BASELINE"
expect_re "/ finds it, any case" "Found BASELINE \(line [0-9]+ of [0-9]+\)"
check "the table scrolled to it, the cursor on it" '^(▶|>) ?08:25 .*baselin'
marked "the match is in attributes of its own" "08:25 " "baselin"
find_text "ZOË"
expect_re "a UTF-8 word found in any case" "ZOË \(line [0-9]+ of"
check "the table scrolled back up to the refusal, the cursor on it" '^(▶|>) ?09:26 .*REFUSED'
check "its note is in view" '^ +Zoë$'
marked "the UTF-8 match is in attributes of its own" "Zoë" "Zoë"
find_text "70"
expect_re "a text on many readings" "70 \(line [0-9]+ of"
a=$(line_no)
send '>'; wait_re "70 \(line [0-9]+ of" 3; settle; b=$(line_no)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "> goes to the next match ($a -> $b)" ||
	{ notok "> goes to the next match ($a -> $b)"; show; }
send '<'; sleep 0.3; wait_re "70 \(line $a of" 3 && ok "< goes back to the previous one" ||
	{ notok "< goes back to the previous one"; show; }
send F3; sleep 0.3; wait_re "70 \(line $b of" 3 && ok "F3 is the next match too" ||
	{ notok "F3 is the next match too"; show; }
find_text "zebra"
expect "not found says so" "Not found: zebra"
send '?'; wait_for "Keys of the Session screen"
i=0
until has "find text in the readings" || [ "$i" -ge 8 ]; do send NPage; settle; i=$((i + 1)); done
check "the help lists /" "find text in the readings"
check "the help lists > and F3" "the next line holding the text found"
send Escape; wait_gone "Keys of the Session screen"

# ---------- the side-effect screen: the session's side effects ----------
send e; wait_for "Side effects this session (0)" || { notok "e opens the side effects"; show; }
send h; wait_for "Headache NRS 0-10"; send Tab; type_text 4
tab_to "Note" || { notok "Tab reaches the note, past the interventions"; show; }
type_text "Zoë: behind the eyes"; send C-s
wait_for "Side effects this session (1)" || { notok "the headache with its note is saved"; show; }
for k in 1 2 3 4 5; do
	send h; wait_for "Headache NRS 0-10" || break; send Tab; type_text 2; send C-s
	wait_for "letter or Enter records" || { notok "headache $k is saved"; show; }
done
expect_re "six side effects listed, more than fit" "[0-9]-[0-9]/6 *$"
look; check_not "the note is below the view at 60x20" "behind"
find_text "zoË"
expect_re "/ finds the note, any case" "zoË \(line [0-9]+ of [0-9]+\)"
check "the list scrolled to it, the cursor on its entry" '▶ 09:26 +Headache +WARN'
check "the note is in view" "Zoë: behind"
marked "the match is in attributes of its own" "behind the" "Zoë"
find_text "nrs 2"
expect_re "a text on many side effects" "nrs 2 \(line [0-9]+ of"
a=$(line_no)
send '>'; sleep 0.3; wait_re "nrs 2 \(line [0-9]+ of" 3; settle; b=$(line_no)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" != "$a" ] && ok "> goes to the next match ($a -> $b)" ||
	{ notok "> goes to the next match ($a -> $b)"; show; }
send '<'; sleep 0.3; wait_re "nrs 2 \(line $a of" 3 && ok "< goes back to the previous one" ||
	{ notok "< goes back to the previous one"; show; }
find_text "zebra"
expect "not found says so" "Not found: zebra"
send n; expect "n still records nausea" "Nausea NRS"
send Escape; wait_for "Side effects this session"
send Escape; wait_for "DOSING |"
send Escape; wait_for "Sessions in progress" || { notok "Esc goes back to the start screen"; show; }

# ---------- the screening screen: the section's rows ----------
send n; wait_for "New patient"
type_text KC-3001; send Tab; type_text "Zoë Search"; send Tab; type_text 1980-05-06; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Zoë Search"; start_save C-s
expect "the screening screen" "0 of 19 answered"
look; check_not "the last checklist item is below the view at 60x20" "MAOI"
find_text "maoi"
expect_re "/ finds the item, any case" "maoi \(line [0-9]+ of [0-9]+\)"
check "the list scrolled to it, the cursor on it" '^(▶|>) .*Takes MAOIs'
marked "the match is in attributes of its own" "MAOI" "MAOI"
find_text "SEDATION"
expect_re "a text on many items" "SEDATION \(line [0-9]+ of"
check "the cursor on the first of them from the top" '^(▶|>) .*Takes benzodiazepines'
a=$(line_no)
send '>'; sleep 0.3; wait_re "SEDATION \(line [0-9]+ of" 3; settle; b=$(line_no)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "> goes to the next match ($a -> $b)" ||
	{ notok "> goes to the next match ($a -> $b)"; show; }
check "the cursor on the next item holding it" '^(▶|>) .*non-benzodiazepine'
send '<'; sleep 0.3; wait_re "SEDATION \(line $a of" 3 && ok "< goes back to the previous one" ||
	{ notok "< goes back to the previous one"; show; }
send F3; sleep 0.3; wait_re "SEDATION \(line $b of" 3 && ok "F3 goes to the next one" ||
	{ notok "F3 goes to the next one"; show; }
send S-F3; sleep 0.3; wait_re "SEDATION \(line $a of" 3 && ok "Shift-F3 goes back (not read as F3)" ||
	{ notok "Shift-F3 goes back (not read as F3)"; show; }
find_text "zebra"
expect "not found says so" "Not found: zebra"
send n; expect "n still answers no" "1 of 19 answered"
bar_has "the key bar offers /" "/"

# ---------- LANG=C: ASCII case; a non-ASCII character shows as '?' ----------
send Escape; wait_for "Sessions in progress"; send q; exited 5
KC_COLS=60 KC_ROWS=20 start $FROZEN LANG=C LC_ALL=C --
open_session DOSING || { notok "LANG=C: the running infusion opens"; show; }
find_text "BASELINE"
expect_re "LANG=C: / finds it, ASCII case ignored" "BASELINE \(line [0-9]+ of"
check "LANG=C: the table scrolled to it, the cursor on it" '^> ?08:25 .*baselin'
find_text "ZO"
expect_re "LANG=C: the note is found" "ZO \(line [0-9]+ of"
check "LANG=C: the cursor on the refusal" '^> ?09:26 .*REFUSED'
check "LANG=C: its note in view in ASCII" '^ +Zo\?$'
find_text "zebra"
expect "LANG=C: not found says so" "Not found: zebra"
