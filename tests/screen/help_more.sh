#!/bin/sh
# The help says there is more (issue 11): a help longer than the window (the start
# screen's at 80x24 and 60x20) ends with "more below (PgDn)" and the lines in view; PgDn
# shows the next page ("more above"), PgUp and the arrows scroll back; a help that fits
# (a 132x43 terminal) says nothing of the kind. Words, not colour.
. "$(dirname "$0")/lib.sh"

demo_db
for size in 80x24 60x20 132x43; do
	KC_COLS=${size%x*} KC_ROWS=${size#*x} start NO_COLOR=1 --
	wait_for "Sessions in progress" || { notok "$size: the start screen"; show; continue; }
	send '?'
	expect "$size: ? opens the help" "Keys of the Start screen"
	if [ "$size" = 132x43 ]; then
		expect "$size: the whole help fits, the keys used everywhere at the end" "Everywhere"
		check_not "$size: nothing says there is more" "more below|more above"
		send Escape; wait_for "Sessions in progress"; continue
	fi
	expect_re "$size: the last line says there is more below" "^ more below \(PgDn\): lines 1-[0-9]+ of [0-9]+"
	check_not "$size: the keys used everywhere are not in view yet" "Everywhere"
	total=$(screen | sed -n 's/.*lines 1-[0-9]* of \([0-9]*\).*/\1/p')
	send NPage
	expect_re "$size: PgDn: more above and below, or the end" "more above \(PgUp\)"
	i=0
	while ! has "end of the keys" && [ "$i" -lt 8 ]; do send NPage; wait_re "lines [0-9]+-$total of|more above" 2; settle; i=$((i + 1)); done
	expect_re "$size: PgDn to the end: the last lines and the end of the keys" "more above \(PgUp\), end of the keys: lines [0-9]+-$total of $total"
	check "$size: the keys used everywhere, at the end" "Everywhere|one page down|redraw"
	i=0
	while ! has "lines 1-" && [ "$i" -lt 8 ]; do send PPage; wait_re "lines" 2; settle; i=$((i + 1)); done
	expect_re "$size: PgUp back to the top: more below again" "^ more below \(PgDn\): lines 1-"
	i=0
	while has "lines 1-" && [ "$i" -lt 60 ]; do send Down; settle; i=$((i + 1)); done
	expect_re "$size: Down past the last line in view scrolls (more above)" "more above \(PgUp\)"
	send Escape
	expect "$size: Esc closes the help" "Sessions in progress"
done
send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
