#!/bin/sh
# The project stands alone: man/ketchart-clinical.7 carries the clinical facts with their
# sources. It renders without a warning, config.ini.example, ketchart.ini(5) and the README
# point to it, and every clinical key of config.ini.example is named there with the same
# source tag ([L], [P], [C]) in the same paragraph.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
page="$root/man/ketchart-clinical.7"

warn=$(groff -man -ww -z "$page" 2>&1)
check "ketchart-clinical.7 renders with groff -man -ww without a warning" [ -z "$warn" ]
if [ -n "$warn" ]; then printf '%s\n' "$warn" | sed 's/^/#   /'; fi
check "config.ini.example refers to ketchart-clinical(7)" grep -q "ketchart-clinical(7)" "$root/config.ini.example"
check "ketchart.ini(5) refers to ketchart-clinical(7)" grep -q "ketchart-clinical (7)" "$root/man/ketchart.ini.5"
check "the README points to the man page" grep -q "man/ketchart-clinical.7" "$root/README.md"
check "the README no longer sends clinicians to ../shared" sh -c "! grep -q '\.\./shared' '$root/README.md'"

# "section key tag" for every key of config.ini.example whose comment carries a tag.
keys=$(awk '/^\[/ { sec = substr($1, 2, length($1) - 2) } /^$/ { tag = "" }
	/^# .*\[[LPC]\]/ { match($0, /\[[LPC]\]/); tag = substr($0, RSTART + 1, 1) }
	/^[a-z_0-9]+ *=/ { if (tag != "") print sec, $1, tag; tag = "" }' "$root/config.ini.example")
check "config.ini.example has tagged clinical keys" [ -n "$keys" ]
# The page's paragraphs (split at .TP, .PP, .SH), one a line, formatting requests kept.
paras=$(awk '/^\.(TP|PP|SH)/ { printf "\n" } { printf "%s ", $0 } END { printf "\n" }' "$page")
missing=""
count=0
while read -r sec key tag; do
	count=$((count + 1))
	# a key of two sections (fasting_liquids_h) is found in either's paragraph
	printf '%s\n' "$paras" | grep -E "(^|[^a-z_])$key([^a-z_]|$)" | grep -qF -e "[$tag]" -e "[$tag," ||
		missing="$missing $sec.$key[$tag]"
done <<EOK
$keys
EOK
check "every tagged key ($count) is on the page with its source tag" [ -z "$missing" ]
if [ -n "$missing" ]; then echo "#   missing or without its tag:$missing"; fi
