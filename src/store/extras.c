/* The list rows' extras kept on write (schema v26): what a row of the enterprise, organisation and
 * instructor lists shows beside its own columns, so that a page reads one row per item with no
 * per-row subquery (store/query.c):
 *   ent_extra  an enterprise's coverage state (ENT_COV_ON, the one rule) on the day of the write,
 *              with the days it holds for: from the last day before on which it may change, until
 *              the next one (ENT_COV_DAYS). A page for a day outside them computes the state, so a
 *              coverage that starts or ends on a later day needs no write on that day.
 *   org_extra  an organisation's covered enterprises (LEDGER_ORG_ALL_COVERS: every active link,
 *              not a matter of the day) and its members (LEDGER_ORG_MEMBERS).
 *   ins_extra  an instructor's assigned enterprises (LEDGER_INS_ALL_COVERS).
 * and one column of three ledgers' own rows, derived from others (schema v35):
 *   district_id  the district that holds an enterprise, organisation or member (scope_sql.h
 *              ENT_DISTRICT, ORG_DISTRICT, MEMBER_DISTRICT): what a database partitioned by district
 *              (scripts/pg_partition.sql) places the row by. Written with the row (store/ledger_write.c);
 *              it changes too when a place moves in the region tree (a street or community merged or
 *              moved under another district), when places.c moves enterprises or organisations to
 *              another community or street, and — a member's — with its employer's or organisation's.
 *              The same column of the two largest party-work records' tables (schema v36): a dues
 *              row's is its member's, a meeting's its organisation's (DUES_DISTRICT, MEETING_DISTRICT),
 *              written with the row (store/party_store.c) and changed with its owner's; and of the
 *              next two (schema v37): a study record's its member's, a development record's its
 *              organisation's (STUDY_DISTRICT, DEVELOPMENT_DISTRICT); and (schema v38) a transfer's
 *              its organisation's (本方党组织), a visit's its enterprise's (TRANSFER_DISTRICT,
 *              VISIT_DISTRICT).
 *
 * Which items a write touches is not left to each writer: temporary triggers of the connection
 * (store_extras_setup) mark them in temporary tables whatever writes the row (import, web form,
 * API, closing, transfers, plan adoption, the as-recorded replay, a later migration), and
 * store_extras_flush recomputes the marked items with the statements below, at commit and before
 * a list is read inside a write. The migration's fill marks every item and recomputes. */
#include <string.h>

#include "store/ledger_sql.h"
#include "store/pg.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* The marks live in tables of the connection's own temporary schema (SQLite's temp, PostgreSQL's
 * pg_temp), which both search first for an unqualified name (the names are unique). An id may be
 * marked more than once: no key, for a statement's conflict clause (INSERT OR REPLACE …) would
 * apply to its triggers' inserts too. */
static const char TEMP_TABLES[] = "CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ent (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS extras_dirty_org (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ins (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_ent (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_org (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_mem (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_dues (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_meet (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_study (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_dev (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_tf (id INTEGER);"
				  "CREATE TEMP TABLE IF NOT EXISTS district_dirty_visit (id INTEGER);";

/* What follows a row's district (new.id's): an enterprise's members and visits, an organisation's
 * members without an employer, its meetings, development records and transfers, a member's dues and
 * study records —
 * marked when the district changes (TRIGGERS) and, on PostgreSQL, when the row is inserted as the
 * move of a row to another district's partition (PG_TRIGGERS, MOVED_IN): a database partitioned by
 * district moves it as a delete and an insert (scripts/pg_partition.sql's fg_partition_move, which
 * says so in the setting fg.moving for its insert). A new row has none to mark, and on a partitioned
 * database each look-up would ask every district's server. */
#define MOVED_IN "current_setting('fg.moving', true) = 'on'"
#define ENT_DISTRICT_FOLLOWERS                                                             \
	"INSERT INTO district_dirty_mem(id) SELECT id FROM member WHERE employer_id = new.id;" \
	" INSERT INTO district_dirty_visit(id) SELECT id FROM visit WHERE enterprise_id = new.id;"
