#!/bin/sh
# The chart view, driven in tmux: opened from the start screen, the header, the vitals
# with their flags, the trend plot, scrolling, an addendum, a refused correction and a
# physician's amendments on a signed session (checked in the report), a correction on the
# session in progress (checked in the report), resize, and a nurse who may not amend.
# Holds: x is disabled while another clinician holds the session (the enabled() hook asks
# ui_held_by_other); making another clinician hold it needs a second program, so that is
# tested where holds are, not here.
. "$(dirname "$0")/lib.sh"

# From the demo (kc_demo_fill): Jordan Ellis (KC-1001) has a signed IV session with a
# critical BP acknowledged and nausea treated; Samuel Okafor (KC-1003) is in an IV infusion.
SIGNED="Jordan Ellis"
RUNNING="Samuel Okafor"
ME=$(id -un)
demo_db

# Until the cursor line matches the extended regex $1 (it is then in $cur).
wait_cursor() {
	i=0
	while [ "$i" -lt $((50 * KC_SLOW)) ]; do
		cur=$(cursor_row)
		printf '%s\n' "$cur" | grep -Eq "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# Tab until the cursor line matches the extended regex $1 (it is then in $cur).
tab_to() {
	j=0
	prev=$(cursor_row)
	while [ "$j" -lt 80 ]; do
		send Tab
		k=0
		while [ "$k" -lt $((20 * KC_SLOW)) ]; do
			cur=$(cursor_row)
			[ "$cur" != "$prev" ] && break
			sleep 0.1; k=$((k + 1))
		done
		printf '%s\n' "$cur" | grep -Eq "$1" && return 0
		prev=$cur; j=$((j + 1))
	done
	return 1
}
# In the text $1, the lines after the first one matching $2, up to the next one matching $3
# (extended regexes), hold the fixed string $4.
block_has() {
	printf '%s\n' "$1" | awk -v s="$2" -v e="$3" -v t="$4" '
		on && $0 ~ e { exit }
		on && index($0, t) { found = 1; exit }
		!on && $0 ~ s { on = 1 }
		END { exit !found }'
}

start --
wait_for "Sessions in progress"

# ---------- a patient's sessions, then the signed chart ----------
send /; type_text Ellis; send Enter
wait_for 'Patients matching "Ellis" (1)'
send c
expect "c on a patient lists the patient's sessions" "Sessions of $SIGNED (KC-1001)"
row=$(screen | grep "IV ketamine infusion")
case "$row" in *discharged*signed*) ok "the signed IV session is listed with its phase and signature" ;;
*) notok "the signed IV session is listed with its phase and signature"; show ;; esac
SESSION=$(printf '%s\n' "$row" | sed -n 's/^[^0-9]*\([0-9][0-9]*\) .*/\1/p')
expect "the key bar offers Enter on the list" "Enter open"
send Enter
expect "Enter opens the chart: the patient in the header" "Patient    $SIGNED, chart KC-1001"
check "the age is shown" "[0-9]+ years \(born 1981-04-17\)"
check "route and indication are shown" "Session    $SESSION, IV ketamine infusion, for "
check "phase and outcome are shown" "Phase      discharged, outcome discharged"
check "the times are in HH:MM" "Times      [0-9-]+: created [0-9][0-9]:[0-9][0-9], dose [0-9:]+ to [0-9:]+, ended"
check "who signed and when" "Signed     by [a-z0-9_.-]+, [0-9-]+ [0-9:]+ \(read-only\)"
check "the title names the patient and the phase (at 80 columns the date stays, the title ends with the ellipsis)" "$SIGNED \(KC-1001\) - chart, disch[a-z, ]*(signed|…)"
check "the screening verdict is shown" "Verdict    pass at dose start"
check "a confirmation is shown with its note" "Confirmed  Takes benzodiazepines \(sedation\): [a-z0-9]+"
expect "the key bar shows a physician the signed chart's keys" " m amend  a addendum  Tab next entry"
case "$scr" in *"x correct"*) notok "x correct is not on the bar of a signed chart"; show ;;
*) ok "x correct is not on the bar of a signed chart" ;; esac
check "the position in the chart is shown" "lines 1-20 of [0-9]+, PgDn for more"

# ---------- the screening answers, each its own entry ----------
send PageDown
expect "PgDn shows the rest of the checklist" "Takes MAOIs (BP rise) (relative)"
check "each checklist item stands with its answer" "^ +yes +Takes benzodiazepines \(sedation\) \(relative\)"
check "and the items answered no" "^ +no +Takes opioids \(sedation\) \(relative\)"
check "fasting times say how long before dosing" "Fasting +last solids [0-9-]+ [0-9:]+ \([0-9]+h [0-9]+m before dosing\)"

