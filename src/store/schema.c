/* The database schema as ordered migrations. Migration i brings user_version from i to i+1.
 * Never edit a migration that has shipped: append a new one.
 * CHECKs of enumerations are written as OR chains: SQLite evaluates "x IN (a, b, c)" through an
 * ephemeral index built for every row written, which costs more than the row itself. */
#include "store/dues_store.h"
#include "store/crossmatch_store.h"
#include "store/store_int.h"

static const char *const V21[] = {
	/* v21: names sort numbers by their value (第二 before 第十, 2号楼 before 10号楼; core/collate.h):
	 * every stored name_key is computed again (store_name_keys_fill, FILLS below). */
	NULL,
};

static const char *const V22[] = {
	/* v22: the follow-up state of a finding (docs/party-work.md, "Findings and their follow-up"),
	 * by the finding's stable key (report/check.h finding.key): no row is 待整改; each change is
	 * written with its history entry (tbl finding, store/finding_store.c). */
	"CREATE TABLE IF NOT EXISTS finding_state (key TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL CHECK (state IN ('doing', 'done', 'na')), note TEXT, who TEXT NOT NULL,"
	"  day TEXT NOT NULL);",
	NULL,
};

static const char *const V23[] = {
	/* v23: deregistration (docs/ledger-format.md "撤销、注销、减少"): the day an enterprise left the
	 * ledger, an organisation or instructor was 撤销, a member 减少, and why (core/ledger.h
	 * COL_CLOSING): columns closed and closed_reason of enterprise, org, member and instructor,
	 * added by store_closing_columns_fill (FILLS below; each only when missing, so the migration
	 * runs again on a database whose version was set back). NULL: current. A record exists on day
	 * D while closed is NULL or after D (store/scope_sql.h RECORD_OPEN_ON); nothing is deleted.
	 * The enterprise list's covering index gains the column there too. */
	NULL,
};

static const char *const V24[] = {
	/* v24: a territory of any depth (市 → 区县 → 街道 → 社区). The root (id 1) is the district of a
	 * single-district database or the city above several districts; region.level gains 'city'
	 * (SQLite cannot alter a CHECK: the stored definition is edited in place and the schema
	 * reloaded, which the SQLite manual allows for a CHECK that only widens). region_tree is the
	 * closure of parent_id (one row per region and each of its ancestors, itself at depth 0),
	 * kept by store/places.c whenever a region is created, moved or removed, so that "inside a
	 * region" (store/scope_sql.h SCOPE_IN_REGION) is one indexed lookup at any depth. */
	"PRAGMA writable_schema = ON;",
	"UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (level = ''district''',"
	"  'CHECK (level = ''city'' OR level = ''district''') WHERE type = 'table' AND name = 'region'"
	"  AND sql NOT LIKE '%''city''%';",
	"PRAGMA writable_schema = RESET;",
	"CREATE TABLE IF NOT EXISTS region_tree ("
	"  ancestor INTEGER NOT NULL REFERENCES region(id),"
	"  descendant INTEGER NOT NULL REFERENCES region(id),"
	"  depth INTEGER NOT NULL,"
	"  PRIMARY KEY (ancestor, descendant)) WITHOUT ROWID;",
	"CREATE INDEX IF NOT EXISTS region_tree_up ON region_tree(descendant, depth);",
	"DELETE FROM region_tree;",
	"WITH RECURSIVE up(a, d, n) AS (SELECT id, id, 0 FROM region"
	"  UNION ALL SELECT r.parent_id, up.d, up.n + 1 FROM up JOIN region r ON r.id = up.a"
	"  WHERE r.parent_id IS NOT NULL)"
	" INSERT INTO region_tree(ancestor, descendant, depth) SELECT a, d, n FROM up;",
	NULL,
};

