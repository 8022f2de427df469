#!/bin/sh
# Schema upgrades on PostgreSQL: the migrations after PG_FIRST_VERSION (32) upgrade a PostgreSQL
# database as they upgrade an SQLite file. A database is set back to v32 by undoing v33 (the sort
# keys of regions, zones, instructors and campaigns) by hand; `fgdj migrate` then upgrades it,
# records it in the history, and leaves the same tables, columns and indexes as a new database,
# with every key equal to the one the writers store; `fgdj` on a database older than v32 or newer
# than itself refuses and writes nothing. The lists sort by the keys in pinyin order with numbers
# by value (第二 before 第十), on both backends alike. Then v36 alone (the districts of dues and
# meetings): set back to v35 by hand (its columns and triggers gone, v35's trigger as it was) and
# upgraded again, the same shape, every record's district the SQLite file's; v37 alone (the
# districts of study and development records) the same way from v36; and v38 alone (the districts
# of transfers and visits, the visits' index by enterprise) from v37.
[ -n "${FGDJ_TEST_PG:-}" ] || exec sh "$(dirname "$0")/../pg.sh" sh "$0" "$@"
. "$(dirname "$0")/../lib.sh"

U() { printf '%s' "$FGDJ_TEST_PG" | sed "s|/postgres?|/$1?|"; }
psql_() { db=$1; shift; psql "$(U "$db")" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
psql_ postgres -c "CREATE DATABASE up1" -c "CREATE DATABASE fresh"
PG=$(U up1)
FRESH=$(U fresh)
LATEST=$(schema_latest)

# The district, with places whose names sort by their numbers, on both backends.
import_district s.db
for db in s.db "$PG"; do
	"$FGDJ" import enterprises "$FIX/district/enterprises.csv" --new-places --db "$db" >/dev/null || fail "import enterprises ($db)"
	for k in orgs members instructors; do
		"$FGDJ" import "$k" "$FIX/district/$k.csv" --db "$db" >/dev/null || fail "import $k ($db)"
	done
done
# Dues of every member for a month, a meeting of every organisation, a study record of every member;
# the development records of tests/fixtures/development.
{ echo '公民身份号码,姓名,月份,税后工资,是否离退休,应缴,实缴,缴纳日期'
	tail -n +2 "$FIX/district/members.csv" | awk -F, '{ print $2 "," $1 ",2026-11,,,10,10,2026-11-20" }'; } >dues.csv
{ echo '党组织名称,活动类型,日期,主题'; tail -n +2 "$FIX/district/orgs.csv" | cut -d, -f1 | sed 's/$/,党课,2026-11-20,十一月党课/'; } >meetings.csv
{ echo '公民身份号码,姓名,日期,内容,学时'; tail -n +2 "$FIX/district/members.csv" | awk -F, '{ print $2 "," $1 ",2026-11-21,学习党章,2" }'; } >study.csv
cp "$FIX/development/development.csv" development.csv
cp "$FIX/transfers/transfers.csv" transfers.csv
cp "$FIX/party/visits.csv" visits.csv
for db in s.db "$PG"; do
	for k in dues meetings study development transfers visits; do
		"$FGDJ" import "$k" "$k.csv" --db "$db" >/dev/null || fail "import $k ($db)"
	done
done
run 0 "$FGDJ" init --db "$FRESH"

# Set back to v32 by hand: v33's columns gone, v35's, v36's and v37's columns and their marking triggers
# (kept in the schema on PostgreSQL) gone, the version 32.
psql_ up1 -c "ALTER TABLE region DROP COLUMN name_key" -c "ALTER TABLE zone DROP COLUMN name_key" \
	-c "ALTER TABLE instructor DROP COLUMN name_key" -c "ALTER TABLE campaign DROP COLUMN name_key" \
	-c "SET client_min_messages = warning" \
	-c "DROP FUNCTION district_mem_i, district_mem_u, district_ent_u, district_org_u, district_region_u,
		district_entd_u, district_orgd_u, district_memd_u, district_meet_i, district_study_i,
		district_dev_i, district_dev_u, district_entd_i, district_orgd_i, district_memd_i, district_tf_i, district_tf_u,
		district_visit_i CASCADE" \
	-c "ALTER TABLE member DROP COLUMN district_id" -c "ALTER TABLE enterprise DROP COLUMN district_id" \
	-c "ALTER TABLE org DROP COLUMN district_id" -c "ALTER TABLE dues DROP COLUMN district_id" \
	-c "ALTER TABLE meeting DROP COLUMN district_id" -c "ALTER TABLE study DROP COLUMN district_id" \
	-c "ALTER TABLE development DROP COLUMN district_id" -c "ALTER TABLE transfer DROP COLUMN district_id" \
	-c "ALTER TABLE visit DROP COLUMN district_id" -c "DROP INDEX visit_enterprise" \
	-c "UPDATE fgdj_schema SET version = 32"
eq "$(psql_ up1 -c "select count(*) from pg_trigger where tgname like 'district%'")" 0 "set back: no district trigger"
hist0=$(psql_ up1 -c "select count(*) from history")
run 0 "$FGDJ" migrate --db "$PG"
has out "从结构版本 32 升级到 $LATEST"
eq "$(psql_ up1 -c 'select version from fgdj_schema')" "$LATEST" "version after the upgrade"
eq "$(psql_ up1 -c "select count(*) from history")" "$((hist0 + 1))" "the upgrade in the history"
eq "$(psql_ up1 -c "select new from history order by id desc limit 1")" \
	"{\"what\":\"升级数据库结构\",\"from\":32,\"to\":$LATEST}" "the history says from and to"
run 0 "$FGDJ" migrate --db "$PG"
has out "已是当前结构"

# The upgraded schema is a new one's: tables, columns with their types and collations, indexes.
shape() {
	psql_ "$1" -c "select table_name || '.' || column_name || ':' || data_type || ':' || coalesce(collation_name, '')
		|| ':' || is_nullable from information_schema.columns where table_schema = 'public'
		order by table_name, column_name" \
		-c "select indexname || ':' || regexp_replace(indexdef, ' ON public\.', ' ON ') from pg_indexes
		where schemaname = 'public' order by indexname" \
		-c "select tgrelid::regclass || '.' || tgname from pg_trigger where not tgisinternal order by 1"
}
shape up1 >up.shape
shape fresh >fresh.shape
if cmp -s up.shape fresh.shape; then ok; else fail "upgraded schema differs from a new one: $(diff up.shape fresh.shape | head -5)"; fi
grep -q '^region.name_key:bytea' up.shape && ok || fail "region.name_key is bytea"
grep -q '^member.district_mem_u$' up.shape && ok || fail "the member's marking trigger made again"
# Every member's district as the SQLite file's writers stored it.
DISTRICTS="select m.idno || ':' || coalesce(r.name, '-') from member m left join region r on r.id = m.district_id order by m.idno"
eq "$(psql_ up1 -c "$DISTRICTS" | tr '\n' ' ')" "$(sql s.db "$DISTRICTS" | tr '\n' ' ')" "members' districts after the upgrade"
[ "$(sql s.db "select count(*) from member where district_id is not null")" -gt 0 ] && ok || fail "the district's members have one"
# Every dues row's and meeting's district too.
RECORDS="select 'dues:' || m.idno || ':' || d.month || ':' || coalesce(r.name, '-') from dues d join member m on m.id = d.member_id
	left join region r on r.id = d.district_id union all select 'meeting:' || o.name || ':' || coalesce(r.name, '-') from meeting mt
	join org o on o.id = mt.org_id left join region r on r.id = mt.district_id
	union all select 'study:' || m.idno || ':' || st.date || ':' || coalesce(r.name, '-') from study st join member m on m.id = st.member_id
	left join region r on r.id = st.district_id union all select 'development:' || dv.idno || ':' || coalesce(r.name, '-')
	from development dv left join region r on r.id = dv.district_id
	union all select 'transfer:' || m.idno || ':' || tf.letter_date || ':' || coalesce(r.name, '-') from transfer tf
	join member m on m.id = tf.member_id left join region r on r.id = tf.district_id
	union all select 'visit:' || e.uscc || ':' || vi.date || ':' || coalesce(r.name, '-') from visit vi
	join enterprise e on e.id = vi.enterprise_id left join region r on r.id = vi.district_id order by 1"
eq "$(psql_ up1 -c "$RECORDS" | tr '\n' ' ')" "$(sql s.db "$RECORDS" | tr '\n' ' ')" "the records' districts after the upgrade"
[ "$(sql s.db "select count(*) from dues where district_id is not null")" -gt 20 ] && ok || fail "the dues rows have one"
[ "$(sql s.db "select count(*) from study where district_id is not null")" -gt 20 ] && ok || fail "the study records have one"
[ "$(sql s.db "select count(*) from development where district_id is not null")" -ge 5 ] && ok || fail "the development records have one"
[ "$(sql s.db "select count(*) from transfer where district_id is not null")" -ge 4 ] && ok || fail "the transfers have one"
[ "$(sql s.db "select count(*) from visit where district_id is not null")" -ge 2 ] && ok || fail "the visits have one"

# ---- v36 alone: set back to v35 (the records' columns and v36's and v37's triggers gone, v35's
# district_orgd_u as it was: its members only), upgraded again ----
psql_ up1 -c "SET client_min_messages = warning" \
	-c "DROP FUNCTION district_memd_u, district_meet_i, district_study_i, district_dev_i, district_dev_u,
		district_entd_i, district_orgd_i, district_memd_i, district_tf_i, district_tf_u, district_visit_i CASCADE" \
	-c "CREATE OR REPLACE FUNCTION district_orgd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_mem(id)
		SELECT id FROM member WHERE org_id = new.id AND employer_id IS NULL; RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_entd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_mem(id)
		SELECT id FROM member WHERE employer_id = new.id; RETURN NULL; END\$\$" \
	-c "ALTER TABLE dues DROP COLUMN district_id" -c "ALTER TABLE meeting DROP COLUMN district_id" \
	-c "ALTER TABLE study DROP COLUMN district_id" -c "ALTER TABLE development DROP COLUMN district_id" \
	-c "ALTER TABLE transfer DROP COLUMN district_id" -c "ALTER TABLE visit DROP COLUMN district_id" -c "DROP INDEX visit_enterprise" \
	-c "UPDATE fgdj_schema SET version = 35"
eq "$(psql_ up1 -c "select count(*) from pg_trigger where tgname in ('district_memd_u', 'district_dues_i', 'district_meet_i')")" 0 \
	"set back to v35: no v36 trigger"
run 0 "$FGDJ" migrate --db "$PG"
has out "从结构版本 35 升级到 $LATEST"
shape up1 >up.shape
if cmp -s up.shape fresh.shape; then ok; else fail "v35 upgraded differs from a new one: $(diff up.shape fresh.shape | head -5)"; fi
grep -q '^meeting.district_meet_i$' up.shape && ok || fail "the meetings' marking trigger made again"
eq "$(psql_ up1 -c "$RECORDS" | tr '\n' ' ')" "$(sql s.db "$RECORDS" | tr '\n' ' ')" "the records' districts after v36"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname = 'district_orgd_u' and prosrc like '%district_dirty_meet%'")" 1 \
	"district_orgd_u marks the organisation's meetings again"

# ---- v37 alone: set back to v36 (study's and development's columns and v37's triggers gone — the
# records' own and those of a row moved to another district's partition —, v36's
# district_orgd_u and district_memd_u as they were: no study or development record marked) ----
psql_ up1 -c "SET client_min_messages = warning" \
	-c "DROP FUNCTION district_study_i, district_dev_i, district_dev_u, district_entd_i, district_orgd_i, district_memd_i,
		district_tf_i, district_tf_u, district_visit_i CASCADE" \
	-c "CREATE OR REPLACE FUNCTION district_entd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_mem(id)
		SELECT id FROM member WHERE employer_id = new.id; RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_orgd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_mem(id)
		SELECT id FROM member WHERE org_id = new.id AND employer_id IS NULL; INSERT INTO district_dirty_meet(id)
		SELECT id FROM meeting WHERE org_id = new.id; RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_memd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_dues(id)
		SELECT id FROM dues WHERE member_id = new.id; RETURN NULL; END\$\$" \
	-c "ALTER TABLE study DROP COLUMN district_id" -c "ALTER TABLE development DROP COLUMN district_id" \
	-c "ALTER TABLE transfer DROP COLUMN district_id" -c "ALTER TABLE visit DROP COLUMN district_id" -c "DROP INDEX visit_enterprise" \
	-c "UPDATE fgdj_schema SET version = 36"
eq "$(psql_ up1 -c "select count(*) from pg_trigger where tgname in ('district_study_i', 'district_dev_i', 'district_dev_u',
	'district_entd_i', 'district_orgd_i', 'district_memd_i')")" 0 \
	"set back to v36: no v37 trigger"
run 0 "$FGDJ" migrate --db "$PG"
has out "从结构版本 36 升级到 $LATEST"
shape up1 >up.shape
if cmp -s up.shape fresh.shape; then ok; else fail "v36 upgraded differs from a new one: $(diff up.shape fresh.shape | head -5)"; fi
grep -q '^study.district_study_i$' up.shape && ok || fail "the study records' marking trigger made again"
grep -q '^development.district_dev_u$' up.shape && ok || fail "the development records' marking trigger made again"
grep -q '^enterprise.district_entd_i$' up.shape && ok || fail "a moved enterprise's marking trigger made again"
eq "$(psql_ up1 -c "$RECORDS" | tr '\n' ' ')" "$(sql s.db "$RECORDS" | tr '\n' ' ')" "the records' districts after v37"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname = 'district_orgd_u' and prosrc like '%district_dirty_dev%'")" 1 \
	"district_orgd_u marks the organisation's development records again"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname = 'district_memd_u' and prosrc like '%district_dirty_study%'")" 1 \
	"district_memd_u marks the member's study records again"

# ---- v38 alone: set back to v37 (transfer's and visit's columns, visit_enterprise and v38's
# triggers gone; the functions that mark what follows an enterprise's or organisation's district —
# changed or moved in — as v37 made them: no transfer or visit marked; and the trigger that marked
# each new dues row, as v36 and v37 made it) ----
V37_ENT="INSERT INTO district_dirty_mem(id) SELECT id FROM member WHERE employer_id = new.id;"
V37_ORG="INSERT INTO district_dirty_mem(id) SELECT id FROM member WHERE org_id = new.id AND employer_id IS NULL;
	INSERT INTO district_dirty_meet(id) SELECT id FROM meeting WHERE org_id = new.id;
	INSERT INTO district_dirty_dev(id) SELECT id FROM development WHERE org_id = new.id;"
psql_ up1 -c "SET client_min_messages = warning" \
	-c "DROP FUNCTION district_tf_i, district_tf_u, district_visit_i CASCADE" \
	-c "CREATE OR REPLACE FUNCTION district_entd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN $V37_ENT RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_entd_i() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN $V37_ENT RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_orgd_u() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN $V37_ORG RETURN NULL; END\$\$" \
	-c "CREATE OR REPLACE FUNCTION district_orgd_i() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN $V37_ORG RETURN NULL; END\$\$" \
	-c "CREATE FUNCTION district_dues_i() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO district_dirty_dues(id)
		VALUES (new.id); RETURN NULL; END\$\$" \
	-c "CREATE TRIGGER district_dues_i AFTER INSERT ON dues FOR EACH ROW EXECUTE FUNCTION district_dues_i()" \
	-c "ALTER TABLE transfer DROP COLUMN district_id" -c "ALTER TABLE visit DROP COLUMN district_id" -c "DROP INDEX visit_enterprise" \
	-c "UPDATE fgdj_schema SET version = 37"
eq "$(psql_ up1 -c "select count(*) from pg_trigger where tgname in ('district_tf_i', 'district_tf_u', 'district_visit_i')")" 0 \
	"set back to v37: no v38 trigger"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname in ('district_entd_u', 'district_entd_i', 'district_orgd_u',
	'district_orgd_i') and (prosrc like '%district_dirty_visit%' or prosrc like '%district_dirty_tf%')")" 0 \
	"set back to v37: nothing marks transfers or visits"
run 0 "$FGDJ" migrate --db "$PG"
has out "从结构版本 37 升级到 $LATEST"
shape up1 >up.shape
if cmp -s up.shape fresh.shape; then ok; else fail "v37 upgraded differs from a new one: $(diff up.shape fresh.shape | head -5)"; fi
grep -q '^transfer.district_tf_u$' up.shape && ok || fail "the transfers' marking trigger made again"
grep -q '^visit.district_visit_i$' up.shape && ok || fail "the visits' marking trigger made again"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname = 'district_dues_i'")" 0 \
	"the new dues rows' marking trigger v36 and v37 made dropped with its function (store/extras.c PG_RETIRED)"
grep -q '^visit_enterprise:CREATE INDEX visit_enterprise ON visit USING btree (enterprise_id)$' up.shape && ok || fail "visit_enterprise made again"
eq "$(psql_ up1 -c "$RECORDS" | tr '\n' ' ')" "$(sql s.db "$RECORDS" | tr '\n' ' ')" "the records' districts after v38"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname in ('district_entd_u', 'district_entd_i')
	and prosrc like '%district_dirty_visit%'")" 2 "an enterprise's district (changed or moved in) marks its visits again"
eq "$(psql_ up1 -c "select count(*) from pg_proc where proname in ('district_orgd_u', 'district_orgd_i')
	and prosrc like '%district_dirty_tf%'")" 2 "an organisation's district (changed or moved in) marks its transfers again"

# Every key the upgrade wrote is the key the writers store (the SQLite file's, written by the same
# imports): compared row by row.
for t in region zone instructor; do
	eq "$(psql_ up1 -c "select name || ':' || encode(name_key, 'hex') from $t order by name")" \
		"$(sql s.db "select name || ':' || lower(hex(name_key)) from $t order by name")" "$t keys after the upgrade"
	eq "$(psql_ up1 -c "select count(*) from $t where name_key is null")" "0" "$t: no row without a key"
done

# A new place after the upgrade stores its key; lists sort by the keys: 第二 before 第十 before
# 第十二 (numbers by value), on both backends the same.
for db in s.db "$PG"; do
	for n in 第十二 第二 第十; do
		"$FGDJ" place add street "${n}街道" --db "$db" >/dev/null || fail "add street $n ($db)"
	done
	"$FGDJ" place add zone 第九园区 园区 --db "$db" >/dev/null || fail "add zone ($db)"
	"$FGDJ" place rename 区域 第九园区 第十一园区 --db "$db" >/dev/null || fail "rename zone ($db)"
done
"$FGDJ" place list --db s.db >s.places 2>&1
"$FGDJ" place list --db "$PG" >p.places 2>&1
if cmp -s s.places p.places; then ok; else fail "places' order differs: $(diff s.places p.places | head -4)"; fi
l2=$(grep -n '第二街道' p.places | cut -d: -f1)
l10=$(grep -n '第十街道' p.places | cut -d: -f1)
l12=$(grep -n '第十二街道' p.places | cut -d: -f1)
[ -n "$l2" ] && [ -n "$l10" ] && [ -n "$l12" ] && [ "$l2" -lt "$l10" ] && [ "$l10" -lt "$l12" ] && ok ||
	fail "streets by their numbers: 第二 $l2, 第十 $l10, 第十二 $l12"
eq "$(psql_ up1 -c "select encode(name_key, 'hex') from zone where name = '第十一园区'")" \
	"$(sql s.db "select lower(hex(name_key)) from zone where name = '第十一园区'")" "a renamed zone's key"
eq "$(psql_ up1 -c "select encode(name_key, 'hex') from region where name = '第十街道'")" \
	"$(sql s.db "select lower(hex(name_key)) from region where name = '第十街道'")" "a new street's key"
"$FGDJ" export instructors --db s.db >s.ins 2>&1
"$FGDJ" export instructors --db "$PG" >p.ins 2>&1
if cmp -s s.ins p.ins; then ok; else fail "instructors' order differs: $(diff s.ins p.ins | head -4)"; fi

# Too old and too new are refused, nothing written.
hist1=$(psql_ up1 -c "select count(*) from history")
psql_ up1 -c "UPDATE fgdj_schema SET version = 31"
run 2 "$FGDJ" stats --db "$PG"
has err "第 32 版及以后"
psql_ up1 -c "UPDATE fgdj_schema SET version = $((LATEST + 1))"
run 2 "$FGDJ" stats --db "$PG"
has err "比本程序支持的 $LATEST 新"
eq "$(psql_ up1 -c "select count(*) from history")" "$hist1" "nothing written by the refusals"
finish
