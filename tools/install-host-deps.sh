#!/bin/sh
# Installs the Debian packages that building, running and testing rtjs
# need, when any is missing. Uses sudo when not root; says what to run
# when neither works.
set -eu

# command:package pairs
needs="gcc:gcc make:make ld:binutils qemu-system-x86_64:qemu-system-x86 tar:tar xz:xz-utils bzip2:bzip2
apt-get:apt grub-mkrescue:grub-common xorriso:xorriso mformat:mtools socat:socat curl:curl
nc:netcat-openbsd od:coreutils python3:python3 wrk:wrk dpkg-deb:dpkg ip:iproute2 unshare:util-linux"
# files:package pairs (no command to test for)
files="/usr/lib/grub/i386-pc/modinfo.sh:grub-pc-bin /usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
/usr/share/qemu/bios-microvm.bin:qemu-system-data"

missing=""
for pair in $needs; do
	command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
for pair in $files; do
	[ -e "${pair%%:*}" ] || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] && exit 0

echo "install-host-deps: installing:$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "install-host-deps: these Debian packages are needed:$missing" >&2
	echo "install-host-deps: run as root: apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q || true
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
