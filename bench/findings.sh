#!/bin/sh
# Findings and the joint-branch plan at city scale (issue 12 point 3): fgdj check and fgdj plan
# joint on the command line; the first request of /findings, /api/v1/findings and /plan alone after
# a write of the data (a setting the figures read, joint.max_units: every kept result is computed
# again; an enterprise no other record names closed or reopened: patched; a meeting or study record
# of this year added or changed: patched; an instructor's visit of this year added or changed:
# patched; a dues row added or changed: patched; an organisation's 组建方式, 覆盖企业, 所属区域, 是否设支委会 or
# 上级党组织, a leadership body's 书记姓名: patched; a
# new enterprise: patched; a development record: patched; a campaign task: patched; an instructor's
# 指导企业: patched; an award: patched; a cross-match decision, a roster member's 是否亮明身份: patched; an
# enterprise's 企业名称 or 所属社区: patched; an enterprise only its members and a link name closed, a
# member closed: patched; an enterprise with an instructor, visits and a task closed: patched; one
# with roster lines, a cross-match candidate and trainees closed: patched; a joint branch closed:
# patched), and
# after a setting no figure reads (the kept results stay); then wrk
# (2 threads, 64 connections, 10 s each) on the static asset (the raw limit of the same server, same
# run) and on the warm pages, printing requests/s, p99 latency and the ratio to the static asset.
# Goal: the first computation ≤ 300 ms, warm pages ≥ 1,000 req/s.
#
#   FGDJ=build/fgdj sh bench/findings.sh            (make bench runs it)
#   DB=/tmp/city.db FGDJ=… sh bench/findings.sh      an existing city database (copied, not changed)
#   DURATION=10s THREADS=2 CONNECTIONS=64 SCALE=city
#   SERVE_ARGS='--refresh-after 0' by default: the first requests after a write are timed as they
#   compute (the server's refresher, which computes them ahead once the data has been quiet for
#   a while, is timed by bench/refresh.sh)
. "$(dirname "$0")/lib.inc"
SERVE_ARGS=${SERVE_ARGS---refresh-after 0}
serve_wrk findings

# A write of the data through the command line: a setting the findings and the plan read (联合覆盖's
# limit of units, joint.max_units) one up, then back at the next call. The newest history id changes
# (the server reads it per request) and every kept result is computed again.
MAXU=$("$FGDJ" settings joint.max_units --db "$W" | awk '{ print $2 }')
n=0 wn=0
write() { wn=$((wn + 1)); "$FGDJ" settings joint.max_units $((MAXU + wn % 2)) --db "$W" >/dev/null; }
# An enterprise without an organisation, whose 从业人员数 is edited, renamed and moved below.
ENT=$(sqlite3 "$W" "SELECT uscc FROM enterprise e WHERE closed IS NULL AND NOT EXISTS
	(SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id) ORDER BY id LIMIT 1")
# An edit of the same enterprise's 从业人员数 (an import of its one row, the number alternating): an
# update naming a number only — the kept facts and findings are patched (store_changes_since).
"$FGDJ" export enterprises --unmasked --db "$W" -o "$BENCH_DIR/ents-$$.csv" >/dev/null 2>&1
# (its column found by name: a city's export has a 所属区县 column a district's has not)
for k in 0 1; do
	awk -F, -v OFS=, -v k=$k -v ent="$ENT" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "从业人员数") c = i; print; next }
		$1 == ent { $c = 20 + 11 * k; print }' "$BENCH_DIR/ents-$$.csv" >"$BENCH_DIR/edit-$k-$$.csv"
done
rm -f "$BENCH_DIR/ents-$$.csv"
edit() { n=$((n + 1)); "$FGDJ" import enterprises "$BENCH_DIR/edit-$((n % 2))-$$.csv" --db "$W" >/dev/null; }
# An enterprise no other record names (no organisation, instructor, member, roster line, task,
# party-work record: store_enterprise_bare) closed, then reopened at the next call: the kept
# facts are patched (it leaves them or comes back in its place), its enterprise rules run alone.
BARE="closed IS NULL"
for t in coverage:enterprise_id assignment:enterprise_id member:employer_id visit:enterprise_id \
	trainee:enterprise_id development:employer_id task:enterprise_id roster_line:enterprise_id \
	crossmatch_decision:enterprise_id designation:enterprise_id roster_candidate:enterprise_id; do
	BARE="$BARE AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