#define ORG_DISTRICT_FOLLOWERS                                                                                \
	"INSERT INTO district_dirty_mem(id) SELECT id FROM member WHERE org_id = new.id AND employer_id IS NULL;" \
	" INSERT INTO district_dirty_meet(id) SELECT id FROM meeting WHERE org_id = new.id;"                     \
	" INSERT INTO district_dirty_dev(id) SELECT id FROM development WHERE org_id = new.id;"                  \
	" INSERT INTO district_dirty_tf(id) SELECT id FROM transfer WHERE org_id = new.id;"
#define MEMBER_DISTRICT_FOLLOWERS                                                     \
	"INSERT INTO district_dirty_dues(id) SELECT id FROM dues WHERE member_id = new.id;" \
	" INSERT INTO district_dirty_study(id) SELECT id FROM study WHERE member_id = new.id;"

/* The triggers that mark, once for both backends: after event on table, for each row (when cond),
 * the statements of body. SQLite keeps them in the connection (temporary triggers: a database
 * opened by another program marks nothing and needs nothing); PostgreSQL in the schema, each a
 * PL/pgSQL function (store_extras_pg_ddl), writing to the session's tables. */
static const struct trigger {
	const char *name, *event, *table, *when, *body;
} TRIGGERS[] = {
	/* An enterprise: its own row; a new USCC renames it in its organisations' and instructors' lists. */
	{"extras_ent_i", "INSERT", "enterprise", NULL, "INSERT INTO extras_dirty_ent(id) VALUES (new.id);"},
	{"extras_ent_d", "DELETE", "enterprise", NULL, "INSERT INTO extras_dirty_ent(id) VALUES (old.id);"},
	{"extras_ent_u", "UPDATE OF uscc", "enterprise", "old.uscc IS DISTINCT FROM new.uscc",
	 "INSERT INTO extras_dirty_org(id) SELECT org_id FROM coverage WHERE enterprise_id = new.id;"
	 " INSERT INTO extras_dirty_ins(id) SELECT instructor_id FROM assignment WHERE enterprise_id = new.id;"},
	/* A coverage link: its enterprise's state and its organisation's list, before and after. */
	{"extras_cov_i", "INSERT", "coverage", NULL,
	 "INSERT INTO extras_dirty_ent(id) VALUES (new.enterprise_id);"
	 " INSERT INTO extras_dirty_org(id) VALUES (new.org_id);"},
	{"extras_cov_d", "DELETE", "coverage", NULL,
	 "INSERT INTO extras_dirty_ent(id) VALUES (old.enterprise_id);"
	 " INSERT INTO extras_dirty_org(id) VALUES (old.org_id);"},
	{"extras_cov_u", "UPDATE", "coverage", NULL,
	 "INSERT INTO extras_dirty_ent(id) VALUES (old.enterprise_id), (new.enterprise_id);"
	 " INSERT INTO extras_dirty_org(id) VALUES (old.org_id), (new.org_id);"},
	/* An organisation: its own row; its mode and founding day decide its enterprises' state. */
	{"extras_org_i", "INSERT", "org", NULL, "INSERT INTO extras_dirty_org(id) VALUES (new.id);"},
	{"extras_org_d", "DELETE", "org", NULL, "INSERT INTO extras_dirty_org(id) VALUES (old.id);"},
	{"extras_org_u", "UPDATE OF mode, founded", "org",
	 "old.mode IS DISTINCT FROM new.mode OR old.founded IS DISTINCT FROM new.founded",
	 "INSERT INTO extras_dirty_ent(id) SELECT enterprise_id FROM coverage WHERE org_id = new.id;"},
	/* A member: the count of the organisation it leaves and of the one it joins. */
	{"extras_mem_i", "INSERT", "member", "new.org_id IS NOT NULL",
	 "INSERT INTO extras_dirty_org(id) VALUES (new.org_id);"},
	{"extras_mem_d", "DELETE", "member", "old.org_id IS NOT NULL",
	 "INSERT INTO extras_dirty_org(id) VALUES (old.org_id);"},
	{"extras_mem_u", "UPDATE OF org_id, relation, closed", "member", NULL,
	 "INSERT INTO extras_dirty_org(id) SELECT old.org_id WHERE old.org_id IS NOT NULL"
	 " UNION ALL SELECT new.org_id WHERE new.org_id IS NOT NULL;"},
	/* The districts (ENT_DISTRICT, ORG_DISTRICT, MEMBER_DISTRICT): an enterprise's with its community,
	 * an organisation's with its street or community (places.c moves them; ledger_write.c writes the
	 * district with the row itself), both with a region moved under another parent (its subtree, the
	 * same before and after the move); a member's with its employer's or its organisation's district.
	 * A region made anew holds nothing yet (marking on region_tree's rows instead made every community
	 * an import creates look for enterprises in it). The member's own row: PG_TRIGGERS below.
	 * A member's dues and an organisation's meetings follow their owner's district (schema v36):
	 * marked only when it changes, so an import of dues or meetings marks nothing on SQLite. So do a
	 * member's study records and an organisation's development records (schema v37), an
	 * organisation's transfers and an enterprise's visits (schema v38). */
	{"district_ent_u", "UPDATE OF community_id", "enterprise", "old.community_id IS DISTINCT FROM new.community_id",
	 "INSERT INTO district_dirty_ent(id) VALUES (new.id);"},
	{"district_org_u", "UPDATE OF street_id, community_id", "org",
	 "old.street_id IS DISTINCT FROM new.street_id OR old.community_id IS DISTINCT FROM new.community_id",
	 "INSERT INTO district_dirty_org(id) VALUES (new.id);"},
	{"district_region_u", "UPDATE OF parent_id", "region", "old.parent_id IS DISTINCT FROM new.parent_id",
	 "INSERT INTO district_dirty_ent(id) SELECT id FROM enterprise WHERE community_id IN"
	 " (SELECT descendant FROM region_tree WHERE ancestor = new.id);"
	 " INSERT INTO district_dirty_org(id) SELECT id FROM org WHERE street_id IN"
	 " (SELECT descendant FROM region_tree WHERE ancestor = new.id) OR community_id IN"
	 " (SELECT descendant FROM region_tree WHERE ancestor = new.id);"},
	{"district_entd_u", "UPDATE OF district_id", "enterprise", "old.district_id IS DISTINCT FROM new.district_id",
	 ENT_DISTRICT_FOLLOWERS},
	{"district_orgd_u", "UPDATE OF district_id", "org", "old.district_id IS DISTINCT FROM new.district_id",
	 ORG_DISTRICT_FOLLOWERS},
	{"district_memd_u", "UPDATE OF district_id", "member", "old.district_id IS DISTINCT FROM new.district_id",
	 MEMBER_DISTRICT_FOLLOWERS},
	/* An instructor and its assignments. */
	{"extras_ins_i", "INSERT", "instructor", NULL, "INSERT INTO extras_dirty_ins(id) VALUES (new.id);"},
	{"extras_ins_d", "DELETE", "instructor", NULL, "INSERT INTO extras_dirty_ins(id) VALUES (old.id);"},
	{"extras_asg_i", "INSERT", "assignment", NULL,
	 "INSERT INTO extras_dirty_ins(id) VALUES (new.instructor_id);"},
	{"extras_asg_d", "DELETE", "assignment", NULL,
	 "INSERT INTO extras_dirty_ins(id) VALUES (old.instructor_id);"},
	{"extras_asg_u", "UPDATE", "assignment", NULL,
	 "INSERT INTO extras_dirty_ins(id) VALUES (old.instructor_id), (new.instructor_id);"},
};

