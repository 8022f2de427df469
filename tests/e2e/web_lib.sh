#!/bin/sh
# Helpers for the web end-to-end tests, sourced after ../lib.sh (run on its own it does nothing).
# start_server runs `fgdj serve` on a free port in the background; the EXIT trap stops it.
. "${HERE:-$(dirname "$0")}/../member_row.sh" # HERE: lib.sh's (the tests run elsewhere)

# curl is a test dependency (Makefile TEST_DEBS); without it these tests cannot run at all.
need_curl() {
	command -v curl >/dev/null 2>&1 && return 0
	printf '%s: 需要 curl（apt-get install curl，或 make test-deps）\n' "$(basename "$0")" >&2
	exit 1
}

# server_port LOG: the port a starting server prints in LOG ("正在服务 http://127.0.0.1:PORT/"),
# waited for up to 10 s; nothing when it did not start.
# LOG must be emptied before the server starts: the shell truncates it only once the child runs,
# and a line left by an earlier server would name that server's port.
server_port() {
	i=0
	while [ $i -lt 100 ]; do
		p=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$1")
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
}

SERVER_PID=
# start_server DB [SERVE_ARGS...]: starts the server, waits for its "正在服务" line, sets PORT
# and URL. With SERVER_VMEM_KB set, the server runs under `ulimit -v` of that many KiB; SERVER_ENV
# (NAME=VALUE ...) is its environment's too.
start_server() {
	db=$1
	shift
	: >"$WORK/server.log"
	if [ -n "${SERVER_VMEM_KB:-}" ]; then
		(ulimit -v "$SERVER_VMEM_KB" && exec env ${SERVER_ENV:-} "$FGDJ" serve --listen 127.0.0.1:0 --db "$db" "$@") 2>"$WORK/server.log" &
	else
		env ${SERVER_ENV:-} "$FGDJ" serve --listen 127.0.0.1:0 --db "$db" "$@" 2>"$WORK/server.log" &
	fi
	SERVER_PID=$!
	PORT=$(server_port "$WORK/server.log")
	[ -n "$PORT" ] || { fail "server did not start"; cat "$WORK/server.log" >&2; exit 1; }
	URL="http://127.0.0.1:$PORT"
}

# stop_server: SIGTERM, then its exit code in SERVER_RC.
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	SERVER_RC=$?
	SERVER_PID=
}
trap 'stop_server; if command -v lib_cleanup >/dev/null; then lib_cleanup; fi' EXIT

# req EXPECTED_STATUS METHOD PATH [CURL_ARGS...]: one request; headers in $WORK/hdr, body in
# $WORK/body, the status in $STATUS. EXPECTED "-" checks nothing.
req() {
	want=$1 method=$2 path=$3
	shift 3
	STATUS=$(curl -s -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -X "$method" "$@" "$URL$path")
	if [ "$want" != "-" ]; then
		if [ "$STATUS" = "$want" ]; then ok; else
			fail "$method $path: status $STATUS, wanted $want"
			head -c 400 "$WORK/body" | sed 's/^/    | /' >&2
			echo >&2
		fi
	fi
}

# json CURL_ARGS...: a JSON request; body in $WORK/body, prints the status.
json() { curl -s -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -H 'Content-Type: application/json' "$@"; }

# header NAME: the value of a response header of the last req (first occurrence).
header() { tr -d '\r' <"$WORK/hdr" | grep -i "^$1:" | head -1 | sed 's/^[^:]*: *//'; }

# add_user NAME ROLE [SCOPE]: an account with password secret-pass-1.
add_user() {
	if [ -n "${3:-}" ]; then
		printf 'secret-pass-1\n' | "$FGDJ" user add "$1" --role "$2" --scope "$3" --password-stdin --db "$DB" 2>/dev/null
	else
		printf 'secret-pass-1\n' | "$FGDJ" user add "$1" --role "$2" --password-stdin --db "$DB" 2>/dev/null
	fi || fail "user add $1"
}

