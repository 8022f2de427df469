/* history_query — reading the change log across rows, newest first, one page at a time (the
 * administrator's history page and API), and the log's change stamp (caches of figures computed
 * from the ledgers). Part of the store: the SQL lives in history_query.c with bound parameters. */
#ifndef FGDJ_HISTORY_QUERY_H
#define FGDJ_HISTORY_QUERY_H
#include <stdint.h>

#include "store/store.h"

/* Which history rows to read. Empty or NULL strings filter nothing. */
typedef struct hist_query {
	const char *tbl;  /* exactly this table ("enterprise", "member", "app_user", …) */
	const char *key;  /* exactly this key (USCC, organisation name, ID number, account) */
	const char *who;  /* "web:zhang" as written, or the bare name: matches "web:zhang" and "命令行:zhang" */
	int no_logins;    /* 1: without the logins and logouts (table "session"); ignored with tbl */
	int64_t offset;   /* rows to skip, newest first */
	int64_t limit;    /* rows to return, at most 1000 */
} hist_query;

/* Calls fn for each matching row, newest first, with its id; sets *total to the number of
 * matching rows (all pages). Stops when fn returns non-zero and returns that value. The entry's
 * strings are valid only during the call. FG_OK or FG_EFAIL with e filled. */
int store_history_page(store *s, const hist_query *q, int64_t *total,
		       int (*fn)(void *ctx, int64_t id, const hist_entry *h), void *ctx, fg_err *e);

/* The id of the newest history row (0 when empty). Every change to the ledgers, the settings and
 * the accounts appends a row in the same transaction, so an unchanged stamp means unchanged data:
 * read it before computing what is to be cached under it. -1 (keep nothing) on PostgreSQL when a
 * write transaction was open at the snapshot it is read in (ids may commit out of order there). */
int64_t store_history_last_id(store *s);

#endif
