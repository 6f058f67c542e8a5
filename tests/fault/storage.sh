#!/bin/sh
# Storage faults, through the real binary where it can show them and through the charter
# tool (an open charting session) where they happen mid-session: a damaged file, a
# read-only database, another writer holding the lock past the busy timeout, a full disk
# (a real small tmpfs when this machine lets us mount one, and always a simulated one).
# Each must give a clear message, store nothing half-written, lose nothing accepted, and
# let the same typed entry be saved again once the fault is gone.
. "$(dirname "$0")/lib.sh"

demo="$T/demo.db"
kc --db "$demo" demo >/dev/null || { notok "a demo database"; exit 1; }
session=$(sqlite3 "$demo" "SELECT id FROM session WHERE phase = 'dosing' AND ended_at IS NULL")
# a copy of the demo (closed cleanly, so no -wal / -shm beside it)
fresh() { cp "$demo" "$1"; }
# counts DB: the entry rows and audit rows, to show that a failed save wrote nothing
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM vitals) || '/' || (SELECT count(*) FROM observation)
	|| '/' || (SELECT count(*) FROM dose_event) || '/' || (SELECT count(*) FROM audit)"; }
# word N "$reply": the Nth word of an answer
word() { printf '%s\n' "$2" | awk -v n="$1" '{ print $n }'; }
# On any exit: stop what still runs (so nothing keeps the tmpfs busy), unmount, clean up.
cleanup() {
	for p in ${charter_pid:-} ${holder_pid:-}; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -n "${mnt:-}" ] && umount "$mnt" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

# ---------- a damaged file: every command says so, suggests the backup, never crashes ----------

