#!/bin/sh
# A whole intranasal esketamine session through the keys, from an EMPTY database (init),
# on the stepped test clock (it stands still until the script moves it on, so the load on
# the machine changes nothing; lib.sh clock_step, wait_clock): a new patient, the screening (pregnancy
# asked, one relative contraindication confirmed, the nasal steroid/decongestant time),
# three 28 mg devices for an 84 mg dose (the second one early, refused until a note says
# why, the third after the 5-minute spacing), the 40-minute BP check, recovery readings
# every 15 minutes, dissociation that peaks and settles, the 120-minute observation,
# the Aldrete assessment, discharge and sign-off. Then `report` must hold exactly the
# values typed. Prints "# keystrokes: N" (start screen to sign-off: a literal string
# counts its characters, a named key counts 1). Lines marked BUG expect what a clinician
# needs, not what the program does yet.
. "$(dirname "$0")/lib.sh"

export TZ=UTC
NOW=2026-11-21T09:00:00Z
STEP_BASE=$(mins 09:00) # the stepped clock stands at $NOW until it is moved on
LOGIN=$(id -un)
# The clinic's default dose is 56 mg; this patient's is 84 mg (three devices), chosen on the
# session screen before the first device: a labelled dose, needing no reason.
CFG="$T/ketchart.ini"
printf '[general]\nclinic_name = Spray Test Clinic\n[rems]\nsetting_name = Spray Test Clinic\nsetting_address = 1 Mist Lane\nsetting_city = Madison\nsetting_state = WI\nsetting_zip = 53703\n' > "$CFG"
STIM_NOTE="methylphenidate 10 mg mornings, BP stable, Dr Vale agrees"
EARLY_NOTE="patient sneezed, device 1 partly lost; Dr Vale ok"
LOT="ESK7781"

# ---------- helpers (and those of lib.sh) ----------
# The keys of the extras (what a minimal session does not do: a relative contraindication
# with its note, a refused dose, an early device with its note, the CADSS-6 scores) are
# counted in $extra too: xon before an extra, xoff N after it, N the keys a minimal session
# spends there instead. Registering the clinician and the patient is counted apart ($s0).
extra=0 x0=0
xon() { x0=$keys; }
xoff() { extra=$((extra + keys - x0 - ${1:-0})); }
# A reading is taken 4 minutes before it falls due (the clock is stepped there).
at_due() {
	due=$(next_due)
	[ -n "$due" ] && wait_clock $((due - 4))
}

# cadss I1 I2 I6 I7 I15 I22: a CADSS-6 from the session screen and back.
cadss() {
	xon; key e; wait_for "Side effects this session"
	key d; wait_for "Item 22 (0-4)"
	for v in "$@"; do key Tab; txt "$v"; done
	key C-s
}

# ---------- an empty database ----------
fresh_db --config "$CFG" && ok "init makes an empty database" ||
	notok "init makes an empty database"
# The REMS form names the monitoring clinician (a person's name, telephone, email).
"$KETCHART" --db "$DB" --config "$CFG" user add "$LOGIN" --name "Vera Vale" --role admin >/dev/null
start "KETCHART_NOW=$NOW" "$STEP_ENV" -- --config "'$CFG'"
expect "the start screen of an empty database" "No patients yet: n adds one."
key U; wait_for "Clinicians (1)"
expect "the clinicians screen shows no telephone yet" "$LOGIN: telephone not given, email not given"
key Enter; wait_for "Change clinician $LOGIN"
key Tab; key Tab; txt "608-555-0142"; key Tab; txt "vera.vale@example.org"; key C-s
expect "telephone and email are saved on the clinicians screen" "$LOGIN: telephone 608-555-0142, email vera.vale@example.org"
key Escape; wait_for "No patients yet"

