#!/bin/sh
# Usage: sh tests/lanes.sh MAKE 'NAME:TARGET TARGET…' 'NAME:TARGET…' …
# Runs each lane — its make targets one after the other, stopping at the first that fails — beside
# the other lanes (the machine's two cores both busy: `make check` on SQLite and on PostgreSQL at the
# same time instead of one after the other). Every line a lane prints comes out as it is printed,
# after "[NAME] "; at the end each lane's result, and for a lane that failed the last lines of its
# own output again, unmixed. The exit status is 0 only when every lane passed.
#
# Lanes must not share files: the e2e and unit scripts each work in a directory of their own
# (mktemp) and start their PostgreSQL clusters on Unix sockets there; the browser scenarios keep
# their screenshots apart by backend (build/browser-artifacts, -pg) and share
# tests/browser/node_modules, which `make check` installs before the lanes start.
set -u
make=$1
shift
dir=$(mktemp -d /tmp/fgdj-lanes.XXXXXX)
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

names=
for lane in "$@"; do
	name=${lane%%:*}
	targets=${lane#*:}
	names="$names $name"
	(
		for t in $targets; do
			t0=$(date +%s)
			# -j1: a lane runs its own targets one at a time whatever the caller's -j.
			{
				$make -j1 --no-print-directory "$t" 2>&1
				echo $? >"$dir/$name.rc"
			} | tee -a "$dir/$name.log" | sed -u "s/^/[$name] /"
			printf '%s %s\n' "$t" $(($(date +%s) - t0)) >>"$dir/$name.times"
			if [ "$(cat "$dir/$name.rc")" != 0 ]; then
				echo "$t" >"$dir/$name.failed"
				break
			fi
		done
	) &
done
wait

status=0
echo "== lanes"
for name in $names; do
	if [ -e "$dir/$name.failed" ]; then
		printf '[%s] 失败：make %s\n' "$name" "$(cat "$dir/$name.failed")"
		status=1
	else
		printf '[%s] 通过\n' "$name"
	fi
	# each target's minutes and seconds
	awk -v n="$name" '{ printf "[%s]   make %-12s %d 分 %02d 秒\n", n, $1, $2 / 60, $2 % 60; s += $2 }
		END { printf "[%s]   共 %d 分 %02d 秒\n", n, s / 60, s % 60 }' "$dir/$name.times"
done
for name in $names; do
	[ -e "$dir/$name.failed" ] || continue
	printf '\n== [%s] 最后 80 行\n' "$name"
	tail -n 80 "$dir/$name.log"
done
exit $status
