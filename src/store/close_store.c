/* Deregistration (schema v23, docs/ledger-format.md "撤销、注销、减少"): closing a record of the
 * four ledgers with a date and reason, and reopening it, each one store_put of the record with its
 * closing columns (core/ledger.h COL_CLOSING) set or cleared — so with its checks, scope and history,
 * and replayable by --as-recorded like any write. What a close does to the links (coverage,
 * assignments) is here too, called by the writers in ledger_store.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/ledger_sql.h"
#include "store/dialect.h"
#include "store/pg.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- closing (schema v23): the links a closed record had end on its closing day ---- */

/* The links of one record, by the column naming it: coverage and assignments of an enterprise,
 * coverage of an organisation, assignments of an instructor. */
static const struct {
	const char *end, *revive;
} CLOSE_LINKS[] = {
/* Reviving: a link both of whose sides are current again (the record reopened is written before),
 * and not made again since. */
#define CL(t, c, o, ot)                                                                              \
	{"UPDATE " t " SET end_date = " SQL_LATER("start_date", "?2") " WHERE " c " = ?1 AND end_date IS NULL",       \
	 "UPDATE " t " AS l SET end_date = NULL WHERE " c " = ?1 AND end_date = ?2 AND NOT EXISTS"      \
	 " (SELECT 1 FROM " t " n WHERE n.enterprise_id = l.enterprise_id AND n." o " = l." o           \
	 " AND n.end_date IS NULL) AND NOT EXISTS (SELECT 1 FROM enterprise x WHERE x.id = l.enterprise_id" \
	 " AND x.closed IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM " ot " x WHERE x.id = l." o          \
	 " AND x.closed IS NOT NULL)"}
	CL("coverage", "enterprise_id", "org_id", "org"),                   /* an enterprise */
	CL("assignment", "enterprise_id", "instructor_id", "instructor"),
	CL("coverage", "org_id", "org_id", "org"),                          /* an organisation */
	CL("assignment", "instructor_id", "instructor_id", "instructor"),   /* an instructor */
#undef CL
};

/* Record id was closed on `was` (NULL: open) and is closed on `now` now: closing ends its open
 * links on that day; reopening (a mistake undone) revives those that closing ended. Links from
 * CLOSE_LINKS[first] for n statements. */
int store_closing_links(store *s, int first, int n, int64_t id, const char *was, const char *now, fg_err *e)
{
	if ((was == NULL) == (now == NULL))
		return FG_OK;
	for (int i = first; i < first + n; i++) {
		sql_st *st = store_st(s, now ? CLOSE_LINKS[i].end : CLOSE_LINKS[i].revive);
		sql_bind_int64(st, 1, id);
		sql_bind_text(st, 2, now ? now : was);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, now ? "结束覆盖关系" : "恢复覆盖关系");
		sql_reset(st);
	}
	return FG_OK;
}

/* An organisation is 撤销 only when nothing current hangs on it: its lodged members (减少 or moved
 * first) and its child organisations (撤销 or moved first). */
int store_org_close_refused(store *s, int64_t id, const char *name, fg_err *e)
{
	static const char q[] =
		"SELECT 1, name FROM member WHERE org_id = ?1 AND closed IS NULL"
		" UNION ALL SELECT 2, name FROM org WHERE parent_id = ?1 AND closed IS NULL ORDER BY 1, 2";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	int n[3] = {0};
	buf names[3] = {{0}};
	while (sql_step(st) == SQL_ROW) {
		int k = (int)sql_col_int64(st, 0);
		if (n[k]++ < 3)
			buf_printf(&names[k], "%s%s", names[k].len ? "、" : "", sql_col_text(st, 1));
	}
	sql_reset(st);
	int rc = FG_OK;
	if (n[1] || n[2]) {
		buf m = {0};
		buf_printf(&m, "党组织“%s”还有", name);
		if (n[1])
			buf_printf(&m, " %d 名党员（%s%s）", n[1], buf_cstr(&names[1]), n[1] > 3 ? "等" : "");
		if (n[2])
			buf_printf(&m, "%s %d 个下级党组织（%s%s）", n[1] ? "和" : "", n[2], buf_cstr(&names[2]),
				   n[2] > 3 ? "等" : "");
		buf_puts(&m, "，不能撤销：请先将党员转出或作减少处理、将下级党组织撤销或改隶");
		rc = err_set(e, FG_EINPUT, "%s", buf_cstr(&m));
		buf_free(&m);
	}
	for (int i = 0; i < 3; i++)
		buf_free(&names[i]);
	return rc;
}

