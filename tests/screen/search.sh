#!/bin/sh
# Search in the line model (issue 11), as tig's view layer has it, on the chart view: /
# asks for the text, the cursor goes to the next line holding it (any case) with the match
# highlighted, n / N go to the next / previous one, round past the end with "Search
# wrapped", "Not found" when no line holds it; the help lists the keys.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
start TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01 --
expect "the start screen" "Sessions in progress"
send Enter; wait_for "Samuel Okafor #KC-1003" || notok "the running infusion opens"
send c; expect "c opens the chart view" "lines 1-"
bar_has "the key bar offers find" "find"
line_no() { printf '%s\n' "$scr" | sed -n 's/.*(line \([0-9]*\) of [0-9]*).*/\1/p' | tail -n 1; }

# ---------- found, in any case, the cursor on it, the match highlighted ----------
send /; expect "/ asks for the text" "any part of a line, any case"
type_text "ket-2411"; send Enter
expect_re "the text is found" "Found ket-2411 \(line [0-9]+ of [0-9]+\)"
first=$(line_no)
check "the cursor is on a line holding it" '^(▶|>) .*KET-2411'
esc=$(tm capture-pane -e -p -t kc | grep -m 1 "KET-2411")
case "$esc" in *"$(printf '\033')"\[*mKET-2411*) ok "the match is highlighted (its own attributes)" ;;
*) notok "the match is highlighted: '$esc'" ;; esac

# ---------- n, N, wrapping round ----------
send /; wait_for "any part of a line"; send C-u; type_text "mmhg"; send Enter
expect_re "a text on many lines" "Found mmhg \(line [0-9]+ of"
a=$(line_no)
send n; wait_re "mmhg \(line [0-9]+ of" 3; sleep 0.3; look; b=$(line_no)
[ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] && ok "n goes to the next line holding it ($a -> $b)" ||
	{ notok "n goes to the next line holding it ($a -> $b)"; show; }
send N; sleep 0.5; wait_re "mmhg \(line $a of" 3 && ok "N goes back to the previous one" ||
	{ notok "N goes back to the previous one"; show; }
i=0
until has "Search wrapped to the top" || [ "$i" -ge 30 ]; do send n; sleep 0.2; look; i=$((i + 1)); done
has "Search wrapped to the top: mmhg" && ok "n round past the end says Search wrapped" ||
	{ notok "n round past the end says Search wrapped"; show; }
send N; wait_re "Search wrapped to the end: mmhg" 3 && ok "N back past the top says so too" ||
	{ notok "N back past the top says so too"; show; }

# ---------- not found ----------
send /; wait_for "any part of a line"; send C-u; type_text "zebra crossing"; send Enter
expect "Not found says so" "Not found: zebra crossing"
send n; expect "n with no match says so again" "Not found: zebra crossing"

# ---------- the help lists the keys ----------
send '?'; wait_for "find text in the chart" && ok "the help lists / find" || { notok "the help lists / find"; show; }
check "the help lists n" 'the next line holding the text found'
check "the help lists N" 'the previous line holding the text found'
send Escape; wait_gone "the previous line holding the text found"

send Escape; wait_for "Next vitals"; send Escape; wait_for "Sessions in progress"
send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
