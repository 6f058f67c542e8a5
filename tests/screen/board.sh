#!/bin/sh
# The clinic board (B on the start screen), driven in tmux on the demo database while a
# second ketchart on the same database (a second clinician, tmux session kc2) charts:
# its entries show on the board by themselves within a few seconds (no key pressed on
# the board); the countdowns run with the clock; the most urgent session sorts first.
# Demo at 09:00: Samuel Okafor (KC-1003, session 3) is in an IV infusion, readings 08:50
# and 08:56, next due 09:06; vitals every 10 min, overdue 5 min after the due time.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-21T09:00:00Z
export TZ=UTC
# The board runs at real speed; the second clinician's clock stands at 09:00.
BOARD_ENV="TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=1"
FROZEN="TZ=UTC KETCHART_NOW=$NOW KETCHART_CLOCK_SCALE=0.01"

KETCHART_NOW=$NOW "$KETCHART" --db "$DB" demo >/dev/null

# ---------- the second clinician, in its own tmux session ----------
start2() {
	tm new-session -d -x 80 -y 24 -s kc2 \
		"cd '$T'; env TERM=${KC_TERM:-screen} $FROZEN '$KETCHART' --db '$DB'; exec sleep 600"
}
send2() { tm send-keys -t kc2 "$@"; }
type2() { tm send-keys -t kc2 -l "$1"; }
wait2() {
	i=0
	while [ "$i" -lt $((50 * KC_SLOW)) ]; do
		case "$(tm capture-pane -p -t kc2)" in *"$1"*) return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	echo "# second clinician: no '$1' on the screen"; tm capture-pane -p -t kc2 | sed 's/^/#   /'
	return 1
}
# The vitals form of either screen: BP, HR, SpO2, RR, MOAA/S, then ^S.
vitals2() {
	send2 v; wait2 "BP (e.g. 142/91)" || return 1
	for f in "$@"; do type2 "$f"; send2 Tab; done
	send2 C-s
}

# ---------- board helpers ----------
# Patterns below write the alert marker (! or a UTF-8 sign) as [! ]: any non-blank byte.
row_of() { printf '%s\n' "$scr" | grep -- "$1" | head -n 1; }
# The body's first line is the summary, then the column heads, then the rows.
first_row() { printf '%s\n' "$scr" | sed -n 4p; }
# until the board's first row names $1 (5 s)
first_is() {
	i=0
	while [ "$i" -lt $((50 * KC_SLOW)) ]; do
		look
		case "$(first_row)" in *"$1"*) return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# until the row of $1 matches the pattern *$2* (S seconds, default 5)
row_has() {
	i=0; lim=$(( ${3:-5} * 10 * KC_SLOW ))
	while [ "$i" -lt "$lim" ]; do
		look
		case "$(row_of "$1")" in *$2*) return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
check_row() {
	if row_has "$2" "$3" "${4:-5}"; then ok "$1"; else notok "$1: no '$3' in the row of $2"; show; fi
}
check_first() {
	if first_is "$2"; then ok "$1"; else notok "$1: the first row is not $2"; show; fi
}
open_board() {
	wait_for "Sessions in progress" || return 1
	send B
	wait_for "Clinic board"
}

# ---------- 09:00: the board of one running infusion ----------
start $BOARD_ENV --
if open_board; then ok "B on the start screen opens the clinic board"; else notok "B opens the board"; show; fi
expect "the summary counts the sessions in progress" "1 session in progress: vitals on time, no CRIT open"
check_row "the running infusion has a row with its session number and chart" "Samuel Okafor" "#3 Samuel Okafor *KC-1003 "
check_row "the row shows the clinician, the phase and the time since the infusion began" \
	"Samuel Okafor" "KC-1003 $(id -un) *dosing *15m "
