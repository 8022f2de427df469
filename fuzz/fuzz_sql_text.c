/* Fuzz target for sql_pg_text (store/sql.c: SQLite's `?` / `?N` parameters as PostgreSQL's `$N`):
 * arbitrary bytes as SQL text, read as for a database partitioned by district and as for any other.
 * Besides crashes it asserts, of the partitioned reading: a text without parameters and without the
 * SQLite spellings it translates (sql_pg_word) and without the marks of PostgreSQL's own text
 * (dialect.h SQL_PG_ONLY and SQL_PART_ONLY, which it drops) comes back as it was; no `$` is lost and
 * each one gained stands for a `?` of the input; the largest number is at most SQL_MAX_PARAMS, is
 * used, and no number above it is. Of the other reading (SQL_PART_ONLY's text dropped): the same of
 * its numbers; without that mark, the same text as the partitioned reading. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/dialect.h"
#include "store/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The numbers of a reading: at most SQL_MAX_PARAMS, the largest used, none above it. */
static void numbers(int n, const unsigned char *used)
{
	if (n < 0 || n > SQL_MAX_PARAMS || (n > 0 && !used[n - 1]))
		abort();
	for (int k = n; k < SQL_MAX_PARAMS; k++)
		if (used[k])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = malloc(size + 1);
	memcpy(sql, data, size);
	sql[size] = 0;
	unsigned char used[SQL_MAX_PARAMS];
	int n = -1;
	char *out = sql_pg_text(sql, 1, &n, used);
	if (out) {
		numbers(n, used);
		/* Every `$` the output gained stands for one parameter of the input. */
		size_t din = 0, dout = 0, qin = 0;
		for (const char *p = sql; *p; p++)
			din += *p == '$', qin += *p == '?';
		for (const char *p = out; *p; p++)
			dout += *p == '$';
		if (dout < din || dout - din > qin)
			abort();
		int spelled = strstr(sql, SQL_PG_ONLY_OPEN) != NULL || strstr(sql, SQL_PART_ONLY_OPEN) != NULL;
		for (size_t i = 0; sql_pg_word(i); i++)
			spelled |= strstr(sql, sql_pg_word(i)) != NULL;
		if (n == 0 && !spelled && strcmp(out, sql) != 0)
			abort();
	}
	int n0 = -1;
	char *out0 = sql_pg_text(sql, 0, &n0, used);
	if (out0)
		numbers(n0, used);
	if (!strstr(sql, SQL_PART_ONLY_OPEN) && ((out == NULL) != (out0 == NULL) || (out && (strcmp(out, out0) != 0 || n != n0))))
		abort();
	free(out);
	free(out0);
	free(sql);
	return 0;
}
