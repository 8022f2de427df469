/* The facts kept between commands (table facts_kept, schema v39; docs/kept_figures.md): bytes
 * made by report/facts_snap.c, with the history's newest id they were read at. Derived data: no
 * history row, not exported or copied, replaced at will. */
#include "store/kept_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "util/build_id.h"

/* What the kept facts may take of the database: a province's facts of one day are ≈ 280 MB, a
 * city's ≈ 28 MB (docs/kept_figures.md). FGDJ_FACTS_KEPT_BYTES sets another (docs/deploy.md). */
static int64_t kept_bytes(void)
{
	const char *v = getenv("FGDJ_FACTS_KEPT_BYTES");
	char *end;
	long long n = v ? strtoll(v, &end, 10) : -1;
	return v && *v && !*end && n >= 0 ? (int64_t)n : INT64_C(1) << 30;
}

/* Every kept row's bytes begin with the build's identity (util/build_id.h): "FGDJBLD", its length
 * in a byte, its bytes. */
static const char BUILD_MAGIC[7] = {'F', 'G', 'D', 'J', 'B', 'L', 'D'};

void store_facts_kept_start(buf *data)
{
	size_t n;
	const unsigned char *id = build_id(&n);
	unsigned char len = (unsigned char)(n < 255 ? n : 255);
	buf_add(data, BUILD_MAGIC, sizeof BUILD_MAGIC);
	buf_add(data, &len, 1);
	buf_add(data, id, len);
}

/* src past the build's identity (the bytes the caller wrote after store_facts_kept_start). */
typedef struct past_header {
	const byte_source *src;
	size_t skip;
} past_header;

static int past_read(const byte_source *b, void *dst, size_t len, size_t off)
{
	const past_header *h = b->ctx;
	return h->src->read(h->src, dst, len, off + h->skip);
}

/* take(ctx, the bytes after the header) when src begins with this build's identity, else -1. */
static int take_ours(const byte_source *src, int (*take)(void *ctx, const byte_source *src), void *ctx)
{
	size_t n;
	const unsigned char *id = build_id(&n);
	unsigned char head[sizeof BUILD_MAGIC + 1 + 255];
	size_t hn = sizeof BUILD_MAGIC + 1 + n;
	if (!n || n > 255 || src->n < hn || src->read(src, head, hn, 0) != 0 ||
	    memcmp(head, BUILD_MAGIC, sizeof BUILD_MAGIC) != 0 || head[sizeof BUILD_MAGIC] != n ||
	    memcmp(head + sizeof BUILD_MAGIC + 1, id, n) != 0)
		return -1; /* another build's (or cut short) */
	past_header h = {src, hn};
	byte_source rest = {src->n - hn, past_read, &h};
	return take(ctx, &rest);
}

int store_facts_kept_get(store *s, const store_filter *f, int as_of, int mode, int64_t *stamp,
			 int (*take)(void *ctx, const byte_source *src), void *ctx)
{
	/* SQLite: the row's id, and its bytes read a part at a time (sql_blob_open) — a province's are
	 * hundreds of megabytes, which SQLite would otherwise copy whole into memory of its own first;
	 * PostgreSQL reads them whole. */
	int lite = s->sql->backend == SQL_SQLITE;
	static const char by_id[] = "SELECT stamp, rowid FROM facts_kept WHERE region_id = ?1 AND zone_id = ?2"
				    " AND as_of = ?3 AND mode = ?4";
	static const char whole[] = "SELECT stamp, data FROM facts_kept WHERE region_id = ?1 AND zone_id = ?2"
				    " AND as_of = ?3 AND mode = ?4";
	sql_st *st = store_st(s, lite ? by_id : whole);
	if (!st)
		return -1;
	sql_bind_int64(st, 1, f->region_id);
	sql_bind_int64(st, 2, f->zone_id);
	sql_bind_int64(st, 3, as_of);
	sql_bind_int64(st, 4, mode);
	int rc = -1;
	if (sql_step(st) == SQL_ROW) {
		*stamp = sql_col_int64(st, 0);
		byte_source src;
		if (lite) {
			if (sql_blob_open(s->sql, "facts_kept", "data", sql_col_int64(st, 1), &src) == SQL_OK) {
				rc = take_ours(&src, take, ctx);
				sql_blob_close(&src);
			}
		} else {
			int n = sql_col_bytes(st, 1);
			const void *v = sql_col_blob(st, 1);
			src = bytes_in_memory(v, v && n > 0 ? (size_t)n : 0);
			rc = take_ours(&src, take, ctx);
		}
	}
	sql_reset(st);
	return rc;
}

/* A row to write once the read moment is over. */
struct kept_pending {
	store_filter f;
	int as_of, mode;
	int64_t stamp;
	buf data; /* empty: raise the stamp only */
};

