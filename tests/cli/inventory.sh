#!/bin/sh
# The controlled-substance record through the real binary, with two real logins: the admin
# who made the demo database (this Unix user) and a nurse who is another Unix user (nobody,
# through setpriv: needs root). Stock received by a physician or admin and refused for a
# nurse; ketamine drawn up and wasted by the nurse; the waste witnessed from the other
# login only, and only once; a physical count whose difference needs a reason and is
# recorded, never adjusted; `inventory --since`; received - given - wasted = on hand for
# every product and lot; every discrepancy named; hostile strings kept as text.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	ok "# SKIP a second login needs root and setpriv"
	exit 0
fi
me=$(id -un)
who=$(getent passwd 65534 | cut -d: -f1)
bin=$KETCHART
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
# The database lives in a folder of nobody's; root reaches it anyway.
chmod 755 "$T"
mkdir "$T/nb"
db="$T/nb/k.db"
expect_rc 0 "the demo database is made" kc --db "$db" demo
chown -R 65534:65534 "$T/nb"
nurse() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$bin" --db "$db" "$@"; }
# The demo's record: its signed infusion's remainder wasted and witnessed by its second
# clinician from her own login; the running infusion's waste waiting for its witness.
expect_rc 0 "the demo's movements" kc --db "$db" inventory --since 2000-01-01
contains "the signed infusion's remainder is wasted, witnessed by the demo's second clinician" "$out" "mg in session 2 (drug disposal pouch, the remainder after the infusion), by $me, witness rivera"
contains "the running infusion's waste waits for its witness" "$out" "5.0 mg in session 3 (drug disposal pouch, excess over the planned dose), by $me, witness NONE YET"
lacks "the witnessed one is no discrepancy" "$out" "in session 2, recorded by"
expect_rc 0 "the admin adds the second login as a nurse" kc --db "$db" user add "$who" --name "Nora Nurse" --role nurse
expect_rc 0 "the nurse's own login reads the record" nurse inventory
contains "as a clinician of this database" "$out" "Controlled substances (Schedule III)"

# ---------- stock received ----------
expect_rc 1 "the nurse cannot record stock received" nurse inventory receive ketamine "50 mg/mL, 10 mL vial" KET-T1 2027-12-31 2 500 Hikma
contains "only a physician or an admin may" "$out" "only a physician may record stock received ($who is a nurse)"
expect_rc 0 "the admin records stock received" kc --db "$db" inventory receive ketamine "50 mg/mL, 10 mL vial" KET-T1 2027-12-31 2 500 Hikma
contains "units times mg a unit" "$out" "received: ketamine lot KET-T1, 2 x 500.0 mg = 1000.0 mg"
expect_rc 1 "a lot expired before it was received is refused" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-OLD 2020-01-31 1 500 Hikma
contains "saying why" "$out" "lot KET-OLD expired on 2020-01-31, before it was received"
expect_rc 1 "a product that is not a controlled drug here" kc --db "$db" inventory receive morphine "10 mg/mL" M-1 2027-01-01 1 10 X
contains "is refused by name" "$out" "the product is ketamine or esketamine, not 'morphine'"
expect_rc 1 "no units" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-Z 2027-12-31 0 500 Hikma
contains "is refused" "$out" "0 units: a receipt holds 1 to 100000"
expect_rc 1 "units that are not a number" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-Z 2027-12-31 two 500 Hikma
contains "are named" "$out" "'two' is not a number of units"
expect_rc 1 "an expiry that is not a date" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-Z 31/12/2027 1 500 Hikma
contains "asks for YYYY-MM-DD" "$out" "is not a date: type YYYY-MM-DD"
expect_rc 2 "receive with a missing argument is a usage error" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-Z 2027-12-31 1 500