/* PostgreSQL's alone. A member's own row is written with its district (store/ledger_write.c
 * put_member): final on SQLite, where one writer writes at a time. On PostgreSQL another writer may
 * be changing the employer's district meanwhile, unseen, so the member is marked as well and written
 * again, if need be, once its employer is locked (LOCKS). The same for a new meeting
 * (store/party_store.c) while another writer moves its organisation to another district: that
 * writer's marks never see the new row. A new dues row is guarded without a mark: its member is
 * locked at commit to sum its year of dues (store/dues_store.c dues_year_flush), and once all such
 * members are locked one statement gives their dues rows the member's district where they hold
 * another (store_district_kept; DUES_DISTRICT) — every new dues row's member is one of them.
 * Likewise a new study record (schema v37), and a development record, new or given another
 * organisation (its update writes the district too, as a member's does). The same (schema v38) for
 * a new visit, and a transfer, new or given another organisation (本方党组织; its update writes the
 * district too). And what follows the district of an enterprise, organisation or member moved to
 * another district's partition (ENT_DISTRICT_FOLLOWERS …, MOVED_IN). (No writer changes a dues row's
 * member, a meeting's organisation, a study record's member or a visit's enterprise: their key. An
 * enterprise or organisation written while another writer moves its place in the region tree is
 * not guarded so: places are changed rarely, by the administrator.) */
