#!/usr/bin/env bash
# Builds the Linux + Node.js guest that the network benchmark runs beside
# rtjs: Debian's kernel (the package linux-image-amd64 points at), and an
# initramfs of busybox-static, Debian's nodejs with every shared library it
# loads, and the virtio-net modules. Everything comes from this machine's
# apt sources with apt-get download; nothing of it enters the repository.
# Usage: build.sh [OUTDIR]   (default ~/.cache/rtjs/linux-guest)
# Prints OUTDIR; OUTDIR/vmlinuz, OUTDIR/initramfs.cpio, OUTDIR/versions.txt.
set -euo pipefail
trap 'echo "linux-guest: failed at line $LINENO" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
cache=${RTJS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rtjs}
out=${1:-$cache/linux-guest}
# The Node.js that Debian 12 ships, tried first; when the archive has moved
# on (security updates replace it), the newest Debian nodejs is used and
# versions.txt says which. NODE_VERSION= overrides.
NODE_VERSION=${NODE_VERSION:-18.20.4+dfsg-1~deb12u3}
# The modules the guest loads (with what they depend on): the NIC on
# microvm (virtio-mmio) and on q35 (virtio-pci).
MODULES="virtio_mmio virtio_pci virtio_net"

die() { echo "linux-guest: $*" >&2; exit 1; }
log() { echo "linux-guest: $*" >&2; }

