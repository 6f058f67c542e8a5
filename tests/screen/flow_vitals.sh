#!/bin/sh
# A vitals round in few keys (issue 11): the whole round typed as one line in the BP field
# (BP HR SpO2 RR MOAA/S, the rest blank) and saved with Enter; a bad line refused with a
# clear message; values carried from the last reading marked "carried" and stored only
# when the form is saved showing them; never BP, never a value that raised an alert.
# The demo's running infusion (session 3) on a frozen test clock.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-21T09:00:00Z
export TZ=UTC
KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null
start TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01 --
open_session "DOSING" || { notok "the running infusion opens"; show; }

# ---------- carried from the demo's last reading (08:56 144/88 84 97 13 - 4) ----------
key v; wait_for "Vitals reading"
expect "the title says where carried values come from" "Vitals reading - carried from 08:56"
check "BP is never carried" "BP \(e.g. 142/91\) +\│"
for m in "Heart rate /min +84 +carried" "SpO2 % +97 +carried" "Resp. rate /min +13 +carried" "MOAA/S \(0-5\) +4 +carried"; do
	check "marked carried: $(printf '%s' "$m" | sed 's/ +/ /g; s/\\//g')" "$m"
done
check_not "temperature is never carried" "Temp C \(optional\) +[0-9]"
# one vitals round: v, the BP, Enter (the other measures show values) - counted
keys=0
txt 136/84; key Enter
expect "Enter on BP saves when every measure below shows a value; the carried ones are named" \
	"Vitals saved 09:00. HR SpO2 RR MOAA/S carried from 08:56."
echo "# keys for a carried vitals round: $((keys + 1)) (v, the BP, Enter)"
[ $((keys + 1)) -le 10 ] && ok "a vitals round takes at most 10 keys ($((keys + 1)))" ||
	notok "a vitals round takes at most 10 keys ($((keys + 1)))"
check "what was saved is what the form showed" " 09:00 136/84   84      97     13      -      4"
check "the session's row says the reading has carried values" " 09:00 136/84   84      97     13      -      4 .*carried"
got=$(sqlite3 "$DB" "SELECT carried FROM vitals ORDER BY id DESC LIMIT 1")
[ "$got" = "heart_rate spo2 resp_rate moaas" ] && ok "the record keeps which values were carried ($got)" ||
	notok "the record keeps which values were carried (got '$got')"
sid=$(sqlite3 "$DB" "SELECT session_id FROM vitals ORDER BY id DESC LIMIT 1")
"$KETCHART" --db "$DB" report "$sid" 2>&1 | tr -s ' \n' '  ' | grep -q "HR SpO2 RR MOAA/S carried from the reading before, saved unchanged" &&
	ok "the report names the carried values" || notok "the report names the carried values"

# ---------- typing over a carried value: it is no longer carried ----------
key v; wait_for "Vitals reading - carried from 09:00"
txt 132/80; key Tab; txt 84; key Tab; sleep 0.3; look
check_not "a value typed over loses its mark, even when the same" "Heart rate /min +84 +carried"
key C-s
expect "a value typed is not called carried" "Vitals saved 09:00. SpO2 RR MOAA/S carried from 09:00."
got=$(sqlite3 "$DB" "SELECT carried FROM vitals ORDER BY id DESC LIMIT 1")
[ "$got" = "spo2 resp_rate moaas" ] && ok "a value typed over is stored as measured ($got)" ||
	notok "a value typed over is stored as measured (got '$got')"

# ---------- one line, Enter saves, the rest blank ----------
key v; wait_for "Vitals reading"
txt "142/91 88"; key Enter
expect "a line is saved with Enter" "Vitals saved 09:00."
check_not "a line carries nothing: the parts not typed are blank" "Vitals saved 09:00\\. .*carried"
check "the line's parts are stored, the rest blank" " 09:00 142/91   88      -      -       -      -"
key v; wait_for "Vitals reading"
txt "138/86 82 98 15 5"; key Enter
expect "a whole line is saved" "Vitals saved 09:00."
check "all five parts are stored" " 09:00 138/86   82      98     15      -      5"

# ---------- bad lines: a clear message, the form kept ----------
key v; wait_for "Vitals reading"
txt "88 142/91"; key Enter
expect "a line not starting with the BP is refused" "ERROR: BP line: 88 is not a blood pressure: a line starts with the BP"
check "the form stays with the line" "BP \(e.g. 142/91\) +88 142/91"
key C-u; txt "142/91 88 97 14 5 36"; key Enter
expect "a sixth value is refused" "more than five values ('36' is the sixth)"
key C-u; txt "300/20 84 97 14 5"; key Enter
expect "an impossible value in a line is refused by the one charting path" "ERROR: systolic 300 mmHg is impossible"
check "the line is spread over the fields to fix one" "Heart rate /min +84"
check "the BP keeps its part" "BP \(e.g. 142/91\) +300/20"
check "the cursor stays on the BP" "systolic/diastolic mmHg; or one line"
key C-u; txt 134/84; key C-s
expect "the corrected reading is saved" "Vitals saved 09:00."
check "stored as shown" " 09:00 134/84   84      97     14      -      5"

# ---------- a value that raised an alert is not carried ----------
vline "150/90 118 92 9 3"
expect_re "a reading with flagged values is saved, its alerts first" "^WARN: "
key v; wait_for "Vitals reading"
check_not "a flagged HR (118) is not carried" "Heart rate /min +118"
check_not "a flagged SpO2 (92) is not carried" "SpO2 % +92"
check_not "nothing is carried" "carried from"
key Escape; wait_gone "Vitals reading"

# ---------- bytes sent to the terminal for one vitals entry ----------
# As session.sh measures the field-by-field entry: open, keys, save. Here a round with
# carried values (v, the BP, Enter) and one typed as a line.
bytes_of() {
	f=$1 t=$2; shift 2
	tm pipe-pane -o -t kc "cat >> '$f'"
	send "$@"; wait_for "$t"; sleep 0.5
	tm pipe-pane -t kc
	wc -c < "$f" | tr -d ' '
}
vline "128/80 76 98 14 5"; wait_for "Vitals saved"
open=$(bytes_of "$T/o1" "carried from" v)
k=$(bytes_of "$T/k1" "128/82" 1 2 8 / 8 2)
save=$(bytes_of "$T/s1" "128/82   76" Enter)
echo "# bytes for one vitals entry, carried round: open $open + 6 keys $k + save $save = $((open + k + save))"
open=$(bytes_of "$T/o2" "carried from" v)
k=$(bytes_of "$T/k2" "126/80 74 98 14 5" 1 2 6 / 8 0 Space 7 4 Space 9 8 Space 1 4 Space 5)
save=$(bytes_of "$T/s2" "126/80   74" Enter)
echo "# bytes for one vitals entry, one line: open $open + 17 keys $k + save $save = $((open + k + save))"
[ $((open + k + save)) -gt 0 ] && ok "bytes per vitals entry measured" || notok "bytes per vitals entry measured"
stop
