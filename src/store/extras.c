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
 *
 * Which items a write touches is not left to each writer: temporary triggers of the connection
 * (store_extras_setup) mark them in temporary tables whatever writes the row (import, web form,
 * API, closing, transfers, plan adoption, the as-recorded replay, a later migration), and
 * store_extras_flush recomputes the marked items with the statements below, at commit and before
 * a list is read inside a write. The migration's fill marks every item and recomputes. */
#include "store/ledger_sql.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* Tables and triggers in the connection's temp schema; unqualified names in a trigger's body
 * resolve to these (their names are unique). An id may be marked more than once: no key, for a
 * statement's conflict clause (INSERT OR REPLACE …) would apply to its triggers' inserts too. */
static const char SETUP[] =
	"CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ent (id INTEGER);"
	"CREATE TEMP TABLE IF NOT EXISTS extras_dirty_org (id INTEGER);"
	"CREATE TEMP TABLE IF NOT EXISTS extras_dirty_ins (id INTEGER);"
	/* An enterprise: its own row; a new USCC renames it in its organisations' and instructors' lists. */
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_ent_i AFTER INSERT ON main.enterprise BEGIN"
	" INSERT INTO extras_dirty_ent(id) VALUES (new.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_ent_d AFTER DELETE ON main.enterprise BEGIN"
	" INSERT INTO extras_dirty_ent(id) VALUES (old.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_ent_u AFTER UPDATE OF uscc ON main.enterprise"
	" WHEN old.uscc IS NOT new.uscc BEGIN"
	" INSERT INTO extras_dirty_org(id) SELECT org_id FROM coverage WHERE enterprise_id = new.id;"
	" INSERT INTO extras_dirty_ins(id) SELECT instructor_id FROM assignment WHERE enterprise_id = new.id;"
	" END;"
	/* A coverage link: its enterprise's state and its organisation's list, before and after. */
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_cov_i AFTER INSERT ON main.coverage BEGIN"
	" INSERT INTO extras_dirty_ent(id) VALUES (new.enterprise_id);"
	" INSERT INTO extras_dirty_org(id) VALUES (new.org_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_cov_d AFTER DELETE ON main.coverage BEGIN"
	" INSERT INTO extras_dirty_ent(id) VALUES (old.enterprise_id);"
	" INSERT INTO extras_dirty_org(id) VALUES (old.org_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_cov_u AFTER UPDATE ON main.coverage BEGIN"
	" INSERT INTO extras_dirty_ent(id) VALUES (old.enterprise_id), (new.enterprise_id);"
	" INSERT INTO extras_dirty_org(id) VALUES (old.org_id), (new.org_id); END;"
	/* An organisation: its own row; its mode and founding day decide its enterprises' state. */
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_org_i AFTER INSERT ON main.org BEGIN"
	" INSERT INTO extras_dirty_org(id) VALUES (new.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_org_d AFTER DELETE ON main.org BEGIN"
	" INSERT INTO extras_dirty_org(id) VALUES (old.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_org_u AFTER UPDATE OF mode, founded ON main.org"
	" WHEN old.mode IS NOT new.mode OR old.founded IS NOT new.founded BEGIN"
	" INSERT INTO extras_dirty_ent(id) SELECT enterprise_id FROM coverage WHERE org_id = new.id;"
	" END;"
	/* A member: the count of the organisation it leaves and of the one it joins. */
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_mem_i AFTER INSERT ON main.member WHEN new.org_id IS NOT NULL BEGIN"
	" INSERT INTO extras_dirty_org(id) VALUES (new.org_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_mem_d AFTER DELETE ON main.member WHEN old.org_id IS NOT NULL BEGIN"
	" INSERT INTO extras_dirty_org(id) VALUES (old.org_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_mem_u AFTER UPDATE OF org_id, relation, closed ON main.member BEGIN"
	" INSERT INTO extras_dirty_org(id) SELECT old.org_id WHERE old.org_id IS NOT NULL"
	" UNION ALL SELECT new.org_id WHERE new.org_id IS NOT NULL; END;"
	/* An instructor and its assignments. */
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_ins_i AFTER INSERT ON main.instructor BEGIN"
	" INSERT INTO extras_dirty_ins(id) VALUES (new.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_ins_d AFTER DELETE ON main.instructor BEGIN"
	" INSERT INTO extras_dirty_ins(id) VALUES (old.id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_asg_i AFTER INSERT ON main.assignment BEGIN"
	" INSERT INTO extras_dirty_ins(id) VALUES (new.instructor_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_asg_d AFTER DELETE ON main.assignment BEGIN"
	" INSERT INTO extras_dirty_ins(id) VALUES (old.instructor_id); END;"
	"CREATE TEMP TRIGGER IF NOT EXISTS extras_asg_u AFTER UPDATE ON main.assignment BEGIN"
	" INSERT INTO extras_dirty_ins(id) VALUES (old.instructor_id), (new.instructor_id); END;";

