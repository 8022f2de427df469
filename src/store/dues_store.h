/* dues_store — what the figures, the findings and the monthly sheet read of the dues ledger
 * (party dues, core/dues.h). Months are month indexes (core/dues.h); the table stores yyyymm.
 * Rows handed to callbacks are borrowed for the call. */
#ifndef FGDJ_DUES_STORE_H
#define FGDJ_DUES_STORE_H
#include <stdint.h>

#include "store/store.h"

/* The three month masks of a row (12 bits each: months, unpaid, differs) also as one integer,
 * column bits (schema v30), so that the figures read one column instead of three; written by
 * year_put (also when the v30 migration rebuilds the table), read by store_scan_dues_years. */
#define DUES_BITS(months, unpaid, differs) "(" months " + " unpaid " * 4096 + " differs " * 16777216)"

/* A member's year of dues as the figures read it (core/dues.h's dues_year): the masks, and the
 * sums (分) of the recorded 应缴 and 实缴 of the months the scan was asked for. */
typedef struct dues_year_row {
	int64_t member;
	int year;
	unsigned months, unpaid, differs;
	int64_t due, paid;
} dues_year_row;
/* Every member-year of the years first..last; due and paid add up the first `months` months
 * (0–12) of the year last and are 0 for the other years. */
int store_scan_dues_years(store *s, int first, int last, int months, int (*fn)(void *ctx, const dues_year_row *r),
			  void *ctx, fg_err *e);
/* A dues row's 税后工资 (-1 none), 是否离退休 and 应缴 (分): 0, or -1 when there is no row. */
int store_dues_get(store *s, int64_t member, int month, int64_t *base, int *retired, int64_t *due);

/* Marks the year of month (a month index) of a member whose dues the transaction writes: its
 * dues_year row is rebuilt from the dues rows at commit (dues_year_flush). held: the district the
 * row was written in (its district_id; 0 none), read with the member (party_store.c) — or
 * STORE_HELD_UNKNOWN. Where every row of the member's year that the transaction wrote is held in
 * one known district, the rebuild locks the member there and reads that district's rows alone
 * (PostgreSQL); else as before, from every district. */
#define STORE_HELD_UNKNOWN (-1)
void store_dues_touch(store *s, int64_t member, int month, int64_t held);
/* 1 when the transaction wrote no dues row of the member's year of month in a district other than
 * held: a row of the member and month, if any, is then in district held (or not written yet by
 * the transaction and where its member's rows are), so that it is looked up there alone. */
int store_dues_held(const store *s, int64_t member, int month, int64_t held);
/* Builds every dues_year row from the dues rows (the schema migration that adds the table). */
int store_dues_year_fill(store *s, fg_err *e);

/* Every member with a dues row of a year before year (a member may come more than once). With
 * the rows store_scan_dues_years hands over, these are the members the six-month rule checks. */
int store_scan_dues_before(store *s, int year, int (*fn)(void *ctx, int64_t member), void *ctx, fg_err *e);

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
