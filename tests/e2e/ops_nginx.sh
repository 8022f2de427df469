#!/bin/sh
# HTTPS the documented way: Debian's nginx with the shipped site file (packaging/nginx-fgdj.conf,
# only its ports, certificate paths and upstream port changed) and a self-signed certificate made
# here, on loopback, in front of `fgdj serve --config`. A login over HTTPS gets a Secure session
# cookie (X-Forwarded-Proto from a trusted proxy) and HSTS; plain HTTP is sent to HTTPS; nginx's
# request id is fgdj's in its access log; the body cap is fgdj's; with trust_proxy none the cookie
# is not Secure. Also the start line of `fgdj serve`.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
. "$HERE/ops_lib.sh"
need_curl
need nginx nginx
need openssl openssl
need python3 python3

DB=d.db
import_district $DB
add_user boss admin
"$FGDJ" init --db fresh.db >/dev/null
LATEST=$(sql fresh.db 'PRAGMA user_version')
VER=$("$FGDJ" --version | sed 's/^fgdj //')
cat >fgdj.conf <<EOF
listen = 127.0.0.1:8080
database = $DB
trust_proxy = 127.0.0.1,::1
EOF
start_server $DB --config fgdj.conf --listen 127.0.0.1:0
has "$WORK/server.log" "fgdj: fgdj $VER 启动：数据库 $DB（结构版本 $LATEST），监听 127.0.0.1:0，信任的反向代理 127.0.0.1,::1"

# ---- nginx with the shipped site file ----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HP=$(free_port)
SP=$(free_port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=fgdj.example.org \
	-addext subjectAltName=DNS:fgdj.example.org -keyout tls.key -out tls.crt 2>/dev/null || fail "certificate"
SITE=$ROOT/packaging/nginx-fgdj.conf
sed -e "s|listen 80;|listen 127.0.0.1:$HP;|" -e '/listen \[::\]/d' -e "s|listen 443 ssl http2;|listen 127.0.0.1:$SP ssl http2;|" \
	-e "s|/etc/fgdj/tls/fgdj.crt|$WORK/tls.crt|" -e "s|/etc/fgdj/tls/fgdj.key|$WORK/tls.key|" \
	-e "s|http://127.0.0.1:8080;|http://127.0.0.1:$PORT;|" "$SITE" >site.conf
# Only those lines changed: the rest is the file as shipped.
eq "$(diff "$SITE" site.conf | grep -c '^>')" 5 "five lines adapted"
eq "$(diff "$SITE" site.conf | grep -c '^<')" 7 "seven lines replaced or dropped"
mkdir ng
NGUSER=
[ "$(id -u)" = 0 ] && NGUSER="user root root;"
cat >nginx.conf <<EOF
$NGUSER
worker_processes 1;
error_log $WORK/ng/error.log;
pid $WORK/ng/nginx.pid;
events { worker_connections 64; }
http {
	access_log $WORK/ng/access.log;
	client_body_temp_path $WORK/ng/body;
	proxy_temp_path $WORK/ng/proxy;
	fastcgi_temp_path $WORK/ng/fastcgi;
	uwsgi_temp_path $WORK/ng/uwsgi;
	scgi_temp_path $WORK/ng/scgi;
	include $WORK/site.conf;
}
EOF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK/ng" -e "$WORK/ng/error.log" 2>nginx-t.err && ok || { fail "nginx -t"; cat nginx-t.err >&2; }
nginx -c "$WORK/nginx.conf" -p "$WORK/ng" -e "$WORK/ng/error.log" -g 'daemon off;' 2>nginx.err &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; stop_server; rm -rf "$WORK"' EXIT
i=0
until curl -s -o /dev/null "http://127.0.0.1:$HP/" || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done

H=fgdj.example.org
HTTPS="https://$H:$SP"
TLS="--cacert $WORK/tls.crt --resolve $H:$SP:127.0.0.1 --resolve $H:$HP:127.0.0.1"

# Plain HTTP goes to HTTPS.
STATUS=$(curl -s -o /dev/null -D hdr.http -w '%{http_code}' $TLS "http://$H:$HP/login?x=1")
eq "$STATUS" 301 "HTTP redirects"
eq "$(tr -d '\r' <hdr.http | sed -n 's/^Location: //ip')" "https://$H/login?x=1" "to the same page over HTTPS"

# ---- a login over HTTPS: the session cookie is Secure ----
STATUS=$(curl -s -o body.json -D hdr.login -w '%{http_code}' $TLS -c jar -H 'Content-Type: application/json' \
	-H "Origin: $HTTPS" -d '{"username":"boss","password":"secret-pass-1"}' "$HTTPS/api/v1/session")
eq "$STATUS" 200 "login over HTTPS"
COOKIE=$(tr -d '\r' <hdr.login | grep -i '^Set-Cookie:' | head -1)
case "$COOKIE" in *"; Secure"*) ok ;; *) fail "session cookie not Secure: $COOKIE" ;; esac
case "$COOKIE" in *HttpOnly*SameSite=Strict*) ok ;; *) fail "cookie flags: $COOKIE" ;; esac
eq "$(tr -d '\r' <hdr.login | sed -n 's/^Strict-Transport-Security: //ip')" "max-age=31536000" "HSTS"
# The session works through the proxy (the Host with its port reaches fgdj: Origin matched it).
STATUS=$(curl -s -o me.json -w '%{http_code}' $TLS -b jar "$HTTPS/api/v1/session")
eq "$STATUS" 200 "the session over HTTPS"
has me.json '"name":"boss"'

