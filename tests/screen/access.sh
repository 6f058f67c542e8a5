#!/bin/sh
# A clinician an admin disables while their screens are open: the screens watch PRAGMA
# data_version and close within 2 s, saying why; nothing clinical stays on the screen.
# The admin is another Unix user (nobody, through setpriv), so this needs root.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "ok 1 # skip another Unix user needs root and setpriv"
	exit 0
fi
me=$(id -un)
who=$(getent passwd 65534 | cut -d: -f1)
# The database in a folder of nobody's (root, running the screens, reaches it anyway).
chmod 755 "$T"
mkdir "$T/nb"
DB="$T/nb/kc.db"
demo_db
"$KETCHART" --db "$DB" user add "$who" --role admin >/dev/null
chown -R 65534:65534 "$T/nb"
chmod 700 "$T/nb"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/ "$KETCHART" --db "$DB" "$@"; }

start --
expect "the screens open on the demo" "Samuel Okafor"
t0=$(date +%s%N)
as_nobody user disable "$me" >/dev/null 2>&1 && ok "another admin disables $me meanwhile" ||
	notok "another admin disables $me meanwhile"
if exited 2; then
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	ok "the screens close within 2 s (${ms} ms)"
else
	notok "the screens close within 2 s"
	look; show
fi
expect "saying why" "is not a ketchart clinician (disabled)"
expect "and that the screens were closed" "the screens were closed"
expect_not "no patient is left on the screen" "Samuel Okafor"
check "the exit status is 1" "KC-EXIT=1"
restored && ok "the terminal is restored" || notok "the terminal is restored"

# A change that is not about this clinician leaves the screens open.
as_nobody user add "$me" --role admin >/dev/null 2>&1
start --
expect "enabled again, the screens open" "Samuel Okafor"
as_nobody user add nina >/dev/null 2>&1 && ok "another clinician is added meanwhile" ||
	notok "another clinician is added meanwhile"
# The watch looks once a real second: 2 s of looks, and the program is still running.
exited 2 && notok "the screens stay open" || ok "the screens stay open"
expect "still showing the sessions" "Samuel Okafor"
