#!/bin/sh
# Issue 8 item 6, as the issue tells it: "Discharge is too easy. It was accepted with
# OVERDUE 29m and a last reading 45 minutes old; Escort present shows met before anyone
# confirmed it; every discharge adds a second identical Assessment block to the report."
# On the demo's running IV infusion (Samuel Okafor, session 3), stopped at 09:26:
#   1. before any assessment the escort (named at screening) is NOT YET, and the
#      assessment form starts with every item unconfirmed, a second time too;
#   2. at 10:11, last reading 09:26 (45 min old) and the 09:41 reading OVERDUE, the
#      criteria say so and d does not discharge: a physician is asked for the reason, a
#      nurse is told what is missing; a fresh reading makes it READY and d discharges;
#   3. the report shows the one assessment once and how it stood at discharge; a
#      physician's discharge on a reason records the reason and what was not met.
. "$(dirname "$0")/lib.sh"

SESSION=3
export TZ=UTC
LOGIN=$(id -un)
FROZEN="TZ=UTC KETCHART_NOW=2026-11-21T09:26:00Z KETCHART_CLOCK_SCALE=0.01"
LATER="TZ=UTC KETCHART_NOW=2026-11-21T10:11:00Z KETCHART_CLOCK_SCALE=0.01"

stop_infusion() { send x; wait_for "Stop the infusion" && send C-s && wait_for "RECOVERY |"; }
# Every field typed: Aldrete 2 2 2 2 2, gait y, escort $1, the three instructions y.
assess_all() {
	send a; wait_for "Discharge assessment" || return 1
	for v in 2 2 2 2 2 y "$1" y y y; do type_text "$v"; done # each answer moves on
	send C-s
}
vitals_now() {
	send v; wait_for "Vitals reading" || return 1
	for f in 128/80 72 98 14; do type_text "$f"; send Tab; done
	type_text 5; send C-s
}
cadss_calm() {
	send e; wait_for "Side effects this session" || return 1
	send d; wait_for "Item 22 (0-4)" || return 1
	for v in 0 0 1 0 0 0; do send Tab; type_text "$v"; done
	send C-s; wait_for "Saved"; send Escape
}
# ---------- 1. nothing is met before the clinician confirms it ----------
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
start $FROZEN --
open_session DOSING && stop_infusion
send o
expect "the discharge screen opens" "Discharge criteria"
check "the escort named at screening is NOT YET until confirmed" "NOT YET +Escort present +not confirmed yet \(a\)"
check_not "no 'Escort present' line says met" "met +Escort present"
check "gait is NOT YET before the assessment" "NOT YET +Steady gait +not assessed yet \(a\)"
check "the instructions are NOT YET before the assessment" "NOT YET +Discharge instructions given +not confirmed yet"
send a
expect "a opens the assessment form" "Discharge assessment"
check "escort starts unconfirmed" "Escort present +- not confirmed"
check "instructions start not given" "Told: no driving +- not yet"
check "circulation is not pre-set from the reading" "Circulation +- not scored"
check "SpO2 is not pre-set from the reading" "SpO2 +- not scored"
send Escape; wait_gone "Discharge assessment"
vitals_now; wait_re "met +Sedation"
cadss_calm; wait_re "met +Dissociation"
assess_all y
expect_re "the confirmed escort is met" "met +Escort present +confirmed present"
send a
expect "a second assessment opens" "Discharge assessment"
check "the earlier 'yes, present' is not carried over" "Escort present +- not confirmed"
check "nor the earlier instructions" "Crisis line given +- not yet"
send Escape; wait_gone "Discharge assessment"
stop

# ---------- 2. 45 minutes later, reading overdue: d does not discharge ----------
start $LATER --
open_session RECOVERY
send o
expect "at 10:11 the discharge screen opens" "Discharge criteria"
check "the timer says OVERDUE" "OVERDUE 30m - due 09:41"
check "the vitals criterion is NOT YET, saying why in words" \
	"NOT YET +Vitals up to date +OVERDUE 30 min; reading 45 min old"
