# Helpers for screen tests: drive the real binary in a detached tmux session on a private
# socket and read the screen back. TAP-like "ok N - what" / "not ok N - what" lines, as in
# tests/cli/lib.sh. KETCHART names the binary (default ./ketchart).
#
#   start [VAR=value ...] -- [ketchart args]   run ketchart (--db $DB added) at 80x24
#   send KEYS...          tmux key names: send n Tab Enter Escape C-s; text with `type`
#   type_text TEXT        literal text
#   wait_for TEXT [S]     until TEXT is on the screen (default 5 s); 1 if it never came
#   wait_gone TEXT [S]    until TEXT has left the screen
#   wait_re RE [S] / has RE   the same for an extended regular expression / on $scr now
#   expect_re / check / check_not "what" RE   ok / not ok lines for a regex
#   key K... / txt TEXT   send / type_text that count the keystrokes in $keys ($named)
#   mins HH:MM / hm MIN   minutes since midnight and back; clock: the header's test clock
#   wait_clock MIN [S]    until the header's clock reaches minute MIN (a stepped clock: stepped there)
#   clock_step SECONDS    move the stepped test clock on ("$STEP_ENV" given to start)
#   loads / wait_loads N / same_loads "what" N   the screens' loads beside the stepped clock
#   first_loads / one_load "what" N / other_waste / help_over / stepped_start NOW   idle tests
#   bar_has / bar_lacks "what" LABEL   the key bar shows / lacks LABEL
#   cursor_row / cursor_to TEXT [N]     the cursor's list row / move Down until it holds TEXT
#   vitals BP HR SpO2 RR MOAA/S [HH:MM]   the compact vitals form, counted, saved
#   start_save [KEY]      save the start-session form, first choosing what it left on "- choose"
#   screen                the screen as text (also in $scr after a wait/expect)
#   expect "what" TEXT [S] / expect_not "what" TEXT    ok / not ok lines
#   resize W H            resize the terminal
#   exited [S]            true once the program has ended; exit_status says how
#   restored              the terminal is back to normal after the end
#   stop                  end the tmux session (done at exit too)
#   prog_pid              the program's process id, for kill
#
# KC_VALGRIND=1 with KC_VG_LOGS=DIR: the program runs under valgrind (memcheck), one log
# per process in DIR named after the script (empty when clean; tests/run.sh reads them);
# every wait is then KC_SLOW (8) times longer, as valgrind runs the program that slower.
n=0
T=$(mktemp -d)
SOCK=kc$$
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
: "${KETCHART:=./ketchart}"
case $KETCHART in /*) ;; *) KETCHART=$(pwd)/$KETCHART ;; esac
DB="$T/kc.db"
scr="" seen=""
KC_WRAP=""
if [ "${KC_VALGRIND:-}" = 1 ] && [ -n "${KC_VG_LOGS:-}" ]; then
	mkdir -p "$KC_VG_LOGS"
	case $KC_VG_LOGS in /*) ;; *) KC_VG_LOGS=$(pwd)/$KC_VG_LOGS ;; esac
	KC_WRAP="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect"
	KC_WRAP="$KC_WRAP --suppressions=$(cd "$(dirname "$0")/.." && pwd)/valgrind.supp"
	KC_WRAP="$KC_WRAP --errors-for-leak-kinds=definite,indirect --log-file=$KC_VG_LOGS/$(basename "$0" .sh).%p"
	: "${KC_SLOW:=8}"
fi
: "${KC_SLOW:=1}"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { printf '%s\n' "$scr" | sed 's/^/#   /'; }

# A fresh demo database for each script.
demo_db() { "$KETCHART" --db "$DB" demo >/dev/null; }
# An empty training database (the test clock runs on training databases only) for a
# script that charts from nothing (extra args go before init, e.g. --config).
fresh_db() { "$KETCHART" --db "$DB" "$@" init --training >/dev/null; }

# start [VAR=value ...] -- [args]: the variables go to the program's environment only.
# When the program ends, the pane's shell prints its exit status and the terminal modes
# (KC-EXIT=N, KC-TTY: ...), so a test can tell that it ended and left the terminal sane.
start() {
	envs="TERM=${KC_TERM:-screen}"
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	[ "${1:-}" = "--" ] && shift
	cmd="cd '$T'; env $envs $KC_WRAP '$KETCHART' --db '$DB' $*; echo KC-EXIT=\$?;"
	cmd="$cmd echo KC-TTY: \$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)\$' | tr '\\n' ' ');"
	cmd="$cmd exec sleep 600"
	stop
	# No status line: the pane is the whole 80x24.
	tm start-server \; set-option -g status off \; \
		new-session -d -x "${KC_COLS:-80}" -y "${KC_ROWS:-24}" -s kc "$cmd"
}
send() { tm send-keys -t kc "$@"; }
type_text() { tm send-keys -t kc -l -- "$1"; }
screen() { tm capture-pane -p -t kc; }
# scr is what the checks read; seen is the last capture of the pane, so a check knows
# whether scr is the screen (and may be looked at again) or a report a script put there.
look() { scr=$(screen); seen=$scr; }
# A capture can catch ncurses half way through a repaint (on a loaded machine the
# program may be switched out between two writes). settle looks again until two
# captures 40 ms apart agree (giving up after 2 s), so what is judged has settled.
# Every wait that succeeds settles; a check that fails on a capture settles and judges
# again (a passing check costs nothing more).
settle() {
	sj=0; seen=$scr
	while [ "$sj" -lt $((50 * KC_SLOW)) ]; do
		sleep 0.04; sprev=$scr; look
		[ "$scr" = "$sprev" ] && return 0
		sj=$((sj + 1))
	done
	return 0
}
resize() { tm resize-window -t kc -x "$1" -y "$2"; }
# A new server must not meet the old one on its way out, nor a query after the stop the
# program still closing its database (its last close checkpoints the WAL, under a lock a
# sqlite3 shell without a busy timeout reports as "database is locked").
stop() {
	p=$(prog_pid 2>/dev/null)
	tm kill-server >/dev/null 2>&1 || return 0
	i=0
	while tm has-session >/dev/null 2>&1 && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	i=0
	while [ -n "$p" ] && kill -0 "$p" 2>/dev/null && [ "$i" -lt $((100 * KC_SLOW)) ]; do sleep 0.1; i=$((i + 1)); done
}
# The pid of the program in the pane (the pane's shell runs it as its child).
prog_pid() { pgrep -P "$(tm display-message -p -t kc '#{pane_pid}')" | head -n 1; }

# Polls every 0.1 s; never a fixed sleep where a condition can be waited for.
wait_for() {
	i=0; lim=$(( ${2:-5} * 10 * KC_SLOW ))
	while [ "$i" -lt "$lim" ]; do
		look
		case "$scr" in *"$1"*) settle; return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
wait_gone() {
	i=0; lim=$(( ${2:-5} * 10 * KC_SLOW ))
	while [ "$i" -lt "$lim" ]; do
		look
		case "$scr" in *"$1"*) ;; *) settle; return 0 ;; esac
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
has() { printf '%s\n' "$scr" | grep -Eq -- "$1"; }
wait_re() {
	i=0; lim=$(( ${2:-5} * 10 * KC_SLOW ))
	while [ "$i" -lt "$lim" ]; do
		look
		has "$1" && { settle; return 0; }
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
expect_re() { if wait_re "$2" "${3:-5}"; then ok "$1"; else notok "$1: no /$2/ on the screen"; show; fi; }
recheck() { [ "$scr" = "$seen" ] && settle; }
check() {
	if has "$2" || { recheck && has "$2"; }; then ok "$1"; else notok "$1: no /$2/"; show; fi
}
check_not() {
	if ! has "$2" || { recheck && ! has "$2"; }; then ok "$1"; else notok "$1: /$2/ is there"; show; fi
}

# Every key goes through key (named keys: 1 each) or txt (literal text: its characters).
keys=0 named=0
key() { keys=$((keys + $#)); named=$((named + $#)); send "$@"; }
txt() { keys=$((keys + ${#1})); type_text "$1"; }

# Minutes since midnight of "HH:MM", and back.
mins() { printf '%s\n' "$1" | awk -F: '/^[0-9]+:[0-9]+$/ { print $1 * 60 + $2 }'; }
hm() { printf '%02d:%02d' $(($1 / 60)) $(($1 % 60)); }
# The test clock as the header shows it (after TRAINING), in minutes.
clock() { mins "$(screen | head -n 1 | sed -n 's/.*TRAINING .* \([0-9][0-9]:[0-9][0-9]\) *$/\1/p')"; }
# The stepped test clock (KETCHART_CLOCK_STEP, kc_time.h): a script sets STEP_BASE to the
# minute of day KETCHART_NOW shows (at :00 seconds) and passes "$STEP_ENV" to start; the
# clock then stands still, whatever the machine's load, until clock_step SECONDS moves it
# on (the program reads the file before the next key, or within a quarter second).
STEP_FILE="$T/clock-step" STEPPED=0 STEP_BASE=""
STEP_ENV="KETCHART_CLOCK_STEP=$STEP_FILE"
clock_step() {
	STEPPED=$((STEPPED + $1))
	printf '%s\n' "$STEPPED" > "$STEP_FILE.new" && mv "$STEP_FILE.new" "$STEP_FILE"
}
# Until the header clock reaches minute $1 (the clock moves once a real second); a stepped
# clock is first stepped there (to the minute's :00 seconds), if it is not there yet.
wait_clock() {
	if [ -n "$STEP_BASE" ] && [ $((($1 - STEP_BASE) * 60)) -gt "$STEPPED" ]; then
		clock_step $((($1 - STEP_BASE) * 60 - STEPPED))
	fi
	i=0; lim=$(( ${2:-40} * 10 * KC_SLOW ))
	while [ "$i" -lt "$lim" ]; do
		c=$(clock)
		[ -n "$c" ] && [ "$c" -ge "$1" ] && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# The screens' loads so far (ui_reload.h), written beside the stepped clock's file (app.c)
# whenever they change, before the paint that shows what was loaded; "none" before any.
LOADS="$STEP_FILE.loads"
loads() { cat "$LOADS" 2>/dev/null || echo none; }
# Until the loads written reach $1 (the program writes them at its next turn).
wait_loads() {
	i=0; lim=$((50 * KC_SLOW))
	while [ "$i" -lt "$lim" ]; do [ "$(loads)" = "$1" ] && return 0; sleep 0.1; i=$((i + 1)); done
	return 1
}
# same_loads "what" L0: ok when the loads are still L0 (nothing was read for "what").
same_loads() {
	if [ "$(loads)" = "$2" ]; then ok "$1 made no load ($(loads))"; else notok "$1 made no load ($(loads), was $2)"; fi
}
# first_loads: the loads so far into l0, checked written (a number).
first_loads() {
	l0=$(loads)
	case $l0 in ''|none|*[!0-9]*) notok "the loads are written beside the stepped clock's file ($l0)" ;;
	*) ok "the loads are written beside the stepped clock's file ($l0)" ;; esac
}
# one_load "what" L0: ok when the loads reach L0 + 1 (what made exactly one load).
one_load() {
	if wait_loads $(($2 + 1)); then ok "$1 made one load ($(loads))"; else notok "$1 made one load ($(loads), was $2)"; fi
}
# other_waste [what]: another program records a waste in the demo's running infusion (KC-1003).
other_waste() {
	"$KETCHART" --db "$DB" inventory waste KC-1003 KET-2411-07 1 "drug disposal pouch" >/dev/null ||
		notok "another program records ${1:-a waste}"
}
# help_over: the help opened over the screen, which is then hidden (nothing read beneath).
help_over() { send '?'; wait_for "Esc" 10 || { notok "help opens"; show; }; }
# stepped_start NOW: the demo and then the program, in UTC, on the script's stepped clock
# standing at NOW (a whole minute) until clock_step or wait_clock moves it; STEP_BASE is
# NOW's minute of the day. The demo on that clock too, so its times are whole minutes.
stepped_start() {
	export TZ=UTC
	env KETCHART_NOW="$1" "$STEP_ENV" "$KETCHART" --db "$DB" demo >/dev/null
	hhmm=${1#*T}
	STEP_BASE=$(mins "${hhmm%:*}")
	start TZ=UTC LANG=C.UTF-8 KETCHART_NOW="$1" "$STEP_ENV" --
}
# The due time on the session screen ("Next vitals HH:MM (in ...)"), in minutes.
next_due() { mins "$(screen | sed -n 's/.*Next vitals \([0-9][0-9]:[0-9][0-9]\) (in.*/\1/p' | head -n 1)"; }

