/* Lists paged by their stored sort keys (query_int.h "pages by stored sort keys"): the kept passes
 * over a list's keys, per process, and the range of rows a page asks for.
 *
 * A list (scope, filters, search, day: the caller's list id) is read by keyset, not by OFFSET: the
 * first time it is asked for, one ordered pass over its sort keys (a stored key such as name_key,
 * then a unique text such as the USCC: a total order) counts it and keeps the keys of the first
 * row of every page of QUERY_PAGE_SIZE, and, for a list of at most PK_IDS rows, every row id in
 * order. Any page is then its row ids, or a range of the sort-order indexes between two kept keys:
 * page 1 and the last page cost the same, and the count is the kept one. The pass is valid while
 * the newest history id is unchanged (every write appends to the history in its transaction, as
 * the web's dashboard cache relies on too); it is never kept inside a write transaction (the stamp
 * there may be rolled back) nor for an unnamed (in-memory) database: the caller then passes no
 * list id. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/history_query.h"
#include "store/query_int.h"
#include "store/store_int.h"

#define PK_SLOTS 48  /* lists kept; the least recently used goes */
#define PK_IDS 20000 /* a list this short keeps its row ids (160 kB): a page is then its ids */
/* A list without stored sort keys (instructors; the party-work records are walked instead, below)
 * has only its ids to page by: it keeps them up to this many rows, else it is paged by OFFSET. The ids every kept list holds together stay below PK_BUDGET: beyond it the least
 * recently used lists go. */
#define PK_IDS_UNKEYED 3000000
#define PK_BUDGET 4000000

typedef struct page_keys {
	char *list;     /* what is listed: database, kind, scope, filters (the caller's list id) */
	int64_t stamp;  /* store_history_last_id of the state read */
	int64_t total;  /* rows of the list */
	int keyed;      /* every row has a stored sort key: pages are key ranges */
	size_t npages;
	size_t *off;    /* per page: where its first row's keys start in keys */
	buf keys;       /* per page: the sort key's length (size_t), bytes, the second key NUL-terminated */
	int64_t *ids;   /* a short list (≤ PK_IDS rows): every row id in order, else NULL */
	uint64_t used;  /* LRU clock */
} page_keys;

static pthread_mutex_t pk_mu = PTHREAD_MUTEX_INITIALIZER;
static page_keys pk_slot[PK_SLOTS];
static uint64_t pk_clock;

static void pk_free(page_keys *k)
{
	free(k->list);
	free(k->off);
	free(k->ids);
	buf_free(&k->keys);
	memset(k, 0, sizeof *k);
}

/* The ids kept lists hold: within PK_BUDGET, dropping the least recently used lists but keep
 * (under pk_mu). */
static void pk_trim(const page_keys *keep)
{
	for (;;) {
		int64_t held = 0;
		page_keys *old = NULL;
		for (int i = 0; i < PK_SLOTS; i++) {
			page_keys *c = &pk_slot[i];
			if (!c->list || !c->ids)
				continue;
			held += c->total;
			if (c != keep && (!old || c->used < old->used))
				old = c;
		}
		if (held <= PK_BUDGET || !old)
			return;
		pk_free(old);
	}
}

/* One ordered pass of st (sort key, second key, row id) into k (k->list and k->stamp are the
 * caller's). PK_UNKEYED: rows without a sort key, too many to keep their ids. */
static int pk_read(store *s, sql_st *st, page_keys *k, fg_err *e)
{
	size_t cap = 0;
	int rc;
	k->keyed = 1;
	k->ids = xmalloc(1024 * sizeof *k->ids);
	while ((rc = sql_step(st)) == SQL_ROW) {
		if (k->ids && k->total >= (k->keyed ? PK_IDS : PK_IDS_UNKEYED)) {
			free(k->ids);
			k->ids = NULL;
		} else if (k->ids) {
			if (k->total >= 1024 && !(k->total & (k->total - 1))) /* a power of two: full */
				k->ids = xrealloc(k->ids, 2 * (size_t)k->total * sizeof *k->ids);
			k->ids[k->total] = sql_col_int64(st, 2);
		}
		if (!k->keyed && !k->ids)
			break;
		if (k->total++ % QUERY_PAGE_SIZE || !k->keyed)
			continue;
		if (sql_col_type(st, 0) != SQL_BLOB) { /* no sort key: pages by ids only */
			k->keyed = 0;
			continue;
		}
		if (k->npages == cap) {
			cap = cap ? 2 * cap : 64;
			k->off = xrealloc(k->off, cap * sizeof *k->off);
		}
		k->off[k->npages++] = k->keys.len;
		size_t n = (size_t)sql_col_bytes(st, 0);
		buf_add(&k->keys, (const char *)&n, sizeof n);
		buf_add(&k->keys, sql_col_blob(st, 0), n);
		const char *u = sql_col_text(st, 1);
		buf_add(&k->keys, u ? u : "", strlen(u ? u : "") + 1);
	}
	sql_reset(st);
	if (k->ids && k->total > 1024) /* its exact size: the doubling left up to half of it unused */
		k->ids = xrealloc(k->ids, (size_t)k->total * sizeof *k->ids);
	if (rc != SQL_DONE && rc != SQL_ROW)
		return db_err(s, e, "读取台账");
	return !k->keyed && !k->ids ? PK_UNKEYED : FG_OK;
}

