#!/bin/sh
# Issue 8 items 4 and 5: what a form shows as the time is the time stored.
# 4. A time left untouched follows the clock while the form is open: the demo's running
#    infusion (session 3) with the test clock 20 times fast; the vitals form opens at
#    09:00, is filled in, waits until the clock says 09:04, and is saved without touching
#    the time. The field says 09:04 at the save, the status line and the report say 09:04
#    (the old form kept 09:00 on screen and stored the time of the save). Esc on such a
#    form closes it without asking, though its text changed with the clock. The start of
#    the infusion and a side effect (CADSS) are the same field kind: checked the same way.
# 5. Last night's meal: at 10:24 "19:00" for the last solids is refused, offering
#    "yesterday 19:00"; that is accepted, the info row says "yesterday 19:00", the report
#    has 2026-11-20 19:00, and reopening the form shows "yesterday 19:00" (which saves
#    unchanged).
. "$(dirname "$0")/lib.sh"

export TZ=UTC
NOW=2026-11-21T09:00:00Z
FAST="TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=20"

KETCHART_NOW=$NOW
export KETCHART_NOW
demo_db
unset KETCHART_NOW

# The text of form field LABEL on the screen now (the field follows the label's padding).
field() { printf '%s\n' "$scr" | sed -n "s/.*$1 *\([0-9a-z:-][0-9a-z: -]*[0-9]\).*/\1/p" | head -n 1; }
# The header's test clock, HH:MM.
header_hm() { printf '%s\n' "$scr" | head -n 1 | sed -n 's/.*TRAINING .* \([0-9][0-9]:[0-9][0-9]\) *$/\1/p'; }
report() { "$KETCHART" --db "$DB" report "$1" 2>/dev/null; }

# ---------- 4. an untouched time follows the clock: vitals ----------
start $FAST --
if open_session "DOSING"; then ok "the running infusion opens"; else notok "the running infusion opens"; show; fi
send v
expect "v opens the vitals form" "Vitals reading"
opened=$(field "Time taken (HH:MM)")
type_text 142/91; send Tab; type_text 88; send Tab; type_text 97; send Tab; type_text 14; send Tab; type_text 4
target=$(( $(mins "$opened") + 4 ))
if wait_clock "$target" 60; then ok "the clock ran 4 minutes with the form open"; else notok "the clock runs"; fi
look
shown=$(field "Time taken (HH:MM)")
clock_now=$(header_hm)
send C-s
if [ -n "$shown" ] && [ "$shown" = "$clock_now" ] && [ "$shown" != "$opened" ]; then
	ok "the untouched time follows the clock: $opened when opened, $shown at the save"
else
	notok "the untouched time follows the clock: opened $opened, shown $shown at the save, clock $clock_now"; show
fi
expect "the status line says the time that was shown" "Vitals saved $shown"
stop
rep=$(report 3)
case "$rep" in
*"2026-11-21 $shown 142/91"*) ok "the report has the reading at $shown, the time on screen at the save" ;;
*) notok "the report has the reading at $shown"; printf '%s\n' "$rep" | grep -E '142/91|^Taken' | sed 's/^/#   /' ;;
esac

# Esc on an untouched form whose time moved with the clock closes it without asking.
start $FAST --
open_session "DOSING" >/dev/null
send v; wait_for "Vitals reading"
opened=$(field "Time taken (HH:MM)")
wait_clock $(( $(mins "$opened") + 1 )) 60
wait_re "Time taken \(HH:MM\) +$(hm $(( $(mins "$opened") + 1 )))" 10 && ok "the field moved on with the clock" ||
	{ notok "the field moved on with the clock"; show; }
send Escape
expect_not "Esc closes it without asking: the clock's time is not typed text" "Vitals reading"
check_not "no discard question" "Discard the entry"

# A typed time stays as typed while the clock runs on.
send v; wait_for "Vitals reading"
opened=$(field "Time taken (HH:MM)")
typed=$(hm $(( $(mins "$opened") - 2 )))
type_text 130/80; send Tab; type_text 80; send Tab; type_text 98; send Tab; type_text 14; send Tab; type_text 5
send Tab Tab; type_text "$typed"
wait_clock $(( $(mins "$opened") + 1 )) 60
look
if [ "$(field "Time taken (HH:MM)")" = "$typed" ]; then ok "a typed time does not follow the clock"; else notok "a typed time stays"; show; fi
send C-s
expect "the typed time is stored" "Vitals saved $typed"
stop