static const struct trigger PG_TRIGGERS[] = {
	{"district_mem_i", "INSERT", "member", NULL, "INSERT INTO district_dirty_mem(id) VALUES (new.id);"},
	{"district_entd_i", "INSERT", "enterprise", MOVED_IN, ENT_DISTRICT_FOLLOWERS},
	{"district_orgd_i", "INSERT", "org", MOVED_IN, ORG_DISTRICT_FOLLOWERS},
	{"district_memd_i", "INSERT", "member", MOVED_IN, MEMBER_DISTRICT_FOLLOWERS},
	{"district_mem_u", "UPDATE OF employer_id, org_id", "member",
	 "old.employer_id IS DISTINCT FROM new.employer_id OR old.org_id IS DISTINCT FROM new.org_id",
	 "INSERT INTO district_dirty_mem(id) VALUES (new.id);"},
	{"district_meet_i", "INSERT", "meeting", NULL, "INSERT INTO district_dirty_meet(id) VALUES (new.id);"},
	{"district_study_i", "INSERT", "study", NULL, "INSERT INTO district_dirty_study(id) VALUES (new.id);"},
	{"district_dev_i", "INSERT", "development", NULL, "INSERT INTO district_dirty_dev(id) VALUES (new.id);"},
	{"district_dev_u", "UPDATE OF org_id", "development", "old.org_id IS DISTINCT FROM new.org_id",
	 "INSERT INTO district_dirty_dev(id) VALUES (new.id);"},
	{"district_tf_i", "INSERT", "transfer", NULL, "INSERT INTO district_dirty_tf(id) VALUES (new.id);"},
	{"district_tf_u", "UPDATE OF org_id", "transfer", "old.org_id IS DISTINCT FROM new.org_id",
	 "INSERT INTO district_dirty_tf(id) VALUES (new.id);"},
	{"district_visit_i", "INSERT", "visit", NULL, "INSERT INTO district_dirty_visit(id) VALUES (new.id);"},
};

/* PostgreSQL's marking triggers no longer made, dropped (with their function) from a database an
 * earlier version made them in: a new dues row's (district_dues_i, schema v36 … v38). */
static const char *const PG_RETIRED[] = {"district_dues_i"};