void store_keep_facts(store *s, int on)
{
	s->keep_facts = on;
}

int store_facts_kept_wanted(const store *s)
{
	size_t n;
	build_id(&n);
	return s->keep_facts && s->path && *s->path && n > 0 && n <= 255; /* (a build without an id keeps nothing) */
}

void store_facts_kept_later(store *s, const store_filter *f, int as_of, int mode, int64_t stamp, buf *data)
{
	if (!store_facts_kept_wanted(s)) {
		if (data)
			buf_free(data);
		return;
	}
	s->kept = xrealloc(s->kept, (s->nkept + 1) * sizeof *s->kept);
	struct kept_pending *k = &s->kept[s->nkept++];
	memset(k, 0, sizeof *k);
	k->f = *f;
	k->as_of = as_of;
	k->mode = mode;
	k->stamp = stamp;
	if (data) {
		k->data = *data;
		memset(data, 0, sizeof *data);
	}
}

static void bind_keys(sql_st *st, const struct kept_pending *k)
{
	sql_bind_int64(st, 1, k->f.region_id);
	sql_bind_int64(st, 2, k->f.zone_id);
	sql_bind_int64(st, 3, k->as_of);
	sql_bind_int64(st, 4, k->mode);
}

/* One kept row written (or restamped) and the oldest beyond the room pruned: 1 done. In the
 * caller's transaction. */
static int kept_write(store *s, const struct kept_pending *k)
{
	if (!k->data.len) {
		static const char q[] = "UPDATE facts_kept SET stamp = ?5 WHERE region_id = ?1 AND zone_id = ?2 AND as_of = ?3"
					" AND mode = ?4 AND stamp < ?5";
		sql_st *st = store_st(s, q);
		bind_keys(st, k);
		sql_bind_int64(st, 5, k->stamp);
		int ok = sql_step(st) == SQL_DONE;
		sql_reset(st);
		return ok;
	}
	if (k->data.len > (size_t)INT32_MAX - 1)
		return 1; /* beyond what a blob binds: read again next time */
	/* One row per region, zone, day and mode: the newer replaces it. */
	static const char del[] = "DELETE FROM facts_kept WHERE region_id = ?1 AND zone_id = ?2 AND as_of = ?3 AND mode = ?4";
	static const char ins[] = "INSERT INTO facts_kept (region_id, zone_id, as_of, mode, stamp, data)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	/* The newest kept first (a row read back after writes is kept again or restamped: the stamp
	 * says when it last served), as many as fit in kept_bytes() with the ones of this stamp. */
	static const char prune[] =
		"DELETE FROM facts_kept WHERE stamp < ?1 AND (region_id, zone_id, as_of, mode) IN"
		" (SELECT region_id, zone_id, as_of, mode FROM (SELECT region_id, zone_id, as_of, mode,"
		" sum(length(data)) OVER (ORDER BY stamp DESC, region_id, zone_id, as_of, mode) AS upto"
		" FROM facts_kept) t WHERE upto > ?2)";
	sql_st *st = store_st(s, del);
	bind_keys(st, k);
	int ok = sql_step(st) == SQL_DONE;
	sql_reset(st);
	if (ok) {
		st = store_st(s, ins);
		bind_keys(st, k);
		sql_bind_int64(st, 5, k->stamp);
		sql_bind_blob(st, 6, k->data.p, (int)k->data.len);
		ok = sql_step(st) == SQL_DONE;
		sql_reset(st);
	}
	if (ok) {
		st = store_st(s, prune);
		sql_bind_int64(st, 1, k->stamp);
		sql_bind_int64(st, 2, kept_bytes());
		ok = sql_step(st) == SQL_DONE;
		sql_reset(st);
	}
	return ok;
}

void store_facts_kept_flush(store *s)
{
	/* Best effort: a database that cannot be written now (read only, another writer holding
	 * it) reads its facts again next time; nothing else depends on these rows. */
	size_t n = s->nkept;
	struct kept_pending *v = s->kept;
	s->kept = NULL;
	s->nkept = 0;
	fg_err e;
	store_busy_wait(s, 0); /* never waits for another writer */
	int rc = store_begin(s, "fgdj", NULL, &e);
	store_busy_wait(s, 1);
	for (size_t i = 0; !rc && i < n; i++)
		if (!kept_write(s, &v[i]))
			rc = FG_EFAIL;
	if (!rc)
		(void)store_commit(s, &e);
	else if (s->in_tx)
		store_rollback(s);
	for (size_t i = 0; i < n; i++)
		buf_free(&v[i].data);
	free(v);
}

void store_facts_kept_drop(store *s)
{
	for (size_t i = 0; i < s->nkept; i++)
		buf_free(&s->kept[i].data);
	free(s->kept);
	s->kept = NULL;
	s->nkept = 0;
}
