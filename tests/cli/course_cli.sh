#!/bin/sh
# The course on the command line (issue 13): report --course CHART_NO prints one line per
# session and the marks, and every line agrees with that session's own report (date, dose,
# PHQ-9, GAD-7); export --format csv --table sessions gives one row per session; outcomes
# [--since DATE] sums courses up. On the demo (Theo Whitfield KC-1006: six IV infusions to
# remission; Wendy Nakamura KC-1007: esketamine, partial).
. "$(dirname "$0")/lib.sh"

DB="$T/d/kc.db"
mkdir -m 700 "$T/d"
kc --db "$DB" demo >/dev/null

expect_rc 0 "report --course runs" kc --db "$DB" report --course KC-1006
course=$out
contains "it names the patient" "$course" "Patient Theo Whitfield (KC-1006), born 1979-05-14"
contains "the course and its place in the plan" "$course" "Course: IV ketamine infusion, 6 sessions (session 6 of 6 (induction))"
contains "the first is the reference" "$course" "PHQ-9 21  GAD-7 15  first"
contains "50 % below is a response, with the escalation" "$course" "PHQ-9 9   GAD-7 8  RESPONSE  dose escalated"
contains "below 5 is remission" "$course" "PHQ-9 4   GAD-7 4  REMISSION"
contains "the verdict" "$course" "at the latest scored session: REMISSION"
lines=$(printf '%s\n' "$course" | grep -c '^ *[0-9]*  session ')
check "one line per session (6)" [ "$lines" -eq 6 ]

# Every line against the session's own report.
bad=""
for sid in $(printf '%s\n' "$course" | sed -n 's/^ *[0-9]*  session \([0-9]*\) .*/\1/p'); do
	line=$(printf '%s\n' "$course" | grep "  session $sid ")
	rep=$(kc --db "$DB" report "$sid")
	when=$(printf '%s\n' "$rep" | sed -n 's/^Dose start *//p')
	given=$(printf '%s\n' "$rep" | sed -n 's/^Given *\([0-9.]*\) mg.*/\1/p')
	phq=$(printf '%s\n' "$rep" | sed -n 's/^PHQ-9 *\([0-9]*\) of 27.*/\1/p')
	gad=$(printf '%s\n' "$rep" | sed -n 's/^GAD-7 *\([0-9]*\) of 21.*/\1/p')
	case "$line" in *"$when  IV"*"$given mg"*"PHQ-9 $phq "*"GAD-7 $gad"*) ;; *) bad="$bad $sid" ;; esac
done
check "each line says what its session's report says (date, mg, PHQ-9, GAD-7)" [ -z "$bad" ]
[ -n "$bad" ] && echo "#   differ: $bad"

expect_rc 0 "the esketamine course" kc --db "$DB" report --course KC-1007
contains "in mg, no mg/kg" "$out" "84.0 mg                 PHQ-9 14  GAD-7 12  dose escalated"
contains "39 % lower is no response" "$out" "at the latest scored session: no response"
expect_rc 1 "an unknown chart number" kc --db "$DB" report --course KC-9999
contains "is named" "$out" "no patient with chart number KC-9999"
expect_rc 2 "a SESSION and --course together are refused" kc --db "$DB" report 3 --course KC-1006
expect_rc 2 "--course goes with report only" kc --db "$DB" verify --course KC-1006

# ---------- csv sessions ----------
expect_rc 0 "export --table sessions runs" kc --db "$DB" export --format csv --table sessions
csv=$out
contains "a header of the scores" "$csv" "session,chart_no,at_utc,route,indication,course_session,dose_mg,dose_mg_per_kg,phq9,gad7,pcl5,cadss6_peak"
rows=$(printf '%s\n' "$csv" | grep -c '^[0-9]')
sessions=$(sqlite3 "$DB" "SELECT count(*) FROM session")
check "one row per session ($sessions)" [ "$rows" -eq "$sessions" ]
contains "the remission row" "$csv" ",KC-1006,"
r6=$(printf '%s\n' "$csv" | tr -d '\r' | grep ',KC-1006,' | sed -n 6p) # CRLF, as every CSV table
case "$r6" in *",iv,depression,6,50.4,0.60,4,4,,"*",discharged,1,1,1,81") ok "the sixth infusion: scores, response, remission, change" ;;
*) notok "the sixth infusion row: $r6" ;; esac
expect_rc 2 "an unknown table" kc --db "$DB" export --format csv --table readings
expect_rc 2 "--table needs csv" kc --db "$DB" export --format fhir --table sessions
expect_rc 0 "--since keeps the later sessions" kc --db "$DB" export --format csv --table sessions --since 2100-01-01
check "none after 2100" [ "$(printf '%s\n' "$out" | grep -c '^[0-9]')" -eq 0 ]

# ---------- outcomes ----------
expect_rc 0 "outcomes runs" kc --db "$DB" outcomes
contains "by course route" "$out" "Intranasal esketamine"
contains "IV response rate" "$out" "Response at the latest PHQ-9          1 of 1    100.0 %"
contains "the partial responder is no response" "$out" "Response at the latest PHQ-9          0 of 1      0.0 %"
contains "adverse events per session" "$out" "critical vital sign"
expect_rc 0 "outcomes --since" kc --db "$DB" outcomes --since 2100-01-01
contains "none since then" "$out" "Sessions                              0"
expect_rc 2 "outcomes takes no argument" kc --db "$DB" outcomes 3
