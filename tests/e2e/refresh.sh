#!/bin/sh
# The server's refresher (web/web.h web_config.refresh_ms, web/cache.h cache_refresh): at start it
# computes the whole district's findings and the dashboard's statistics, and once the data has
# been quiet for --refresh-after seconds after a write it computes again the kept values asked for
# lately — so the first pages after a start or a write are served ready. Checked here:
# - the first /findings and / after the start line cost the server a fraction of the CPU they
#   cost a server started with --refresh-after 0 (computed on the request);
# - after a member edit (not patched: everything found afresh) and a pause, the same pages cost a
#   fraction of what they cost without the refresher, and every page equals a fresh server's;
# - a stop while the refresher computes is clean and quick; a bad --refresh-after is refused.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# a member edit: the first member's 是否亮明身份 turned (its history entry a write like any other)
"$FGDJ" export members --unmasked --db $DB >"$WORK/all.csv" 2>/dev/null
head -2 "$WORK/all.csv" >"$WORK/m.csv"
FLIP=$(sed -n 2p "$WORK/m.csv" | cut -d, -f9)
[ "$FLIP" = 是 ] && TO=否 || TO=是
awk -F, -v OFS=, -v to="$TO" 'NR == 2 { $9 = to } { print }' "$WORK/m.csv" >"$WORK/m2.csv"
awk -F, -v OFS=, -v to="$FLIP" 'NR == 2 { $9 = to } { print }' "$WORK/m.csv" >"$WORK/m3.csv"

