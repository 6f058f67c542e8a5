#!/bin/sh
# Side effects where the work is (issue 11): the dosing screen shows the latest side effect
# of each kind, newest first, its severity in a word (never colour alone), its time and
# its intervention ("Side effects: nausea moderate 09:26 (ondansetron 4 mg IV), ..."), on
# one line that fits at 60x20 and 80x24 ("+N more" for those that do not) and never takes
# the place of an alert; one entered in error is not shown.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
start TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01 --
expect "the start screen" "Sessions in progress"
send Enter
expect "the running infusion opens" "Samuel Okafor #KC-1003"
expect "no side effect yet, said so" "Side effects: none recorded (e records one)"
check "the overdue vitals alert is there as before" 'OVERDUE [0-9]+ min - due 09:06'

# record SEVERITY_KEYS: the kind's letter, then the form's keys, saved; back on the session
effect() {
	send e; wait_for "Side effects this session" || { notok "e opens the side effects"; return 1; }
	send "$@"; send C-s
	wait_for "Saved 09:2" || { notok "the side effect is saved"; show; return 1; }
	send Escape; wait_for "Side effects:"
}

# ---------- one effect: its word, time and intervention ----------
effect n Tab 6 Tab 1 Tab Space # Space marks the first intervention, ondansetron 4 mg IV
expect_re "nausea with its severity word, time and intervention" \
	'Side effects: nausea moderate 09:2[0-9] \(ondansetron 4 mg IV\)'
check_not "never the number alone" 'Side effects: nausea [0-9]'

# ---------- the latest of each kind, newest first ----------
effect n Tab 2 Tab 0
expect_re "the newer nausea replaces the older" 'Side effects: nausea mild 09:2[0-9]'
check_not "the older nausea is not shown again" 'nausea moderate'
effect a Tab Right Right
expect_re "the newest kind comes first" 'Side effects: anxiety mild 09:2[0-9], nausea mild 09:2[0-9]'

# ---------- 60x20: one line, the rest counted; alerts keep their place ----------
effect d Tab 3 Tab 3 Tab 1 Tab 0 Tab 0 Tab 0
expect_re "the dissociation total, marked above the warn limit" 'dissociation CADSS-6 7 marked 09:2[0-9]'
resize 60 20
wait_re 'more$' 5
look
l=$(printf '%s\n' "$scr" | grep 'Side effects:')
[ "$(printf '%s' "$l" | wc -m)" -le 60 ] && ok "60x20: the line fits ($l)" || notok "60x20: the line fits: '$l'"
check "60x20: the newest first, the rest counted" 'Side effects: dissociation CADSS-6 7 marked 09:2[0-9] \+2 more$'
check "60x20: the overdue alert stays" 'OVERDUE [0-9]+ min'
check "60x20: the readings are still there" 'Vitals, newest first'
resize 80 24
wait_re 'anxiety mild' 5
check "80x24: more of them on the line" \
	'Side effects: dissociation CADSS-6 7 marked 09:2[0-9], anxiety mild 09:2[0-9] \+1 more$'

# ---------- one entered in error is not shown ----------
send e; wait_for "Side effects this session" || notok "e opens the side effects"
send Tab w; wait_for "What was wrong" || notok "Tab, w opens the correction of the newest"
send Tab; type_text "charted on the wrong patient"; send C-s
expect "the dissociation is marked in error" "IN ERROR"
send Escape; wait_for "Side effects:"
expect_re "the side effects without the one in error" 'Side effects: anxiety mild 09:2[0-9], nausea mild 09:2[0-9]$'
check_not "no dissociation on the line" 'Side effects:.*dissociation'

# ---------- a critical reading: its banner keeps its line, above the side effects ----------
vitals 200/120 130 97 14 5
expect_re "a critical reading's banner" 'CRIT 09:2[0-9].*a acknowledges'
look
b=$(printf '%s\n' "$scr" | grep -n 'a acknowledges' | head -n 1 | cut -d: -f1)
e=$(printf '%s\n' "$scr" | grep -n 'Side effects:' | head -n 1 | cut -d: -f1)
[ -n "$b" ] && [ -n "$e" ] && [ "$b" -lt "$e" ] && ok "the alert banner comes before the side effects" ||
	{ notok "the alert banner comes before the side effects ($b, $e)"; show; }
resize 60 20
wait_re 'Side effects: anxiety' 5
check "60x20: the banner and the side effects both shown" 'CRIT 09:2[0-9]'
check "60x20: with the side effects" 'Side effects: anxiety mild'
resize 80 24

send Escape; wait_for "Sessions in progress"
send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