void store_extras_pg_ddl(buf *out)
{
	for (size_t i = 0; i < sizeof PG_RETIRED / sizeof PG_RETIRED[0]; i++)
		buf_printf(out, "DROP FUNCTION IF EXISTS %s() CASCADE;\n", PG_RETIRED[i]);
	size_t n = sizeof TRIGGERS / sizeof TRIGGERS[0], npg = sizeof PG_TRIGGERS / sizeof PG_TRIGGERS[0];
	for (size_t i = 0; i < n + npg; i++) {
		const struct trigger *t = i < n ? &TRIGGERS[i] : &PG_TRIGGERS[i - n];
		buf_printf(out, "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN %s RETURN NULL;"
			   " END$$;\n", t->name, t->body);
		buf_printf(out, "CREATE OR REPLACE TRIGGER %s AFTER %s ON %s FOR EACH ROW%s%s%s EXECUTE FUNCTION %s();\n", t->name,
			   t->event, t->table, t->when ? " WHEN (" : "", t->when ? t->when : "", t->when ? ")" : "", t->name);
	}
}

/* The recomputation of the marked items, in order; ?1 the day of the write (enterprises). */
static const char *const FLUSH[] = {
	"DELETE FROM ent_extra WHERE enterprise_id IN (SELECT id FROM extras_dirty_ent)",
	"INSERT INTO ent_extra(enterprise_id, cov, cov_from, cov_until) SELECT e.id, " ENT_COV_ON("e.id", "?1") ","
	" (SELECT max(day) FROM (" ENT_COV_DAYS("e.id") ") cov_days WHERE day <= ?1),"
	" (SELECT min(day) FROM (" ENT_COV_DAYS("e.id") ") cov_days WHERE day > ?1)"
	" FROM enterprise e WHERE e.id IN (SELECT id FROM extras_dirty_ent)",
	"DELETE FROM extras_dirty_ent",
	"DELETE FROM org_extra WHERE org_id IN (SELECT id FROM extras_dirty_org)",
	"INSERT INTO org_extra(org_id, covers, members) SELECT o.id, " LEDGER_ORG_ALL_COVERS ", " LEDGER_ORG_MEMBERS
	" FROM org o WHERE o.id IN (SELECT id FROM extras_dirty_org)",
	"DELETE FROM extras_dirty_org",
	"DELETE FROM ins_extra WHERE instructor_id IN (SELECT id FROM extras_dirty_ins)",
	"INSERT INTO ins_extra(instructor_id, covers) SELECT i.id, " LEDGER_INS_ALL_COVERS
	" FROM instructor i WHERE i.id IN (SELECT id FROM extras_dirty_ins)",
	"DELETE FROM extras_dirty_ins",
};

/* The district_id columns, one step a schema version (the migration whose fill adds them; the
 * store keeps a step's from that version on, s->districts_at), in order: enterprises and
 * organisations first (a change marks their members), then members, then the records after their
 * members', organisations' and enterprises'. Each table of a step: its marked rows' districts
 * written, each only where it changes (on PostgreSQL partitioned by district a change moves the row
 * to another partition), then its marks dropped; the fill marks every row (after dropping the marks
 * first where the step says so: every row marked once). */
struct district_table {
	const char *name, *set, *unmark, *mark;
};
#define DISTRICT_TABLE(table, alias, value, dirty)                                                            \
	{table,                                                                                                   \
	 "UPDATE " table " SET district_id = sd.v FROM (SELECT " alias ".id, " value " AS v FROM " table " " alias \
	 " WHERE " alias ".id IN (SELECT id FROM " dirty ")) sd WHERE " table ".id = sd.id AND " table            \
	 ".district_id IS DISTINCT FROM sd.v",                                                                     \
	 "DELETE FROM " dirty, "INSERT INTO " dirty "(id) SELECT id FROM " table}
