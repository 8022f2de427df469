/* Inside the list queries (query.c), their kept sort keys (query_keys.c) and the scope's choice
 * lists of places (query_places.c): the enterprise join and scope every enterprise statement starts
 * from, the binder of the scope, and the pages by stored sort keys. Not for use outside these
 * files. */
#ifndef FGDJ_STORE_QUERY_INT_H
#define FGDJ_STORE_QUERY_INT_H

#include "store/sql.h"

#include "store/scope_sql.h"
#include "store/query.h"
#include "store/store.h"

#define NO_REGION (-1) /* binds a scope that matches no region */

/* Enterprise e with its community c, in the scope bound as ?1 (region) and ?2 (organisation). */
#define ENT_SCOPE SCOPE_ENT("?1", "?2")
#define ENT_HELD SCOPE_ENT_HELD("?1", "?2")
#define ENT_BASE_JOIN " JOIN region c ON c.id = e.community_id"
#define ENT_BASE " FROM enterprise e" ENT_BASE_JOIN

/* Binds every parameter st has as a list of the scope with no filters would (query.c). */
void query_bind_scope(sql_st *st, const store_filter *scope);

/* ---- pages by stored sort keys (query_keys.c) ---- */

#define PK_UNKEYED (-2) /* the list can not be paged by its keys: page it by OFFSET */
#define PK_PAGE_IDS 64  /* ids a statement of a page by ids binds (?40 …) */

/* The rows a page asks for: their ids (nids > 0), else the range from the first key lo/lo_u on,
 * skipping skip rows, before the key hi/hi_u when bounded; total: the rows of the whole list. */
typedef struct pk_range {
	int64_t total;
	int64_t nids;
	int64_t *ids;
	int bounded;
	buf lo, lo_u, hi, hi_u;
	int64_t skip;
} pk_range;

/* The range for q of the list named list (NULL: one that may not be kept), from the kept pass or
 * a new one of keys (bound; its rows: sort key, second key, row id, in the list's order). FG_OK,
 * PK_UNKEYED, or an error. */
int pk_find(store *s, const char *list, sql_st *keys, const query_list *q, pk_range *r, fg_err *e);
void pk_range_free(pk_range *r);

/* The party-work lists (query.c party_page) keep, per list id (scope, filters, search, day) and
 * stamp (store_history_last_id), their count and the ids of the pages last read (at most
 * PK_PAGE_IDS rows each): never the ids of the whole list. pp_total and pp_page_ids answer 1 /
 * the page's row count when kept (else 0 / -1); ids has room for PK_PAGE_IDS. */
int pp_total(const char *list, int64_t stamp, int64_t *total);
void pp_keep_total(const char *list, int64_t stamp, int64_t total);
int64_t pp_page_ids(const char *list, int64_t stamp, int64_t offset, int64_t limit, int64_t *ids);
void pp_keep_page(const char *list, int64_t stamp, int64_t offset, int64_t limit, const int64_t *ids, int64_t n);

#endif
