/* scan_int — what the whole-table scans share across their files (scan.c: enterprises, members
 * and the history's past versions; scan_orgs.c: organisations and their coverage). Internal to
 * src/store. */
#ifndef FGDJ_SCAN_INT_H
#define FGDJ_SCAN_INT_H

#include <jansson.h>
#include <stddef.h>

#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/strmap.h"

/* The members an organisation counts on day ?1 (store_scan_orgs' formal): formal, its relation
 * there (org_id), not 停止党籍 — of member m. */
#define ORG_FORMAL_WHERE                                                                             \
	"m.relation <> '停止党籍' AND m.join_date <= ?1 AND " RECORD_OPEN_ON("m.", "?1") " AND " MEMBER_FORMAL("m.", "?1")

/* A scan statement whose ?1 is the as-of date (bound as YYYY-MM-DD). */
sql_st *dated_stmt(store *s, const char *sql, int as_of);

/* The non-empty text of key in object o, else NULL. */
const char *json_text(json_t *o, const char *key);

/* The records of one history table changed after a day, each by its key with its fields on that
 * day: for one recorded after the day, its first version, whole (only when it changed since:
 * else the table's row is that version); for the others, field by field, the value before the
 * first change after the day. A field not named is today's. */
typedef struct then_map {
	strmap at;      /* key → index in v */
	json_t **v;
	size_t n;
} then_map;

/* The records of history table tbl changed after day as_of into *m (then_free frees it). */
int then_load(store *s, const char *tbl, int as_of, then_map *m, fg_err *e);
/* The fields of key on the day, or NULL when it did not change since. */
json_t *then_get(const then_map *m, const char *key);
void then_free(then_map *m);

#endif
