#!/bin/sh
# Isolate figures on rtjs next to Node.js worker_threads on the host.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin/rtjs run bench/isolates --timeout 300 > "$tmp/rtjs.txt" 2>&1 || { cat "$tmp/rtjs.txt"; exit 1; }
node bench/node/isolates.mjs > "$tmp/node.txt" 2>&1 || echo "(node.js peer failed: $(tail -1 "$tmp/node.txt"))"
printf '%-52s %14s %14s %8s\n' "isolates" "rtjs" "node host" "ratio"
grep '^BENCH ' "$tmp/rtjs.txt" | while read -r _ rest; do
	unit=${rest##* }
	value=$(echo "$rest" | awk '{print $(NF-1)}')
	name=${rest% * *}
	peer=$(grep "^BENCH $name " "$tmp/node.txt" | awk '{print $(NF-1)}' || true)
	ratio=""
	[ -n "$peer" ] && ratio=$(awk -v a="$value" -v b="$peer" -v u="$unit" 'BEGIN { if (u == "calls/s") { if (b > 0) printf "%.2f", a / b } else if (a > 0) printf "%.2f", b / a }')
	printf '%-52s %14s %14s %8s\n' "$name" "$value $unit" "${peer:+$peer $unit}" "$ratio"
done
echo "(ratio above 1: rtjs is better; time figures are node/rtjs, rates rtjs/node)"
