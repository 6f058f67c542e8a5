#!/bin/sh
# How the screens look, driven in tmux on the demo's running IV infusion (Samuel Okafor,
# KC-1003, started 08:45, next vitals due 09:06): with NO_COLOR the alert words CRIT,
# WARN and OVERDUE still show and no colour escape is sent (with colour they are
# coloured); `?` and the bottom bar on every screen and in a form; a resize to 30x10 says
# "terminal too small" and back at 80x24 the same screen returns, with the open form's
# typed text (the minimum 60x20 tested at its edges); a time typed over the one shown is
# the one stored; numbers keep their units when a line is cut; an overdue recovery reading
# shows on the discharge screen too; TERM=vt100 LANG=C shows ASCII only; and the bytes
# written to the terminal for one vitals entry and for one keystroke in the form.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
# A nearly frozen clock at HH:MM: the screen stays the same while it is looked at.
start_at() { t=$1; shift; start TZ=UTC "KETCHART_NOW=2026-11-21T$t:00Z" KETCHART_CLOCK_SCALE=0.01 "$@"; }
# A colour escape: foreground/background 30-38, 40-48, 90-97, 100-107 (not 39/49 defaults).
COLOUR_SGR='\[([0-9]*;)*([34][0-8]|9[0-7]|10[0-7])(;[0-9]*)*m'

escaped() { tm capture-pane -e -p -t kc; }
# help_of NAME MARK: the bar and ? on the screen showing MARK; Esc comes back to it.
help_of() {
	wait_for "$2"
	bar_has "$1 screen: the bottom bar shows its keys with ? help" "? help"
	send '?'
	expect "$1 screen: ? opens its help" "Keys of the $1 screen"
	bar_has "$1 help: the bottom bar says how to leave" "Esc back"
	send Escape
	expect "$1 screen: Esc leaves the help for the same screen" "$2"
}
# ascii_only WHAT: the whole screen is printable ASCII.
ascii_only() {
	bad=$(screen | LC_ALL=C grep -n '[^ -~]' | head -n 3)
	[ -z "$bad" ] && ok "vt100 LANG=C: $1 is ASCII only" ||
		{ notok "vt100 LANG=C: $1 is ASCII only"; printf '%s\n' "$bad" | sed 's/^/#   /'; }
}

KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null

# ---------- 09:00: a WARN and a CRIT reading (not acknowledged) ----------
start_at 09:00 NO_COLOR=1 --
open_session DOSING
vitals 164/96 88 97 14 5
expect "a WARN reading is saved, its alert first" "WARN: SBP 164 mmHg >= 160. Vitals saved 09:00."
vitals 186/112 92 97 16 5
expect "a CRIT reading is saved, its alert first" "CRIT: SBP 186 mmHg >= 180"
send Escape; wait_for "Sessions in progress"; send q; exited 5

# ---------- 09:20, NO_COLOR: the words stay, no colour is sent ----------
start_at 09:20 NO_COLOR=1 --
expect "NO_COLOR: the start screen flags the session" "CRIT alert to ack"
escaped | grep -Eq "$COLOUR_SGR" && notok "NO_COLOR: no colour escape on the start screen" ||
	ok "NO_COLOR: no colour escape on the start screen"
send Enter
expect_re "NO_COLOR: OVERDUE in words" "OVERDUE 15 min - due 09:05 \(recheck after a critical reading\)"
check "NO_COLOR: the CRIT banner in words" "CRIT 09:00 - a acknowledges: SBP 186 mmHg >= 180"
check "NO_COLOR: the critical row says CRIT" " 09:00 186/112 .* CRIT SBP"
check "NO_COLOR: the warning row says WARN" " 09:00 164/96 .* WARN SBP"
esc=$(escaped)
for w in OVERDUE "CRIT 09:00" "CRIT SBP" "WARN SBP"; do
	line=$(printf '%s\n' "$esc" | grep -F "$w" | head -n 1)
	if [ -z "$line" ]; then notok "NO_COLOR: '$w' is on the screen"
	elif printf '%s\n' "$line" | grep -Eq "$COLOUR_SGR"; then notok "NO_COLOR: no colour escape on the '$w' line"
	else ok "NO_COLOR: no colour escape on the '$w' line"; fi
done
printf '%s\n' "$esc" | grep -Eq "$COLOUR_SGR" && notok "NO_COLOR: no colour escape anywhere on the session screen" ||
	ok "NO_COLOR: no colour escape anywhere on the session screen"
