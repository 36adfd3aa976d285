#!/usr/bin/env bash
# Bad app bundles: a truncated archive, a corrupt header, a file that is not
# a tar at all, a bundle without its entry. Each must give a clear kernel
# message and exit code 2, never a panic. Usage: initrd.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/.."
work=$1
mkdir -p "$work/app"
head -c 3000 /dev/zero | tr '\0' 'x' > "$work/app/filler.txt"
echo 'console.log("should not run")' > "$work/app/index.js"
bin/rtjs pack "$work/app" "$work/good.tar"
size=$(stat -c %s "$work/good.tar")

check() {   # check NAME FILE EXPECTED-TEXT
	local name=$1 file=$2 want=$3
	bin/rtjs run --timeout 60 -- -initrd "$file" >"$work/$name.log" 2>&1
	local rc=$?
	# QEMU takes the last -initrd; the kernel sees the bad one.
	if [ $rc = 2 ] && grep -qF "$want" "$work/$name.log" && ! grep -q panic "$work/$name.log"; then
		echo "PASS bundle/$name"
	else
		echo "FAIL bundle/$name: exit $rc: $(tail -3 "$work/$name.log" | tr '\n' '|')"
	fi
}

head -c $((size / 2 + 100)) "$work/good.tar" > "$work/truncated.tar"
check truncated "$work/truncated.tar" "not a valid tar archive"

cp "$work/good.tar" "$work/corrupt.tar"
printf 'GARBAGE' | dd of="$work/corrupt.tar" bs=1 seek=100 conv=notrunc 2>/dev/null
check corrupt-header "$work/corrupt.tar" "checksum"

head -c 5000 /dev/urandom > "$work/random.bin"
check not-tar "$work/random.bin" "not a valid tar archive"

mkdir -p "$work/noentry"
echo 'x' > "$work/noentry/readme.txt"
bin/rtjs pack "$work/noentry" "$work/noentry.tar"
check no-entry "$work/noentry.tar" "cannot find the app's entry module"
