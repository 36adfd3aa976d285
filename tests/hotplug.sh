#!/usr/bin/env bash
# Native PCIe hot-unplug on q35: a virtio-blk disk behind a pcie-root-port
# is removed with QEMU's device_del (the slot's attention button) while
# tests/hotplug/app.js reads it. The app checks the errors it sees and
# that it keeps running; here, QEMU's "info pci" must list the disk before
# and not after (QEMU detaches it only once the kernel powered the slot
# off). ACPI hotplug is turned off so that QEMU uses the native slot.
# Prints "PASS name" / "FAIL name: why" lines. Usage: hotplug.sh WORKDIR
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: hotplug.sh WORKDIR}
mkdir -p "$work"
command -v python3 >/dev/null || { echo "FAIL hotplug/tools: python3 is needed on the host"; exit 0; }
mon="$work/mon.sock" log="$work/app.log"
rm -f "$mon" "$work/hot.img" "$work/fixed.img"
truncate -s 4M "$work/hot.img"
truncate -s 2M "$work/fixed.img"

pass() { echo "PASS hotplug/$1"; }
fail() { echo "FAIL hotplug/$1: $2"; }

# monitor COMMAND: what QEMU's human monitor answers.
monitor() {
	python3 - "$mon" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(20)
s.connect(sys.argv[1])
def until_prompt():
    buf = b''
    while not buf.endswith(b'(qemu) '):
        chunk = s.recv(4096)
        if not chunk:
            break
        buf += chunk
    return buf
until_prompt()
s.sendall(sys.argv[2].encode() + b'\n')
lines = until_prompt().decode(errors='replace').replace('\r', '').split('\n')
print('\n'.join(lines[1:-1]))           # not the echo of the command, not the prompt
PY
}

bin/rtjs run tests/hotplug/app.js --machine q35 --disk "$work/fixed.img" --timeout 240 -- \
	-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off \
	-device pcie-root-port,id=rp1,chassis=1,slot=1 \
	-drive "file=$work/hot.img,format=raw,if=none,id=hot,cache=writeback,throttling.iops-total=200" \
	-device virtio-blk-pci,bus=rp1,drive=hot,id=hotdisk \
	-monitor "unix:$mon,server=on,wait=off" >"$log" 2>&1 &
pid=$!

ready=0
for _ in $(seq 1 240); do
	grep -q '^HOTPLUG ready' "$log" 2>/dev/null && { ready=1; break; }
	kill -0 $pid 2>/dev/null || break
	sleep 0.5
done
if [ $ready = 0 ]; then
	fail boot "no 'HOTPLUG ready' within 120 s: $(tail -5 "$log" | tr '\n' '|')"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	exit 0
fi

if monitor 'info pci' | grep -q 'id "hotdisk"'; then
	pass qemu-lists-disk-before
else
	fail qemu-lists-disk-before "info pci has no hotdisk before device_del"
fi
sleep 1                                        # some reads first
monitor 'device_del hotdisk' >"$work/device_del.out"
gone=0
for _ in $(seq 1 60); do
	kill -0 $pid 2>/dev/null || break
	if ! monitor 'info pci' | grep -q 'id "hotdisk"'; then
		gone=1
		break
	fi
	sleep 1
done
if [ $gone = 1 ]; then
	pass qemu-detached-disk
else
	fail qemu-detached-disk "info pci still lists hotdisk 60 s after device_del (or QEMU ended first); device_del said: '$(tr '\n' ' ' <"$work/device_del.out")'"
fi

wait $pid
rc=$?
tr -d '\r' <"$log" | grep -E '^(PASS|FAIL) '
if tr -d '\r' <"$log" | grep -q '^pci: 01:00.0 removed (slot 1)$'; then
	pass kernel-says-removed
else
	fail kernel-says-removed "no 'pci: 01:00.0 removed (slot 1)' line"
fi
if [ $rc = 0 ] && grep -q '^HOTPLUG done' "$log"; then
	pass app-exit-0
else
	fail app-exit-0 "exit $rc: $(tail -4 "$log" | tr '\n' '|')"
fi
