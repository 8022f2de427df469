#!/bin/sh
# The server's refresher (web/web.h web_config.refresh_ms, web/cache.h cache_refresh): at start it
# computes the whole district's findings and the dashboard's statistics, and once the data has
# been quiet for --refresh-after seconds after a write it computes again the kept values asked for
# lately — so the first pages after a start or a write are served ready. Checked here:
# - the first /findings, / and /plan after the start line compute nothing (the access log's 计算：,
#   web/cache.h cache_note), where a server started with --refresh-after 0 computes them on the request;
# - after a member edit (not patched: everything found afresh) and a pause, the refresher has
#   computed them again (its 后台更新 line) and the same pages compute nothing; every page equals a
#   fresh server's; after a write nobody looked at since, the refresher computes nothing;
# - a stop while the refresher computes is clean and quick; a bad --refresh-after is refused.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
# a member edit found afresh: the first member's 姓名 changed and back (a member's name is not
# patched into the kept values; its history entry a write like any other)
"$FGDJ" export members --unmasked --db $DB >"$WORK/all.csv" 2>/dev/null
head -2 "$WORK/all.csv" >"$WORK/m.csv"
NAMECOL=$(head -1 "$WORK/m.csv" | tr ',' '\n' | sed 's/^\xef\xbb\xbf//' | grep -nx 姓名 | cut -d: -f1)
[ -n "$NAMECOL" ] && ok || fail "the members' export has a 姓名 column"
awk -F, -v OFS=, -v c="$NAMECOL" 'NR == 2 { $c = $c "甲" } { print }' "$WORK/m.csv" >"$WORK/m2.csv"
cp "$WORK/m.csv" "$WORK/m3.csv"

# first_pages: the admin's first /findings, / and /plan; in NOTES what they computed (the access
# log's 计算：), in MS the time the server itself took for them (its access log, tenths of a
# millisecond) and in TICKS the server's CPU — the times for the record only (a shared machine)
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
	NOTES=$(tail -n +$((n0 + 1)) "$WORK/server.log" | grep ' GET /' | sed -n 's/.* 计算：\(.*\)$/\1/p' | tr '\n' ' ')
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
# every word the access log's 计算： may say
WORK_DONE="事实载入 事实增量 问题状态 问题重查 问题增量 方案重排 统计重算"
# served_ready LABEL: the pages of first_pages were served from values computed ahead (NOTES empty)
served_ready() { notes_are "$1" "$NOTES" "" "$WORK_DONE"; }
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
notes_are "the first pages without the refresher" "$NOTES" "事实载入 问题重查 方案重排 统计重算"
edit "$WORK/m2.csv"
first_pages
COLD_EDIT=$MS COLD_EDIT_TICKS=$TICKS
notes_are "the first pages after an edit, without the refresher" "$NOTES" "事实载入 问题重查 方案重排 统计重算"
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
served_ready "the first pages after the start"

# ---- a member edit, then a pause: the kept values asked for are ready ----
curl -s -b "$WORK/jj" "$URL/findings" >/dev/null # the street user's too
quiet
# pause FILE: a write, then --refresh-after's 2 s and more until the server is quiet; its CPU in
# PAUSE, what the refresher computed (its 后台更新 lines) in PAUSE_NOTES
pause() {
	c1=$(cpu)
	n1=$(wc -l <"$WORK/server.log")
	edit "$1"
	sleep 3
	quiet
	PAUSE=$(($(cpu) - c1))
	PAUSE_NOTES=$(tail -n +$((n1 + 1)) "$WORK/server.log" | sed -n 's/^fgdj: 后台更新 计算：\(.*\)$/\1/p' | tr '\n' ' ')
}
pause "$WORK/m3.csv"
R1=$PAUSE
notes_are "the refresher in the pause after an edit" "$PAUSE_NOTES" "事实载入 问题重查 方案重排 统计重算"
first_pages
AFTER=$MS AFTER_TICKS=$TICKS
echo "after a member edit and a pause: $AFTER (0.1 ms; on the request: $COLD_EDIT); the refresher's CPU in the pause $R1 ticks (on the request: $COLD_EDIT_TICKS), it computed: $PAUSE_NOTES" >&2
served_ready "the first pages after an edit and a pause"
# read since: computed again after the next write; not read since: not again
pause "$WORK/m2.csv"
R2=$PAUSE
notes_are "the refresher after the next write (the values read since)" "$PAUSE_NOTES" "事实载入 问题重查 方案重排 统计重算"
pause "$WORK/m3.csv"
R3=$PAUSE
echo "the refresher after the next write: $R2 ticks; after one more, nobody having looked: $R3 ticks, it computed: [$PAUSE_NOTES]" >&2
notes_are "the refresher after a write nobody looked at since" "$PAUSE_NOTES" "" "$WORK_DONE"
PATHS="/ /findings /findings?state=open /api/v1/findings /plan /api/v1/plan /api/v1/stats"
same "refreshed after a member edit"

# ---- a stop during the start's computation: clean, and not after the computation's end ----
stop_server
start_server $DB
t0=$(date +%s)
stop_server
eq "$SERVER_RC" 0 "a stop during the start's computation is clean"
[ "$SERVER_RC" = 0 ] || tail -n 60 "$WORK/server.log" >&2 # what it said (ASan's report: exit status 1)
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
