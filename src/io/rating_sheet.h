/* rating_sheet — the score sheet of a cycle year (星级评定打分表) as XLSX: one row per active
 * organisation in the reader's scope, with the ratings ledger's columns and one column per scored
 * indicator of that year's rubric; recorded ratings are prefilled. Filled in, it imports back with
 * `fgdj import ratings` (rows left blank are skipped). One function for the command line (fgdj
 * ratings sheet) and the web (/ratings/sheet). */
#ifndef FGDJ_RATING_SHEET_H
#define FGDJ_RATING_SHEET_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

typedef struct rating_sheet_opts {
	const store_filter *scope; /* the reader's */
	int year;                  /* 评定年度 */
	int64_t region_id;         /* only the organisations of this street or community; 0 = all in scope */
	const char *path;          /* the XLSX file to write */
} rating_sheet_opts;

/* FG_OK, FG_EINPUT for a year out of range, FG_EFAIL on a write or database failure (e filled);
 * *rows (may be NULL) receives the number of organisations. */
int rating_sheet_write(store *s, const rating_sheet_opts *o, size_t *rows, fg_err *e);

#endif
