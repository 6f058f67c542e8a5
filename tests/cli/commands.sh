#!/bin/sh
# The command line of design.md: exit codes, messages, files, and the sub-commands'
# output on a demo database. Scripts and clinics depend on all of it.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z

expect_rc 0 "--version exits 0" kc --version
contains "--version names the program" "$out" "ketchart "
expect_rc 0 "--help exits 0" kc --help
contains "--help lists the commands" "$out" "check-config"
contains "--help lists the user commands" "$out" "user add LOGIN [--name \"NAME\"] [--role nurse|physician|admin]"
expect_rc 2 "an unknown flag exits 2" kc --frobnicate
contains "an unknown flag is named, with usage" "$out" "unknown option '--frobnicate'"
contains "usage follows a usage error" "$out" "usage: ketchart"
expect_rc 2 "an unknown command exits 2" kc frob

db="$T/data/sub/ketchart.db"
expect_rc 1 "report without a database exits 1" kc --db "$db" report 1
contains "it says how to create one" "$out" "ketchart init"
check "and creates no file" test ! -e "$db"

expect_rc 0 "init creates a database" kc --db "$db" init --training
contains "init reports the schema version" "$out" "schema version"
check "the database is readable by its owner only" test "$(stat -c %a "$db")" = 600
check "its new folder is the owner's only" test "$(stat -c %a "$(dirname "$db")")" = 700
contains "its creator is its admin" "$out" "$(id -un) is an admin here"
expect_rc 0 "init again is harmless" kc --db "$db" init
contains "and applies no migration" "$out" "(0 migrations applied)"

# Files every user can write are refused, naming the path and the fix.
chmod o+w "$db"
expect_rc 1 "a database every user can write is refused" kc --db "$db" report 1
contains "with the fix" "$out" "the database $db can be written by every user: run 'chmod o-w $db'"
chmod o-w "$db"
chmod o+w "$(dirname "$db")"
expect_rc 1 "so is its folder" kc --db "$db" report 1
contains "with the fix for the folder" "$out" "run 'chmod o-w $(dirname "$db")'"
chmod o-w "$(dirname "$db")"
printf '[general]\nclinic_name = Open\n' >"$T/open.ini"
chmod 0666 "$T/open.ini"
expect_rc 2 "a configuration every user can write is refused" kc --config "$T/open.ini" --db "$db" init
contains "naming it and the fix" "$out" "the configuration $T/open.ini can be written by every user: run 'chmod o-w $T/open.ini'"
expect_rc 2 "check-config says so too" kc check-config "$T/open.ini"
contains "in the same words" "$out" "the configuration $T/open.ini can be written by every user"
chmod 0644 "$T/open.ini"
expect_rc 0 "once it is not, it is used" kc --config "$T/open.ini" --db "$db" init
mkdir -m 0777 "$T/opendir" && cp "$T/open.ini" "$T/opendir/c.ini"
expect_rc 2 "so is one in a folder every user can write" kc --config "$T/opendir/c.ini" --db "$db" init
contains "naming the folder and the fix" "$out" "the folder $T/opendir of the configuration $T/opendir/c.ini can be written by every user: run 'chmod o-w $T/opendir'"
expect_rc 1 "report of an unknown session exits 1" kc --db "$db" report 99
contains "and says which" "$out" "no session 99"
expect_rc 1 "report of a chart number no patient has exits 1" kc --db "$db" report abc
contains "and names it" "$out" "no patient with the chart number 'abc'"
expect_rc 2 "report of CHART_NO@ a non-date exits 2" kc --db "$db" report abc@monday

# Configuration: every bad key named, exit 2, and no command runs on it.
cat >"$T/bad.ini" <<'INI'
[alerts]
systolic_warn = 190
heart_rate_warn_high = fast
spo2_critical = 20
[screening]
bogus_key = 1
INI
expect_rc 2 "check-config on a bad file exits 2" kc check-config "$T/bad.ini"
contains "a warn limit above its critical limit is named" "$out" "$T/bad.ini: [alerts] systolic_warn:"
contains "a non-number is named" "$out" "$T/bad.ini: [alerts] heart_rate_warn_high:"
contains "an out-of-range value is named" "$out" "$T/bad.ini: [alerts] spo2_critical:"
contains "an unknown key is named" "$out" "$T/bad.ini: [screening] bogus_key:"
expect_rc 0 "check-config accepts config.ini.example" kc check-config config.ini.example
expect_rc 2 "check-config on a missing file exits 2" kc check-config "$T/nope.ini"
contains "and says it cannot read it" "$out" "$T/nope.ini"
expect_rc 2 "init refuses to run on a bad config" kc --config "$T/bad.ini" --db "$T/other.db" init
check "and creates nothing" test ! -e "$T/other.db"
expect_rc 2 "a missing --config file is an error" kc --config "$T/nope.ini" --db "$db" init
mkdir -p "$XDG_CONFIG_HOME/ketchart" && cp "$T/bad.ini" "$XDG_CONFIG_HOME/ketchart/config.ini"
expect_rc 2 "the default-location config is validated too" kc --db "$db" init
rm "$XDG_CONFIG_HOME/ketchart/config.ini"
expect_rc 2 "a malformed test clock is refused" env KETCHART_NOW=yesterday "$KETCHART" --db "$db" init