static const struct districts_step {
	int version, unmark_first;
	struct district_table tables[3]; /* name NULL after the last */
} DISTRICTS[] = {
	{35, 0,
	 {DISTRICT_TABLE("enterprise", "e", ENT_DISTRICT("e.community_id"), "district_dirty_ent"),
	  DISTRICT_TABLE("org", "o", ORG_DISTRICT("o.street_id", "o.community_id"), "district_dirty_org"),
	  DISTRICT_TABLE("member", "m", MEMBER_DISTRICT("m.employer_id", "m.org_id"), "district_dirty_mem")}},
	/* From v36 every row marked once (a member's district written by the v35 fill just before, on
	 * PostgreSQL, has marked its dues already; the earlier fills of one upgrade may have marked some). */
	{36, 1,
	 {DISTRICT_TABLE("dues", "du", DUES_DISTRICT("du.member_id"), "district_dirty_dues"),
	  DISTRICT_TABLE("meeting", "mt", MEETING_DISTRICT("mt.org_id"), "district_dirty_meet")}},
	{37, 1,
	 {DISTRICT_TABLE("study", "st", STUDY_DISTRICT("st.member_id"), "district_dirty_study"),
	  DISTRICT_TABLE("development", "dv", DEVELOPMENT_DISTRICT("dv.org_id"), "district_dirty_dev")}},
	{38, 1,
	 {DISTRICT_TABLE("transfer", "tf", TRANSFER_DISTRICT("tf.org_id"), "district_dirty_tf"),
	  DISTRICT_TABLE("visit", "vi", VISIT_DISTRICT("vi.enterprise_id"), "district_dirty_visit")}},
};
#define DISTRICT_TABLES_MAX (sizeof DISTRICTS[0].tables / sizeof DISTRICTS[0].tables[0])

/* PostgreSQL, before the recomputation: the rows it reads that another writer may be changing, locked
 * in one order (enterprises, organisations, instructors; each by id) — the marked items themselves
 * (two writers of one item recompute it one after the other, the second from the first's committed
 * rows) and the rows their extras read through a link (an organisation's mode for its enterprises'
 * state, an enterprise's USCC for its organisations' and instructors' lists): a writer that changed
 * such a row without seeing a link another writer is adding marked nothing through it, and the
 * adder, which sees its own link, waits here for that writer and then reads its committed row. The
 * same for a member's district: its employer's or organisation's row (a district changed by another
 * writer marked only the members that writer saw); and the enterprises and organisations whose
 * district is recomputed, in the same order. Likewise a marked visit's enterprise, a marked
 * meeting's, development record's or transfer's organisation and a marked dues row's or study
 * record's member (after the organisations: the members' order). */
/* A lock of every row of a table whose id a subquery gives (fg_lock_ids, store/schema_pg.c: locked
 * again while a row moved to another district's partition was missed). */
#define LOCK_IDS(table, ids) "SELECT fg_lock_ids('" table "', ARRAY(" ids "))"
static const char *const LOCKS[] = {
	LOCK_IDS("enterprise", "SELECT id FROM extras_dirty_ent"
		 " UNION SELECT enterprise_id FROM coverage WHERE org_id IN (SELECT id FROM extras_dirty_org)"
		 " UNION SELECT enterprise_id FROM assignment WHERE instructor_id IN (SELECT id FROM extras_dirty_ins)"
		 " UNION SELECT id FROM district_dirty_ent"
		 " UNION SELECT employer_id FROM member WHERE id IN (SELECT id FROM district_dirty_mem)"
		 " UNION SELECT enterprise_id FROM visit WHERE id IN (SELECT id FROM district_dirty_visit)"),
	LOCK_IDS("org", "SELECT id FROM extras_dirty_org"
		 " UNION SELECT org_id FROM coverage WHERE enterprise_id IN (SELECT id FROM extras_dirty_ent)"
		 " UNION SELECT id FROM district_dirty_org"
		 " UNION SELECT org_id FROM member WHERE id IN (SELECT id FROM district_dirty_mem) AND employer_id IS NULL"
		 " UNION SELECT org_id FROM meeting WHERE id IN (SELECT id FROM district_dirty_meet)"
		 " UNION SELECT org_id FROM development WHERE id IN (SELECT id FROM district_dirty_dev)"
		 " UNION SELECT org_id FROM transfer WHERE id IN (SELECT id FROM district_dirty_tf)"),
	LOCK_IDS("member", "SELECT member_id FROM dues WHERE id IN (SELECT id FROM district_dirty_dues)"
		 " UNION SELECT member_id FROM study WHERE id IN (SELECT id FROM district_dirty_study)"),
	LOCK_IDS("instructor", "SELECT id FROM extras_dirty_ins"),
};

