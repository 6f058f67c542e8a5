#!/bin/sh
# Two clinicians, one session. Bob (a nurse, played by tests/tool_charter.c at another
# "terminal") holds the demo's IV session in progress; root opens it on the screens:
# the hold screen names bob and offers a read-only view or a takeover. After the
# takeover bob's entries are refused with root's name and the report records it; when
# bob takes it back, root's screen says so in the header and on the status line, and
# root's own entry is refused with the form kept. Leaving the session (Esc, q, SIGHUP)
# releases root's hold, so bob can hold it again without a takeover.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../charter.sh"

export TZ=UTC
NOW=2026-11-21T09:00:00Z
KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null
"$KETCHART" --db "$DB" user add bob --name "Bob Nurse" --role nurse >/dev/null 2>&1
session=$(sqlite3 "$DB" "SELECT id FROM session WHERE phase = 'dosing' AND ended_at IS NULL")
ui() { start TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01 --; wait_for "Sessions in progress"; }
told() { printf '%s\n' "$reply" | grep -q -- "$1"; }
said() { if told "$2"; then ok "$1"; else notok "$1: bob was told '$reply'"; fi; }
holder() { sqlite3 "$DB" "SELECT holder FROM session_hold WHERE session_id = $session AND released_at IS NULL"; }
cleanup() { [ -n "${charter_pid:-}" ] && { kill "$charter_pid"; wait "$charter_pid"; } 2>/dev/null; tm kill-server >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

# ---------- bob holds it: root sees who, views read-only ----------
charter_start -a bob "$DB" "$session"
said "bob holds the session" "# resume session $session"
ui
send Enter
expect "opening it says bob is charting it" "HELD: Bob Nurse (bob) is charting this session"
check "and names the patient, protocol and phase" "Samuel Okafor \(KC-1003\) - IV ketamine infusion, dosing"
expect "the hold screen offers a read-only view and a takeover" "v view read-only  t take over"
send v
expect "v opens the chart view of the session" "Samuel Okafor"
expect_not "the chart view is not the hold screen" "HELD: Bob Nurse"
bar_lacks "the read-only view offers no correction" "x correct"
send x
expect "x says the session is bob's to correct" "held by bob"
charter v
said "bob goes on charting while root views" "^V "
send Escape
expect "Esc from the view goes back to the start screen" "Sessions in progress"
expect_not "past the hold screen" "HELD: Bob Nurse"
[ "$(holder)" = bob ] && ok "viewing took nothing from bob" || notok "viewing took nothing from bob: held by '$(holder)'"

# ---------- root takes it over ----------
send Enter
expect "opening it again shows the hold screen" "HELD: Bob Nurse (bob)"
send t
expect "t opens the session screen for charting" "DOSING | IV ketamine infusion"
[ "$(holder)" = root ] && ok "the hold is root's" || notok "the hold is root's: held by '$(holder)'"
charter v
said "bob's next entry is refused, naming root" "^E busy .*held by root"
"$KETCHART" --db "$DB" report "$session" >"$T/report" 2>&1
grep -q "Taken over from bob at .* by root" "$T/report" && ok "the report records the takeover" \
	|| { notok "the report records the takeover"; sed -n '/TAKEOVERS/,+3p' "$T/report"; }

# ---------- bob takes it back: root's screen says so, root's entry is refused ----------
charter take
said "bob takes it back" "# held"
expect "root's header says it was taken over" "TAKEN OVER by bob" 5
expect "and the status line says entries are refused" "bob took this session over at"
send v; wait_for "Vitals reading"
for f in 128/80 72 98 14; do type_text "$f"; send Tab; done
type_text 5; send C-s
expect "root's reading is refused, naming bob" "held by bob"
expect "the typed reading stays for a retry" "128/80"
send Escape; wait_for "Discard"; send y 2>/dev/null
send Escape
expect "back on the start screen" "Sessions in progress"
expect_not "the header's warning goes with the session" "TAKEN OVER"
[ "$(holder)" = bob ] && ok "leaving did not release bob's hold" || notok "leaving did not release bob's hold: '$(holder)'"

# ---------- a free session opens straight away; leaving releases it ----------
charter release
said "bob releases it" "# released"
send Enter
expect "a free session opens for charting at once" "DOSING | IV ketamine infusion"
[ "$(holder)" = root ] && ok "opening took the hold" || notok "opening took the hold: '$(holder)'"
send Escape; wait_for "Sessions in progress"
[ -z "$(holder)" ] && ok "Esc back released it" || notok "Esc back released it: held by '$(holder)'"
send Enter; wait_for "DOSING | IV ketamine infusion"
send C-c
exited 5 && ok "^C quits from the session screen" || notok "^C quits from the session screen"
[ -z "$(holder)" ] && ok "quitting released it" || notok "quitting released it: held by '$(holder)'"
ui; send Enter; wait_for "DOSING | IV ketamine infusion"
kill -HUP "$(prog_pid)"
exited 5 && ok "SIGHUP ends the program" || notok "SIGHUP ends the program"
[ -z "$(holder)" ] && ok "a dropped connection (SIGHUP) released it" || notok "SIGHUP released it: held by '$(holder)'"
charter hold
said "bob holds it again without a takeover" "# held"

# ---------- bob leaves while root looks at the hold screen ----------
ui; send Enter
expect "the hold screen again" "HELD: Bob Nurse (bob)"
charter release
expect "within seconds it says the session is free" "Nobody else holds this session now: Enter opens it"
bar_lacks "and no longer offers a takeover" "t take over"
send Enter
expect "Enter opens it for charting" "DOSING | IV ketamine infusion"
[ "$(holder)" = root ] && ok "the hold is root's" || notok "the hold is root's: '$(holder)'"
send C-c; exited 5
charter_stop
