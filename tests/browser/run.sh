#!/bin/sh
# The browser tests: a demo district database with a street account, `fgdj serve` on a free port,
# the scenarios of scenarios.mjs in Debian's chromium (headless, through playwright-core from npm),
# then a clean stop. Screenshots go to build/browser-artifacts/ (build/browser-artifacts-pg/ on
# PostgreSQL, so that both runs may go side by side; kept as test artifacts).
#
#   FGDJ=build/fgdj sh tests/browser/run.sh        (make browser does this)
#   FGDJ_SCENARIO=星级 sh tests/browser/run.sh      (only the scenarios whose name has 星级)
#   sh tests/browser/run.sh --deps                   (only installs playwright-core and axe-core:
#                                                     `make check` does it once before its lanes)
#
# Needs node, npm (playwright-core is installed with `npm ci` from package-lock.json into
# tests/browser/node_modules, once) and /usr/bin/chromium (or $CHROMIUM).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
FGDJ=${FGDJ:-$ROOT/build/fgdj}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ART=$ROOT/build/browser-artifacts${FGDJ_TEST_BACKEND:+-$FGDJ_TEST_BACKEND}

need() { printf 'tests/browser: 需要 %s（%s）\n' "$1" "$2" >&2; exit 1; }
deps_only=0
[ "${1:-}" = --deps ] && deps_only=1
if [ $deps_only = 0 ]; then
	[ -x "$FGDJ" ] || need "$FGDJ" "先运行 make"
	[ -x "$CHROMIUM" ] || need chromium "apt-get install chromium，或 make test-deps"