int store_extras_marks(sql_db *sql)
{
	return sql_exec(sql, TEMP_TABLES);
}

int store_extras_setup(store *s, fg_err *e)
{
	if (store_extras_marks(s->sql) != SQL_OK)
		return db_err(s, e, "准备列表附加信息");
	for (size_t i = 0; s->db && i < sizeof TRIGGERS / sizeof TRIGGERS[0]; i++) {
		const struct trigger *t = &TRIGGERS[i];
		buf q = {0};
		buf_printf(&q, "CREATE TEMP TRIGGER IF NOT EXISTS %s AFTER %s ON main.%s%s%s BEGIN %s END", t->name, t->event,
			   t->table, t->when ? " WHEN " : "", t->when ? t->when : "", t->body);
		int rc = sql_exec(s->sql, buf_cstr(&q));
		buf_free(&q);
		if (rc != SQL_OK)
			return db_err(s, e, "准备列表附加信息");
	}
	return FG_OK;
}

void store_extras_unset(store *s)
{
	for (size_t i = 0; s->db && i < sizeof TRIGGERS / sizeof TRIGGERS[0]; i++) {
		char q[128];
		snprintf(q, sizeof q, "DROP TRIGGER IF EXISTS temp.%s", TRIGGERS[i].name);
		sql_exec(s->sql, q);
	}
}

/* Whether anything is marked. */
static int marked(store *s)
{
	static const char q[] = "SELECT EXISTS (SELECT 1 FROM extras_dirty_ent) OR EXISTS (SELECT 1 FROM"
				" extras_dirty_org) OR EXISTS (SELECT 1 FROM extras_dirty_ins) OR EXISTS (SELECT 1 FROM district_dirty_ent)"
				" OR EXISTS (SELECT 1 FROM district_dirty_org) OR EXISTS (SELECT 1 FROM district_dirty_mem)"
				" OR EXISTS (SELECT 1 FROM district_dirty_dues) OR EXISTS (SELECT 1 FROM district_dirty_meet)"
				" OR EXISTS (SELECT 1 FROM district_dirty_study) OR EXISTS (SELECT 1 FROM district_dirty_dev)"
				" OR EXISTS (SELECT 1 FROM district_dirty_tf) OR EXISTS (SELECT 1 FROM district_dirty_visit)";
	sql_st *st = store_st(s, q);
	int any = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	return any;
}

/* A step's recomputation of its marked rows (DISTRICTS), table by table. */
static int districts_flush(store *s, const struct districts_step *d, fg_err *e)
{
	for (size_t i = 0; i < DISTRICT_TABLES_MAX && d->tables[i].name; i++) {
		const char *q[] = {d->tables[i].set, d->tables[i].unmark};
		for (size_t j = 0; j < 2; j++) {
			sql_st *st = store_st(s, q[j]);
			int rc = sql_step(st);
			sql_reset(st);
			if (rc != SQL_DONE)
				return db_err(s, e, "更新所属区县");
		}
	}
	return FG_OK;
}

