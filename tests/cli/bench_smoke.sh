#!/bin/sh
# A smoke run of make bench's big-database benchmark (tests/bench/bigdb.sh with
# tools/bench_big) on two tiny databases: every figure of issue 10, and the growth from one
# to the other, is printed with its target
# and a verdict, and the database is kept for the next run (kept under the schema version). Numbers are not judged here.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
bb="$root/${KC_BUILD:-build}/tools/bench_big"
case $KETCHART in /*) kcbin=$KETCHART ;; *) kcbin="$PWD/$KETCHART" ;; esac
if [ ! -x "$bb" ] || ! command -v sqlite3 >/dev/null; then
	echo "ok 1 # SKIP no $bb or no sqlite3 shell"
	echo "1..1"
	exit 0
fi
out=$(BENCH_RUNS=1 BENCH_MIN_MS=100000 BENCH_IDLE_S=1 BENCH_DIR="$T/bench" sh "$root/tests/bench/bigdb.sh" "$kcbin" "$bb" "20 30" 2>&1)
rc=$?
check "the benchmark runs to the end" [ "$rc" -eq 0 ]
for what in "demo --sessions N (sessions per CPU s)" "start screen (CPU ms)" "idle CPU, start screen" \
	"idle CPU, clinic board" "idle CPU, session chart" "report, " \
	"verify vs integrity_check" "backup vs .backup" "CSV export throughput" "FHIR export vs json_object" \
	"peak RSS, start" "peak RSS, report" "peak RSS, verify" "peak RSS, backup" "peak RSS, csv" "peak RSS, fhir" \
	"save CPU at 300 readings vs at 10"; do
	contains "it prints: $what" "$out" "$what"
done
lacks "nothing failed" "$out" "bigdb:"
# One run asked, and a CPU total the tiny databases never reach: a short figure takes more
# pairs, up to three times the runs asked.
contains "a short figure's runs are extended to three pairs" "$out" "took more pairs: at most 3"
contains "the demo's rate is measured on fresh makings, the sizes in turn" "$out" "demo: sizes up to 10000 made afresh"
# Each idle figure is measured on its own screen: typed to, painted, then a number.
for scr in "start screen" "clinic board" "session chart"; do
	# one line per size: every one a number (the message on one line)
	v=$(printf '%s\n' "$out" | awk -v s="idle CPU, $scr" 'index($0, s) == 1 { split(substr($0, 44), f, " "); printf "%s ", f[2] }')
	check "idle CPU on the $scr is a number at each size ($v)" sh -c "printf '%s' '$v' | grep -Eq '^([0-9]+[.][0-9]+ ){2}$'"
done
lacks "every screen was reached" "$out" "was never painted"
# Two sizes: the growth from one to the other, each time measured again side by side.
for c in start report verify backup csv fhir; do
	v=$(printf '%s\n' "$out" | awk -v s="growth 20->30, $c time" 'index($0, s) == 1 { split(substr($0, 44), f, " "); print f[2] }')
	check "the $c time's growth is measured ($v)" sh -c "printf '%s' '$v' | grep -Eq '^[0-9]+[.][0-9]+$'"
done
verdicts=$(printf '%s\n' "$out" | grep -cE ' (met|NOT MET|no baseline)$')
check "every figure has a verdict ($verdicts)" [ "$verdicts" -ge 47 ]
check "the database is kept for the next run" sh -c "ls '$T/bench'/s30.seed1.v*.db >/dev/null"
echo "1..$n"
