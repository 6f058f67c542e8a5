#!/bin/sh
# Who is charting, through the real binary: the login that creates a database is its
# admin; 'user add|list|disable' are the admin's; a login nobody added (another Unix user,
# run with setpriv) sees nothing clinical.
. "$(dirname "$0")/lib.sh"
me=$(id -un)

db="$T/data/k.db"
expect_rc 0 "init creates a database" kc --db "$db" init
contains "its creator is its admin" "$out" "$me is an admin here"
expect_rc 0 "the admin lists the clinicians" kc --db "$db" user list
contains "the list has a header" "$out" "LOGIN            ROLE      STATUS   NAME"
contains "the admin is on it" "$out" "$(printf '%-16s %-9s %-8s' "$me" admin active)"
expect_rc 0 "user add with a name" kc --db "$db" user add nina --name "Nina Nurse"
contains "a nurse unless told otherwise" "$out" "nina: nurse (Nina Nurse)"
contains "an unknown Unix user is pointed out" "$out" "there is no Unix user 'nina' on this machine yet"
expect_rc 0 "user add again changes the role" kc --db "$db" user add nina --role physician
contains "keeping the name" "$out" "nina: physician (Nina Nurse)"
expect_rc 2 "an unknown role is a usage error" kc --db "$db" user add eve --role surgeon
contains "naming the roles" "$out" "unknown role 'surgeon' (nurse, physician or admin)"
expect_rc 2 "--name goes with user add only" kc --db "$db" user list --name X
expect_rc 1 "a login with a space is refused" kc --db "$db" user add "e ve"
contains "as not a login name" "$out" "'e ve' is not a login name"
expect_rc 1 "the last admin cannot be disabled" kc --db "$db" user disable "$me"
contains "and it says why" "$out" "$me is the last active admin: make another clinician an admin first"
expect_rc 0 "a clinician is disabled" kc --db "$db" user disable nina
contains "their entries stay" "$out" "nina: disabled (their entries stay in the charts)"
expect_rc 0 "the list shows it" kc --db "$db" user list
contains "as disabled" "$out" "$(printf '%-16s %-9s %-8s' nina physician disabled)"
expect_rc 1 "an unknown login cannot be disabled" kc --db "$db" user disable ghost
contains "it is named" "$out" "no clinician with the login 'ghost'"

# Another Unix user: root runs the program as nobody (uid 65534), on copies of the
# database that nobody can reach.
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	ok "# SKIP other Unix users need root and setpriv"
	exit 0
fi
N=$(mktemp -d)
trap 'rm -rf "$T" "$N"' EXIT
chmod 755 "$N"
bin=$KETCHART
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
# as GROUPS ARGS...: run as nobody with the supplementary groups GROUPS ("" for none)
as() {
	g=$1; shift
	if [ -n "$g" ]; then set -- --groups="$g" "$@"; else set -- --clear-groups "$@"; fi
	setpriv --reuid=65534 --regid=65534 "$@"
}
nb() { as "" env HOME="$N/home" XDG_CONFIG_HOME="$N/config" XDG_DATA_HOME="$N/data" "$bin" "$@"; }
who=$(getent passwd 65534 | cut -d: -f1)

demo="$T/demo.db"
expect_rc 0 "a demo database" kc --db "$demo" demo
mkdir "$N/own" && cp "$demo" "$N/own/k.db" && chown -R 65534:65534 "$N/own" && chmod 700 "$N/own"
own="$N/own/k.db"
msg="user '$who' is not a ketchart clinician: ask an admin to run 'ketchart user add $who'"
expect_rc 1 "an unknown login cannot see a report" nb --db "$own" report 1
contains "and is told whom to ask" "$out" "$msg"
lacks "nor any of it" "$out" "mmHg"
expect_rc 1 "nor export" nb --db "$own" export --format csv
contains "for the same reason" "$out" "$msg"
expect_rc 1 "nor verify" nb --db "$own" verify
contains "verify says so" "$out" "$msg"
expect_rc 1 "nor back up" nb --db "$own" backup "$N/own/copy.db"
check "and no copy is made" test ! -e "$N/own/copy.db"
expect_rc 1 "nor open the screens" nb --db "$own"
contains "the screens say so before starting" "$out" "$msg"
expect_rc 1 "nor manage clinicians" nb --db "$own" user list
contains "user list says so" "$out" "$msg"
expect_rc 0 "init on the database still tells the version" nb --db "$own" init
contains "and whom to ask" "$out" "note: $msg"
expect_rc 0 "the admin adds the login" kc --db "$own" user add "$who" --name "No Body"
expect_rc 0 "then the report opens" nb --db "$own" report 1
contains "with its values" "$out" "mmHg"
expect_rc 1 "a nurse cannot manage clinicians" nb --db "$own" user add eve
contains "only an admin may" "$out" "only an admin may manage clinicians ($who is a nurse)"
expect_rc 0 "the admin disables the login" kc --db "$own" user disable "$who"
expect_rc 1 "a disabled login sees nothing again" nb --db "$own" report 1
contains "and is told so" "$out" "user '$who' is not a ketchart clinician (disabled)"

# A database several clinicians share: shared mode, in tests/cli/shared.sh.
