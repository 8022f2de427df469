/* scope_query — does a ledger row lie inside a territorial scope (a street and its communities,
 * or one community)? Asked before a street or community user writes a whole file (the web
 * import), so that nothing outside the user's territory is created, changed or detached.
 * Part of the store: the SQL lives in scope_query.c with bound parameters.
 *
 * Every function answers SCOPE_IN, SCOPE_OUT, or SCOPE_UNKNOWN when the row (or place) does not
 * exist, which the caller treats as the importer will (a new row, or a reference error it reports
 * itself). A scope of 0 or 1 is the whole district: everything existing is inside. */
#ifndef FGDJ_SCOPE_QUERY_H
#define FGDJ_SCOPE_QUERY_H
#include <stdint.h>

#include "store/store.h"

enum { SCOPE_UNKNOWN = -1, SCOPE_OUT = 0, SCOPE_IN = 1 };

/* The enterprise of that USCC: its community inside scope. */
int store_enterprise_within(store *s, const char *uscc, int64_t scope);

/* The organisation of that name: its own place (community, else street) inside scope — an
 * organisation with neither belongs to the district — and, when with_covered, every enterprise it
 * covers now as well (so that rewriting its coverage cannot detach an enterprise of another
 * territory). */
int store_org_within(store *s, const char *name, int64_t scope, int with_covered);

/* The member of that ID number: the employer inside scope; without an employer, the organisation
 * holding the membership relation (its own place). Neither: SCOPE_OUT. */
int store_member_within(store *s, const char *idno, int64_t scope);

/* The instructor (name, 派出单位): no enterprise assigned now lies outside scope. */
int store_instructor_within(store *s, const char *name, const char *unit, int64_t scope);

/* A place as a row names it: street and/or community names (NULL when empty); a community alone
 * is found by its unique name. may_create: the row creates a missing community (or street) as
 * the enterprise ledger does — a new community counts as inside when its street is the scope, a
 * new street only for the district. No place at all: SCOPE_OUT. */
int store_place_within(store *s, const char *street, const char *community, int64_t scope, int may_create);

/* Every street and community in id order (the district itself is not listed): for pickers. */
int store_regions_each(store *s, int (*fn)(void *ctx, int64_t id, int64_t parent, const char *level, const char *name),
		       void *ctx, fg_err *e);

#endif