static const char *const V25[] = {
	/* v25: the member and organisation lists in sort order (name_key, then the ID number or the
	 * name: unique, so a total order), so that a page is a range of one index (store/query.c,
	 * pages by stored sort keys), as v18 did for enterprises; the member index also covers the
	 * filters a page reads most (employer, organisation, 人员类别, 组织关系状态). */
	"CREATE INDEX IF NOT EXISTS member_order ON member(name_key, idno, employer_id, org_id, status, relation);",
	"CREATE INDEX IF NOT EXISTS org_order ON org(name_key, name);",
	NULL,
};

static const char *const V26[] = {
	/* v26: what a list row shows beside its own columns, kept on write (store/extras.c) so that a
	 * page reads one row per item: per enterprise its coverage state with the days it holds for
	 * (from cov_from, NULL: always before; until cov_until, NULL: for ever), per organisation its
	 * covered enterprises (the canonical list of every active link) and its members, per
	 * instructor its assigned enterprises. Recomputed at each commit for the items the
	 * transaction touched, filled here by store_extras_fill (FILLS below). */
	"CREATE TABLE IF NOT EXISTS ent_extra (enterprise_id INTEGER PRIMARY KEY, cov INTEGER NOT NULL,"
	"  cov_from TEXT, cov_until TEXT);",
	"CREATE TABLE IF NOT EXISTS org_extra (org_id INTEGER PRIMARY KEY, covers TEXT, members INTEGER NOT NULL);",
	"CREATE TABLE IF NOT EXISTS ins_extra (instructor_id INTEGER PRIMARY KEY, covers TEXT);",
	NULL,
};

static const char *const V27[] = {
	/* v27: dues_year keeps running sums: due<i> and paid<i> are the 应缴 and 实缴 of months 1..i of
	 * the year (they were month i's alone), so that the figures read the sum of a year's ended
	 * months as one column (store/dues_store.c). The rows are rebuilt from the dues rows (FILLS). */
	"DELETE FROM dues_year;",
	NULL,
};

/* v28, v29: no change (numbers held for work done in parallel that needed no migration). */
static const char *const V28[] = {NULL};
static const char *const V29[] = {NULL};

static const char *const V30[] = {
	/* v30: kept integers read by the figures in place of several columns, added by
	 * store_kept_ints_fill (store/party_tally.c, FILLS below; each column only when missing, so that the migration runs again
	 * on a database whose version was set back): meeting_tally's twelve months as one (packed,
	 * store/tally_sql.h), dues_year's three month masks (bits, store/dues_store.h DUES_BITS) and
	 * roster_candidate's five small fields (flags, store/crossmatch_store.h XM_FLAGS). The last
	 * two tables are rebuilt by their writers (FILLS), which write the new columns. */
	NULL,
};

static const char *const V31[] = {
	/* v31: meeting_org_date (org_id, date) goes: the key's unique index (org_id, kind, date, topic)
	 * begins with the organisation, and it serves the one reading by organisation (an
	 * organisation's calendar, store_org_meetings: its meetings, then sorted by date) as a
	 * covering index. Each imported meeting then writes two index entries instead of three. */
	"DROP INDEX IF EXISTS meeting_org_date;",
	NULL,
};

static const char *const V32[] = {
	/* v32: the party-work lists walked in their order over an index (store/query.c party_page):
	 * dues keep their member's name_key as member_key (written with the dues row and with every
	 * rename of the member, store/party_store.c and store/ledger_write.c), so that dues_order
	 * serves 月份 descending, then the member's pinyin (an index with the directions of the
	 * order: one scan serves it forwards and backwards); trainings and campaigns by their start
	 * (descending) and name, unique as the name is, so that the trainees' and the tasks' walks
	 * loop over them outside; regions by parent (then id: the tasks' order); development records
	 * by 申请日期 descending and ID number.
	 * The column, its values and dues_order: store_dues_member_key_fill (FILLS below; the column
	 * only when missing, so the migration runs again on a database whose version was set back). */
	"CREATE UNIQUE INDEX IF NOT EXISTS training_order ON training(start_date DESC, name);",
	"CREATE UNIQUE INDEX IF NOT EXISTS campaign_order ON campaign(start_date DESC, name);",
	"CREATE INDEX IF NOT EXISTS region_parent ON region(parent_id);",
	"CREATE INDEX IF NOT EXISTS development_order ON development(apply_date DESC, idno);",
	NULL,
};

