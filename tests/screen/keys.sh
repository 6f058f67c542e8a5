#!/bin/sh
# Keys that never leak (issue 11): under six TERM values, every navigation and function
# key is sent as the raw bytes a terminal sends (xterm, rxvt, screen, linux forms, whether
# or not the terminfo entry names them), and each must either do its action or be dropped
# whole: never Esc (back, cancel) followed by typed text such as "Search: 6~".
. "$(dirname "$0")/lib.sh"

demo_db
# raw '\033[6~': the bytes, in one write, as a terminal sends a key
raw() { tm send-keys -t kc -H $(printf "$1" | od -An -tx1); }
# nm '\033[6~': "Esc[6~" for a test's name
nm() { printf '%s' "$1" | sed 's/\\033/Esc/'; }
# What a leaked sequence leaves: its tail typed somewhere, or the search it started.
STRAY='[0-9;]~|\[\[?[A-Z0-9]|Search:|(^|[^A-Za-z])O[A-DFHPQRS]([^A-Za-z]|$)'
# The chart view's scroll line "lines A-B of N" at the end: B = N.
AT_END='lines [0-9]+-([0-9]+) of \1'
CRIT='CRIT [0-9:]+ - a acknowledges'

# ---------- a critical reading waits for its acknowledgement ----------
start --
open_session "DOSING" || { notok "the running session opens"; show; }
vitals 185/112 80 "" "" ""
expect_re "a critical reading is saved, unacknowledged" "$CRIT"
send Escape; wait_for "Sessions in progress"; send q; exited 5

for t in vt100 xterm xterm-256color screen-256color tmux-256color linux; do
	start TERM=$t --
	if ! open_session "DOSING"; then
		notok "$t: the running session opens"; show; continue
	fi
	# ---------- the chart view: PgDn / PgUp / Home / End in every form ----------
	send c
	expect "$t: c opens the chart view" "lines 1-"
	raw '\033[6~'
	expect "$t: PgDn (Esc [ 6 ~) scrolls the chart" "lines 20-"
	check_not "$t: PgDn leaves no stray text and stays on the chart" "$STRAY|Sessions in progress"
	raw '\033[5~'
	expect "$t: PgUp (Esc [ 5 ~) scrolls back" "lines 1-"
	for e in '\033[4~' '\033[8~' '\033[F' '\033OF'; do
		raw "$e"
		if wait_re "$AT_END"; then ok "$t: End ($(nm "$e")) goes to the last row"; else notok "$t: End ($(nm "$e")) goes to the last row"; show; fi
		raw '\033[1~'
		wait_for "lines 1-" || { notok "$t: Home (Esc [ 1 ~) after End ($(nm "$e"))"; show; }
	done
	for h in '\033[7~' '\033[H' '\033OH'; do
		raw '\033[F'; wait_re "$AT_END"
		raw "$h"
		expect "$t: Home ($(nm "$h")) goes to the first row" "lines 1-"
	done
	# Keys with nothing to do here, in each of their forms, and modified arrows: nothing
	# typed, the chart stays.
	for k in '\033[2~' '\033OQ' '\033OR' '\033OS' '\033[12~' '\033[13~' '\033[14~' \
		'\033[15~' '\033[17~' '\033[18~' '\033[19~' '\033[20~' '\033[21~' '\033[23~' \
		'\033[24~' '\033[[B' '\033[[C' '\033[[D' '\033[[E' '\033[1;5C' '\033[1;5D' \
		'\033[1;2A' '\033[1;2B' '\033[1;5H' '\033[5;5~' '\033OC' '\033OD' '\033[C' '\033[D'; do
		raw "$k"
	done
	raw '\033[1~'
	expect "$t: after F2-F12, Ins and modified arrows the chart is still there" "lines 1-"
	check_not "$t: ... with no stray text" "$STRAY|Sessions in progress"
	raw '\033[99~'
	expect "$t: an unknown sequence is dropped whole, with a message" "unknown key ignored (Esc [ 9 9 ~)"
	check_not "$t: ... and nothing typed" "$STRAY|Sessions in progress"
	for f1 in '\033OP' '\033[11~' '\033[[A'; do
		raw "$f1"
		expect "$t: F1 ($(nm "$f1")) opens the help" "Keys of the"
		send Escape; wait_gone "Keys of the" || { notok "$t: Esc leaves the help"; show; }
	done
	# ---------- a plain Esc is still Esc, and quick ----------
	t0=$(date +%s%N); send Escape
	if wait_for "DOSING |"; then
		ms=$(( ($(date +%s%N) - t0) / 1000000 ))
		echo "# $t: Esc back to the session screen in $ms ms"
		[ "$ms" -lt $((1500 * KC_SLOW)) ] && ok "$t: a plain Esc goes back at once ($ms ms)" ||
			notok "$t: a plain Esc goes back at once ($ms ms)"
	else
		notok "$t: a plain Esc goes back to the session"; show
	fi
	# ---------- F5 cannot leave a session past an unacknowledged alert ----------
	for f5 in '\033[15~' '\033[[E' '\033Ot'; do raw "$f5"; done
	raw '\033[3~'
	expect "$t: after F5 the session screen stays" "DOSING |"
	check "$t: ... with its alert waiting" "$CRIT"
	check_not "$t: ... and no stray text" "$STRAY|Sessions in progress"
	send Escape; wait_for "Sessions in progress"
	# ---------- a text field: arrows, Del, Home, End, Shift-Tab ----------
	send n; wait_for "New patient"
	type_text abcdef
	raw '\033[D'; raw '\033OD'; raw '\033[3~'   # abcd|ef: Del takes e
	raw '\033[1~'; raw '\033[3~'                # Home, Del takes a
	raw '\033[4~'; type_text X                  # End: bcdfX
	raw '\033[H'; raw '\033OC'; raw '\033[C'; raw '\033[3~'   # Home, right 2: bcfX
	raw '\033OF'; type_text Y                   # bcfXY
	send Tab; type_text Zed
	raw '\033[Z'                                # Shift-Tab: back to the chart number
	raw '\033[8~'; type_text Q                  # End keeps the text: bcfXYQ
	expect "$t: Del, Home, End, arrows and Shift-Tab edit the field" "Chart number   bcfXYQ "
	check "$t: ... the name kept what was typed" "Name           Zed "
	check_not "$t: ... and nothing stray" "$STRAY"
	send Escape; wait_for "Discard the entry" && send y; wait_gone "New patient"
	send q
	exited 5 || { notok "$t: q quits"; show; }
done
