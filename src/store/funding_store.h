/* funding_store — what the figures, the findings and the totals read of the funding ledger
 * (党建经费, core/funding.h). Money in 分; rows handed to callbacks are borrowed for the call. */
#ifndef FGDJ_FUNDING_STORE_H
#define FGDJ_FUNDING_STORE_H
#include <stdint.h>

#include "store/store.h"

typedef struct funding_scan_row {
	int64_t org;
	int day;
	int kind; /* funding_kind (core/funding.h) */
	int64_t amount;
} funding_scan_row;
/* Every grant dated from..to (day numbers), in date order. */
int store_scan_funding(store *s, int from, int to, int (*fn)(void *ctx, const funding_scan_row *r), void *ctx,
		       fg_err *e);

/* How the totals are grouped: by street, by organisation (with its street and community), by year,
 * or not at all (one line: the sum, with organisations counted once). */
typedef enum funding_by { FUNDING_BY_STREET, FUNDING_BY_ORG, FUNDING_BY_YEAR, FUNDING_ALL } funding_by;

/* One line of the totals: a street, an organisation or a year. */
typedef struct funding_total_row {
	const char *name;                  /* street (or NULL: no street), organisation, the year; NULL for all */
	const char *street, *community;    /* of an organisation (by org); NULL otherwise or unknown */
	int64_t sum[3];                    /* 分 by funding_kind */
	int64_t total;                     /* 分 */
	int64_t orgs, grants;              /* distinct organisations, grants */
} funding_total_row;
/* The grants of the organisations in scope f, dated in `year` (0: every year), grouped by `by` in
 * name order (by year: ascending). */
int store_funding_totals(store *s, const store_filter *f, int year, funding_by by,
			 int (*fn)(void *ctx, const funding_total_row *r), void *ctx, fg_err *e);

#endif
