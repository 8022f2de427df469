#!/bin/sh
# fgdj serve end to end on the hand-made district: health check, security headers, login by form
# and by JSON, cookie flags, CSRF, territorial scope (404 outside), throttling and lockout, logout,
# session expiry, account changes, assets, limits, the access log and a clean stop on SIGTERM.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
add_user boss admin
add_user xc street 西城街道
add_user hp community 和平社区
add_user sec secretary 小微设计工作室党支部
add_user lockme viewer
add_user other viewer 光明社区

# ---- fgdj user: role and scope combinations, history without hashes ----
printf 'secret-pass-1\n' >pw
run 2 "$FGDJ" user add x1 --role street --scope 和平社区 --password-stdin --db $DB
has err "不是街道"
run 2 "$FGDJ" user add x2 --role community --password-stdin --db $DB <pw
has err "需要 --scope"
run 2 "$FGDJ" user add x3 --role admin --scope 西城街道 --password-stdin --db $DB <pw
has err "不带 --scope"
run 2 "$FGDJ" user add x4 --role viewer --scope 国贸大厦 --password-stdin --db $DB <pw
has err "不能作为用户范围"
run 2 "$FGDJ" user add x5 --role secretary --scope 没有的支部 --password-stdin --db $DB <pw
has err "没有名为“没有的支部”的党组织"
run 2 "$FGDJ" user add x6 --role chief --password-stdin --db $DB <pw
has err "--role 应为"
run 2 "$FGDJ" user add xc --role district --password-stdin --db $DB <pw
has err "已存在"
printf 'short\n' >short
run 2 "$FGDJ" user add x7 --role district --password-stdin --db $DB <short
has err "至少 8 个字符"
run 2 "$FGDJ" user add 'a b' --role district --password-stdin --db $DB <pw
run 0 "$FGDJ" user list --db $DB
has out "xc	street	街道工作人员	西城街道	启用"
has out "hp	community	社区工作人员	东城街道/和平社区"
has out "sec	secretary	党组织书记	小微设计工作室党支部"
has out "boss	admin	系统管理员	全区"
hasnt out "x1"
run 0 "$FGDJ" user list --format json --db $DB
has out '"name": "other"'
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'app_user' AND op = 'insert'")" 6 "one history row per account"
eq "$(sql $DB "SELECT who FROM history WHERE tbl = 'app_user' AND key = 'xc'")" "命令行:tester" "history names the CLI user"
eq "$(sql $DB "SELECT count(*) FROM history WHERE old LIKE '%argon2%' OR new LIKE '%argon2%'")" 0 "no hash in the history"
eq "$(sql $DB "SELECT substr(pwhash, 1, 10) FROM app_user WHERE name = 'xc'")" '$argon2id$' "Argon2id hash"

start_server $DB

# ---- health, headers, anonymous access ----
req 200 GET /healthz
eq "$(cat "$WORK/body")" "ok" "healthz body"
for h in "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" \
	"X-Content-Type-Options: nosniff" "Referrer-Policy: same-origin" "X-Frame-Options: DENY" "Cache-Control: no-store"; do
	has "$WORK/hdr" "$h"
done
req 303 GET /
eq "$(header Location)" "/login?next=%2F" "anonymous page → login"
req 401 GET /api/v1/stats
has "$WORK/body" '"error":"请先登录"'
req 404 GET /nowhere
has "$WORK/hdr" "X-Frame-Options: DENY"
has "$WORK/body" "未找到"
req 303 POST /logout -d csrf=x
eq "$(header Location)" "/login?next=%2F" "anonymous form → login"
req 405 DELETE /healthz
eq "$(header Allow)" "GET" "Allow header"

