#!/bin/sh
# Builds a GRUB ISO that boots the kernel through multiboot2, with an app
# bundle (tar) as its module when given. Usage: make-iso.sh KERNEL OUT.iso [APP.tar] [CMDLINE]
set -eu
kernel=$1
out=$2
app=${3:-}
cmdline=${4:-}
command -v grub-mkrescue >/dev/null || { echo "make-iso: grub-mkrescue missing: run 'make setup'" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/boot/grub"
cp "$kernel" "$tmp/boot/rtjs"
{
	echo 'set timeout=0'
	echo 'set default=0'
	echo 'menuentry "rtjs" {'
	echo "  multiboot2 /boot/rtjs $cmdline"
	if [ -n "$app" ]; then
		cp "$app" "$tmp/boot/app.tar"
		echo '  module2 /boot/app.tar'
	fi
	echo '  boot'
	echo '}'
} > "$tmp/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$tmp" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