int store_column_add(store *s, const char *table, const char *def, fg_err *e)
{
	if (s->sql->backend == SQL_PG)
		return store_pg_column_add(s, table, def, e);
	char q[200];
	int n = (int)strcspn(def, " ");
	snprintf(q, sizeof q, "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%.*s'", table, n, def);
	sql_st *st;
	int have = 0;
	if (sql_prepare(s->sql, q, &st) != SQL_OK)
		return db_err(s, e, "升级数据库结构");
	if (sql_step(st) == SQL_ROW)
		have = (int)sql_col_int64(st, 0);
	sql_finalize(st);
	snprintf(q, sizeof q, "ALTER TABLE %s ADD COLUMN %s", table, def);
	if (!have && sql_exec(s->sql, q) != SQL_OK)
		return db_err(s, e, "升级数据库结构");
	return FG_OK;
}

int store_closing_columns_fill(store *s, fg_err *e)
{
	static const char *const TABLES[] = {"enterprise", "org", "member", "instructor"};
	static const char *const COLS[] = {"closed", "closed_reason"};
	for (size_t t = 0; t < 4; t++)
		for (size_t c = 0; c < 2; c++) {
			char def[64];
			snprintf(def, sizeof def, "%s TEXT", COLS[c]);
			int rc = store_column_add(s, TABLES[t], def, e);
			if (rc)
				return rc;
		}
	if (sql_exec(s->sql, "DROP INDEX IF EXISTS enterprise_order; CREATE INDEX enterprise_order ON"
			 " enterprise(name_key, uscc, community_id, zone_id, status, closed)") != SQL_OK)
		return db_err(s, e, "升级数据库结构");
	return FG_OK;
}

void store_keep_closing(store *s, int on)
{
	s->keep_closing = on;
}

/* The key record of KEY as the CLI and the web name it (an instructor: 姓名/派出单位). */
static void key_rec(const ledger_def *def, char *key, ledger_rec *k)
{
	memset(k, 0, sizeof *k);
	if (def->kind == LEDGER_INSTRUCTORS) {
		char *slash = strchr(key, '/');
		k->f[I_NAME] = key;
		if (slash) {
			*slash = '\0';
			k->f[I_UNIT] = slash + 1;
		}
		return;
	}
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY) {
			k->f[i] = key;
			break;
		}
}

/* The enterprises whose link with organisation / instructor id closing ended on day `on`, still
 * current themselves: the list 覆盖企业 / 指导企业 a reopened record gets back. */
static char *ended_links(store *s, ledger_kind kind, int64_t id, const char *on)
{
	static const char *const Q[2] = {
		"SELECT " SQL_LIST("uscc", "'；'") " FROM (SELECT e.uscc FROM coverage cv JOIN enterprise e"
		" ON e.id = cv.enterprise_id WHERE cv.org_id = ?1 AND cv.end_date = ?2 AND e.closed IS NULL ORDER BY e.uscc) closed_links",
		"SELECT " SQL_LIST("uscc", "'；'") " FROM (SELECT e.uscc FROM assignment a JOIN enterprise e"
		" ON e.id = a.enterprise_id WHERE a.instructor_id = ?1 AND a.end_date = ?2 AND e.closed IS NULL ORDER BY e.uscc) closed_links",
	};
	sql_st *st = store_st(s, Q[kind == LEDGER_INSTRUCTORS]);
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, on);
	char *v = NULL;
	if (sql_step(st) == SQL_ROW && sql_col_text(st, 0))
		v = xstrdup(sql_col_text(st, 0));
	sql_reset(st);
	return v;
}

