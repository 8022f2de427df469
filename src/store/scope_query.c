/* Territorial checks of ledger rows: see scope_query.h. */
#include "store/scope_query.h"

#include "store/store_int.h"
#include "store/users.h"

/* Runs a one-row query whose first column is 1/0/NULL (inside/outside/outside) with the text
 * parameters a (and b) and the scope as ?3; no row answers SCOPE_UNKNOWN. */
static int ask(store *s, const char *sql, const char *a, const char *b, int64_t scope)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	bind_text(st, 1, a);
	if (b)
		bind_text(st, 2, b);
	sqlite3_bind_int64(st, 3, scope);
	int res = SCOPE_UNKNOWN;
	if (sqlite3_step(st) == SQLITE_ROW)
		res = sqlite3_column_int(st, 0) == 1 ? SCOPE_IN : SCOPE_OUT;
	sqlite3_reset(st);
	return res;
}

/* "?3 <= 1 OR x IN (…)" reads: the district, or x is the scope region or one of its communities. */
#define INSIDE(x) "(?3 <= 1 OR coalesce(" x " IN (SELECT id FROM region WHERE id = ?3 OR parent_id = ?3), 0))"

int store_enterprise_within(store *s, const char *uscc, int64_t scope)
{
	static const char sql[] = "SELECT " INSIDE("community_id") " FROM enterprise WHERE uscc = ?1";
	return ask(s, sql, uscc, NULL, scope);
}

int store_org_within(store *s, const char *name, int64_t scope, int with_covered)
{
	static const char own[] = "SELECT " INSIDE("coalesce(o.community_id, o.street_id)")
				  " FROM org o WHERE o.name = ?1";
	static const char all[] =
		"SELECT " INSIDE("coalesce(o.community_id, o.street_id)")
		" AND (?3 <= 1 OR NOT EXISTS (SELECT 1 FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id"
		"  WHERE c.org_id = o.id AND c.end_date IS NULL AND e.community_id NOT IN"
		"  (SELECT id FROM region WHERE id = ?3 OR parent_id = ?3)))"
		" FROM org o WHERE o.name = ?1";
	return ask(s, with_covered ? all : own, name, NULL, scope);
}

int store_member_within(store *s, const char *idno, int64_t scope)
{
	static const char sql[] =
		"SELECT CASE WHEN ?3 <= 1 THEN 1"
		" WHEN m.employer_id IS NOT NULL THEN (SELECT " INSIDE("e.community_id")
		"  FROM enterprise e WHERE e.id = m.employer_id)"
		" WHEN m.org_id IS NOT NULL THEN (SELECT " INSIDE("coalesce(o.community_id, o.street_id)")
		"  FROM org o WHERE o.id = m.org_id)"
		" ELSE 0 END FROM member m WHERE m.idno = ?1";
	return ask(s, sql, idno, NULL, scope);
}

int store_instructor_within(store *s, const char *name, const char *unit, int64_t scope)
{
	static const char sql[] =
		"SELECT ?3 <= 1 OR NOT EXISTS (SELECT 1 FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id"
		"  WHERE a.instructor_id = i.id AND a.end_date IS NULL AND e.community_id NOT IN"
		"  (SELECT id FROM region WHERE id = ?3 OR parent_id = ?3))"
		" FROM instructor i WHERE i.name = ?1 AND i.unit = ?2";
	return ask(s, sql, name, unit, scope);
}

static int within(store *s, int64_t region, int64_t scope)
{
	return users_region_within(s, region, scope) ? SCOPE_IN : SCOPE_OUT;
}

int store_place_within(store *s, const char *street, const char *community, int64_t scope, int may_create)
{
	int district = scope <= 1;
	int64_t st = street ? store_region_lookup(s, 1, street) : 0;
	if (community) {
		int64_t c = 0;
		if (st)
			c = store_region_lookup(s, st, community);
		else if (!street)
			c = store_community_by_name(s, community); /* -2 when ambiguous: treated as unknown */
		if (c > 0)
			return within(s, c, scope);
		if (!may_create)
			return SCOPE_UNKNOWN;
		if (st)
			return district || st == scope ? SCOPE_IN : SCOPE_OUT;
		return district && street ? SCOPE_IN : street ? SCOPE_OUT : SCOPE_UNKNOWN;
	}
	if (street) {
		if (st)
			return within(s, st, scope);
		return may_create ? (district ? SCOPE_IN : SCOPE_OUT) : SCOPE_UNKNOWN;
	}
	return district ? SCOPE_IN : SCOPE_OUT;
}

int store_regions_each(store *s, int (*fn)(void *ctx, int64_t id, int64_t parent, const char *level, const char *name),
		       void *ctx, fg_err *e)
{
	static const char sql[] = "SELECT id, parent_id, level, name FROM region WHERE level <> 'district' ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int r = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			   (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FG_OK : db_err(s, e, "读取街道和社区");
}
