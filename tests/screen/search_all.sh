#!/bin/sh
# Search beyond the chart view (issue 11), on the discharge screen: / asks for the text, the
# cursor goes to the item holding it (any case) with the match highlighted, n / N go to the
# next / previous one, round past the end with "Search wrapped", "Not found" when none
# holds it; the help lists the keys. At 60x20 the item found is scrolled into view.
# (The dosing, screening and side-effect screens: search_screens.sh.)
. "$(dirname "$0")/lib.sh"

export TZ=UTC
FROZEN="TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01"
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
KC_COLS=60 KC_ROWS=20 start $FROZEN --
open_session DOSING || { notok "the running infusion opens"; show; }
send x; wait_for "Stop the infusion" && send C-s && wait_for "RECOVERY |"
send o; expect "the discharge screen" "Discharge criteria"
check_not "the Aldrete suggestion is below the view at 60x20" "Aldrete suggested"

send /; expect "/ asks for the text" "any part of a line, any case"
type_text "aldrete sugg"; send Enter
expect_re "found, any case" "Found aldrete sugg \(line [0-9]+ of [0-9]+\)"
check "the item found is scrolled into view, the cursor on it" '^(▶|>) ?Aldrete suggested'
check "the banner stays on top" "NOT READY: 8 of 11 criteria not met"
esc=$(tm capture-pane -e -p -t kc | grep -m 1 "Aldrete sugg")
case "$esc" in *"$(printf '\033')"\[*m"Aldrete sugg"*) ok "the match is highlighted (its own attributes)" ;;
*) notok "the match is highlighted: '$esc'" ;; esac

send /; wait_for "any part of a line"; send C-u; type_text "not yet"; send Enter
expect_re "a text on many items" "not yet \(line [0-9]+ of"
send n; expect_re "n: the next item holding it" "not yet \(line [0-9]+ of"
send N; expect_re "N: the previous one" "not yet \(line [0-9]+ of"
i=0
until has "Search wrapped to the top" || [ "$i" -ge 15 ]; do send n; settle; i=$((i + 1)); done
has "Search wrapped to the top: not yet" && ok "n past the end says Search wrapped" || { notok "n past the end says Search wrapped"; show; }

send /; wait_for "any part of a line"; send C-u; type_text "zebra"; send Enter
expect "Not found says so" "Not found: zebra"

send '?'; wait_for "Keys of the Discharge screen"
i=0
until has "find text on this screen" || [ "$i" -ge 6 ]; do send NPage; settle; i=$((i + 1)); done
check "the help lists / on the discharge screen (a page down at 60x20)" "find text on this screen"
send Escape; wait_gone "find text on this screen"
