#!/bin/sh
# The layout's rules, checked on the source: the screens, the demo and the command line
# never call a store write; every clinical write goes through src/chart/ (issue 8).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
# Every store function that writes, as kc_store.h declares them.
writes='kc_(screen_set|weight_add|weight_add_typed|session_end|session_sign|session_set_phase|patient_add|session_create|amendment_add|addendum_add|vitals_ack|vitals_add|vitals_correct|obs_add|obs_correct|dose_add|discharge_add|session_plan_dose|clinician_add|clinician_upsert|clinician_disable|session_hold|session_takeover|session_release|store_set_wait_hook)\('
hits=$(grep -rnE "$writes" "$root/src/ui" "$root/src/core/demo.c" "$root/src/core/demo_big.c" "$root/src/cmd.c" "$root/src/main.c" 2>/dev/null)
check "no store write is called from src/ui, demo.c, demo_big.c, cmd.c or main.c" [ -z "$hits" ]
[ -n "$hits" ] && printf '%s\n' "$hits" | sed 's/^/#   /'
hits=$(grep -ln "curses.h" "$root"/src/store/*.c "$root"/src/rules/*.c "$root"/src/chart/*.c "$root"/src/core/*.c 2>/dev/null)
check "no curses outside src/ui" [ -z "$hits" ]
hits=$(grep -rln --include="*.[ch]" "sqlite3.h" "$root"/src/rules "$root"/src/chart "$root"/src/core "$root"/src/ui 2>/dev/null)
check "SQL only in src/store" [ -z "$hits" ]
# iniparser through its public interface only (issue 14): no walking of its dictionary's
# fields, no reading of its error text.
hits=$(grep -rnE -- '\bd->(size|n|key|val|hash)\b|sscanf' "$root"/src/core/config.c 2>/dev/null)
check "config.c uses iniparser's public interface only" [ -z "$hits" ]
if [ -n "$hits" ]; then printf '%s\n' "$hits" | sed 's/^/#   /'; fi
# Only main reaches the screens (issue 11): outside src/ui, no file but main.c includes a
# screen header (kc_ui.h, or any header of src/ui) or starts the screens (kc_ui_run).
uih=$(cd "$root/src/ui" && find . -name '*.h' | sed 's#^\./##' | tr '\n' '|')
hits=$(grep -rnE --include='*.[ch]' "#[[:space:]]*include[[:space:]]*[\"<]([^\">]*/)?(kc_ui\.h|${uih%|})[\">]|\bkc_ui_run[[:space:]]*\(" \
	"$root/src" "$root/include" "$root/tools" 2>/dev/null | grep -v -e "^$root/src/ui/" -e "^$root/src/main\.c:" \
	-e "^$root/include/kc_ui\.h:")
check "only main.c (and src/ui) includes a screen header or starts the screens" [ -z "$hits" ]
[ -n "$hits" ] && printf '%s\n' "$hits" | sed 's/^/#   /'
hits=$(grep -nE '#[[:space:]]*include[[:space:]]*"kc_ui\.h"' "$root/src/main.c"; grep -nE '\bkc_ui_run[[:space:]]*\(' "$root/src/main.c")
check "main.c starts the screens" [ "$(printf '%s\n' "$hits" | grep -c .)" -eq 2 ]
