#!/bin/sh
# Network figures: the same app (bench/net/app.mjs: HTTP, UDP echo, TCP
# bulk) on rtjs and on Node.js in a Linux guest built from Debian's
# packages (bench/linux-guest), both booted by bin/rtjs on the same QEMU
# machine under TCG with the same user-network backend and virtio-net.
# Prints the figures (medians of 3 alternating runs) and their ratio;
# asserts nothing. About three minutes (one more the first time, to fetch
# and build the Linux guest).
set -eu
cd "$(dirname "$0")/.."
load0=$(cut -d' ' -f1-3 /proc/loadavg)

peer=""
if guest=$(bench/linux-guest/build.sh); then
	peer=$(grep -E '^(linux-image-[0-9][^ ]*|nodejs|busybox-static) ' "$guest/versions.txt" | sed 's/$/,/' | tr '\n' ' ')
else
	echo "(the Linux + Node.js guest could not be built: rtjs alone)"
	guest=""
fi
python3 bench/net/drive.py $guest
qemu=$(qemu-system-x86_64 --version | sed -n '1s/^QEMU emulator version //p')
wrk=$(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo none)
echo "versions: rtjs $(git describe --always --dirty 2>/dev/null || echo '?'), QEMU $qemu, wrk $wrk"
[ -n "$peer" ] && echo "peer, from Debian: ${peer%, }"
echo "load average before/after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg)"
