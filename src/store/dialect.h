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

#endif
