#include "io/csvout.h"

#include <string.h>

/* The characters Excel, LibreOffice and WPS take as the start of a formula. */
static int formula_start(char c)
{
	return c && strchr("=+-@\t\r", c) != NULL;
}

/* Whether csv_cell puts a ' before v: a formula start, also behind quotes of the value's own
 * ('=x), so that the reader's one dropped quote always is the one csv_cell added. */
static int needs_quote(const char *v)
{
	while (*v == '\'')
		v++;
	return formula_start(*v);
}

size_t csv_unneutralise(const char *v)
{
	return v && v[0] == '\'' && needs_quote(v + 1) ? 1 : 0;
}

void csv_cell(buf *out, const char *v)
{
	if (!v || !*v)
		return;
	size_t n = strlen(v);
	/* A TAB is quoted too: the reader takes a header line with tabs and no commas as
	 * tab-separated. */
	int quote = strpbrk(v, "\",\r\n\t") || v[0] == ' ' || v[n - 1] == ' ';
	if (quote)
		buf_putc(out, '"');
	if (needs_quote(v))
		buf_putc(out, '\'');
	if (!quote) {
		buf_add(out, v, n);
		return;
	}
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}
