#!/usr/bin/env bash
# Boots the kernel from a GRUB ISO (multiboot2, app as a module) and checks
# that the app ran with its command line and exit code. Usage: iso.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/.."
work=$1
mkdir -p "$work/app"
cat > "$work/app/index.js" <<'JS'
console.log(`iso-boot machine=${isolate.system.machine} env=${isolate.env.FROM_GRUB}`);
isolate.exit(7);
JS
bin/rtjs pack "$work/app" "$work/app.tar" || { echo "FAIL iso/pack: cannot pack"; exit 0; }
# xorriso failed once in a fresh-clone run under load ("problem severity
# MISHAP", not reproduced in 6 more runs): one retry, and what it said
# either way.
build_iso() { tools/make-iso.sh build/rtjs "$work/rtjs.iso" "$work/app.tar" "FROM_GRUB=multiboot2" 2>"$work/mkiso.log"; }
if ! build_iso; then
	echo "note: iso/build failed once: $(grep -iE 'mishap|failure|sorry|error|cannot' "$work/mkiso.log" | head -5 | tr '\n' '|')"
	if ! build_iso; then
		echo "FAIL iso/build: $(grep -iE 'mishap|failure|sorry|error|cannot' "$work/mkiso.log" | head -5 | tr '\n' '|')"
		exit 0
	fi
fi
echo "PASS iso/build"
for machine in q35 pc; do
	bin/rtjs run --iso "$work/rtjs.iso" --machine $machine --timeout 120 >"$work/$machine.log" 2>&1
	rc=$?
	if [ $rc = 7 ] && grep -q "iso-boot machine=$machine env=multiboot2" "$work/$machine.log"; then
		echo "PASS iso/boot-$machine"
	else
		echo "FAIL iso/boot-$machine: exit $rc: $(tail -4 "$work/$machine.log" | tr '\n' '|')"
	fi
done
