/* dialect — expressions the two database backends spell differently, each written once here and
 * used by name everywhere else in src/store: in the subset both read where there is one; else in
 * SQLite's spelling, which the PostgreSQL backend translates when it prepares a statement (the
 * table PG_WORDS in sql.c: group_concat → string_agg …). Internal to src/store. */
#ifndef FGDJ_DIALECT_H
#define FGDJ_DIALECT_H

/* The values of expr over the group joined by sep (a quoted SQL string), in the order the rows
 * come from their subquery. */
#define SQL_LIST(expr, sep) "group_concat(" expr ", " sep ")"

/* An integer count of tenths as the decimal text a reader types: 855 → "85.5", 850 → "85". Portable. */
#define SQL_TENTHS(x)                                                                                \
	"(CAST(" x " / 10 AS TEXT) || CASE WHEN " x " % 10 <> 0 THEN '.' || CAST(" x " % 10 AS TEXT) ELSE '' END)"

/* The later of two values (SQLite's two-argument max, PostgreSQL's GREATEST), neither NULL. Portable. */
#define SQL_LATER(a, b) "CASE WHEN " a " >= " b " THEN " a " ELSE " b " END"

/* SQL that only the PostgreSQL backend runs: a comment to SQLite, whose marks the PostgreSQL backend
 * drops (sql.c sql_pg_text) to translate the text inside as the rest. For what serves PostgreSQL's
 * planner and changes no result (scope_sql.h HELD_IN_DISTRICT_OF), never for a result of its own.
 * The text holds no comment. */
#define SQL_PG_ONLY_OPEN "/*PG "
#define SQL_PG_ONLY(sql) SQL_PG_ONLY_OPEN sql " */"

/* SQL that only a PostgreSQL database partitioned by district (docs/scaling.md,
 * scripts/pg_partition.sql) runs: a comment to SQLite, and to the PostgreSQL backend on any other
 * database, which drops it with its text; on a partitioned one (sql.h sql_db partitioned, read once
 * when the connection is made) its text is run as SQL_PG_ONLY's. For what serves the pruning of
 * partitions and costs time where nothing is partitioned (scope_sql.h HELD_FOR), never for a
 * result of its own. The text holds no comment, nor is the mark inside SQL_PG_ONLY (SQLite's
 * comments do not nest): where it may run, PostgreSQL is partitioned. */
#define SQL_PART_ONLY_OPEN "/*PART "
#define SQL_PART_ONLY(sql) SQL_PART_ONLY_OPEN sql " */"

#endif
