/* The facts kept between commands (table facts_kept, schema v39; docs/kept_figures.md): bytes
 * made by report/facts_snap.c, with the history's newest id they were read at. Derived data: no
 * history row, not exported or copied, replaced at will. */
#include "store/kept_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* What the kept facts may take of the database: a province's facts of one day are ≈ 280 MB, a
 * city's ≈ 28 MB (docs/kept_figures.md). FGDJ_FACTS_KEPT_BYTES sets another (docs/deploy.md). */
static int64_t kept_bytes(void)
{
	const char *v = getenv("FGDJ_FACTS_KEPT_BYTES");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : -1;
	return v && *v && !*end && n >= 0 ? (int64_t)n : INT64_C(1) << 30;
}

int store_facts_kept_get(store *s, const store_filter *f, int as_of, int mode, int64_t *stamp, buf *data)
{
	static const char q[] = "SELECT stamp, data FROM facts_kept WHERE region_id = ?1 AND zone_id = ?2 AND as_of = ?3"
				" AND mode = ?4";
	sql_st *st = store_st(s, q);
	if (!st)
		return 0;
	sql_bind_int64(st, 1, f->region_id);
	sql_bind_int64(st, 2, f->zone_id);
	sql_bind_int64(st, 3, as_of);
	sql_bind_int64(st, 4, mode);
	int found = 0;
	if (sql_step(st) == SQL_ROW) {
		*stamp = sql_col_int64(st, 0);
		int n = sql_col_bytes(st, 1);
		const void *v = sql_col_blob(st, 1);
		if (v && n > 0) {
			buf_reset(data);
			buf_add(data, v, (size_t)n);
			found = 1;
		}
	}
	sql_reset(st);
	return found;
}

int store_facts_kept_put(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, const void *data,
			 size_t n, fg_err *e)
{
	if (!s->path || !*s->path)
		return FG_OK; /* a database rebuilt in memory (--as-recorded): nothing to keep */
	if (n > (size_t)INT32_MAX - 1)
		return FG_OK; /* beyond what a blob binds: read again next time */
	/* Never waits for another writer: the facts are kept by whoever reads next. */
	store_busy_wait(s, 0);
	int rc = store_begin(s, "fgdj", NULL, e);
	store_busy_wait(s, 1);
	if (rc)
		return rc;
	/* One row per region, zone, day and mode: the newer replaces it. */
	static const char del[] = "DELETE FROM facts_kept WHERE region_id = ?1 AND zone_id = ?2 AND as_of = ?3 AND mode = ?4";
	static const char ins[] = "INSERT INTO facts_kept (region_id, zone_id, as_of, mode, stamp, data)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sql_st *st = store_st(s, del);
	sql_bind_int64(st, 1, f->region_id);
	sql_bind_int64(st, 2, f->zone_id);
	sql_bind_int64(st, 3, as_of);
	sql_bind_int64(st, 4, mode);
	int ok = sql_step(st) == SQL_DONE;
	sql_reset(st);
	if (ok) {
		st = store_st(s, ins);
		sql_bind_int64(st, 1, f->region_id);
		sql_bind_int64(st, 2, f->zone_id);
		sql_bind_int64(st, 3, as_of);
		sql_bind_int64(st, 4, mode);
		sql_bind_int64(st, 5, stamp);
		sql_bind_blob(st, 6, data, (int)n);
		ok = sql_step(st) == SQL_DONE;
		sql_reset(st);
	}
	if (ok) {
		/* The newest kept first (a row read back after writes is kept again or restamped:
		 * the stamp says when it last served), as many as fit in kept_bytes() with the one just
		 * kept whatever its size. */
		static const char prune[] =
			"DELETE FROM facts_kept WHERE stamp < ?1 AND (region_id, zone_id, as_of, mode) IN"
			" (SELECT region_id, zone_id, as_of, mode FROM (SELECT region_id, zone_id, as_of, mode,"
			" sum(length(data)) OVER (ORDER BY stamp DESC, region_id, zone_id, as_of, mode) AS upto"
			" FROM facts_kept) t WHERE upto > ?2)";
		st = store_st(s, prune);
		sql_bind_int64(st, 1, stamp);
		sql_bind_int64(st, 2, kept_bytes());
		ok = sql_step(st) == SQL_DONE;
		sql_reset(st);
	}
	if (!ok) {
		store_rollback(s);
		return err_set(e, FG_EFAIL, "保存统计用的数据失败");
	}
	return store_commit(s, e);
}

int store_facts_kept_stamp(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, fg_err *e)
{
	if (!s->path || !*s->path)
		return FG_OK;
	store_busy_wait(s, 0);
	int rc = store_begin(s, "fgdj", NULL, e);
	store_busy_wait(s, 1);
	if (rc)
		return rc;
	static const char q[] = "UPDATE facts_kept SET stamp = ?5 WHERE region_id = ?1 AND zone_id = ?2 AND as_of = ?3"
				" AND mode = ?4 AND stamp < ?5";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, f->region_id);
	sql_bind_int64(st, 2, f->zone_id);
	sql_bind_int64(st, 3, as_of);
	sql_bind_int64(st, 4, mode);
	sql_bind_int64(st, 5, stamp);
	int ok = sql_step(st) == SQL_DONE;
	sql_reset(st);
	if (!ok) {
		store_rollback(s);
		return err_set(e, FG_EFAIL, "保存统计用的数据失败");
	}
	return store_commit(s, e);
}