# nginx's request id is the id fgdj logs and answers with.
RID=$(tr -d '\r' <hdr.login | sed -n 's/^X-Request-Id: //ip')
case "$RID" in [0-9a-f]*) [ ${#RID} = 32 ] && ok || fail "request id: $RID" ;; *) fail "no request id" ;; esac
grep -q " 127.0.0.1 $RID POST /api/v1/session 200 " "$WORK/server.log" && ok || fail "access log line with nginx's request id"
# Straight to fgdj (no proxy): no Secure flag, and fgdj's own 16-hex-digit id.
STATUS=$(curl -s -o /dev/null -D hdr.direct -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"boss","password":"secret-pass-1"}' "$URL/api/v1/session")
eq "$STATUS" 200 "direct login"
tr -d '\r' <hdr.direct | grep -i '^Set-Cookie:' | grep -q Secure && fail "direct cookie is Secure" || ok
DID=$(tr -d '\r' <hdr.direct | sed -n 's/^X-Request-Id: //ip')
eq "${#DID}" 16 "fgdj's own request id"
grep -q " $DID POST /api/v1/session 200 " "$WORK/server.log" && ok || fail "access log line with fgdj's request id"

# ---- the body cap: nginx's is fgdj's ----
CAP=$(sed -n 's/^#define WEB_MAX_BODY (\([0-9]*\)u << 20).*/\1/p' "$ROOT/src/web/web.h")
grep -q "client_max_body_size ${CAP}m;" "$SITE" && ok || fail "client_max_body_size is not ${CAP}m"
STATUS=$(head -c $((CAP * 1048576 + 1)) /dev/zero | curl -s -o /dev/null -w '%{http_code}' $TLS -b jar \
	-H "Origin: $HTTPS" -H 'Content-Type: application/octet-stream' --data-binary @- "$HTTPS/api/v1/session")
eq "$STATUS" 413 "a body over the cap stops at nginx"

# ---- trust_proxy none: fgdj no longer believes the proxy ----
stop_server
printf 'listen = 127.0.0.1:8080\ndatabase = %s\ntrust_proxy = none\n' $DB >fgdj.conf
start_server $DB --config fgdj.conf --listen 127.0.0.1:0
sed -i "s|proxy_pass http://127.0.0.1:[0-9]*;|proxy_pass http://127.0.0.1:$PORT;|" site.conf
kill -HUP "$NGINX_PID"
sleep 0.5
STATUS=$(curl -s -o /dev/null -D hdr.none -w '%{http_code}' $TLS -H 'Content-Type: application/json' \
	-H "Origin: $HTTPS" -d '{"username":"boss","password":"secret-pass-1"}' "$HTTPS/api/v1/session")
eq "$STATUS" 200 "login through the untrusted proxy"
tr -d '\r' <hdr.none | grep -i '^Set-Cookie:' | grep -q Secure && fail "cookie Secure from an untrusted proxy" || ok
has "$WORK/server.log" "信任的反向代理 none"

# ---- an error while answering: one line with the request id, and the access line says why ----
stop_server
cp $DB gone.db
start_server gone.db
mv gone.db gone.db.away
mkdir gone.db # the workers open the database at their first request: now they cannot
STATUS=$(curl -s -o /dev/null -D hdr.500 -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"boss","password":"secret-pass-1"}' "$URL/api/v1/session")
eq "$STATUS" 500 "no database: 500"
EID=$(tr -d '\r' <hdr.500 | sed -n 's/^X-Request-Id: //ip')
grep -q "^fgdj: 请求 $EID：无法打开数据库 gone.db" "$WORK/server.log" && ok || fail "error line with the request id"
grep -q " $EID POST /api/v1/session 500 .* 错误：数据库暂时无法使用，请稍后再试$" "$WORK/server.log" && ok ||
	fail "access line of the 500 with its reason"

finish
