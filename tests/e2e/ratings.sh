#!/bin/sh
# 星级创评: a year's rubric imported (replacing that year's whole rubric, refused when it does not add
# up to 100 or would alter recorded ratings), the default rubric for another year; ratings with one
# column per indicator of their year's rubric, every bad row refused with row and column and nothing
# written; re-import and export round trip change nothing; history; the figures of
# tests/fixtures/ratings/README.md at three dates (and the two-year boundary); the five-star quota
# finding; the report's sentence; the score sheet XLSX imported back; the web form in and out of
# scope; the ranking page.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"

DB=d.db
import_district $DB
R=$FIX/ratings
O1=中共临江智造科技有限公司支部委员会
O4=小微设计工作室党支部
O5=新建材料有限公司党支部

# ---- the rubric ----
run 0 "$FGDJ" export rubric --year 2024 --db $DB
has out '2024,班子建设,书记选优配强,8,否' # no rubric of its own yet: the built-in default
has out '2024,否决项,党组织连续 6 个月以上未开展组织生活,,是'
run 0 "$FGDJ" import rubric "$R/rubric.csv" --db $DB
has out '新增 5'
run 0 "$FGDJ" export rubric --year 2024 --db $DB
has out '2024,班子建设,书记履职,30,否'
hasnt out '书记选优配强'
run 0 "$FGDJ" export rubric --year 2025 --db $DB
has out '2025,班子建设,书记选优配强,8,否'
printf '评定年度,考核方面,指标,分值\n2024,班子建设,书记履职,30\n2024,组织生活,三会一课,30\n2024,作用发挥,党员先锋作用,25\n2024,制度保障,台账规范,10\n' >short.csv
before=$(dbsum $DB)
run 2 "$FGDJ" import rubric short.csv --db $DB
has err 'short.csv: 2024 年度评分细则：各计分指标的分值合计为 95 分，应为 100 分'
eq "$(dbsum $DB)" "$before" "a rubric of 95 points: nothing written"
printf '评定年度,考核方面,指标,分值,是否否决项\n2024,否决项,发生重大安全事故,5,是\n' >vetopts.csv
run 2 "$FGDJ" import rubric vetopts.csv --db $DB
has err 'vetopts.csv:2:分值: 否决项没有分值'

# ---- ratings of 2024 (its own rubric) ----
run 0 "$FGDJ" import ratings "$R/ratings_2024.csv" --db $DB
has out '新增 4'
eq "$(sql $DB "SELECT total FROM rating rt JOIN org o ON o.id = rt.org_id WHERE o.name = '$O1'")" 915 "R1's total in tenths"
eq "$(sql $DB "SELECT count(*) FROM rating_score")" 12 "R1, R2, R4: four scores each; R3 vetoed unscored"
run 0 "$FGDJ" import ratings "$R/ratings_2024.csv" --db $DB
has out '未变 4'

# ---- refused: row and column named, nothing written ----
refuse_row ratings "$R/ratings_2024.csv" $DB "score above points" \
	"$O4,2024,2024-03-20,31,18,15,8,,," 书记履职 '得分 31 超过指标“书记履职”的分值 30 分'
refuse_row ratings "$R/ratings_2024.csv" $DB "two decimals" \
	"$O4,2024,2024-03-20,18.25,18,15,8,,," 书记履职 '至多一位小数'
refuse_row ratings "$R/ratings_2024.csv" $DB "typed total differing" \
	"$O4,2024,2024-03-20,18,18,15,8,,60," 总分 '填写的总分 60 与各指标得分之和 59 分不符'
refuse_row ratings "$R/ratings_2024.csv" $DB "typed stars differing" \
	"$O4,2024,2024-03-20,18,18,15,8,,,2" 星级 '与按总分 59 分计算的 1 星不符'
refuse_row ratings "$R/ratings_2024.csv" $DB "an indicator missing" \
	"$O4,2024,2024-03-20,18,,15,8,,," 各指标得分 '缺少指标“三会一课”的得分'
refuse_row ratings "$R/ratings_2024.csv" $DB "unknown organisation" \
	"没有这个支部,2024,2024-03-20,18,18,15,8,,," 党组织名称 '不在党组织台账中'
refuse_row ratings "$R/ratings_2024.csv" $DB "a two-digit year" \
	"$O4,24,2024-03-20,18,18,15,8,,," 评定年度 '四位年份'
