#!/bin/sh
# The test clock (KETCHART_NOW, KETCHART_CLOCK_SCALE) is for training only: it runs on a
# database made by demo or init --training, which says TRAINING wherever it prints, and a
# real database refuses it before anything is dated (a clock a user can set is a way to
# backdate the record). The training mark is set on a new database only and never removed.
. "$(dirname "$0")/lib.sh"
NOW=2025-01-01T09:00:00Z
EPOCH=$(date -u -d "$NOW" +%s)
clocked() { env KETCHART_NOW=$NOW "$@"; }
audit() { sqlite3 "$1" "SELECT count(*) || ' ' || max(at) FROM audit"; }
last_at() { sqlite3 "$1" "SELECT at FROM audit ORDER BY id DESC LIMIT 1"; }
sq() { sqlite3 -bail "$@" || return 1; }
refusal="is a real database: the test clock runs only on a training database (made by 'ketchart demo' or 'ketchart init --training')"

# ---------- a real database ----------
real="$T/real.db"
expect_rc 0 "init without --training makes a real database" kc --db "$real" init
lacks "which is not called training" "$out" "TRAINING"
before=$(audit "$real")
expect_rc 2 "the test clock is refused on it" clocked "$KETCHART" --db "$real" user add nina
contains "with the reason and the way out" "$out" "$refusal"
contains "and that nothing was done" "$out" "unset them to use this one; nothing was done"
check "nothing is written, nothing dated" test "$(audit "$real")" = "$before"
expect_rc 2 "the scale alone is refused too" env KETCHART_CLOCK_SCALE=60 "$KETCHART" --db "$real" user add nina
for cmd in "report 1" "export --format csv" "verify" "backup $T/copy.db" "user list" "init"; do
	# shellcheck disable=SC2086 # the command's words
	expect_rc 2 "$cmd refuses the test clock on a real database" clocked "$KETCHART" --db "$real" $cmd
done
check "backup made no copy" test ! -e "$T/copy.db"
expect_rc 2 "so do the screens, before they start" clocked "$KETCHART" --db "$real"
contains "in the same words" "$out" "$refusal"
check "and still nothing is dated" test "$(audit "$real")" = "$before"
expect_rc 0 "without the test clock the real database is used" kc --db "$real" user add nina
check "and dated now, not $NOW" test "$(last_at "$real")" -gt "$EPOCH"
expect_rc 2 "init with the test clock does not create a real database" clocked "$KETCHART" --db "$T/new.db" init
contains "it says why" "$out" "is not a training database"
check "and creates no file" test ! -e "$T/new.db"
expect_rc 2 "--training goes with init only" kc --db "$real" report 1 --training

# ---------- a training database ----------
train="$T/train.db"
expect_rc 0 "init --training with the test clock" clocked "$KETCHART" --db "$train" init --training
contains "says it is a training database" "$out" "a TRAINING database, not a clinical record"
expect_rc 0 "the test clock runs on it" clocked "$KETCHART" --db "$train" user add nina
check "the entry is dated by the test clock" test "$(last_at "$train")" = "$EPOCH"
expect_rc 0 "init again keeps it a training database" kc --db "$train" init
contains "and says so" "$out" "a TRAINING database"

demo="$T/demo.db"
expect_rc 0 "demo makes a training database" clocked "$KETCHART" --db "$demo" demo
expect_rc 0 "its report" kc --db "$demo" report 1
check "starts with the training line" test "$(printf '%s\n' "$out" | head -n 1)" = "TRAINING DATABASE - not a clinical record"
check "and ends with it" test "$(printf '%s\n' "$out" | tail -n 1)" = "TRAINING DATABASE - not a clinical record"
expect_rc 0 "verify says so" kc --db "$demo" verify
contains "first" "$out" "TRAINING DATABASE"

# ---------- the stepped clock (KETCHART_CLOCK_STEP=FILE): a training feature too ----------
step="$T/step"
stepped() { env KETCHART_NOW=$NOW KETCHART_CLOCK_STEP="$step" "$@"; }
before=$(audit "$real")
expect_rc 2 "the stepped clock is refused on a real database" stepped "$KETCHART" --db "$real" user add omar
contains "in the same words" "$out" "$refusal"
check "and nothing is written" test "$(audit "$real")" = "$before"
expect_rc 2 "with a scale too it is refused: a stepped clock does not run" \
	env KETCHART_NOW=$NOW KETCHART_CLOCK_STEP="$step" KETCHART_CLOCK_SCALE=60 "$KETCHART" --db "$train" user list
contains "saying why" "$out" "KETCHART_CLOCK_STEP and KETCHART_CLOCK_SCALE are both set"
expect_rc 0 "on a training database with no file yet the clock stands at KETCHART_NOW" stepped "$KETCHART" --db "$train" user add omar
check "the entry is dated $NOW" test "$(last_at "$train")" = "$EPOCH"
echo 2700 > "$step"
expect_rc 0 "the file moves it" stepped "$KETCHART" --db "$train" user add pia
check "45 minutes on" test "$(last_at "$train")" = "$((EPOCH + 2700))"

# ---------- the mark cannot be flipped ----------
expect_rc 1 "the sqlite3 shell cannot remove the mark" sq "$demo" "DELETE FROM training"
contains "the database says why" "$out" "the training mark is never changed or removed"
expect_rc 1 "nor change it" sq "$demo" "UPDATE training SET marked_at = 0"
# A real record with patients (the demo with its mark taken away the hard way: its schema
# taken back to 5, so the upgrade makes the table again, empty).
cp "$demo" "$T/patients.db"
sqlite3 "$T/patients.db" "DROP TABLE training; PRAGMA user_version = 5"
expect_rc 0 "the upgrade leaves a real database" kc --db "$T/patients.db" init
lacks "not a training one" "$out" "TRAINING"
before=$(audit "$T/patients.db")
expect_rc 2 "init --training refuses a database that holds patients" kc --db "$T/patients.db" init --training
contains "saying a training database is made new" "$out" "already holds patients: a training database is always made new"
expect_rc 2 "demo refuses it too" kc --db "$T/patients.db" demo
check "adding nothing to it" test "$(audit "$T/patients.db")" = "$before"
check "and the file is kept" test -s "$T/patients.db"
expect_rc 1 "nor can the sqlite3 shell mark it" sq "$T/patients.db" "INSERT INTO training VALUES (1, 0)"
contains "the database refuses" "$out" "a database that holds patients never becomes a training database"

# The demo's times are whole minutes relative to KETCHART_NOW, whenever within that minute it
# reads the clock: a stepped clock 7 seconds on stands for a busy machine's slow start. Before
# the demo took its moment on the minute, every time was that much late (a reading due
# 09:06:07, a screen's countdown off by one, a screen test failing on CI).
fast="$T/fast.db"
printf '7\n' >"$T/step7"
expect_rc 0 "demo on a test clock 7 s past KETCHART_NOW" env KETCHART_NOW=2026-11-21T09:00:00Z \
	KETCHART_CLOCK_STEP="$T/step7" "$KETCHART" --db "$fast" demo
odd=$(sq "$fast" "SELECT count(*) FROM vitals WHERE taken_at % 60 <> 0 OR entered_at % 60 <> 0")
[ "$odd" = 0 ] && ok "every reading's times are whole minutes" || notok "$odd readings off the minute"
last=$(sq "$fast" "SELECT strftime('%H:%M:%S', max(taken_at), 'unixepoch') FROM vitals")
[ "$last" = "08:56:00" ] && ok "the last reading is 4 minutes before KETCHART_NOW" || notok "the last reading at $last"
