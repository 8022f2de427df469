/* csvout — the one way a value becomes a CSV cell, for every CSV the program writes (ledger
 * exports, import error lists, statistics), and the inverse the CSV reader applies.
 *
 * Quoting is RFC 4180. Text a spreadsheet would run as a formula (starting with = + - @, TAB
 * or CR) gets a leading ' (the OWASP defence against CSV injection); the reader drops exactly
 * that quote again, so an exported file re-imports unchanged. A value that already starts with
 * quotes followed by such a character gets one more, so that it survives the same way. */
#ifndef FGDJ_CSVOUT_H
#define FGDJ_CSVOUT_H
#include <stddef.h>

#include "util/buf.h"

/* Appends v (NULL = empty) to out as one cell, neutralised and quoted as needed. */
void csv_cell(buf *out, const char *v);

/* How many leading bytes of a cell read from a CSV file are csv_cell's neutralising quote:
 * 1 when v is ' followed by what csv_cell would have neutralised, else 0. */
size_t csv_unneutralise(const char *v);

#endif