# run_all DB LABEL CMDS...: run each command on DB; tally the answers in $bad_rc, $no_damaged,
# $no_backup, $crashed (lists of the commands that failed each expectation)
run_all() {
	rdb=$1; label=$2; shift 2
	bad_rc="" no_damaged="" no_backup="" crashed=""
	for c in "$@"; do
		rm -f "$T/copy.db"
		# shellcheck disable=SC2086 # the command's words
		timeout 20 "$KETCHART" --db "$rdb" $c </dev/null >/dev/null 2>"$T/cmd.err"; rc=$?
		e=$(cat "$T/cmd.err")
		[ $rc -eq 1 ] || bad_rc="$bad_rc '${c:-(screens)}' ($rc)"
		case "$e" in *damaged*) ;; *) no_damaged="$no_damaged '${c:-(screens)}'" ;; esac
		case "$e" in *backup*) ;; *) no_backup="$no_backup '${c:-(screens)}'" ;; esac
		case "$e" in *Sanitizer* | *"runtime error"*) crashed="$crashed '${c:-(screens)}'" ;; esac
		[ $rc -ge 2 ] && [ $rc -ne 124 ] && crashed="$crashed '${c:-(screens)}' ($rc)"
		echo "# $label: ${c:-(screens)}: exit $rc: $e"
	done
}
# damage DB OFFSET BYTES: overwrite BYTES at OFFSET
damage() { printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
ff16=$(printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377')

fresh "$T/header.db"
damage "$T/header.db" 0 "not a database!!"
run_all "$T/header.db" "damaged header" init demo "report $session" "export --format csv" \
	"export --format fhir" verify "backup $T/copy.db" ""
check "a damaged file header: every command (and the screens) exits 1${bad_rc:+ — not:$bad_rc}" test -z "$bad_rc"
check "each says the database is damaged${no_damaged:+ — not:$no_damaged}" test -z "$no_damaged"
check "each suggests restoring the backup${no_backup:+ — not:$no_backup}" test -z "$no_backup"
check "none crashes${crashed:+ — crashed:$crashed}" test -z "$crashed"

# Bytes in the middle of the file: the page at the root of the vitals table.
fresh "$T/middle.db"
psize=$(sqlite3 "$demo" "PRAGMA page_size")
vpage=$(sqlite3 "$demo" "SELECT rootpage FROM sqlite_schema WHERE name = 'vitals'")
damage "$T/middle.db" $(((vpage - 1) * psize)) "$ff16"
echo "# damaged: page $vpage of $(sqlite3 "$demo" "PRAGMA page_count") (the vitals table)"
run_all "$T/middle.db" "damaged vitals page" init "report $session" "export --format csv" \
	"export --format fhir" verify "backup $T/copy.db"
check "a damaged page mid-file: every command exits 1${bad_rc:+ — not:$bad_rc}" test -z "$bad_rc"
check "each says the database is damaged${no_damaged:+ — not:$no_damaged}" test -z "$no_damaged"
check "each suggests restoring the backup${no_backup:+ — not:$no_backup}" test -z "$no_backup"
check "none crashes${crashed:+ — crashed:$crashed}" test -z "$crashed"
check "a backup of the damaged file leaves no damaged copy behind" test ! -e "$T/copy.db"
check "the damaged file is left as it was (nothing tried to repair it)" \
	test "$(cmp -l "$demo" "$T/middle.db" | wc -l)" -eq 16

# Every page in turn: whatever is damaged, no command crashes, an exit 1 says "damaged",
# and verify never passes a file that sqlite's integrity_check finds damaged.
pages=$(sqlite3 "$demo" "PRAGMA page_count")
sweep_crash="" sweep_msg="" sweep_verify=""
p=2
while [ $p -le "$pages" ]; do
	fresh "$T/sweep.db"
	damage "$T/sweep.db" $(((p - 1) * psize)) "$ff16"
	for c in "report $session" "export --format csv" verify; do
		# shellcheck disable=SC2086
		timeout 20 "$KETCHART" --db "$T/sweep.db" $c >/dev/null 2>"$T/cmd.err"; rc=$?
		[ $rc -le 1 ] && ! grep -q 'Sanitizer\|runtime error' "$T/cmd.err" || sweep_crash="$sweep_crash $p:'$c'($rc)"
		[ $rc -ne 1 ] || grep -q damaged "$T/cmd.err" || sweep_msg="$sweep_msg $p:'$c'"
		[ "$c" != verify ] || [ $rc -eq 1 ] || [ "$(integrity "$T/sweep.db")" = ok ] ||
			sweep_verify="$sweep_verify $p($(sqlite3 "$demo" "SELECT name FROM dbstat WHERE pageno = $p" 2>/dev/null))"
	done
	p=$((p + 1))
done
check "each of pages 2-$pages damaged in turn: no command crashes${sweep_crash:+ — crashed:$sweep_crash}" test -z "$sweep_crash"
check "every exit 1 on them says the database is damaged${sweep_msg:+ — not:$sweep_msg}" test -z "$sweep_msg"
check "verify exits 1 whenever integrity_check finds the damage${sweep_verify:+ — passed with page:$sweep_verify}" \
	test -z "$sweep_verify"

# ---------- read-only: a database this clinician cannot write ----------
# As root permissions are not enforced, so the clinician is an unprivileged user (nobody)
# who created the database; otherwise the user running the tests.
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		as_user() { return 99; }
	fi
	chmod 711 "$T"
	mkdir "$T/ro"; chown 65534:65534 "$T/ro"
	echo "# read-only: as uid 65534 (setpriv), since root ignores file permissions"
else
	as_user() { "$@"; }
	mkdir "$T/ro"
	echo "# read-only: as $(id -un)"
fi
rodb="$T/ro/ro.db"
as_user "$KETCHART" --db "$rodb" demo >/dev/null
check "the clinician makes a database of their own" test -s "$rodb"
ro_session=$(sqlite3 "$rodb" "SELECT id FROM session WHERE phase = 'dosing' AND ended_at IS NULL")
sum=$(cksum <"$rodb")

chmod 0400 "$rodb"; chmod 0555 "$T/ro"
# Reading needs no writing: report, export, verify and backup work on it.
expect_rc 0 "file 0400, folder 0555: report still prints the session" as_user "$KETCHART" --db "$rodb" report "$ro_session"
contains "with its chart" "$out" "VITALS"
expect_rc 0 "export still works" as_user "$KETCHART" --db "$rodb" export --format csv
contains "with the readings" "$out" "vitals,$ro_session,"
expect_rc 0 "verify still works" as_user "$KETCHART" --db "$rodb" verify
contains "and finds it whole" "$out" "ok: the audit chain is whole"
mkdir -m 0777 "$T/rocopy"; chmod 0700 "$T/rocopy"
[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$T/rocopy"
expect_rc 0 "backup still copies it" as_user "$KETCHART" --db "$rodb" backup "$T/rocopy/copy.db"
check "and no -wal or -shm file was made by reading it" test ! -e "$rodb-wal" -a ! -e "$rodb-shm"
expect_rc 1 "the screens do not start on it (they write)" as_user timeout 20 "$KETCHART" --db "$rodb"
contains "and say why before any screen is drawn" "$out" "is read-only"
expect_rc 1 "a charting session cannot start on it" as_user "$CHARTER" -n 1 "$rodb" "$ro_session"
contains "with the read-only status and message" "$out" "read-only: the database $rodb is read-only"
check "the file is unchanged" test "$(cksum <"$rodb")" = "$sum"
check "and no -wal or -shm file was made" test ! -e "$rodb-wal" -a ! -e "$rodb-shm"

chmod 0755 "$T/ro"; chmod 0400 "$rodb"
expect_rc 1 "file 0400 in a writable folder: charting exits 1" as_user "$CHARTER" -n 1 "$rodb" "$ro_session"
contains "it says read-only" "$out" "is read-only"
chmod 0600 "$rodb"; chmod 0555 "$T/ro"
expect_rc 1 "a writable file in a read-only folder (no room for its -wal): charting exits 1" \
	as_user "$CHARTER" -n 1 "$rodb" "$ro_session"
contains "it says the database cannot be written" "$out" "read-only: the database $rodb cannot be written"
check "the file is still unchanged" test "$(cksum <"$rodb")" = "$sum"

chmod 0755 "$T/ro"
as_user "$CHARTER" -n 1 "$rodb" "$ro_session" >"$T/ro.log" 2>&1
check "with the permissions back, the entry (the same values) is saved" test "$(accepted "$T/ro.log")" -eq 1
check "and is there" test "$(missing "$rodb" "$T/ro.log")" = 0

# ---------- locked: another writer holds the database past the busy timeout ----------
lockdb="$T/locked.db"
fresh "$lockdb"
charter_start "$lockdb" "$session"
charter v
check "a session charts on the database" test "$(word 1 "$reply")" = V
mkfifo "$T/holder.in"
sqlite3 "$lockdb" <"$T/holder.in" >"$T/holder.out" 2>&1 &
holder_pid=$!
exec 4>"$T/holder.in"
# The shell waits for the lock (a busy shell would give up at once and hold nothing).
echo ".timeout 5000" >&4
echo "BEGIN EXCLUSIVE;" >&4
i=0 # wait until a probe with no patience finds the lock taken
while sqlite3 -cmd ".timeout 0" "$lockdb" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
check "the sqlite3 shell holds BEGIN EXCLUSIVE" test $i -lt 100
before=$(counts "$lockdb")
charter v
echo "# locked: $reply"
check "a save against the held lock fails as busy" test "$(word 1 "$reply") $(word 2 "$reply")" = "E busy"
check "after waiting the whole busy timeout ($(word 3 "$reply") ms, timeout 30000)" test "$(word 3 "$reply")" -ge 29900
contains "the message says the database is busy" "$reply" "the database is busy (another clinician is saving)"
contains "that nothing was saved and to try again" "$reply" "nothing was saved — try again"
check "and nothing was written" test "$(counts "$lockdb")" = "$before"
expect_rc 0 "reading goes on meanwhile: verify passes" kc --db "$lockdb" verify
expect_rc 0 "and report prints the session" kc --db "$lockdb" report "$session"
# The retry: the same form, sent while the lock is still held for one more second.
echo r >&3
sleep 1
echo "COMMIT;" >&4
charter_wait 1
echo "# retried: $reply"
check "the retry waits the second for the other writer and is saved" test "$(word 1 "$reply")" = V
exec 4>&-
wait "$holder_pid"; holder_pid=
charter_stop
check "the charter ends cleanly" test "$charter_rc" -eq 0
check "everything accepted is there" test "$(missing "$lockdb" "$T/charter.out")" = 0
check "the retried entry is stored once" test "$(counts "$lockdb" | cut -d/ -f1)" -eq $(($(echo "$before" | cut -d/ -f1) + 1))
check "integrity_check is ok" test "$(integrity "$lockdb")" = ok
check "verify passes" verified "$lockdb"

# ---------- disk full ----------

# full_session DB: charting on DB goes on until the disk is full (fill_disk), then every
# kind of entry fails as "disk full" and writes nothing; once free_disk has made room the
# same typed entry is saved. fill_disk / free_disk are set by the caller.
full_session() {
	fdb=$1; label=$2; shift 2
	charter_start "$@" "$fdb" "$session"
	charter v
	check "$label: charting works before the disk fills" test "$(word 1 "$reply")" = V
	fill_disk
	i=0 # a write that fits the space the -wal already holds may still succeed
	while charter v && [ "$(word 1 "$reply")" = V ] && [ $i -lt 50 ]; do i=$((i + 1)); done
	echo "# $label: $i more saved before: $reply"
	check "$label: the first failing save says disk full" test "$(word 1 "$reply") $(word 2 "$reply")" = "E disk-full"
	contains "$label: the message says the disk is full and the entry was not saved" "$reply" \
		"the disk is full: the entry was NOT saved"
	before=$(counts "$fdb")
	failed=""
	for c in r o d v; do
		charter "$c"
		[ "$(word 2 "$reply")" = disk-full ] || failed="$failed $c:'$reply'"
	done
	check "$label: the retry, an observation, an infusion event, another reading: all refused the same way${failed:+ — not:$failed}" \
		test -z "$failed"
	check "$label: nothing of them was written" test "$(counts "$fdb")" = "$before"
	check "$label: integrity_check is ok on the full disk" test "$(integrity "$fdb")" = ok
	check "$label: verify passes on the full disk" verified "$fdb"
	check "$label: every accepted entry is there" test "$(missing "$fdb" "$T/charter.out")" = 0
	free_disk
	charter r
	check "$label: with room again the same typed reading is saved" test "$(word 1 "$reply")" = V
	check "$label: once" test "$(counts "$fdb" | cut -d/ -f1)" -eq $(($(echo "$before" | cut -d/ -f1) + 1))
	charter_stop
	check "$label: the session ends cleanly" test "$charter_rc" -eq 0
	check "$label: afterwards everything accepted is there" test "$(missing "$fdb" "$T/charter.out")" = 0
	check "$label: integrity_check is ok" test "$(integrity "$fdb")" = ok
	check "$label: verify passes" verified "$fdb"
}

# Simulated (works anywhere): the charter's own VFS shim fails every write with SQLITE_FULL.
fill_disk() { charter full; }
free_disk() { charter free; }
fresh "$T/shim.db"
full_session "$T/shim.db" "simulated full disk" -F

# Real: a small tmpfs, filled with a file. Mounting needs root (and a system that allows
# it); "ulimit -f" is no substitute: past the limit write() fails with EFBIG, which SQLite
# reports as a generic I/O error, not as a full disk.
mnt="$T/small"
mkdir "$mnt"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=16m,mode=0700 tmpfs "$mnt" 2>/dev/null; then
	echo "# disk full: a real 16 MB tmpfs at $mnt"
	fill_disk() { dd if=/dev/zero of="$mnt/filler" bs=64k >/dev/null 2>&1; }
	free_disk() { rm -f "$mnt/filler"; }
	fresh "$mnt/full.db"
	full_session "$mnt/full.db" "real full disk"

	# The commands on a full disk.
	fill_disk
	expect_rc 1 "demo into a new database on the full disk exits 1" kc --db "$mnt/new.db" demo
	contains "saying the disk is full" "$out" "the disk is full"
	check "and leaves no half-filled database" test ! -e "$mnt/new.db" -a ! -e "$mnt/new.db-wal"
	expect_rc 1 "a backup onto the full disk exits 1" kc --db "$demo" backup "$mnt/copy.db"
	contains "saying the disk is full and naming the copy" "$out" "the disk is full: the backup $mnt/copy.db was not made"
	check "and leaves no partial copy" test ! -e "$mnt/copy.db"
	expect_rc 1 "init of a new database on the full disk exits 1" kc --db "$mnt/init.db" init
	contains "saying the disk is full" "$out" "is full"
	check "and leaves no 0-byte database" test ! -e "$mnt/init.db" -a ! -e "$mnt/init.db-wal"
	# Starting on a full disk: SQLite cannot make the -shm file the -wal needs.
	rm -f "$mnt/full.db-shm"
	expect_rc 1 "opening the database on the full disk exits 1" kc --db "$mnt/full.db" report "$session"
	contains "saying the disk is full" "$out" "is full"
	lacks "without claiming an entry that nobody made" "$out" "NOT saved"
	free_disk
	expect_rc 0 "with room again it opens and verifies" kc --db "$mnt/full.db" verify
	umount "$mnt" && mnt=

	# A read-only file system: report, export, verify and backup still read it, and
	# nothing is created beside the database.
	mkdir "$T/rofs"
	if mount -t tmpfs -o size=16m,mode=0700 tmpfs "$T/rofs"; then
		mnt="$T/rofs"
		kc --db "$mnt/d.db" demo >/dev/null
		rofs_session=$(sqlite3 "$mnt/d.db" "SELECT id FROM session WHERE phase = 'dosing' AND ended_at IS NULL")
		mount -o remount,ro "$mnt"
		expect_rc 0 "read-only file system: report works" kc --db "$mnt/d.db" report "$rofs_session"
		expect_rc 0 "export works" kc --db "$mnt/d.db" export --format fhir
		expect_rc 0 "verify works" kc --db "$mnt/d.db" verify
		contains "and finds the anchor of the signature" "$out" "anchor: audit row"
		expect_rc 0 "backup to a writable place works" kc --db "$mnt/d.db" backup "$T/rofs-copy.db"
		check "no -wal or -shm was made on it" test ! -e "$mnt/d.db-wal" -a ! -e "$mnt/d.db-shm"
		expect_rc 1 "charting refuses it" "$CHARTER" -n 1 "$mnt/d.db" "$rofs_session"
		umount "$mnt" && mnt=
	fi
else
	echo "# disk full: no tmpfs can be mounted here (not root, or not allowed): only the simulated full disk"
	ok "# SKIP a real full disk needs a mountable tmpfs"
fi