# Demo database, report, export.
demo="$T/demo.db"
expect_rc 0 "demo creates a database" kc --db "$demo" demo
expect_rc 1 "demo refuses a database that has patients" kc --db "$demo" demo
expect_rc 0 "report of demo session 1" kc --db "$demo" report 1
# The demo's list of the day holds its three bookings whatever the hour, on that day's date:
# near midnight a time that would fall on another day is kept on this one.
demo_day() { # DATE HH:MM, then the three bookings' times that day
	mkdir -m 700 "$T/day-$2"
	TZ=UTC KETCHART_NOW="$1T$2:00Z" kc --db "$T/day-$2/d.db" demo >/dev/null 2>&1
	got=$(sqlite3 "$T/day-$2/d.db" "SELECT group_concat(p.chart_no || ' ' ||
		strftime('%Y-%m-%d %H:%M', b.at, 'unixepoch'), ', ') FROM booking b JOIN patient p ON p.id = b.patient_id")
	want="KC-1003 $1 $3, KC-1004 $1 $4, KC-1005 $1 $5"
	if [ "$got" = "$want" ]; then ok "the demo made at $1 $2 books the day's three on $1"
	else notok "the demo made at $1 $2 books the day's three on $1"; echo "#   got: $got"; echo "#   want: $want"; fi
}
demo_day 2026-03-10 12:00 11:00 11:15 13:30
demo_day 2026-03-10 23:50 22:50 23:05 23:59
demo_day 2026-03-11 00:20 00:00 00:00 01:50
contains "the report shows blood pressure with its unit" "$out" "mmHg"
contains "the report shows the signature" "$out" "igned"
expect_rc 0 "CSV export" kc --db "$demo" export --format csv
contains "CSV has a header row" "$out" "systolic"
check "CSV lines end in CRLF" sh -c '"$0" --db "$1" export --format csv | head -n 1 | od -c | grep -q "\\\\r  \\\\n"' "$KETCHART" "$demo"
all=$(printf '%s\n' "$out" | wc -l)
expect_rc 0 "CSV export since a future date" kc --db "$demo" export --format csv --since 2030-01-01
check "holds only the header (and the cursor on stderr)" test "$(printf '%s\n' "$out" | grep -vc '^cursor: ')" -eq 1
check "while the full export has rows" test "$all" -gt 5
expect_rc 0 "FHIR export" kc --db "$demo" export --format fhir
contains "FHIR uses the LOINC systolic code" "$out" "8480-6"
expect_rc 2 "export with a bad --since exits 2" kc --db "$demo" export --format csv --since soon

# Manual pages render silently.
check "ketchart.1 renders without warnings" sh -c '[ -z "$(groff -man -ww -Tutf8 man/ketchart.1 2>&1 >/dev/null)" ]'
check "ketchart.ini.5 renders without warnings" sh -c '[ -z "$(groff -man -ww -Tutf8 man/ketchart.ini.5 2>&1 >/dev/null)" ]'

# Licensed item labels named by the config are validated like the config itself.
printf '[cssrs]\n9 = beyond the screener\n' >"$T/labels.ini"
printf '[general]\nlabels_file = %s\n' "$T/labels.ini" >"$T/labels-cfg.ini"
expect_rc 2 "check-config validates the labels file it names" kc check-config "$T/labels-cfg.ini"
contains "and names the bad item" "$out" "$T/labels.ini: [cssrs] 9: not an item number"
expect_rc 2 "commands refuse to run with a bad labels file" kc --config "$T/labels-cfg.ini" --db "$demo" report 1
printf '[cssrs]\n1 = Clinic wording\n' >"$T/labels.ini"
expect_rc 0 "a good labels file is accepted" kc --config "$T/labels-cfg.ini" --db "$demo" report 1