# ---------- vitals, flags, the plot, observations ----------
send PageDown
expect "PgDn shows the escort" "Escort     Tom Ellis"
check "liquids too (the checklist's pregnancy row pushed them onto this page)" \
	"last liquids [0-9-]+ [0-9:]+ \([0-9]+h [0-9]+m before dosing\)"
check "with the phone number" "Escort tel 555-0142"
check "consent says who recorded it and when" "Consent    yes - ([^ ]+ \()?$ME.*, [0-9]{2}:[0-9]{2}"
check "the medication review is shown" "Medication reviewed: "
check "then the vitals table with units" "Time  BP mmHg  HR /min SpO2 % RR /min Temp C MOAA/S Flags"
check "the critical reading says CRIT and that it was acknowledged" "[0-9:]{5} 184/104 .* CRIT ack"
send PageDown
expect "the alert text is under it" "CRIT: SBP 184 mmHg >= 180"
check "the acknowledgement says who and what was done" "acknowledged [0-9:]{5} by [^:]+: rate reduced to 100 mL/h"
check "a warning reading says WARN" "162/94 .* WARN"
check "a reading entered in error stays, marked [ERR]" "\[ERR\] reading entered in error"
check "on its own row too" " 118 .*\[ERR\]"
check "the reason of the correction is shown" "entered in error \(wrong value\): typed 118"
check "its correction follows" "correction of the reading above"
send PageDown
expect_re "the trend plot has a y axis with numbers" "^ +1[0-9]0 [|│]"
check "the trend plot plots systolic readings" "^ +1[0-9]0 [|│].*S"
check "the plot has a legend" "Legend: S systolic"
check "the plot's time axis is in HH:MM" "[0-9][0-9]:[0-9][0-9] +[0-9][0-9]:[0-9][0-9] +[0-9][0-9]:[0-9][0-9]"
check "the legend names every series with its unit" "Legend: S systolic and D diastolic BP \(mmHg\), H heart rate \(/min\)"
check "heart rate has its own scale in /min" "^ +/min [|│]"
check "heart rate is plotted as H" "^ +[0-9]+ [|│].*H"
send PageDown
expect "scrolling reaches the observations" "Observations (side effects)"
check "the treated nausea is shown with its score and WARN" "Nausea, NRS 5 \(moderate\) WARN"
check "with its intervention" "intervention: ondansetron 4 mg IV"
send Home
expect "Home goes back to the top" "lines 1-20 of"

# ---------- a signed session: no correction, an addendum ----------
send Tab
wait_cursor "Patient +$SIGNED" && ok "Tab moves the cursor to the first entry, the session" ||
	{ notok "Tab moves the cursor to the first entry, the session (cursor: $cur)"; show; }
tab_to '[0-9]:[0-9][0-9] [0-9]+/[0-9]+ ' && ok "Tab reaches the first reading" ||
	{ notok "Tab reaches the first reading (cursor: $cur)"; show; }
send x
expect "a correction on a signed session is refused, saying why" "Session $SESSION is signed and read-only"
check "and what can be done instead" "read-only: m amends an entry, a adds an addendum."
expect_not "no correction form opens" "Correct the reading"
send a
expect "a opens the addendum form" "Addendum to this chart"
type_text "Phone call day 2: no headache, sleeping well."
send Enter
expect "the addendum is saved" "Addendum saved"
expect "the addendum appears in the chart" "Phone call day 2: no headache, sleeping well."
check "the addendum shows its author and time" "[0-9-]+ [0-9:]+, by ([^(]+ \()?$ME"
"$KETCHART" --db "$DB" report "$SESSION" | grep -q "Phone call day 2: no headache" &&
	ok "the addendum is stored (in the report)" || notok "the addendum is stored (in the report)"

# ---------- a signed session: a physician amends a reading and a dose event ----------
send Home
send m
expect "m off any entry says how to choose one" "Move the cursor onto the entry to amend (Tab: next entry), then m."
expect_not "and opens no form" "Amend the"
tab_to '[0-9]:[0-9][0-9] 184/104 ' && ok "Tab reaches the critical reading" ||
	{ notok "Tab reaches the critical reading (cursor: $cur)"; show; }
