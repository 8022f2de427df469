/* The change log across rows: see history_query.h. */
#include "store/history_query.h"

#include "store/store_int.h"

/* One statement per combination of filters (bit 0 table, bit 1 key, bit 2 user, bit 3 no logins
 * — only without a table), so that each
 * uses what the (tbl, key) index offers: a key with its table is an index lookup, a key alone
 * looks it up under each table the log has, a table alone is an index range. A page selects the
 * ids first (from the index, or backwards along the primary key until the page is full) and
 * reads the rows of those ids only. Only fixed fragments are joined here; values are bound. */
#define SEL "SELECT id, at, who, tbl, key, op, old, new, source FROM history WHERE id IN (SELECT id FROM history WHERE 1 = 1"
#define END " ORDER BY id DESC LIMIT ?4 OFFSET ?5) ORDER BY id DESC"
#define CNT "SELECT count(*) FROM history WHERE 1 = 1"
#define F_TBL " AND tbl = ?1"
#define F_KEY " AND key = ?2"
#define F_KEY_ANY " AND tbl IN (SELECT DISTINCT tbl FROM history) AND key = ?2"
#define F_WHO " AND (who = ?3 OR who = 'web:' || ?3 OR who = '命令行:' || ?3)"
#define F_NOLOGIN " AND tbl <> 'session'"

#define SHAPES(pre, post)                                                                             \
	pre post, pre F_TBL post, pre F_KEY_ANY post, pre F_TBL F_KEY post, pre F_WHO post,          \
		pre F_TBL F_WHO post, pre F_KEY_ANY F_WHO post, pre F_TBL F_KEY F_WHO post
static const char *const PAGE[16] = {SHAPES(SEL, END), SHAPES(SEL F_NOLOGIN, END)};
static const char *const COUNT[16] = {SHAPES(CNT, ""), SHAPES(CNT F_NOLOGIN, "")};

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* Binds the filters a statement names (SQLite refuses, harmlessly, an index it does not use). */
static void bind_filters(sql_st *st, const hist_query *q)
{
	if (nz(q->tbl))
		sql_bind_text(st, 1, q->tbl);
	if (nz(q->key))
		sql_bind_text(st, 2, q->key);
	if (nz(q->who))
		sql_bind_text(st, 3, q->who);
}

int store_history_page(store *s, const hist_query *q, int64_t *total,
		       int (*fn)(void *ctx, int64_t id, const hist_entry *h), void *ctx, fg_err *e)
{
	int shape = (nz(q->tbl) ? 1 : 0) | (nz(q->key) ? 2 : 0) | (nz(q->who) ? 4 : 0) |
		    (q->no_logins && !nz(q->tbl) ? 8 : 0);
	sql_st *st = store_st(s, COUNT[shape]);
	bind_filters(st, q);
	*total = 0;
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		*total = sql_col_int64(st, 0);
	sql_reset(st);
	if (rc != SQL_ROW)
		return db_err(s, e, "统计历史记录");
	int64_t limit = q->limit < 1 ? 1 : q->limit > 1000 ? 1000 : q->limit;
	st = store_st(s, PAGE[shape]);
	bind_filters(st, q);
	sql_bind_int64(st, 4, limit);
	sql_bind_int64(st, 5, q->offset > 0 ? q->offset : 0);
	while ((rc = sql_step(st)) == SQL_ROW) {
		hist_entry h = {
			sql_col_text(st, 1), sql_col_text(st, 2),
			sql_col_text(st, 3), sql_col_text(st, 4),
			sql_col_text(st, 5), sql_col_text(st, 6),
			sql_col_text(st, 7), sql_col_text(st, 8),
		};
		int r = fn(ctx, sql_col_int64(st, 0), &h);
		if (r) {
			sql_reset(st);
			return r;
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "读取历史记录");
}

const char *store_stamp_sql(const store *s)
{
	static const char sql[] = "SELECT max(id) FROM history";
	/* PostgreSQL: writers run side by side, and one may commit a higher id before another commits
	 * a lower one, so the newest id alone would stay the same across that second commit. The stamp
	 * is read only from a settled snapshot, one that no write transaction was open at (xmin = xmax):
	 * then every id drawn before it is committed or gone, every later one is higher and shows in the
	 * next settled stamp; else -1, which keeps nothing (docs/postgresql.md, "并发写入"). */
	static const char pg_sql[] = "SELECT CASE WHEN pg_snapshot_xmin(pg_current_snapshot())"
				     " = pg_snapshot_xmax(pg_current_snapshot()) THEN coalesce(max(id), 0) ELSE -1 END"
				     " FROM history";
	return s->db ? sql : pg_sql;
}

int64_t store_history_last_id(store *s)
{
	/* In a read transaction of its own the snapshot, and so the stamp, is the one read as it began. */
	if (s->read_tx)
		return s->read_stamp;
	sql_st *st = store_st(s, store_stamp_sql(s));
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : -1;
	sql_reset(st);
	return id;
}