# vitals BP HR SpO2 RR MOAA/S [HH:MM]: the compact vitals form (v), saved with ^S; the
# keys are counted (key, txt) and the reading added to $TYPED as the report's table has
# it ("BP HR SpO2 RR temp MOAA/S").
TYPED=""
typed() { TYPED="$TYPED$1 $2 $3 $4 - $5
"; }
# A value given as "" is cleared (^U), so a value the form carried from the last reading is
# never kept by accident.
vfield() { if [ -n "$1" ]; then txt "$1"; else key C-u; fi; }
vitals() {
	key v; wait_for "Vitals reading" || { notok "v opens the vitals form"; show; return 1; }
	vfield "$1"; key Tab; vfield "$2"; key Tab; vfield "$3"; key Tab; vfield "$4"; key Tab; vfield "$5"
	[ -n "${6:-}" ] && { key Tab Tab C-u; txt "$6"; }
	key C-s
	typed "$@"
}
# vline "BP HR SpO2 RR MOAA/S": the whole round typed as one line in the BP field, Enter
# saves (the parts not given are blank), counted and added to $TYPED.
vline() {
	key v; wait_for "Vitals reading" || { notok "v opens the vitals form"; show; return 1; }
	txt "$1"; key Enter
	set -- $1
	typed "$1" "${2:--}" "${3:--}" "${4:--}" "${5:--}"
}
# vround BP HR SpO2 RR MOAA/S: the fewest keys for a round as the form offers it: BP typed,
# then each measure the form does not show already (carried) typed in its own field,
# Enter saving once nothing below is blank.
vround() {
	key v; wait_for "Vitals reading" || { notok "v opens the vitals form"; show; return 1; }
	vr_bp=$1 vr_hr=$2 vr_spo2=$3 vr_rr=$4 vr_mo=$5
	txt "$vr_bp"
	vr_skip=0
	for vr_pair in "Heart rate /min:$vr_hr" "SpO2 %:$vr_spo2" "Resp. rate /min:$vr_rr" "MOAA/S (0-5):$vr_mo"; do
		vr_lab=${vr_pair%%:*} vr_val=${vr_pair#*:}
		vr_skip=$((vr_skip + 1))
		if ! printf '%s\n' "$scr" | grep -Eq "$(printf '%s' "$vr_lab" | sed 's/[()/.]/\\&/g') +$vr_val +carried"; then
			while [ "$vr_skip" -gt 0 ]; do key Tab; vr_skip=$((vr_skip - 1)); done
			txt "$vr_val"
		fi
	done
	key Enter
	typed "$@"
}

# tab_to LABEL [N]: Tab (at most N times, default 24) until the terminal's cursor stands on
# the form line that holds LABEL, each time waiting for the cursor to move; 1 if it never
# gets there. For a field after a list whose length the configuration decides.
tab_to() {
	k=0
	while :; do
		y=$(tm display -p -t kc '#{cursor_y}')
		screen | sed -n "$((y + 1))p" | grep -q -- "$1" && return 0
		[ "$k" -ge "${2:-24}" ] && return 1
		send Tab; k=$((k + 1)); i=0
		while [ "$(tm display -p -t kc '#{cursor_y}')" = "$y" ] && [ "$i" -lt $((40 * KC_SLOW)) ]; do
			sleep 0.05; i=$((i + 1))
		done
	done
}

# The number of the first chair the start form names free ("free now: Chair 4, ..." -> 4).
chair_free() { screen | sed -n 's/.*free now: [^0-9,]*\([0-9]\).*/\1/p' | head -n 1; }
# save_step KEY...: keys that save the start-session form, counted; then until the form is
# gone (0) or a refusal other than the one before shows (1); 2 when neither came.
save_step() {
	was=$(screen | grep -E ': choose|is taken' | head -n 1)
	key "$@"
	i=0
	while [ "$i" -lt $((50 * KC_SLOW)) ]; do
		s=$(screen)
		case $s in *"Start a session"*) ;; *) return 0 ;; esac
		now=$(printf '%s\n' "$s" | grep -E ': choose|is taken' | head -n 1)
		[ -n "$now" ] && [ "$now" != "$was" ] && return 1
		sleep 0.1; i=$((i + 1))
	done
	return 2
}
# start_save [KEY]: save the start-session form with KEY (Enter, or C-s), counted. What the
# form does not know it leaves on "- choose", refused on save with the cursor on the field:
# a patient never treated gets the first protocol (IV) and the first indication; a patient
# not booked the first chair the refusal names free (when none is free of bookings, the
# next number after each chair taken by a session in progress).
start_save() {
	sk=${1:-Enter}
	save_step "$sk" && return 0
	for _ in 1 2 3 4 5 6 7 8 9 10 11; do
		s=$(screen)
		case $s in
		*"Protocol: choose"* | *"Indication: choose"*) set -- Right ;;
		*"Chair: choose"*) c=$(chair_free); set -- "${c:-1}" ;;
		*" is taken"*) c=$(printf '%s\n' "$s" | sed -n 's/.*Chair \([0-9]\) is taken.*/\1/p' | head -n 1)
			set -- $((${c:-0} + 1)) ;;
		*) return 1 ;;
		esac
		save_step "$1" "$sk" && return 0
	done
	return 1
}

