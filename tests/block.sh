#!/usr/bin/env bash
# virtio-blk through rtjs:block on microvm (virtio-mmio) and q35 (PCI):
# the API tests, then persistence across a reboot of the VM.
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
		echo "PASS block/$machine/persists-across-reboot"
	else
		echo "FAIL block/$machine/persists-across-reboot: exit $rc: $(tail -3 "$work/$machine-w.log" "$work/$machine-r.log" | tr '\n' '|')"
	fi
done
