#!/bin/sh
# report --pdf and rems --pdf through cairo and pango: every word of the text report and of
# the REMS form is in the PDF (pdftotext), under a header with the patient, the chart
# number, SIGNED and page x of y; an IV session has no REMS form and no file is written.
. "$(dirname "$0")/lib.sh"
if ! command -v pdftotext >/dev/null 2>&1; then
	ok "# SKIP pdftotext (poppler-utils) is not installed"
	exit 0
fi
db="$T/data/k.db"
expect_rc 0 "the demo database is made" kc --db "$db" demo
# every word of $1 (the text) is in $2 (the PDF's text)
words() { printf '%s\n' "$1" | grep -v "TRAINING DATABASE" | tr -s ' \t' '\n\n' | grep -v '^$' | sort -u; }
allin() {
	pdfw=$(words "$2")
	missing=$(words "$1" | while read -r w; do printf '%s\n' "$pdfw" | grep -qxF -- "$w" || echo "$w"; done)
	[ -z "$missing" ] && ok "$3" || { notok "$3"; printf '%s\n' "$missing" | head -20 | sed 's/^/#   missing: /'; }
}
for s in KC-1002 KC-1003 KC-1007; do
	expect_rc 0 "report $s --pdf" kc --db "$db" report "$s" --pdf "$T/r.pdf"
	txt=$(kc --db "$db" report "$s")
	pdf=$(pdftotext -layout "$T/r.pdf" -)
	allin "$txt" "$pdf" "every word of the report of $s is in its PDF"
	contains "the page header names the chart number" "$pdf" "chart no $s"
	contains "and the page count" "$pdf" "page 1 of"
done
kc --db "$db" report KC-1003 --pdf "$T/o.pdf" >/dev/null
contains "the open session's PDF says NOT SIGNED" "$(pdftotext "$T/o.pdf" -)" "NOT SIGNED"
contains "the vitals trend is drawn" "$(pdftotext "$T/r.pdf" -)" "VITALS TREND"
expect_rc 0 "rems KC-1002 --pdf" kc --db "$db" rems KC-1002 --pdf "$T/f.pdf"
allin "$(kc --db "$db" rems KC-1002)" "$(pdftotext -layout "$T/f.pdf" -)" "every word of the REMS form is in its PDF"
expect_rc 1 "an IV session has no REMS form" kc --db "$db" rems KC-1003 --pdf "$T/none.pdf"
[ ! -e "$T/none.pdf" ] && ok "and no file is written" || notok "and no file is written"
# The trend's x axis: local times HH:MM on whole steps, under the axis, named as such.
last=$(pdfinfo "$T/r.pdf" | awk '/^Pages:/ { print $2 }')
trendp=$(pdftotext -f "$last" -l "$last" "$T/r.pdf" -)
contains "the trend's x axis says what it is" "$trendp" "local time (HH:MM)"
ticks=$(printf '%s\n' "$trendp" | grep -Eo '(^| )[0-2][0-9]:[0-5][05]( |$)' | wc -l)
[ "$ticks" -ge 3 ] && ok "the trend's x axis has time labels on whole steps ($ticks)" || notok "the trend's x axis has time labels on whole steps ($ticks)"
# The REMS form is one page, laid out in the form's sections, its yes/no answers as boxes
# with both words beside them.
pages=$(pdfinfo "$T/f.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" = 1 ] && ok "the REMS form is one page" || notok "the REMS form is one page ($pages)"
fl=$(pdftotext -layout "$T/f.pdf" -)
contains "its header says page 1 of 1" "$fl" "page 1 of 1"
for s in "1 Patient" "2 Concomitant medication" "3 Monitoring healthcare provider" "4 Healthcare setting" \
	"5 Treatment" "6 Vital signs" "7 Adverse events"; do
	contains "section '$s'" "$(printf '%s\n' "$fl" | tr -s ' ')" "$s"
done
yn=$(printf '%s\n' "$fl" | grep -o 'yes *no' | wc -l)
[ "$yn" -ge 15 ] && ok "the 15 yes/no answers are boxes with both words ($yn)" || notok "the 15 yes/no answers are boxes with both words ($yn)"
contains "the dose as 56 mg / 84 mg / other" "$(printf '%s\n' "$fl" | tr -s ' ')" "56 mg 84 mg other:"