# api_login NAME JAR: logs in through the JSON API; sets CSRF to the session's token.
api_login() {
	CSRF=$(curl -s -c "$2" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"secret-pass-1\"}" "$URL/api/v1/session" |
		sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$CSRF" ] || fail "login $1"
}

# login_token JAR: fetches the login form; prints its hidden token (the cookie goes to JAR).
login_token() {
	curl -s -c "$1" -b "$1" "$URL/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1
}

# ---- values kept by a server against a fresh server's (first_kept.sh, first3_kept.sh, first4_kept.sh) ----
# kept_setup: the seed-1 district demo in $DB (d.db), the admin boss and the street user jd of its
# first street ($STREET).
kept_setup() {
	DB=d.db
	run 0 fgdj_demo --db $DB --scale district --seed 1
	add_user boss admin
	STREET=$(sql $DB "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
	add_user jd street "$STREET"
}
# kept_start: serves $DB with the admin boss (cookies bj) and the street user jd (jj) logged in, and
# sets PATHS: the dashboard, findings and plan pages and APIs, and the figure sets the dashboard
# links first, last and in its middle. Then snap NAME, same WHAT, open_count NAME and total NAME.
kept_start() {
	start_server $DB ${KEPT_ARGS:-}
	api_login boss bj
	api_login jd jj
	PATHS="/ /findings /findings?state=open /findings?rule=study_short /api/v1/findings /api/v1/findings?rule=need_single
	/plan /api/v1/plan"
	# and the figure sets the dashboard links first, last and in its middle (whole district and by street)
	FIGS=$(curl -s -b "$WORK/bj" "$URL/" | grep -o 'href="/figures/[^"]*"' | sed 's/^href="//; s/"$//; s/&amp;/\&/g' | sort -u)
	nf=$(printf '%s\n' "$FIGS" | wc -l)
	[ "$nf" -gt 3 ] && ok || fail "the dashboard links figure sets"
	PATHS="$PATHS $(printf '%s\n' "$FIGS" | sed -n "1p; $((nf / 2))p; \$p")"
}
# kept_warm PATH...: kept_setup and kept_start, the server without its refresher (only requests
# compute: first_notes), those paths added to PATHS, every one read (snap warm), findings among them;
# path_at PATH: its number among PATHS (the files snap writes).
kept_warm() {
	kept_setup
	KEPT_ARGS="--refresh-after 0"
	kept_start
	PATHS="$PATHS $*"
	snap warm
	t0=$(total warm)
	[ "$t0" -gt 0 ] && ok || fail "findings on the demo"
}
path_at() { printf '%s\n' $PATHS | grep -nx "$1" | cut -d: -f1; }
# snap NAME: every path as the admin, and the street user's dashboard and findings, into $WORK/NAME.*
# (One curl for the admin's paths, one after for the street user's: in that order, on one connection.)
snap() {
	snap_name=$1
	i=0
	set --
	for p in $PATHS; do
		i=$((i + 1))
		: >"$WORK/$snap_name.$i" # empty when the server answers nothing
		set -- "$@" "$URL$p" -o "$WORK/$snap_name.$i"
	done
	: >"$WORK/$snap_name.street-home"
	: >"$WORK/$snap_name.street-findings"
	curl -s -b "$WORK/bj" "$@"
	curl -s -b "$WORK/jj" "$URL/" -o "$WORK/$snap_name.street-home" "$URL/findings" -o "$WORK/$snap_name.street-findings"
}
# same WHAT: the kept values (snap kept) equal a fresh server's (snap fresh), which is left running.
same() {
	snap kept
	stop_server
	eq "$SERVER_RC" 0 "$1: the server that kept the values stopped cleanly (ASan: no error or leak)"
	[ "$SERVER_RC" = 0 ] || tail -n 40 "$WORK/server.log" >&2 # what it said: glibc's or ASan's words
	# the reference reads the tables, not the facts the command line keeps (FGDJ_FACTS_KEPT=0)
	SERVER_ENV=FGDJ_FACTS_KEPT=0
	start_server $DB ${KEPT_ARGS:-}
	SERVER_ENV=
	snap fresh
	for f in "$WORK"/kept.*; do
		if cmp -s "$f" "$WORK/fresh.${f##*/kept.}"; then ok; else
			fail "$1: ${f##*/kept.} kept differs from a fresh computation"
		fi
	done
}
# the server's own numbers: the dashboard's open findings, the total of the JSON findings
open_count() { sed -n 's/.*<div class="value">\([0-9]*\)<\/div><div class="label"><a href="\/findings?state=open">.*/\1/p' "$WORK/$1.1"; }
total() { sed -n 's/^  "total": \([0-9]*\),$/\1/p' "$WORK/$1.5"; }

# cpu: the server's CPU time so far (user + system, clock ticks, every thread)
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# first_notes: what the server computed (its access log's 计算：, web/cache.h cache_note) for the
# administrator's (cookie jar bj) first /findings, /plan and / after a write — the facts, the
# findings, the plan and the figures, patched or found afresh — on one line. The server must run
# without its refresher (KEPT_ARGS="--refresh-after 0"): only requests compute. Each access log line
# is written once its response is sent: waits for the three.
first_notes() { notes_of bj /findings /plan /; }
# notes_of COOKIES PATH...: first_notes of those paths read with those cookies ($WORK/COOKIES: jj the
# street user's)
notes_of() {
	c=$1
	shift
	n0=$(wc -l <"$WORK/server.log")
	for p in "$@"; do
		curl -s -b "$WORK/$c" "$URL$p" >/dev/null
	done
	i=0
	while [ "$(tail -n +$((n0 + 1)) "$WORK/server.log" | grep -c ' GET /[a-z]* 200 ')" -lt $# ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	tail -n +$((n0 + 1)) "$WORK/server.log" | sed -n 's/.* 计算：\(.*\)$/\1/p' | tr '\n' ' '
}
# cli_same WHAT: fgdj stats, check and report work print the same with the facts and findings the
# command line keeps (read back, patched) as loaded from the tables (FGDJ_FACTS_KEPT=0)
cli_same() {
	for c in "stats --format json" "check --format json" "report work --format md"; do
		FGDJ_FACTS_KEPT=0 "$FGDJ" $c --db $DB >"$WORK/cli-loaded.out" 2>/dev/null
		"$FGDJ" $c --db $DB >"$WORK/cli-kept.out" 2>/dev/null
		if [ -s "$WORK/cli-loaded.out" ] && cmp -s "$WORK/cli-loaded.out" "$WORK/cli-kept.out"; then ok; else
			fail "$1: fgdj $c kept differs: $(diff "$WORK/cli-loaded.out" "$WORK/cli-kept.out" | head -6)"
		fi
	done
}
# found_json: the findings found from the tables (fgdj check, JSON, ID numbers unmasked)
found_json() { FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --db $DB 2>/dev/null; }
# closed_same WHAT: after a closing or reopening, the first pages' notes (N, and the street user's
# NS), each page and the command line's kept values a fresh computation's (same, cli_same), the
# tables' findings in $WORK/found.json
closed_same() {
	N=$(first_notes)
	NS=$(notes_of jj /findings /)
	same "$1"
	cli_same "$1"
	found_json >"$WORK/found.json"
}
# org NAME HEADER=VALUE...: that organisation's row exported, the columns of those headers given those
# values (empty: cleared), imported (an update)
org() {
	nm=$1
	shift
	"$FGDJ" export orgs --db $DB -o "$WORK/o.csv" >/dev/null 2>&1
	csv_row "$WORK/o.csv" 1 "$nm" "$WORK/o1.csv" "$@"
	eq "$(wc -l <"$WORK/o1.csv")" 2 "$nm: one row"
	run 0 "$FGDJ" import orgs "$WORK/o1.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "org $nm $*: $(cat "$WORK/out")"
}
# setting_changed: joint.max_units (a setting the figures read) one more (a write nothing patches —
# the first*_kept controls)
setting_changed() {
	on_v=$("$FGDJ" settings joint.max_units --db $DB | awk '{ print $2 }')
	[ -n "$on_v" ] && ok || fail "joint.max_units for the control"
	run 0 "$FGDJ" settings joint.max_units $((on_v + 1)) --db $DB
}
# other_parent ORG: the first open leadership body (of $DB, 上级机关) that is not that organisation's
# 上级党组织
other_parent() {
	sql $DB "SELECT p.name FROM org p WHERE p.mode = '上级机关' AND p.closed IS NULL
		AND p.id <> coalesce((SELECT parent_id FROM org WHERE name = '$1'), 0) ORDER BY p.id LIMIT 1"
}
# other_zone ORG: the first zone (of $DB) that organisation is not in
other_zone() {
	sql $DB "SELECT z.name FROM zone z WHERE z.id <> coalesce((SELECT zone_id FROM org WHERE name = '$1'), 0) ORDER BY z.id LIMIT 1"
}
# member IDNO HEADER=VALUE...: that member (of $DB)'s row exported, the columns of those headers given those
# values (empty: cleared), imported (an update)
member() {
	id=$1
	shift
	"$FGDJ" export members --unmasked --db $DB -o "$WORK/m.csv" >/dev/null 2>&1
	member_row "$WORK/m.csv" "$id" "$WORK/m1.csv" "$@"
	run 0 "$FGDJ" import members "$WORK/m1.csv" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "member $id $*: $(cat "$WORK/out")"
}
# notes_are WHAT NOTES WANTED UNWANTED: every word of WANTED among NOTES (first_notes), none of UNWANTED
notes_are() {
	for w in $3; do
		case " $2 " in *" $w "*) ok ;; *) fail "$1: $w not computed ($2)" ;; esac
	done
	for w in ${4:-}; do
		case " $2 " in *" $w "*) fail "$1: $w computed ($2)" ;; *) ok ;; esac
	done
}
# count_of WORD NOTES: how many times WORD is among NOTES (first_notes)
count_of() { printf '%s\n' $2 | grep -cx "$1"; }
# patched_today WHAT NOTES...: after each NOTES the facts and findings were patched, nothing found
# afresh, and only today's figures computed (the year-earlier day's kept)
patched_today() {
	pt_what=$1
	shift
	for pt_n in "$@"; do
		notes_are "the first pages after $pt_what" "$pt_n" "事实增量 问题增量" "事实载入 问题重查"
		eq "$(count_of 统计重算 "$pt_n")" 1 "after $pt_what: today's figures alone computed ($pt_n)"
	done
}
# ent_named RULE FIELD: the credit code in the first RULE finding's FIELD (subject or detail), found
# from the tables
ent_named() {
	FGDJ_FACTS_KEPT=0 "$FGDJ" check --format json --unmasked --rule "$1" --db $DB 2>/dev/null | grep -m1 "^ *\"$2\": " |
		sed -n 's/.*（\([0-9A-Z]\{18\}\)）.*/\1/p'
}
# plan_ent: the credit code of the first enterprise the joint-branch plan names
plan_ent() {
	"$FGDJ" plan joint --format json --db $DB 2>/dev/null | grep -m1 '"enterprise": ' |
		sed -n 's/.*（\([0-9A-Z]\{18\}\)）.*/\1/p'
}
# xm_confirm: the first open cross-match candidate confirmed ("USCC IDNO" in XM), and the server's
# values brought up to it (first_notes: what follows is computed after the next write alone)
xm_confirm() {
	XM=$("$FGDJ" crossmatch --state open --format json --unmasked --db $DB 2>/dev/null |
		awk -F'"' '/"uscc":/ { u = $4 } /"idno":/ { print u, $4; exit }')
	[ -n "$XM" ] && ok || fail "an open cross-match candidate on the demo"
	run 0 "$FGDJ" crossmatch confirm "${XM% *}" "${XM#* }" --db $DB
	first_notes >/dev/null
}