check "the banner is NOT READY" "NOT READY: 1 of 11 criteria not met"
check_not "the banner does not say READY" "READY for discharge"
send d
expect "d asks the physician for the reason instead of discharging" "Discharge with criteria NOT met"
check "the form names the stale vitals" "not met: Vitals up to date"
check_not "no question 'Every criterion is met'" "Every criterion is met"
send Escape; wait_gone "Discharge with criteria NOT met"
check "nothing ended" "NOT READY"
stop
quiet() { "$@" >/dev/null 2>&1; }
if quiet "$KETCHART" --db "$DB" user add kc-boss --role admin && quiet "$KETCHART" --db "$DB" user add "$LOGIN" --role nurse
then ok "the test's login becomes a nurse"; else notok "the test's login becomes a nurse"; fi
start $LATER --
open_session RECOVERY
send o; wait_for "Discharge criteria"
bar_lacks "the nurse's bar has no d while the vitals are stale" "d discharge"
send d
expect "d tells the nurse what is missing" "Not met: Vitals up to date"
check "and why d is refused" "Only a physician may discharge"
check "nothing ended for the nurse" "NOT READY"
vitals_now
expect "a fresh reading makes every criterion met" "READY for discharge: d discharges"
check "the vitals criterion is met, with the reading's age" "met +Vitals up to date +reading 0 min old \(max 15 min\)"
send d
expect "d asks before discharging" "Every criterion is met."
send y
expect_re "the session ends as discharged" "Ended \(discharged\) at 10:1[0-9]"
stop

# ---------- 3. the report: one assessment, once; how it stood at discharge ----------
rep=$("$KETCHART" --db "$DB" report $SESSION 2>&1)
scr=$rep
n_assess=$(printf '%s\n' "$rep" | grep -c '^Assessment ')
if [ "$n_assess" -eq 1 ]; then ok "report: the one assessment appears once"
else notok "report: the one assessment appears once ($n_assess Assessment blocks)"; show; fi
check "report: the assessment made at 09:26, as it stood then" "^Assessment 2026-11-21 09:2[0-9] by $LOGIN: NOT READY"
check "report: the state at discharge" "^At discharge every criterion met"
check "report: who ended it" "^Ended +2026-11-21 10:1[0-9] by $LOGIN"

# ---------- a physician's reason: recorded with what was not met, one assessment ----------
rm -f "$DB" "$DB-wal" "$DB-shm"
KETCHART_NOW=2026-11-21T09:00:00Z "$KETCHART" --db "$DB" demo >/dev/null
start $FROZEN --
open_session DOSING && stop_infusion && send o && wait_for "Discharge criteria"
vitals_now; wait_re "met +Sedation"
cadss_calm; wait_re "met +Dissociation"
assess_all y; wait_re "Assessment saved"
stop
start $LATER --
open_session RECOVERY
send o; wait_for "Discharge criteria"
send d
expect "the physician is asked for the reason" "Discharge with criteria NOT met"
type_text "monitor reviewed: stable, escort waiting"; send Enter
expect_re "the physician's discharge ends the session" "Ended \(discharged\) at"
stop
rep=$("$KETCHART" --db "$DB" report $SESSION 2>&1)
scr=$rep
n_assess=$(printf '%s\n' "$rep" | grep -c '^Assessment ')
if [ "$n_assess" -eq 1 ]; then ok "report: a discharge on a reason adds no second assessment"
else notok "report: a discharge on a reason adds no second assessment ($n_assess blocks)"; show; fi
check "report: the reason is the outcome's" "^Outcome +discharged: monitor reviewed: stable, escort waiting"
check "report: what was not met at discharge" "^At discharge NOT met: Vitals up to date \(OVERDUE 30 min; reading"