static const char *const V33[] = {
	/* v33: regions, zones, instructors and campaigns keep the pinyin sort key of their name
	 * (name_key, core/collate.h), written with the name (store/places.c, ledger_write.c,
	 * party_store.c): their lists sort by it as enterprises, organisations and members do, on
	 * either database, without SQLite's collation zh. Column and values: store_place_keys_fill
	 * (FILLS below). */
	NULL,
};

static const char *const V34[] = {
	/* v34: the members' order index holds 注销 (closed) as well, which every page of the list reads
	 * (a closed member is listed only when asked for): the walk of the list's sort keys then reads
	 * the index alone, not each member's row as well (the city's first /members: 1.3 s → 0.06 s of
	 * CPU, BENCHMARKS.md). enterprise_order has held `closed` since v23. */
	"DROP INDEX IF EXISTS member_order;",
	"CREATE INDEX member_order ON member(name_key, idno, employer_id, org_id, status, relation, closed);",
	NULL,
};

static const char *const V35[] = {
	/* v35: the district that holds each enterprise, organisation and member (district_id;
	 * scope_sql.h ENT_DISTRICT, ORG_DISTRICT, MEMBER_DISTRICT), kept on write by store/extras.c from
	 * the row's places (a member: its employer's or organisation's district): the column a database
	 * partitioned by district places the rows by (docs/scaling.md). Columns and values:
	 * store_districts_fill (store_migration_fill below; each column only when missing). */
	NULL,
};

static const char *const V36[] = {
	/* v36: the district that holds each dues row and meeting (district_id; scope_sql.h DUES_DISTRICT,
	 * MEETING_DISTRICT: its member's, its organisation's stored district), kept on write by
	 * store/extras.c as v35's: the two largest party-work records' tables partitioned with their
	 * owners (docs/scaling.md). Columns and values: store_districts_fill (store_migration_fill
	 * below; each column only when missing). */
	NULL,
};

static const char *const V37[] = {
	/* v37: the district that holds each study and development record (district_id; scope_sql.h
	 * STUDY_DISTRICT, DEVELOPMENT_DISTRICT: its member's, its organisation's stored district), kept
	 * on write as v36's: the next two largest party-work records' tables partitioned with their
	 * owners (docs/scaling.md). Columns and values: store_districts_fill (store_migration_fill
	 * below; each column only when missing). */
	NULL,
};

static const char *const V38[] = {
	/* v38: the district that holds each transfer and visit record (district_id; scope_sql.h
	 * TRANSFER_DISTRICT, VISIT_DISTRICT: its organisation's (本方党组织), its enterprise's stored
	 * district), kept on write as v37's: partitioned with their owners (docs/scaling.md). Visits by
	 * enterprise indexed, for a change of an enterprise's district marks its visits (store/extras.c)
	 * and found none but by a scan (the key begins with the instructor); transfers have transfer_org
	 * since v8. Columns and values: store_districts_fill (store_migration_fill below; each column
	 * only when missing). */
	"CREATE INDEX IF NOT EXISTS visit_enterprise ON visit(enterprise_id);",
	NULL,
};

static const char *const V39[] = {
	/* v39: the facts of a region on a day kept between commands (docs/kept_figures.md;
	 * store/kept_store.c): derived from the ledgers at the history's newest id (stamp), read back
	 * and brought up to date instead of read again from every table. Never in the history, never
	 * exported or copied (fgdj migrate --to): it can be emptied at any time. */
	"CREATE TABLE IF NOT EXISTS facts_kept ("
	"  region_id INTEGER NOT NULL,"
	"  zone_id INTEGER NOT NULL,"
	"  as_of INTEGER NOT NULL,"
	"  mode INTEGER NOT NULL,"
	"  stamp INTEGER NOT NULL,"
	"  data BLOB NOT NULL,"
	"  PRIMARY KEY (region_id, zone_id, as_of, mode));",
	NULL,
};

