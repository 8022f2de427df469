#!/bin/sh
# The kept pages right after a login, on both backends (issues 12 point 3 and 14). A login writes
# the history (its session), which changes no figure: every kept value (statistics, findings, plan)
# is served again after one look at the history since its stamp (store_changes_since). Timed by
# the server itself (its access log): the first /findings, / and /plan after a second login, against
# the same pages asked again with nothing written between (the raw baseline: the kept text served).
# The server runs with --refresh-after 0, so that only the requests compute.
#
#   FGDJ=build/fgdj sh bench/after_login.sh          the district demo; PostgreSQL by tests/pg.sh
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../tests/pg.sh" sh "$0" "$@"
. "$(dirname "$0")/lib.inc"
command -v curl >/dev/null 2>&1 || { echo "bench/after_login.sh: 需要 curl" >&2; exit 1; }
d=$(demo_db district)
B=$BENCH_DIR/after-login-$$
mkdir -p "$B"
trap 'rm -rf "$B"' EXIT
PGDB=$(printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/afterlogin?|")
psql "$FGDJ_TEST_PG" -X -q -c "CREATE DATABASE afterlogin" >/dev/null
"$FGDJ" migrate --to "$PGDB" --db "$d/demo.db" >/dev/null 2>&1 || { echo "$0: migrate failed" >&2; exit 1; }
cp "$d/demo.db" "$B/demo.db"

login() {
	curl -s -c "$B/jar" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-pass-2026"}' \
		"$URL/api/v1/session" >/dev/null
	COOKIE="Cookie: fgdj_session=$(awk '$6 == "fgdj_session" { print $7 }' "$B/jar")"
}
# pages: the three pages once; prints the server's own times (ms) and their sum
pages() {
	n0=$(wc -l <"$B/log")
	for p in /findings / /plan; do curl -s -o /dev/null -H "$COOKIE" "$URL$p"; done
	i=0
	while [ "$(tail -n +$((n0 + 1)) "$B/log" | grep -c ' GET /')" -lt 3 ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	tail -n +$((n0 + 1)) "$B/log" | awk '/ GET \// { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+ms$/) { sub(/ms$/, "", $i); printf "%7.1f", $i; t += $i } }
		END { printf "  = %7.1f ms", t }'
}
echo "the first /findings, / and /plan (the server's own ms), district demo, load $(cut -d' ' -f1-3 /proc/loadavg)"
for db in "$B/demo.db" "$PGDB"; do
	case $db in postgresql:*) name=postgresql ;; *) name=sqlite ;; esac
	printf 'bench-pass-2026\n' | "$FGDJ" user add bench --role admin --password-stdin --db "$db" >/dev/null 2>&1
	: >"$B/log"
	"$FGDJ" serve --listen 127.0.0.1:0 --db "$db" --refresh-after 0 2>"$B/log" &
	PID=$!
	URL=http://127.0.0.1:$(server_port "$B/log")
	login
	pages >/dev/null # computed on the request: the first of this server
	for k in 1 2 3; do
		login
		printf '%-10s after a login %s   again %s\n' "$name" "$(pages)" "$(pages)"
	done
	kill -TERM $PID
	wait $PID
done
