#!/bin/sh
# fgdj report work in the 公文 layout of GB/T 9704 (docs/report-template.md): the DOCX's fonts,
# sizes, margins, line grid, odd/even page numbers and 落款, read from its XML; the PDF's embedded
# fonts, page size and the positions of page numbers and 落款, read back by poppler; LibreOffice
# opens the DOCX and lays out the same page numbers; the charts, titled by what they show.
. "$(dirname "$0")/../lib.sh"

import_district d.db
"$FGDJ" init --name 临江区 --db d.db >/dev/null

# ---- DOCX ----
run 0 "$FGDJ" report work --db d.db --format docx -o r.docx
mkdir x && (cd x && unzip -q ../r.docx) || fail "unzip r.docx"

# Each paragraph style as "id eastAsia-font size-in-half-points bold" (python's own XML parser).
python3 - x/word/styles.xml >styles.txt <<'EOF'
import sys, xml.etree.ElementTree as ET
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
root = ET.parse(sys.argv[1]).getroot()
for st in root.iter(W + 'style'):
    rpr = st.find(W + 'rPr')
    if rpr is None:
        continue
    f = rpr.find(W + 'rFonts')
    sz = rpr.find(W + 'sz')
    sp = rpr.find(W + 'spacing')
    print(st.get(W + 'styleId'),
          f.get(W + 'eastAsia') if f is not None else '-',
          sz.get(W + 'val') if sz is not None else '-',
          'bold' if rpr.find(W + 'b') is not None else 'regular',
          'spacing=' + sp.get(W + 'val') if sp is not None else '')
EOF
# Title 方正小标宋简体 二号 = 22 pt = 44 half-points; body 仿宋_GB2312 三号 = 16 pt = 32, 28
# characters in the 156 mm = 442.2 pt text width: 16 − 0.25 pt each (−5 twentieths), 28 × 15.75
# = 441 pt; 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold, all 三号; page number 宋体 四号 = 14 pt = 28.
has styles.txt "Normal 仿宋_GB2312 32 regular spacing=-5"
has styles.txt "Title 方正小标宋简体 44 regular"
has styles.txt "Heading1 黑体 32 regular"
has styles.txt "Heading2 楷体_GB2312 32 regular"
has styles.txt "Heading3 仿宋_GB2312 32 bold"
has styles.txt "Footer 宋体 28 regular"
has x/word/fontTable.xml 'w:name="仿宋_GB2312"'
has x/word/fontTable.xml 'w:name="方正小标宋简体"'

# A4 (210 × 297 mm = 11906 × 16838 twips) with top 37, bottom 35, left 28, right 26 mm
# (× 1440 / 25.4: 2098, 1984, 1588, 1474 twips).
has x/word/document.xml '<w:pgSz w:w="11906" w:h="16838"/>'
has x/word/document.xml '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588"'
# 22 lines: the text height is 16838 − 2098 − 1984 = 12756 twips; 22 × 579 = 12738 fits,
# 23 × 579 = 13317 does not.
has x/word/document.xml '<w:docGrid w:type="lines" w:linePitch="579"/>'
has x/word/styles.xml 'w:line="579" w:lineRule="exact"'

# Page numbers: odd pages (default footer) right, even pages left, each one 四号 character
# (280 twips) in from the edge, "— PAGE —".
has x/word/settings.xml '<w:evenAndOddHeaders/>'
has x/word/document.xml '<w:footerReference w:type="default" r:id="rIdFtr"/>'
has x/word/document.xml '<w:footerReference w:type="even" r:id="rIdFtrEven"/>'
has x/word/_rels/document.xml.rels 'Id="rIdFtr" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"'
has x/word/_rels/document.xml.rels 'Id="rIdFtrEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"'
for f in footer1 footer2; do
	has x/word/$f.xml '<w:t xml:space="preserve">— </w:t>'
	has x/word/$f.xml '<w:instrText xml:space="preserve"> PAGE </w:instrText>'
	has x/word/$f.xml '<w:t xml:space="preserve"> —</w:t>'
done
has x/word/footer1.xml '<w:ind w:right="280"/><w:jc w:val="right"/>'
has x/word/footer2.xml '<w:ind w:left="280"/><w:jc w:val="left"/>'

# The 落款 by default: 中共 + the district's name + 委组织部, dated the as-of date. Without a seal
# (GB/T 9704 7.3.5.3) the issuer stands two characters from the right and the date starts two
# characters right of the issuer: issuer 9 characters = 18 half characters, date
# "2026年11月26日" = 8 digits (8 halves) + 3 characters (6 halves) = 14 halves, so the date's
# right indent is 4 + 18 − 14 − 4 = 4 halves = 2 characters, the same as the issuer's
# (rightChars 200 = 2 characters, 640 twips = 2 × 16 pt).
tr -d '\n' <x/word/document.xml | sed 's/<w:p>/\n<w:p>/g' | tail -3 >sign.xml
has sign.xml '<w:ind w:rightChars="200" w:right="640"/></w:pPr><w:r><w:t xml:space="preserve">中共临江区委组织部</w:t>'
has sign.xml '<w:ind w:rightChars="200" w:right="640"/></w:pPr><w:r><w:t xml:space="preserve">2026年11月26日</w:t>'

