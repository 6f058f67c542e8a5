#!/bin/sh
# The start screen, driven in tmux: sessions in progress, search, the new-patient form,
# help, resize, NO_COLOR, a plain vt100 in the C locale, quitting and signals.
. "$(dirname "$0")/lib.sh"

# From the demo (kc_demo_fill): Samuel Okafor (KC-1003) is in an IV infusion whose next
# vitals are due a few minutes from now; four other patients have no open session.
RUNNING="Samuel Okafor"
demo_db
# 30 minutes on, the running infusion's vitals are overdue.
LATER=$(date -u -d '+30 min' +%Y-%m-%dT%H:%M:%SZ)
# A colour escape (foreground or background 30-37/40-47, not the 39/49 defaults).
COLOUR_SGR='\[([0-9]*;)*[34][0-7](;[0-9]*)*m'

# ---------- 80x24: sessions first, then the patients ----------
start --
expect "start screen comes up" "Sessions in progress"
row=$(screen | grep -A3 "Sessions in progress" | grep "$RUNNING")
case "$row" in *iv*dosing*) ok "the running infusion is listed under sessions in progress" ;;
*) notok "the running infusion is listed under sessions in progress"; show ;; esac
contains_all=1
for p in "Jordan Ellis" "Priya Raman" "Hannah Kowalski" "Lucas Moreau"; do
	printf '%s\n' "$scr" | grep -q "$p" || contains_all=0
done
[ "$contains_all" = 1 ] && ok "every demo patient is listed" || { notok "every demo patient is listed"; show; }
expect "the in-progress session is offered for resume" "Enter resumes"
expect "the key bar shows letter keys" "n new patient"

# ---------- incremental search ----------
send /
type_text 1004
expect "search by chart number narrows the list" 'Patients matching "1004" (1)'
expect_not "a patient that does not match is gone" "Jordan Ellis"
expect "the match stays" "Hannah Kowalski"
send BSpace BSpace BSpace BSpace
expect "clearing the search brings every patient back" "Jordan Ellis"
send Escape
expect_not "Esc leaves the search" "Search:"
type_text Ram
expect_not "letters outside a search are commands, not a filter" 'Patients matching'
send Escape
type_text 2
expect "a digit starts a search" 'Patients matching "2"'
send Escape

# ---------- new patient: a bad date keeps the form ----------
send n
expect "n opens the new patient form" "New patient"
type_text KC-2001; send Tab; type_text "Ada Testperson"; send Tab; type_text 1990-13-45; send Enter
expect "a bad date of birth is refused with a message" "ERROR:"
expect "the form stays with what was typed" "Ada Testperson"
printf '%s\n' "$scr" | grep -q "New patient" && ok "the form is still open" || { notok "the form is still open"; show; }
send C-u; type_text 1990-03-04; send Enter
expect_not "a good date closes the form" "New patient"
expect "the new patient appears in the list" "Ada Testperson"
expect "the new patient's chart number is shown" "KC-2001"

# ---------- Esc on a typed form asks first ----------
send n; wait_for "New patient"
type_text X; send Escape
expect "Esc with typed text asks before discarding" "Discard the entry"
send n
expect_not "answering no keeps the form" "Discard the entry"
printf '%s\n' "$scr" | grep -q "New patient" && ok "the typed form is kept" || { notok "the typed form is kept"; show; }
send Escape; wait_for "Discard the entry"; send y
expect_not "answering yes discards the form" "New patient"

# ---------- starting a session ----------
send / ; type_text Lucas; send Enter
wait_for 'Patients matching "Lucas" (1)'
send s
expect "s opens the session form for the highlighted patient" "Start a session: Lucas Moreau"
# Lucas Moreau is booked today for esketamine: the form opens on it (issue 13)
expect_re "the protocol is a choice, on the booked one" "Protocol +Intranasal esketamine +as booked"
send Right
expect "Right changes the protocol" "IV ketamine infusion"
send Right
expect_re "and back" "Protocol +Intranasal esketamine"
start_save C-s
expect_not "^S saves the session form" "Start a session:"
# The screening screen may be on top now; Esc comes back either way.
send Escape
wait_for "Sessions in progress"
row=$(screen | grep -A6 "Sessions in progress" | grep "Lucas Moreau")
case "$row" in *esket*screening*) ok "the new session is listed in screening" ;;
*) notok "the new session is listed in screening"; show ;; esac

# ---------- help ----------
send '?'
expect "? opens the help" "Keys of the Start screen"
expect "help lists the screen's keys" "add a patient"
# the start screen's keys fill the help at 80x24: the keys used everywhere follow a page down
send NPage
expect "help lists the keys used everywhere, a page down" "Everywhere"
send Escape
expect "Esc closes the help" "Sessions in progress"

# ---------- resize ----------
resize 30 10
expect "below the minimum the screen says so" "terminal too small"
resize 80 24
expect "enlarged again it redraws" "Sessions in progress"
expect_not "the notice is gone" "terminal too small"
expect "the key bar is back" "q quit"

# ---------- quit ----------
send q
if exited 5; then ok "q quits"; else notok "q quits"; show; fi
[ "$(exit_status)" = 0 ] && ok "the exit status is 0" || { notok "the exit status is 0 (got $(exit_status))"; show; }
restored && ok "the terminal is restored after q" || { notok "the terminal is restored after q"; show; }

# ---------- NO_COLOR: no colour, the words stay ----------
start "KETCHART_NOW=$LATER" --
expect "with colour an overdue reading says OVERDUE" "OVERDUE"
tm capture-pane -e -p -t kc | grep -Eq "$COLOUR_SGR" && ok "colours are used by default" ||
	notok "colours are used by default"
start NO_COLOR=1 "KETCHART_NOW=$LATER" --
expect "NO_COLOR still shows the alert word" "OVERDUE"
expect "the training database is announced" "TRAINING"
tm capture-pane -e -p -t kc | grep -Eq "$COLOUR_SGR" && notok "NO_COLOR: no colour escapes" ||
	ok "NO_COLOR: no colour escapes"

# ---------- vt100, C locale ----------
KC_TERM=vt100 start LANG=C LC_ALL=C --
expect "TERM=vt100 LANG=C: the start screen comes up" "Sessions in progress"
expect "ASCII cursor marker in the C locale" "> $RUNNING"
send n
expect "the form opens on a vt100" "Date of birth"
send Escape
expect_not "and closes" "Date of birth"
send q
exited 5 && ok "vt100: q quits" || { notok "vt100: q quits"; show; }

# ---------- signals end the program cleanly ----------
for sig in TERM HUP; do
	start --
	wait_for "Sessions in progress"
	send n; type_text "half typed"
	pid=$(prog_pid)
	[ -n "$pid" ] && kill -"$sig" "$pid"
	if exited 5; then ok "SIG$sig ends the program"; else notok "SIG$sig ends the program"; show; fi
	restored && ok "SIG$sig: the terminal is restored" || { notok "SIG$sig: the terminal is restored"; show; }
done
