#!/bin/sh
# The enterprise ledger (the most used list) under load at city scale: wrk (2 threads, 64
# connections, 10 s each) on the static asset (the raw limit of the same server, same run), then
#   all        GET /enterprises                 page 1 of the whole city
#   last       GET /enterprises?page=LAST       its last page
#   middle     GET /enterprises?page=MIDDLE
#   street     GET /enterprises?street=…        a street, page 1 and its last page
#   search     GET /enterprises?q=科技           a common word (thousands of rows), and its last page
#   pinyin     GET /enterprises?q=kj
#   api        GET /api/v1/enterprises?limit=50
# printing requests/s, p99 latency and the ratio to the static baseline. Goal (issue 12): every
# list ≥ 2,000 req/s and p99 ≤ 50 ms, i.e. ≥ 5 % of the static asset, on any page.
#
#   FGDJ=build/fgdj sh bench/enterprises.sh            (make bench runs it)
#   DB=/tmp/city.db FGDJ=… sh bench/enterprises.sh      an existing city database (copied, not changed)
#   DURATION=10s THREADS=2 CONNECTIONS=64 SCALE=city
. "$(dirname "$0")/lib.inc"
command -v wrk >/dev/null 2>&1 || { echo "bench/enterprises.sh: 需要 wrk（apt-get install wrk）" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "bench/enterprises.sh: 需要 curl" >&2; exit 1; }
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SCALE=${SCALE:-city}

if [ -n "${DB:-}" ]; then
	src=$DB
else
	src=$(demo_db "$SCALE")/demo.db
fi
serve_copy "$src" "ent-$SCALE-$$"

enc() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g'; }
pages() { awk -v n="$1" 'BEGIN { printf "%d", (n + 49) / 50 }'; }
ents=$(sqlite3 "$W" 'SELECT count(*) FROM enterprise')
STREET=$(sqlite3 "$W" "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
in_street=$(sqlite3 "$W" "SELECT count(*) FROM enterprise e JOIN region c ON c.id = e.community_id
	WHERE c.parent_id = (SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1)")
with_kj=$(curl -s -H "$COOKIE" "$URL/api/v1/enterprises?limit=1&q=$(enc 科技)" | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')
LAST=$(pages "$ents")
# Each page once alone (the first request of a list reads its sort keys; later ones reuse them).
alone() { curl -s -o /dev/null -w '%{time_total}' -H "$COOKIE" "$URL$1" | awk '{ printf "%.1f", $1 * 1000 }'; }
a1=$(alone /enterprises)
a2=$(alone /enterprises)
a3=$(alone "/enterprises?page=$LAST")

r3() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
run() {
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$COOKIE" "$URL$2" 2>&1)
	RPS=$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { print $2 }')
	p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		printf "%.2f", u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }')
	bad=$(printf '%s\n' "$out" | awk '/Non-2xx or 3xx responses:/ { print $NF }')
	errs=$(printf '%s\n' "$out" | awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }')
	if [ -n "${static:-}" ]; then ratio=$(r3 "${RPS:-0}" "$static"); else ratio=1; fi
	printf '%-10s %-44s %9.0f %9s %7s' "$1" "$3" "${RPS:-0}" "${p99:-?}" "$ratio"
	[ -n "$bad" ] && printf '  （非 2xx 响应 %s）' "$bad"
	[ -n "$errs" ] && printf '  （socket 错误：%s）' "$errs"
	printf '\n'
}

echo "fgdj serve at $SCALE scale ($ents enterprises, $LAST pages), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "one request alone: page 1 first ${a1} ms, again ${a2} ms, last page ${a3} ms"
printf '%-10s %-44s %9s %9s %7s\n' what path req/s p99_ms ratio
static=
run static /assets/fgdj.css /assets/fgdj.css
static=$RPS
run all /enterprises /enterprises
run last "/enterprises?page=$LAST" "/enterprises?page=$LAST"
run middle "/enterprises?page=$((LAST / 2))" "/enterprises?page=$((LAST / 2))"
run street "/enterprises?street=$(enc "$STREET")" "/enterprises?street=$STREET"
run street_l "/enterprises?street=$(enc "$STREET")&page=$(pages "$in_street")" "/enterprises?street=$STREET&page=$(pages "$in_street")"
run search "/enterprises?q=$(enc 科技)" "/enterprises?q=科技 ($with_kj)"
run search_l "/enterprises?q=$(enc 科技)&page=$(pages "${with_kj:-1}")" "/enterprises?q=科技&page=$(pages "${with_kj:-1}")"
run pinyin "/enterprises?q=kj" "/enterprises?q=kj"
run api "/api/v1/enterprises?limit=50" "/api/v1/enterprises?limit=50"
run api_last "/api/v1/enterprises?limit=50&offset=$(((LAST - 1) * 50))" "/api/v1/enterprises?limit=50&offset=$(((LAST - 1) * 50))"
hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status")
echo "server peak RSS (VmHWM) $hwm MB"
