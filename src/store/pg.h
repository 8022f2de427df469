/* pg — what only the PostgreSQL backend has: its schema, made from the one description of the
 * schema that the SQLite migrations are (schema_pg.c). Internal to src/store. */
#ifndef FGDJ_PG_H
#define FGDJ_PG_H
#include "store/sql.h"
#include "util/buf.h"
#include "util/err.h"

/* The statements that create this version's schema on PostgreSQL, one per line ending in ";\n":
 * the migrations run on an empty SQLite database in memory and each table and index they leave is
 * written again in PostgreSQL's dialect; then what has no SQLite counterpart to translate (the
 * history's append-only triggers, the name-search tables, the version). */
int store_pg_schema(buf *out, fg_err *e);
/* Creates the schema on an empty PostgreSQL database in one transaction; a database already at this
 * version is left as it is; another version (or tables without a version) is refused. */
int store_pg_init(sql_db *pg, fg_err *e);
/* The schema version recorded in a PostgreSQL database: 0 when it has none. */
int store_pg_version(sql_db *pg, int *version, fg_err *e);

#endif