check_row "the next vitals are due at 09:06, counted down in minutes" "Samuel Okafor" "09:06 in 5m"
# Chairs: the demo books Samuel Okafor on Chair 1 at 08:00 and Hannah Kowalski on Chair 2 at 08:15.
check_row "the running infusion shows the chair it was booked on, first" "Samuel Okafor" "Chair 1 *#3 Samuel Okafor"
expect_re "the column heads name the chair" "^ *Chair +# +Patient, chart +Clinician +Phase +Elapsed"
case "$(row_of "Samuel Okafor")" in *CRIT*) notok "no alert before any critical reading"; show ;;
*) ok "no alert before any critical reading" ;; esac
bar=$(printf '%s\n' "$scr" | tail -n 1)
case "$bar" in *"Enter open"*"c chart"*"r reload"*"? help"*"Esc back"*) ok "the bar shows the board's keys" ;;
*) notok "the bar shows the board's keys: $bar" ;; esac

# ---------- another clinician enters a critical reading: the board follows by itself ----------
start2
wait2 "Sessions in progress" && send2 Enter && wait2 "DOSING |" && vitals2 185/112 88 97 14 4 &&
	wait2 "Vitals saved 09:00" || notok "the second clinician saves 185/112"
check_row "a critical reading from another terminal shows as CRIT within seconds, no key pressed" \
	"Samuel Okafor" "CRIT x1" 5
expect "the summary counts the unacknowledged critical alert" "1 session in progress: 1 CRIT unacknowledged"
# A critical reading: the next one is due [alerts] recheck_after_critical_min (5) after it.
check_row "the new reading moved the next due time (read again, not only counted down)" \
	"Samuel Okafor" "09:05 in"

# A second session with a critical baseline reading (screening: nothing scheduled yet).
# (never treated, she has no indication until one is chosen: the save is refused, d picks depression)
send2 Escape; wait2 "Sessions in progress" && send2 Down s && wait2 "Start a session" && send2 C-s &&
	wait2 "Indication: choose" && send2 d C-s && wait2 "screening" && vitals2 185/112 88 97 14 5 && wait2 "1 reading" ||
	notok "the second clinician starts Hannah Kowalski's session with a baseline reading"
# (the demo's courses come before it: its number is the next after the last one)
check_row "a session started on another terminal joins the board" "Hannah Kowalski" "#[0-9]* Hannah Kowalski *KC-1004"
check_row "in screening it shows its phase and that nothing is due" "Hannah Kowalski" "root *screening *- "
check_row "the session started after its booked time shows its booked chair too" "Hannah Kowalski" " 2 *#[0-9]* *Hannah Kowalski"
check_row "at 80 columns the chair shortens to what tells it apart before a name is cut" "Samuel Okafor" \
	" 1 *#3 *Samuel Okafor *KC-1003 "
case "$(row_of "Samuel Okafor")" in *"Chair 1"*) notok "the short chair is not the whole name"; show ;;
*) ok "the short chair is not the whole name" ;; esac
expect_re "under its own heading" "^ *Chair +# +Patient, chart"
expect_not "and the elapsed time gives way before a name is cut" "Elapsed"
resize 110 24
check_row "at 110 columns every column is there: chair, number, name, clinician, phase, elapsed" \
	"Hannah Kowalski" "Chair 2 *#[0-9]* Hannah Kowalski *KC-1004 *root *screening *[0-9]m *- "
resize 80 24
check_row "its critical baseline reading shows as CRIT" "Hannah Kowalski" "CRIT x1"
expect "the summary counts both sessions and both alerts" "2 sessions in progress: 2 CRIT unacknowledged"
check_first "of two sessions with a CRIT, the one with vitals due sorts first" "Samuel Okafor"

# The other clinician acknowledges Samuel's alert: his CRIT goes, Hannah's sorts first.
send2 Escape; wait2 "Sessions in progress" && send2 Up Enter && wait2 "DOSING |" && send2 a &&
	wait2 "Acknowledge the CRIT alert" && send2 Right C-s && wait2 "Alert acknowledged" ||
	notok "the second clinician acknowledges the alert"
