/* export — a ledger out of the database as CSV, XLSX or JSON with the import's own headers,
 * so that an exported file re-imports unchanged. Personal data is masked unless unmasked,
 * and an unmasked export is written to the history. */
#ifndef FGDJ_EXPORT_H
#define FGDJ_EXPORT_H
#include "core/ledger.h"
#include "store/store.h"

typedef enum export_format { EXPORT_CSV, EXPORT_XLSX, EXPORT_JSON } export_format;

typedef struct export_opts {
	export_format format;
	int unmasked;             /* show ID numbers and phones in full (recorded in the history) */
	const char *who;          /* for the history */
	const store_filter *filter;
	const char *path;         /* output file; NULL = standard output */
	int year;                 /* rubric: the cycle year written (its own, or the built-in default);
				     0: every year that has its own, or this year's default when none has;
				     ratings: only that year (0: all) */
	int today;                /* day number: "this year" of the rubric */
	/* The rows to write, when not every row of filter (store_each): each calls fn(fn_ctx, rec) for
	 * every row in order and returns FG_OK, fn's non-zero value or FG_EFAIL with e filled — a web
	 * list's own query (its filters and scope), so that an export holds exactly what the list shows. */
	int (*each)(void *each_ctx, store_rec_fn fn, void *fn_ctx, fg_err *e);
	void *each_ctx;
} export_opts;

/* A ledger with a COL_DYNAMIC column (ratings) is written with one column per indicator of the
 * exported years' rubrics in its place, and 星级 computed by the thresholds in force.
 * Returns FG_OK, or FG_EFAIL with e filled: a failed write or close names the output and the
 * reason. *rows (may be NULL) receives the row count. CSV cells go through csv_cell. */
int export_ledger(store *s, const ledger_def *def, const export_opts *o, size_t *rows, fg_err *e);

/* Parses "csv" | "xlsx" | "json"; returns -1 when unknown. */
int export_format_parse(const char *name);

#endif
