#!/bin/sh
# make bench: prints figures; asserts nothing (tests check behaviour).
set -eu
cd "$(dirname "$0")/.."
echo "rtjs benchmarks on $(uname -m), $(nproc) CPUs, accelerator: $( [ -c /dev/kvm ] && (exec 3<>/dev/kvm) 2>/dev/null && echo kvm || echo tcg)"
python3 bench/boot.py
sh bench/isolates.sh
sh bench/block.sh
sh bench/rawtx.sh
sh bench/net.sh