# Hostile strings: SQL and quotes are kept as text; a terminal escape is never stored.
esc=$(printf '\033[2J')
expect_rc 1 "a supplier with a terminal escape is refused" kc --db "$db" inventory receive ketamine "50 mg/mL" KET-E 2027-12-31 1 500 "Evil${esc}Co"
contains "saying what is wrong with it" "$out" "contains an escape character (U+001B), which is never stored"
expect_rc 0 "a lot with quotes and a supplier with SQL and accents" kc --db "$db" inventory receive ketamine "50 mg/mL" "K'\";--" 2027-12-31 1 500 "x'); DROP TABLE stock_receipt;-- Pharmá Ünïon"
expect_rc 0 "the record still reads" kc --db "$db" inventory --since "$(date +%F)"
contains "the lot is kept as typed" "$out" "ketamine   K'\";--"
contains "the supplier is kept as typed" "$out" "from x'); DROP TABLE stock_receipt;-- Pharmá Ünïon, by $me"
lacks "the refused receipt left nothing" "$out" "KET-E"
contains "the earlier receipt is still there" "$out" "KET-T1"

# ---------- drawn up and wasted (the demo's infusion in progress, session 3) ----------
expect_rc 1 "a lot never received cannot be drawn up" nurse inventory draw 3 KET-NONE 20
contains "and it says so" "$out" "lot 'KET-NONE' was never received"
expect_rc 1 "an amount that is not one" nurse inventory draw 3 KET-T1 "12 mL"
contains "is refused with the limits" "$out" "drawn up '12 mL' is not an amount in mg (more than 0, at most 1000)"
expect_rc 1 "nor is none" nurse inventory draw 3 KET-T1 0
expect_rc 1 "an esketamine session draws nothing up" nurse inventory draw KC-1002 ESK-23-4411 28
expect_rc 0 "the nurse draws up 20 mg of KET-T1 for session 3" nurse inventory draw 3 KET-T1 20
contains "and it is confirmed" "$out" "drawn up: 20 mg of lot KET-T1 for session 3"
expect_rc 1 "more waste than was drawn up and not yet given or wasted" nurse inventory waste 3 KET-T1 100 "pouch"
contains "is refused with the figures" "$out" "100.0 mg is more than is left of what was drawn up"
expect_rc 1 "a waste says how" nurse inventory waste 3 KET-T1 5 ""
contains "or is refused" "$out" "say how it was wasted"
expect_rc 0 "the nurse records 10 mg wasted" nurse inventory waste 3 KET-T1 10 "drug disposal pouch"
wid=$(printf '%s\n' "$out" | sed -n 's/^waste \([0-9]*\): .*/\1/p')
[ -n "$wid" ] && ok "the waste has a number ($wid)" || notok "the waste has a number"
contains "and the way to its witness" "$out" "'ketchart inventory witness $wid' from their own login"
expect_rc 0 "inventory before the witness" kc --db "$db" inventory
contains "the waste waiting for its witness is a discrepancy" "$out" "! waste $wid: 10.0 mg of lot KET-T1 in session 3, recorded by $who, waits for a witness"

# ---------- the witness: a second real login, once ----------
expect_rc 1 "the nurse cannot witness her own waste" nurse inventory witness "$wid"
contains "a second clinician must" "$out" "$who recorded this waste: a second clinician witnesses it, from their own login"
expect_rc 1 "a waste number that is not one" kc --db "$db" inventory witness x1
expect_rc 0 "the admin witnesses it from their own login" kc --db "$db" inventory witness "$wid"
contains "by name" "$out" "waste $wid: witnessed by $me"
expect_rc 1 "a waste is witnessed once" nurse inventory witness "$wid"
contains "naming who did" "$out" "was witnessed by $me already"
expect_rc 0 "inventory after the witness" kc --db "$db" inventory
lacks "the witnessed waste is no longer waiting" "$out" "! waste $wid:"
contains "the demo's other waste still waits" "$out" ": 5.0 mg of lot KET-2411-07 in session 3, recorded by $me, waits for a witness"

