/* The SQL function fgdj adds to each SQLite connection (db.c registers it): search_words(name),
 * the words the name-search indexes keep (core/search.h). Names sort by their stored keys
 * (name_key, core/collate.h), so no collation of our own is needed. */
#include <sqlite3.h>

#include "core/search.h"
#include "store/store_int.h"

/* search_words(name): the words the name-search indexes keep for a name (core/search.h). */
static void search_words_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	buf b = {0};
	search_words((const char *)sqlite3_value_text(argv[0]), &b);
	sqlite3_result_text(cx, b.len ? b.p : "", (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
}

int store_sql_functions_register(sqlite3 *db)
{
	return sqlite3_create_function(db, "search_words", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				       search_words_fn, NULL, NULL);
}