/* The keys of page i of k into key (the sort key) and second (the second key). */
static void pk_key(const page_keys *k, size_t i, buf *key, buf *second)
{
	const char *at = k->keys.p + k->off[i];
	size_t n;
	memcpy(&n, at, sizeof n);
	buf_add(key, at + sizeof n, n);
	buf_puts(second, at + sizeof n + n);
}

/* The rows [offset, offset + limit) of the list k into r: their ids when kept (and the page is
 * short, or the list has no sort keys), else the first key of the page holding offset (skipping
 * the rows before it) and the first key of the page after the last row (none for the last page or
 * an unlimited read). PK_UNKEYED when neither serves. */
static int pk_range_of(const page_keys *k, const query_list *q, pk_range *r)
{
	r->total = k->total;
	if (q->offset >= k->total)
		return FG_OK;
	if (k->ids && q->limit > 0 && (q->limit <= PK_PAGE_IDS || !k->keyed)) {
		int64_t n = k->total - q->offset < q->limit ? k->total - q->offset : q->limit;
		r->ids = xmalloc((size_t)n * sizeof *r->ids);
		memcpy(r->ids, k->ids + q->offset, (size_t)n * sizeof *r->ids);
		r->nids = n;
		return FG_OK;
	}
	if (!k->keyed || !k->npages)
		return PK_UNKEYED;
	size_t first = (size_t)(q->offset / QUERY_PAGE_SIZE);
	r->skip = q->offset % QUERY_PAGE_SIZE;
	pk_key(k, first, &r->lo, &r->lo_u);
	if (q->limit > 0) {
		size_t end = (size_t)((q->offset + q->limit + QUERY_PAGE_SIZE - 1) / QUERY_PAGE_SIZE);
		if (end < k->npages) {
			pk_key(k, end, &r->hi, &r->hi_u);
			r->bounded = 1;
		}
	}
	return FG_OK;
}

void pk_range_free(pk_range *r)
{
	free(r->ids);
	buf_free(&r->lo);
	buf_free(&r->lo_u);
	buf_free(&r->hi);
	buf_free(&r->hi_u);
}

int pk_find(store *s, const char *list, sql_st *keys, const query_list *q, pk_range *r, fg_err *e)
{
	int64_t stamp = list ? store_history_last_id(s) : -1;
	int keep = list && stamp >= 0;
	if (keep) {
		pthread_mutex_lock(&pk_mu);
		for (int i = 0; i < PK_SLOTS; i++) {
			page_keys *k = &pk_slot[i];
			if (k->list && k->stamp == stamp && strcmp(k->list, list) == 0) {
				k->used = ++pk_clock;
				int ret = pk_range_of(k, q, r);
				pthread_mutex_unlock(&pk_mu);
				return ret;
			}
		}
		pthread_mutex_unlock(&pk_mu);
	}
	page_keys k = {0};
	int ret = pk_read(s, keys, &k, e);
	if (ret == FG_OK)
		ret = pk_range_of(&k, q, r);
	if ((ret != FG_OK && ret != PK_UNKEYED) || !keep) {
		pk_free(&k);
		return ret;
	}
	k.list = xstrdup(list);
	k.stamp = stamp;
	pthread_mutex_lock(&pk_mu);
	page_keys *slot = &pk_slot[0];
	for (int i = 0; i < PK_SLOTS; i++) {
		page_keys *c = &pk_slot[i];
		if (c->list && strcmp(c->list, k.list) == 0) { /* another request read it too, or an older state */
			slot = c;
			break;
		}
		if (!c->list || c->used < slot->used)
			slot = c;
	}
	if (!slot->list || slot->stamp <= k.stamp) {
		pk_free(slot);
		*slot = k;
		slot->used = ++pk_clock;
		pk_trim(slot);
	} else {
		pk_free(&k);
	}
	pthread_mutex_unlock(&pk_mu);
	return ret;
}

