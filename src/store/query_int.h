/* Inside the list queries (query.c) and the scope's choice lists of places (query_places.c): the
 * enterprise join and scope every enterprise statement starts from, and the binder of the scope.
 * Not for use outside these two files. */
#ifndef FGDJ_STORE_QUERY_INT_H
#define FGDJ_STORE_QUERY_INT_H

#include <sqlite3.h>

#include "store/scope_sql.h"
#include "store/store.h"

#define NO_REGION (-1) /* binds a scope that matches no region */

/* Enterprise e with its community c, in the scope bound as ?1 (region) and ?2 (organisation). */
#define ENT_SCOPE SCOPE_ENT("?1", "?2")
#define ENT_BASE_JOIN " JOIN region c ON c.id = e.community_id"
#define ENT_BASE " FROM enterprise e" ENT_BASE_JOIN

/* Binds every parameter st has as a list of the scope with no filters would (query.c). */
void query_bind_scope(sqlite3_stmt *st, const store_filter *scope);

#endif
