#!/bin/sh
# Who can reach the file. First the checks every database gets (a database others can
# read, a symbolic link, -wal and -shm files someone else planted); then shared mode, as
# root: a throwaway group and throwaway clinicians, the binary installed setgid into a
# temporary prefix, and what a clinician can and cannot do to the record.
. "$(dirname "$0")/lib.sh"
bin=$KETCHART
# Under make asan: LeakSanitizer refuses to run in a setgid process (a fatal error, exit 1),
# and this test installs a setgid copy. Leaks are checked by every other test; here they
# are not. (Ignored by a build without AddressSanitizer.)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac

# ---------- file checks ----------
mkdir -m 700 "$T/own"
db="$T/own/k.db"
expect_rc 0 "a database of one's own" kc --db "$db" demo
chmod 644 "$db"
expect_rc 1 "a database every user can read is refused" kc --db "$db" report 1
contains "with the exact chmod to run" "$out" "the database $db can be read by every user: run 'chmod o-rwx $db'"
lacks "and nothing of it is shown" "$out" "mmHg"
chmod o-rwx "$db"
expect_rc 0 "after that chmod it opens" kc --db "$db" report 1

# A link in a private folder to a database in a folder every user can write.
mkdir -m 777 "$T/open"
cp "$db" "$T/open/k.db"
mkdir -m 700 "$T/links"
ln -s "$T/open/k.db" "$T/links/k.db"
expect_rc 1 "a symbolic link does not hide the folder the database is really in" kc --db "$T/links/k.db" report 1
contains "the real folder is named" "$out" "the folder $T/open of the database can be written by every user"
ln -s "$db" "$T/links/good.db"
expect_rc 0 "a link to a private database is followed" kc --db "$T/links/good.db" report 1
chmod 604 "$db"
expect_rc 1 "and the file it resolves to is the one checked" kc --db "$T/links/good.db" report 1
contains "named by its real path" "$out" "the database $db can be read by every user"
chmod 600 "$db"

# -wal and -shm planted beside it.
kc --db "$db" verify >/dev/null 2>&1 # a clean close: no -wal or -shm left
: >"$db-wal"; chmod 666 "$db-wal"
expect_rc 1 "a -wal file every user can read and write is refused" kc --db "$db" report 1
contains "with its mode and the fix" "$out" "$db-wal has mode 0666, more open than the database's 0600: ketchart will not use it; run 'chmod 0600 $db-wal'"
check "and nothing was written into it" test ! -s "$db-wal"
rm -f "$db-wal"
ln -s "$T/open/elsewhere" "$db-shm"
expect_rc 1 "a -shm that is a symbolic link is refused" kc --db "$db" report 1
contains "as not a plain file" "$out" "$db-shm is not a plain file of its own"
check "and the link leads nowhere new" test ! -e "$T/open/elsewhere"
rm -f "$db-shm"
expect_rc 0 "without them the database opens" kc --db "$db" report 1

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1 || ! command -v useradd >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
	ok "# skip shared mode and other users' files need root, setpriv, useradd and make"
	exit 0
fi

: >"$db-wal"; chmod 600 "$db-wal"; chown 65534 "$db-wal"
expect_rc 1 "a -wal made by another user is refused" kc --db "$db" report 1
contains "naming its owner" "$out" "$db-wal belongs to uid 65534"
rm -f "$db-wal"

# ---------- shared mode, as root with throwaway users and group ----------
g=kcg$$ admin=kca$$ nurse=kcn$$
gone() { userdel "$admin" 2>/dev/null; userdel "$nurse" 2>/dev/null; groupdel "$g" 2>/dev/null; }
trap 'gone; rm -rf "$T"' EXIT
chmod 755 "$T"
for u in "$admin" "$nurse"; do
	useradd -M -d "$T/home-$u" -s /bin/sh "$u" && mkdir -m 700 "$T/home-$u" && chown "$u:" "$T/home-$u" ||
		notok "a throwaway user $u"
