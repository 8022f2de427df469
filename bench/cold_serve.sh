#!/bin/sh
# A server's first findings after it starts (issue 12 point 3): the CPU the server spends on its
# first GET /api/v1/findings (the region's facts, every finding checked, the JSON) when it reads
# the facts `fgdj check` kept in the database (facts_kept: access log 事实留存) against reading
# them from the tables (FGDJ_FACTS_KEPT=0: 事实载入), servers started alternately on one copy of the
# database, ROUNDS rounds; and each one's peak RSS.
#
#   FGDJ=build/fgdj sh bench/cold_serve.sh           (the city demo, made once in $BENCH_DIR)
#   DB=/tmp/city.db FGDJ=… sh bench/cold_serve.sh     an existing database (copied, not changed)
. "$(dirname "$0")/lib.inc"
command -v curl >/dev/null 2>&1 || { echo "bench/cold_serve.sh: 需要 curl（apt-get install curl）" >&2; exit 1; }
ROUNDS=${ROUNDS:-3}
W=$BENCH_DIR/cold-$$.db
trap 'rm -f "$W" "$W-wal" "$W-shm" "$BENCH_DIR/cold-$$.log" "$BENCH_DIR/cold-$$.jar"' EXIT
cp "${DB:-$(demo_db "${SCALE:-city}")/demo.db}" "$W"
printf 'bench-pass-2026\n' | "$FGDJ" user add bench --role admin --password-stdin --db "$W" 2>/dev/null || true
"$FGDJ" check --format json --db "$W" >/dev/null || true # keeps the findings' facts (exit 1: findings found)

# first ENV: a server started with ENV (NAME=VALUE), its CPU (ms) on the first findings, its peak
# RSS (KiB) and the access log's 计算：
first() {
	log=$BENCH_DIR/cold-$$.log
	: >"$log"
	env "$1" "$FGDJ" serve --listen 127.0.0.1:0 --db "$W" --refresh-after 0 2>"$log" &
	pid=$!
	port=$(server_port "$log")
	[ -n "$port" ] || { cat "$log" >&2; exit 1; }
	curl -s -c "$BENCH_DIR/cold-$$.jar" -H 'Content-Type: application/json' \
		-d '{"username":"bench","password":"bench-pass-2026"}' "http://127.0.0.1:$port/api/v1/session" >/dev/null
	c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	curl -s -b "$BENCH_DIR/cold-$$.jar" "http://127.0.0.1:$port/api/v1/findings" >/dev/null
	c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	rss=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$pid/status")
	kill -TERM "$pid"
	wait "$pid" || true
	tick=$(getconf CLK_TCK)
	printf '%-18s cpu %5d ms  peak RSS %6d KiB  %s\n' "$1" $(((c1 - c0) * 1000 / tick)) "$rss" \
		"$(sed -n 's/.* 计算：\(.*\)$/\1/p' "$log" | tail -n 1)"
}
i=0
while [ $i -lt "$ROUNDS" ]; do
	first FGDJ_FACTS_KEPT=1
	first FGDJ_FACTS_KEPT=0
	i=$((i + 1))
done