fi
command -v node >/dev/null 2>&1 || need node "apt-get install nodejs"
if [ ! -f "$HERE/node_modules/playwright-core/package.json" ] || [ ! -f "$HERE/node_modules/axe-core/axe.min.js" ]; then
	command -v npm >/dev/null 2>&1 || need npm "apt-get install npm"
	# Trust the system's certificate store as well as Node's own: where the registry is reached
	# through a proxy with its own certificate authority, that authority is in the system store.
	CA=/etc/ssl/certs/ca-certificates.crt
	if [ -r "$CA" ]; then
		export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-$CA}"
		export npm_config_cafile="${npm_config_cafile:-$CA}"
	fi
	(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || need playwright-core "npm ci 失败：需要访问 npm 仓库"
fi
[ $deps_only = 0 ] || exit 0

WORK=$(mktemp -d /tmp/fgdj-browser.XXXXXX)
PID=
cleanup() {
	if [ -n "$PID" ]; then
		kill -TERM "$PID" 2>/dev/null || true
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
rm -rf "$ART"
mkdir -p "$ART" "$WORK/tmp"

# The demo district (deterministic with seed 1) and a street account of its first street.
DB=$WORK/demo.db
export FGDJ_USER=browser-test
"$FGDJ" demo --scale district --seed 1 --db "$DB" >/dev/null
# With FGDJ_TEST_BACKEND=pg (make browser-pg, under tests/pg.sh): the same demo copied into a new
# database of that cluster (fgdj migrate --to: every table, history included, checked row by row
# before it commits), and everything below — accounts, exports, the server — on the copy. Writing
# the demo on PostgreSQL directly takes 13–35 minutes here (docs/postgresql.md); the copy seconds.
if [ "${FGDJ_TEST_BACKEND:-sqlite}" = pg ]; then
	: "${FGDJ_TEST_PG:?FGDJ_TEST_BACKEND=pg runs under tests/pg.sh}"
	psql "$FGDJ_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE browser_demo" >/dev/null
	PGDB=$(printf '%s' "$FGDJ_TEST_PG" | sed 's|/postgres?|/browser_demo?|')
	"$FGDJ" migrate --to "$PGDB" --db "$DB" >/dev/null || need "$PGDB" "fgdj migrate --to 失败"
	rm -f "$DB"
	DB=$PGDB
fi
# The street and an operating enterprise of it, from the ledger as exported (CSV, header first).
"$FGDJ" export enterprises --db "$DB" -o "$WORK/all.csv" 2>/dev/null
ROW=$(awk -F, 'NR > 1 && $8 == "在营" && $9 ~ /^[0-9]+$/ { print; exit }' "$WORK/all.csv")
USCC=$(printf '%s' "$ROW" | cut -d, -f1)
ENT_NAME=$(printf '%s' "$ROW" | cut -d, -f2)
STREET=$(printf '%s' "$ROW" | cut -d, -f3)
STAFF=$(printf '%s' "$ROW" | cut -d, -f9)
[ -n "$USCC" ] && [ -n "$STREET" ] || need "演示企业" "demo 数据中找不到在营企业"
PASSWORD=browser-pass-2026
printf '%s\n' "$PASSWORD" | "$FGDJ" user add jiedao --role street --scope "$STREET" --password-stdin --db "$DB" 2>/dev/null
# A district account, which adopts a group of the joint-branch plan.
printf '%s\n' "$PASSWORD" | "$FGDJ" user add quji --role district --password-stdin --db "$DB" 2>/dev/null
# A secretary of an organisation that can hold meetings (founded before last month, not a
# leadership body, with at least two members lodged in it, all of whom had joined by then) and held
# no 主题党日 last month, so that its calendar shows that month 未开展 until the scenario records one.
PREV=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)
"$FGDJ" export orgs --db "$DB" -o "$WORK/orgs.csv" 2>/dev/null
"$FGDJ" export members --db "$DB" -o "$WORK/members.csv" 2>/dev/null
"$FGDJ" export meetings --db "$DB" -o "$WORK/meetings.csv" 2>/dev/null || : >"$WORK/meetings.csv"
SEC_ORG=$(awk -F, -v prev="$PREV" '
	FILENAME ~ /meetings/ { if (FNR > 1 && $2 == "主题党日" && substr($3, 1, 7) == prev) held[$1] = 1; next }
	FILENAME ~ /members/ {
		if (FNR > 1 && $7 != "" && $8 != "停止党籍") { n[$7]++; if (substr($4, 1, 7) >= prev) late[$7] = 1 }
		next
	}
	FNR > 1 && $3 != "上级机关" && $9 != "" && substr($9, 1, 7) < prev && !held[$1] && n[$1] >= 2 && !late[$1] { print $1; exit }
' "$WORK/meetings.csv" "$WORK/members.csv" "$WORK/orgs.csv")
[ -n "$SEC_ORG" ] || need "演示党组织" "demo 数据中找不到上月未开展主题党日、有党员的党组织"
printf '%s\n' "$PASSWORD" | "$FGDJ" user add shuji --role secretary --scope "$SEC_ORG" --password-stdin --db "$DB" 2>/dev/null
# An organisation of the street (not a leadership body) that develops a person in the scenario.
DEV_ORG=$(awk -F, -v st="$STREET" 'NR > 1 && $6 == st && $3 != "上级机关" { print $1; exit }' "$WORK/orgs.csv")
[ -n "$DEV_ORG" ] || need "演示党组织" "demo 数据中找不到该街道的党组织"

# An enterprise of the street with at least two members employed by it (not 停止党籍): its
# designation's members are ticked in the scenario.
DESIG_ENT=$(awk -F, -v st="$STREET" '
	FILENAME ~ /members/ { if (FNR > 1 && $6 != "" && $8 != "停止党籍") n[$6]++; next }
	FNR > 1 && $3 == st && n[$1] >= 2 { print $2; exit }
' "$WORK/members.csv" "$WORK/all.csv")
[ -n "$DESIG_ENT" ] || need "演示企业" "demo 数据中找不到该街道有两名以上党员的企业"

# Import files: the same enterprise with a bad head count, and with the next one.
HEAD=$(head -1 "$WORK/all.csv")
printf '%s\n%s\n' "$HEAD" "$(printf '%s' "$ROW" | awk -F, -v OFS=, '{ $9 = "很多"; print }')" >"$WORK/bad.csv"
printf '%s\n%s\n' "$HEAD" "$(printf '%s' "$ROW" | awk -F, -v OFS=, -v n=$((STAFF + 1)) '{ $9 = n; print }')" >"$WORK/good.csv"

TMPDIR=$WORK/tmp "$FGDJ" serve --listen 127.0.0.1:0 --db "$DB" 2>"$WORK/server.log" &
PID=$!
PORT=
i=0
while [ -z "$PORT" ] && [ $i -lt 100 ]; do
	sleep 0.1
	PORT=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$WORK/server.log")
	i=$((i + 1))
done
[ -n "$PORT" ] || { cat "$WORK/server.log" >&2; need "fgdj serve" "服务器没有启动"; }

rc=0
FGDJ_URL=http://127.0.0.1:$PORT FGDJ_ART=$ART FGDJ_WORK=$WORK FGDJ_USER=jiedao FGDJ_PASSWORD=$PASSWORD \
	FGDJ_STREET=$STREET FGDJ_USCC=$USCC FGDJ_ENT_NAME=$ENT_NAME FGDJ_SEC_USER=shuji FGDJ_SEC_ORG=$SEC_ORG \
	FGDJ_PREV_MONTH=$PREV FGDJ_DEV_ORG=$DEV_ORG FGDJ_DESIG_ENT=$DESIG_ENT FGDJ_DISTRICT_USER=quji CHROMIUM=$CHROMIUM \
	node "$HERE/scenarios.mjs" || rc=$?
kill -TERM "$PID"
wait "$PID" || { echo "tests/browser: fgdj serve 没有正常退出" >&2; rc=1; }
PID=
cp "$WORK/server.log" "$ART/server.log"
[ $rc -eq 0 ] || echo "tests/browser: 失败；截图和服务器日志在 $ART" >&2
exit $rc
