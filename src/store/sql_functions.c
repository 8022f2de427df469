/* The collation and SQL functions fgdj adds to each SQLite connection (db.c registers them):
 * "zh", Chinese names in the order people expect (core/collate.h), and search_words(name), the
 * words the name-search indexes keep (core/search.h). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/search.h"
#include "store/store_int.h"

/* SQLite hands over unterminated text: copy to NUL-terminated buffers for collate_zh. */
static int zh_cmp(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	char sa[256], sb[256];
	char *pa = (size_t)na < sizeof sa ? sa : xmalloc((size_t)na + 1);
	char *pb = (size_t)nb < sizeof sb ? sb : xmalloc((size_t)nb + 1);
	memcpy(pa, a, (size_t)na);
	pa[na] = '\0';
	memcpy(pb, b, (size_t)nb);
	pb[nb] = '\0';
	int r = collate_zh(pa, pb);
	if (pa != sa)
		free(pa);
	if (pb != sb)
		free(pb);
	return r;
}

/* search_words(name): the words the name-search indexes keep for a name (core/search.h). */
static void search_words_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	buf b = {0};
	search_words((const char *)sqlite3_value_text(argv[0]), &b);
	sqlite3_result_text(cx, b.len ? b.p : "", (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

int store_collation_register(sqlite3 *db)
{
	int rc = sqlite3_create_collation_v2(db, "zh", SQLITE_UTF8, NULL, zh_cmp, NULL);
	return rc ? rc
		  : sqlite3_create_function(db, "search_words", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
					    search_words_fn, NULL, NULL);
}
