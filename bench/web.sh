#!/bin/sh
# fgdj serve under load at city scale: wrk (2 threads, 64 connections, 10 s each) on
#   static     GET /assets/fgdj.css — the same server returning an embedded file: the raw limit
#   dashboard  GET / as the district administrator (the statistics of the whole city)
#   ledger     GET /enterprises?street=… — a filtered ledger page (skipped while the route is absent)
#   calendar   GET /orgs/ID/life — the year of the organisation with the most meetings
# printing requests/s, p99 latency, the ratio to the static baseline, and the server's peak RSS
# (VmHWM). Goals (issue 4): dashboard ≥ 2,000 req/s, p99 ≤ 50 ms, RSS ≤ 100 MB.
#
#   FGDJ=build/fgdj sh bench/web.sh          (make bench runs it)
#   DURATION=10s THREADS=2 CONNECTIONS=64 SCALE=city
. "$(dirname "$0")/lib.inc"
command -v wrk >/dev/null 2>&1 || { echo "bench/web.sh: 需要 wrk（apt-get install wrk）" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "bench/web.sh: 需要 curl" >&2; exit 1; }
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SCALE=${SCALE:-city}

d=$(demo_db "$SCALE")
serve_copy "$d/demo.db" "web-$SCALE"
DB=$W

ents=$(sqlite3 "$DB" 'SELECT count(*) FROM enterprise' 2>/dev/null || echo "?")
STREET=$(sqlite3 "$DB" "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1" 2>/dev/null || echo "")
# The first dashboard computes the city's statistics; later ones come from the cache until the
# data changes. Both are shown.
cold=$(curl -s -o /dev/null -w '%{time_total}' -H "$COOKIE" "$URL/")
warm=$(curl -s -o /dev/null -w '%{time_total}' -H "$COOKIE" "$URL/")

# r3 A B: A / B with 3 decimals (a slow page against the static baseline is a small ratio).
r3() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# run NAME PATH: wrk on PATH; prints one line and sets RPS.
run() {
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$COOKIE" "$URL$2" 2>&1)
	RPS=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { print $2 }')
	p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		printf "%.2f", u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }')
	bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ { print $NF }')
	errs=$(printf '%s\n' "$out" | awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }')
	printf '%-10s %-42s %10.0f %9s' "$1" "$2" "${RPS:-0}" "${p99:-?}"
	[ -n "$bad" ] && printf '  （非 2xx 响应 %s）' "$bad"
	[ -n "$errs" ] && printf '  （socket 错误：%s）' "$errs"
	printf '\n'
}

echo "fgdj serve at $SCALE scale ($ents enterprises), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs"
printf 'dashboard first request %.1f ms (statistics computed), second %.1f ms (cached)\n' \
	"$(awk -v t="$cold" 'BEGIN { print t * 1000 }')" "$(awk -v t="$warm" 'BEGIN { print t * 1000 }')"
printf '%-10s %-42s %10s %9s\n' what path req/s p99_ms
run static /assets/fgdj.css
static=$RPS
run dashboard /
dash=$RPS
if "$FGDJ" serve --routes | grep -q '^GET /enterprises '; then
	run ledger "/enterprises?street=$(printf '%s' "$STREET" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"
	ledger=$RPS
else
	echo "ledger     （/enterprises 尚未注册，跳过）"
	ledger=
fi
# An organisation's year as a calendar (issue 8: ≥ 1,000 req/s): the one with the most meetings.
ORG=$(sqlite3 "$DB" 'SELECT org_id FROM meeting GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1' 2>/dev/null || echo "")
if [ -n "$ORG" ]; then
	run calendar "/orgs/$ORG/life"
	cal=$RPS
else
	cal=
fi
hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status")
echo "dashboard/static $(r3 "$dash" "$static")${ledger:+, ledger/static $(r3 "$ledger" "$static")}${cal:+, calendar/static $(r3 "$cal" "$static")}; server peak RSS (VmHWM) $hwm MB"
