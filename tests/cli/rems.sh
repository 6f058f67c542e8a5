#!/bin/sh
# The REMS Patient Monitoring Form through the real binary: every field as a labelled line
# filled from the demo's esketamine session, sessions addressed by chart number, the form
# of a session that is not esketamine refused, the due list for cron, and a submission
# recorded once.
. "$(dirname "$0")/lib.sh"

db="$T/data/k.db"
expect_rc 0 "the demo database is made" kc --db "$db" demo
esk=$(kc --db "$db" report KC-1002 | sed -n 's/^Session *\([0-9]*\), Intranasal esketamine.*/\1/p' | head -n 1)
[ -n "$esk" ] && ok "report KC-1002 finds the patient's latest session ($esk)" || notok "report KC-1002 finds the patient's latest session"
expect_rc 0 "rems prints the form of the signed esketamine session" kc --db "$db" rems "$esk"
form=$out
for label in "Patient first name:" "Patient last name:" "Date of birth:" "Sex:" "First treatment:" \
	"Enrolled in the REMS:" "Benzodiazepines:" "Non-benzodiazepine sedative hypnotics:" "Psychostimulants:" \
	"MAOIs:" "Opioids:" "Monitoring provider first name:" "Monitoring provider last name:" \
	"Monitoring provider telephone:" "Monitoring provider email:" "Healthcare setting name:" "Setting address:" \
	"Setting city:" "Setting state:" "Setting ZIP:" "Treatment date:" "Dose administered:" "Lot number:" \
	"Minutes first device to end of monitoring:" "Would have been ready at (min from start):" \
	"Vitals acceptable before administration:" "Vitals acceptable at end of session:" "BP before administration:" \
	"BP about 40 min after administration:" "BP before end of session:" "Sedation:" "Dissociation:" \
	"Respiratory depression:" "Serious adverse event:"; do
	contains "the form has '$label'" "$form" "$label"
done
contains "the patient's first name from the chart" "$form" "$(printf '%-44s %s' 'Patient first name:' Priya)"
contains "the devices' lot" "$form" "ESK-23-4411"
contains "84 mg in three devices" "$form" "$(printf '%-44s %s' 'Dose administered:' '84 mg')"
contains "the 40-minute BP is labelled as such" "$form" "142/86 mmHg at"
contains "nothing is missing on a signed session" "$form" "Every field of the form is filled"
lacks "no field says MISSING" "$form" "MISSING"
contains "the training mark frames it" "$form" "TRAINING DATABASE - not a clinical record"

day=$(printf '%s\n' "$form" | sed -n 's/^Treatment date: *\([0-9-]*\)$/\1/p')
expect_rc 0 "CHART_NO@DATE names the same session" kc --db "$db" rems "KC-1002@$day"
[ "$out" = "$form" ] && ok "and prints the same form" || notok "and prints the same form"
expect_rc 1 "an IV session has no REMS form" kc --db "$db" rems KC-1003
contains "and it says so" "$out" "not esketamine: there is no REMS form"
expect_rc 1 "an unknown chart number" kc --db "$db" rems KC-9999
contains "is named" "$out" "no patient with the chart number 'KC-9999'"
expect_rc 2 "a date that is not one" kc --db "$db" rems KC-1002@yesterday
expect_rc 2 "rems needs a session" kc --db "$db" rems
expect_rc 2 "--due takes no session" kc --db "$db" rems --due "$esk"
expect_rc 2 "--submitted goes with --channel and --confirmation" kc --db "$db" rems "$esk" --submitted "$(date +%F)"

contains "the demo's form of this session is submitted" "$form" "REMS-DEMO-0001"
expect_rc 0 "rems --due lists what is owed" kc --db "$db" rems --due
contains "overdue ones with a word and a symbol" "$out" "! OVERDUE"
lacks "not the submitted one" "$out" "session $esk "
esk=$(printf '%s\n' "$out" | sed -n 's/^session \([0-9]*\) .*/\1/p' | tail -n 1)
today=$(date +%F)
expect_rc 1 "a submission dated after today is refused" kc --db "$db" rems "$esk" --submitted 2099-01-01 --channel fax --confirmation F-1
contains "saying why" "$out" "is after today"
expect_rc 1 "a channel that is neither online nor fax" kc --db "$db" rems "$esk" --submitted "$today" --channel mail --confirmation F-1
expect_rc 0 "a submission is recorded" kc --db "$db" rems "$esk" --submitted "$today" --channel fax --confirmation "FX-20931"
contains "and confirmed" "$out" "REMS form recorded as submitted on $today (fax, confirmation FX-20931)"
expect_rc 1 "only once" kc --db "$db" rems "$esk" --submitted "$today" --channel online --confirmation X
contains "naming the first" "$out" "was recorded as submitted on $today (fax, confirmation FX-20931)"
expect_rc 0 "the form shows it" kc --db "$db" rems "$esk"
contains "submitted, by whom" "$out" "Submitted:"
expect_rc 0 "rems --due again" kc --db "$db" rems --due
lacks "no longer lists the session" "$out" "session $esk "
expect_rc 0 "verify: the submission is in the audit chain" kc --db "$db" verify
