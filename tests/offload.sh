#!/usr/bin/env bash
# Checksum offload on a tap backend, the one QEMU backend whose virtio-net
# offers it (user networking does not): the guest leaves TCP checksums to
# the card and trusts the ones the card vouches for. Runs in a network
# namespace of its own (unshare -n), so it needs root and /dev/net/tun;
# where it cannot make one it says so ("not tested") and tests nothing.
# Prints PASS/FAIL lines.
# Usage: offload.sh WORKDIR [machine...]
set -uo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: offload.sh WORKDIR [machine...]}
shift
machines=("$@")
[ ${#machines[@]} -gt 0 ] || machines=(microvm q35)
mkdir -p "$work"
# Can this machine make a namespace with a tap in it? (root, /dev/net/tun,
# CAP_SYS_ADMIN and CAP_NET_ADMIN: a container may lack any of them)
if ! why=$(unshare -n sh -c 'ip tuntap add dev rtjs-probe mode tap vnet_hdr' 2>&1); then
	echo "note: offload: no tap in a network namespace here (${why:-unshare failed}); checksum offload not tested"
	exit 0
fi
for machine in "${machines[@]}"; do
	unshare -n bash -c '
		set -e
		ip link set lo up
		ip tuntap add dev rtjs-tap0 mode tap vnet_hdr
		ip addr add 10.9.0.1/24 dev rtjs-tap0
		ip link set rtjs-tap0 up
		exec python3 tests/offload/drive.py "$1" "$2"
	' offload "$work" "$machine" 2>"$work/$machine.err" ||
		echo "FAIL offload/$machine/namespace: $(tail -3 "$work/$machine.err" | tr '\n' '|')"
done
