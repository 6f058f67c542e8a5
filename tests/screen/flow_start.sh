#!/bin/sh
# Starting a session in few keys and without stray text (issue 11): Enter saves the start
# form from its first field; the indication is a choice from [general] indications with
# "other" (text only under other), so stray keys never become the stored indication.
. "$(dirname "$0")/lib.sh"

demo_db
start --
wait_for "Sessions in progress"

# ---------- Enter on the protocol starts the session, indication depression ----------
send / ; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s
expect "s opens the session form" "Start a session: Lucas Moreau"
check "never treated: no indication chosen for the clinician" "Indication +- choose"
send Enter
expect "Enter without an indication is refused" "Indication: choose what the treatment is for"
send d
expect_re "the refusal put the cursor on the indication: d picks depression" "Indication +depression"
send Enter
expect "Enter, from the indication, starts the session" "Contraindication checklist: 0 of 19 answered"
send Escape; wait_for "Sessions in progress"

# ---------- stray keys on the indication are refused, never stored ----------
send / ; send BSpace BSpace BSpace BSpace BSpace; type_text Jordan; send Enter
wait_for 'Patients matching "Jordan" (1)' || { notok "the search finds Jordan Ellis"; show; }
send s; wait_for "Start a session: Jordan Ellis"
# treated before (the demo: IV, for "treatment-resistant depression", not a listed one)
check "a patient treated before: his last session's protocol, so marked" "Protocol +IV ketamine infusion +as last session"
check "and its indication, as other with its text" "Indication +other +as last session"
check "the text" "Indication other +treatment-resistant depression +as last session"
send Tab
type_text "nnnp011"
expect "a key that starts no indication is refused with a message" "Indication: no choice starts with that letter"
check "the indication stays a listed one (p picks PTSD)" "Indication +PTSD"
type_text a
expect_re "a letter picks the indication starting with it" "Indication +anxiety"
send Tab; type_text "stray"; send Enter
expect "text under Indication other is refused unless other is chosen" \
	"Indication other: only with \"other\" chosen"
send C-u; send BTab; type_text o
expect_re "o picks other" "Indication +other"
send Enter
expect "other needs the text" "Indication other: type what the treatment is for"
send Tab; type_text "OCD"; start_save
expect "other with its text starts the session" "Contraindication checklist: 0 of 19 answered"
stop

# The two sessions started here are the last two (the demo's own come first).
last=1
while "$KETCHART" --db "$DB" report $((last + 1)) >/dev/null 2>&1; do last=$((last + 1)); done
rep1=$("$KETCHART" --db "$DB" report $((last - 1)) 2>&1)
rep2=$("$KETCHART" --db "$DB" report "$last" 2>&1)
printf '%s\n' "$rep1" | grep -Eq "Indication +depression" && ok "report: the first session's indication is depression" ||
	{ notok "report: the first session's indication is depression"; printf '%s\n' "$rep1" | grep -i "indication\|^Session" | sed 's/^/#   /'; }
printf '%s\n' "$rep2" | grep -Eq "Indication +OCD" && ok "report: the typed other indication is stored" ||
	{ notok "report: the typed other indication is stored"; printf '%s\n' "$rep2" | grep -i "indication" | sed 's/^/#   /'; }
printf '%s\n%s\n' "$rep1" "$rep2" | grep -q "nnn" && notok "report: no stray keys stored" || ok "report: no stray keys stored"