# ---- the login page: who to ask for an account (setting web.admin_contact), a favicon ----
req 200 GET /login
has "$WORK/body" "没有账户或忘记密码，请联系系统管理员。"
hasnt "$WORK/body" "fgdj user"
has "$WORK/body" '<link rel="icon" type="image/svg+xml" href="/assets/favicon.svg?v='
"$FGDJ" settings web.admin_contact '区委组织部组织科 0571-8700<1234>' --db $DB >/dev/null && ok || fail "set web.admin_contact"
req 200 GET /login
has "$WORK/body" "请联系系统管理员：区委组织部组织科 0571-8700&lt;1234&gt;"
req 200 GET /assets/favicon.svg
eq "$(header Content-Type)" "image/svg+xml" "favicon served as SVG"

# ---- login form: double-submit token, cookie flags, redirect ----
TOK=$(login_token jar)
[ ${#TOK} -eq 64 ] && ok || fail "login form token"
req 403 POST /login -b jar -c jar --data-urlencode username=xc --data-urlencode password=secret-pass-1
req 303 POST /login -b jar -c jar --data-urlencode username=xc --data-urlencode password=secret-pass-1 \
	--data-urlencode "csrf=$TOK" --data-urlencode "next=/?a=1"
eq "$(header Location)" "/?a=1" "redirect to next"
COOKIE=$(tr -d '\r' <"$WORK/hdr" | grep -i '^Set-Cookie: fgdj_session=')
case "$COOKIE" in
*"; Path=/; HttpOnly; SameSite=Strict") ok ;;
*) fail "session cookie flags: $COOKIE" ;;
esac
SESSION=$(echo "$COOKIE" | sed 's/^[^=]*=\([0-9a-f]*\);.*/\1/')
[ ${#SESSION} -eq 64 ] && ok || fail "256-bit token"
eq "$(sql $DB "SELECT count(*) FROM session WHERE token_hash = '$SESSION'")" 0 "the token itself is not stored"
eq "$(sql $DB "SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.name = 'xc'")" 1 "session row"
eq "$(sql $DB "SELECT who || ' ' || op FROM history WHERE tbl = 'session' AND key = 'xc'")" "web:xc insert" "login in history"
req 200 GET / -b jar
has "$WORK/body" "<h1>西城街道</h1>"
has "$WORK/body" "66.7%"
has "$WORK/body" 'name="csrf" value="'
has "$WORK/body" '<a href="/" aria-current="page">首页</a>'
has "$WORK/body" '<span>xc · 街道工作人员 · 西城街道</span>'
hasnt "$WORK/body" "<script>"
# an open redirect is refused
TOK=$(login_token jar2)
req 303 POST /login -b jar2 -c jar2 -d username=xc -d password=secret-pass-1 -d "csrf=$TOK" --data-urlencode "next=//evil.example/"
eq "$(header Location)" "/" "no redirect to another host"
# behind a TLS proxy on 127.0.0.1 the cookie is Secure
TOK=$(login_token jar3)
req 303 POST /login -b jar3 -c jar3 -H 'X-Forwarded-Proto: https' -d username=hp -d password=secret-pass-1 -d "csrf=$TOK"
has "$WORK/hdr" "SameSite=Strict; Secure"
# escaping: the next parameter comes back as text
req 200 GET '/login?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E'
has "$WORK/body" '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'
hasnt "$WORK/body" '<script>alert'

# ---- JSON login ----
req 200 POST /api/v1/session -c api -H 'Content-Type: application/json' -d '{"username":"hp","password":"secret-pass-1"}'
has "$WORK/body" '"csrf_token":"'
has "$WORK/body" '"scope":"东城街道/和平社区"'
HP_CSRF=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$WORK/body")
req 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"hp","password":"wrong-password"}'
req 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"nobody","password":"wrong-password"}'
req 400 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"hp"}'
req 400 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"hp",'
req 415 POST /api/v1/session -d 'username=hp&password=secret-pass-1'
req 200 GET /api/v1/session -b api
has "$WORK/body" '"role":"community"'