void store_schema_at(store *s, int version)
{
	s->districts_at = version; /* else the district fills raise it */
}

/* Migrations 21 and later; 1 … 20 are STORE_EARLY_MIGRATIONS (schema_early.c). */
static const char *const *const MIGRATIONS[] = {V21, V22, V23, V24, V25, V26, V27, V28, V29, V30,
						V31, V32, V33, V34, V35, V36, V37, V38, V39};

/* Migrations whose new tables are filled from the old ones by code (the rules live in core). */
static const struct {
	int version;
	int (*fill)(store *s, fg_err *e);
} FILLS[] = {{14, store_dues_year_fill}, {19, store_meeting_attendees_fill}, {20, store_roster_candidates_fill},
	     {21, store_name_keys_fill}, {23, store_closing_columns_fill},
	     {26, store_extras_fill}, {27, store_dues_year_fill}, {30, store_kept_ints_fill}, {30, store_dues_year_fill},
	     {30, store_roster_candidates_fill}, {32, store_dues_member_key_fill}, {33, store_place_keys_fill}};

/* 1 when migration `version`'s fill f runs again at a later version up to `latest` (it rebuilds the
 * same table from the records): it runs then only, since its writers write the columns that later
 * migration adds (v30: dues_year.bits, roster_candidate.flags). A database is used only at the
 * latest version, so the intermediate ones never need the table. */
static int fill_again(size_t f, int version, int latest)
{
	for (size_t g = 0; g < sizeof FILLS / sizeof FILLS[0]; g++)
		if (FILLS[g].fill == FILLS[f].fill && FILLS[g].version > version && FILLS[g].version <= latest)
			return 1;
	return 0;
}

const char *const *store_migration(int version)
{
	if (version < 1 || version > store_schema_version())
		return NULL;
	return version <= STORE_EARLY_N ? STORE_EARLY_MIGRATIONS[version - 1] : MIGRATIONS[version - 1 - STORE_EARLY_N];
}

int store_migration_fill(store *s, int version, int latest, fg_err *e)
{
	for (size_t f = 0; f < sizeof FILLS / sizeof FILLS[0]; f++) {
		int rc = FILLS[f].version == version && !fill_again(f, version, latest) ? FILLS[f].fill(s, e) : FG_OK;
		if (rc)
			return rc;
	}
	return store_districts_fill(s, version, e); /* v35 … v38's, after the others of its version */
}

static int exec_all(store *s, const char *const *stmts)
{
	for (; *stmts; stmts++) {
		int rc = sqlite3_exec(s->db, *stmts, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

int store_schema_version(void)
{
	return STORE_EARLY_N + (int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]);
}

int store_migrate(store *s, fg_err *e)
{
	int version = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return db_err(s, e, "读取数据库版本");
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	int latest = store_schema_version();
	if (version > latest)
		return err_set(e, FG_EFAIL, "数据库版本为 %d，比本程序支持的 %d 新；请升级 fgdj", version, latest);
	store_schema_at(s, version);
	for (int v = version; v < latest; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    exec_all(s, store_migration(v + 1)) != SQLITE_OK ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			int rc = db_err(s, e, "升级数据库结构");
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		int rc = store_migration_fill(s, v + 1, latest, e);
		if (rc) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return db_err(s, e, "升级数据库结构");
	}
	/* Facts kept by another version may read another way (docs/kept_figures.md): read again. */
	if (version < latest && sqlite3_exec(s->db, STORE_KEPT_FORGET, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(s, e, "升级数据库结构");
	return FG_OK;
}
