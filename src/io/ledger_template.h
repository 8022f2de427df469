/* ledger_template — an empty ledger file to fill in, and the per-column reading of the ledger's
 * format description. Both come from ledger_format_md (core/ledger.h: the text of `fgdj format`),
 * so the template's instructions, the format page and the command say the same thing. */
#ifndef FGDJ_LEDGER_TEMPLATE_H
#define FGDJ_LEDGER_TEMPLATE_H
#include "core/ledger.h"
#include "util/buf.h"
#include "util/err.h"

/* One column of the format description: header, required ("是" or ""), what it accepts and the
 * other headers recognised, as ledger_format_md writes them. */
typedef struct ledger_format_col {
	size_t col; /* index in def->cols */
	const char *header, *required, *accepts, *variants;
} ledger_format_col;

/* Calls fn for every column of def's format description, in the column order. key (may be NULL)
 * receives the sentence naming the key columns ("以此确定是哪一行…"). */
void ledger_format_each(const ledger_def *def, buf *key, void (*fn)(void *ctx, const ledger_format_col *c), void *ctx);

/* Writes the template of def to path as XLSX: a sheet named for the ledger with its canonical
 * headers (required ones marked by colour) and a dropdown (data validation list) on every
 * enumerated column (COL_ENUM, COL_BOOL), then a sheet 填写说明 with each column: required, what
 * it accepts, other headers. FG_OK, or FG_EFAIL with e filled. */
int ledger_template_xlsx(const ledger_def *def, const char *path, fg_err *e);

#endif
