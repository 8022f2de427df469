#!/bin/sh
# fgdj report: the work report in four formats, read back by independent tools (LibreOffice,
# pdftotext, pdffonts) and checked for the hand-worked figures of the district; templates;
# the statistics workbook; fgdj plan joint.
. "$(dirname "$0")/../lib.sh"

import_district d.db
"$FGDJ" init --name 临江区 --db d.db >/dev/null

# Markdown: the seed's outline, every figure of the coverage sentence from the data.
run 0 "$FGDJ" report work --db d.db --format md
cp out r.md
has r.md "# 临江区非公有制企业党建工作情况报告"
has r.md "## 一、主要做法"
has r.md "## 二、存在问题"
has r.md "## 三、下步工作打算"
has r.md "全区纳入台账的非公企业10家"
# 新建材料's branch was founded on 2026-06-01: a year earlier there were 4 (orgs.csv 成立日期).
has r.md "已建党组织5个（比上年同期增加1个），其中单独建3个、联合建1个、挂靠建1个"
has r.md "派驻党建指导员2名"
has r.md "组织覆盖率71.4%"
has r.md "应建尽建率66.7%"
has r.md "工作覆盖率100.0%"
has r.md "设有中共临江区非公有制企业委员会"
has r.md "完整率85.7%"
has r.md "正式党员21名（与上年同期持平）、预备党员1名"
# Problems come from the findings, and the plans answer them.
# The uncovered (E5, E10) by make-up; 和平物流 (3 formal members, covered jointly) is not among them.
has r.md "“三有”企业中尚有2家未被党组织覆盖，其中1家有1至2名正式党员、1家还没有正式党员。"
has r.md "另有1家企业已有3名以上正式党员，仍由联合建或挂靠建的党组织覆盖"
has r.md "对2家尚未覆盖的“三有”企业逐户制定组建方案：1家党员不足3名的企业就近并入现有的联合党支部；1家暂无正式党员的企业由党建指导员开展工作（已派驻1家）"
has r.md "3个党组织届期已满尚未换届"
has r.md "有1名党员的组织关系没有落地"
has r.md "督促3个届期已满的党组织按期换届"
# …and a problem that is absent is not written: no enterprise is covered twice.
hasnt r.md "隶属关系不清"
# The table of coverage by street; the chart of the same rates is not repeated beside it in md.
hasnt r.md "| 东城街道 | 75.0% |"
has r.md "| 西城街道 | 4 | 3 | 2 | 3 | 66.7% | 100.0% |"

# A region report.
run 0 "$FGDJ" report work --db d.db --format md --region 西城街道
has out "# 西城街道非公有制企业党建工作情况报告"
has out "本街道纳入台账的非公企业4家"
has out "西城街道下辖1个社区（光明社区）"
hasnt out "全区"

# A past date: before the new materials company's branch existed.
run 0 "$FGDJ" report work --db d.db --format md --as-of 2026-01-01
has out "统计截至 2026年1月1日"
has out "已建党组织4个"

# HTML: a complete page with the chart as SVG, text escaped.
run 0 "$FGDJ" report work --db d.db --format html -o r.html
has r.html "<svg"
has r.html "东城街道"
has r.html "71.4%"

# DOCX, read back by LibreOffice.
run 0 "$FGDJ" report work --db d.db --format docx -o r.docx
mkdir -p lo && HOME="$WORK/lo" soffice --headless --convert-to txt:Text --outdir "$WORK/lo" r.docx >/dev/null 2>&1
if [ -s lo/r.txt ]; then
	ok
	has lo/r.txt "临江区非公有制企业党建工作情况报告"
	has lo/r.txt "已建党组织5个（比上年同期增加1个），其中单独建3个、联合建1个、挂靠建1个"
	has lo/r.txt "应建尽建率66.7%"
	has lo/r.txt "西城街道"
else
	fail "LibreOffice could not open the DOCX"
fi
unzip -l r.docx | grep -q 'word/media/.*png' && ok || fail "DOCX has no chart image"

# PDF, read back by poppler: the figures are there and the CJK font is embedded.
run 0 "$FGDJ" report work --db d.db --format pdf -o r.pdf
pdftotext -enc UTF-8 r.pdf r.txt
tr -d ' \n' <r.txt >r1.txt
has r1.txt "临江区非公有制企业党建工作情况报告"
has r1.txt "组织覆盖率71.4%"
has r1.txt "应建尽建率66.7%"
pdffonts r.pdf >fonts.txt
grep -q 'CJK.* yes ' fonts.txt && ok || { fail "CJK font not embedded"; cat fonts.txt >&2; }

# A user's template: placeholders, conditions and lists; errors name the line.
"$FGDJ" report template -o my.md
has my.md "{{org_coverage_rate}}"
printf '# {{region}}简报\n\n覆盖率{{org_coverage_rate}}{{#if need_single}}，应建未建{{need_single}}家{{/if}}。\n{{#each streets}}{{.name}}{{.coverage}}{{#unless @last}}、{{/unless}}{{/each}}\n' >brief.md
run 0 "$FGDJ" report work --db d.db --format md --template brief.md
has out "# 临江区简报"
has out "覆盖率71.4%，应建未建1家。"
has out "东城街道75.0%、西城街道66.7%"
printf '# 标题\n\n{{no_such_figure}}\n' >bad.md
run 2 "$FGDJ" report work --db d.db --format md --template bad.md
has err "模板第 3 行：未知的占位符 {{no_such_figure}}"
run 0 "$FGDJ" report vars --db d.db
has out "{{orgs_total}}	5"
has out "{{#each streets}}"

# The statistics workbook: a sheet per breakdown.
run 0 "$FGDJ" report stats --db d.db -o s.xlsx
[ -s s.xlsx ] && ok || fail "stats workbook"
unzip -p s.xlsx xl/workbook.xml >wb.xml
for sheet in 按街道 按社区 按区域; do has wb.xml "$sheet"; done

# Joint-branch plan: E10 is the only uncovered counted one with 1–2 members; the joint branch of
# 东城街道 (E2, E3: two units, room for three) takes it, so nothing is left to 挂靠建.
run 0 "$FGDJ" plan joint --db d.db --format json
has out '"candidates": 1'
has out '"affiliated": 0'
has out '"joined_existing": 1'
has out "未建商贸有限公司"

# Usage errors.
run 2 "$FGDJ" report work --db d.db
has err "--format"
run 2 "$FGDJ" report work --db d.db --format docx
has err "-o FILE"

finish