# The list row the cursor is on (">" in ASCII, a triangle in UTF-8).
cursor_row() { screen | grep -E '^(>|▶) ' | head -n 1; }
# cursor_to TEXT [N]: Down (at most N times, default 8), each time waiting for the cursor to
# move, until its row holds TEXT; 1 if it never does.
cursor_to() {
	k=0
	until cursor_row | grep -q -- "$1"; do
		[ "$k" -ge "${2:-8}" ] && return 1
		was=$(cursor_row); send Down; k=$((k + 1)); j=0
		while [ "$(cursor_row)" = "$was" ] && [ "$j" -lt $((20 * KC_SLOW)) ]; do sleep 0.1; j=$((j + 1)); done
	done
}

# bar_has / bar_lacks "what" LABEL: the key bar (the bottom line) shows LABEL ("o override")
# / is painted ("? help") without it.
bar_has() {
	b=$(screen | tail -n 1)
	case "$b" in *"$2"*) ok "$1" ;; *) notok "$1: the bar is '$b'" ;; esac
}
bar_lacks() {
	b=$(screen | tail -n 1)
	case "$b" in *"$2"*) notok "$1: the bar is '$b'" ;; *"? help"*) ok "$1" ;; *) notok "$1: no bar: '$b'" ;; esac
}
# open_session PHASE: Enter on the start screen's first session, until "PHASE |" shows
open_session() { wait_for "Sessions in progress" && send Enter && wait_for "$1 |"; }

expect() { if wait_for "$2" "${3:-5}"; then ok "$1"; else notok "$1: no '$2' on the screen"; show; fi; }
expect_not() { if wait_gone "$2" "${3:-2}"; then ok "$1"; else notok "$1: '$2' is on the screen"; show; fi; }

# The program has ended (the pane's shell printed its status).
# Joined lines (-J): after a kill -9 the terminal is left mid-screen and the marker may
# wrap at the right edge.
exited() {
	i=0
	while [ "$i" -lt $((${1:-5} * 10 * KC_SLOW)) ]; do
		tm capture-pane -p -J -t kc | grep -q 'KC-EXIT=' && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
exit_status() { screen | sed -n 's/^KC-EXIT=\([0-9]*\).*/\1/p'; }
# After the end: off the alternate screen, cursor visible, the tty back in cooked mode.
restored() {
	wait_for "KC-TTY: " 3 || return 1
	tty=$(printf '%s\n' "$scr" | sed -n 's/^KC-TTY: //p')
	[ "$(tm display-message -p -t kc '#{alternate_on} #{cursor_flag}')" = "0 1" ] || return 1
	case "$tty" in *icanon*) ;; *) return 1 ;; esac
	case " $tty" in *" -"*) return 1 ;; esac
}
