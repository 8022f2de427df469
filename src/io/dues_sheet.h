/* dues_sheet — an organisation's monthly dues sheet (党费收缴表) as XLSX: the form a treasurer
 * fills in and imports back with `fgdj import dues`. One function for the command line (fgdj
 * dues sheet) and the web (/dues/sheet). */
#ifndef FGDJ_DUES_SHEET_H
#define FGDJ_DUES_SHEET_H
#include <stddef.h>

#include "store/store.h"

typedef struct dues_sheet_opts {
	const store_filter *scope; /* the reader's: an organisation outside it is refused as unknown */
	const char *org;           /* 党组织名称 */
	const char *month;         /* as a user writes it (2026-03, 2026年3月 …) */
	int unmasked;              /* ID numbers and pay in full (recorded in the history) */
	const char *who;           /* for the history */
	const char *path;          /* the XLSX file to write */
} dues_sheet_opts;

/* Writes the sheet: the dues ledger's columns exactly, one row per member lodged in the
 * organisation who had joined by the month's end; that month's row as recorded, else 税后工资 and
 * 是否离退休 from the member's latest earlier row and 应缴 computed from them (core/dues.h). FG_EINPUT
 * for an unknown organisation or month (e names it); *rows (may be NULL) receives the row count. */
int dues_sheet_write(store *s, const dues_sheet_opts *o, size_t *rows, fg_err *e);

#endif
