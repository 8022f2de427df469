#!/bin/sh
# fgdj check: the four party-work findings (life_missing, study_short, visit_missing,
# secretary_missing) on the hand-made records of tests/fixtures/party-figures, each with its
# basis and figures; a district that keeps no such records is not flooded with them.
. "$(dirname "$0")/../lib.sh"

import_district d.db
# Before any party-work record: none of the four (every organisation would otherwise "miss" every
# month, every member every hour, and have no secretary).
run 1 "$FGDJ" check --db d.db --format json
has out '"life_missing": 0'
has out '"study_short": 0'
has out '"visit_missing": 0'
has out '"secretary_missing": 0'

for k in meetings study secretaries visits trainings trainees; do
	"$FGDJ" import "$k" "$FIX/party-figures/$k.csv" --db d.db >/dev/null 2>err || { fail "import $k"; cat err >&2; }
done

run 1 "$FGDJ" check --db d.db --format json
has out '"life_missing": 45'
has out '"study_short": 21'
has out '"visit_missing": 3'
has out '"secretary_missing": 1'
run 1 "$FGDJ" check --db d.db --format json --as-of 2026-06-30
has out '"life_missing": 21'
has out '"study_short": 19'
has out '"visit_missing": 1'
has out '"secretary_missing": 2'
run 1 "$FGDJ" check --db d.db --format json --as-of 2026-03-31
has out '"life_missing": 6'
has out '"visit_missing": 0'

run 1 "$FGDJ" check --db d.db
# One finding per kind and period, in the order they fell due; the running month is not one.
has out "【组织生活未按期开展】45 条"
has out "依据：《中国共产党支部工作条例（试行）》"
has out "东城街道幸福和平联合党支部：2026年4月主题党日未开展：应每月至少 1 次，实际 0 次"
has out "东城街道幸福和平联合党支部：2026年第3季度支部党员大会未开展"
has out "新建材料有限公司党支部：2026年7月主题党日未开展"
hasnt out "2026年11月主题党日未开展"
hasnt out "新建材料有限公司党支部：2026年第2季度"
hasnt out "中共临江区非公有制企业委员会：2026"
hasnt out "中共临江智造科技有限公司支部委员会：2026"
# Members masked, with hours and the prorated requirement (a secretary's is the cadre's).
has out "张一（330106********0035）：本年度学习 40 学时，截至 2026-11-26 应学 50 学时（党组织书记每年 56 学时"
has out "周一（330106********0292）：本年度学习 7.5 学时，截至 2026-11-26 应学 28 学时（党员每年 32 学时"
hasnt out "赵一（330106********0237）：本年度"
has out "李指导（东城街道）：2026年第2季度未走访联系企业未建商贸有限公司（91330106MA2000836J）：应每季度至少 1 次，实际 0 次"
has out "王指导（光明社区）：2026年第3季度未走访联系企业光明电子有限公司"
hasnt out "王指导（光明社区）：2026年第2季度"
has out "光明社区非公企业联合党支部：书记台账中 2026-11-26 没有在任书记的记录"
hasnt out "新建材料有限公司党支部：书记台账"
# A street sees its own.
run 1 "$FGDJ" check --db d.db --format json --region 东城街道
has out '"life_missing": 11'
has out '"secretary_missing": 0'
has out '"visit_missing": 2'

# The web's findings page and the statistics API are fed by the same functions.
. "$HERE/web_lib.sh"
need_curl
DB=d.db
add_user xc street 西城街道
start_server $DB
api_login xc xj
req 200 GET /findings -b xj
has "$WORK/body" "组织生活未按期开展（34 条）"
has "$WORK/body" "党组织没有在任书记（1 条）"
has "$WORK/body" "依据：本地做法：党建指导员每季度至少走访联系企业"
hasnt "$WORK/body" "东城街道幸福和平联合党支部"
req 200 GET /api/v1/stats -b xj
has "$WORK/body" '"life_orgs_checked": 3'
has "$WORK/body" '"secretaries_total": 2'
finish