# ---------- the patient and the session ----------
key n; wait_for "New patient"
txt KC-6001; key Tab; txt "Esme Sprayton"; key Tab; txt 1979-08-09; key Enter
expect "the new patient is added" "Added Esme Sprayton (chart KC-6001)"
# The REMS form asks the patient's sex and REMS enrolment: the patient record (p).
key p; wait_for "patient record"
key Enter; wait_for "Record Sex"; txt f; key Enter
wait_re "Sex  *female"
for i in 1 2 3 4 5; do key Down; done
key Enter; wait_for "Record REMS enrolled"; txt yes; key Enter
expect_re "sex and REMS enrolment recorded" "REMS enrolled  *yes"
key Escape; wait_for "Esme Sprayton"
s0=$keys # the clinician and the patient are registered: the session starts here
key s; wait_for "Start a session: Esme Sprayton"
check "a patient never treated: no protocol chosen for the clinician" "Protocol +- choose"
key Right Right
expect_re "Right, Right picks intranasal esketamine" "Protocol +Intranasal esketamine"
start_save
expect "esketamine: 19 checklist items" "Contraindication checklist: 0 of 19 answered"
# BUG: the title runs into TEST CLOCK and loses the phase ("esketamine scrTEST CLOCK").
expect_re "the header names the route and phase in full (the name may give way at 80 columns)" "Esme S[a-z]*(…|\.\.\.)? #KC-6001 - esketamine screening "

# ---------- screening ----------
check "pregnancy is asked for esketamine" "abs  Pregnancy"
key n n n n n n n n n n n n n n n n n
expect "n answers seventeen items" "Contraindication checklist: 17 of 19 answered"
check "the cursor is on the psychostimulants" "(▶|>) rel  Takes psychostimulants"
xon; key y; wait_for "Confirm: Takes psychostimulants"
txt "$STIM_NOTE"; key Enter; xoff 1 # a minimal session answers n
expect_re "the relative item is noted" "Takes psychostimulants \(BP rise\) +yes, noted"
key n
expect "the whole checklist is answered" "Contraindication checklist: 19 of 19 answered"
key p; wait_for "Little interest or pleasure"
key 1 1 2 1 0 1 1 0 0
expect "PHQ-9 total and band" "PHQ-9 7/27 mild"
key g; wait_for "Feeling nervous, anxious"
key 1 0 1 1 0 0 0
expect "GAD-7 total and band" "GAD-7 3/21 minimal"
key s; wait_for "Q1  wish to be dead"
key n n n
expect "the suicide screen is answered" "no risk identified"
key i
expect "the session info asks for the nasal steroid/decongestant" "Nasal steroid/decongestant"
key Enter; wait_for "Weight today"; txt 64.5; key Enter
expect "the weight" "64.5 kg"
wait_for "Last solid food"; txt 05:30; key Enter
expect_re "last food" "05:30, [0-9]h [0-9]+m ago"
wait_for "Last clear liquids"; txt 08:00; key Enter
expect_re "last liquids" "08:00, [0-9]h [0-9]+m ago"
# The nasal pretreatment is optional (not an open row): the forms skip it to the escort; Esc,
# Up to the nasal row, Enter opens its form.
wait_for "Escort name"; key Escape; wait_gone "Escort name"
key Up; key Enter; wait_for "Time (HH:MM)"
# The form box must hold its title and hint whole (it once was sized to its field only).
# Box corners are UTF-8 or, under LANG=C / vt100, ACS characters that tmux shows as l q k.
check "the nasal time form shows its title whole in a closed box" "(┌─|lq) Nasal steroid/decongestant .*(┐|k)"
check "the nasal time form says how to record none" "e.g. 07:45 or yesterday 21:00; empty = none given"
txt 07:45; key Enter
expect_re "the nasal pretreatment time is stored" "Nasal steroid/decongestant +07:45, [0-9]h [0-9]+m ago"
key Enter; wait_for "Escort name"; txt "Paul Spray"; key Tab; txt 555-0177; key Enter
expect "the escort" "Paul Spray, 555-0177"
wait_for "Consent current  choose"; key y Enter
wait_gone "choose: y or n"
wait_for "Medication and health changes"; txt "none"; key Enter
expect "medication reviewed" "Changes: none"
key v; wait_for "Pre-dose vitals (baseline)"
txt "124/78 70 99 12 5"; key Enter
typed 124/78 70 99 12 5
expect "the baseline completes the screening: PASS" "Verdict: PASS - dosing allowed"