/* ---- the party-work lists: kept counts and kept pages (query_int.h pp_*) ----
 *
 * A party-work list keeps no ids of its whole order: per (list id, stamp) only its count and the
 * ids of the few pages last asked for (PP_PAGES, each at most PK_PAGE_IDS rows), read by keyset
 * walks over the order's index in the nearer direction (query.c party_page). */
#define PP_SLOTS 64
#define PP_PAGES 4

typedef struct pp_page {
	int64_t offset, limit, n;
	int64_t ids[PK_PAGE_IDS];
	uint64_t used;
} pp_page;

typedef struct pp_list {
	char *list;
	int64_t stamp, total;
	pp_page page[PP_PAGES];
	uint64_t used;
} pp_list;

static pp_list pp_slot[PP_SLOTS];

/* The slot of list at stamp (under pk_mu), NULL when not kept. */
static pp_list *pp_at(const char *list, int64_t stamp)
{
	for (int i = 0; i < PP_SLOTS; i++) {
		pp_list *c = &pp_slot[i];
		if (c->list && c->stamp == stamp && strcmp(c->list, list) == 0) {
			c->used = ++pk_clock;
			return c;
		}
	}
	return NULL;
}

int pp_total(const char *list, int64_t stamp, int64_t *total)
{
	pthread_mutex_lock(&pk_mu);
	pp_list *c = pp_at(list, stamp);
	if (c)
		*total = c->total;
	pthread_mutex_unlock(&pk_mu);
	return c != NULL;
}

void pp_keep_total(const char *list, int64_t stamp, int64_t total)
{
	pthread_mutex_lock(&pk_mu);
	pp_list *slot = &pp_slot[0];
	for (int i = 0; i < PP_SLOTS; i++) {
		pp_list *c = &pp_slot[i];
		if (c->list && strcmp(c->list, list) == 0) { /* an older state, or another request's */
			slot = c;
			break;
		}
		if (!c->list || c->used < slot->used)
			slot = c;
	}
	if (!slot->list || slot->stamp < stamp) {
		free(slot->list);
		memset(slot, 0, sizeof *slot);
		slot->list = xstrdup(list);
		slot->stamp = stamp;
		slot->total = total;
	}
	if (slot->stamp == stamp)
		slot->used = ++pk_clock;
	pthread_mutex_unlock(&pk_mu);
}

int64_t pp_page_ids(const char *list, int64_t stamp, int64_t offset, int64_t limit, int64_t *ids)
{
	int64_t n = -1;
	pthread_mutex_lock(&pk_mu);
	pp_list *c = pp_at(list, stamp);
	for (int i = 0; c && i < PP_PAGES; i++) {
		pp_page *g = &c->page[i];
		if (g->used && g->offset == offset && g->limit == limit) {
			g->used = ++pk_clock;
			n = g->n;
			memcpy(ids, g->ids, (size_t)n * sizeof *ids);
			break;
		}
	}
	pthread_mutex_unlock(&pk_mu);
	return n;
}

void pp_keep_page(const char *list, int64_t stamp, int64_t offset, int64_t limit, const int64_t *ids, int64_t n)
{
	if (n < 0 || n > PK_PAGE_IDS)
		return;
	pthread_mutex_lock(&pk_mu);
	pp_list *c = pp_at(list, stamp);
	if (c) {
		pp_page *g = &c->page[0];
		for (int i = 0; i < PP_PAGES; i++) {
			if (c->page[i].used && c->page[i].offset == offset && c->page[i].limit == limit) {
				g = &c->page[i];
				break;
			}
			if (c->page[i].used < g->used)
				g = &c->page[i];
		}
		g->offset = offset;
		g->limit = limit;
		g->n = n;
		memcpy(g->ids, ids, (size_t)n * sizeof *ids);
		g->used = ++pk_clock;
	}
	pthread_mutex_unlock(&pk_mu);
}