# ---------- 4. a side effect (CADSS-6) and a dose event (pause): the same field ----------
start $FAST --
open_session "DOSING" >/dev/null
send e; wait_for "Side effects this session"
send d
expect "d opens the CADSS-6 form" "Item 22 (0-4)"
opened=$(field "Time (HH:MM)")
for v in 1 0 0 1 0 0; do send Tab; type_text "$v"; done
wait_clock $(( $(mins "$opened") + 2 )) 60
look
shown=$(field "Time (HH:MM)")
send C-s
if [ "$shown" = "$(hm $(( $(mins "$opened") + 2 )))" ]; then ok "the CADSS time followed the clock to $shown"
else notok "the CADSS time followed the clock: opened $opened, shown $shown"; show; fi
expect "the CADSS entry is listed at the time shown" "$shown Dissociation CADSS-6 2/24"
send Escape; wait_for "DOSING |"
send p
expect "p opens the pause form" "Pause the infusion"
opened=$(field "Time (HH:MM)")
send Tab; type_text "patient asked for a break"
wait_clock $(( $(mins "$opened") + 2 )) 60
look
shown=$(field "Time (HH:MM)")
send C-s
expect "the pause is stored at the time shown" "Infusion paused $shown."
stop
rep=$(report 3)
case "$rep" in
*"2026-11-21 $shown pause"*) ok "the report has the pause at $shown" ;;
*) notok "the report has the pause at $shown"; printf '%s\n' "$rep" | grep -E 'pause|start' | sed 's/^/#   /' ;;
esac

# ---------- 5. last night's meal ----------
NOW5=2026-11-21T10:24:00Z
start TZ=UTC KETCHART_NOW=$NOW5 KETCHART_CLOCK_SCALE=0.01 --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-5001; send Tab; type_text "Nora Supper"; send Tab; type_text 1970-01-02; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Nora Supper"
start_save C-s
expect "a new session opens on the screening screen" "Contraindication checklist"
send i
expect "i opens the session info" "Session info"
cursor_to "Last solids" || { notok "the last solids row"; show; }
send Enter
expect "Enter opens the last solids form" "Last solid food"
type_text "19:00"; send Enter
expect "at 10:24, 19:00 is refused as later than now" "ERROR: 19:00 is later than now (10:24)"
check "the refusal says what to type for last night" "yesterday 19:00"
send C-u; type_text "yesterday 19:00"; send Enter
expect "yesterday 19:00 is accepted" "yesterday 19:00, 15h 24m ago"
check_not "the form closed" "Last solid food"
# The next open row's form opened on its own: Esc closes it untouched.
wait_for "Last clear liquids"; send Escape; wait_gone "Last clear liquids"
# The save moved the cursor on to the next item: back up to the last solids.
send Up
i=0; until cursor_row | grep -q "Last solids" || [ "$i" -ge 30 ]; do sleep 0.1; i=$((i + 1)); done
send Enter
expect "Enter reopens the last solids form" "Last solid food"
expect_re "reopened, the form shows the stored time with its day" "Time \(HH:MM\) +yesterday 19:00"
send Enter
expect_not "saved unchanged, the form closes" "Last solid food"
check "still yesterday 19:00" "yesterday 19:00, 15h 24m ago"
send Escape; wait_for "Sessions in progress"; send q
exited 5
rep=""
for id in $(seq 1 60); do
	r=$(report "$id") || continue
	case "$r" in *"Nora Supper"*) rep=$r; break ;; esac
done
case "$rep" in
*"Last solids  2026-11-20 19:00"*) ok "the report has the last solids on the day before: 2026-11-20 19:00" ;;
*) notok "the report has the last solids on 2026-11-20 19:00"; printf '%s\n' "$rep" | grep -i solids | sed 's/^/#   /' ;;
esac