# ---------- devices: 84 mg = 3 x 28 mg, 5 minutes apart ----------
key d
expect "d goes to dosing: the clinic's default dose in devices" "Dose 56 mg = 2 devices of 28 mg, 5 min apart"
key d; wait_for "Esketamine dose for this session"
xon; key C-u; txt 70; key C-s; xoff
expect "a dose that is not a whole number of devices is refused, form kept" "not a whole number of 28 mg devices"
key C-u; txt 84; key C-s
expect "84 mg for this patient: three devices" "Dose 84 mg = 3 device"
check "no device given yet" "Devices given 0 of 3 \| next device may be given now \(g\)"
key g; wait_for "Device 1 of 3 (28 mg)"
key Tab; txt "$LOT"; key C-s
expect "device 1 is given" "Device 1 given. The next one may follow in 5 min."
T0=$(mins "$(screen | sed -n 's/.*| first device \([0-9:]*\) |.*/\1/p' | head -n 1)")
[ -n "$T0" ] && ok "the first device time is shown ($(hm "$T0"))" || { notok "the first device time is shown"; show; T0=0; }
expect_re "the spacing counts down from 5:00 (the clock stands still)" "Devices given 1 of 3 \(last $(hm "$T0")\) \| next device in 5:00"
expect_re "the 40-minute BP check is due 40 min after the first device" \
	"Next vitals $(hm $((T0 + 40))) \(in [0-9]+m\) - 40-min BP check"
# Device 2 at once: too soon without a note.
key g; wait_for "Device 2 of 3 (28 mg)"
check "the lot number is carried over" "Lot number +$LOT"
xon; key C-s
# The clock has not moved since device 1: the refusal is certain, whatever the load.
expect_re "an early device is refused without a note" "ERROR: device 2 is 300 s too soon after the previous one \(spacing 5 min\)"
# BUG: the status line cut the message before what to do ("wait," ... "or add a note").
check "the refusal says a note lets it through" "add a note saying why"
check "the device form stays open" "Device 2 of 3 \(28 mg\)"
key Tab Tab; txt "$EARLY_NOTE"; key C-s; xoff 1 # a minimal session waits, then ^S
expect "with a note the early device is given" "Device 2 given."
# Device 3 after the spacing: the clock is stepped 4 min 59 s (still too soon), then 1 s.
clock_step 299
expect_re "one second before the spacing is over device 3 must still wait" "next device in 0:01"
clock_step 1
expect "the spacing is waited out" "next device may be given now (g)"
key g; wait_for "Device 3 of 3 (28 mg)"
key C-s
expect "the last device ends dosing: recovery" "Dosing over: recovery begins."
expect_re "all three devices are counted" "Devices given 3 of 3 \(last [0-9:]+\) \| observe until $(hm $((T0 + 120)))"
check "the session is in recovery" "RECOVERY \| Intranasal esketamine"

# ---------- dissociation at its peak ----------
cadss 2 1 1 2 0 1
expect "a CADSS-6 of 7 is charted WARN" "WARN: Dissociation CADSS-6 7 > 4"
key Escape; xoff; wait_for "RECOVERY |"

# ---------- the 40-minute BP check, then every 15 minutes ----------
at_due
vround 162/96 84 97 14 4
expect_re "the BP check is saved with its WARN" "WARN: SBP 162 mmHg >= 160. Vitals saved [0-9:]+"
expect "after the check, recovery vitals every 15 min" "recovery vitals every 15 min"
n_rec=0
for r in "138/86 80 98 14 5" "132/84 76 98 14 5" "128/80 74 99 14 5" "126/80 72 99 14 5" \
	"124/78 72 99 14 5" "124/80 70 99 14 5" "122/78 70 99 14 5" "122/80 68 99 14 5"; do
	due=$(next_due)
	[ -n "$due" ] && [ $((due - 4)) -ge $((T0 + 120)) ] && break
	at_due
	# shellcheck disable=SC2086
	vround $r
	wait_for "Vitals saved" || { notok "recovery reading $r is saved"; show; }
	n_rec=$((n_rec + 1))
	[ "$n_rec" = 3 ] && { cadss 0 0 1 0 0 0; wait_for "Dissociation CADSS-6 1/24"; key Escape; xoff; wait_for "RECOVERY |"; }