/* The recomputation of the marked items, in order; ?1 the day of the write (enterprises). */
static const char *const FLUSH[] = {
	"DELETE FROM ent_extra WHERE enterprise_id IN (SELECT id FROM temp.extras_dirty_ent)",
	"INSERT INTO ent_extra(enterprise_id, cov, cov_from, cov_until) SELECT e.id, " ENT_COV_ON("e.id", "?1") ","
	" (SELECT max(day) FROM (" ENT_COV_DAYS("e.id") ") WHERE day <= ?1),"
	" (SELECT min(day) FROM (" ENT_COV_DAYS("e.id") ") WHERE day > ?1)"
	" FROM enterprise e WHERE e.id IN (SELECT id FROM temp.extras_dirty_ent)",
	"DELETE FROM temp.extras_dirty_ent",
	"DELETE FROM org_extra WHERE org_id IN (SELECT id FROM temp.extras_dirty_org)",
	"INSERT INTO org_extra(org_id, covers, members) SELECT o.id, " LEDGER_ORG_ALL_COVERS ", " LEDGER_ORG_MEMBERS
	" FROM org o WHERE o.id IN (SELECT id FROM temp.extras_dirty_org)",
	"DELETE FROM temp.extras_dirty_org",
	"DELETE FROM ins_extra WHERE instructor_id IN (SELECT id FROM temp.extras_dirty_ins)",
	"INSERT INTO ins_extra(instructor_id, covers) SELECT i.id, " LEDGER_INS_ALL_COVERS
	" FROM instructor i WHERE i.id IN (SELECT id FROM temp.extras_dirty_ins)",
	"DELETE FROM temp.extras_dirty_ins",
};

int store_extras_setup(store *s, fg_err *e)
{
	if (sql_exec(s->sql, SETUP) != SQL_OK)
		return db_err(s, e, "准备列表附加信息");
	return FG_OK;
}

int store_extras_flush(store *s, fg_err *e)
{
	char day[11];
	date_format(date_today(), day);
	for (size_t i = 0; i < sizeof FLUSH / sizeof FLUSH[0]; i++) {
		sql_st *st = store_st(s, FLUSH[i]);
		if (sql_param_count(st) > 0)
			sql_bind_text(st, 1, day);
		int rc = sql_step(st);
		sql_reset(st);
		if (rc != SQL_DONE)
			return db_err(s, e, "更新列表附加信息");
	}
	return FG_OK;
}

int store_extras_fill(store *s, fg_err *e)
{
	int rc = store_extras_setup(s, e);
	if (rc)
		return rc;
	if (sql_exec(s->sql, "INSERT INTO temp.extras_dirty_ent(id) SELECT id FROM enterprise;"
			     "INSERT INTO temp.extras_dirty_org(id) SELECT id FROM org;"
			     "INSERT INTO temp.extras_dirty_ins(id) SELECT id FROM instructor;") != SQL_OK)
		return db_err(s, e, "填写列表附加信息");
	return store_extras_flush(s, e);
}

int store_extras_pending(store *s, fg_err *e)
{
	static const char q[] = "SELECT EXISTS (SELECT 1 FROM temp.extras_dirty_ent) OR EXISTS (SELECT 1 FROM"
				" temp.extras_dirty_org) OR EXISTS (SELECT 1 FROM temp.extras_dirty_ins)";
	sql_st *st = store_st(s, q);
	int any = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	if (!any)
		return FG_OK;
	if (sql_exec(s->sql, "BEGIN IMMEDIATE") != SQL_OK)
		return db_err(s, e, "更新列表附加信息");
	int rc = store_extras_flush(s, e);
	if (rc || sql_exec(s->sql, "COMMIT") != SQL_OK) {
		rc = rc ? rc : db_err(s, e, "更新列表附加信息");
		sql_exec(s->sql, "ROLLBACK");
	}
	return rc;
}
