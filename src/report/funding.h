/* funding (report) — the funding ledger's totals (党建经费汇总): per street, per organisation or per
 * year, for a region. One function builds them for `fgdj funding totals` and for /funding/totals;
 * the text and XLSX forms below write what it built. Rows own their strings (funding_totals_free). */
#ifndef FGDJ_REPORT_FUNDING_H
#define FGDJ_REPORT_FUNDING_H
#include <stddef.h>
#include <stdint.h>

#include "store/funding_store.h"
#include "util/buf.h"

typedef struct funding_line {
	char *name, *street, *community; /* as funding_total_row; NULL when unknown */
	int64_t sum[3], total, orgs, grants;
} funding_line;

typedef struct funding_totals {
	funding_by by;
	int year;             /* the year summed (FUNDING_BY_YEAR: every year) */
	funding_line *v;
	size_t n;
	funding_line all;     /* the sum of the lines (names NULL); orgs: distinct over all lines */
} funding_totals;

/* "street", "org" or "year" → by; -1 for anything else. */
int funding_by_parse(const char *s);
/* The default grouping for a scope: by street for the district, by organisation below it. */
funding_by funding_by_default(const store_filter *f);

/* The totals of the organisations in scope f. The caller holds a read snapshot. */
int funding_totals_load(store *s, const store_filter *f, int year, funding_by by, funding_totals *t, fg_err *e);
void funding_totals_free(funding_totals *t);
/* The name of line i as shown: a street without a name is "（未登记街道）". */
const char *funding_line_name(const funding_totals *t, size_t i);

void funding_totals_text(const funding_totals *t, const char *label, buf *out);
int funding_totals_xlsx(const funding_totals *t, const char *label, const char *path, fg_err *e);

#endif
