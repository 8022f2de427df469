/* The streets, communities and zones a scope may pick from (query.h query_regions, query_zones),
 * kept per process and scope while the data is unchanged, and every region for the as-recorded
 * replay (store_regions_each). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/history_query.h"
#include "store/query.h"
#include "store/query_int.h"
#include "store/store_int.h"

/* ---- places ----
 *
 * The streets, communities and zones a scope may pick from are on every list page (1,000 and more
 * at city scale, sorted by the zh collation): kept per process like the lists' page keys (query_keys.c), by
 * database and scope, while the newest history id is unchanged (places change through the
 * history too). A kept answer is its rows as text: fields ending in \x1f. */

#define PL_SLOTS 16

typedef struct place_rows {
	char *list;
	int64_t stamp;
	buf rows;
	uint64_t used;
} place_rows;

static pthread_mutex_t pl_mu = PTHREAD_MUTEX_INITIALIZER;
static place_rows pl_slot[PL_SLOTS];
static uint64_t pl_clock;

/* The kept rows of (what, scope) into out; 1 when found. *list receives the key (NULL: not keepable). */
static int pl_get(store *s, const char *what, const store_filter *scope, char **list, int64_t *stamp, buf *out)
{
	*list = NULL;
	const char *file = store_cache_name(s);
	if (!file || (*stamp = store_history_last_id(s)) < 0)
		return 0;
	buf k = {0};
	buf_printf(&k, "%s\x1f%s\x1f%lld\x1f%lld", file, what, (long long)(scope ? scope->region_id : NO_REGION),
		   (long long)(scope ? scope->org_id : 0));
	*list = buf_detach(&k);
	int found = 0;
	pthread_mutex_lock(&pl_mu);
	for (int i = 0; i < PL_SLOTS && !found; i++) {
		place_rows *c = &pl_slot[i];
		if (c->list && c->stamp == *stamp && strcmp(c->list, *list) == 0) {
			c->used = ++pl_clock;
			buf_add(out, c->rows.p, c->rows.len);
			found = 1;
		}
	}
	pthread_mutex_unlock(&pl_mu);
	return found;
}

static void pl_put(char *list, int64_t stamp, const buf *rows)
{
	if (!list)
		return;
	pthread_mutex_lock(&pl_mu);
	place_rows *slot = &pl_slot[0];
	for (int i = 0; i < PL_SLOTS; i++) {
		place_rows *c = &pl_slot[i];
		if (c->list && strcmp(c->list, list) == 0) {
			slot = c;
			break;
		}
		if (!c->list || c->used < slot->used)
			slot = c;
	}
	if (!slot->list || slot->stamp <= stamp) {
		free(slot->list);
		buf_free(&slot->rows);
		slot->list = list;
		list = NULL;
		slot->stamp = stamp;
		buf_add(&slot->rows, rows->p, rows->len);
		slot->used = ++pl_clock;
	}
	pthread_mutex_unlock(&pl_mu);
	free(list);
}

/* Reads st's text columns (ncols) into rows, each field ending in \x1f. */
static int pl_read(store *s, sql_st *st, int ncols, buf *rows, const char *what, fg_err *e)
{
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW)
		for (int i = 0; i < ncols; i++) {
			const char *v = sql_col_text(st, i);
			buf_puts(rows, v ? v : "");
			buf_putc(rows, '\x1f');
		}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, what);
}

/* The next field of rows at *at (NUL-terminated in place), or NULL at the end. */
static char *pl_next(buf *rows, size_t *at)
{
	if (*at >= rows->len)
		return NULL;
	char *f = rows->p + *at;
	char *end = memchr(f, '\x1f', rows->len - *at);
	*end = '\0';
	*at = (size_t)(end - rows->p) + 1;
	return f;
}

/* The rows (ncols each) of the scope's choice list `what` from sql, kept per scope and history
 * stamp (pl_get/pl_put): FG_OK with *rows filled, which the caller frees. */