check_first "an unacknowledged CRIT sorts above a session on schedule, though it started later" \
	"Hannah Kowalski"
case "$(row_of "Samuel Okafor")" in *CRIT*) notok "an acknowledged alert leaves the board"; show ;;
*) ok "an acknowledged alert leaves the board" ;; esac
case "$(row_of "Samuel Okafor")" in "  "*) notok "the cursor stays on its session when the rows move"; show ;;
*) ok "the cursor stays on its session when the rows move" ;; esac
tm kill-session -t kc2

# ---------- 09:08 on a fast clock: DUE, then OVERDUE, which sorts first ----------
start TZ=UTC KETCHART_NOW=2026-11-21T09:08:00Z KETCHART_CLOCK_SCALE=30 --
open_board || { notok "the board opens again"; show; }
check_row "past 09:05 (the recheck) the reading is DUE, with a marker and its time" "Samuel Okafor" "[! ] DUE 09:05" 3
expect "the summary counts it" "2 sessions in progress: 1 DUE, 1 CRIT unacknowledged" 3
case "$(first_row)" in *"Hannah Kowalski"*) ok "DUE sorts below an unacknowledged CRIT" ;;
*) notok "DUE sorts below an unacknowledged CRIT"; show ;; esac
check_row "5 min after the due time it turns OVERDUE without a key pressed" "Samuel Okafor" "[! ] OVERDUE [0-9]*m" 8
check_first "the OVERDUE session sorts first (due time breaks the tie with a CRIT)" "Samuel Okafor"
expect "the summary counts the overdue session" "2 sessions in progress: 1 OVERDUE, 1 CRIT unacknowledged"
late=$(row_of "Samuel Okafor" | sed -n 's/.* OVERDUE \([0-9]*\)m.*/\1/p')
check_row "the overdue time keeps counting" "Samuel Okafor" "OVERDUE $((late + 1))m" 4

# ---------- keys ----------
send Home Enter
expect "Enter opens the highlighted session's own screen" "DOSING |"
send Escape
expect "Esc comes back to the board" "Clinic board"
check_first "the board still has the overdue session first" "Samuel Okafor"
send c
expect "c opens the highlighted session's chart view" "Patient    Samuel Okafor, chart KC-1003"
send Escape
expect "Esc from the chart comes back to the board" "Clinic board"
send r
expect "r reads the board again and says so" "Board read again: 2 sessions in progress."
send '?'
expect "? shows the board's keys" "read every session again now"
send Escape
expect_not "Esc closes the help" "Keys of the Clinic board" 5
expect "and the board is back" "Clinic board"

# ---------- resize ----------
resize 60 20
check_row "at 60 columns the chart number stays" "Samuel Okafor" "KC-1003" 3
check_row "at 60 columns the chair stays, as what tells it from the other chairs" "Samuel Okafor" " 1 *Samuel Okafor" 3
check_row "and Hannah's as 2 (her name may be cut, her chart number stays)" "KC-1004" " 2 *Hannah Kow*KC-1004" 3
expect_re "under a heading as narrow as it" "^ *Ch +Patient, chart +Phase"
expect_not "at 60 columns the session number gives way" "#3"
check_row "at 60 columns the alert words stay" "Samuel Okafor" "OVERDUE" 3
expect_not "at 60 columns the clinician column gives way" "Clinician"
resize 40 12
expect "below the minimum the screen says so" "terminal too small"
resize 80 24
check_row "back at 80x24 every column is there again" "Samuel Okafor" "$(id -un)"
send Escape
expect "Esc goes back to the start screen" "Sessions in progress"

# ---------- a database without a session in progress ----------
DB="$T/empty.db"
fresh_db
start $BOARD_ENV --
open_board || { notok "the board opens on an empty database"; show; }
expect "an empty board says so" "0 sessions in progress"
expect "and that sessions started elsewhere will show" "No session in progress. Sessions started on any terminal"
send Enter
expect "Enter says why there is nothing to open" "No session in progress: nothing to open."
