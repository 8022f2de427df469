#!/bin/sh
# Usage: build-deb.sh BINARY OUTDIR
# Builds OUTDIR/fgdj_VERSION-1_ARCH.deb with dpkg-deb from the binary and packaging/: the stripped
# binary, fgdj(1) and the bash completion written by the binary itself (`fgdj help --man`,
# `--bash-completion`: the same table as --help), /etc/fgdj (conffiles), the systemd units, the
# documentation and the maintainer scripts. Prints the package's path.
set -eu
bin=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
pkg="$top/packaging"
ver=$("$bin" --version | sed 's/^fgdj //')
debver="$ver-1"
head -1 "$pkg/debian/changelog" | grep -qF "fgdj ($debver)" || {
	echo "build-deb.sh: packaging/debian/changelog 的版本不是 $debver（fgdj --version 为 $ver）" >&2
	exit 1
}
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"

install -D -m 0755 "$bin" "$root/usr/bin/fgdj"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/fgdj"
mkdir -p "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions"
"$bin" help --man | gzip -9n >"$root/usr/share/man/man1/fgdj.1.gz"
"$bin" help --bash-completion >"$root/usr/share/bash-completion/completions/fgdj"
install -D -m 0644 "$pkg/fgdj.conf" "$root/etc/fgdj/fgdj.conf"
install -D -m 0644 "$pkg/nginx-fgdj.conf" "$root/etc/fgdj/nginx-fgdj.conf"
for u in fgdj.service fgdj-backup.service fgdj-backup.timer; do
	install -D -m 0644 "$pkg/$u" "$root/lib/systemd/system/$u"
done
doc="$root/usr/share/doc/fgdj"
install -D -m 0644 "$pkg/debian/copyright" "$doc/copyright"
gzip -9n <"$pkg/debian/changelog" >"$doc/changelog.Debian.gz"
# deploy.md uncompressed: the units' Documentation= names it, for reading as it stands.
install -m 0644 "$top/docs/deploy.md" "$doc/deploy.md"
gzip -9n <"$top/docs/api.md" >"$doc/api.md.gz"
install -D -m 0644 "$pkg/debian/lintian-overrides" "$root/usr/share/lintian/overrides/fgdj"
find "$root" -type d -exec chmod 0755 {} +
chmod 0644 "$root/usr/share/man/man1/fgdj.1.gz" "$root/usr/share/bash-completion/completions/fgdj" "$doc"/*.gz

# The shared libraries the binary needs, as Debian's tools name them (dpkg-shlibdeps reads
# debian/control from its working directory).
mkdir -p "$work/src/debian"
printf 'Source: fgdj\n\nPackage: fgdj\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/fgdj" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb.sh: dpkg-shlibdeps 没有给出依赖" >&2; exit 1; }
# The libraries fgdj loads on first use (libpq, pango/cairo, libmicrohttpd: not linked, so dpkg-shlibdeps does not
# see them), as the binary names them, each by the package that ships it.
for so in $("$bin" help --libraries); do
	p=$(dpkg -S "*/$so" 2>/dev/null | sed -n '1s/:.*//p')
	[ -n "$p" ] || { echo "build-deb.sh: 找不到提供 $so 的软件包" >&2; exit 1; }
	case ", $shlibs," in *", $p,"* | *", $p "*) ;; *) shlibs="$shlibs, $p" ;; esac
done

mkdir -p "$root/DEBIAN"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$debver/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@SHLIBS@/$shlibs/" \
	"$pkg/debian/control.in" >"$root/DEBIAN/control"
install -m 0644 "$pkg/debian/conffiles" "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do
	install -m 0755 "$pkg/debian/$s" "$root/DEBIAN/$s"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort |
	xargs md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/fgdj_${debver}_$arch.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
