#!/bin/sh
# The web import under a hostile upload: 200 000 rows outside the street user's scope, with the
# server's address space limited, answer a preview whose error list is capped and says how many
# were left out, with echoed cells clipped — and the server lives on. Uploads waiting for their
# commit are kept per account: forty uploads of one account (in forty sessions) do not push out
# another account's.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
add_user boss admin
add_user dist district
add_user xc street 西城街道
mkdir -p "$WORK/tmp"
export TMPDIR="$WORK/tmp"
# ASan reserves terabytes of address space: the limit only applies to a plain build.
if ldd "$FGDJ" | grep -q libasan; then SERVER_VMEM_KB=; else SERVER_VMEM_KB=600000; fi
export SERVER_VMEM_KB
start_server $DB --threads 2
api_login xc xj
XC=$CSRF

# ---- 200 000 rows of another street ----
LONG=$(printf '%0300d' 0 | tr 0 X)
{
	head -1 "$FIX/district/enterprises.csv"
	ROW='临江智造科技有限公司,东城街道,幸福社区,,,制造业,在营,120,是,500,张建国,是,2010-05-01,正常,正常,'
	printf "91330106MA20002034,%s\n" "$ROW" | sed "s/,120,/,$LONG,/"
	awk -v row="$ROW" 'BEGIN { for (i = 0; i < 200000; i++) print "91330106MA20002034," row }'
} >huge.csv
SUM=$(dbsum $DB)
req 422 POST /import -b xj -F "csrf=$XC" -F kind=enterprises -F "file=@huge.csv"
has "$WORK/body" "条错误未列出"
has "$WORK/body" "以上列出前 2000 处"
hasnt "$WORK/body" "${LONG%XXXXXXXXXX}"                                       # 290 X: never echoed whole
has "$WORK/body" "$(printf "%0200d" 0 | tr 0 X)…"                               # clipped to 200 characters
ROWS=$(grep -c '<tr><td class="num">' "$WORK/body")
[ "$ROWS" -le 4000 ] && ok || fail "$ROWS error rows on the page"
req 200 GET /healthz
kill -0 "$SERVER_PID" 2>/dev/null && ok || fail "the server died"
eq "$(dbsum $DB)" "$SUM" "nothing written"

# ---- pending uploads per account ----
head -3 "$FIX/district/enterprises.csv" >good.csv
api_login dist dj
req 200 POST /import -b dj -F "csrf=$CSRF" -F kind=enterprises -F "file=@good.csv"
TB=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
[ ${#TB} -eq 64 ] && ok || fail "B's token"
DJ_CSRF=$CSRF
# forty sessions of boss, made directly (a login each would only cost Argon2 time)
BOSS_ID=$(sql $DB "SELECT id FROM app_user WHERE name = 'boss'")
NOW=$(date +%s)
db_query $DB "$(for i in $(seq 40); do
	tok=$(printf '%064d' "$i")
	h=$(printf '%s' "$tok" | b2sum -l 256 | cut -d' ' -f1)
	echo "INSERT INTO session VALUES ('$h', $BOSS_ID, '$tok', $NOW, $NOW, $((NOW + 3600)));"
done)"
FIRST=
for i in $(seq 40); do
	tok=$(printf '%064d' "$i")
	req - POST /import -H "Cookie: fgdj_session=$tok" -F "csrf=$tok" -F kind=enterprises -F "file=@good.csv"
	[ "$STATUS" = 200 ] || fail "upload $i of A: $STATUS"
	[ -n "$FIRST" ] || FIRST=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
	LAST=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/body")
done
# A's oldest was dropped for A's newer ones; B's upload is still there
T1=$(printf '%064d' 1)
req 409 POST /import/commit -H "Cookie: fgdj_session=$T1" -d "csrf=$T1" -d "token=$FIRST"
T40=$(printf '%064d' 40)
req 200 POST /import/commit -H "Cookie: fgdj_session=$T40" -d "csrf=$T40" -d "token=$LAST"
req 200 POST /import/commit -b dj -d "csrf=$DJ_CSRF" -d "token=$TB"
has "$WORK/body" "导入结果"

stop_server
finish