# ---- CSRF ----
req 403 DELETE /api/v1/session -b api
req 403 DELETE /api/v1/session -b api -H "X-CSRF-Token: 0000000000000000000000000000000000000000000000000000000000000000"
req 403 POST /logout -b jar
has "$WORK/body" "CSRF"
req 403 POST /logout -b jar -H "Origin: http://evil.example" -H "X-CSRF-Token: $HP_CSRF"

# ---- scope: a community sees nothing of another community ----
req 200 GET /api/v1/stats -b api
has "$WORK/body" '"region": "东城街道/和平社区"'
has "$WORK/body" '"enterprises_total": 2'
req 200 GET '/api/v1/stats?region=和平社区' -b api
# The answer is the command's, kept while the data is unchanged and following every write: an
# enterprise of the community closed by the command line, then reopened.
"$FGDJ" stats --format json --region 和平社区 --db $DB >cli.json
if cmp -s cli.json "$WORK/body"; then ok; else fail "API stats differ from fgdj stats: $(diff cli.json "$WORK/body" | head -4)"; fi
hp1=$("$FGDJ" export enterprises --region 东城街道/和平社区 --db $DB | awk -F, 'NR == 2 { print $1 }')
"$FGDJ" close enterprise "$hp1" --date 2026-01-05 --reason 注销 --db $DB >/dev/null || fail "close $hp1"
req 200 GET '/api/v1/stats?region=和平社区' -b api
has "$WORK/body" '"enterprises_total": 1'
"$FGDJ" stats --format json --region 和平社区 --db $DB >cli.json
if cmp -s cli.json "$WORK/body"; then ok; else fail "API stats after a write: $(diff cli.json "$WORK/body" | head -4)"; fi
"$FGDJ" reopen enterprise "$hp1" --db $DB >/dev/null || fail "reopen $hp1"
req 200 GET /api/v1/stats -b api
has "$WORK/body" '"enterprises_total": 2'
req 404 GET '/api/v1/stats?region=光明社区' -b api
has "$WORK/body" "不在您的工作范围内"
req 404 GET '/api/v1/stats?region=幸福社区' -b api
req 404 GET '/api/v1/stats?region=东城街道' -b api
req 404 GET '/api/v1/stats?region=没有这个地方' -b api
api_login xc xcj
req 200 GET '/api/v1/stats?region=光明社区' -b xcj
req 200 GET '/api/v1/stats?region=西城街道&as_of=2024-01-01' -b xcj
has "$WORK/body" '"as_of": "2024-01-01"'
req 404 GET '/api/v1/stats?region=国贸大厦' -b xcj
req 404 GET '/api/v1/stats?region=和平社区' -b xcj
req 400 GET '/api/v1/stats?as_of=someday' -b xcj
api_login boss bossj
req 200 GET '/api/v1/stats?region=国贸大厦' -b bossj
req 200 GET '/api/v1/stats?by=street' -b bossj
has "$WORK/body" '"org_coverage_rate": 71.4'
has "$WORK/body" '"name": "东城街道"'
api_login sec secj
req 403 GET /api/v1/stats -b secj
req 200 GET / -b secj
has "$WORK/body" "小微设计工作室党支部"

# ---- throttling (the lock, the unlock and the load in web_auth.sh) ----
for i in 1 2; do
	req 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"lockme","password":"wrong-password"}'
done
# the right password waits too: a guess must not be checked during the pause
req 429 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"lockme","password":"secret-pass-1"}'
has "$WORK/body" "登录失败次数过多"
case "$(header Retry-After)" in [12]) ok ;; *) fail "Retry-After: '$(header Retry-After)'" ;; esac
req 200 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"other","password":"secret-pass-1"}'
eq "$(sql $DB "SELECT count(*) FROM login_attempt WHERE name = 'lockme' AND ok = 0")" 2 "refused attempts are not recorded"
# the pause ends
sql $DB "UPDATE login_attempt SET at = at - 10 WHERE name = 'lockme'"
req 200 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"lockme","password":"secret-pass-1"}'