BENT=$(sqlite3 "$W" "SELECT uscc FROM enterprise e WHERE $BARE ORDER BY id LIMIT 1")
bare() {
	n=$((n + 1))
	if [ $((n % 2)) = 1 ]; then
		"$FGDJ" close enterprise "$BENT" --date "$(date +%F)" --reason bench --db "$W" >/dev/null
	else
		"$FGDJ" reopen enterprise "$BENT" --db "$W" >/dev/null
	fi
}
# A meeting of this year — a 主题党日 dated today of the organisation of the newest meeting, with
# that meeting's attendees — added, then its 学时 changed (an update naming 学时 alone), and a study
# record of its first attendee: the kept facts are patched (the organisations' meetings and the
# members' hours read again from the year's totals: party_reload_hours), and the 组织生活 and 学时
# findings found again only where their details changed (check_patch).
MORG=$(sqlite3 "$W" "SELECT o.name FROM meeting m JOIN org o ON o.id = m.org_id WHERE m.attendees IS NOT NULL
	ORDER BY m.date DESC, m.id DESC LIMIT 1")
MATT=$(sqlite3 "$W" "SELECT m.attendees FROM meeting m JOIN org o ON o.id = m.org_id WHERE o.name = '$MORG'
	AND m.attendees IS NOT NULL ORDER BY m.date DESC, m.id DESC LIMIT 1")
MIDNO=${MATT%%；*}
MNAME=$(sqlite3 "$W" "SELECT name FROM member WHERE idno = '$MIDNO'")
meeting() {
	printf '党组织名称,活动类型,日期,主题,形式,学时,参加党员,缺席党员及原因,记录人\n%s,主题党日,%s,bench %s,集中,%s,%s,,bench\n' \
		"$MORG" "$(date +%F)" "$1" "$2" "$MATT" >"$BENCH_DIR/meeting-$$.csv"
	"$FGDJ" import meetings "$BENCH_DIR/meeting-$$.csv" --db "$W" >/dev/null ||
		echo "bench/findings.sh: import meetings failed" >&2
}
study() {
	printf '公民身份号码,姓名,日期,内容,学时\n%s,%s,%s,bench %s,1\n' "$MIDNO" "$MNAME" "$(date +%F)" "$1" \
		>"$BENCH_DIR/study-$$.csv"
	"$FGDJ" import study "$BENCH_DIR/study-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import study failed" >&2
}
# A visit of this year — dated today, by the instructor of the newest active assignment to its
# enterprise — added, then its 四员 roles changed (an update: its date in the key only): the kept
# facts are patched (the visits and the assignments' quarters read again: party_reload_visits), and
# the visit_missing findings found again only for the instructors whose details changed.
VROW=$(sqlite3 -separator , "$W" "SELECT i.name, i.unit, e.uscc FROM assignment a JOIN instructor i ON i.id = a.instructor_id
	JOIN enterprise e ON e.id = a.enterprise_id WHERE a.end_date IS NULL ORDER BY a.id DESC LIMIT 1")
visit() {
	printf '指导员姓名,派出单位,企业统一社会信用代码,走访日期,发挥作用,走访内容\n%s,%s,%s,bench\n' "$VROW" "$(date +%F)" "$1" \
		>"$BENCH_DIR/visit-$$.csv"
	"$FGDJ" import visits "$BENCH_DIR/visit-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import visits failed" >&2
}
# A dues row of the meeting's first attendee for last month, added, then its 实缴 changed: the kept
# facts are patched (the members' dues read again: party_reload_dues), and the dues findings found
# again (check_patch's party_dues_patch).
DMONTH=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
dues() {
	printf '公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期\n%s,%s,%s,5000,否,50,%s,%s\n' "$MIDNO" "$MNAME" \
		"$DMONTH" "$1" "$(date +%F)" >"$BENCH_DIR/dues-$$.csv"
	"$FGDJ" import dues "$BENCH_DIR/dues-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import dues failed" >&2
}
# A joint branch's 组建方式 (挂靠建, then 联合建 again) and its 是否设支委会 (是): organisations'
# fields that leave what each covers — the kept facts patched (its enterprises' links read again,
# with 是否设支委会 its calendar too), its findings and its enterprises' found again (check_patch's
# orgs_patch). One row of the orgs export, edited by column name.
OORG=$(sqlite3 "$W" "SELECT o.name FROM org o WHERE o.mode = '联合建' AND o.closed IS NULL AND
	(SELECT count(*) FROM coverage cv WHERE cv.org_id = o.id AND cv.end_date IS NULL) >= 2 ORDER BY o.id LIMIT 1")
"$FGDJ" export orgs --db "$W" -o "$BENCH_DIR/orgs-$$.csv" >/dev/null 2>&1
# org_of NAME HEADER VALUE: that organisation's row, the column HEADER given VALUE, imported
org_of() {
	awk -F, -v OFS=, -v n="$1" -v h="$2" -v v="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == h) c = i; print; next }
		$1 == n { $c = v; print }' "$BENCH_DIR/orgs-$$.csv" >"$BENCH_DIR/org-$$.csv"
	"$FGDJ" import orgs "$BENCH_DIR/org-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import orgs failed" >&2
}
org() { org_of "$OORG" "$@"; }
# Its 上级党组织 another leadership body, then as it was (no figure or finding reads it: patched as
# 组建方式 is, the plan drawn again); a leadership body's 书记姓名 (it covers no enterprise:
# STORE_ORG_UNLINKED — the findings of every organisation covering none found again).
OPAR=$(awk -F, -v n="$OORG" 'NR > 1 && $1 == n { print $4 }' "$BENCH_DIR/orgs-$$.csv")
OPAR2=$(sqlite3 "$W" "SELECT p.name FROM org p WHERE p.mode = '上级机关' AND p.closed IS NULL AND p.name <> '$OPAR'
	ORDER BY p.id LIMIT 1")
OBODY=$(sqlite3 "$W" "SELECT name FROM org WHERE mode = '上级机关' AND closed IS NULL ORDER BY id LIMIT 1")
# Its 覆盖企业 one enterprise less, then as it was: a coverage change — the kept facts patched (the
# links of the enterprises linked or unlinked today read again and replaced), the findings of those
# enterprises and of the organisations covering them found again.
OCOV=$(awk -F, -v n="$OORG" 'NR > 1 && $1 == n { print $5 }' "$BENCH_DIR/orgs-$$.csv")
# Then moved into a zone and back (所属区域: STORE_ORG_PLACE) — no figure reads where it is, the
# kept facts patched as for 组建方式; its findings, and those about the members it holds without an
# employer, found again, the transfers, development records and cross-match whole; the plan drawn
# again.
OZONE=$(awk -F, -v n="$OORG" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "所属区域") c = i; next }
	$1 == n { print $c }' "$BENCH_DIR/orgs-$$.csv")
OZONE2=$(sqlite3 "$W" "SELECT z.name FROM zone z WHERE z.id <> coalesce((SELECT zone_id FROM org WHERE name = '$OORG'), 0)
	ORDER BY z.id LIMIT 1")
# A new enterprise no other record names (a credit code numbered N, valid by both check characters),
# in the first enterprise's community: the kept facts patched (it comes in as a reopened one does).
NCOMM=$(sqlite3 "$W" "SELECT s.name || ',' || c.name FROM enterprise e JOIN region c ON c.id = e.community_id
	JOIN region s ON s.id = c.parent_id ORDER BY e.id LIMIT 1")
NHEAD=$("$FGDJ" export enterprises --unmasked --db "$W" 2>/dev/null | head -1)
newent() {
	nu=$(printf '913302120B8K%04d\n' "$(($1 % 10000))" | awk '{ cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"; al = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		split("3 7 9 10 5 8 4 2", o, " "); s = 0
		for (i = 1; i <= 8; i++) s += (index(al, substr($1, 8 + i, 1)) - 1) * o[i]
		c = 11 - s % 11; body = $1 (c == 10 ? "X" : c == 11 ? "0" : c)
		split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
		s = 0; for (i = 1; i <= 17; i++) s += (index(cs, substr(body, i, 1)) - 1) * w[i]
		c = 31 - s % 31; if (c == 31) c = 0; printf "%s%s\n", body, substr(cs, c + 1, 1) }')
	# (a city's export has a 所属区县 column first: the row follows the header's columns by name)
	printf '%s\n' "$NHEAD" | awk -F, -v OFS=, -v u="$nu" -v n="基准新登记$1有限公司" -v pl="$NCOMM" '
		NR == 1 { print; split(pl, p, ","); for (i = 1; i <= NF; i++) {
			v = ""; h = $i; if (i == 1 && substr(h, 1, 3) == sprintf("%c%c%c", 239, 187, 191)) h = substr(h, 4)
			if (h == "统一社会信用代码") v = u; else if (h == "企业名称") v = n; else if (h == "所属街道") v = p[1]
			else if (h == "所属社区") v = p[2]; else if (h == "经营状态") v = "在营"; else if (h == "从业人员数") v = 40
			else if (h == "成立日期") v = "2026-06-01"; else if (h == "有固定经营场所") v = "是"
			row = row (i > 1 ? "," : "") v }
			print row }' >"$BENCH_DIR/newent-$$.csv"
	"$FGDJ" import enterprises "$BENCH_DIR/newent-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import of a new enterprise failed" >&2
}
# A development record's 集中培训学时 (its first record with one, 1 and its own in turn): the records
# read again and their findings found again (party_reload_devs, party_devs_patch).
"$FGDJ" export development --unmasked --db "$W" -o "$BENCH_DIR/devs-$$.csv" >/dev/null 2>&1
devrec() {
	awk -F, -v OFS=, -v v="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "集中培训学时") c = i; print; next }
		c && $c != "" && !done { if (v != "") $c = v; print; done = 1 }' "$BENCH_DIR/devs-$$.csv" >"$BENCH_DIR/dev-$$.csv"
	"$FGDJ" import development "$BENCH_DIR/dev-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import development failed" >&2
}
# A campaign task not completed (the first in the export) completed today, then as it was: the
# campaigns and tasks read again and the campaign_overdue findings found again (party_reload_tasks,
# party_tasks_patch).
"$FGDJ" export tasks --db "$W" -o "$BENCH_DIR/tasks-$$.csv" >/dev/null 2>&1
TROW=$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $4 != "已完成" { print; exit }' "$BENCH_DIR/tasks-$$.csv")
task() {
	{ head -1 "$BENCH_DIR/tasks-$$.csv"; printf '%s\n' "$TROW" | awk -F, -v OFS=, -v st="$1" -v d="${2:-}" '{ if (st != "") { $4 = st; $5 = d } print }'; } \
		>"$BENCH_DIR/task-$$.csv"
	"$FGDJ" import tasks "$BENCH_DIR/task-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import tasks failed" >&2
}
# An instructor's 指导企业 (the first guiding two or more) one enterprise less, then as it was: the
# assignments of the enterprises unlinked and linked today read again (STORE_INS_COVER).
"$FGDJ" export instructors --unmasked --db "$W" -o "$BENCH_DIR/ins-$$.csv" >/dev/null 2>&1
IROW=$(awk -F, '{ sub(/\r$/, "") } NR > 1 && $4 ~ /；/ && $6 == "" { print; exit }' "$BENCH_DIR/ins-$$.csv")
guide() {
	{ head -1 "$BENCH_DIR/ins-$$.csv"; printf '%s\n' "$IROW" | awk -F, -v OFS=, -v cut="$1" '{ if (cut) sub(/；[^；]*$/, "", $4); print }'; } \
		>"$BENCH_DIR/i1-$$.csv"
	"$FGDJ" import instructors "$BENCH_DIR/i1-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import instructors failed" >&2
}
# An award of today to the organisation of the first funding row (its amount N): ratings, funding,
# designations and venues read again (STORE_PARTY_RECOG); dated today, the dashboard's year-earlier
# figures kept (store_records_dated_from).
FORG=$("$FGDJ" export funding --db "$W" 2>/dev/null | awk -F, 'NR == 2 { print $1 }')
award() {
	printf '党组织名称,日期,类型,金额（元）,依据文号\n%s,%s,星级奖励,%s,基准〔2026〕1号\n' "$FORG" "$(date +%F)" "$1" >"$BENCH_DIR/award-$$.csv"
	"$FGDJ" import funding "$BENCH_DIR/award-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import funding failed" >&2
}
# A cross-match candidate (the first open one) confirmed, then dismissed: the facts kept, the
# crossmatch_confirmed findings found again (STORE_XM_DECIDED).
XM=$("$FGDJ" crossmatch --state open --format json --unmasked --db "$W" 2>/dev/null |
	awk -F'"' '/"uscc":/ { u = $4 } /"idno":/ { print u, $4; exit }')
decide() { "$FGDJ" crossmatch "$1" "${XM% *}" "${XM#* }" --db "$W" >/dev/null || echo "bench/findings.sh: crossmatch $1 failed" >&2; }
# A roster member's 是否亮明身份 (a hidden candidate: lodged, employed there, not disclosed) made 是,
# then 否: the candidates read again (STORE_ROSTER), the year-earlier figures computed again.
HX=$(sqlite3 "$W" "SELECT m.idno FROM roster_line rl JOIN member m ON m.idno = rl.idno WHERE m.org_id IS NOT NULL
	AND m.employer_id = rl.enterprise_id AND m.disclosed = 0 AND m.closed IS NULL ORDER BY rl.id LIMIT 1")
"$FGDJ" export members --unmasked --db "$W" -o "$BENCH_DIR/members-$$.csv" >/dev/null 2>&1
disclose() {
	awk -F, -v OFS=, -v x="$HX" -v v="$1" '{ sub(/\r$/, "") } NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "是否亮明身份") c = i;
		if ($i == "公民身份号码") k = i } print; next } $k == x { $c = v; print; exit }' \
		"$BENCH_DIR/members-$$.csv" >"$BENCH_DIR/member-$$.csv"
	"$FGDJ" import members "$BENCH_DIR/member-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import members failed" >&2
}
# The first enterprise (ENT) renamed, then moved to another community of its street and back (one
# import of its row each, exported afresh): a name is no figure — the facts kept, the findings naming
# it found again (STORE_ENT_NAME); a place — it read again in its new place, the findings placed by
# it and by the members it employs found again, the plan drawn again (STORE_ENT_PLACE).
entcol() {
	"$FGDJ" export enterprises --unmasked --db "$W" -o "$BENCH_DIR/ents-$$.csv" >/dev/null 2>&1
	awk -F, -v OFS=, -v ent="$ENT" -v h="$1" -v v="$2" '{ sub(/\r$/, "") }
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == h) c = i; print; next } $1 == ent { $c = v; print }' \
		"$BENCH_DIR/ents-$$.csv" >"$BENCH_DIR/ent1-$$.csv"
	"$FGDJ" import enterprises "$BENCH_DIR/ent1-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import enterprises failed" >&2
}
COMM1=$(sqlite3 "$W" "SELECT c.name FROM enterprise e JOIN region c ON c.id = e.community_id WHERE e.uscc = '$ENT'")
COMM2=$(sqlite3 "$W" "SELECT c2.name FROM enterprise e JOIN region c ON c.id = e.community_id JOIN region c2
	ON c2.parent_id = c.parent_id AND c2.id <> c.id AND c2.level = 'community' WHERE e.uscc = '$ENT' ORDER BY c2.id LIMIT 1")
# An enterprise that only its members and a joint branch's link name (no other table; the branch
# covering two or more others) closed — patched (STORE_ENT_CLOSING: its members and link leave the kept
# facts with it) —, then reopened (the facts loaded afresh, the findings patched on them).
LEAVING="e.closed IS NULL AND EXISTS (SELECT 1 FROM member m WHERE m.employer_id = e.id AND m.closed IS NULL)"
for t in assignment:enterprise_id visit:enterprise_id trainee:enterprise_id development:employer_id task:enterprise_id \
	roster_line:enterprise_id crossmatch_decision:enterprise_id designation:enterprise_id roster_candidate:enterprise_id; do
	LEAVING="$LEAVING AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
LENT=$(sqlite3 "$W" "SELECT e.uscc FROM enterprise e JOIN coverage c ON c.enterprise_id = e.id AND c.end_date IS NULL
	JOIN org o ON o.id = c.org_id AND o.mode = '联合建' WHERE $LEAVING AND (SELECT count(*) FROM coverage c2
	WHERE c2.org_id = o.id AND c2.end_date IS NULL) >= 3 ORDER BY e.id LIMIT 1")
# An operating enterprise no organisation covers, with an instructor's assignment, visits and a
# campaign task (no trainee, development record, roster line or candidate, cross-match decision names
# it) closed — patched (STORE_ENT_CLOSING: its assignment, visits and task leave the kept facts with
# it) —, then reopened (the facts loaded afresh, the findings patched on them: STORE_ENT_REOPENING).
AENT="e.closed IS NULL AND e.status = '在营' AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM assignment a WHERE a.enterprise_id = e.id AND a.end_date IS NULL)
	AND EXISTS (SELECT 1 FROM visit v WHERE v.enterprise_id = e.id) AND EXISTS (SELECT 1 FROM task t WHERE t.enterprise_id = e.id)"
for t in trainee:enterprise_id development:employer_id roster_line:enterprise_id crossmatch_decision:enterprise_id \
	roster_candidate:enterprise_id; do
	AENT="$AENT AND NOT EXISTS (SELECT 1 FROM ${t%%:*} x WHERE x.${t#*:} = e.id)"
done
AENT=$(sqlite3 "$W" "SELECT e.uscc FROM enterprise e WHERE $AENT ORDER BY e.id LIMIT 1")
# An enterprise no organisation covers whose roster lines hold a cross-match candidate and that
# trainees name (the city's usual enterprise: almost every one has a roster) closed — patched
# (STORE_ENT_CLOSING: every record naming it leaves the kept facts with it) —, then reopened (the
# facts loaded afresh, the findings patched on them).
RENT=$(sqlite3 "$W" "SELECT e.uscc FROM enterprise e WHERE e.closed IS NULL AND e.uscc NOT IN ('$ENT', '$AENT')
	AND NOT EXISTS (SELECT 1 FROM coverage c WHERE c.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM roster_candidate r WHERE r.enterprise_id = e.id)
	AND EXISTS (SELECT 1 FROM trainee t WHERE t.enterprise_id = e.id) ORDER BY e.id LIMIT 1")
# closing KIND KEY close|reopen: that record of the ledger KIND closed today or reopened
closing() {
	if [ "$3" = close ]; then
		"$FGDJ" close "$1" "$2" --date "$(date +%F)" --reason bench --db "$W" >/dev/null
	else
		"$FGDJ" reopen "$1" "$2" --db "$W" >/dev/null
	fi || echo "bench/findings.sh: $3 $1 $2 failed" >&2
}
# A member with an employer (named by no transfer, development record or roster line) closed (减少) —
# patched (STORE_MEMBER_GONE) —, then reopened (found afresh).
GM=$(sqlite3 "$W" "SELECT m.idno FROM member m WHERE m.closed IS NULL AND m.employer_id IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id) AND NOT EXISTS (SELECT 1 FROM development d
	WHERE d.idno = m.idno) AND NOT EXISTS (SELECT 1 FROM roster_line r WHERE r.idno = m.idno) ORDER BY m.id LIMIT 1")
# A joint branch covering two operating enterprises or more, with at most three members lodged (moved
# to no organisation first: a closing is refused while one is lodged) and no child organisation,
# closed today — patched (STORE_ORG_CLOSING: it leaves the region's active organisations with its
# links, its secretary, transfers and funding read again whole) —, then reopened (its links revived:
# found afresh).
CORG=$(sqlite3 "$W" "SELECT o.name FROM org o WHERE o.mode = '联合建' AND o.closed IS NULL AND o.name <> '$OORG'
	AND NOT EXISTS (SELECT 1 FROM org k WHERE k.parent_id = o.id)
	AND (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.closed IS NULL) <= 3
	AND (SELECT count(*) FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id WHERE c.org_id = o.id
		AND c.end_date IS NULL AND e.status = '在营' AND e.closed IS NULL) >= 2 ORDER BY o.id LIMIT 1")
unlodge() {
	"$FGDJ" export members --unmasked --db "$W" -o "$BENCH_DIR/members-$$.csv" >/dev/null 2>&1
	awk -F, -v OFS=, -v n="$1" '{ sub(/\r$/, "") } NR == 1 { for (i = 1; i <= NF; i++) if ($i == "所在党组织") c = i; print; next }
		$c == n { $c = ""; print }' "$BENCH_DIR/members-$$.csv" >"$BENCH_DIR/member-$$.csv"
	[ "$(wc -l <"$BENCH_DIR/member-$$.csv")" -lt 2 ] ||
		"$FGDJ" import members "$BENCH_DIR/member-$$.csv" --db "$W" >/dev/null || echo "bench/findings.sh: import members failed" >&2
}
# A setting no figure reads (the login page's contact): the newest history id changes too.
setting() { "$FGDJ" settings web.admin_contact "bench $n" --db "$W" >/dev/null; }
# Seconds of one run of a command (fgdj check exits 1 when it finds anything).
once() { t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now); secs "$t0" "$t1"; }
t_check=$(once "$FGDJ" check --format json --db "$W")
t_plan=$(once "$FGDJ" plan joint --format json --db "$W")
nf=$("$FGDJ" check --format json --db "$W" | sed -n 's/^  "total": \([0-9]*\),$/\1/p')
# timed PATH: "N ms (server CPU M ms)" of one request alone (CPU in 10 ms ticks: the machine is shared).
cpu() { awk '{ print ($14 + $15) * 10 }' "/proc/$PID/stat"; }
timed() { c0=$(cpu); ms=$(alone "$1"); c1=$(cpu); echo "$ms ms (server CPU $((c1 - c0)) ms)"; }
RULE=big_no_instructor
write; f1=$(timed /findings)
f2=$(alone /findings)
# a finding's state set: the kept findings are copied with the states read again
REF=$(curl -s -H "$COOKIE" "$URL/api/v1/findings?rule=$RULE" | sed -n 's/^ *"ref": "\([0-9a-f]*\)",$/\1/p' | head -1)
"$FGDJ" finding set "$REF" 整改中 --note bench --db "$W" >/dev/null || echo "bench/findings.sh: fgdj finding set $REF failed" >&2
c1=$(timed /findings)
write; j1=$(timed "/api/v1/findings?rule=$RULE")
j2=$(alone "/api/v1/findings?rule=$RULE")
write; p1=$(timed /plan)
p2=$(alone /plan)
write; s1=$(timed "/api/v1/findings")
STREET=$(sqlite3 "$W" "SELECT name FROM region WHERE level = 'street' ORDER BY id LIMIT 1")
write; r1=$(timed "/findings?region=$(enc "$STREET")")
# the dashboard and the plan right after /findings of the same write share its facts
write; h1=$(timed /findings); h2=$(timed /plan); h3=$(timed /)
setting; g1=$(timed /findings); g2=$(timed /plan); g3=$(timed /)
edit; e1=$(timed /findings); e2=$(timed /plan); e3=$(timed /)
edit; e4=$(timed /findings); e5=$(timed /plan); e6=$(timed /)
n=0
bare; b1=$(timed /findings); b2=$(timed /plan); b3=$(timed /)
bare; b4=$(timed /findings); b5=$(timed /plan); b6=$(timed /)
bare; b7=$(timed /findings); b8=$(timed /plan); b9=$(timed /)
bare
meeting 1 2; m1=$(timed /findings); m2=$(timed /plan); m3=$(timed /)
meeting 1 3; m4=$(timed /findings); m5=$(timed /plan); m6=$(timed /)
meeting 2 2; m7=$(timed /findings); m8=$(timed /plan); m9=$(timed /)
study 1; y1=$(timed /findings); y2=$(timed /plan); y3=$(timed /)
visit 调研员; v1=$(timed /findings); v2=$(timed /plan); v3=$(timed /)
visit 服务员; v4=$(timed /findings); v5=$(timed /plan); v6=$(timed /)
dues 50; u1=$(timed /findings); u2=$(timed /plan); u3=$(timed /)
dues 20; u4=$(timed /findings); u5=$(timed /plan); u6=$(timed /)
org 组建方式 挂靠建; o1=$(timed /findings); o2=$(timed /plan); o3=$(timed /)
org 组建方式 联合建; o4=$(timed /findings); o5=$(timed /plan); o6=$(timed /)
org 覆盖企业 "${OCOV%；*}"; k1=$(timed /findings); k2=$(timed /plan); k3=$(timed /)
org 覆盖企业 "$OCOV"; k4=$(timed /findings); k5=$(timed /plan); k6=$(timed /)
org 所属区域 "$OZONE2"; oz1=$(timed /findings); oz2=$(timed /plan); oz3=$(timed /)
org 所属区域 "$OZONE"; oz4=$(timed /findings); oz5=$(timed /plan); oz6=$(timed /)
# (each org row is the first export's with one column changed: the 上级党组织 steps before the
# 是否设支委会 one, which the next org row would put back)
org 上级党组织 "$OPAR2"; op1=$(timed /findings); op2=$(timed /plan); op3=$(timed /)
org 上级党组织 "$OPAR"; op4=$(timed /findings); op5=$(timed /plan); op6=$(timed /)
org 是否设支委会 是; o7=$(timed /findings); o8=$(timed /plan); o9=$(timed /)
org_of "$OBODY" 书记姓名 测试书记; ob1=$(timed /findings); ob2=$(timed /plan); ob3=$(timed /)
newent $$; w1=$(timed /findings); w2=$(timed /plan); w3=$(timed /)
devrec 1; x1=$(timed /findings); x2=$(timed /plan); x3=$(timed /)
devrec ""; x4=$(timed /findings); x5=$(timed /plan); x6=$(timed /)
task 已完成 "$(date +%F)"; q1=$(timed /findings); q2=$(timed /plan); q3=$(timed /)
task ""; q4=$(timed /findings); q5=$(timed /plan); q6=$(timed /)
guide 1; i1=$(timed /findings); i2=$(timed /plan); i3=$(timed /)
guide ""; i4=$(timed /findings); i5=$(timed /plan); i6=$(timed /)
award 3000.00; a1=$(timed /findings); a2=$(timed /plan); a3=$(timed /)
award 999999.00; a4=$(timed /findings); a5=$(timed /plan); a6=$(timed /)
decide confirm; z1=$(timed /findings); z2=$(timed /plan); z3=$(timed /)
decide dismiss; z4=$(timed /findings); z5=$(timed /plan); z6=$(timed /)
disclose 是; l1=$(timed /findings); l2=$(timed /plan); l3=$(timed /)
disclose 否; l4=$(timed /findings); l5=$(timed /plan); l6=$(timed /)
entcol 企业名称 阿测试改名有限公司; nm1=$(timed /findings); nm2=$(timed /plan); nm3=$(timed /)
entcol 所属社区 "$COMM2"; pl1=$(timed /findings); pl2=$(timed /plan); pl3=$(timed /)
entcol 所属社区 "$COMM1"; pl4=$(timed /findings); pl5=$(timed /plan); pl6=$(timed /)
closing enterprise "$LENT" close; lv1=$(timed /findings); lv2=$(timed /plan); lv3=$(timed /)
closing enterprise "$LENT" reopen; lv4=$(timed /findings); lv5=$(timed /plan); lv6=$(timed /)
closing member "$GM" close; gm1=$(timed /findings); gm2=$(timed /plan); gm3=$(timed /)
closing member "$GM" reopen; gm4=$(timed /findings); gm5=$(timed /plan); gm6=$(timed /)
closing enterprise "$AENT" close; ae1=$(timed /findings); ae2=$(timed /plan); ae3=$(timed /)
closing enterprise "$AENT" reopen; ae4=$(timed /findings); ae5=$(timed /plan); ae6=$(timed /)
closing enterprise "$RENT" close; re1=$(timed /findings); re2=$(timed /plan); re3=$(timed /)
closing enterprise "$RENT" reopen; re4=$(timed /findings); re5=$(timed /plan); re6=$(timed /)
unlodge "$CORG"; timed /findings >/dev/null; timed /plan >/dev/null; timed / >/dev/null
closing org "$CORG" close; oc1=$(timed /findings); oc2=$(timed /plan); oc3=$(timed /)
closing org "$CORG" reopen; oc4=$(timed /findings); oc5=$(timed /plan); oc6=$(timed /)
rm -f "$BENCH_DIR/edit-0-$$.csv" "$BENCH_DIR/edit-1-$$.csv" "$BENCH_DIR/meeting-$$.csv" "$BENCH_DIR/study-$$.csv" \
	"$BENCH_DIR/visit-$$.csv" "$BENCH_DIR/dues-$$.csv" "$BENCH_DIR/orgs-$$.csv" "$BENCH_DIR/org-$$.csv" \
	"$BENCH_DIR/newent-$$.csv" "$BENCH_DIR/devs-$$.csv" "$BENCH_DIR/dev-$$.csv" "$BENCH_DIR/tasks-$$.csv" \
	"$BENCH_DIR/task-$$.csv" "$BENCH_DIR/ins-$$.csv" "$BENCH_DIR/i1-$$.csv" "$BENCH_DIR/award-$$.csv" \
	"$BENCH_DIR/members-$$.csv" "$BENCH_DIR/member-$$.csv" "$BENCH_DIR/ents-$$.csv" "$BENCH_DIR/ent1-$$.csv"

echo "fgdj at $SCALE scale ($nf findings), wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command line: fgdj check --format json ${t_check} s, fgdj plan joint --format json ${t_plan} s"
echo "one request alone after a write: /findings ${f1}, again ${f2} ms; after a state change ${c1}"
echo "  /api/v1/findings?rule=$RULE ${j1}, again ${j2} ms; /plan ${p1}, again ${p2} ms"
echo "  /api/v1/findings (all 114k, written while sent) ${s1}; /findings?region=$STREET ${r1}"
echo "one write, then in turn: /findings ${h1}; /plan ${h2}; / ${h3}"
echo "a setting no figure reads, then in turn: /findings ${g1}; /plan ${g2}; / ${g3}"
echo "an enterprise's 从业人员数 edited, then in turn: /findings ${e1}; /plan ${e2}; / ${e3}"
echo "  and again: /findings ${e4}; /plan ${e5}; / ${e6}"
echo "an enterprise no other record names ($BENT) closed, then in turn: /findings ${b1}; /plan ${b2}; / ${b3}"
echo "  reopened: /findings ${b4}; /plan ${b5}; / ${b6}"
echo "  closed again: /findings ${b7}; /plan ${b8}; / ${b9}"
echo "a meeting of this year added ($MORG), then in turn: /findings ${m1}; /plan ${m2}; / ${m3}"
echo "  its 学时 changed: /findings ${m4}; /plan ${m5}; / ${m6}"
echo "  another added: /findings ${m7}; /plan ${m8}; / ${m9}"
echo "a study record added: /findings ${y1}; /plan ${y2}; / ${y3}"
echo "a visit of this year added (${VROW%%,*}), then in turn: /findings ${v1}; /plan ${v2}; / ${v3}"
echo "  its 四员 roles changed: /findings ${v4}; /plan ${v5}; / ${v6}"
echo "a dues row of $DMONTH added, then in turn: /findings ${u1}; /plan ${u2}; / ${u3}"
echo "  its 实缴 changed: /findings ${u4}; /plan ${u5}; / ${u6}"
echo "a joint branch made 挂靠建 ($OORG), then in turn: /findings ${o1}; /plan ${o2}; / ${o3}"
echo "  made 联合建 again: /findings ${o4}; /plan ${o5}; / ${o6}"
echo "  covering one enterprise less: /findings ${k1}; /plan ${k2}; / ${k3}"
echo "  covering it again: /findings ${k4}; /plan ${k5}; / ${k6}"
echo "  moved into the zone $OZONE2: /findings ${oz1}; /plan ${oz2}; / ${oz3}"
echo "  moved back: /findings ${oz4}; /plan ${oz5}; / ${oz6}"
echo "  its 上级党组织 made $OPAR2: /findings ${op1}; /plan ${op2}; / ${op3}"
echo "  made $OPAR again: /findings ${op4}; /plan ${op5}; / ${op6}"
echo "  its 是否设支委会 changed: /findings ${o7}; /plan ${o8}; / ${o9}"
echo "a leadership body's 书记姓名 ($OBODY, covering no enterprise): /findings ${ob1}; /plan ${ob2}; / ${ob3}"
echo "a new enterprise (founded this June), then in turn: /findings ${w1}; /plan ${w2}; / ${w3}"
echo "a development record's 集中培训学时 made 1: /findings ${x1}; /plan ${x2}; / ${x3}"
echo "  put back: /findings ${x4}; /plan ${x5}; / ${x6}"
echo "a campaign task completed: /findings ${q1}; /plan ${q2}; / ${q3}"
echo "  put back: /findings ${q4}; /plan ${q5}; / ${q6}"
echo "an instructor guiding one enterprise less: /findings ${i1}; /plan ${i2}; / ${i3}"
echo "  guiding it again: /findings ${i4}; /plan ${i5}; / ${i6}"
echo "an award dated today ($FORG): /findings ${a1}; /plan ${a2}; / ${a3}"
echo "  its amount far out of range: /findings ${a4}; /plan ${a5}; / ${a6}"
echo "a cross-match candidate confirmed: /findings ${z1}; /plan ${z2}; / ${z3}"
echo "  dismissed: /findings ${z4}; /plan ${z5}; / ${z6}"
echo "a roster member's 是否亮明身份 made 是: /findings ${l1}; /plan ${l2}; / ${l3}"
echo "  made 否 again: /findings ${l4}; /plan ${l5}; / ${l6}"
echo "an enterprise renamed ($ENT): /findings ${nm1}; /plan ${nm2}; / ${nm3}"
echo "  moved to $COMM2: /findings ${pl1}; /plan ${pl2}; / ${pl3}"
echo "  moved back to $COMM1: /findings ${pl4}; /plan ${pl5}; / ${pl6}"
echo "an enterprise only its members and a joint branch's link name ($LENT) closed: /findings ${lv1}; /plan ${lv2}; / ${lv3}"
echo "  reopened (facts afresh, findings patched): /findings ${lv4}; /plan ${lv5}; / ${lv6}"
echo "a member closed (减少, $(printf '%s' "$GM" | cut -c1-6)…): /findings ${gm1}; /plan ${gm2}; / ${gm3}"
echo "  reopened (found afresh): /findings ${gm4}; /plan ${gm5}; / ${gm6}"
echo "an enterprise with an instructor, visits and a campaign task ($AENT) closed: /findings ${ae1}; /plan ${ae2}; / ${ae3}"
echo "  reopened (facts afresh, findings patched): /findings ${ae4}; /plan ${ae5}; / ${ae6}"
echo "an enterprise with roster lines, a cross-match candidate and trainees ($RENT) closed: /findings ${re1}; /plan ${re2}; / ${re3}"
echo "  reopened (facts afresh, findings patched): /findings ${re4}; /plan ${re5}; / ${re6}"
echo "a joint branch covering operating enterprises ($CORG) closed: /findings ${oc1}; /plan ${oc2}; / ${oc3}"
echo "  reopened (found afresh): /findings ${oc4}; /plan ${oc5}; / ${oc6}"
printf '%-10s %-44s %9s %9s %7s\n' what path req/s p99_ms ratio
static=
run static /assets/fgdj.css /assets/fgdj.css
static=$RPS
run findings /findings /findings
run find_ro "/findings?rule=$RULE&state=open" "/findings?rule=$RULE&state=open"
run find_st "/findings?region=$(enc "$STREET")" "/findings?region=$STREET"
run api_find "/api/v1/findings?rule=$RULE" "/api/v1/findings?rule=$RULE"
run plan /plan /plan
run api_plan /api/v1/plan /api/v1/plan
d1=$(alone /)
echo "the dashboard once alone first (its own figures are computed then): ${d1} ms"
run home / "/ (dashboard: open findings)"
hwm=$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$PID/status")
echo "server peak RSS (VmHWM) $hwm MB"
