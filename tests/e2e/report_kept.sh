#!/bin/sh
# The work report downloaded from the web (GET /reports/work.html|docx) of today is built from the
# values the server keeps for the region (web/cache.h) — its facts, its findings and the figures a
# year earlier the dashboard compares with — rather than computed again for each download. It must
# be the command's report, which computes all of them afresh (`fgdj report work`): byte-identical
# HTML and DOCX text, for the district and for a street user, on the warm server, after writes the
# server patches its kept values for (an enterprise's 从业人员数, a meeting of this year) and after
# one it computes them again for (a member's 减少). And it is built from them: a download of today's
# report computes nothing (the server's access log's 计算：), the same report for yesterday loads
# that day's facts each time.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

kept_setup
kept_start

# report WHAT: the web's HTML and DOCX report of today, for the district (boss) and the street user
# (jd), each against the command's, for the district and for --region $STREET; the street's
# statistics workbook (GET /reports/stats.xlsx, from the kept facts) against `fgdj report stats`,
# the district's plan workbook (GET /plan.xlsx, likewise) against `fgdj plan joint --format xlsx`,
# and the review of adopting its first new branch (GET /plan/adopt?group=1) against `fgdj plan adopt 1`.
report() {
	curl -s -b "$WORK/bj" "$URL/reports/work.html" >"$WORK/web.html"
	run 0 "$FGDJ" report work --format html --db $DB -o "$WORK/cli.html"
	cmp -s "$WORK/web.html" "$WORK/cli.html" && ok || fail "$1: the district's HTML report differs from the command's"
	curl -s -b "$WORK/jj" "$URL/reports/work.html" >"$WORK/web-street.html"
	run 0 "$FGDJ" report work --format html --region "$STREET" --db $DB -o "$WORK/cli-street.html"
	cmp -s "$WORK/web-street.html" "$WORK/cli-street.html" && ok ||
		fail "$1: the street's HTML report differs from the command's"
	curl -s -b "$WORK/bj" "$URL/reports/work.docx" >"$WORK/web.docx"
	run 0 "$FGDJ" report work --format docx --db $DB -o "$WORK/cli.docx"
	unzip -p "$WORK/web.docx" word/document.xml >"$WORK/web.xml"
	unzip -p "$WORK/cli.docx" word/document.xml >"$WORK/cli.xml"
	[ -s "$WORK/web.xml" ] && cmp -s "$WORK/web.xml" "$WORK/cli.xml" && ok ||
		fail "$1: the district's DOCX text differs from the command's"
	# the statistics workbook (the kept facts): its sheets and their strings as the command's
	curl -s -b "$WORK/jj" "$URL/reports/stats.xlsx" >"$WORK/web.xlsx"
	run 0 "$FGDJ" report stats --region "$STREET" --db $DB -o "$WORK/cli.xlsx"
	rm -rf "$WORK/wx" "$WORK/cx"
	mkdir -p "$WORK/wx" "$WORK/cx"
	(cd "$WORK/wx" && unzip -q ../web.xlsx 'xl/worksheets/*' xl/sharedStrings.xml)
	(cd "$WORK/cx" && unzip -q ../cli.xlsx 'xl/worksheets/*' xl/sharedStrings.xml)
	[ -s "$WORK/wx/xl/worksheets/sheet1.xml" ] && diff -r "$WORK/wx" "$WORK/cx" >/dev/null && ok ||
		fail "$1: the street's statistics workbook differs from the command's"
	# the joint-branch plan's workbook (the kept facts) as the command's
	curl -s -b "$WORK/bj" "$URL/plan.xlsx" >"$WORK/web-plan.xlsx"
	run 0 "$FGDJ" plan joint --format xlsx --db $DB -o "$WORK/cli-plan.xlsx"
	rm -rf "$WORK/wx" "$WORK/cx"
	mkdir -p "$WORK/wx" "$WORK/cx"
	(cd "$WORK/wx" && unzip -q ../web-plan.xlsx 'xl/worksheets/*' xl/sharedStrings.xml)
	(cd "$WORK/cx" && unzip -q ../cli-plan.xlsx 'xl/worksheets/*' xl/sharedStrings.xml)
	[ -s "$WORK/wx/xl/worksheets/sheet1.xml" ] && diff -r "$WORK/wx" "$WORK/cx" >/dev/null && ok ||
		fail "$1: the district's plan workbook differs from the command's"
	# the review of adopting the plan's first new branch (the kept facts) as the command's preview
	curl -s -b "$WORK/bj" "$URL/plan/adopt?group=1" >"$WORK/review.html"
	run 0 "$FGDJ" plan adopt 1 --db $DB
	name=$(sed -n 's/^拟组建：//p' "$WORK/out")
	sed -n 's/^  - //p' "$WORK/out" >"$WORK/cli-ents"
	sed -n 's/^<li>\(.*\)<\/li>$/\1/p' "$WORK/review.html" >"$WORK/web-ents"
	[ -n "$name" ] && grep -q "name=\"name\" value=\"$name\"" "$WORK/review.html" && [ -s "$WORK/cli-ents" ] &&
		cmp -s "$WORK/web-ents" "$WORK/cli-ents" && ok || fail "$1: the review of adopting group 1 differs from the command's"
}
# warm: the pages that keep the values the report reads (the dashboard: the facts and the figures a
# year earlier; the findings), for both users
warm() {
	for j in bj jj; do
		for p in / /findings; do
			curl -s -b "$WORK/$j" "$URL$p" >/dev/null
		done
	done
}