# ---- logout, expiry, account changes end sessions ----
CS=$(curl -s -b jar "$URL/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
req 303 POST /logout -b jar -c jar -d "csrf=$CS"
eq "$(header Location)" "/login" "logout → login"
has "$WORK/hdr" "fgdj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
req 303 GET / -H "Cookie: fgdj_session=$SESSION"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'session' AND key = 'xc' AND op = 'delete'")" 1 "logout in history"
req 200 DELETE /api/v1/session -b api -H "X-CSRF-Token: $HP_CSRF"
req 401 GET /api/v1/session -b api
api_login hp hpj
sql $DB "UPDATE session SET expires = 1 WHERE user_id = (SELECT id FROM app_user WHERE name = 'hp')"
req 401 GET /api/v1/session -b hpj
api_login other oj
run 0 "$FGDJ" user disable other --db $DB
req 401 GET /api/v1/session -b oj
req 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"other","password":"secret-pass-1"}'
run 0 "$FGDJ" user enable other --db $DB
api_login other oj
printf 'new-secret-2\n' | "$FGDJ" user passwd other --password-stdin --db $DB 2>/dev/null || fail "passwd"
req 401 GET /api/v1/session -b oj
req 200 POST /api/v1/session -H 'Content-Type: application/json' -d '{"username":"other","password":"new-secret-2"}'
eq "$(sql $DB "SELECT new FROM history WHERE tbl = 'app_user' AND key = 'other' ORDER BY id DESC LIMIT 1")" \
	'{"password":"已修改"}' "passwd history"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'app_user' AND key = 'other' AND op = 'update'")" 3 \
	"disable, enable, passwd in history"

# ---- assets ----
CSS=$(curl -s -b bossj "$URL/" | sed -n 's/.*<link rel="stylesheet" href="\([^"]*\)".*/\1/p')
case "$CSS" in /assets/fgdj.css\?v=*) ok ;; *) fail "stylesheet link: $CSS" ;; esac
req 200 GET "$CSS"
eq "$(header Content-Type)" "text/css; charset=utf-8" "css type"
eq "$(header Cache-Control)" "public, max-age=31536000, immutable" "css cached"
has "$WORK/body" "@media print"
has "$WORK/body" "size: A4"
req 200 GET /assets/fgdj.js
eq "$(header Content-Type)" "text/javascript; charset=utf-8" "js type"
eq "$(header Cache-Control)" "no-cache" "unversioned asset revalidated"
ETAG=$(header ETag)
req 304 GET /assets/fgdj.js -H "If-None-Match: $ETAG"
req 404 GET /assets/work_template.md
req 404 GET /assets/nothing.css

# ---- limits and bad input ----
head -c 1100000 /dev/zero | tr '\0' 'a' >big.json
req 413 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @big.json
req 400 GET '/api/v1/stats?region=%E4%B8' -b bossj
req 415 POST /logout -b bossj -F "f=@big.json"

# ---- the access log, and a clean stop ----
has "$WORK/server.log" "GET /healthz 200 3 "
grep -q 'GET / 200 [0-9]* [0-9.]*ms xc\( 计算：[^ ].*\)\?$' "$WORK/server.log" && ok || fail "access log line with the user"
grep -q 'POST /api/v1/session 401 ' "$WORK/server.log" && ok || fail "access log of a failed login"
stop_server
eq "$SERVER_RC" 0 "exit code after SIGTERM"
[ "$SERVER_RC" = 0 ] || grep -v '^20[0-9][0-9]-' "$WORK/server.log" | head -60 >&2
has "$WORK/server.log" "已停止"
if sqlite_only "SQLite 文件的 integrity_check"; then eq "$(sql $DB "PRAGMA integrity_check")" ok "database intact"; fi

finish
