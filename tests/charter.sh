# A scripted clinician at another terminal: tests/tool_charter.c run interactively (-i)
# through a fifo, for the fault tests and the screen tests of two clinicians at once.
# Needs $T (a private folder) and the notok of the sourcing lib.
: "${KC_BUILD:=build}"
CHARTER="$KC_BUILD/tests/tool_charter"
case $CHARTER in /*) ;; *) CHARTER=$(pwd)/$CHARTER ;; esac
if [ ! -x "$CHARTER" ]; then
	notok "the charter tool $CHARTER is built (make $CHARTER)"
	exit 1
fi

# charter_start ARGS...: start it; its answers go to $T/charter.out
charter_start() {
	rm -f "$T/charter.in" "$T/charter.out"
	mkfifo "$T/charter.in"
	: >"$T/charter.out"
	"$CHARTER" -i "$@" <"$T/charter.in" >"$T/charter.out" 2>"$T/charter.err" &
	charter_pid=$!
	exec 3>"$T/charter.in"
	charter_lines=0
	charter_wait 1 # the "# resume" line, or the error that stopped it
}

# charter_wait N: wait (at most 30 s, and no longer than it runs) until the charter has
# answered N more lines; the last one is in $reply
charter_wait() {
	want=$((charter_lines + $1)); i=0
	while [ "$(wc -l <"$T/charter.out")" -lt "$want" ] && [ $i -lt 300 ] && kill -0 "$charter_pid" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done
	charter_lines=$(wc -l <"$T/charter.out")
	reply=$(tail -n 1 "$T/charter.out")
}

# charter CMD: send one command and wait for its answer ($reply)
charter() { echo "$1" >&3; charter_wait 1; }

charter_stop() {
	echo q >&3 2>/dev/null
	exec 3>&-
	wait "$charter_pid"
	charter_rc=$?
	charter_pid=
}
