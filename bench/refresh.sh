#!/bin/sh
# The server's refresher at city scale (fgdj serve --refresh-after, web/cache.h cache_refresh): the
# first /findings, / and /plan alone after the start and after a member edit (not patched: every
# kept value computed afresh), each "N ms (server CPU M ms)", on a server without the refresher
# (--refresh-after 0: computed on the request) and on one with it (the default 2 s: the start's
# warm values, then the values asked for computed again once the data has been quiet 2 s). Also the
# start's computation as the server logs it and each server's peak RSS.
#
#   FGDJ=build/fgdj sh bench/refresh.sh            (make bench runs it)
#   DB=/tmp/city.db FGDJ=… sh bench/refresh.sh      an existing city database (copied, not changed)
. "$(dirname "$0")/lib.inc"
command -v curl >/dev/null 2>&1 || { echo "bench/refresh.sh: 需要 curl" >&2; exit 1; }
SCALE=${SCALE:-city}
SRC=${DB:-$(demo_db "$SCALE")/demo.db}

cpu() { awk '{ print ($14 + $15) * 10 }' "/proc/$PID/stat"; }
timed() { c0=$(cpu); ms=$(alone "$1"); c1=$(cpu); echo "$ms ms (server CPU $((c1 - c0)) ms)"; }
firsts() { echo "/findings $(timed /findings); / $(timed /); /plan $(timed /plan)"; }
hwm() { awk '/^VmHWM:/ { printf "%.1f MB", $2 / 1024 }' "/proc/$PID/status"; }
# quiet: until the server has spent no CPU for a second (up to 5 min)
quiet() {
	i=0 last=$(cpu)
	while [ $i -lt 300 ]; do
		sleep 1
		c=$(cpu)
		[ "$c" = "$last" ] && return 0
		last=$c
		i=$((i + 1))
	done
}
stop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null; rm -f "$W" "$W-wal" "$W-shm" "$LOG"; trap - EXIT; }

# a member edit: the first member's 是否亮明身份 turned (m1), and back (m2)
"$FGDJ" export members --unmasked --db "$SRC" -o "$BENCH_DIR/members-$$.csv" >/dev/null 2>&1
head -2 "$BENCH_DIR/members-$$.csv" >"$BENCH_DIR/m0-$$.csv"
rm -f "$BENCH_DIR/members-$$.csv"
was=$(sed -n 2p "$BENCH_DIR/m0-$$.csv" | cut -d, -f9)
[ "$was" = 是 ] && to=否 || to=是
awk -F, -v OFS=, -v v="$to" 'NR == 2 { $9 = v } { print }' "$BENCH_DIR/m0-$$.csv" >"$BENCH_DIR/m1-$$.csv"
awk -F, -v OFS=, -v v="$was" 'NR == 2 { $9 = v } { print }' "$BENCH_DIR/m0-$$.csv" >"$BENCH_DIR/m2-$$.csv"
edit() { "$FGDJ" import members "$BENCH_DIR/$1-$$.csv" --db "$W" >/dev/null || echo "bench/refresh.sh: import failed" >&2; }

echo "fgdj serve at $SCALE scale, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
SERVE_ARGS="--refresh-after 0"
serve_copy "$SRC" "refresh-off-$$"
echo "--refresh-after 0, first pages after the start: $(firsts)"
edit m1
echo "  right after a member edit: $(firsts)"
echo "  peak RSS $(hwm)"
stop

SERVE_ARGS=
serve_copy "$SRC" "refresh-on-$$" # returns once the start's values are made
echo "refresher on: $(grep '已预先算好\|预先计算没有完成' "$LOG" | sed 's/^fgdj: //')"
echo "  first pages after the start: $(firsts)"
edit m1
c0=$(cpu)
sleep 3
quiet
echo "  a member edit, then a pause (the refresher's CPU in it: $(($(cpu) - c0)) ms): $(firsts)"
edit m2
echo "  right after a member edit (no pause): $(firsts)"
echo "  peak RSS $(hwm)"
stop
rm -f "$BENCH_DIR/m0-$$.csv" "$BENCH_DIR/m1-$$.csv" "$BENCH_DIR/m2-$$.csv"
