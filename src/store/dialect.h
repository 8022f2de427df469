/* dialect — the SQL that the database backends spell differently, each written once here and used
 * by name everywhere else in src/store. Today's spelling is SQLite's; a second backend changes
 * these lines (PostgreSQL: string_agg(expr, sep) …), not the statements that use them.
 * Internal to src/store. */
#ifndef FGDJ_DIALECT_H
#define FGDJ_DIALECT_H

/* The values of expr over the group joined by sep (a quoted SQL string), in the order the rows
 * come from their subquery. */
#define SQL_LIST(expr, sep) "group_concat(" expr ", " sep ")"

/* An integer count of tenths as the decimal text a reader types: 855 → "85.5", 850 → "85". Portable. */
#define SQL_TENTHS(x)                                                                                \
	"(CAST(" x " / 10 AS TEXT) || CASE WHEN " x " % 10 <> 0 THEN '.' || CAST(" x " % 10 AS TEXT) ELSE '' END)"

#endif
