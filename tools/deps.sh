#!/bin/sh
# Install the Debian packages ketchart needs to build and test, if any are missing.
# As root it runs apt-get itself, otherwise through sudo when there is one; failing that it
# prints the exact command to run.
set -eu
pkgs="build-essential pkg-config libncurses-dev libsqlite3-dev libsodium-dev libiniparser-dev libcmocka-dev libutf8proc-dev libcairo2-dev libpango1.0-dev libjansson-dev uuid-dev poppler-utils tmux sqlite3 groff-base"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
	echo "deps: installing with sudo:$missing"
	sudo apt-get update -qq
	# shellcheck disable=SC2086
	sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
	echo "deps: missing Debian packages. Run as root:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 1
fi