warm
report "warm"
has "$WORK/web.html" "非公有制企业党建工作情况报告"
has "$WORK/web-street.html" "$STREET"

# ---- the report of today is built from the kept values ----
YESTERDAY=$(date -d "$FGDJ_TODAY -1 day" +%F)
# reports PATH: five downloads; in NOTES what each computed (the access log's 计算：, one line each)
reports() {
	n0=$(wc -l <"$WORK/server.log")
	for i in 1 2 3 4 5; do curl -s -b "$WORK/bj" "$URL$1" >/dev/null; done
	i=0 # each line is written when its response is done
	while [ "$(tail -n +$((n0 + 1)) "$WORK/server.log" | grep -c ' GET /reports/')" -lt 5 ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	NOTES=$(tail -n +$((n0 + 1)) "$WORK/server.log" | grep ' GET /reports/' | sed 's/.* [0-9.]*ms boss\( 计算：\)\{0,1\}//' | tr '\n' '|')
}
reports /reports/work.html
echo "report of today ×5 computed: [$NOTES]" >&2
eq "$NOTES" "|||||" "today's report from the kept values: nothing computed"
reports "/reports/work.html?as_of=$YESTERDAY"
echo "report of yesterday ×5 computed: [$NOTES]" >&2
eq "$(printf '%s' "$NOTES" | tr '|' '\n' | grep -c '事实载入')" 5 "yesterday's report: that day's facts loaded each time"
# yesterday's report is the command's too
curl -s -b "$WORK/bj" "$URL/reports/work.html?as_of=$YESTERDAY" >"$WORK/web-y.html"
run 0 "$FGDJ" report work --format html --as-of "$YESTERDAY" --db $DB -o "$WORK/cli-y.html"
cmp -s "$WORK/web-y.html" "$WORK/cli-y.html" && ok || fail "yesterday's HTML report differs from the command's"

# ---- an enterprise's 从业人员数 (the kept facts and findings patched) ----
ENT=$(sql $DB "SELECT uscc FROM enterprise WHERE closed IS NULL AND status = '在营' ORDER BY id LIMIT 1")
"$FGDJ" export enterprises --unmasked --db $DB -o "$WORK/ents.csv" >/dev/null 2>&1
{
	head -1 "$WORK/ents.csv"
	awk -F, -v OFS=, -v ent="$ENT" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "从业人员数") c = i; next }
		$1 == ent { $c = $c + 7; print }' "$WORK/ents.csv"
} >"$WORK/edit.csv"
run 0 "$FGDJ" import enterprises "$WORK/edit.csv" --db $DB
grep -q '更新 1' "$WORK/out" && ok || fail "the enterprise updated: $(cat "$WORK/out")"
warm
report "an enterprise's 从业人员数"

# ---- a meeting of this year (patched: the organisations' meetings read again) ----
ORG=$(sql $DB "SELECT name FROM org WHERE closed IS NULL ORDER BY id LIMIT 1")
printf '党组织名称,活动类型,日期,主题\n%s,支部委员会,%s,测试会议\n' "$ORG" "$FGDJ_TODAY" >"$WORK/meet.csv"
run 0 "$FGDJ" import meetings "$WORK/meet.csv" --db $DB
warm
report "a meeting of this year"

# ---- a member's 减少 (found afresh), read without warming first: the report computes the values ----
MEM=$(sql $DB "SELECT idno FROM member WHERE closed IS NULL AND employer_id IS NOT NULL ORDER BY id LIMIT 1")
run 0 "$FGDJ" close member "$MEM" --date "$FGDJ_TODAY" --reason 死亡 --db $DB
report "a member's 减少"
warm
report "a member's 减少, warm again"

stop_server
eq "$SERVER_RC" 0 "the server stopped cleanly (ASan: no error or leak)"
finish
