#!/bin/sh
# The first computation after an edit of a member record (issue 12 point 3) at city scale: the
# first request of /findings, /plan and / alone, in turn, after each edit — a member's 转正 (人员类别
# and 转正日期) and back, a 失联 since a day of last year and back, 是否亮明身份 of a member no roster
# line names, both ways (all patched: store_changes_since's STORE_MEMBER), and 是否亮明身份 of a
# member a roster line names (found afresh: the cross-match reads it); a new member of this year and
# one of 2001, lodged in the organisation of their employer (patched: STORE_MEMBER_MOVED; the
# year-earlier figures computed again for the one of 2001), a member's 工作单位 changed and back
# (patched). Each edit is an import of the member's one row.
#
#   DB=/tmp/city.db FGDJ=build/fgdj sh bench/members.sh     an existing database (copied, not changed)
#   SCALE=city (the demo of that scale when DB is not given)
#   SERVE_ARGS='--refresh-after 0' by default: the first requests after a write are timed as they
#   compute (not computed ahead by the refresher)
. "$(dirname "$0")/lib.inc"
. "$(dirname "$0")/../tests/member_row.sh"
command -v curl >/dev/null 2>&1 || { echo "bench/members.sh: 需要 curl（apt-get install curl）" >&2; exit 1; }
SERVE_ARGS=${SERVE_ARGS---refresh-after 0}
SCALE=${SCALE:-city}
serve_copy "${DB:-$(demo_db "$SCALE")/demo.db}" "members-$SCALE-$$"

TODAY=${FGDJ_TODAY:-$(date +%F)}
NOROSTER="NOT EXISTS (SELECT 1 FROM roster_line r WHERE r.idno = m.idno)"
A=$(sqlite3 "$W" "SELECT m.idno FROM member m WHERE m.status = '预备党员' AND m.full_date IS NULL AND m.org_id IS NOT NULL
	AND m.employer_id IS NOT NULL AND m.closed IS NULL AND m.relation = '正常' ORDER BY m.id LIMIT 1")
B=$(sqlite3 "$W" "SELECT m.idno FROM member m WHERE m.relation = '正常' AND m.org_id IS NOT NULL AND m.employer_id IS NOT NULL
	AND m.closed IS NULL AND $NOROSTER ORDER BY m.id LIMIT 1")
D=$(sqlite3 "$W" "SELECT m.idno FROM member m WHERE m.disclosed = 1 AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND $NOROSTER ORDER BY m.id LIMIT 1")
E=$(sqlite3 "$W" "SELECT m.idno FROM member m WHERE m.disclosed = 1 AND m.employer_id IS NOT NULL AND m.closed IS NULL
	AND NOT $NOROSTER ORDER BY m.id LIMIT 1")
# F: an operating enterprise with members and a covering organisation (the new members' employer), G
# another (B's new employer)
FO=$(sqlite3 "$W" "SELECT e.uscc || ' ' || o.name FROM enterprise e JOIN coverage cv ON cv.enterprise_id = e.id
	AND cv.end_date IS NULL JOIN org o ON o.id = cv.org_id AND o.closed IS NULL WHERE e.closed IS NULL AND e.status = '在营'
	AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id) ORDER BY e.id LIMIT 1")
F=${FO%% *}
G=$(sqlite3 "$W" "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.status = '在营' AND e.id <>
	(SELECT employer_id FROM member WHERE idno = '$B') AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id)
	ORDER BY e.id DESC LIMIT 1")
BE=$(sqlite3 "$W" "SELECT e.uscc FROM member m JOIN enterprise e ON e.id = m.employer_id WHERE m.idno = '$B'")
for x in "$A" "$B" "$D" "$E" "$F" "$G" "$BE"; do
	[ -n "$x" ] || { echo "bench/members.sh: 没有找到合适的党员" >&2; exit 1; }
done
# Each edit's row made once from one export: edit_csv NAME IDNO HEADER=VALUE…
"$FGDJ" export members --unmasked --db "$W" -o "$BENCH_DIR/members-$$.csv" >/dev/null 2>&1
edit_csv() {
	name=$1 id=$2
	shift 2
	member_row "$BENCH_DIR/members-$$.csv" "$id" "$BENCH_DIR/m-$name-$$.csv" "$@"
}
edit_csv formal "$A" 人员类别=正式党员 转正日期="$TODAY"
edit_csv probation "$A" 人员类别=预备党员 转正日期=
edit_csv lost "$B" 组织关系状态=失联 关系状态起始日期=2025-01-10
edit_csv normal "$B" 组织关系状态=正常 关系状态起始日期=
edit_csv hidden "$D" 是否亮明身份=否
edit_csv shown "$D" 是否亮明身份=是
edit_csv roster "$E" 是否亮明身份=否
edit_csv moved "$B" 工作单位统一社会信用代码="$G"
edit_csv moved_back "$B" 工作单位统一社会信用代码="$BE"
# A new member's row (idno: 17 digits and the check character of GB 11643)
idno() {
	echo "$1" | awk '{ split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); s = 0
		for (i = 1; i <= 17; i++) s += substr($1, i, 1) * w[i]
		printf "%s%s\n", $1, substr("10X98765432", s % 11 + 1, 1) }'
}
new_csv() {
	{ head -1 "$BENCH_DIR/members-$$.csv"
	  printf '%s,%s,%s,%s,%s,%s,%s,正常,是,,,,,\n' "$2" "$(idno "$3")" "$4" "$5" "$6" "$F" "${FO#* }"; } \
		>"$BENCH_DIR/m-$1-$$.csv"
}
new_csv new 新党员甲 11010119990101012 预备党员 "${TODAY%%-*}-01-02" ""
new_csv new_old 新党员乙 11010119700101013 正式党员 2001-07-01 2002-07-01
rm -f "$BENCH_DIR/members-$$.csv"
edit() {
	"$FGDJ" import members "$BENCH_DIR/m-$1-$$.csv" --db "$W" >/dev/null 2>"$BENCH_DIR/m-$$.err" ||
		{ echo "bench/members.sh: import $1 failed: $(cat "$BENCH_DIR/m-$$.err")" >&2; exit 1; }
}
# timed PATH: "N ms (server CPU M ms)" of one request alone (CPU in 10 ms ticks: the machine is shared).
cpu() { awk '{ print ($14 + $15) * 10 }' "/proc/$PID/stat"; }
timed() { c0=$(cpu); ms=$(alone "$1"); c1=$(cpu); echo "$ms ms (server CPU $((c1 - c0)) ms)"; }
pages() { echo "/findings $(timed /findings); /plan $(timed /plan); / $(timed /)"; }
w0=$(pages)
echo "fgdj at $SCALE scale, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $FGDJ"
echo "the first pages (everything computed): $w0"
for e in formal probation lost normal hidden shown roster new new_old moved moved_back; do
	edit $e
	echo "after $e: $(pages)"
done
rm -f "$BENCH_DIR"/m-*-$$.csv "$BENCH_DIR/m-$$.err"