# first_pages: the admin's first /findings, / and /plan; in MS the time the server itself took for
# them (its access log, tenths of a millisecond: on PostgreSQL a computation's work is mostly the
# database server's, which the server's own CPU does not show), in TICKS the server's CPU
first_pages() {
	c0=$(cpu)
	n0=$(wc -l <"$WORK/server.log")
	for p in /findings / /plan; do
		curl -s -b "$WORK/bj" "$URL$p" >/dev/null
	done
	TICKS=$(($(cpu) - c0))
	i=0 # each line is written when its response is done
	while [ "$(tail -n +$((n0 + 1)) "$WORK/server.log" | grep -c ' GET /')" -lt 3 ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	MS=$(tail -n +$((n0 + 1)) "$WORK/server.log" | awk '/ GET \// { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+ms$/) { sub(/ms$/, "", $i); t += $i } }
		END { printf "%d", t * 10 + 0.5 }')
}
# quiet: waits (up to 120 s) until the server has spent no CPU for two seconds
quiet() {
	i=0 last=$(cpu)
	while [ $i -lt 60 ]; do
		sleep 2
		now=$(cpu)
		[ "$now" = "$last" ] && return 0
		last=$now
		i=$((i + 1))
	done
	fail "the server never went quiet"
}
# served_ready LABEL MS TICKS COLD_MS COLD_TICKS: pages served from values computed ahead cost the
# server a fifth of what computing them on the request cost — in its own time for them, or in its
# CPU. Either shows it: the time is the one measure on PostgreSQL (where the database server does
# much of a computation), the CPU the one that a loaded machine (the ASan run beside another lane)
# does not inflate by waiting for a core; a refresher that did not compute ahead fails both.
served_ready() {
	[ $(($2 * 5)) -lt "$4" ] || [ $(($3 * 5)) -lt "$5" ] && ok ||
		fail "$1: $2 (0.1 ms, $3 ticks of CPU), computed on the request $4 ($5 ticks)"
}
# edit FILE: a members import that changes one member
edit() {
	run 0 "$FGDJ" import members "$1" --db $DB
	grep -q '更新 1' "$WORK/out" && ok || fail "member edit: $(cat "$WORK/out")"
}

# ---- without the refresher: the first pages computed on the request ----
start_server $DB --refresh-after 0
api_login boss bj
first_pages
COLD=$MS COLD_TICKS=$TICKS
edit "$WORK/m2.csv"
first_pages
COLD_EDIT=$MS COLD_EDIT_TICKS=$TICKS
grep -q '已预先算好' "$WORK/server.log" && fail "--refresh-after 0 computed ahead" || ok
stop_server
eq "$SERVER_RC" 0 "the server without the refresher stopped cleanly"

# ---- with it: computed at start ----
start_server $DB
i=0
while ! grep -q '已预先算好全区的统计、检查发现和组建方案' "$WORK/server.log" && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q '已预先算好全区的统计、检查发现和组建方案' "$WORK/server.log" && ok || fail "no warm line: $(cat "$WORK/server.log")"
api_login boss bj
api_login jd jj
# (a login is a write too: the values made at start are made again for it once the server is quiet)
sleep 3
quiet
first_pages
WARM=$MS WARM_TICKS=$TICKS
echo "the server's time (0.1 ms) for the first /findings, / and /plan: computed on the request $COLD ($COLD_TICKS ticks of CPU), after the start's warm $WARM ($WARM_TICKS ticks); after a member edit $COLD_EDIT on the request ($COLD_EDIT_TICKS ticks)" >&2
served_ready "the first pages after the start" "$WARM" "$WARM_TICKS" "$COLD" "$COLD_TICKS"

# ---- a member edit, then a pause: the kept values asked for are ready ----
curl -s -b "$WORK/jj" "$URL/findings" >/dev/null # the street user's too
quiet
# pause FILE: a write, then --refresh-after's 2 s and more until the server is quiet; its CPU in PAUSE
pause() {
	c1=$(cpu)
	edit "$1"
	sleep 3
	quiet
	PAUSE=$(($(cpu) - c1))
}
pause "$WORK/m3.csv"
R1=$PAUSE
first_pages
AFTER=$MS AFTER_TICKS=$TICKS
echo "after a member edit and a pause: $AFTER (0.1 ms; on the request: $COLD_EDIT); the refresher's CPU in the pause $R1 ticks (on the request: $COLD_EDIT_TICKS)" >&2
served_ready "the first pages after an edit and a pause" "$AFTER" "$AFTER_TICKS" "$COLD_EDIT" "$COLD_EDIT_TICKS"
[ $((R1 * 2)) -gt "$COLD_EDIT_TICKS" ] && ok || fail "the refresher computed in the pause: $R1 ticks (on the request: $COLD_EDIT_TICKS)"
# read since: computed again after the next write; not read since: not again
pause "$WORK/m2.csv"
R2=$PAUSE
pause "$WORK/m3.csv"
R3=$PAUSE
echo "the refresher after the next write: $R2 ticks; after one more, nobody having looked: $R3" >&2
[ $((R2 * 2)) -gt "$COLD_EDIT_TICKS" ] && ok || fail "values read since were not computed again: $R2 ticks"
[ $((R3 * 4)) -lt "$R2" ] && ok || fail "values nobody read were computed again: $R3 ticks (against $R2)"
PATHS="/ /findings /findings?state=open /api/v1/findings /plan /api/v1/plan /api/v1/stats"
same "refreshed after a member edit"

# ---- a stop during the start's computation: clean, and not after the computation's end ----
stop_server
start_server $DB
t0=$(date +%s)
stop_server
eq "$SERVER_RC" 0 "a stop during the start's computation is clean"
[ $(($(date +%s) - t0)) -lt 30 ] && ok || fail "the stop took $(($(date +%s) - t0)) s"

# ---- the setting in the configuration file ----
printf 'refresh_after = 0\n' >"$WORK/f.conf"
start_server $DB --config "$WORK/f.conf"
api_login boss bj
curl -s -b "$WORK/bj" "$URL/findings" >/dev/null
sleep 1
grep -q '已预先算好' "$WORK/server.log" && fail "refresh_after = 0 in the configuration computed ahead" || ok
stop_server
printf 'refresh_after = 很快\n' >"$WORK/f.conf"
run 2 "$FGDJ" serve --db $DB --config "$WORK/f.conf"
grep -q -- '--refresh-after 应为' "$WORK/err" && ok || fail "bad refresh_after: $(cat "$WORK/err")"

# ---- refused ----
run 2 "$FGDJ" serve --db $DB --refresh-after 两秒
grep -q -- '--refresh-after 应为 0 到 3600 之间的秒数' "$WORK/err" && ok || fail "bad --refresh-after: $(cat "$WORK/err")"
run 2 "$FGDJ" serve --db $DB --refresh-after -1
grep -q -- '--refresh-after 应为' "$WORK/err" && ok || fail "negative --refresh-after: $(cat "$WORK/err")"

finish
