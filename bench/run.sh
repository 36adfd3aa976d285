#!/bin/sh
# make bench: prints figures; asserts nothing (tests check behaviour).
set -eu
cd "$(dirname "$0")/.."
echo "rtjs benchmarks on $(uname -m), $(nproc) CPUs, accelerator: $(bin/rtjs accel 2>&1 | tr '\n' ' ')"
python3 bench/boot.py
sh bench/isolates.sh
sh bench/block.sh
sh bench/rawtx.sh
sh bench/net.sh