done
prefix="$T/usr" state="$T/var/lib/ketchart" conf="$T/etc/ketchart"
shdb="$state/ketchart.db"
# Under make check, MAKEFLAGS carries the build's variables (BUILD, SAN, OPT): the binary
# is linked from the same objects. Its jobserver is not ours to use.
install_shared() {
	MAKEFLAGS=$(printf '%s' "${MAKEFLAGS:-}" | sed -E 's/--jobserver-(auth|fds)=[^ ]*//g') \
	make -s --no-print-directory BUILD="${KC_BUILD:-build}" PREFIX="$prefix" SYSCONFDIR="$T/etc" \
		LOCALSTATEDIR="$T/var" KC_GROUP="$g" "$@" install-shared
}
expect_rc 2 "install-shared needs the first admin" install_shared
contains "and says so" "$out" "make install-shared ADMIN=LOGIN"
expect_rc 0 "install-shared into a temporary prefix, with its own group and folders" install_shared ADMIN="$admin"
kcs="$prefix/bin/ketchart"
contains "it makes the group" "$out" "group $g: created"
contains "the clinic's folder" "$out" "$state: folder root:$g 3770"
contains "the binary setgid" "$out" "$kcs: root:$g 2755 (setgid $g)"
contains "the first admin" "$out" "$admin is an admin of it"
check "the folder is root's and the group's, setgid and sticky, closed to others" \
	test "$(stat -c '%a %U %G' "$state")" = "3770 root $g"
check "the database is root's and the group's, 0660" test "$(stat -c '%a %U %G' "$shdb")" = "660 root $g"
check "the binary is setgid the group" test "$(stat -c '%a %U %G' "$kcs")" = "2755 root $g"
check "the clinic's configuration is root's, 0644" test "$(stat -c '%a %U' "$conf/config.ini")" = "644 root"
check "no clinician is in the group" test -z "$(getent group "$g" | cut -d: -f4)"
expect_rc 0 "setup again changes nothing" "$kcs" setup --shared "$admin"
contains "no migration" "$out" "(0 migrations applied)"
contains "the configuration is kept" "$out" "$conf/config.ini: kept as it is"

# as USER CMD...: a clean login's environment, the user's own groups
as() {
	u=$1; shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups env -i PATH=/usr/bin:/bin HOME="$T/home-$u" "$@"
}
expect_rc 0 "the admin adds a nurse through ketchart" as "$admin" "$kcs" user add "$nurse" --name "Nina Nurse"
expect_rc 0 "the nurse reaches the record through ketchart" as "$nurse" "$kcs" verify
contains "which verifies" "$out" "ok: the audit chain is whole"
expect_rc 1 "but only as a nurse" as "$nurse" "$kcs" user add "$nurse" --role admin
contains "the store knows her by her real uid" "$out" "only an admin may manage clinicians ($nurse is a nurse)"

# What the nurse cannot do to the file without ketchart.
expect_rc 1 "the nurse cannot open the shared file for writing" as "$nurse" sh -c "true >>'$shdb' || exit 1"
expect_rc 1 "nor read it" as "$nurse" cat "$shdb"
expect_rc 1 "nor rename it away" as "$nurse" mv "$shdb" "$shdb.gone"
expect_rc 1 "nor the folder" as "$nurse" mv "$state" "$state.gone"
check "the database is still there" test -s "$shdb"
if command -v sqlite3 >/dev/null 2>&1; then
	expect_rc 1 "nor forge through the sqlite3 shell" as "$nurse" sqlite3 "$shdb" \
		"UPDATE clinician SET role = 'admin' WHERE login = '$nurse'"
	expect_rc 1 "nor plant a -wal file" as "$nurse" sh -c "true >'$shdb-wal' || exit 1"
else
	ok "# skip no sqlite3 shell"