# From the settings; a date longer than the issuer keeps two characters from the right and
# pushes the issuer left: issuer "区委组织部" 10 halves, date 14 halves → issuer 14 − 10 + 8 =
# 12 halves = 6 characters (rightChars 600, 1920 twips).
"$FGDJ" settings report.issuer 区委组织部 --db d.db >/dev/null
"$FGDJ" settings report.date 2026-12-31 --db d.db >/dev/null
run 0 "$FGDJ" report work --db d.db --format docx -o s.docx
unzip -p s.docx word/document.xml | tr -d '\n' | sed 's/<w:p>/\n<w:p>/g' | tail -3 >sign2.xml
has sign2.xml '<w:ind w:rightChars="600" w:right="1920"/></w:pPr><w:r><w:t xml:space="preserve">区委组织部</w:t>'
has sign2.xml '<w:ind w:rightChars="200" w:right="640"/></w:pPr><w:r><w:t xml:space="preserve">2026年12月31日</w:t>'
run 0 "$FGDJ" report work --db d.db --format md
has out "区委组织部\\"
has out "2026年12月31日"
# A date that is none is refused when set, and, written into the database by other means, when
# the report is made.
run 2 "$FGDJ" settings report.date 2026-13-01 --db d.db
has err "report.date 的值“2026-13-01”应为日期，写作 2026-12-31（留空则用报告的统计截至日期）"
hasnt err "（0–0）"
sql d.db "UPDATE setting SET value = '2026-13-01' WHERE key = 'report.date'"
run 2 "$FGDJ" report work --db d.db --format md
has err "设置 report.date 的值“2026-13-01”不是日期"
"$FGDJ" settings report.date "" --db d.db >/dev/null
"$FGDJ" settings report.issuer "" --db d.db >/dev/null

# LibreOffice opens it and lays out the same page: A4, "— N —" at the outer edge.
mkdir -p lo && HOME="$WORK/lo" soffice --headless --convert-to pdf --outdir "$WORK/lo" r.docx >/dev/null 2>&1
if [ -s lo/r.pdf ]; then
	ok
	pdfinfo lo/r.pdf >lo/info.txt
	has lo/info.txt "(A4)"
	pdftotext -enc UTF-8 lo/r.pdf lo/r.txt
	has lo/r.txt "中共临江区委组织部"
	tr -d ' ' <lo/r.txt >lo/r1.txt # poppler drops the spaces around the number
	has lo/r1.txt "—2—"
	# x of the page number on pages 1 and 2 (the text runs from 79.4 to 521.6 pt)
	pdftotext -bbox -f 1 -l 2 lo/r.pdf lo/bbox.html
	python3 - lo/bbox.html >lo/num.txt <<'EOF'
import re, sys
page = 0
for line in open(sys.argv[1], encoding='utf-8'):
    if '<page ' in line:
        page += 1
    m = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">%d<' % page, line)
    if m:
        print(page, 'right' if float(m.group(1)) > 400 else 'left' if float(m.group(2)) < 200 else 'middle')
EOF
	has lo/num.txt "1 right"
	has lo/num.txt "2 left"
else
	fail "LibreOffice could not convert the DOCX"
fi

# ---- PDF ----
run 0 "$FGDJ" report work --db d.db --format pdf -o r.pdf
pdfinfo r.pdf >info.txt
has info.txt "(A4)"
pdffonts r.pdf >fonts.txt
# 宋/仿宋 body and 标宋 title: Noto Serif CJK SC (regular, bold); 楷体: AR PL KaitiM GB, whose
# PostScript name is GBZenKai-Medium; 黑体: Noto Sans CJK SC. All embedded (subsets).
grep -q 'NotoSerifCJKsc-Regular .* yes yes' fonts.txt && ok || { fail "Noto Serif CJK SC not embedded"; cat fonts.txt >&2; }
grep -q 'NotoSerifCJKsc-Bold .* yes yes' fonts.txt && ok || fail "Noto Serif CJK SC Bold (title) not embedded"
grep -q 'GBZenKai-Medium .* yes yes' fonts.txt && ok || fail "AR PL KaitiM GB not embedded"
grep -q 'NotoSansCJKsc-Regular .* yes yes' fonts.txt && ok || fail "Noto Sans CJK SC not embedded"
pdftotext -enc UTF-8 r.pdf r.txt
tr -d ' ' <r.txt >r1.txt # poppler drops the spaces around the number
has r1.txt "—1—"
has r1.txt "—2—"
has r.txt "中共临江区委组织部"
has r.txt "2026年11月26日"
# Page numbers: odd right, even left, their top 7 mm below the text (842 − 35 mm + 7 mm =
# 762.5 pt; the glyph box starts a little lower). A full line holds 28 characters.
pdftotext -bbox -f 1 -l 2 r.pdf bbox.html
python3 - bbox.html >num.txt <<'EOF'
import re, sys
page = 0
for line in open(sys.argv[1], encoding='utf-8'):
    if '<page ' in line:
        page += 1
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">%d<' % page, line)
    if m:
        side = 'right' if float(m.group(1)) > 400 else 'left' if float(m.group(3)) < 200 else 'middle'
        print(page, side, 'low' if 762 <= float(m.group(2)) <= 775 else 'misplaced')