done
[ "$n_rec" -ge 4 ] && ok "recovery readings every 15 min until the observation ends ($n_rec)" ||
	notok "recovery readings until the observation ends (only $n_rec)"
look
check "no reading is due or overdue at the end of the observation" "Next vitals [0-9:]+ \(in [0-9]+m\)"

# ---------- discharge at 120 minutes, sign ----------
key o
expect "o opens the discharge screen" "Discharge criteria"
key a; wait_for "Discharge assessment"
# a digit or y answers a field and moves on; Enter saves from the last one
key 2 2 2 2 2 y y y y y Enter
expect "the assessment is saved: Aldrete 10" "Assessment saved: Aldrete 10"
# Discharge needs a reading no older than 15 min and none overdue: once the 120 min are
# over, a fresh reading, then d and y.
wait_clock $((T0 + 120)) || { notok "the clock reaches the end of the observation"; show; }
if wait_re "met +Minimum observation +observed 1[2-3][0-9] of 120 min" 20
then ok "the observation minimum counts 120 min from the first device"
else notok "the observation minimum counts 120 min from the first device"; show; fi
vround 120/78 68 99 14 5
key d
expect "with the fresh reading every criterion is met: d asks before discharging" "Every criterion is met"
key y
expect_re "the session ends as discharged" "Ended \(discharged\) at [0-9:]+ - NOT SIGNED"
expect "the discharge screen lists what the REMS form still needs" "MISSING 3 fields - sign-off waits (r answers)"
# The list runs below 80x24: PgDn shows the rest (read, not counted: r answers them all).
send NPage
expect_re "naming where each is entered" "Respiratory depression \(discharge screen \(r: REMS answers\)\)"
key s; wait_for "Sign as $LOGIN"
key y
expect "sign-off waits for the REMS form" "the REMS form still needs 3 fields: Would have been ready"
key r; wait_for "REMS form: the clinician's answers"
txt n; key Tab; txt n; key Tab; key Tab; key Tab; key Tab; txt 95; key C-s
expect "r records the answers: the form is complete" "The REMS form is complete"
expect "and the screen says so" "complete: every field is filled"
key s; wait_for "Sign as $LOGIN"
key y
expect "y signs" "Signed by $LOGIN at"
echo "# keystrokes: $keys; without the extras: $((keys - extra)), of which registering the clinician and the patient $s0 and the session (s on the start screen to sign-off) $((keys - extra - s0))"
echo "# of which single keys (Enter, Tab, ^S, letters and digits that answer): $named, characters typed into fields: $((keys - named))"
[ "$keys" -gt 0 ] && ok "keystrokes counted from the start screen to sign-off ($keys)" || notok "keystrokes counted"
stop

