#!/bin/sh
# The side-effect screen, driven in tmux on the demo's running IV infusion (Samuel Okafor,
# KC-1003, session 3, no side effects charted yet): nausea with vomiting and a quick-pick
# intervention, a CADSS-6 by item numbers whose total alerts WARN, an "other" effect
# with its text, a LATE entry, refused entries that keep the form, and the report
# showing exactly what was typed.
. "$(dirname "$0")/lib.sh"

SESSION=3
NOW=2026-11-21T09:00:00Z
export TZ=UTC
# Nearly frozen clock: the screen keeps saying 09:00 while the keys are typed.
FROZEN="TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01"
LATE_HM=08:40
FUTURE_HM=09:30

# Patterns here are basic regular expressions; lib.sh's check and check_not use this has.
has() { printf '%s\n' "$scr" | grep -q -- "$1"; }
# pick KEY TITLE: open the form of a kind and wait for it.
pick() { send "$1"; wait_for "$2"; }

KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null
start $FROZEN --
wait_for "Sessions in progress"
send Enter
wait_for "DOSING |"
send e
expect "e on the session screen opens the side effects" "Side effects this session (0)"
check "the title names the patient, route and phase" "Samuel Okafor #KC-1003 - IV dosing"
check "every kind is listed with its letter: CADSS-6" "d Dissociation CADSS-6"
check "every kind is listed with its letter: other" "o Other (say what)"
check "the bar shows the keys that work" "Enter record"

# ---------- nausea 5 with one vomiting episode and ondansetron ----------
pick n "Nausea NRS 0-10"
check "the nausea form says what to type" "Vomiting episodes"
check "the time defaults to now" "Time (HH:MM)  *09:00"
check "the scale's bands are shown under the form" "4-6 moderate"
send Tab; type_text 5; send Tab; type_text 1; send Tab Space
expect "Space marks the first intervention offered" "[x] ondansetron 4 mg IV"
send C-s
expect "the nausea alert shows at once with its word" "WARN: Nausea NRS 5 >= 4"
row=$(printf '%s\n' "$scr" | grep -E "09:00 +Nausea +NRS 5" | grep -v Saved | head -n 1)
case "$row" in *"09:00"*"Nausea"*"NRS 5 (moderate)"*WARN*) ok "the list shows time, score, scale, band and WARN" ;;
*) notok "the list shows time, score, scale, band and WARN: '$row'"; show ;; esac
check "the list shows the vomiting and the intervention" "vomiting 1; ondansetron 4 mg IV"

# ---------- CADSS-6 by item numbers, total 7 ----------
pick d "Item 22 (0-4)"
check "CADSS-6 items are shown by number" "Item 15 (0-4)"
check_not "no CADSS item wording is shown" "slow motion"
for v in 2 1 1 2 0 1; do send Tab; type_text "$v"; done
send C-s
expect "a CADSS-6 total of 7 is charted WARN at once" "WARN: Dissociation CADSS-6 7 > 4"
check "the list shows the total on its scale" "Dissociation CADSS-6 7/24"

# ---------- refused entries keep the form ----------
pick d "Item 22 (0-4)"
for v in 2 1 1 2 0; do send Tab; type_text "$v"; done
send C-s
expect "an item left blank is refused" "ERROR: Item 22 (0-4): type a number 0-4"
check "the form stays for a retry" "Item 22 (0-4)"
send Escape; wait_for "Discard the entry"; send y
wait_gone "Item 22 (0-4)"
pick h "Headache NRS 0-10"
send Tab; type_text 11; send C-s
expect "a headache NRS of 11 is refused" "ERROR: Headache NRS 11 is outside 0-10"
send C-u; type_text 10
send BTab C-u; type_text "$FUTURE_HM"; send C-s
expect "a time in the future is refused" "ERROR: Time (HH:MM): $FUTURE_HM is later than now (09:00)"
check "the refused form is still open" "Headache NRS 0-10"
send C-u; type_text 9:7; send C-s
expect "a malformed time is refused with the form to type" 'ERROR: Time (HH:MM): "9:7" is not a time: type HH:MM'
send Escape; wait_for "Discard the entry"; send y
wait_gone "Headache NRS 0-10"
pick o "What effect"
send C-s
expect "an other effect without its text is refused" "ERROR: Severity: pick none, mild, moderate or severe"
send Escape; wait_gone "What effect"

# ---------- other: itching, mild ----------
pick o "What effect"
send Tab; type_text itching; send Tab m Tab o Space Down; type_text "antihistamine offered"
send C-s
expect "the other effect is saved with its text" "Saved 09:00 Other: itching mild"
check "its intervention is listed" "antihistamine offered"

# ---------- a late entry: dizziness 20 minutes ago ----------
pick z "Dizziness"
send C-u; type_text "$LATE_HM"; send Tab s C-s
expect "an entry 20 minutes back is saved" "Saved $LATE_HM Dizziness severe LATE"
row=$(screen | grep -E "$LATE_HM +Dizziness" | grep -v Saved | head -n 1)
case "$row" in *LATE*) ok "the late entry is marked LATE in the list" ;;
*) notok "the late entry is marked LATE in the list: '$row'"; show ;; esac
look
check "the count follows what was stored" "Side effects this session (4)"

# ---------- help, Esc ----------
send '?'
expect "? lists the keys of the side-effect screen" "dissociation on the CADSS-6 (items 1, 2, 6, 7, 15, 22"
send Escape
wait_for "Side effects this session"
send Escape
expect "Esc returns to the screen beneath" "DOSING |"

# ---------- the report shows exactly those values ----------
stop
rep=$("$KETCHART" --db "$DB" report $SESSION 2>&1)
obs=$(printf '%s\n' "$rep" | sed -n '/^OBSERVATIONS/,/^DISCHARGE/p')
rhas() { printf '%s\n' "$obs" | grep -q -- "$1"; }
rcheck() { if rhas "$2"; then ok "report: $1"; else notok "report: $1: no '$2'"; printf '%s\n' "$obs" | sed 's/^/#   /'; fi; }
rcheck "nausea NRS 5 WARN" "2026-11-21 09:00 Nausea                 NRS 5 (moderate) WARN"
rcheck "one vomiting episode" "vomiting: 1 episode$"
rcheck "the ondansetron intervention" "intervention: ondansetron 4 mg IV$"
rcheck "the CADSS-6 total 7 WARN" "Dissociation           CADSS-6 7 (marked dissociation) WARN"
rcheck "the CADSS-6 items by number" "items (number:score): 1:2 2:1 6:1 7:2 15:0 22:1$"
rcheck "the other effect, mild" "Other                  severity 1 (mild)"
rcheck "what the other effect is" "what: itching$"
rcheck "its intervention" "intervention: antihistamine offered$"
rcheck "the late dizziness at its own time" "2026-11-21 $LATE_HM Dizziness              severity 3 (severe)"
rcheck "the late entry is marked" "(LATE entry)"
n_obs=$(printf '%s\n' "$obs" | grep -c '^2026-')
[ "$n_obs" = 4 ] && ok "report: exactly the four entries, nothing refused" ||
	{ notok "report: exactly the four entries (got $n_obs)"; printf '%s\n' "$obs" | sed 's/^/#   /'; }
late=$(printf '%s\n' "$obs" | grep -c 'LATE entry')
[ "$late" = 1 ] && ok "report: only the late entry is LATE" || notok "report: only the late entry is LATE (got $late)"
