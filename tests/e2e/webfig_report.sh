#!/bin/sh
# The work report of a street or a community speaks of that region in every sentence (issue 11,
# point 6): the statistics table lists the street's communities, not a row named after the street
# holding the community's figures (none for one community); a zone or building that reaches beyond
# the region is counted for the region's part and says so (有本街道企业…); a campaign of the whole
# district says how far the region's own enterprises are (本社区已完成…); a community named by its
# path reads as one name. Figures by hand from tests/fixtures/district, plan and campaigns (their
# README files).
. "$(dirname "$0")/../lib.sh"

DB=d.db
import_district $DB
"$FGDJ" init --name 临江区 --db $DB >/dev/null
run 0 "$FGDJ" import enterprises "$FIX/plan/enterprises.csv" --new-places --db $DB
run 0 "$FGDJ" import members "$FIX/plan/members.csv" --db $DB
run 0 "$FGDJ" import campaigns "$FIX/campaigns/campaigns.csv" --db $DB
run 0 "$FGDJ" import tasks "$FIX/campaigns/tasks.csv" --db $DB

report() { # FILE [REGION]
	f=$1
	shift
	if [ $# -gt 0 ]; then run 0 "$FGDJ" report work --db $DB --format md --region "$1" -o "$f"
	else run 0 "$FGDJ" report work --db $DB --format md -o "$f"; fi
}

# 西城街道: 国贸大厦 (a building) holds E4 of 光明, covered by the community's branch; the district's
# 全区排查 has two tasks in 西城 (D done 10-20, E in progress)
report w.md 西城街道
has w.md "统筹区域内企业的党建工作：1栋商务楼宇入驻本街道企业1家，覆盖楼宇企业的党组织1个。"
has w.md "对全区非公企业开展“全区排查”"
has w.md "截至2026年11月26日，本街道已完成1家企业的排查（共2家，完成率50.0%），1家企业排查出需要核实处理的情况。"
# 西城 has one community (光明): a table would be one row repeating the text
hasnt w.md "| 街道 |"
hasnt w.md "| 社区 |"
hasnt w.md "| 西城街道 |"

# 光明社区 by its path: one name in the title and the sentences; no table of one row
report g.md 西城街道/光明社区
has g.md "# 西城街道光明社区非公有制企业党建工作情况报告"
has g.md "2026年，西城街道光明社区围绕"
hasnt g.md "西城街道/光明社区"
has g.md "1栋商务楼宇入驻本社区企业1家"
has g.md "截至2026年11月26日，本社区已完成1家企业的排查（共2家，完成率50.0%）"
hasnt g.md "| 街道 |"
hasnt g.md "| 社区 |"
hasnt g.md "| 西城街道 |"

# 南城街道: its two communities in the table (南湖 P1, 南山 P2–P7); 滨江园 holds P1
report s.md 南城街道
has s.md "| 社区 | 企业 | “三有”企业 | 已覆盖 | 党组织 | 组织覆盖率 | 应建尽建率 |"
has s.md "| 南湖社区 | 1 | 1 | 0 | 0 | 0.0% | 0.0% |"
has s.md "| 南山社区 | 6 | 6 | 0 | 0 | 0.0% | — |"
hasnt s.md "| 南城街道 |"
has s.md "滨江园（园区）有本街道企业1家、党组织0个"

# the district: unchanged in kind — its streets, its zones whole, its campaign's partners as a list
report dist.md
has dist.md "| 街道 | 企业 | “三有”企业 |"
has dist.md "| 南城街道 | 7 |"
has dist.md "北湖园（园区）有企业2家"
hasnt dist.md "本街道"
has dist.md "由区委组织部牵头，会同区市场监管局、东城街道办事处，于2026年3月1日至2026年6月30日对东城街道非公企业开展“东城排查”"
has dist.md "截至2026年11月26日，已完成2家企业的排查（共4家，完成率50.0%）"
finish
