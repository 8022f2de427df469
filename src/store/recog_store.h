/* recog_store — what the figures and the findings read of the designations (亮身份) and venues
 * (党员活动阵地) ledgers (core/recog.h). Rows handed to callbacks are borrowed for the call. */
#ifndef FGDJ_RECOG_STORE_H
#define FGDJ_RECOG_STORE_H
#include <stdint.h>

#include "core/rating.h"
#include "store/store.h"

/* A designation: its enterprise, kind (designation_kind) and dates (DATE_NONE when empty). */
typedef struct designation_scan {
	int64_t id;
	int64_t enterprise;
	int kind;
	int granted, revoked;
} designation_scan;
int store_scan_designations(store *s, int (*fn)(void *ctx, const designation_scan *r), void *ctx, fg_err *e);

/* A venue: its organisation, the 六有 and area (an empty flag is 0, an empty area -1), the
 * open-base flag and 认定日期 (DATE_NONE when empty). */
typedef struct venue_scan {
	int64_t org;
	venue_facts facts;
	int open_base;
	int recognised;
} venue_scan;
int store_scan_venues(store *s, int (*fn)(void *ctx, const venue_scan *r), void *ctx, fg_err *e);

#endif