# ---------- a physical count: a difference is recorded, never adjusted ----------
expect_rc 1 "a count that differs needs a reason" nurse inventory count KET-T1 980
contains "and the figures are given" "$out" "counted 980.0 mg of lot KET-T1, the record says 990.0 mg: 10.0 mg short"
expect_rc 1 "a count that is not a number" nurse inventory count KET-T1 lots "x"
expect_rc 0 "the count with its reason is recorded" nurse inventory count KET-T1 980 "vial cracked in the safe"
contains "as a discrepancy" "$out" "counted: lot KET-T1, 980.0 mg; the record says 990.0 mg: the difference is recorded as a discrepancy"
expect_rc 0 "a count that agrees needs no reason" kc --db "$db" inventory count KET-2411-07 "$(kc --db "$db" inventory | awk '$2 == "KET-2411-07" { print $7 }')"
contains "and says so" "$out" "they agree"
expect_rc 0 "inventory after the counts" kc --db "$db" inventory
inv=$out
contains "the short count is named with who, how much and why" "$inv" "! lot KET-T1: counted 980.0 mg on $(date +%F) by $who, the record said 990.0 mg: 10.0 mg SHORT (vial cracked in the safe)"
contains "the record is not adjusted by the count" "$inv" "$(printf '%-10s %-12s %-10s %9s %9s %8s %9s' ketamine KET-T1 2027-12-31 1000.0 0.0 10.0 990.0)"
contains "the lot's last count is flagged" "$inv" "980.0 mg on $(date +%F) !"
lacks "the count that agreed is no discrepancy" "$inv" "! lot KET-2411-07: counted"

# ---------- the arithmetic: received - given - wasted = on hand, for every lot ----------
rows=$(printf '%s\n' "$inv" | awk '$1 == "ketamine" || $1 == "esketamine"')
nrows=$(printf '%s\n' "$rows" | grep -c .)
[ "$nrows" -eq 4 ] && ok "four lots on the record (two of the demo, KET-T1, the hostile one)" || notok "four lots on the record ($nrows)"
bad=$(printf '%s\n' "$rows" | awk '{ r = $4; g = $5; w = $6; h = $7; d = r - g - w - h; if (d > 0.05 || d < -0.05) print }')
[ -z "$bad" ] && ok "received - given - wasted = on hand on every row" || { notok "received - given - wasted = on hand on every row"; printf '%s\n' "$bad" | sed 's/^/#   /'; }
contains "the esketamine the demo gave: 40 x 28 mg received, 448 given" "$inv" "$(printf '%-10s %-12s %-10s %9s %9s %8s %9s' esketamine ESK-23-4411 2027-06-30 1120.0 448.0 0.0 672.0)"
contains "the demo's ketamine lot: its 5 mg waste is taken off" "$inv" "$(printf '%-10s %-12s' ketamine KET-2411-07)"
ketrow=$(printf '%s\n' "$rows" | awk '$2 == "KET-2411-07"')
[ "$(printf '%s\n' "$ketrow" | awk '{ printf "%.1f", 5000 - $5 - 20.6 }')" = "$(printf '%s\n' "$ketrow" | awk '{ printf "%.1f", $7 }')" ] &&
	ok "KET-2411-07: 10 x 500 mg - what the infusions gave - 15.6 and 5.0 mg wasted = on hand" ||
	notok "KET-2411-07: 10 x 500 mg - what the infusions gave - 15.6 and 5.0 mg wasted = on hand ($ketrow)"

# ---------- --since: the movements from a day on ----------
today=$(date +%F)
expect_rc 0 "inventory --since today" kc --db "$db" inventory --since "$today"
contains "lists the movements since the day" "$out" "Movements since $today"
contains "the receipt, with who recorded it" "$out" "received $today: ketamine lot KET-T1, 2 x 500.0 mg (50 mg/mL, 10 mL vial), expiry 2027-12-31, from Hikma, by $me"
contains "the waste, with its witness" "$out" "wasted $today: lot KET-T1, 10.0 mg in session 3 (drug disposal pouch), by $who, witness $me"
contains "the waste still waiting, as such" "$out" "witness NONE YET"
contains "the count, with the record's figure" "$out" "counted $today: lot KET-T1, 980.0 mg (record 990.0 mg) by $who"
expect_rc 0 "inventory --since a day to come" kc --db "$db" inventory --since 2099-01-01
lacks "lists none of today's movements" "$out" "KET-T1, 2 x 500.0 mg"
lacks "nor today's waste" "$out" "wasted $today"
contains "but still the balances" "$out" "KET-T1"
expect_rc 2 "--since a date that is not one" kc --db "$db" inventory --since yesterday
expect_rc 2 "--since goes with inventory alone" kc --db "$db" inventory witness 1 --since "$today"

# ---------- undisposed drug and the audit ----------
lacks "the infusion in progress is not yet an undisposed-drug discrepancy" "$inv" "! session 3:"
expect_rc 0 "verify: every entry is in the audit chain" kc --db "$db" verify
expect_rc 0 "the nurse's login verifies the same" nurse verify