TIME=$(printf '%s\n' "$cur" | awk '{print $2}')
send m
expect "m opens the amendment form for the reading under the cursor" "Amend the vitals reading of "
check "the form names the reading by its date and time" "Amend the vitals reading of [0-9-]+ $TIME \(no\. [0-9]+\)"
VNO=$(printf '%s\n' "$scr" | sed -n 's/.*Amend the vitals reading of .* (no\. \([0-9]*\)).*/\1/p' | head -n 1)
expect "the form asks what it should say" "Should say (required)"
expect "and why" "Reason (required)"
type_text "BP 148/92 mmHg"
send C-s
expect "saving without a reason is refused with a message" "the reason for the amendment is required"
check "the form stays open" "Amend the vitals reading of"
send Tab; type_text "184 typed for 148, monitor printout"
send C-s
expect_not "a good amendment closes the form" "Amend the vitals reading of"
expect "the chart says it is saved" "Amendment saved with your name and the time; the entry is marked AMENDED."
wait_cursor "$TIME 184/104" && ok "the cursor stays on the amended reading" ||
	{ notok "the cursor stays on the amended reading (cursor: $cur)"; show; }
look
check "the original reading stays unchanged" "$TIME 184/104 +96 +97 +16 .* CRIT ack"
block_has "$scr" "$TIME 184/104" "[0-9][0-9]:[0-9][0-9] [0-9]+/[0-9]+ " "[AMENDED after signing: see Amendments]" &&
	ok "the amended reading is marked AMENDED right under it" ||
	{ notok "the amended reading is marked AMENDED right under it"; show; }
block_has "$scr" "[0-9][0-9]:[0-9][0-9] 136/84 " "[0-9][0-9]:[0-9][0-9] [0-9]+/[0-9]+ " "AMENDED" &&
	{ notok "a reading not amended has no mark"; show; } || ok "a reading not amended has no mark"
send End
expect "the amendments have a section of their own" "Amendments (after signing; the original entries above are unchanged)"
check "the amendment names the reading" "Amends +the vitals reading of [0-9-]+ $TIME \(no\. $VNO\)"
check "it shows what the reading should say" "Should say +BP 148/92 mmHg"
check "and why" "Reason +184 typed for 148, monitor printout"
check "with its date, local time and author" "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} by ([^(]+ \()?$ME"

# amend WHAT CURSOR KIND SHOULD REASON [FORM]: from the top, Tab to the entry whose cursor
# row matches CURSOR, m, check the form's title ("Amend KIND of ...", and the regex FORM if
# given), type what it should say and why, save.
amend() {
	send Home
	tab_to "$2" && ok "Tab stops on $1" || { notok "Tab stops on $1 (cursor: $cur)"; show; }
	send m
	expect "m on $1 opens its amendment form" "Amend $3 of "
	[ -n "${6:-}" ] && check "the form names $1 by when it was made" "$6"
	type_text "$4"; send Tab; type_text "$5"
	send C-s
	expect "the amendment of $1 is saved" "Amendment saved"
	look
}
# marked TEXT LINE: in TEXT the line right under the first one matching LINE says AMENDED.
marked() { printf '%s\n' "$1" | grep -A1 -- "$2" | head -n 2 | tail -n 1 | grep -q "AMENDED after signing"; }

amend "the infusion start (a dose event)" '[0-9]:[0-9][0-9] start ' "the dose event" "lot KET-2411-08" \
	"lot number misread from the vial"
check "the dose event stays unchanged" "[0-9:]{5} start +150.0 mL/h, lot KET-2411-07"
marked "$scr" "[0-9][0-9]:[0-9][0-9] start " && ok "the amended dose event is marked AMENDED right under it" ||
	{ notok "the amended dose event is marked AMENDED right under it"; show; }
send End
expect "the dose event's amendment is listed" "Should say  lot KET-2411-08"
check "and names the dose event" "Amends +the dose event of [0-9-]+ [0-9:]+ \(no\. [0-9]+\)"

# The weight the dose was worked out from is an entry too.
amend "the session's weight" 'Weight +[0-9]+\.[0-9] kg' "the weight" "Weight 62.0 kg" "scale was not zeroed" \
	"Amend the weight of [0-9-]+ [0-9:]+ \(no\. [0-9]+\)"
KG=$(printf '%s\n' "$cur" | sed -n 's/.*Weight *\([0-9.]*\) kg.*/\1/p')
marked "$scr" "Weight  *$KG kg" && ok "the weight stays as it was, marked AMENDED right under it" ||
	{ notok "the weight stays as it was, marked AMENDED right under it"; show; }