fi
expect_rc 0 "the admin's list still has her a nurse" as "$admin" "$kcs" user list
contains "a nurse" "$out" "$(printf '%-16s %-9s' "$nurse" nurse)"

# Overrides refused while privileged.
expect_rc 2 "--db is refused" as "$nurse" "$kcs" --db "$T/home-$nurse/k.db" init
contains "naming the clinic's database" "$out" "whose database is $shdb"
expect_rc 2 "--config is refused" as "$nurse" "$kcs" --config /dev/null verify
expect_rc 2 "the test clock is refused on the clinic's database" as "$nurse" env KETCHART_NOW=2025-01-01T09:00:00Z "$kcs" verify
contains "as on any real database" "$out" "is a real database: the test clock runs only on a training database"
expect_rc 2 "demo is refused" as "$nurse" "$kcs" demo
contains "the clinic's database is never a training one" "$out" "is never one"
expect_rc 2 "init --training too" as "$nurse" "$kcs" init --training
expect_rc 0 "XDG variables do not move the database" as "$nurse" env XDG_DATA_HOME="$T/home-$nurse" XDG_CONFIG_HOME="$T/home-$nurse" "$kcs" init
contains "it is still the clinic's" "$out" "$shdb: the clinic's shared database"

# The configuration: the clinic's one file; a clinician's own sets display preferences only.
mkdir -p "$T/home-$nurse/.config/ketchart"
printf '[alerts]\nsystolic_warn = 200\n' >"$T/home-$nurse/.config/ketchart/config.ini"
chown -R "$nurse:" "$T/home-$nurse/.config"
expect_rc 2 "a clinician's own file cannot move an alert limit" as "$nurse" "$kcs" verify
contains "it is the clinic's setting" "$out" "[alerts] systolic_warn: the clinic's setting, in its configuration only"
printf '[general]\noverdue_bell = no\n' >"$T/home-$nurse/.config/ketchart/config.ini"
expect_rc 0 "a display preference is hers to set" as "$nurse" "$kcs" verify
chmod 666 "$conf/config.ini"
expect_rc 2 "a clinic configuration others can write is refused" as "$nurse" "$kcs" verify
contains "with the fix" "$out" "$conf/config.ini is not as setup left it"
chmod 644 "$conf/config.ini"
sed -i "s|^labels_file = .*|labels_file = $T/home-$nurse/labels.ini|" "$conf/config.ini"
expect_rc 2 "a labels file outside the clinic's folder is refused" as "$nurse" "$kcs" verify
contains "saying where it must be" "$out" "are read from $conf only"
sed -i 's|^labels_file = .*|labels_file = ""|' "$conf/config.ini"

# The group only opens the database: a backup's copy is the nurse's own.
expect_rc 0 "the nurse backs the record up" as "$nurse" "$kcs" backup "$T/home-$nurse/copy.db"
check "the copy is hers, not the group's" test "$(stat -c '%U %G %a' "$T/home-$nurse/copy.db")" = "$nurse $(id -gn "$nurse") 600"
expect_rc 1 "nor can a backup be written into the clinic's folder" as "$nurse" "$kcs" backup "$state/copy.db"
check "which holds no copy" test ! -e "$state/copy.db"

# The files as setup left them, or nothing is done.
chmod 664 "$shdb"
expect_rc 1 "a shared database others can read is refused" as "$nurse" "$kcs" verify
contains "naming it and the fix" "$out" "$shdb is not as setup left it"
chmod 660 "$shdb"
: >"$shdb-wal"; chown "$nurse:$g" "$shdb-wal"; chmod 666 "$shdb-wal"
expect_rc 1 "a -wal made 0666 by a clinician is refused" as "$admin" "$kcs" user list
contains "with its mode" "$out" "$shdb-wal has mode 0666, more open than the database's 0660"
rm -f "$shdb-wal"
expect_rc 0 "without it all is well again" as "$admin" "$kcs" user list
