#!/bin/sh
# The discharge screen scrolls (issue 11): at 60x20 its lines do not fit, so the last line
# says which are in view ("lines 1-15 of 25, PgDn for more"); Down, PgDn and End reach every
# line (each criterion, the minimum observation, the last assessment, the latest vitals,
# the Aldrete suggestion), the cursor's line is always in view, and the banner (NOT READY:
# ...) stays on top whatever is scrolled. At 80x24 and 132x43 the same lines, at 132x43
# all in view. Demo: Samuel Okafor's running infusion stopped at 09:26.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
FROZEN="TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01"
BANNER="NOT READY: 8 of 11 criteria not met"
# what must be reachable: every criterion, and each part below them
WANT="Minimum observation|Modified Aldrete|Sedation \(MOAA/S\)|Blood pressure|Dissociation \(CADSS\)|Nausea|Steady gait|No new high suicide risk|Escort present|Discharge instructions|Vitals up to date|met at 09:56|Last assessment|None yet: a records|Latest vitals|BP 144/88 mmHg|Next vitals 09:41|Aldrete suggested"
cursor_seen() { printf '%s\n' "$scr" | grep -Eq '^(▶|>)'; }

for size in 60x20 80x24 132x43; do
	KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
	KC_COLS=${size%x*} KC_ROWS=${size#*x} start $FROZEN --
	open_session DOSING || { notok "$size: the running infusion opens"; show; continue; }
	send x; wait_for "Stop the infusion" && send C-s && wait_for "RECOVERY |" ||
		{ notok "$size: the infusion is stopped"; show; continue; }
	send o
	expect "$size: o opens the discharge screen with its banner" "$BANNER"
	check "$size: the cursor is on the first criterion" '^(▶|>) ?((✗|x) )?NOT YET +Minimum observation'
	if [ "$size" = 132x43 ]; then
		check_not "$size: everything fits: no position line" "lines [0-9]+-[0-9]+ of"
		check "$size: the last line, the Aldrete suggestion, is in view" "Aldrete suggested"
	elif [ "$size" = 60x20 ]; then
		check "$size: the last line says there is more" "lines 1-[0-9]+ of [0-9]+, PgDn for more"
	fi
	# Down to the end: every line shows on the way, the cursor and the banner always in view
	all=$scr; lost=0; i=0; prev=""
	while [ "$i" -lt 40 ]; do
		send Down; settle
		cursor_seen || lost=$((lost + 1))
		has "$BANNER" || lost=$((lost + 100))
		all="$all
$scr"
		row=$(printf '%s\n' "$scr" | grep -E '^(▶|>)')
		[ "$row" = "$prev" ] && break
		prev=$row; i=$((i + 1))
	done
	[ "$lost" -eq 0 ] && ok "$size: Down to the end: the cursor's line and the banner always in view ($i moves)" ||
		{ notok "$size: the cursor's line or the banner left the view ($lost)"; show; }
	missing=$(printf '%s\n' "$WANT" | tr '|' '\n' | while read -r re; do
		printf '%s\n' "$all" | grep -Eq -- "$re" || printf '%s; ' "$re"; done)
	[ -z "$missing" ] && ok "$size: every line was reached" || notok "$size: never shown: $missing"
	check "$size: the cursor ends on the last item" '^(▶|>) ?Aldrete suggested'
	[ "$size" = 60x20 ] && check "$size: the position line says it is the end" "lines [0-9]+-([0-9]+) of \1, the end"
	send Home; settle
	check "$size: Home goes back to the first criterion" '^(▶|>) ?((✗|x) )?NOT YET +Minimum observation'
	send End; settle
	check "$size: End goes to the last item" '^(▶|>) ?Aldrete suggested'
	check "$size: the banner is still on top" "$BANNER"
	if [ "$size" = 60x20 ]; then
		send Home; settle; send NPage; settle
		check_not "$size: PgDn scrolls the first criterion's first line away" "Minimum observation +observed"
		check "$size: after PgDn the cursor's line is in view" '^(▶|>)'
		check "$size: after PgDn the banner is on top" "$BANNER"
		send PPage; settle
		check "$size: PgUp comes back to the top" "lines 1-[0-9]+ of"
	fi
	send Escape; wait_for "RECOVERY |"; send Escape; wait_for "Sessions in progress"
	rm -f "$DB" "$DB-wal" "$DB-shm"
done
send q
if exited 5; then ok "q leaves the program"; else notok "q leaves the program"; show; fi
