#!/bin/sh
# Usage: sh tests/run_e2e.sh BINARY [QUEUE]
#        sh tests/run_e2e.sh --queue QUEUE
# Runs the e2e scripts (E2E_SCRIPTS, by default every tests/e2e/*.sh) with BINARY as $FGDJ, one
# after the other, stopping at the first that fails; FGDJ_TEST_BACKEND=pg in the environment runs
# them on PostgreSQL (under tests/pg.sh).
#
# With QUEUE (made by --queue: one empty file per script), a run takes only the scripts it claims
# from it, one at a time (a rename: of two runs only one gets a script). make check's two lanes
# both end with such a run over one queue, so the ASan scripts go to whichever lane is free and the
# lanes end within one script of each other.
#
# Each script may take E2E_TIMEOUT seconds (default 1200, ten times the slowest here): one that
# hangs is stopped — its whole process group, servers and all — and fails with its name, instead of
# holding make check until CI's limit.
set -u
scripts=${E2E_SCRIPTS:-$(ls tests/e2e/*.sh)}
if [ "$1" = --queue ]; then
	rm -rf "$2"
	mkdir -p "$2/todo" "$2/taken"
	for t in $scripts; do : >"$2/todo/$(basename "$t")"; done
	exit 0
fi
bin=$1
queue=${2:-}
FGDJ=$bin
export FGDJ
if [ "${FGDJ_TEST_BACKEND:-sqlite}" != pg ]; then
	# The district demos the scripts start from, made once per binary (tests/lib.sh, fgdj_demo);
	# those of an earlier build are dropped (not one being made: fill.*).
	FGDJ_TEST_CACHE=$(cd "$(dirname "$bin")" && pwd)/test-cache
	export FGDJ_TEST_CACHE
	mkdir -p "$FGDJ_TEST_CACHE"
	key=$(stat -L -c '%i-%s-%Y' "$bin")
	for d in "$FGDJ_TEST_CACHE"/demo-*; do
		case $d in *"-$key" | */'demo-*') ;; *) rm -rf "$d" ;; esac
	done
fi
n=0
for t in $scripts; do
	if [ -n "$queue" ]; then
		mv "$queue/todo/${t##*/}" "$queue/taken/${t##*/}" 2>/dev/null || continue
	fi
	n=$((n + 1))
	echo "== $t"
	t0=$(date +%s)
	# timeout runs the script in a process group of its own, which a terminal's Ctrl-C does not
	# reach: passed on to it here (it stops the group, servers and all).
	timeout -k 10 "${E2E_TIMEOUT:-1200}" sh "$t" &
	tpid=$!
	trap 'kill -TERM "$tpid" 2>/dev/null; wait "$tpid"; exit 130' INT TERM
	wait "$tpid"
	rc=$?
	trap - INT TERM
	echo "== $t：$(($(date +%s) - t0)) 秒"
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		printf '%s：超过 %s 秒未结束，已停止（挂起？）\n' "$t" "${E2E_TIMEOUT:-1200}" >&2
	fi
	[ "$rc" = 0 ] || exit "$rc"
done
[ -z "$queue" ] || echo "== 本通道运行了 $n 个脚本"
