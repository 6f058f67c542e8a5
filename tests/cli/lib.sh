# Shared helpers for script tests: TAP-like "ok N - what" / "not ok N - what" lines.
# KETCHART names the binary; KC_VALGRIND=1 runs it under valgrind.
n=0
VG_SUPP=$(cd "$(dirname "$0")/.." && pwd)/valgrind.supp # fontconfig's caches (tests/valgrind.supp)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"
: "${KETCHART:=./ketchart}"
kc() {
	if [ "${KC_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions="$VG_SUPP" "$KETCHART" "$@"
	else
		"$KETCHART" "$@"
	fi
}
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
# check "what" command...: passes when the command succeeds
check() { what=$1; shift; if "$@"; then ok "$what"; else notok "$what"; fi; }
# expect_rc CODE "what" command...: the command exits with CODE; its output is in $out
expect_rc() {
	want=$1; what=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$what"; else notok "$what (exit $rc, wanted $want)"; printf '%s\n' "$out" | sed 's/^/#   /'; fi
}
# contains "what" "$text" needle
contains() { case "$2" in *"$3"*) ok "$1" ;; *) notok "$1: no '$3' in"; printf '%s\n' "$2" | sed 's/^/#   /' ;; esac; }
lacks() { case "$2" in *"$3"*) notok "$1: unexpected '$3'" ;; *) ok "$1" ;; esac; }