# Rebuild only when this folder's scripts change or the output is missing
# (remove OUTDIR to take the archive's newer packages).
stamp=$(cat "$here/build.sh" "$here/init" "$here/mkcpio.py" | sha256sum | cut -c1-16)
if [ -f "$out/versions.txt" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initramfs.cpio" ] &&
	grep -qx "stamp $stamp" "$out/versions.txt"; then
	echo "$out"
	exit 0
fi

for tool in apt-get apt-cache dpkg-deb python3; do
	command -v $tool >/dev/null || die "$tool is needed (a Debian machine; tools/install-host-deps.sh)"
done
aptopts=(-q)
[ "$(id -u)" = 0 ] && aptopts+=(-o APT::Sandbox::User=root)

# A fresh machine may have no package lists yet.
if ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "apt has no package lists: run 'apt-get update' as root"
	apt-get -q update >&2 || die "apt-get update failed"
fi

debs=$cache/linux-guest-debs
mkdir -p "$debs" "$out"

# fetch NAME[=VERSION]: download into the cache (kept across runs) unless
# there, unpack into $root; prints the .deb's path.
fetch() {
	local spec=$1 name=${1%%=*} version
	if [[ $spec == *=* ]]; then version=${spec#*=}; else
		version=$(apt-cache policy "$name" | awk '/Candidate:/ { print $2 }')
	fi
	[ -n "$version" ] && [ "$version" != "(none)" ] || die "no package $name in this machine's apt sources"
	local file="" f
	for f in "$debs/${name}_"*.deb; do
		[ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "$version" ] && file=$f
	done
	if [ -z "$file" ]; then
		log "downloading $name $version"
		(cd "$debs" && apt-get "${aptopts[@]}" download "$name=$version" >"$work/apt.log" 2>&1) ||
			die "cannot download $name=$version: $(tail -n 3 "$work/apt.log")"
		file=$(ls -t "$debs/${name}_"*.deb | head -n 1)
	fi
	dpkg-deb -x "$file" "$root"
	echo "$name $version" >> "$work/packages"
	echo "$file"
}

# depends FILE.deb: the first alternative of each Depends entry.
depends() {
	dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/:any//; s/ //g' | grep -v '^$'
}

work=$(mktemp -d "${TMPDIR:-/tmp}/linux-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/pkgs
mkdir -p "$root"
: > "$work/packages"

# The kernel: the versioned package the metapackage depends on.
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$kpkg" ] || die "linux-image-amd64 depends on no linux-image-*-amd64 package"
fetch "$kpkg" >/dev/null
kver=${kpkg#linux-image-}
fetch busybox-static >/dev/null

# Debian's nodejs, never a third-party repository's build of it.
if ! apt-cache show "nodejs=$NODE_VERSION" >/dev/null 2>&1; then
	NODE_VERSION=$(apt-cache madison nodejs | awk -F'|' '{ gsub(/ /, "", $2) } $2 ~ /dfsg/ { print $2 }' |
		sort -V | tail -n 1)
	[ -n "$NODE_VERSION" ] || die "no Debian nodejs in this machine's apt sources"
	log "the pinned nodejs is gone from the archive; using $NODE_VERSION"
fi
# nodejs, then what it and its libraries depend on: shared libraries (their
# files are taken only as ldd asks for them below) and the node-* packages
# Debian's libnode loads JavaScript from (cjs-module-lexer, undici, acorn).
queue=("nodejs=$NODE_VERSION")
seen=" "
while [ ${#queue[@]} -gt 0 ]; do
	spec=${queue[0]}
	queue=("${queue[@]:1}")
	deb=$(fetch "$spec")
	seen="$seen${spec%%=*} "
	for dep in $(depends "$deb"); do
		case $dep in lib*|zlib1g|node-*) ;; *) continue ;; esac
		case $seen in *" $dep "*) continue ;; esac
		case " ${queue[*]%%=*} " in *" $dep "*) continue ;; esac
		# libnode is pinned to nodejs's own version.
		if [[ $dep == libnode* ]]; then dep="$dep=$NODE_VERSION"; fi
		queue+=("$dep")
	done
done

# The initramfs tree.
rd=$work/rd
mkdir -p "$rd"/{bin,dev,proc,sys,tmp,etc,lib64,usr/bin,usr/share} "$rd/lib/modules"
cp "$root/bin/busybox" "$rd/bin/busybox"
cp "$root/usr/bin/node" "$rd/usr/bin/node"
[ -d "$root/usr/share/nodejs" ] && cp -a "$root/usr/share/nodejs" "$rd/usr/share/nodejs"
cp "$here/init" "$rd/init"
chmod 755 "$rd/init"

# Every library node loads, resolved by the packages' own loader inside the
# unpacked tree: anything found outside it, or not at all, is an error.
libpath=$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu
loader=$root/lib64/ld-linux-x86-64.so.2
[ -e "$loader" ] || die "libc6 did not provide /lib64/ld-linux-x86-64.so.2"
"$loader" --library-path "$libpath" --list "$root/usr/bin/node" > "$work/ldd" ||
	die "the loader cannot list node's libraries: $(cat "$work/ldd")"
grep -q 'not found' "$work/ldd" && die "libraries missing from the packages: $(grep 'not found' "$work/ldd")"
while read -r lib _ path _; do
	case $lib in linux-vdso* | */ld-linux-x86-64.so.2) continue ;; esac
	if [[ $lib == /* ]]; then path=$lib; fi
	case $path in "$root"/*) ;; *) die "$lib resolved outside the packages ($path)" ;; esac
	dest=$rd/${path#"$root"/}
	mkdir -p "$(dirname "$dest")"
	cp -L "$path" "$dest"
done < "$work/ldd"
cp -L "$loader" "$rd/lib64/ld-linux-x86-64.so.2"

# The modules, each after those it depends on (the .ko's depends= field).
moddir=$root/lib/modules/$kver
declare -A done_mod=()
order=()
add_module() {
	local m=$1 ko dep
	[ -n "${done_mod[$m]:-}" ] && return
	ko=$(find "$moddir" -name "$m.ko" | head -n 1)
	[ -n "$ko" ] || die "no module $m.ko in $kpkg (built in? check its config)"
	for dep in $(tr '\0' '\n' < "$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do add_module "$dep"; done
	done_mod[$m]=1
	cp "$ko" "$rd/lib/modules/"
	order+=("$m")
}
for m in $MODULES; do add_module "$m"; done
printf '%s\n' "${order[@]}" > "$rd/etc/modules"

python3 "$here/mkcpio.py" "$rd" "$work/initramfs.cpio"
cp "$root/boot/vmlinuz-$kver" "$work/vmlinuz"
{
	echo "stamp $stamp"
	sort -u "$work/packages"
} > "$work/versions.txt"
mv "$work/vmlinuz" "$work/initramfs.cpio" "$out/"
mv "$work/versions.txt" "$out/versions.txt"
log "built $out: kernel $kver, node $NODE_VERSION, initramfs $(($(stat -c %s "$out/initramfs.cpio") >> 20)) MiB"
echo "$out"
