/* dues_store — what the figures, the findings and the monthly sheet read of the dues ledger
 * (party dues, core/dues.h). Months are month indexes (core/dues.h); the table stores yyyymm.
 * Rows handed to callbacks are borrowed for the call. */
#ifndef FGDJ_DUES_STORE_H
#define FGDJ_DUES_STORE_H
#include <stdint.h>

#include "store/store.h"

/* A dues row as the figures read it: money in 分 (an empty 实缴 is 0, an empty 税后工资 -1). */
typedef struct dues_scan_row {
	int64_t member;
	int month;
	int retired;
	int64_t base, due, paid;
} dues_scan_row;
/* Every dues row of the months first..last. */
int store_scan_dues(store *s, int first, int last, int (*fn)(void *ctx, const dues_scan_row *r), void *ctx,
		    fg_err *e);

/* Every member with a dues row of a month on or before last: id and 入党日期 (DATE_NONE unknown).
 * These are the members the six-month rule checks. */
int store_scan_dues_members(store *s, int last, int (*fn)(void *ctx, int64_t member, int joined), void *ctx,
			    fg_err *e);

/* One line of an organisation's sheet for a month: a member lodged there who had joined by the
 * month's end (停止党籍 excepted), with that month's row (has_row) or what is known from the latest earlier row. Money
 * in 分, -1 when unknown. */
typedef struct dues_line {
	const char *idno, *name, *paid_date;
	int has_row, retired;
	int64_t base, due, paid;
} dues_line;
int store_dues_lines(store *s, int64_t org, int month, int (*fn)(void *ctx, const dues_line *l), void *ctx,
		     fg_err *e);

#endif
