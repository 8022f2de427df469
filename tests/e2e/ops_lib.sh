#!/bin/sh
# Helpers for the operations tests (ops_*.sh), sourced after ../lib.sh (run on its own it does
# nothing): the Debian package of the binary under test, installed into a scratch root.

# need PROGRAM PACKAGE: the test dependency (Makefile TEST_DEBS) is there, or the test stops.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	printf '%s: 需要 %s（apt-get install %s，或 make test-deps）\n' "$(basename "$0")" "$1" "$2" >&2
	exit 1
}

# deb_build: packages $FGDJ as `make deb` does; the package's path in DEB.
deb_build() {
	need dpkg-shlibdeps dpkg-dev
	DEB=$(sh "$ROOT/scripts/build-deb.sh" "$FGDJ" "$WORK/deb") || { fail "build-deb.sh"; exit 1; }
}

# deb_root DIR: an empty root dpkg can install into (its own package database, empty user files).
deb_root() {
	mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" "$1/etc"
	touch "$1/var/lib/dpkg/status" "$1/etc/passwd" "$1/etc/group" "$1/etc/shadow" "$1/etc/gshadow"
	# The package's maintainer scripts run the binary as the root's fgdj user: it must reach it.
	chmod 0755 "$WORK"
}

# deb_install DIR: installs (or upgrades to) $DEB in DIR with the package's own maintainer scripts
# (run outside a chroot with DPKG_ROOT=DIR); the libraries come from this system, hence
# --force-depends. dpkg's exit status in DPKG_RC, its messages in $WORK/dpkg.log.
deb_install() {
	dpkg --root="$1" --force-script-chrootless --force-depends --log=/dev/null -i "$DEB" >"$WORK/dpkg.log" 2>&1
	DPKG_RC=$?
}
