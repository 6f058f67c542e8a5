#!/bin/sh
# The issue 11 matrix: every bullet of the issue's first list under the six TERM values
# (vt100, xterm, xterm-256color, screen-256color, tmux-256color, linux) and at 60x20,
# 80x24 and 132x43, in the C locale (ASCII). One ketchart start per TERM x size, several
# checks each, every one waiting for its state (never a sleep):
#   header     the header names who is charting (login and role)
#   keys       PgDn, End, Home, Shift-Tab, Del and F5 as the raw bytes a terminal sends:
#              they act or are dropped whole, never Esc plus typed text
#   ^C draft   ^C with a half-typed vitals form keeps a draft; the next start (the next
#              cell of the matrix) gets it back, marked not charted
#   ASCII      a refusal carries its range in ASCII ("30-280 mmHg"), the screen nothing else
#   cut text   the side-effects heading stands whole, apart from its rule
#   effects    a headache is offered the analgesic, never the antiemetic
#   start form Enter on the start form's first field starts the session
# The keys of keys.sh (every sequence at 80x24) and the cuts of layout_cut.sh go deeper;
# this script holds the bullets at every size.
. "$(dirname "$0")/lib.sh"

demo_db
LOGIN=$(id -un)
raw() { tm send-keys -t kc -H $(printf "$1" | od -An -tx1); }
STRAY='[0-9;]~|\[\[?[A-Z0-9]|Search:|(^|[^A-Za-z])O[A-DFHPQRS]([^A-Za-z]|$)'
# The start form: one demo patient without a session in progress for each size.
drafted=""
for size in 60x20 80x24 132x43; do
	KC_COLS=${size%x*} KC_ROWS=${size#*x}
	case $size in 60x20) who=Lucas name="Lucas Moreau" ;; 80x24) who=Jordan name="Jordan Ellis" ;; *) who=Hannah name="Hannah Kowalski" ;; esac
	for t in vt100 xterm xterm-256color screen-256color tmux-256color linux; do
		c="$t $size"
		start TERM=$t LANG=C LC_ALL=C --
		if ! open_session "DOSING"; then notok "$c: the running session opens"; show; stop; continue; fi
		# ---------- header: who is charting ----------
		if screen | head -n 1 | grep -q "$LOGIN (admin)"; then ok "$c: the header names $LOGIN (admin)"
		else notok "$c: the header names $LOGIN (admin)"; screen | head -n 1 | sed 's/^/#   /'; fi
		# ---------- the draft the previous cell left by ^C ----------
		send v; wait_for "Vitals reading" || { notok "$c: v opens the vitals form"; show; }
		if [ -n "$drafted" ]; then
			expect_re "$c: the draft ^C kept comes back, not charted" "restored draft from [0-9]{2}:[0-9]{2} - not charted"
			check "$c: ... with the BP typed" "142/91"
			send Escape; wait_for "Discard the entry"; send y
		else
			send Escape
		fi
		wait_gone "Vitals reading" || { notok "$c: the vitals form closes"; show; }
		# ---------- ASCII: a refusal with its range ----------
		send v; wait_for "Vitals reading"
		type_text 300/20; send Enter
		expect "$c: an impossible BP is refused with its range in ASCII" "30-280 mmHg"
		check_not "$c: ... nothing but ASCII on the screen" "[^ -~]"
		# ---------- keys in a form: Home, Del, Shift-Tab, End never type text ----------
		send C-u; type_text 123
		raw '\033[H'; raw '\033[3~'
		expect_re "$c: Home then Del (Esc [ 3 ~) edit the field" "BP \(e.g. 142/91\) +23 "
		raw '\033[Z'; raw '\033[F'; raw '\033OF'
		check_not "$c: Shift-Tab and End leave no stray text" "$STRAY|23Z"
		send Escape; wait_for "Discard the entry"; send y; wait_gone "Vitals reading"
		# ---------- keys on a screen: PgDn in the chart view, F5 ----------
		send c
		if wait_re "lines 1-[0-9]+ of"; then
			raw '\033[6~'
			if wait_re "lines [0-9]*[02-9][0-9]*-[0-9]+ of|lines 1[0-9]+-"; then ok "$c: PgDn (Esc [ 6 ~) scrolls the chart view"
			else notok "$c: PgDn (Esc [ 6 ~) scrolls the chart view"; show; fi
			check_not "$c: ... and leaves no stray text" "$STRAY|Sessions in progress"
			raw '\033[15~'
			check_not "$c: F5 leaves nothing typed" "$STRAY"
			send Escape
		else notok "$c: c opens the chart view"; show; fi
		wait_for "DOSING |" || { notok "$c: back to the session screen"; show; }
		# ---------- side effects: the heading whole, the headache's list ----------
		send e
		expect_re "$c: the side-effects heading stands whole" "(^| )Side effects this session \([0-9]+\)"
		check_not "$c: ... apart from any other heading" "[a-z]Side effects this session|Record[-q]+Side"
		send h; wait_for "Headache NRS 0-10" || { notok "$c: h opens the headache form"; show; }
		send Tab Tab p
		expect_re "$c: a headache is offered the analgesic" "Interventions +\[ \] paracetamol"
		send o o
		check_not "$c: ... and never the antiemetic" "ondansetron"
		send Escape; wait_for "Discard the entry"; send y; wait_gone "Headache NRS"
		send Escape; wait_for "DOSING |" || { notok "$c: Esc leaves the side effects"; show; }
		# ---------- ^C keeps the half-typed vitals as a draft ----------
		send v; wait_for "Vitals reading"
		type_text 142/91
		wait_for "142/91"
		send C-c
		if exited 5 && tm capture-pane -p -J -t kc | grep -q 'kept as a draft, not charted'; then
			ok "$c: ^C with a form half typed keeps a draft"; drafted=1
		else notok "$c: ^C with a form half typed keeps a draft"; show; drafted=""; fi
		stop
	done
	# ---------- the start form: Enter on its first field starts the session ----------
	start TERM=$t LANG=C LC_ALL=C --
	wait_for "Sessions in progress"
	send v; send Escape # the draft of the last cell is not for this session: leave it
	send /; type_text "$who"; send Enter
	wait_for "Patients matching \"$who\" (1)"
	send s
	if wait_for "Start a session: $name"; then
		start_save
		expect "$size: Enter on the start form's first field starts the session" "Contraindication checklist: 0 of 19 answered"
	else notok "$size: s opens the start form"; show; fi
	stop
done
