#!/bin/sh
# Usage: ensure-debs.sh PACKAGE...
# Installs the Debian packages that are missing (as root), or names them and fails.
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "缺少 Debian 软件包:$missing —— 请以 root 运行 make，或执行: sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "正在安装缺少的 Debian 软件包:$missing"
export DEBIAN_FRONTEND=noninteractive
# PostgreSQL is for the tests, which start a server of their own (tests/pg.sh): Debian's package
# would also make and enable a system cluster ("main"), unless postgresql-common is told first.
case " $missing " in
*" postgresql-"[0-9]*)
  conf=/etc/postgresql-common/createcluster.conf
  if [ ! -f "$conf" ]; then
    apt-get install -y -q --no-install-recommends postgresql-common >/dev/null 2>&1 ||
      { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends postgresql-common >/dev/null; }
  fi
  if [ -f "$conf" ] && ! grep -q '^create_main_cluster *= *false' "$conf"; then
    sed -i 's/^#* *create_main_cluster *=.*/create_main_cluster = false/' "$conf"
    grep -q '^create_main_cluster' "$conf" || echo 'create_main_cluster = false' >>"$conf"
  fi
  ;;
esac
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null
} || { echo "安装失败:$missing" >&2; exit 1; }
