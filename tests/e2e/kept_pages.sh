#!/bin/sh
# List pages kept per user, day and query while the data is unchanged (web/kept_page.c, route flag
# WEB_KEEP): a page served again is byte for byte what a server that never kept anything draws for
# the same session; each session gets its own CSRF field in a kept page; each user their own
# page; a write by the command line shows on the next request.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
import_district $DB
add_user boss admin
add_user xc street 西城街道
start_server $DB
A=$URL
api_login boss bj
BOSS1=$CSRF
api_login boss bj2
BOSS2=$CSRF
api_login xc xj

# A second server on the same database: its first answer to a path is always drawn afresh.
fresh() {
	: >"$WORK/b.log" # else server_port may read the previous server's port before the job empties it
	"$FGDJ" serve --listen 127.0.0.1:0 --db $DB 2>"$WORK/b.log" &
	bpid=$!
	bport=$(server_port "$WORK/b.log")
	curl -s -b "$1" "http://127.0.0.1:$bport$2" >"$WORK/fresh"
	kill $bpid
	wait $bpid 2>/dev/null
}
# same JAR PATH: the page from A, asked twice (the second kept), equals a fresh server's.
same() {
	curl -s -b "$1" "$A$2" >"$WORK/k1"
	curl -s -b "$1" "$A$2" >"$WORK/k2"
	fresh "$1" "$2"
	if cmp -s "$WORK/k1" "$WORK/k2" && cmp -s "$WORK/k2" "$WORK/fresh"; then ok; else
		fail "$2 kept differs from fresh: $(diff "$WORK/k2" "$WORK/fresh" | head -4)"
	fi
	grep -q '<table\|<main' "$WORK/k2" && ok || fail "$2: a page was drawn"
}
for p in /enterprises "/enterprises?street=$(printf '西城街道' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')" /members \
	/orgs /instructors /meetings /dues /ratings; do
	same bj "$p"
	same xj "$p"
done

# Each session its own CSRF field, also in the kept page.
curl -s -b bj "$A/enterprises" >"$WORK/p1"
curl -s -b bj2 "$A/enterprises" >"$WORK/p2"
grep -q "value=\"$BOSS1\"" "$WORK/p1" && ok || fail "first session's CSRF in its page"
grep -q "value=\"$BOSS2\"" "$WORK/p2" && ok || fail "second session's CSRF in the kept page"
grep -q "$BOSS1" "$WORK/p2" && fail "the first session's token served to the second" || ok
grep -q '<!--csrf-->' "$WORK/p2" && fail "a mark left in the page" || ok

# Each user their own page: the street's list is not the district's.
curl -s -b xj "$A/enterprises" >"$WORK/x1"
cmp -s "$WORK/p1" "$WORK/x1" && fail "street user served the district's page" || ok
n_all=$(grep -c '<tr' "$WORK/p1")
n_xc=$(grep -c '<tr' "$WORK/x1")
[ "$n_xc" -lt "$n_all" ] && ok || fail "street's rows $n_xc, district's $n_all"

# A write by the command line shows on the next request, for every user.
uscc=$("$FGDJ" export enterprises --region 西城街道 --db $DB | awk -F, 'NR == 2 { print $1 }')
grep -q "$uscc" "$WORK/x1" && ok || fail "$uscc listed before"
"$FGDJ" close enterprise "$uscc" --date 2026-01-05 --reason 注销 --db $DB >/dev/null || fail "close $uscc"
same bj /enterprises
same xj /enterprises
grep -q "$uscc" "$WORK/k2" && fail "$uscc still listed after its closing" || ok

# The page is kept, not drawn again: a change made behind fgdj's back (no history entry, which
# fgdj itself never does) is not seen until the next write of the history.
name=$(sql $DB "select name from enterprise where closed is null order by id limit 1")
curl -s -b bj "$A/enterprises" >"$WORK/k1"
grep -q "$name" "$WORK/k1" && ok || fail "$name listed"
sql $DB "update enterprise set name = '改名未记历史有限公司' where name = '$name'"
curl -s -b bj "$A/enterprises" >"$WORK/k2"
cmp -s "$WORK/k1" "$WORK/k2" && ok || fail "the kept page was drawn again"
"$FGDJ" reopen enterprise "$uscc" --db $DB >/dev/null || fail "reopen $uscc"
curl -s -b bj "$A/enterprises" >"$WORK/k3"
grep -q '改名未记历史有限公司' "$WORK/k3" && ok || fail "after a write the page is drawn again"
finish
