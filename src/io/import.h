/* import — a ledger file into the database, all or nothing.
 * Reads the file (CSV or XLSX), finds the header row, validates every cell and row, resolves
 * references through the store, and commits only when no row has an error (and not dry_run). */
#ifndef FGDJ_IMPORT_H
#define FGDJ_IMPORT_H
#include <stddef.h>

#include "core/ledger.h"
#include "store/store.h"
#include "util/buf.h"

typedef struct import_opts {
	const char *path;
	const char *display;   /* file name in messages; NULL = path */
	const char *sheet;     /* XLSX sheet; NULL = first */
	const char *who;       /* for the history */
	int dry_run;           /* validate and count, write nothing */
	int today;             /* day number: dates after it are refused; new links start then */
	const store_filter *scope; /* the writer's scope (store/scope.h); NULL = the district */
	unsigned new_places;   /* places the file may create (store_places_allow); 0 = none: unknown ones are errors */
	int64_t new_places_street; /* new communities only inside this street; 0 = any */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	int replace;           /* rosters: the lines of the file's enterprises that it does not list are removed */
	int changes;           /* fill import_result.changes: what each row does, read from the database
				  before and after its write in this very run (a preview: with dry_run) */
} import_opts;

#define IMPORT_MAX_ERRORS 10000 /* errors kept with their text; the rest are only counted */
#define IMPORT_CLIP_CHARS 200   /* characters of a cell or header echoed in a message */

typedef struct import_msg {
	size_t row;       /* spreadsheet row; 0 for the file as a whole */
	char *column;     /* header as written in the file (or canonical when missing); may be NULL */
	char *value;      /* the original cell text; may be NULL */
	char *text;       /* Chinese explanation */
	char *subject;    /* whom the row is about: the name of its enterprise, person or organisation
			     as the file writes it (import_subject); NULL when unknown */
} import_msg;

/* What one row of a file does (import_opts.changes). */
typedef enum import_change_kind { IMPORT_NEW, IMPORT_CHANGED, IMPORT_SAME } import_change_kind;
typedef struct import_field {
	size_t col;       /* ledger column */
	char *old, *now;  /* canonical text before and after; NULL = empty */
} import_field;
typedef struct import_change {
	size_t row;
	import_change_kind kind;
	char *subject;          /* as import_msg.subject */
	import_field *fields;   /* IMPORT_CHANGED: only the columns that change */
	size_t nfields;
} import_change;
#define IMPORT_MAX_CHANGES 5000 /* rows kept with their changes; the counts are always complete */

typedef struct import_result {
	size_t rows;                  /* data rows read */
	size_t inserted, updated, unchanged;
	import_msg *errors;
	size_t nerrors, errors_cap;
	size_t errors_more;           /* errors found beyond the IMPORT_MAX_ERRORS kept */
	import_msg *warnings;
	size_t nwarnings, warnings_cap, warnings_more;
	buf notes;                    /* one-line notes (ignored columns), "\n"-separated */
	char *new_places;             /* places created (or, dry run, that would be), one a line; "" none */
	int committed;
	size_t removed;               /* rosters with replace: lines removed (or, dry run, that would be) */
	import_change *changes;       /* import_opts.changes: the rows in the order written */
	size_t nchanges, changes_cap, changes_more;
} import_result;

/* Imports opts->path as ledger def into s. Returns FG_OK when the file was imported (or would be,
 * with dry_run), FG_EINPUT when it has errors (r->errors lists them all; nothing written), or
 * FG_EFAIL with e filled when the file can't be read or the database fails. *r is filled in all
 * cases and freed with import_result_free. */
int import_file(store *s, const ledger_def *def, const import_opts *opts, import_result *r, fg_err *e);
void import_result_free(import_result *r);

/* The column naming whom a row of def is about (its 名称/姓名, else its organisation, else its
 * first key column). */
int import_subject_col(const ledger_def *def);

/* The error list of a result as XLSX at path: file, row, column, subject, original value,
 * explanation, and the "file:row:column" of import_msg_format; a last line says how many more
 * were not listed. FG_OK, or FG_EFAIL with e. */
int import_errors_xlsx(const import_opts *opts, const import_result *r, const char *path, fg_err *e);
/* The same list as CSV (UTF-8 with a BOM, cells by csv_cell), appended to out. */
void import_errors_csv(const import_opts *opts, const import_result *r, buf *out);

/* "file:row:column: text" for one message (the format every face prints). */
void import_msg_format(const import_opts *opts, const import_msg *m, buf *out);

#endif