static int pl_rows(store *s, const char *what, const store_filter *scope, const char *sql, int ncols, const char *doing,
		   buf *rows, fg_err *e)
{
	char *list;
	int64_t stamp = -1;
	int ret = store_read_begin(s, e); /* the stamp and the rows of one moment */
	if (ret)
		return ret;
	if (!pl_get(s, what, scope, &list, &stamp, rows)) {
		sql_st *st = store_st(s, sql);
		query_bind_scope(st, scope);
		ret = pl_read(s, st, ncols, rows, doing, e);
		if (ret == FG_OK)
			pl_put(list, stamp, rows);
		else
			free(list);
	} else {
		free(list);
	}
	store_read_end(s);
	return ret;
}

int query_regions(store *s, const store_filter *scope,
		  int (*fn)(void *ctx, int64_t id, int64_t parent_id, const char *level, const char *name), void *ctx,
		  fg_err *e)
{
	/* A street by its path ("区县/街道" in a city), a community by its name. */
	static const char sql[] = "SELECT r.id, coalesce(r.parent_id, 0), r.level,"
				  " CASE r.level WHEN 'street' THEN " REGION_PATH("r.id") " ELSE r.name END FROM region r"
				  " WHERE r.id <> 1 AND ?2 = 0 AND (?1 = 0 OR ?1 = 1 OR "
				  SCOPE_IN_REGION("r.id", "?1") ") ORDER BY CASE r.level WHEN 'district' THEN 0 WHEN 'street' THEN 1"
				  " ELSE 2 END,"
				  " r.name_key, r.id";
	buf rows = {0};
	int ret = pl_rows(s, "regions", scope, sql, 4, "读取街道和社区", &rows, e);
	size_t at = 0;
	char *id, *parent, *level, *name;
	while (ret == FG_OK && (id = pl_next(&rows, &at)) && (parent = pl_next(&rows, &at)) &&
	       (level = pl_next(&rows, &at)) && (name = pl_next(&rows, &at)))
		ret = fn(ctx, strtoll(id, NULL, 10), strtoll(parent, NULL, 10), level, name);
	buf_free(&rows);
	return ret;
}

int query_zones(store *s, const store_filter *scope, int (*fn)(void *ctx, int64_t id, const char *name, const char *kind),
		void *ctx, fg_err *e)
{
	static const char sql[] = "SELECT z.id, z.name, z.kind FROM zone z WHERE EXISTS (SELECT 1" ENT_BASE
				  " WHERE e.zone_id = z.id AND " ENT_SCOPE ") ORDER BY z.name_key, z.id";
	buf rows = {0};
	int ret = pl_rows(s, "zones", scope, sql, 3, "读取区域", &rows, e);
	size_t at = 0;
	char *id, *name, *kind;
	while (ret == FG_OK && (id = pl_next(&rows, &at)) && (name = pl_next(&rows, &at)) && (kind = pl_next(&rows, &at)))
		ret = fn(ctx, strtoll(id, NULL, 10), name, kind);
	buf_free(&rows);
	return ret;
}

int store_regions_each(store *s, int64_t scope, int above,
		       int (*fn)(void *ctx, int64_t id, int64_t parent, const char *level, const char *name), void *ctx,
		       fg_err *e)
{
	static const char sql[] = "SELECT r.id, r.parent_id, r.level, CASE r.level WHEN 'street' THEN " REGION_PATH("r.id")
				  " ELSE r.name END FROM region r WHERE r.id <> 1 AND (?1 = 0 OR ?1 = 1 OR "
				  SCOPE_IN_REGION("r.id", "?1") " OR (?2 <> 0 AND " REGION_ABOVE("r.id", "?1") ")) ORDER BY r.id";
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, scope);
	sql_bind_int64(st, 2, above);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int r = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1),
			   sql_col_text(st, 2), sql_col_text(st, 3));
		if (r) {
			sql_reset(st);
			return r;
		}
	}
	sql_reset(st);
	return rc == SQL_DONE ? FG_OK : db_err(s, e, "读取街道和社区");
}
