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
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null
} || { echo "安装失败:$missing" >&2; exit 1; }