EOF
has num.txt "1 right low"
has num.txt "2 left low"
# Sizes and positions from poppler's word boxes on page 1 (whatever the wording): the title,
# first on the page, is 22 pt (二号) a character; body lines that start at the left margin,
# 28 mm = 79.4 pt, and fill the line end at 210 − 26 = 184 mm = 521.6 pt; lines are 28.95 pt apart;
# a full line of Chinese characters (no half-width digits) holds 28 of them.
pdftotext -bbox -f 1 -l 1 r.pdf p1.html
python3 - p1.html >geom.txt <<'EOF2'
import re, sys
words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
    open(sys.argv[1], encoding='utf-8').read())]
x0, y0, x1, w = words[0]
print('title per character', round((x1 - x0) / len(w)))
left = sorted((y, x1) for x0, y, x1, w in words if abs(x0 - 79.37) < 0.1)
print('line ends', round(max(e for _, e in left), 1))
print('pitch', round(min(b[0] - a[0] for a, b in zip(left, left[1:])), 2))
full = {len(w) for x0, y, x1, w in words if abs(x0 - 79.37) < 0.1 and abs(x1 - 521.57) < 0.1 and w.isascii() is False
        and all(ord(ch) > 0x2000 for ch in w)}
print('full CJK lines of', sorted(full))
EOF2
has geom.txt "title per character 22"
has geom.txt "line ends 521.6"
has geom.txt "pitch 28.95"
has geom.txt "full CJK lines of [28]"

# ---- Charts ----
# Coverage make-up of the 7 三有 enterprises (fixture README): single E1 E9, joint E2 E3,
# affiliated E4, uncovered E5 E10.
run 0 "$FGDJ" report work --db d.db --format md
cp out r.md
has r.md "**“三有”企业组织覆盖构成（家）**"
has r.md "| 单独组建 | 2家 |"
has r.md "| 联合组建 | 2家 |"
has r.md "| 挂靠组建 | 1家 |"
has r.md "| 未覆盖 | 2家 |"
# Against 2025-11-26: E9's branch was founded 2026-06-01, so a year earlier E9 was uncovered:
# coverage 4/7 = 57.1%, single 1/7 = 14.3%, required single 1/3 = 33.3%, work 6/7 = 85.7%.
has r.md "**“三有”企业覆盖率与上年同期对比（%）**"
has r.md "| 组织覆盖率（2025年） | 57.1% |"
has r.md "| 组织覆盖率（2026年） | 71.4% |"
has r.md "| 单独组建率（2025年） | 14.3% |"
has r.md "| 应建尽建率（2025年） | 33.3% |"
has r.md "| 工作覆盖率（2025年） | 85.7% |"
has r.md "| 工作覆盖率（2026年） | 100.0% |"
# By street; in md the streets table next to it already lists each street's rate.
hasnt r.md "各街道“三有”企业组织覆盖率"
has r.md "| 东城街道 | 6 | 4 | 3 | 2 | 75.0% | 50.0% |"
run 0 "$FGDJ" report work --db d.db --format html -o r.html
has r.html "<title>各街道“三有”企业组织覆盖率（%）</title>"
# The year-on-year chart's four earlier bars are grey, the other bars red: 4 make-up + 4 now +
# 2 streets.
eq "$(grep -o 'fill="#9E9E9E"' r.html | wc -l)" 4 "grey bars (a year earlier)"
eq "$(grep -o 'fill="#C5262B"' r.html | wc -l)" 10 "red bars"
# A street's report charts its communities: 和平 E3 covered (1/1), 幸福 E1 E2 of E1 E2 E10 (2/3).
# In md the communities' table next to it already lists each community's rate (webfig_report.sh).
run 0 "$FGDJ" report work --db d.db --format md --region 东城街道
cp out st.md
hasnt st.md "**各社区“三有”企业组织覆盖率（%）**"
has st.md "| 和平社区 | 2 | 1 | 1 | 1 | 100.0% |"
has st.md "| 幸福社区 | 4 | 3 | 2 | 2 | 66.7% |"
hasnt st.md "各街道“三有”"
run 0 "$FGDJ" report work --db d.db --format docx --region 东城街道 -o st.docx
unzip -p st.docx word/document.xml >st.xml
has st.xml "各社区“三有”企业组织覆盖率（%）"
run 0 "$FGDJ" report work --db d.db --format pdf --region 东城街道 -o st.pdf
pdftotext -enc UTF-8 st.pdf st.txt
has st.txt "各社区“三有”企业组织覆盖率（%）"
# A community's report has one place: no chart of one bar.
run 0 "$FGDJ" report work --db d.db --format md --region 光明社区
hasnt out "组织覆盖率（%）**"

finish
