#!/bin/sh
# Issue 8, as a new user found it on the screening screen (80x24, a fixed clock):
#  1. an override covers exactly the one answer it names: aneurysm yes, overridden by a
#     physician, then hypersensitivity yes -> still BLOCKED, hypersensitivity "YES BLOCKS";
#  2. changing a recorded answer asks for a reason, and the earlier answer stays on the
#     chart view and in the report, marked like a correction; the override of the
#     changed answer is void;
#  8. baseline rows are flagged by the pre-dose gate the verdict uses (150/100 BLOCKED,
#     141/85 CONFIRM, not WARN / "No alert"), and a blank MOAA/S reads "-", never "-1";
#  9. IV ketamine asks about pregnancy as a relative item.
. "$(dirname "$0")/lib.sh"

fresh_db
ENV="TZ=UTC KETCHART_NOW=2026-11-21T09:00:00Z KETCHART_CLOCK_SCALE=0.01"
REASON="aneurysm clipped 2019, cleared by neurosurgery"
WHY="misheard: it was an ankle operation"

keys() { for k in "$@"; do send "$k"; done; }
on_screen() { printf '%s\n' "$scr" | grep -q -- "$1"; }
row_of() { printf '%s\n' "$scr" | grep -- "$1" | head -n 1; }

start $ENV --
wait_for "Sessions in progress"
send n; wait_for "New patient"
type_text KC-8001; send Tab; type_text "Tom Truth"; send Tab; type_text 1980-05-06; send Enter
wait_gone "New patient"
send s; wait_for "Start a session: Tom Truth"; start_save C-s
expect "the screening opens" "Contraindication checklist: 0 of 19 answered"

# ---------- item 1: one override covers one answer ----------
send y
expect "aneurysm yes blocks" "BLOCKED  Absolute contraindication: aneurysmal"
send n   # ich: no; the cursor is now on hypersensitivity
send o
expect "o opens the override of the one block there is" \
	"Override: Aneurysmal vascular disease or AVM (this answer only)"
type_text "$REASON"; send Enter
expect "the aneurysm is overridden" "Override of Aneurysmal vascular disease or AVM by"
send y   # hypersensitivity: yes
expect "hypersensitivity yes is BLOCKED: the aneurysm's override does not cover it" \
	"BLOCKED  Absolute contraindication: hypersensitivity"
expect "the verdict is BLOCKED" "Verdict: BLOCKED"
look
case "$(row_of "Hypersensitivity to ketamine")" in
*"YES BLOCKS"*) ok "the hypersensitivity row says YES BLOCKS" ;;
*) notok "the hypersensitivity row says YES BLOCKS: '$(row_of "Hypersensitivity to ketamine")'"; show ;;
esac
case "$(row_of "Aneurysmal vascular disease")" in
*"YES overridden"*) ok "the aneurysm row alone says YES overridden" ;;
*) notok "the aneurysm row alone says YES overridden"; show ;;
esac
send o
expect "o now offers the override of hypersensitivity, on its own" \
	"Override: Hypersensitivity to ketamine/esketamine (this answer only)"
send Escape; wait_gone "Override: Hyper"

# ---------- item 9: IV ketamine asks about pregnancy (relative) ----------
keys n n n n n n n n n n
expect "IV ketamine asks about pregnancy, as a relative item" "rel  Pregnancy"

# ---------- item 8: the baseline rows follow the pre-dose gate; a blank MOAA/S ----------
baseline() { # BP: a reading with HR 72, SpO2 98, RR 14 and no MOAA/S
	send v; wait_for "Pre-dose vitals (baseline)" || return 1
	type_text "$1"; send Tab; type_text 72; send Tab; type_text 98; send Tab; type_text 14; send C-s
	wait_gone "Pre-dose vitals (baseline)"
}
baseline 150/100
expect "150/100 is flagged BLOCKED, as the verdict says" "BLOCKED  BP 150/100 mmHg"
check "the verdict blocks on the same reading" "BLOCKED  Baseline BP 150/100"
check "a blank MOAA/S reads -" "RR 14 /min  MOAA/S -( |$)"
check_not "never -1" "MOAA/S -1"
check_not "150/100 is not a mere WARN" "WARN  BP 150/100"
baseline 141/85
expect "141/85 is flagged CONFIRM, as the verdict says" "CONFIRM  BP 141/85 mmHg"
check "the verdict asks for confirmation of that reading" "CONFIRM  Baseline BP 141/85"
check_not "the detail does not say No alert" "No alert on this reading"
check "its detail says why" "Pre-dose BP 141/85 mmHg: systolic 141 > 140"

# ---------- item 2: a change asks for its reason; the earlier answer stays ----------
send k; send Home
send n
expect "changing a recorded yes asks for the reason" "Reason for changing a recorded answer"
check "and says what was recorded" "Aneurysmal vascular disease or AVM was yes"
send Enter
expect "the reason is required" "ERROR: type why the answer changes"
type_text "$WHY"; send Enter
expect "the change is stored" "Changed. The earlier answer stays in the chart with your reason."
send c
expect "the chart view opens" "Screening"
send PageDown
expect "the aneurysm's override is void now" "VOID: that"
i=0; until on_screen "changed from yes (entered 09:00 by" || [ "$i" -ge 3 ]; do send PageDown; sleep 0.3; look; i=$((i + 1)); done
expect "the chart keeps the earlier answer, with who, when and why" "changed from yes (entered 09:00 by"
send Escape; wait_for "k Checklist"
send Escape; wait_for "Sessions in progress"; send q
exited 5 && ok "the program ends" || notok "the program ends"
scr=$(TZ=UTC "$KETCHART" --db "$DB" report 1 2>&1)
check "the report keeps the earlier answer, marked like a correction" "\[changed from yes \(entered 09:00 by"
check "with the reason" "ankle operation\]"
check "the report says the override is void" "VOID: that answer changed since"
exit 0
send Escape; wait_for "Sessions in progress"; send q
exited 5 && ok "the program ends" || notok "the program ends"