refuse_row ratings "$R/ratings_2024.csv" $DB "dated before its cycle year" \
	"$O4,2024,2023-12-31,18,18,15,8,,," 评定日期 '评定日期早于评定年度 2024 年'
refuse_row ratings "$R/ratings_2024.csv" $DB "dated in the future" \
	"$O4,2024,2026-12-01,18,18,15,8,,," 评定日期 '晚于今天'
refuse_row ratings "$R/sheet_2025.csv" $DB "before the organisation's founding" \
	"$O5,2025,2025-12-10,7,5,5,7,5,5,7,5,5,3,3,3,8,6,6,4,3,3," 评定日期 '早于该党组织的成立日期 2026-06-01'
refuse_row ratings "$R/sheet_2025.csv" $DB "the default rubric's indicators in a 2024 row" \
	"$O4,2024,2024-03-20,7,5,5,7,5,5,7,5,5,3,3,3,8,6,6,4,3,3," 书记选优配强 '“书记选优配强”不是本年度评分细则中的指标'
printf '党组织名称,评定年度,评定日期,书记履职,三会一课,党员先锋作用,台账规范,发展党员\n%s,2024,2024-03-20,18,18,15,8,5\n' "$O4" >foreign.csv
before=$(dbsum $DB)
run 2 "$FGDJ" import ratings foreign.csv --db $DB
has err 'foreign.csv:2:发展党员: “发展党员”不是本年度评分细则中的指标'
eq "$(dbsum $DB)" "$before" "an indicator of another year's rubric: nothing written"
printf '%s\n%s\n%s\n' "$(head -1 "$R/ratings_2024.csv")" "$O4,2024,2024-03-20,18,18,15,8,,," "$O4,2024,2024-03-21,18,18,15,8,,," >dup.csv
run 2 "$FGDJ" import ratings dup.csv --db $DB
has err 'dup.csv:3:党组织名称: 与第 2 行重复'

# ---- a rubric change that would alter recorded ratings ----
printf '评定年度,考核方面,指标,分值,是否否决项\n2024,班子建设,书记履职,25,否\n2024,组织生活,三会一课,35,否\n2024,作用发挥,党员先锋作用,25,否\n2024,制度保障,台账规范,15,否\n' >lower.csv
before=$(dbsum $DB)
run 2 "$FGDJ" import rubric lower.csv --db $DB
has err 'lower.csv:2:分值: 2024 年度已有评定在指标“书记履职”得 28 分'
eq "$(dbsum $DB)" "$before" "lowering points below a recorded score: nothing written"
printf '评定年度,考核方面,指标,分值,是否否决项\n2024,班子建设,书记履职,45,否\n2024,组织生活,三会一课,30,否\n2024,作用发挥,党员先锋作用,25,否\n' >drop.csv
run 2 "$FGDJ" import rubric drop.csv --db $DB
has err 'drop.csv: 2024 年度已有评定为指标“台账规范”打分'
eq "$(dbsum $DB)" "$before" "removing a scored indicator: nothing written"
# dropping only the veto item is no change to any rating: it is removed, with history
printf '评定年度,考核方面,指标,分值,是否否决项\n2024,班子建设,书记履职,30,否\n2024,组织生活,三会一课,30,否\n2024,作用发挥,党员先锋作用,25,否\n2024,制度保障,台账规范,15,否\n' >noveto.csv
run 0 "$FGDJ" import rubric noveto.csv --db $DB
has out '未变 4'
run 0 "$FGDJ" history rubric 2024/发生重大安全事故 --db $DB
has out '删除'
run 0 "$FGDJ" import rubric "$R/rubric.csv" --db $DB
has out '新增 1'

# ---- the 2025 score sheet (default rubric) as CSV; a blank row is skipped ----
run 0 "$FGDJ" import ratings "$R/sheet_2025.csv" --db $DB
has out '星级评定 2 行，新增 2'

