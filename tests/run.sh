#!/bin/sh
# Run the unit test binaries (cmocka), then the script tests (TAP-like "ok"/"not ok"
# lines), and print one closing line "N passed, N failed" counting single tests.
# Usage: run.sh BIN [unit binaries...] -- [script tests...]
# KC_VALGRIND=1 runs every unit binary (and, in the scripts, every ketchart call) under valgrind;
# the screen tests leave one valgrind log per process in KC_VG_LOGS, and a script with a
# log that is not empty (an error or a leak) fails here with the log shown.
bin=$1; shift
pass=0; fail=0; failed=""
vg=""
[ "${KC_VALGRIND:-}" = 1 ] && vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=$(cd "$(dirname "$0")" && pwd)/valgrind.supp"
count() { sed -n "s/^\[  $1  \] \([0-9]*\) test.*/\1/p" "$2" | head -n 1; }
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	t=$1; shift
	log=$(mktemp)
	$vg "$t" >"$log" 2>&1; rc=$?
	p=$(count PASSED "$log"); f=$(count FAILED "$log")
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ] || [ -z "$p" ]; then
		[ -z "$f" ] && fail=$((fail + 1))
		failed="$failed $(basename "$t")"; cat "$log"
	fi
	echo "$(basename "$t"): ${p:-0} passed, ${f:-0} failed"
	rm -f "$log"
done
[ "${1:-}" = "--" ] && shift
# vg_reports SCRIPT: the valgrind logs of SCRIPT's programs that report something
vg_reports() { [ -n "${KC_VG_LOGS:-}" ] && find "$KC_VG_LOGS" -name "$(basename "$1" .sh).*" -size +0 2>/dev/null; }
for s in "$@"; do
	log=$(mktemp)
	[ -n "${KC_VG_LOGS:-}" ] && rm -f "$KC_VG_LOGS/$(basename "$s" .sh)".*
	KETCHART="$bin" sh "$s" >"$log" 2>&1; rc=$?
	for v in $(vg_reports "$s"); do
		echo "not ok - valgrind: $v reports errors or leaks" >>"$log"; sed 's/^/#   /' "$v" >>"$log"
	done
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		[ "$f" -eq 0 ] && fail=$((fail + 1))
		failed="$failed $(basename "$s")"; cat "$log"
	fi
	echo "$(basename "$s"): $p passed, $f failed"
	rm -f "$log"
done
echo
[ -n "$failed" ] && echo "failed in:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
