/* xlsx_out — how every XLSX file fgdj writes (libxlsxwriter) is begun and finished: the same
 * errors for a file that cannot be made or written, and the one head of a report's sheet. */
#ifndef FGDJ_XLSX_OUT_H
#define FGDJ_XLSX_OUT_H
#include <stddef.h>
#include <xlsxwriter.h>

#include "util/err.h"

/* A new workbook to be written to path (opt NULL: the defaults); NULL with an error in e. */
lxw_workbook *xlsx_out_open(const char *path, lxw_workbook_options *opt, fg_err *e);
/* Writes and frees wb (always). rc: what the writing so far returned — kept when not FG_OK (the
 * file is still closed); otherwise the result of writing the file, with its error in e. */
int xlsx_out_close(lxw_workbook *wb, const char *path, int rc, fg_err *e);

/* A report's sheet, named name: its title in bold in the first row (NULL: none), the n column
 * heads in bold in the next, each column widths[i] wide (widths NULL: as they come), the rows
 * above the first line of data frozen. *row is that first line's row; the bold format is returned
 * for the caller's own emphasis. */
lxw_format *xlsx_out_sheet(lxw_workbook *wb, lxw_worksheet **ws, const char *name, const char *title,
			   const char *const *heads, const double *widths, size_t n, lxw_row_t *row);

#endif
