#!/bin/sh
# Build musl's static libc.a and headers from the pinned source, with the
# kernel's code-generation flags. Only pure functions (string, math,
# formatting) are linked from it: the kernel defines everything that would
# make a system call, and the link is checked for the syscall instruction.
# Usage: build-musl.sh SRC OUT
set -eu
src=$(cd "$1" && pwd)
out=$2
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/obj"
mkdir -p "$out/obj"
cd "$out/obj"
"$src/configure" --prefix="$out" --disable-shared \
	CC="${CC:-gcc}" \
	CFLAGS="-O2 -g -mno-red-zone -fno-stack-protector -fno-omit-frame-pointer -fcf-protection=none -fno-pie" \
	>configure.log 2>&1 || { cat configure.log >&2; exit 1; }
make -j"$(nproc)" lib/libc.a >make.log 2>&1 || { tail -30 make.log >&2; exit 1; }
make install-headers >>make.log 2>&1
mkdir -p "$out/lib"
cp lib/libc.a "$out/lib/libc.a"