# ---------- the report holds exactly what was typed ----------
rep=$("$KETCHART" --db "$DB" --config "$CFG" report 1 2>&1)
flat=$(printf '%s\n' "$rep" | tr -s ' \n' '  ')
rhas() { printf '%s\n' "$flat" | grep -Eq -- "$1"; }
rcheck() { if rhas "$2"; then ok "report: $1"; else notok "report: $1: no /$2/"; printf '%s\n' "$rep" | sed 's/^/#   /'; fi; }
rcheck "the route" "Session 1, Intranasal esketamine"
rcheck "the relative item's note" "confirmed: $STIM_NOTE"
rcheck "the nasal pretreatment time" "2026-11-21 07:45"
rcheck "the escort" "Escort Paul Spray, 555-0177"
# BUG: an esketamine session never records its planned dose ("Planned no dose planned").
rcheck "the planned dose" "Planned [^A-Z]*84"
rcheck "84 mg given" "Given 84.0 mg"
rcheck "device 1 with its lot" "device no. 1, 28.0 mg, lot $LOT, by $LOGIN [0-9]{4}-"
rcheck "device 2 with the note saying why it was early" "device no. 2, 28.0 mg, lot $LOT, by $LOGIN; note: $EARLY_NOTE"
rcheck "device 3" "device no. 3, 28.0 mg, lot $LOT, by $LOGIN"
rcheck "the BP check WARN" "WARN: SBP 162 mmHg >= 160"
rcheck "the CADSS-6 peak" "CADSS-6 7 \(marked dissociation\) WARN items \(number:score\): 1:2 2:1 6:1 7:2 15:0 22:1"
rcheck "the CADSS-6 settled" "items \(number:score\): 1:0 2:0 6:1 7:0 15:0 22:0"
rcheck "the Aldrete" "Modified Aldrete 10 \(activity 2, respiration 2, circulation 2, consciousness 2, SpO2 2\)"
rcheck "the outcome" "Outcome discharged"
rcheck "the signature" "Signature signed by $LOGIN, 2026-11-21"
form=$("$KETCHART" --db "$DB" --config "$CFG" rems KC-6001 2>&1)
fhas() { if printf '%s\n' "$form" | grep -Eq -- "$2"; then ok "rems: $1"; else notok "rems: $1: no /$2/"; printf '%s\n' "$form" | sed 's/^/#   /'; fi; }
fhas "the monitoring clinician" "Monitoring provider last name: +Vale"
fhas "their telephone" "Monitoring provider telephone: +608-555-0142"
fhas "the sex" "Sex: +female"
fhas "84 mg" "Dose administered: +84 mg"
fhas "the lot" "Lot number: +$LOT"
fhas "the 40-minute BP" "BP about 40 min after administration: +162/96 mmHg"
fhas "the ready minute" "Would have been ready at \(min from start\): +95 min"
fhas "complete" "Every field of the form is filled"
rows=$(printf '%s\n' "$rep" | sed -n '/^VITALS/,/^OBSERVATIONS/p' |
	awk '/^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:]+ / { print $3, $4, $5, $6, $7, $8 }' | sort)
want=$(printf '%s' "$TYPED" | sort)
if [ "$rows" = "$want" ]; then ok "report: the vitals are exactly the $(printf '%s\n' "$want" | wc -l) readings typed"
else notok "report: the vitals are exactly the readings typed"
	printf '# typed:\n%s\n# report:\n%s\n' "$want" "$rows" | sed 's/^/#   /'; fi
n_dev=$(printf '%s\n' "$rep" | sed -n '/^DOSE/,/^VITALS/p' | grep -c '^2026-.* device no\.')
[ "$n_dev" = 3 ] && ok "report: exactly three devices" || notok "report: exactly three devices (got $n_dev)"
n_over=$(printf '%s\n' "$flat" | grep -o "overdue [0-9]* min" | wc -l | tr -d ' ')
[ "$n_over" = 0 ] && ok "report: no reading was overdue" || notok "report: no reading was overdue (got $n_over)"
printf '%s\n' "$flat" | grep -q "LATE" && notok "report: no entry is LATE" || ok "report: no entry is LATE"
# The BP check answered the 40-minute due time.
printf '%s\n' "$flat" | grep -Eq " 162/96 84 97 14 - 4 WARN( [A-Z]+)* .* due $(hm $((T0 + 40)))[;,]" &&
	ok "report: the 162/96 reading answered the 40-minute BP check" ||
	{ notok "report: the 162/96 reading answered the 40-minute BP check"; printf '%s\n' "$rep" | grep -A4 " 162/96 " | sed 's/^/#   /'; }
obs=$(printf '%s\n' "$rep" | sed -n '/^OBSERVATIONS/,/^DISCHARGE/p' | grep -c '^2026-')
[ "$obs" = 2 ] && ok "report: exactly the two CADSS-6 entries" || notok "report: two CADSS-6 entries (got $obs)"
