#!/bin/sh
# The clinicians screen, driven in tmux: an admin lists, adds, changes, disables and enables
# clinicians; bad logins and the last admin are refused with the store's message; a
# clinician who is not an admin cannot open it. `ketchart user list` checks every change.
. "$(dirname "$0")/lib.sh"

kc() { "$KETCHART" --db "$DB" "$@"; }
# The CLI's line for a login: "LOGIN ROLE STATUS NAME".
cli_row() { kc user list | awk -v l="$1" '$1 == l'; }
# The screen's list row for a login (marker and blanks before it; the status line and the
# help text never start so).
row() { screen | sed -n '4,18p' | grep -E "^[^a-zA-Z0-9(]*$1 "; }
# check "what" VALUE PATTERN: ok when VALUE matches the shell pattern.
check() {
	case "$2" in $3) ok "$1" ;; *) notok "$1: got '$2'"; show ;; esac
}
# The screen's row for a login once it matches (the screen repaints after a change).
wait_row() {
	i=0
	while [ "$i" -lt 50 ]; do
		r=$(row "$1")
		case "$r" in $2) break ;; esac
		sleep 0.1; i=$((i + 1))
	done
	look
	printf '%s' "$r"
}

fresh_db

# ---------- an admin opens it ----------
start --
wait_for "No patients yet"
expect_re "U is on the start bar for an admin" " U( staff)? "
send U
expect "U opens the clinicians screen" "Clinicians (1)"
check "root is listed as the admin, active, and marked as you" "$(wait_row root '*admin*active*')" \
	'*root*admin*active*(you)*'
printf '%s\n' "$scr" | sed -n 1p | grep -q "Clinicians" && ok "the header says Clinicians" ||
	{ notok "the header says Clinicians"; show; }
expect "the bar offers adding" "n add"
expect "the roles are explained on the screen" "may also manage clinicians here"
send Escape
expect "Esc goes back to the start screen" "No patients yet"
start --
wait_for "No patients yet"
send U
wait_for "Clinicians (1)"

# ---------- adding: bad logins keep the form ----------
send n
expect "n opens the add form" "Add a clinician"
type_text "a b"; send C-s
expect "a login with a blank is refused with the store's message" "'a b' is not a login name"
expect "the form stays with what was typed" "user name)  a b "
send C-u; send -l -- "-bob"; send C-s
expect "a login starting with '-' is refused" "'-bob' is not a login name"
printf '%s\n' "$scr" | grep -q "Add a clinician" && ok "the form is still open" ||
	{ notok "the form is still open"; show; }
[ -z "$(cli_row -bob)$(cli_row a)" ] && ok "no bad login reached the database" ||
	notok "no bad login reached the database"
send C-u; type_text alice; send Tab; type_text "Alice Nurse"; send Tab; send C-s
expect_not "a good login closes the form" "Add a clinician"
expect "the list counts her" "Clinicians (2)"
check "alice is listed as an active nurse with her name" "$(wait_row alice '*nurse*')" \
	'*alice*Alice Nurse*nurse*active*'
case "$(row alice)" in *"(you)"*) notok "(you) is only on our own row"; show ;;
*) ok "(you) is only on our own row" ;; esac
check "the CLI lists alice as an active nurse" "$(cli_row alice)" 'alice*nurse*active*Alice Nurse'

send n; wait_for "Add a clinician"
type_text alice; send C-s
expect "adding an existing login says so and points to Enter" "alice is already a clinician (nurse)"
send Escape; wait_for "Discard the entry"; send y
expect_not "the form can be cancelled" "Add a clinician"

# ---------- changing the role ----------
send Home Enter
expect "Enter opens the change form for the highlighted clinician" "Change clinician alice"
expect "the form starts with her display name" "Display name  Alice Nurse"
send Tab p
expect "p picks physician" "Role          physician"
send Enter
expect_not "Enter on the last field saves" "Change clinician alice"
check "alice is listed as a physician" "$(wait_row alice '*physician*')" '*alice*Alice Nurse*physician*active*'
check "the CLI lists alice as a physician" "$(cli_row alice)" 'alice*physician*active*Alice Nurse'

# ---------- disabling, enabling ----------
send d
expect "d asks before disabling" "Disable alice? They can no longer open ketchart"
send n
expect_not "any other key than y keeps her" "Disable alice?"
check "she stays active after no" "$(cli_row alice)" 'alice*physician*active*'
send d; wait_for "Disable alice?"; send y
check "y disables alice on the screen" "$(wait_row alice '*DISABLED*')" '*alice*physician*DISABLED*'
check "the CLI lists alice as disabled" "$(cli_row alice)" 'alice*physician*disabled*'
send d
expect "d on a disabled login says why not" "alice is disabled already"
send e
check "e enables alice again with her role" "$(wait_row alice '*active*')" '*alice*physician*active*'
check "the CLI lists alice as active again" "$(cli_row alice)" 'alice*physician*active*'

# ---------- the last admin ----------
send End d
expect "disabling our own login asks first" "Disable your own login root?"
send y
expect "the last admin cannot be disabled: the store's message" "root is the last active admin"
check "root stays an active admin" "$(cli_row root)" 'root*admin*active*'
check "the screen still shows root active" "$(row root)" '*root*admin*active*'
send Enter; wait_for "Change clinician root"; send Tab n Enter
expect "giving up our own admin asks first" "Give up your own admin role?"
send y
expect "the last admin keeps the role: the store's message" "root is the last active admin"
check "root is still an admin" "$(cli_row root)" 'root*admin*active*'

# ---------- help, a small terminal ----------
send '?'
expect "? lists the screen's keys" "Keys of the Clinicians screen"
expect "the help says what d does" "disable the highlighted login"
send Escape
expect "Esc closes the help" "Clinicians (2)"
resize 60 20
check "at 60x20 a row still shows its role and status" "$(wait_row alice '*active*')" '*alice*physician*active*'
expect "at 60x20 the bar still shows the keys" "n add"
resize 80 24
wait_for "Clinicians (2)"

# ---------- another terminal's change shows by itself ----------
kc user add bob --role admin >/dev/null 2>&1
check "a clinician added from the CLI appears without a key" "$(wait_row bob '*admin*')" '*bob*admin*active*'

# ---------- not an admin any more ----------
kc user add root --role nurse >/dev/null 2>&1
# root may no longer list the clinicians: the refusal names the role.
check "the CLI demoted root" "$(kc user list 2>&1)" '*only an admin may*(root is a nurse)*'
expect "the open screen closes once root is no longer an admin" "No patients yet"
expect "and says why" "only an admin may manage clinicians"
send U
expect "U again opens a nurse's own row only: the role is read again on coming back to the start screen" \
	"Clinicians (1)"
send n
expect "and n says only an admin manages clinicians" "Only an admin manages clinicians (you are a nurse)"
send Escape
wait_for "No patients yet"

# ---------- giving up our own admin here, once another admin exists ----------
DB="$T/second.db"
fresh_db
kc user add carol --role admin >/dev/null
start --
wait_for "No patients yet"
send U
wait_row root '*admin*' >/dev/null
send End Enter
wait_for "Change clinician root (you)"
send Tab n Enter
expect "giving up our own admin asks first" "Give up your own admin role?"
send y
expect "root is no longer an admin: the screen says so" "You (root) are no longer an active admin"
expect "and goes back to the start screen" "No patients yet"
check "the CLI refuses root the list now (a nurse)" "$(kc user list 2>&1)" '*(root is a nurse)*'