line=$(printf '%s\n' "$esc" | grep -F "OVERDUE" | head -n 1)
case "$line" in *"[7m"*|*";7m"*|*"[1m"*|*";1m"*) ok "NO_COLOR: OVERDUE stands out by bold or reverse video" ;;
*) notok "NO_COLOR: OVERDUE stands out by bold or reverse video: $line" ;; esac

# ---------- 09:20 with colour: the same lines are coloured ----------
start_at 09:20 --
open_session DOSING
wait_for "OVERDUE 10m"
# tmux sends an attribute only where it changes: the OVERDUE line above has the same tone.
line=$(escaped | grep -B1 -F "CRIT 09:00" | head -n 2)
printf '%s\n' "$line" | grep -Eq "$COLOUR_SGR" && ok "with colour the OVERDUE and CRIT lines are coloured (and say it)" ||
	notok "with colour the OVERDUE and CRIT lines are coloured: $line"

# ---------- a form open across a resize ----------
send v; wait_for "Vitals reading"
bar_has "in a form the bottom bar shows the form keys and ^G help" "^G help"
type_text 142/91; send Tab; type_text 88
wait_for "Heart rate /min     88"
send C-g
expect "^G in a form opens the help" "Keys of the Session screen"
check "the help lists the form keys" "In a form"
send Escape
expect "Esc from the help returns to the open form with its text" "BP (e.g. 142/91)    142/91"
before=$(screen)
resize 30 10
expect "at 30x10 the screen says it is too small" "terminal too small"
send 7
resize 80 24
if wait_gone "terminal too small"; then ok "back at 80x24 the notice is gone"; else notok "back at 80x24 the notice is gone"; show; fi
wait_for "Vitals reading"
after=$(screen)
[ "$before" = "$after" ] && ok "back at 80x24 the screen is the same as before, the form included" ||
	{ notok "back at 80x24 the screen is the same as before"; printf '%s\n' "$before" > "$T/before"
	  printf '%s\n' "$after" > "$T/after"; diff "$T/before" "$T/after" | sed 's/^/#   /'; }
check "the typed BP is kept" "BP \(e.g. 142/91\) +142/91"
check "the typed heart rate is kept, the key pressed while too small ignored" "Heart rate /min +88 "
send Tab; type_text 97; send Tab; type_text 14; send Tab; type_text 5; send C-s
expect "the form still saves after the resize" "Vitals saved 09:20."
expect_re "and the reading is in the table" " 09:20 142/91 +88 +97 +14 +- +5( |$)"

# ---------- the minimum size, 60x20, at its edges ----------
resize 59 24
expect "59 columns is too small" "terminal too small"
resize 60 20
if wait_gone "terminal too small"; then ok "60x20 is enough"; else notok "60x20 is enough"; show; fi
expect "at 60x20 the session screen is drawn" "Vitals, newest first"
bar_has "at 60x20 the bottom bar is there" "? help"
resize 60 19
expect "19 lines is too small" "terminal too small"
resize 80 24
wait_gone "terminal too small"

# ---------- bytes written to the terminal ----------
# bytes_of FILE TEXT KEYS...: what the program writes from the keys until TEXT shows.
bytes_of() {
	f=$1 t=$2; shift 2
	tm pipe-pane -o -t kc "cat >> '$f'"
	send "$@"; wait_for "$t"; sleep 0.5
	tm pipe-pane -t kc
	wc -c < "$f" | tr -d ' '
}
bytes_text() { # FILE TEXT-ON-SCREEN LITERAL
	f=$1 t=$2
	tm pipe-pane -o -t kc "cat >> '$f'"
	type_text "$3"; wait_for "$t"; sleep 0.5
	tm pipe-pane -t kc
	wc -c < "$f" | tr -d ' '
}
wait_for "Next vitals"
full=$(bytes_of "$T/full.out" "Vitals, newest first" C-l)
# One whole entry: open the form, type 142/91 88 97 14 5, save.
f="$T/entry.out"
tm pipe-pane -o -t kc "cat >> '$f'"
send v; wait_for "Vitals reading"
type_text 142/91; send Tab; type_text 88; send Tab; type_text 97; send Tab; type_text 14; send Tab
type_text 5; send C-s
wait_for "Vitals saved"; sleep 0.5
tm pipe-pane -t kc
entry=$(wc -c < "$f" | tr -d ' ')
send v; wait_for "Vitals reading"
sleep 0.3
one=$(bytes_text "$T/one.out" "BP (e.g. 142/91)    1" 1)
tab=$(bytes_of "$T/tab.out" "beats a minute" Tab)
send Escape; wait_for "Discard the entry"; send y; wait_gone "Vitals reading"
echo "# bytes for one vitals entry (v, 142/91 88 97 14 5 with 4 Tabs, ^S): $entry"
echo "# bytes for one keystroke in the form: a digit $one, Tab to the next field $tab; full repaint (^L) $full"
[ "$entry" -gt 0 ] && [ "$entry" -lt "$((full * 3))" ] && ok "one vitals entry writes less than three full repaints ($entry < 3 x $full)" ||
	notok "one vitals entry writes less than three full repaints ($entry, repaint $full)"
