#!/bin/sh
# ASCII when the locale is not UTF-8 (issue 11): under LANG=C every message the screens
# show is ASCII, its dashes and degree signs as "-" and "deg", never "30???280"; the
# command line's errors to such a terminal too.
. "$(dirname "$0")/lib.sh"

demo_db
start LANG=C LC_ALL=C --
open_session "DOSING" || { notok "the running session opens"; show; }
vitals 300/20 80 "" "" ""
expect "an impossible BP is refused with its range in ASCII" "(allowed 30-280 mmHg)"
check_not "... no '?' run where the dash was" "30\?+280|\?\?"
check_not "... nothing but ASCII on the screen" "[^ -~]"
send Escape; wait_for "Discard the entry"; send y; wait_gone "Vitals reading"
send v; wait_for "Vitals reading"
send Tab Tab Tab Tab Tab; type_text 50; send C-s
expect "an impossible temperature is refused with degrees in ASCII" "allowed 30-45 degC"
check_not "... no '?' run" "\?\?"
check_not "... nothing but ASCII on the screen" "[^ -~]"
send Escape; wait_for "Discard the entry"; send y; wait_gone "Vitals reading"
send Escape; wait_for "Sessions in progress"; send q; exited 5

# The command line: an error message to a terminal in the C locale.
tm new-window -d -t kc "env LANG=C LC_ALL=C '$KETCHART' --db '$DB' check-config /nonexistent/\$(printf 'caf\\303\\251'); echo CLI-DONE; sleep 60" 2>/dev/null
i=0; out=""
while [ "$i" -lt $((50 * KC_SLOW)) ]; do
	out=$(tm capture-pane -p -t kc:1 2>/dev/null)
	case "$out" in *CLI-DONE*) break ;; esac
	sleep 0.1; i=$((i + 1))
done
case "$out" in *"caf?"*) ok "a CLI error names a non-ASCII path with one '?' for its one character" ;;
*) notok "a CLI error names a non-ASCII path with one '?' for its one character"; printf '%s\n' "$out" | sed 's/^/#   /' ;; esac
