#!/bin/sh
# virtio-blk figures in rtjs next to dd on the same image file on the host
# (in the page cache, as the guest's is).
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
truncate -s 128M "$tmp/disk.img"
bin/rtjs run bench/block/index.js --disk "$tmp/disk.img" --timeout 300 > "$tmp/rtjs.txt" 2>&1 || { cat "$tmp/rtjs.txt"; exit 1; }
printf '%-46s %16s\n' "block (microvm)" "rtjs"
grep '^BENCH ' "$tmp/rtjs.txt" | sed 's/^BENCH //' | while read -r line; do
	printf '%-46s %16s\n' "${line% * *}" "$(echo "$line" | awk '{print $(NF-1), $NF}')"
done
ddw=$(dd if=/dev/zero of="$tmp/disk.img" bs=1M count=64 conv=notrunc 2>&1 | awk '/copied/ { print $(NF-1), $NF }')
ddr=$(dd if="$tmp/disk.img" of=/dev/null bs=1M count=64 2>&1 | awk '/copied/ { print $(NF-1), $NF }')
printf '%-46s %16s\n' "peer: dd write on the host, 1 MiB blocks" "$ddw"
printf '%-46s %16s\n' "peer: dd read on the host, 1 MiB blocks" "$ddr"
