#!/bin/sh
# The configuration and labels files through the real binary: a FIFO or a device never
# hangs it, a repeated key or section is refused naming both lines, a file its group can
# write is refused, and the file's text comes back escaped.
. "$(dirname "$0")/lib.sh"

mkdir -m 700 "$T/c"
mkfifo "$T/c/fifo.ini"
expect_rc 2 "a FIFO as the configuration is refused at once" timeout 10 "$KETCHART" --config "$T/c/fifo.ini" --db "$T/c/x.db" init
contains "saying what it is" "$out" "it is a FIFO; a configuration is a plain file"
expect_rc 2 "check-config on /dev/zero is refused at once" timeout 10 "$KETCHART" check-config /dev/zero
contains "saying it is a device" "$out" "/dev/zero: cannot read: it is a device"
printf '[general]\nlabels_file = /dev/zero\n' >"$T/c/labels-zero.ini"
expect_rc 2 "a device as the labels file is refused at once" timeout 10 "$KETCHART" --config "$T/c/labels-zero.ini" --db "$T/c/x.db" init
contains "naming it" "$out" "it is a device; a labels file is a plain file"

printf '[alerts]\nsystolic_warn = 150\n\n[alerts]\nsystolic_warn = 120\n' >"$T/c/twice.ini"
expect_rc 2 "a repeated section and key are refused" kc check-config "$T/c/twice.ini"
contains "the section, with both lines" "$out" "line 4: [alerts] is given again (first on line 1)"
contains "the key, with both lines" "$out" "line 5: [alerts] systolic_warn is given again (first on line 2)"

printf '[alerts]\nsystolic_warn = 150\n' >"$T/c/group.ini"
chmod 0664 "$T/c/group.ini"
expect_rc 2 "a configuration its group can write is refused" kc check-config "$T/c/group.ini"
contains "with the fix" "$out" "can be written by its group: run 'chmod go-w $T/c/group.ini'"

printf '[alerts]\n\033[2J\033]0;owned\007x = 1\n' >"$T/c/esc.ini"
expect_rc 2 "a key with escape sequences is reported" kc check-config "$T/c/esc.ini"
lacks "without sending them to the terminal" "$out" "$(printf '\033')"
contains "escaped" "$out" '\x1b[2j\x1b]0;owned\x07x: unknown key'

echo "1..$n"
