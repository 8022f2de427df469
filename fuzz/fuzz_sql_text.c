/* Fuzz target for sql_pg_text (store/sql.c: SQLite's `?` / `?N` parameters as PostgreSQL's `$N`):
 * arbitrary bytes as SQL text. Besides crashes it asserts: a text without parameters and without
 * the SQLite spellings it translates (sql_pg_word) and without the marks of PostgreSQL's own text
 * (dialect.h SQL_PG_ONLY, which it drops) comes back as it was; no `$` is lost and each one gained stands for a `?` of the input; the largest number is at
 * most SQL_MAX_PARAMS, is used, and no number above it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/dialect.h"
#include "store/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = malloc(size + 1);
	memcpy(sql, data, size);
	sql[size] = 0;
	unsigned char used[SQL_MAX_PARAMS];
	int n = -1;
	char *out = sql_pg_text(sql, &n, used);
	if (out) {
		if (n < 0 || n > SQL_MAX_PARAMS || (n > 0 && !used[n - 1]))
			abort();
		for (int k = n; k < SQL_MAX_PARAMS; k++)
			if (used[k])
				abort();
		/* Every `$` the output gained stands for one parameter of the input. */
		size_t din = 0, dout = 0, qin = 0;
		for (const char *p = sql; *p; p++)
			din += *p == '$', qin += *p == '?';
		for (const char *p = out; *p; p++)
			dout += *p == '$';
		if (dout < din || dout - din > qin)
			abort();
		int spelled = strstr(sql, SQL_PG_ONLY_OPEN) != NULL;
		for (size_t i = 0; sql_pg_word(i); i++)
			spelled |= strstr(sql, sql_pg_word(i)) != NULL;
		if (n == 0 && !spelled && strcmp(out, sql) != 0)
			abort();
		free(out);
	}
	free(sql);
	return 0;
}
