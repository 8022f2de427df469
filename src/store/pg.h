/* pg — what only the PostgreSQL backend has: its schema, made from the one description of the
 * schema that the SQLite migrations are (schema_pg.c). Internal to src/store. */
#ifndef FGDJ_PG_H
#define FGDJ_PG_H
#include "store/sql.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/err.h"

/* A condition on sqlite_master's name: not one of the tables SQLite keeps behind a virtual table
 * (FTS5's shadow tables), which PostgreSQL has no use for. */
#define SQLITE_NOT_SHADOW "name NOT IN (SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow')"

/* The statements that create this version's schema on PostgreSQL, one per line ending in ";\n":
 * the migrations run on an empty SQLite database in memory and each table and index they leave is
 * written again in PostgreSQL's dialect; then what has no SQLite counterpart to translate (the
 * history's append-only triggers, the name-search tables, the version). The tables (with their
 * keys, constraints and triggers) go to tables, the other indexes to indexes; when rows is not
 * NULL, the rows the migrations write into a new database go there as INSERT statements. */
int store_pg_schema(buf *tables, buf *indexes, buf *rows, fg_err *e);
/* The first schema version a PostgreSQL database can have: the one at which the backend began.
 * The migrations after it are written for both databases (no SQLite-only statement, fills
 * through sql.h) and upgrade a PostgreSQL database as they upgrade a SQLite file. */
#define PG_FIRST_VERSION 32

/* Creates the schema on an empty PostgreSQL database, or upgrades one at PG_FIRST_VERSION or
 * later to this version (the same migrations as SQLite's, store_migration), in one transaction
 * under a lock, so that concurrent connections do it once; a database at this version is left as
 * it is; another version (or tables without a version) is refused. */
int store_pg_init(store *s, fg_err *e);
/* A table's statement of SQLite's schema (CREATE TABLE/INDEX, ALTER TABLE) in PostgreSQL's
 * dialect, appended to out ending in ";\n". */
void store_pg_ddl(buf *out, const char *sql);
/* Connects to the PostgreSQL database conninfo names (*out; the caller closes), or says why not. */
int store_pg_connect(const char *conninfo, sql_db **out, fg_err *e);
/* store_file_version of a PostgreSQL database: connects, reads fgdj_schema (0: none), disconnects. */
int store_pg_target_version(const char *conninfo, int *version, fg_err *e);
/* The list extras' marking triggers (store_extras_pg_ddl) made, or made again, in the schema: an
 * upgrade that adds some. */
int store_pg_extras_triggers(store *s, fg_err *e);
/* store_column_add on PostgreSQL: the column def ("name TYPE") added to table unless present. */
int store_pg_column_add(store *s, const char *table, const char *def, fg_err *e);
/* store_pg_init inside the caller's transaction; with later not NULL, the indexes are not created
 * but appended to later, for store_pg_later to create after a bulk load. */
int store_pg_create(sql_db *pg, buf *later, fg_err *e);
int store_pg_later(sql_db *pg, const buf *later, fg_err *e);
/* Makes the functions generated from the C rules (fg_cov_state) again when their answers changed. */
int store_pg_functions(sql_db *pg, fg_err *e);
/* The schema version recorded in a PostgreSQL database: 0 when it has none. */
int store_pg_version(sql_db *pg, int *version, fg_err *e);

/* Copies the whole database of s (at this program's version) into pg, whose schema it makes when
 * pg is empty, and proves the copy: one SQLite snapshot, one PostgreSQL transaction, every table
 * read back from both sides ordered by its key and compared value by value before the commit; a
 * difference or a failure leaves pg without any of the rows. A database holding rows already is
 * refused (FG_EINPUT). With logged, the copy adds one history row (who, the source file); without,
 * the history is the copied one alone. report, when not NULL, hears each table verified with its
 * rows. */
int store_copy_to_pg(store *s, sql_db *pg, const char *who, int logged,
		     void (*report)(void *ctx, const char *table, int64_t rows), void *ctx, fg_err *e);

#endif
