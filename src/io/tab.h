/* tab — reading ledger tables (CSV or XLSX) one row at a time.
 * The reader owns every cell's memory; a row is valid only during the callback. */
#ifndef FGDJ_TAB_H
#define FGDJ_TAB_H
#include <stddef.h>

#include "util/err.h"

typedef enum tab_kind {
	TAB_EMPTY = 0,
	TAB_TEXT,    /* text: a CSV field, an XLSX shared/inline string */
	TAB_NUMBER,  /* XLSX numeric cell; text is the stored value ("1.1010519491231E+17") */
	TAB_DATE,    /* XLSX numeric cell with a date format; text is YYYY-MM-DD, num the serial */
	TAB_BOOL,    /* XLSX boolean; text "1" or "0" */
} tab_kind;

typedef struct tab_cell {
	tab_kind kind;
	const char *text; /* UTF-8, NUL-terminated, never NULL ("" when empty) */
	double num;       /* for TAB_NUMBER and TAB_DATE */
} tab_cell;

typedef struct tab_row {
	size_t row;       /* 1-based row number as the user sees it in the spreadsheet */
	size_t ncells;    /* cells[0..ncells) = columns A, B, ...; trailing empty cells may be absent */
	const tab_cell *cells;
} tab_row;

/* Called for each row, header included, in order. Return 0 to go on, non-zero to stop
 * (tab_read then returns that value). Rows that are entirely empty are skipped. */
typedef int (*tab_row_fn)(void *ctx, const tab_row *row);

typedef struct tab_opts {
	const char *sheet;      /* XLSX sheet name; NULL = the first visible worksheet. Ignored for CSV. */
	const char *display;    /* file name used in error messages; NULL = path */
	/* Bytes read so far of total; called with the same ctx as the row callback. May be NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
} tab_opts;

/* Reads path as XLSX (by its zip signature) or CSV (UTF-8 with or without BOM, else GB18030).
 * Returns FG_OK, the callback's non-zero value, or FG_EINPUT/FG_EFAIL with e filled in Chinese
 * ("文件 x.xlsx 不是有效的 XLSX：…"). */
int tab_read(const char *path, const tab_opts *opts, tab_row_fn fn, void *ctx, fg_err *e);

/* The same on memory (used by tests and fuzzers). data need not be NUL-terminated. */
int tab_read_csv_mem(const char *data, size_t len, const tab_opts *opts, tab_row_fn fn, void *ctx,
		     fg_err *e);
int tab_read_xlsx_mem(const void *data, size_t len, const tab_opts *opts, tab_row_fn fn, void *ctx,
		      fg_err *e);

/* Column letters for a 0-based index: 0 → "A", 27 → "AB". out needs 8 bytes. */
void tab_col_name(size_t col, char out[8]);

#endif
