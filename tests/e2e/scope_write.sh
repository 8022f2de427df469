#!/bin/sh
# The write rule of the one scope module (store/scope.h), as the attacks it stops. Each refused
# attempt leaves the database unchanged (dbsum); the same row by a user whose territory holds it
# goes through. Forms, API and web import share the check (store_put, in the write transaction).
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

E3=91330106MA2000342T # 和平物流, 东城/和平
DB=d.db
import_district $DB
add_user hp community 东城街道/和平社区
add_user dc street 东城街道
add_user sec secretary 小微设计工作室党支部
start_server $DB
api_login hp hj
HP=$CSRF
api_login dc dj
DC=$CSRF
api_login sec sj
SEC=$CSRF
ORG_HEAD=$(head -1 "$FIX/district/orgs.csv")
MEM_HEAD=$(head -1 "$FIX/district/members.csv")
INS_HEAD=$(head -1 "$FIX/district/instructors.csv")

# 1. a member employed in 和平 but lodged in 西城's 光明 branch, which the 和平 user cannot see
printf '%s\n%s\n' "$MEM_HEAD" "和平新员,330106199001010018,正式党员,2020-07-01,2021-07-01,$E3,光明社区非公企业联合党支部,正常,是," >m.csv
SUM=$(dbsum $DB)
req 422 POST /import -b hj -F "csrf=$HP" -F kind=members -F "file=@m.csv"
has "$WORK/body" "党组织“光明社区非公企业联合党支部”不在党组织台账中，或不在您的工作范围内"
eq "$(dbsum $DB)" "$SUM" "member lodged outside: nothing written"
BODY="{\"name\":\"和平新员\",\"idno\":\"330106199001010018\",\"status\":\"正式党员\",\"join_date\":\"2020-07-01\",\"full_date\":\"2021-07-01\",\"employer\":\"$E3\",\"org\":\"光明社区非公企业联合党支部\"}"
eq "$(json -b hj -H "X-CSRF-Token: $HP" -d "$BODY" "$URL/api/v1/members")" 422 "the API refuses the same member"
eq "$(dbsum $DB)" "$SUM" "API: nothing written"

# 2. an instructor sent by 东城街道 (a street) imported by the 和平 community
printf '%s\n%s\n' "$INS_HEAD" "赵指导,东城街道,13800000009,$E3,2026-01-01" >i.csv
req 422 POST /import -b hj -F "csrf=$HP" -F kind=instructors -F "file=@i.csv"
has "$WORK/body" "派出单位“东城街道”不在您的工作范围内"
eq "$(dbsum $DB)" "$SUM" "instructor of the street: nothing written"
# …the street itself may
req 200 POST /import -b dj -F "csrf=$DC" -F kind=instructors -F "file=@i.csv"
has "$WORK/body" "检查通过"

# 3. a secretary moves its organisation to another street, re-parents it, widens its coverage
SEC_ORG=$(sql $DB "SELECT id FROM org WHERE name = '小微设计工作室党支部'")
eq "$(json -X PUT -b sj -H "X-CSRF-Token: $SEC" -d '{"street":"东城街道","community":"和平社区"}' "$URL/api/v1/orgs/$SEC_ORG")" 422 "secretary moving the organisation"
has "$WORK/body" "党组织书记不能更改本组织所在的街道、社区和区域"
eq "$(json -X PUT -b sj -H "X-CSRF-Token: $SEC" -d "{\"covers\":[\"91330106MA2000553A\",\"$E3\"]}" "$URL/api/v1/orgs/$SEC_ORG")" 422 "secretary widening coverage"
has "$WORK/body" "党组织书记不能为本组织增加覆盖企业"
eq "$(dbsum $DB)" "$SUM" "secretary: nothing written"
eq "$(json -X PUT -b sj -H "X-CSRF-Token: $SEC" -d '{"secretary":"新书记"}' "$URL/api/v1/orgs/$SEC_ORG")" 200 "secretary edits its own organisation"

# 4. a row outside the territory is refused even when the file would not change it
grep '^张一,' "$FIX/district/members.csv" >z.csv
printf '%s\n%s\n' "$MEM_HEAD" "$(cat z.csv)" >z.csv
SUM=$(dbsum $DB)
req 422 POST /import -b hj -F "csrf=$HP" -F kind=members -F "file=@z.csv"
has "$WORK/body" "这名党员登记在其他地区，不在您的工作范围内"
eq "$(dbsum $DB)" "$SUM" "unchanged row of another community: refused, nothing written"

# 5. the history of a row in scope does not name enterprises outside it
JOINT=$(sql $DB "SELECT id FROM org WHERE name = '东城街道幸福和平联合党支部'")
req 200 GET "/orgs/$JOINT" -b hj
has "$WORK/body" "另有 1 家您工作范围以外的企业"
hasnt "$WORK/body" "91330106MA20002702"
req 200 GET "/orgs/$JOINT" -b dj
has "$WORK/body" "91330106MA20002702"
# 6. party-work records belong to what they name: a meeting of 西城's branch is not the 和平 user's
MT_HEAD=$(head -1 "$FIX/party/meetings.csv")
printf '%s\n%s\n' "$MT_HEAD" "光明社区非公企业联合党支部,主题党日,2026-05-08,学习交流,集中,2,,," >mt.csv
SUM=$(dbsum $DB)
req 422 POST /import -b hj -F "csrf=$HP" -F kind=meetings -F "file=@mt.csv"
has "$WORK/body" "党组织名称“光明社区非公企业联合党支部”不在您的工作范围内"
eq "$(dbsum $DB)" "$SUM" "meeting of another territory: nothing written"
# …the joint branch that covers a 和平 enterprise is one the 和平 user reads and may record for
printf '%s\n%s\n' "$MT_HEAD" "东城街道幸福和平联合党支部,主题党日,2026-05-08,学习交流,集中,2,,," >mt2.csv
req 200 POST /import -b hj -F "csrf=$HP" -F kind=meetings -F "file=@mt2.csv"
has "$WORK/body" "检查通过"
# a secretary records its own organisation's meetings only
req 403 POST /import -b sj -F "csrf=$SEC" -F kind=meetings -F "file=@mt2.csv"

finish
