#!/bin/sh
# Fetch, verify and unpack the pinned third-party code of deps.lock: the
# upstream tarball of a Debian source package (kind "source", unpacked
# without its top folder), or a Debian binary package (kind "binary", the
# .deb unpacked as dpkg would, usr/include/... under the destination).
# The archive's address is taken from this machine's own apt configuration;
# a private apt state (under the cache folder) is used, so the machine's own
# package lists are left untouched. Usage: fetch-deps.sh LOCKFILE OUTDIR
set -eu

lock=$1
out=$2
cache=${RTJS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rtjs}
mkdir -p "$cache/tarballs" "$out"

die() { echo "fetch-deps: $*" >&2; exit 1; }

# The first Debian (non-security) archive URI this machine's apt uses.
archive_uri() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f"
	done | head -n 1
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" || $1 == "deb-src" { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { if ($i !~ /security/ && $i ~ /debian/) print $i; break } }' "$f"
	done | head -n 1
}

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# apt_for SUITE: print apt-get options for a private state that lists SUITE.
apt_for() {
	suite=$1
	state="$cache/apt-$suite"
	if [ ! -f "$state/ready" ]; then
		uri=$(archive_uri | head -n 1)
		[ -n "$uri" ] || die "no Debian archive found in this machine's apt configuration"
		mkdir -p "$state/lists/partial" "$state/archives/partial"
		cat >"$state/sources.sources" <<EOS
Types: deb deb-src
URIs: $uri
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
		apt-get $(apt_opts "$state") update >"$state/update.log" 2>&1 ||
			die "cannot reach the Debian archive ($uri, suite $suite); see $state/update.log"
		touch "$state/ready"
	fi
	apt_opts "$state"
}

apt_opts() {
	echo "-q -o Dir::Etc::SourceList=$1/sources.sources -o Dir::Etc::SourceParts=/nonexistent" \
		"-o Dir::State::Lists=$1/lists -o Dir::Cache=$1 -o Dir::Cache::archives=$1/archives" \
		"-o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1"
}

# download KIND NAME VERSION SUITE FILE: into the cache's tarballs folder.
download() {
	kind=$1 name=$2 version=$3 suite=$4 file=$5
	opts=$(apt_for "$suite")
	tmp=$(mktemp -d "$cache/dl.XXXXXX")
	case $kind in
	source)
		echo "fetch-deps: downloading $name $version (Debian $suite source package)"
		(cd "$tmp" && apt-get $opts source --download-only "$name=$version*" >"$tmp/log" 2>&1 ||
			apt-get $opts source --download-only "$name" >>"$tmp/log" 2>&1) ;;
	binary)
		# The exact revision: a binary package has no upstream tarball whose
		# hash outlives a rebuild, so the .deb itself is what is pinned.
		echo "fetch-deps: downloading $name $version (Debian $suite binary package)"
		(cd "$tmp" && apt-get $opts download "$name=$version" >"$tmp/log" 2>&1) ;;
	esac || { cat "$tmp/log" >&2; rm -rf "$tmp"; die "cannot download $kind package $name=$version"; }
	[ -f "$tmp/$file" ] || { rm -rf "$tmp"; die "$kind package $name has no $file (version changed? update deps.lock)"; }
	mv "$tmp/$file" "$cache/tarballs/$file"
	rm -rf "$tmp"
}

grep -v '^[[:space:]]*#' "$lock" | grep -v '^[[:space:]]*$' |
while read -r kind name version suite file hash; do
	case $kind in
	source | binary) ;;
	*) die "deps.lock: unknown kind '$kind' for $name (source or binary)" ;;
	esac
	dest="$out/$name-$version"
	# The marker holds the hash it was verified against; touched, so that
	# make sees it as newer than an edited deps.lock and fetches no more.
	if [ -f "$dest/.rtjs-verified" ] && [ "$(cat "$dest/.rtjs-verified")" = "$hash" ]; then
		touch "$dest/.rtjs-verified"
		continue
	fi
	archive="$cache/tarballs/$file"
	if [ ! -f "$archive" ] || [ "$(sha256 "$archive")" != "$hash" ]; then
		download "$kind" "$name" "$version" "$suite" "$file"
	fi
	got=$(sha256 "$archive")
	[ "$got" = "$hash" ] || die "$file: SHA-256 is $got, deps.lock pins $hash; refusing to use it"
	rm -rf "$dest" "$dest.tmp"
	mkdir -p "$dest.tmp"
	case $kind in
	source) tar -xf "$archive" -C "$dest.tmp" --strip-components=1 ;;
	binary) dpkg-deb -x "$archive" "$dest.tmp" ;;
	esac || die "cannot unpack $file"
	echo "$hash" >"$dest.tmp/.rtjs-verified"
	mv "$dest.tmp" "$dest"
	echo "fetch-deps: $name $version verified ($hash)"
done
