#!/bin/sh
# The paperwork screen (W on the start screen): the demo's waste on KC-1003 waits for a
# witness; its recorder (this login) is refused, a second real login (nobody, a nurse,
# through setpriv: needs root) witnesses it with Enter and y; a REMS form is recorded as
# submitted (date, fax, confirmation number), a date after today refused; both audited.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "ok 1 # skip a second login needs root and setpriv"
	exit 0
fi
me=$(id -un)
who=$(getent passwd 65534 | cut -d: -f1)
chmod 755 "$T"
mkdir "$T/nb"
DB="$T/nb/kc.db"
demo_db
"$KETCHART" --db "$DB" user add "$who" --name "Nora Nurse" --role nurse >/dev/null
chown -R 65534:65534 "$T/nb"
today=$(date +%F)

start --
expect "the start screen says a waste waits for its witness" "1 waste to WITNESS"
check "the bar offers W (the paperwork)" " W "
send W
expect "W opens the paperwork screen" "Wastes waiting for a witness (1)"
check "the waste with its patient, amount, lot and who recorded it" "waste [0-9]+ +KC-1003 Samuel Okafor +5.0 mg lot KET-2411-07 +by $me"
check "the REMS forms owed below it" "REMS forms not submitted \(5\)"
check "an overdue form with a word and a symbol" "session 10 .*! OVERDUE 9 days"
send Enter
expect "the login that recorded the waste cannot witness it" "You ($me) recorded this waste: a second clinician witnesses it"
cli=$("$KETCHART" --db "$DB" inventory)
case $cli in *"witness"*"KC-1003"* | *"waits for a witness"*) ok "the waste still waits (CLI)" ;; *) notok "the waste still waits (CLI)" ;; esac

# ---------- a REMS form submitted from the screen ----------
send Down
wait_re "(>|▶) +session 10 " || { notok "Down moves to the first form"; show; }
send Enter
expect "Enter on a form opens the submission form" "REMS form submitted - session 10"
check "the date starts on today" "$today"
send C-u; type_text "2099-01-01"; send Tab f Tab; type_text "FX-77"; send Enter
expect "a date after today is refused" "is after today"
send BTab BTab C-u; type_text "$today"; send C-s
expect "the submission is recorded" "recorded as submitted on $today (fax, confirmation"
expect "the form leaves the list" "REMS forms not submitted (4)"
rems=$("$KETCHART" --db "$DB" rems 10)
case $rems in *"Submitted:"*"$today, fax, confirmation FX-77 (recorded by $me)"*) ok "rems 10 shows the submission and who recorded it" ;;
	*) notok "rems 10 shows the submission and who recorded it"; printf '%s\n' "$rems" | sed 's/^/#   /' ;; esac
send Escape
expect "Esc goes back to the start screen" "Sessions in progress"
check "the start screen counts one overdue form fewer" "REMS: 2 due \(1 day left\), (⚠|!) 2 OVERDUE"
stop

# ---------- the second login witnesses it ----------
KC_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups"
start HOME=/ --
expect "the nurse's own login opens the screens" "1 waste to WITNESS"
send W
expect "the paperwork screen" "Wastes waiting for a witness (1)"
send Enter
expect_re "Enter asks before witnessing, naming what and who" "Witness waste [0-9]+: 5.0 mg of lot KET-2411-07"
send y
expect "y witnesses it from the nurse's login" "witnessed by $who"
expect "the waste leaves the queue" "Wastes waiting for a witness (0)"
stop
KC_WRAP=""
cli=$("$KETCHART" --db "$DB" inventory --since 2000-01-01)
case $cli in *"5.0 mg in session 3 (drug disposal pouch, excess over the planned dose), by $me, witness $who"*) ok "the record names the witness (CLI)" ;;
	*) notok "the record names the witness (CLI)"; printf '%s\n' "$cli" | sed 's/^/#   /' ;; esac
case $cli in *"waits for a witness"*) notok "no waste waits any more" ;; *) ok "no waste waits any more" ;; esac
"$KETCHART" --db "$DB" verify >/dev/null 2>&1 && ok "verify: the witness and the submission are in the audit chain" ||
	notok "verify: the witness and the submission are in the audit chain"

# ---------- drawn up and wasted from the dosing screen ----------
DB="$T/d2.db"
demo_db
start --
wait_for "Sessions in progress"
send Enter
expect "the infusion in progress opens" "IV dosing"
send u
expect "u opens the drawn-up form" "Ketamine drawn up (controlled substance)"
check "its hint names the ketamine lots received" "KET-2411-07"
type_text "KET-NONE"; send Tab; type_text "20"; send C-s
expect "a lot never received is refused" "lot 'KET-NONE' was never received"
send Escape y
wait_gone "Ketamine drawn up"
send u
wait_for "Ketamine drawn up"
type_text "KET-2411-07"; send Tab; type_text "20"; send C-s
expect "the amount drawn up is recorded" "Drawn up: 20 mg of lot KET-2411-07"
send W
expect "W opens the waste form" "Drug wasted (a second clinician witnesses it)"
type_text "KET-2411-07"; send Tab; type_text "500"; send Tab; type_text "pouch"; send C-s
expect "more than was drawn up and not given is refused" "is more than is left of what was drawn up"
send Escape y
wait_gone "Drug wasted"
send W
wait_for "Drug wasted"
type_text "KET-2411-07"; send Tab; type_text "7.5"; send Tab; type_text "drug disposal pouch"; send C-s
expect_re "the waste is recorded and waits for its witness" "Waste [0-9]+: 7.5 mg of lot KET-2411-07 recorded; it WAITS"
stop
cli=$("$KETCHART" --db "$DB" inventory --since 2000-01-01)
case $cli in *"lot KET-2411-07, 7.5 mg in session 3 (drug disposal pouch), by $me, witness NONE YET"*) ok "the record has the waste, waiting (CLI)" ;;
	*) notok "the record has the waste, waiting (CLI)"; printf '%s\n' "$cli" | sed 's/^/#   /' ;; esac
drawn=$(sqlite3 "$DB" "SELECT group_concat(mg, ' ') FROM drug_drawn WHERE session_id = 3" 2>/dev/null)
[ "$drawn" = "50.0 20.0" ] && ok "the record has both amounts drawn up (50 by the demo, 20 typed)" ||
	notok "the record has both amounts drawn up ($drawn)"
