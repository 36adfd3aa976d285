#!/usr/bin/env bash
# virtio-blk through rtjs:block on microvm (virtio-mmio) and q35 (PCI):
# the API tests, persistence across a restart of QEMU, and across a reboot
# inside one VM (hw.power.reboot(): the kernel boots twice in one QEMU).
# Usage: block.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/.."
work=$1
mkdir -p "$work"
for machine in microvm q35; do
	disk="$work/$machine.img"
	rm -f "$disk"
	truncate -s 8M "$disk"
	bin/rtjs run tests/block/api.js --machine "$machine" --disk "$disk" --timeout 60 >"$work/$machine-api.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$work/$machine-api.log"
	[ $rc = 0 ] || echo "FAIL block/$machine/api-exit: exit $rc: $(tail -3 "$work/$machine-api.log" | tr '\n' '|')"
	bin/rtjs run tests/block/write.js --machine "$machine" --disk "$disk" --timeout 60 >"$work/$machine-w.log" 2>&1
	bin/rtjs run tests/block/read.js --machine "$machine" --disk "$disk" --timeout 60 >"$work/$machine-r.log" 2>&1
	rc=$?
	if [ $rc = 0 ] && grep -q persisted "$work/$machine-r.log"; then
		echo "PASS block/$machine/persists-across-qemu-restart"
	else
		echo "FAIL block/$machine/persists-across-qemu-restart: exit $rc: $(tail -3 "$work/$machine-w.log" "$work/$machine-r.log" | tr '\n' '|')"
	fi

	# reboot.js prints its own PASS/FAIL lines; here: it exited 0 after
	# exactly one reset, and the second boot ran (not a power-off).
	disk="$work/$machine-reboot.img"
	log="$work/$machine-reboot.log"
	rm -f "$disk"
	truncate -s 1M "$disk"
	bin/rtjs run tests/block/reboot.js --machine "$machine" --disk "$disk" --timeout 30 >"$log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$log"
	method=$(sed -n 's/^reboot: by //p' "$log" | tr -d '\r' | head -1)
	resets=$(grep -c '^reboot: ' "$log")
	why=""
	if [ $rc != 0 ]; then
		why="exit $rc"
	elif [ "$resets" = 0 ]; then
		why="the machine never reset (powered off instead?)"
	elif [ "$resets" != 1 ] || [ "$(grep -c '^first boot:' "$log")" != 1 ]; then
		why="$resets resets; expected one, after one first boot"
	elif ! grep -q "^second boot:" "$log" || ! grep -q "^PASS block/$machine/persists-across-in-vm-reboot" "$log"; then
		why="no second boot with the data"
	fi
	if [ -z "$why" ]; then
		echo "PASS block/$machine/in-vm-reboot (by $method)"
	else
		echo "FAIL block/$machine/in-vm-reboot: $why: $(tail -4 "$log" | tr -d '\r' | tr '\n' '|')"
	fi
done
