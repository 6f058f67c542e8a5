#!/bin/sh
# Build the libFuzzer targets tests/fuzz/fuzz_*.c with clang (ASan + UBSan; src/core/*.c and
# src/cli.c compiled here, not the gcc archive) and run each for FUZZ_SECONDS.
#
#   sh tools/fuzz.sh [TARGET...]     e.g. fuzz_entry fuzz_cli; default: every target
#   FUZZ_SECONDS  seconds per target (default 60)
#   FUZZ_BUILD=0  only run what $FUZZ_OUT holds (two runs side by side share one build)
#   FUZZ_OUT      where binaries, the working corpora, logs and crashes go (build/fuzz)
#   FUZZ_CC       the compiler (clang)
#
# The committed seeds (tests/fuzz/corpus/TARGET) are copied into the working corpus
# $FUZZ_OUT/corpus/TARGET, which keeps growing between runs. A crashing input is kept in
# $FUZZ_OUT/artifacts/TARGET/ and its report in $FUZZ_OUT/TARGET.log. One summary line per
# target; the exit status is 1 when any target crashed (or failed to build).
set -u
cd "$(dirname "$0")/.." || exit 1

secs=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-build/fuzz}
cc=${FUZZ_CC:-clang}

cflags="-std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
-fno-omit-frame-pointer"
warnings="-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
-Wpointer-arith"
ini_cflags=$(pkg-config --cflags iniparser 2>/dev/null || echo -I/usr/include/iniparser)
ini_libs=$(pkg-config --libs iniparser 2>/dev/null || echo -liniparser)
# the libraries the Makefile links (PKG_LIBS), shared here
sql_libs=$(pkg-config --libs sqlite3 libsodium libutf8proc jansson uuid 2>/dev/null ||
	echo -lsqlite3 -lsodium -lutf8proc -ljansson -luuid)
# pango's and cairo's headers for the PDF code (loaded with dlopen, never linked)
pdf_cflags=$(pkg-config --cflags pangocairo cairo-pdf 2>/dev/null)
cppflags="-D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Iinclude -I. $ini_cflags $pdf_cflags"

# Can cc build and link a libFuzzer binary? (clang alone lacks the runtime.)
probe() {
	mkdir -p "$out" &&
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return (int)(d && n) * 0; }' |
		$cc -fsanitize=fuzzer,address,undefined -x c - -o "$out/.probe" 2>/dev/null
}

need_clang() {
	probe && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "fuzz: installing clang libclang-rt-14-dev"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			clang libclang-rt-14-dev && probe && return 0
	fi
	echo "fuzz: clang with libFuzzer is missing. Run as root:" >&2
	echo "  apt-get update && apt-get install -y clang libclang-rt-14-dev" >&2
	exit 1
}

# Recompile obj when it is missing or older than its source, any header, or this script.
stale() {
	[ ! -f "$2" ] || [ -n "$(find "$1" tools/fuzz.sh -newer "$2")" ] ||
		[ -n "$(find include src tests/fuzz -name '*.h' -newer "$2")" ]
}

# Compile src into obj. Core sources are not held to -Werror here: gcc is their judge.
compile() {
	mkdir -p "$(dirname "$2")"
	stale "$1" "$2" || return 0
	echo "  CC      $1"
	rm -f "$2"
	# shellcheck disable=SC2086
	$cc $cppflags $cflags $warnings $3 -c -o "$2" "$1"
}

# The core goes into a clang-built archive, so a target pulls in only what it uses and a
# module another engineer is halfway through editing does not stop the parsers' fuzzing.
build() {
	objs=""
	for src in src/store/*.c src/rules/*.c src/chart/*.c src/core/*.c src/cli.c; do
		obj=$out/obj/${src%.c}.o
		if compile "$src" "$obj" ""; then
			objs="$objs $obj"
		else
			echo "fuzz: warning: $src does not compile; left out" >&2
		fi
	done
	rm -f "$out/libkc.a"
	# shellcheck disable=SC2086
	ar rcs "$out/libkc.a" $objs || return 1
	for t in $targets; do
		compile "tests/fuzz/$t.c" "$out/obj/$t.o" -Werror || return 1
		echo "  LD      $out/$t"
		# shellcheck disable=SC2086
		$cc $cflags -o "$out/$t" "$out/obj/$t.o" "$out/libkc.a" $ini_libs $sql_libs -lm ||
			return 1
	done
}

stat_of() {
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

# Run one target; print its summary line; return 1 when it crashed.
run() {
	t=$1 corpus=$out/corpus/$1 art=$out/artifacts/$1 log=$out/$1.log
	mkdir -p "$corpus" "$art"
	cp tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
	touch "$out/.start-$t"
	start=$(date +%s)
	"$out/$t" -max_total_time="$secs" -max_len=4096 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$art/" "$corpus" >"$log" 2>&1
	rc=$?
	ran=$(($(date +%s) - start))
	crashes=$(find "$art" -type f -newer "$out/.start-$t" -exec basename {} \; | tr '\n' ' ')
	crashes=${crashes% }
	rm -f "$out/.start-$t"
	[ $rc -ne 0 ] && [ -z "$crashes" ] && crashes="exit status $rc, see $log"
	printf '%s: %s s, %s executions (%s/s), crashes: %s\n' "$t" "$ran" \
		"$(stat_of number_of_executed_units "$log")" "$(stat_of average_exec_per_sec "$log")" \
		"${crashes:-0}"
	[ -z "$crashes" ]
}

if [ $# -gt 0 ]; then
	targets=$*
else
	targets=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c; done)
fi

if [ "${FUZZ_BUILD:-1}" != 0 ]; then
	need_clang
	build || { echo "fuzz: build failed" >&2; exit 1; }
fi

status=0
for t in $targets; do
	[ -x "$out/$t" ] || { echo "fuzz: $out/$t is not built" >&2; status=1; continue; }
	run "$t" || status=1
done
exit $status