int store_close_record(store *s, const ledger_def *def, const char *key, const char *date, const char *reason,
		       int today, fg_err *e)
{
	int c = ledger_closing_col(def);
	if (c < 0)
		return err_set(e, FG_EINPUT, "%s的记录不能撤销", def->title);
	const char *word = ledger_closing_word(def);
	char *k = xstrdup(key);
	ledger_rec kr;
	key_rec(def, k, &kr);
	rowtext r = {0};
	int rc = FG_OK;
	buf day = {0}, msg = {0}, why = {0};
	ledger_ctx ctx = {.today = today};
	if (!store_load_row(s, def, &kr, &r)) {
		rc = err_set(e, FG_EINPUT, "%s中没有“%s”", def->title, key);
	} else if (r.rec.f[c]) {
		rc = err_set(e, FG_EINPUT, "“%s”已于 %s %s（%s），不能再次%s", key, r.rec.f[c], word,
			     r.rec.f[c + 1] ? r.rec.f[c + 1] : "", word);
	} else if (!date || ledger_parse_value(&def->cols[c], date, 0, &ctx, &day, &msg) != VAL_OK) {
		rc = err_set(e, FG_EINPUT, "%s：%s", def->cols[c].header, date ? buf_cstr(&msg) : "请填写日期");
	} else if (!reason || ledger_parse_value(&def->cols[c + 1], reason, 0, &ctx, &why, &msg) != VAL_OK) {
		rc = err_set(e, FG_EINPUT, "%s时要写明%s", word, def->cols[c + 1].header);
	} else {
		ledger_rec rec = r.rec;
		rec.f[c] = buf_cstr(&day);
		rec.f[c + 1] = buf_cstr(&why);
		if (def->kind == LEDGER_ORGS)
			rec.f[O_COVERS] = NULL;
		else if (def->kind == LEDGER_INSTRUCTORS)
			rec.f[I_COVERS] = NULL;
		int bad = ledger_check_closing(def, &rec, &msg);
		put_result res;
		if (bad >= 0)
			rc = err_set(e, FG_EINPUT, "%s", buf_cstr(&msg));
		else
			rc = store_put(s, def, &rec, today, &res, &bad, e);
	}
	buf_free(&day);
	buf_free(&msg);
	buf_free(&why);
	buf_free(&r.b);
	free(k);
	return rc;
}

int store_reopen_record(store *s, const ledger_def *def, const char *key, int today, fg_err *e)
{
	int c = ledger_closing_col(def);
	if (c < 0)
		return err_set(e, FG_EINPUT, "%s的记录不能撤销或恢复", def->title);
	char *k = xstrdup(key);
	ledger_rec kr;
	key_rec(def, k, &kr);
	rowtext r = {0};
	int rc = FG_OK;
	char *links = NULL;
	if (!store_load_row(s, def, &kr, &r)) {
		rc = err_set(e, FG_EINPUT, "%s中没有“%s”", def->title, key);
	} else if (!r.rec.f[c]) {
		rc = err_set(e, FG_EINPUT, "“%s”没有%s，不需要恢复", key, ledger_closing_word(def));
	} else {
		ledger_rec rec = r.rec;
		if (def->kind == LEDGER_ORGS)
			rec.f[O_COVERS] = links = ended_links(s, def->kind, r.id, rec.f[c]);
		else if (def->kind == LEDGER_INSTRUCTORS)
			rec.f[I_COVERS] = links = ended_links(s, def->kind, r.id, rec.f[c]);
		rec.f[c] = rec.f[c + 1] = NULL;
		put_result res;
		int bad;
		rc = store_put(s, def, &rec, today, &res, &bad, e);
	}
	free(links);
	buf_free(&r.b);
	free(k);
	return rc;
}
