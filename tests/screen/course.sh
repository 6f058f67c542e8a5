#!/bin/sh
# The course screen (issue 13), from the patient list: every session in order with its
# date, route, dose (mg and mg/kg), PHQ-9 with RESPONSE / REMISSION, GAD-7, peak CADSS-6,
# peak BP, nausea and outcome; the PHQ-9 / GAD-7 plot with R and M under the sessions and
# the remission zone dotted; the dose history with its escalation; "session N of M".
# The demo's Theo Whitfield (six IV infusions, 21 -> 4) and Wendy Nakamura (esketamine,
# 18 -> 11: partial).
. "$(dirname "$0")/lib.sh"

demo_db
start --
wait_for "Sessions in progress" || { notok "start screen"; show; exit 1; }
send /; type_text Whitfield; send Enter
send C
expect "C on a patient opens the course" "Theo Whitfield (KC-1006) - course"
expect "the position in the planned series" "Course: IV ketamine infusion - session 6 of 6 (induction)"
expect "the summary against the first PHQ-9" "PHQ-9 first 21 (session 1), latest 4 (81% lower): REMISSION"
expect_re "the first session is the reference, with mg and mg/kg" " 1  [0-9-]{10} iv    42.0  0.50 21 first    15  6      146/88  4    discharged"
expect_re "45 % lower is not a response" " 3  [0-9-]{10} iv    42.0  0.50 12          10"
expect_re "57 % lower is a RESPONSE, at the escalated dose" " 4  [0-9-]{10} iv    50.4  0.60 9 RESPONSE  8   7"
expect_re "PHQ-9 below 5 is REMISSION (the cursor on the latest)" "(>|▶)6  [0-9-]{10} iv    50.4  0.60 4 REMISSION 4   2"
expect "the plot's scale starts at the top" "25+ |"
expect "the remission zone is dotted, with session 6's PHQ-9 and GAD-7 in it" "   0  |.....................*.."
expect "each session's mark is a letter under it" "+ 1   2   3   4R  5R  6M"
expect "the dose history counts the escalations" "Dose history, all sessions: 1 escalation (^ above the dose before)"
expect_re "each session's dose in mg and mg/kg, the same dose not marked" \
	"^ *[0-9-]{5} iv 42.0 mg 0.50 mg/kg, [0-9-]{5} iv 42.0 mg 0.50 mg/kg,\$"
expect_re "a higher dose than the session before is marked ^" "[0-9-]{5} iv 42.0 mg 0.50 mg/kg, [0-9-]{5} iv 50.4 mg 0.60 mg/kg \\^,"
expect_re "the same higher dose again is not" "^ *[0-9-]{5} iv 50.4 mg 0.60 mg/kg, [0-9-]{5} iv 50.4 mg 0.60 mg/kg\$"

# ---------- Enter: the highlighted session's own chart ----------
send Up Up
send Enter
expect "Enter opens that session's chart" "IV ketamine"
send Escape
expect "Esc comes back to the course" "Course: IV ketamine infusion"

# ---------- a partial responder, from the patient record ----------
send Escape
wait_for "Sessions in progress"
send Escape; send /; type_text Nakamura; send Enter
send p
wait_for "patient record"
expect "the REMS enrolment recorded by the demo" "REMS enrolled       yes"
send C
expect "C on the patient record opens the course" "Course: Intranasal esketamine - session 5 of 8 (induction)"
expect "39 % lower: no response yet" "PHQ-9 first 18 (session 1), latest 11 (39% lower): no response yet"
expect_re "esketamine in mg" " 3  [0-9-]{10} esk   84.0"
expect_re "the dose history of esketamine is in mg (a fixed dose: no mg/kg)" \
	"[0-9-]{5} esk 56 mg, [0-9-]{5} esk 56 mg, [0-9-]{5} esk 84 mg \\^, [0-9-]{5} esk 84 mg"
check_not "no response mark" "RESPONSE"
send r
expect "r switches to the patient's other route" "Course: IV ketamine infusion - no session yet"
stop
