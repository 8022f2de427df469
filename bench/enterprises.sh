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
serve_wrk enterprises

ents=$(sqlite3 "$W" 'SELECT count(*) FROM enterprise')
STREET=$(sqlite3 "$W" "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
in_street=$(sqlite3 "$W" "SELECT count(*) FROM enterprise e JOIN region c ON c.id = e.community_id
	WHERE c.parent_id = (SELECT id FROM region WHERE level = 'street' ORDER BY id LIMIT 1)")
with_kj=$(curl -s -H "$COOKIE" "$URL/api/v1/enterprises?limit=1&q=$(enc 科技)" | sed -n 's/^{"total":\([0-9]*\),.*/\1/p')
LAST=$(pages "$ents")
a1=$(alone /enterprises)
a2=$(alone /enterprises)
a3=$(alone "/enterprises?page=$LAST")

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
