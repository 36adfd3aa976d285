#!/bin/sh
# Fetch, verify and unpack the pinned third-party sources of deps.lock.
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

grep -v '^[[:space:]]*#' "$lock" | grep -v '^[[:space:]]*$' |
while read -r name version suite orig hash; do
	dest="$out/$name-$version"
	[ -f "$dest/.rtjs-verified" ] && continue
	tarball="$cache/tarballs/$orig"
	if [ ! -f "$tarball" ] || [ "$(sha256 "$tarball")" != "$hash" ]; then
		echo "fetch-deps: downloading $name $version (Debian $suite source package)"
		opts=$(apt_for "$suite")
		tmp=$(mktemp -d "$cache/dl.XXXXXX")
		(cd "$tmp" && apt-get $opts source --download-only "$name=$version*" >"$tmp/log" 2>&1 ||
			apt-get $opts source --download-only "$name" >>"$tmp/log" 2>&1) ||
			{ cat "$tmp/log" >&2; rm -rf "$tmp"; die "cannot download source package $name"; }
		[ -f "$tmp/$orig" ] || { rm -rf "$tmp"; die "source package $name has no $orig (version changed? update deps.lock)"; }
		mv "$tmp/$orig" "$tarball"
		rm -rf "$tmp"
	fi
	got=$(sha256 "$tarball")
	[ "$got" = "$hash" ] || die "$orig: SHA-256 is $got, deps.lock pins $hash; refusing to use it"
	rm -rf "$dest" "$dest.tmp"
	mkdir -p "$dest.tmp"
	tar -xf "$tarball" -C "$dest.tmp" --strip-components=1 || die "cannot unpack $orig"
	touch "$dest.tmp/.rtjs-verified"
	mv "$dest.tmp" "$dest"
	echo "fetch-deps: $name $version verified ($hash)"
done