# ---- figures at three dates (README) and the two-year boundary ----
run 0 "$FGDJ" stats --db $DB --format json --as-of 2024-03-01
expect_json out 'orgs_rated=0 orgs_star_5=0 orgs_star_4=0 orgs_star_3=0 orgs_star_2=0 orgs_star_1=0 orgs_star_vetoed=0 orgs_rated_in_year=0' 2024-03-01
run 0 "$FGDJ" stats --db $DB --format json --as-of 2025-12-31
expect_json out 'orgs_rated=4 orgs_star_5=1 orgs_star_4=1 orgs_star_3=0 orgs_star_2=0 orgs_star_1=1 orgs_star_vetoed=1 orgs_rated_in_year=1' 2025-12-31
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-19
expect_json out 'orgs_rated=3 orgs_star_5=0 orgs_star_4=1 orgs_star_1=1 orgs_star_vetoed=1 orgs_rated_in_year=0' 2026-03-19
run 0 "$FGDJ" stats --db $DB --format json --as-of 2026-03-20
expect_json out 'orgs_rated=1 orgs_star_5=0 orgs_star_4=1 orgs_star_1=0' 2026-03-20
run 0 "$FGDJ" stats --db $DB --format json
expect_json out 'orgs_rated=2 orgs_star_5=1 orgs_star_4=1 orgs_star_3=0 orgs_star_2=0 orgs_star_1=0 orgs_rated_in_year=1' 2026-11-26
run 0 "$FGDJ" stats --db $DB
has out '五星级党组织'

# ---- the five-star quota ----
run 1 "$FGDJ" check --db $DB --format json --as-of 2025-12-31
has out '"star_quota": 1'
run 1 "$FGDJ" check --db $DB --as-of 2025-12-31
has out '评定有效的党组织 4 个，其中五星级 1 个（25.0%），超过上限 10%'
run 1 "$FGDJ" check --db $DB --format json --as-of 2026-03-20
has out '"star_quota": 0'
run 0 "$FGDJ" settings rating.max_five_star_pct 50 --db $DB
run 1 "$FGDJ" check --db $DB --format json
has out '"star_quota": 0' # 1 of 2 is exactly 50 %
run 0 "$FGDJ" settings rating.max_five_star_pct 49 --db $DB
run 1 "$FGDJ" check --db $DB --format json
has out '"star_quota": 1'
run 0 "$FGDJ" settings rating.max_five_star_pct 10 --db $DB

# ---- the report ----
run 0 "$FGDJ" report work --db $DB --as-of 2025-12-31 -o r.md
has r.md '本年度对1个星级党组织进行表彰（四星级1个）'
has r.md '评定结果在有效期内的党组织4个，其中五星级1个、四星级1个、三星级0个'

# ---- export round trip, history ----
run 0 "$FGDJ" export ratings --db $DB -o all.csv
has all.csv '书记履职'
has all.csv '书记选优配强'
has all.csv "$O1,2024,2024-03-15,28,27.5,23,13"
has all.csv ',91.5,5'
has all.csv '光明社区非公企业联合党支部,2024,2024-03-20,,,,,'
has all.csv '发生重大安全事故,0,0'
before=$(dbsum $DB)
run 0 "$FGDJ" import ratings all.csv --db $DB
has out '未变 6'
eq "$(dbsum $DB)" "$before" "export, re-import: nothing changes"
run 0 "$FGDJ" export ratings --year 2025 --db $DB
hasnt out ',书记履职,' # 2024's indicator (书记履职和培训 is the default's)
has out ',书记履职和培训,'
hasnt out '2024-03-15'
run 0 "$FGDJ" history rating "$O1/2024" --db $DB
has out '各指标得分：书记履职：28；三会一课：27.5；党员先锋作用：23；台账规范：13'
has out '总分：91.5'

# ---- the score sheet as XLSX ----
run 0 "$FGDJ" ratings sheet --year 2024 -o s24.xlsx --db $DB
has err '5 个党组织'
unzip -p s24.xlsx xl/sharedStrings.xml >strings.xml
for h in 党组织名称 评定年度 评定日期 书记履职 三会一课 党员先锋作用 台账规范 否决情况 "$O5"; do has strings.xml "$h"; done
hasnt strings.xml '书记选优配强'
run 0 "$FGDJ" import ratings s24.xlsx --db $DB
has out '未变 4' # O5 was not rated in 2024: its blank row is skipped
eq "$(dbsum $DB)" "$before" "the sheet imports back unchanged"
run 2 "$FGDJ" ratings sheet --year 99 -o x.xlsx --db $DB
has err '四位年份'