[ "$one" -gt 0 ] && [ "$((one * 20))" -lt "$full" ] && ok "a keystroke in the form writes a few bytes, not a repaint ($one)" ||
	notok "a keystroke in the form writes a few bytes ($one, repaint $full)"

# ---------- a time typed over the one shown is the time stored ----------
send v; wait_for "Vitals reading"
for f in 128/80 76 98 14; do type_text "$f"; send Tab; done
type_text 5; send Tab Tab
type_text 09:15
wait_for "MOAA/S (0-5)        5"
# BUG: the field is full ("09:20"), so the typed time is dropped without a word.
expect_re "the time field shows the time typed" "Time taken \(HH:MM\)  09:15" 2
send C-s
expect "the reading is saved at the time typed" "Vitals saved 09:15."

# ---------- ? and the bottom bar on every screen ----------
help_of Session "DOSING |"
send e
help_of "Side effects" "Side effects this session"
send Escape; wait_for "DOSING |"
send c
help_of Chart "Patient    Samuel Okafor"
send Escape; wait_for "DOSING |"
send x; wait_for "Stop the infusion"; send C-s
wait_for "RECOVERY |"
vitals 186/112 92 97 16 5
wait_for "Vitals saved 09:20."
send o
wait_for "Discharge criteria"
# BUG: at 80 columns the criterion's reason was cut to "beyond 20", losing its unit. The
# reason now wraps in its column; the number and its unit stay together on one line.
check "a criterion's reason is not cut" "BP 186/112 vs baseline 132/82: beyond"
expect_re "a criterion's number keeps its unit" "(beyond| ) +20 %( |$)"
check_not "the number never ends a line without its unit" "beyond 20$"
help_of Discharge "Discharge criteria"
send Escape; wait_for "RECOVERY |"
send Escape
help_of Start "Sessions in progress"
send /; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s; wait_for "Start a session: Lucas Moreau"; start_save C-s
help_of Screening "Contraindication checklist"
send Escape; wait_for "Sessions in progress"
send q; exited 5

# ---------- 09:45, TERM=vt100 LANG=C: ASCII only; the overdue recovery reading ----------
# (Line drawing goes out as the vt100 alternate character set; tmux stores it as ASCII.)
# The last reading (critical, 186/112) and the stop were at 09:20: the recheck after a
# critical reading ([alerts] recheck_after_critical_min, 5) was due at 09:25.
KC_TERM=vt100 start_at 09:45 LANG=C LC_ALL=C --
expect "vt100 LANG=C: the start screen comes up" "Sessions in progress"
ascii_only "the start screen"
send Enter
expect "vt100 LANG=C: the session screen" "RECOVERY |"
check "vt100 LANG=C: the ASCII alert marker stands next to the word" "! CRIT 09:[0-9]+ .*- a acknowledges"
check "the session screen says the recovery reading is OVERDUE" "! OVERDUE 20 min - due 09:25 \(recheck after a critical reading\)"
ascii_only "the session screen"
send v; wait_for "Vitals reading"
ascii_only "the vitals form"
send Escape; wait_gone "Vitals reading"
send o; wait_for "Discharge criteria"
ascii_only "the discharge screen"
# BUG: the discharge screen, where recovery is spent, shows no vitals timer at all.
check "the discharge screen shows the overdue recovery reading" "OVERDUE"
send Escape; wait_for "RECOVERY |"
send c; wait_for "Patient    Samuel Okafor"
ascii_only "the chart"
send '?'; wait_for "Keys of the Chart screen"
ascii_only "the help screen"
send Escape; wait_for "Patient    Samuel Okafor"
send Escape; wait_for "RECOVERY |"
send e; wait_for "Side effects this session"
ascii_only "the side-effect screen"
send Escape; wait_for "RECOVERY |"; send Escape; wait_for "Sessions in progress"
send q
exited 5 && restored && ok "vt100: q quits and the terminal is restored" || { notok "vt100: q quits, terminal restored"; show; }