int store_extras_flush(store *s, fg_err *e)
{
	/* PostgreSQL: one round trip instead of the locks' and the recomputation's when nothing is marked
	 * (an edit of an enterprise's own columns; the reads of a form inside its write). */
	if (!s->db && !marked(s))
		return FG_OK;
	char day[11];
	date_format(date_today(), day);
	for (size_t i = 0; i < sizeof LOCKS / sizeof LOCKS[0]; i++) {
		int rc = store_lock(s, LOCKS[i], 0, NULL, e);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < sizeof FLUSH / sizeof FLUSH[0]; i++) {
		sql_st *st = store_st(s, FLUSH[i]);
		if (sql_param_count(st) > 0)
			sql_bind_text(st, 1, day);
		int rc = sql_step(st);
		sql_reset(st);
		if (rc != SQL_DONE)
			return db_err(s, e, "更新列表附加信息");
	}
	/* A row of a database partitioned by district that the districts' recomputation gives another
	 * district moves to that district's partition as a delete and an insert (scripts/pg_partition.sql),
	 * whose triggers mark its list extras again after these were recomputed: what they would
	 * recompute is what they hold (a move changes no coverage, member count or list of names), and the
	 * marks go at the next flush. */
	int rc = FG_OK;
	for (size_t i = 0; !rc && i < sizeof DISTRICTS / sizeof DISTRICTS[0]; i++)
		rc = s->districts_at >= DISTRICTS[i].version ? districts_flush(s, &DISTRICTS[i], e) : FG_OK;
	return rc;
}

int store_district_kept(const store *s, const char *table)
{
	for (size_t i = 0; i < sizeof DISTRICTS / sizeof DISTRICTS[0]; i++)
		for (size_t j = 0; j < DISTRICT_TABLES_MAX && DISTRICTS[i].tables[j].name; j++)
			if (strcmp(DISTRICTS[i].tables[j].name, table) == 0)
				return s->districts_at >= DISTRICTS[i].version;
	return 0;
}

int store_districts_fill(store *s, int version, fg_err *e)
{
	const struct districts_step *d = NULL;
	for (size_t i = 0; i < sizeof DISTRICTS / sizeof DISTRICTS[0]; i++)
		d = DISTRICTS[i].version == version ? &DISTRICTS[i] : d;
	if (!d)
		return FG_OK;
	int rc = FG_OK;
	for (size_t i = 0; i < DISTRICT_TABLES_MAX && d->tables[i].name && !rc; i++)
		rc = store_column_add(s, d->tables[i].name, "district_id INTEGER", e);
	/* PostgreSQL keeps the marking triggers in the schema: the new ones made there. SQLite's are the
	 * connection's, made once the database is at the latest version (store_open); here only the
	 * tables they write to (a restore migrates on a connection that has its triggers already). */
	rc = rc ? rc : s->db ? FG_OK : store_pg_extras_triggers(s, e);
	if (!rc && store_extras_marks(s->sql) != SQL_OK)
		rc = db_err(s, e, "填写所属区县");
	if (rc)
		return rc;
	s->districts_at = version; /* the flush keeps this step's columns from now on */
	for (size_t i = 0; i < DISTRICT_TABLES_MAX && d->tables[i].name; i++)
		if ((d->unmark_first && sql_exec(s->sql, d->tables[i].unmark) != SQL_OK) ||
		    sql_exec(s->sql, d->tables[i].mark) != SQL_OK)
			return db_err(s, e, "填写所属区县");
	return store_extras_flush(s, e);
}

int store_extras_fill(store *s, fg_err *e)
{
	int rc = store_extras_setup(s, e);
	if (rc)
		return rc;
	if (sql_exec(s->sql, "INSERT INTO extras_dirty_ent(id) SELECT id FROM enterprise;"
			     "INSERT INTO extras_dirty_org(id) SELECT id FROM org;"
			     "INSERT INTO extras_dirty_ins(id) SELECT id FROM instructor;") != SQL_OK)
		return db_err(s, e, "填写列表附加信息");
	return store_extras_flush(s, e);
}

int store_extras_pending(store *s, fg_err *e)
{
	if (!marked(s))
		return FG_OK;
	if (sql_exec(s->sql, sql_begin_write(s->sql)) != SQL_OK)
		return db_err(s, e, "更新列表附加信息");
	int rc = store_extras_flush(s, e);
	if (rc || sql_exec(s->sql, "COMMIT") != SQL_OK) {
		rc = rc ? rc : db_err(s, e, "更新列表附加信息");
		sql_exec(s->sql, "ROLLBACK");
	}
	return rc;
}
