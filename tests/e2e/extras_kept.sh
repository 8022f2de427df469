#!/bin/sh
# The list rows' extras kept on write (schema v26, store/extras.c): after every kind of write —
# import, plan adoption (CLI), API edits (an organisation's mode and coverage, a member's move), a
# web form, closing and reopening an enterprise, an organisation and an instructor, transfers, the
# v26 migration of an older database — each kept value equals its recomputation by an
# independent query here (the coverage rule written out in plain SQL: 单独建 over 联合建 over
# 挂靠建 among the links active on the day); a state kept on one day and read on a later one
# outside the days it holds for is computed by the list instead; and the pages show the kept values.
. "$(dirname "$0")/../lib.sh"
. "$HERE/web_lib.sh"
need_curl

DB=d.db
# wrong D: the kept rows that disagree with the recomputation on day D (or are missing, or are
# left over), and the enterprises whose kept state does not hold on D, as "ent/org/ins/stale".
wrong() {
	sql $DB "
WITH want AS (SELECT e.id, CASE WHEN sum(CASE WHEN o.mode = '单独建' THEN 1 ELSE 0 END) > 0 THEN 1 WHEN sum(CASE WHEN o.mode = '联合建' THEN 1 ELSE 0 END) > 0 THEN 2
  WHEN sum(CASE WHEN o.mode = '挂靠建' THEN 1 ELSE 0 END) > 0 THEN 3 ELSE 0 END AS cov FROM enterprise e
  LEFT JOIN coverage cv ON cv.enterprise_id = e.id AND cv.start_date <= '$1' AND (cv.end_date IS NULL OR cv.end_date > '$1')
  LEFT JOIN org o ON o.id = cv.org_id AND o.founded <= '$1' GROUP BY e.id),
 held AS (SELECT x.* FROM ent_extra x WHERE (x.cov_from IS NULL OR x.cov_from <= '$1') AND (x.cov_until IS NULL OR '$1' < x.cov_until)),
 owant AS (SELECT o.id, (SELECT group_concat(u, '；') FROM (SELECT e.uscc AS u FROM coverage cv JOIN enterprise e ON e.id = cv.enterprise_id
   WHERE cv.org_id = o.id AND cv.end_date IS NULL ORDER BY e.uscc) q) AS covers,
   (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.relation <> '停止党籍' AND m.closed IS NULL) AS members FROM org o),
 iwant AS (SELECT i.id, (SELECT group_concat(u, '；') FROM (SELECT e.uscc AS u FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id
   WHERE a.instructor_id = i.id AND a.end_date IS NULL ORDER BY e.uscc) q) AS covers FROM instructor i)
SELECT ((SELECT count(*) FROM want w JOIN held x ON x.enterprise_id = w.id WHERE x.cov IS DISTINCT FROM w.cov)
  + (SELECT count(*) FROM want w WHERE w.id NOT IN (SELECT enterprise_id FROM ent_extra))
  + (SELECT count(*) FROM ent_extra WHERE enterprise_id NOT IN (SELECT id FROM enterprise)))
 || '/' || ((SELECT count(*) FROM owant w LEFT JOIN org_extra x ON x.org_id = w.id
     WHERE x.org_id IS NULL OR x.covers IS DISTINCT FROM w.covers OR x.members IS DISTINCT FROM w.members)
  + (SELECT count(*) FROM org_extra WHERE org_id NOT IN (SELECT id FROM org)))
 || '/' || ((SELECT count(*) FROM iwant w LEFT JOIN ins_extra x ON x.instructor_id = w.id
     WHERE x.instructor_id IS NULL OR x.covers IS DISTINCT FROM w.covers)
  + (SELECT count(*) FROM ins_extra WHERE instructor_id NOT IN (SELECT id FROM instructor)))
 || '/' || ((SELECT count(*) FROM ent_extra) - (SELECT count(*) FROM held))"
}
# kept WHAT [STALE]: nothing wrong today, STALE (0) enterprises kept for other days.
kept() { eq "$(wrong "$FGDJ_TODAY")" "0/0/0/${2:-0}" "kept = recomputed after $1"; }
ocov() { sql $DB "SELECT coalesce(x.covers, '') || '|' || x.members FROM org_extra x JOIN org o ON o.id = x.org_id WHERE o.name = '$1'"; }
ecov() { sql $DB "SELECT x.cov FROM ent_extra x JOIN enterprise e ON e.id = x.enterprise_id WHERE e.uscc = '$1'"; }

