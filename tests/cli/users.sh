#!/bin/sh
# Who is charting, through the real binary: the login that creates a database is its
# admin; 'user add|list|disable' are the admin's; a login nobody added (another Unix user,
# run with setpriv) sees nothing clinical; a database shared with a Unix group works for
# the group's members and nobody else.
. "$(dirname "$0")/lib.sh"
export KETCHART_NOW=2026-11-21T10:00:00Z
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
nb_staff() { as "$gid" env HOME="$N/home" XDG_CONFIG_HOME="$N/config" XDG_DATA_HOME="$N/data" "$bin" "$@"; }
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

# A database shared with a group: the folder 2770 and the files 0660, the group's.
grp=$(getent group staff >/dev/null && echo staff || echo users)
gid=$(getent group "$grp" | cut -d: -f3)
printf '[general]\ngroup = %s\n' "$grp" >"$T/shared.ini"
shared="$N/shared/k.db"
expect_rc 0 "init with a group" kc --config "$T/shared.ini" --db "$shared" init
contains "says it is shared" "$out" "shared with the group $grp (folder 2770, files 0660)"
check "the folder is the group's, setgid, nothing for others" test "$(stat -c '%a %G' "$N/shared")" = "2770 $grp"
check "the file is the group's, 0660" test "$(stat -c '%a %G' "$shared")" = "660 $grp"
expect_rc 0 "the demo fills it" kc --config "$T/shared.ini" --db "$shared" demo
check "the file is still the group's" test "$(stat -c '%a %G' "$shared")" = "660 $grp"
expect_rc 0 "the admin adds the group member" kc --db "$shared" user add "$who" --role admin
expect_rc 0 "a member of the group reads the chart" nb_staff --db "$shared" report 1
contains "all of it" "$out" "mmHg"
expect_rc 0 "and writes (an admin adding a clinician)" nb_staff --db "$shared" user add nina
cp "$T/shared.ini" "$N/shared.ini" && chmod 644 "$N/shared.ini"
expect_rc 0 "init by another member finds it shared already" nb_staff --config "$N/shared.ini" --db "$shared" init
contains "and changes nothing" "$out" "(0 migrations applied)"
expect_rc 0 "which the creator sees" kc --db "$shared" user list
contains "nina is listed" "$out" "nina"
check "the database stays the group's" test "$(stat -c '%a %G' "$shared")" = "660 $grp"
expect_rc 1 "the same login outside the group cannot open it" nb --db "$shared" report 1
contains "it is a permission problem" "$out" "Permission denied"
printf '[general]\ngroup = nosuchgroup-kc\n' >"$T/nogroup.ini"
expect_rc 1 "an unknown group is refused" kc --config "$T/nogroup.ini" --db "$N/none/k.db" init
contains "by name, with the fix" "$out" "there is no Unix group 'nosuchgroup-kc' ([general] group): create it"
check "and nothing is created" test ! -e "$N/none"