send End
expect "the weight's amendment is listed" "Should say  Weight 62.0 kg"
check "and names the weight" "Amends +the weight of [0-9-]+ [0-9:]+ \(no\. [0-9]+\)"

# So is each screening answer, a checklist item answered no among them.
amend "a checklist answer" '^. +no +Takes opioids \(sedation\)' "the screening answer" \
	"Takes opioids: yes (tramadol 50 mg daily)" "patient told us after discharge"
marked "$scr" "no   Takes opioids (sedation)" && ok "the answer stays no, marked AMENDED right under it" ||
	{ notok "the answer stays no, marked AMENDED right under it"; show; }
send End
expect "the answer's amendment is listed" "Should say  Takes opioids: yes (tramadol 50 mg daily)"

rep=$("$KETCHART" --db "$DB" report "$SESSION")
printf '%s\n' "$rep" | grep -q "^AMENDMENTS (after signing" && ok "report: the amendments have their section" ||
	{ notok "report: the amendments have their section"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -Eq "Amends +the vitals reading of [0-9-]+ $TIME \(no\. $VNO\)" &&
	ok "report: the amendment points at the reading" || notok "report: the amendment points at the reading"
printf '%s\n' "$rep" | grep -Eq "Should say +BP 148/92 mmHg" && ok "report: what the reading should say" ||
	notok "report: what the reading should say"
printf '%s\n' "$rep" | grep -Eq "Reason +184 typed for 148, monitor printout" && ok "report: the reason" ||
	notok "report: the reason"
block_has "$rep" " $TIME 184/104 " "^[0-9-]+ [0-9:]+ [0-9]+/[0-9]+ " "[AMENDED after signing: see AMENDMENTS]" &&
	ok "report: the reading is marked amended where it stands" ||
	{ notok "report: the reading is marked amended where it stands"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -Eq "Should say +lot KET-2411-08" && ok "report: the dose event's amendment" ||
	notok "report: the dose event's amendment"
marked "$rep" "^Weight  *$KG kg" &&
	ok "report: the weight is marked amended where it stands" ||
	{ notok "report: the weight is marked amended where it stands"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
marked "$rep" "^  no    Takes opioids (sedation)" &&
	ok "report: the checklist answer is marked amended where it stands" ||
	{ notok "report: the checklist answer is marked amended where it stands"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -Eq "Amends +the screening answer of [0-9-]+ [0-9:]+ \(no\. [0-9]+\)" &&
	ok "report: the answer's amendment names it by its time" || notok "report: the answer's amendment names it by its time"
printf '%s\n' "$rep" | grep -Eq "Amends +the weight of [0-9-]+ [0-9:]+ \(no\. [0-9]+\)" &&
	ok "report: the weight's amendment names it" || notok "report: the weight's amendment names it"

send '?'
expect "? shows the chart's keys" "Keys of the Chart screen"
expect "help explains the correction" "original stays, marked [ERR]"
expect "help explains the amendment" "the original stays, marked AMENDED"
send Escape
expect "Esc closes the help" "Addenda"
send Escape
expect "Esc goes back to the session list" "Sessions of $SIGNED"
send Escape
expect "and back to the start screen" "Patients matching"

# ---------- the session in progress: correct a reading ----------
send Escape
wait_for "Sessions in progress"
send Home Up
send c
expect "c on a session in progress opens its chart directly" "Patient    $RUNNING, chart KC-1003"
check "an open session is NOT SIGNED" "Signed     NOT SIGNED"
expect "the bar offers x correct on an open session" " x correct  a addendum"
case "$scr" in *"m amend"*) notok "m amend is not on the bar of an open session"; show ;;
*) ok "m amend is not on the bar of an open session" ;; esac
send End
expect "End shows the end of the open session's chart" "end of the chart"
case "$scr" in *"Amendments (after"*) notok "no amendments section before signing"; show ;;
*) ok "no amendments section before signing" ;; esac
send Home Tab
wait_cursor "Patient +$RUNNING"
send m
expect "m on an open session says to correct instead" "Not signed: use x correct instead (amendments are for signed records)."
expect_not "and opens no form" "Amend the"
RUN=$(screen | sed -n 's/^.*Session    \([0-9][0-9]*\), .*/\1/p' | head -n 1)
send Home x
expect "x off an entry it corrects says how to choose one" \
	"Move the cursor onto an entry to correct (Tab: next entry), then x."