# ---- the web: scoring form, scope, ranking ----
need_curl
add_user boss admin
add_user east street 东城街道
add_user sec secretary "$O4"
start_server $DB
api_login east ej
EAST=$CSRF
api_login sec sj
SEC=$CSRF
api_login boss bj
req 200 GET "/rubric?year=2024" -b ej
has "$WORK/body" '书记履职'
has "$WORK/body" '发生重大安全事故'
req 200 GET "/rubric?year=2026" -b ej
has "$WORK/body" '内置的通用细则'
req 200 GET "/ratings/new?org=$O1&year=2026" -b ej
has "$WORK/body" '<legend>班子建设</legend>'
has "$WORK/body" 'name="s0" min="0" max="8" step="0.1" inputmode="decimal" value="" data-score>'
has "$WORK/body" 'data-star5="90"'
# O1 for 2026 on the default rubric: everything full but the first three (8 + 6 + 6) → 80, four stars
form="csrf=$EAST&org=$O1&year=2026&date=2026-11-20&s0=0&s1=0&s2=0"
i=3
for p in 8 6 6 8 6 6 4 3 3 8 6 6 4 3 3; do form="$form&s$i=$p"; i=$((i + 1)); done
req 303 POST /ratings -b ej --data-urlencode "org=$O1" -d "$(echo "$form" | sed "s/&org=$O1//")"
has "$WORK/hdr" '/ratings/ranking?year=2026'
eq "$(sql $DB "SELECT total FROM rating rt JOIN org o ON o.id = rt.org_id WHERE o.name = '$O1' AND rt.year = 2026")" 800 "saved from the form"
eq "$(sql $DB "SELECT count(*) FROM history WHERE tbl = 'rating' AND who = 'web:east'")" 1 "with its history"
req 200 GET "/ratings/ranking?year=2026" -b ej
has "$WORK/body" "$O1"
has "$WORK/body" 'aria-label="4 星">★★★★<'
# out of scope: 东城 cannot rate a 西城 organisation; a secretary cannot rate at all
before=$(dbsum $DB)
req 404 GET "/ratings/new?org=$O4&year=2026" -b ej
req 404 POST /ratings -b ej --data-urlencode "org=$O4" -d "csrf=$EAST&year=2026&date=2026-11-20&vetoed=1"
req 422 POST /ratings -b sj --data-urlencode "org=$O4" -d "csrf=$SEC&year=2026&date=2026-11-20&vetoed=1"
has "$WORK/body" '党组织书记不能登记星级评定'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
# a score above its points is shown beside its field
req 422 POST /ratings -b ej --data-urlencode "org=$O1" -d "csrf=$EAST&year=2026&date=2026-11-20&s0=9"
has "$WORK/body" '得分 9 超过指标“书记选优配强”的分值 8 分'
has "$WORK/body" 'id="err-s0"'
eq "$(dbsum $DB)" "$before" "refused: nothing written"
ID=$(sql $DB "SELECT rt.id FROM rating rt JOIN org o ON o.id = rt.org_id WHERE o.name = '$O1' AND rt.year = 2026")
req 200 GET "/ratings/$ID" -b ej
has "$WORK/body" '书记选优配强：0；班子结构健全：0；书记履职和培训：0；党员教育管理：8'
has "$WORK/body" 'aria-label="4 星">★★★★<'
req 200 GET "/api/v1/ratings/$ID" -b ej
has "$WORK/body" '"total":80'
# stars are computed when read, by the thresholds in force: 80 is four stars, and three once
# four stars need 81
has "$WORK/body" '"stars":4'
"$FGDJ" settings rating.star_4 81 --db $DB >/dev/null || fail "settings rating.star_4"
req 200 GET "/api/v1/ratings/$ID" -b ej
has "$WORK/body" '"stars":3'
req 200 GET "/ratings?kind=2026" -b ej
has "$WORK/body" '<th scope="col">星级</th>'
"$FGDJ" settings rating.star_4 80 --db $DB >/dev/null || fail "settings rating.star_4"
# the ranking: 2024 by total, stars and the veto shown, narrowed by street
req 200 GET "/ratings/ranking?year=2024" -b bj
has "$WORK/body" 'aria-label="5 星">★★★★★<'
has "$WORK/body" '否决（无星级）'
has "$WORK/body" '下载打分表（Excel）'
req 200 GET "/ratings/ranking?year=2024" -b ej
hasnt "$WORK/body" "$O4" # 西城: outside 东城's scope
req 200 GET "/ratings/sheet?year=2024" -b ej
unzip -p "$WORK/body" xl/sharedStrings.xml >web.xml
has web.xml "$O1"
hasnt web.xml "$O4"
finish