# ---- import: the hand-made district, then the plan's enterprises and members ----
import_district $DB
kept "import"
eq "$(sql $DB "SELECT (SELECT count(*) FROM ent_extra) || '/' || (SELECT count(*) FROM org_extra) || '/' || (SELECT count(*) FROM ins_extra)")" \
	"$(sql $DB "SELECT (SELECT count(*) FROM enterprise) || '/' || (SELECT count(*) FROM org) || '/' || (SELECT count(*) FROM instructor)")" "one kept row per item"
J=东城街道幸福和平联合党支部 # 联合建, covering E2 and E3 (tests/fixtures/district/orgs.csv)
E2=91330106MA20002702
E3=91330106MA2000342T
eq "$(ocov $J)" "$E2；$E3|$(sql $DB "SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id WHERE o.name = '$J' AND m.relation <> '停止党籍'")" "the joint branch's coverage and members"
eq "$(ecov $E2)" 2 "E2 is 联合建"
"$FGDJ" import enterprises "$FIX/plan/enterprises.csv" --new-places --db $DB >/dev/null || fail "import plan enterprises"
"$FGDJ" import members "$FIX/plan/members.csv" --db $DB >/dev/null || fail "import plan members"
cat >orgs.csv <<'CSV'
党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期
中共南城街道工作委员会,党委,上级机关,中共临江区非公有制企业委员会,,南城街道,,,2020-01-01
南山社区第六联合党支部,党支部,联合建,中共南城街道工作委员会,91330106MA3000010N,南城街道,南山社区,,2020-01-01
CSV
"$FGDJ" import orgs orgs.csv --db $DB >/dev/null || fail "import orgs"
kept "the plan's import"

# ---- plan adoption (the command line): a new joint branch and its coverage ----
run 0 "$FGDJ" plan adopt 1 --db $DB --confirm
G1="91330106MA3000029K；91330106MA30000459；91330106MA3000061Y"
eq "$(ocov 南山社区第七联合党支部)" "$G1|0" "the adopted branch's coverage, kept"
eq "$(ecov 91330106MA3000029K)" 2 "P2 联合建 now"
kept "plan adopt"

# ---- transfers: completed 转入 / 转出 move members between organisations ----
run 0 "$FGDJ" import transfers "$FIX/transfers/transfers.csv" --db $DB
kept "transfers"

# ---- closing and reopening (the command line) ----
run 0 "$FGDJ" close enterprise $E2 --date 2026-11-20 --reason 注销 --db $DB
eq "$(ocov $J)" "$E3|$(sql $DB "SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id WHERE o.name = '$J' AND m.relation <> '停止党籍' AND m.closed IS NULL")" "closing E2 ends its coverage"
eq "$(ecov $E2)" 0 "E2 未覆盖 after closing"
kept "close enterprise"
run 0 "$FGDJ" reopen enterprise $E2 --db $DB
kept "reopen enterprise"
I1=$(sql $DB "SELECT name FROM instructor ORDER BY id LIMIT 1")
IU=$(sql $DB "SELECT unit FROM instructor ORDER BY id LIMIT 1")
run 0 "$FGDJ" close instructor "$I1/$IU" --date 2026-11-20 --reason 调离 --db $DB
kept "close instructor"
eq "$(sql $DB "SELECT x.covers IS NULL FROM ins_extra x JOIN instructor i ON i.id = x.instructor_id WHERE i.name = '$I1'")" 1 "a closed instructor assigns none"
run 0 "$FGDJ" reopen instructor "$I1/$IU" --db $DB
kept "reopen instructor"
run 0 "$FGDJ" close org 南山社区第七联合党支部 --date 2026-11-26 --reason 组织调整 --db $DB
eq "$(ocov 南山社区第七联合党支部)" "|0" "a closed organisation covers none"
eq "$(ecov 91330106MA3000029K)" 0 "P2 未覆盖 again"
kept "close org"
run 0 "$FGDJ" reopen org 南山社区第七联合党支部 --db $DB
kept "reopen org"