tab_to '[0-9]:[0-9][0-9] [0-9]+/[0-9]+ ' >/dev/null
send Tab
wait_cursor '[0-9]:[0-9][0-9] [0-9]+/[0-9]+ +[0-9-]+ +[0-9-]+ .*[0-9-]$'
TIME=$(printf '%s\n' "$cur" | awk '{print $2}')
BP=$(printf '%s\n' "$cur" | awk '{print $3}')
case "$BP" in */*) ok "Tab from the first reading moves to the second ($TIME $BP)" ;;
*) notok "Tab from the first reading moves to the second (cursor: $cur)"; show ;; esac
send x
expect "x opens the correction form for that reading" "Correct the reading of $TIME"
check "the kind of error is a choice, wrong value first" "What was wrong +wrong value"
check "the BP field says what to type" "BP \(e.g. 142/91\)"
send C-s
expect "saving without a reason is refused" "say why"
check "the form stays open" "Correct the reading of $TIME"
send Tab; type_text "cuff slipped, retaken"; send Tab; type_text "121/79"
wait_for "now $BP mmHg"
ok "the BP field shows the stored value as a hint"
send C-s
expect_not "a good correction closes the form" "Correct the reading of"
expect "the chart says what happened" "$TIME reading marked entered in error (wrong value); correction below."
check "the original stays, marked [ERR]" "$TIME $BP .*\[ERR\]"
check "with the reason" "\[ERR\] reading entered in error \(wrong value\): cuff slipped, retaken"
check "the replacement follows, with the new BP" "$TIME 121/79 .*correction"
wait_cursor "121/79" && ok "the cursor is on the replacement" ||
	{ notok "the cursor is on the replacement (cursor: $cur)"; show; }
send BTab
wait_cursor "$TIME $BP" && ok "S-Tab moves back to the original" ||
	{ notok "S-Tab moves back to the original (cursor: $cur)"; show; }
send x
expect "the original cannot be corrected twice" "Already marked entered in error"

rep=$("$KETCHART" --db "$DB" report "$RUN")
printf '%s\n' "$rep" | grep -A3 " $TIME $BP " | grep -q "ENTERED IN ERROR: wrong value: cuff slipped, retaken" &&
	ok "report: the original is marked entered in error with the reason" ||
	{ notok "report: the original is marked entered in error with the reason"; printf '%s\n' "$rep" | sed 's/^/#   /'; }
printf '%s\n' "$rep" | grep -q " $TIME 121/79 " && ok "report: the corrected value is stored" ||
	notok "report: the corrected value is stored"

# ---------- resize ----------
resize 30 10
expect "below the minimum the screen says so" "terminal too small"
resize 80 24
expect "enlarged again the chart redraws" "121/79"
expect_not "the notice is gone" "terminal too small"
check "the header is back" "$RUNNING \(KC-1003\) - chart, dosing"
check "the key bar is back" "x correct"

send Escape
expect "Esc from the chart goes back to the start screen" "Sessions in progress"

# ---------- a nurse: no amendment ----------
DB="$T/nurse.db"
demo_db
"$KETCHART" --db "$DB" user add kc-boss --role admin >/dev/null 2>&1
"$KETCHART" --db "$DB" user add "$ME" --role nurse 2>&1 | grep -q "^$ME: nurse" &&
	ok "$ME is made a nurse" || notok "$ME is made a nurse"
start --
wait_for "Sessions in progress"
send /; type_text Ellis; send Enter
wait_for 'Patients matching "Ellis" (1)'
send c
wait_for "Sessions of $SIGNED"
send Enter
expect "a nurse opens the signed chart" "Patient    $SIGNED, chart KC-1001"
expect "the nurse's bar offers the addendum" " a addendum  Tab next entry"
case "$scr" in *"m amend"*) notok "m amend is not on a nurse's bar"; show ;;
*) ok "m amend is not on a nurse's bar" ;; esac
send Tab
wait_cursor "Patient +$SIGNED"
send m
expect "m says only a physician may amend" "Only a physician may amend a signed record"
expect_not "and opens no form" "Amend the"
send x
expect "x tells a nurse what can be done instead" "Session $SESSION is signed and read-only: a adds an addendum."
send End
expect "the nurse sees that there are no amendments" "No amendments (a physician may amend an entry)."
"$KETCHART" --db "$DB" report "$SESSION" | grep -q "^AMENDMENTS" &&
	notok "report: nothing was amended by the nurse" || ok "report: nothing was amended by the nurse"