# ---- the API and a web form ----
add_user boss admin
start_server $DB
api_login boss bj
# The joint branch becomes 单独建: the state of the enterprises it covers follows.
st=$(json -X PUT -b bj -H "X-CSRF-Token: $CSRF" -d '{"mode":"单独建"}' "$URL/api/v1/orgs/$J")
eq "$st" 200 "PUT mode"
eq "$(ecov $E3)" 1 "E3 单独建 after the mode changed"
kept "the API's mode change"
# Its coverage: E2 back, E3 left.
st=$(json -X PUT -b bj -H "X-CSRF-Token: $CSRF" -d "{\"covers\":\"$E2\"}" "$URL/api/v1/orgs/$J")
eq "$st" 200 "PUT covers"
eq "$(ocov $J | cut -d'|' -f1)" "$E2" "the coverage kept"
kept "the API's coverage change"
# A member moves to the joint branch: both organisations' counts.
M=$(sql $DB "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.name <> '$J' AND m.closed IS NULL AND m.relation = '正常' ORDER BY m.id LIMIT 1")
st=$(json -X PUT -b bj -H "X-CSRF-Token: $CSRF" -d "{\"org\":\"$J\"}" "$URL/api/v1/members/$M")
eq "$st" 200 "PUT member org"
kept "a member's move"
# The web form closes the instructor again.
IID=$(sql $DB "SELECT id FROM instructor WHERE name = '$I1'")
TOK=$(curl -s -b bj "$URL/instructors/$IID/close" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
req 303 POST "/instructors/$IID/close" -b bj --data-urlencode "csrf=$TOK" --data-urlencode closed=2026-11-26 --data-urlencode closed_reason=调离
kept "the web form's close"
# The pages show the kept values: the organisation's row in the API and the enterprise's state.
req 200 GET "/api/v1/orgs?limit=500" -b bj
has "$WORK/body" "\"covers\":[\"$E2\"]"
stop_server

# ---- a state kept on one day, read on a later one ----
# Written on 2026-11-25, P4 gets a 挂靠建 link (from the branch's founding, 2020-01-01); the adopted
# 联合建 branch was founded on 2026-11-26, so the state holds until then (3) and from then on is
# 联合建 (2).
P4=91330106MA30000459
printf '党组织名称,组织类别,组建方式,上级党组织,覆盖企业,所属街道,所属社区,所属区域,成立日期\n南城挂靠党支部,党支部,挂靠建,中共南城街道工作委员会,%s,南城街道,南山社区,,2020-01-01\n' $P4 >late.csv
FGDJ_TODAY=2026-11-25 "$FGDJ" import orgs late.csv --db $DB >/dev/null || fail "import on the 25th"
eq "$(sql $DB "SELECT x.cov || ' ' || coalesce(x.cov_from, '-') || ' ' || x.cov_until FROM ent_extra x JOIN enterprise e ON e.id = x.enterprise_id WHERE e.uscc = '$P4'")" \
	"3 2020-01-01 2026-11-26" "kept on the 25th: 挂靠建 until the 26th"
eq "$(wrong 2026-11-25)" "0/0/0/$(sql $DB "SELECT count(*) FROM ent_extra WHERE cov_until <= '2026-11-25' OR cov_from > '2026-11-25'")" "right on the 25th"
kept "a write of the day before" 1
start_server $DB
api_login boss bj
req 200 GET "/api/v1/enterprises/$P4" -b bj
has "$WORK/body" '"coverage":"联合建"'
req 200 GET "/enterprises?q=$P4" -b bj
has "$WORK/body" '联合建'
stop_server

# ---- the v26 migration fills the extras of an older database ----
if sqlite_only "v25 的文件：从旧版结构的 SQLite 文件升级（PostgreSQL 上不做结构升级）"; then
sqlite3 $DB "DROP TABLE ent_extra; DROP TABLE org_extra; DROP TABLE ins_extra; PRAGMA user_version = 25"
run 0 "$FGDJ" stats --db $DB --format json
"$FGDJ" init --name 临江区 --db fresh.db >/dev/null || fail "init"
eq "$(sql $DB 'PRAGMA user_version')" "$(sql fresh.db 'PRAGMA user_version')" "migrated to the latest"
kept "the migration"
fi
finish
