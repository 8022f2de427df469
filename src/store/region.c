/* The territory as a tree of any depth (市 → 区县 → 街道 → 社区): a region named by its path
 * ("临江区/双峰街道/梧埭社区", the last names of the path from the root, as many as make it
 * one) or by a name only one region has. The root (id 1) is never named by a path: it is the
 * whole territory. */
#include <stdlib.h>
#include <string.h>

#include "store/places.h"
#include "store/scope_sql.h"
#include "store/store_int.h"

const char *region_level_label(const char *level)
{
	return !level				    ? ""
	       : strcmp(level, "city") == 0	    ? "市"
	       : strcmp(level, "district") == 0 ? "区县"
	       : strcmp(level, "street") == 0   ? "街道"
					    : "社区";
}

/* Both words, so that one table says what a city and a district are called. */
static const char *const WORDS[2][2] = {{"区", "全区"}, {"市", "全市"}};

const char *region_word(int city)
{
	return WORDS[city != 0][0];
}

const char *region_whole_name(int city)
{
	return WORDS[city != 0][1];
}

int store_region_is_city(store *s)
{
	/* Asked per row by the writers: inside a write transaction nobody else can change the root. */
	if (s->in_tx && s->is_city >= 0)
		return s->is_city;
	static const char q[] = "SELECT level = 'city' FROM region WHERE id = 1";
	sql_st *st = store_st(s, q);
	int city = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	if (s->in_tx)
		s->is_city = city;
	return city;
}

void store_region_path(store *s, int64_t id, buf *out)
{
	static const char q[] = "SELECT " REGION_PATH("?1");
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	if (sql_step(st) == SQL_ROW)
		buf_puts(out, sql_col_text(st, 0));
	sql_reset(st);
}

char *store_region_district_name(store *s, int64_t id)
{
	static const char q[] = "SELECT r.name FROM region r WHERE r.id = " REGION_DISTRICT("?1");
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	char *v = sql_step(st) == SQL_ROW ? xstrdup(sql_col_text(st, 0)) : NULL;
	sql_reset(st);
	return v ? v : store_district_name(s);
}

/* Region id's parent and name (name copied into nm); 0 for the root or a missing id. */
static int64_t parent_of(store *s, int64_t id, char *nm, size_t nmsz)
{
	static const char q[] = "SELECT coalesce(parent_id, 0), name FROM region WHERE id = ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	int64_t p = 0;
	nm[0] = '\0';
	if (sql_step(st) == SQL_ROW) {
		p = sql_col_int64(st, 0);
		snprintf(nm, nmsz, "%s", sql_col_text(st, 1));
	}
	sql_reset(st);
	return p;
}

/* 1 when the names above region id, read upwards, are the path's components before its last. */
static int path_above(store *s, int64_t id, const char *path, size_t last)
{
	char nm[256];
	int64_t p = parent_of(s, id, nm, sizeof nm);
	size_t end = last; /* path[0, end) is still to match, its last component right above */
	while (end > 0) {
		end--; /* the '/' */
		size_t start = end;
		while (start > 0 && path[start - 1] != '/')
			start--;
		if (p <= 1)
			return 0;
		int64_t up = parent_of(s, p, nm, sizeof nm);
		if (strlen(nm) != end - start || memcmp(nm, path + start, end - start) != 0)
			return 0;
		p = up;
		end = start;
	}
	return 1;
}

size_t store_regions_named(store *s, const char *name, const char *level, int64_t **ids)
{
	static const char q[] = "SELECT id FROM region WHERE name = ?1 AND id <> 1 AND (?2 IS NULL OR level = ?2)"
				" ORDER BY id";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, name);
	sql_bind_text(st, 2, level);
	size_t n = 0, cap = 0;
	*ids = NULL;
	while (sql_step(st) == SQL_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[n++] = sql_col_int64(st, 0);
	}
	sql_reset(st);
	return n;
}

int64_t store_region_at(store *s, const char *path, const char *level, fg_err *e)
{
	const char *slash = strrchr(path, '/');
	const char *last = slash ? slash + 1 : path;
	int64_t *ids = NULL;
	size_t n = store_regions_named(s, last, level, &ids);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!slash || path_above(s, ids[i], path, (size_t)(last - path)))
			ids[m++] = ids[i];
	int64_t id = m == 1 ? ids[0] : 0;
	if (m > 1) {
		buf b = {0};
		for (size_t i = 0; i < m; i++) {
			if (i)
				buf_puts(&b, "、");
			store_region_path(s, ids[i], &b);
		}
		id = -err_set(e, FG_EINPUT, "“%s”不止一个：%s；请写出路径（上级/名称）", path, buf_cstr(&b));
		buf_free(&b);
	}
	free(ids);
	return id;
}

int64_t store_street_of(store *s, const char *name)
{
	const char *slash = strrchr(name, '/');
	if (slash) {
		char *d = xstrndup(name, (size_t)(slash - name));
		int64_t district = store_region_lookup(s, 1, d);
		free(d);
		return district ? store_region_lookup(s, district, slash + 1) : 0;
	}
	if (!store_region_is_city(s))
		return store_region_lookup(s, 1, name);
	int64_t id = store_district_alone(s, name);
	if (id)
		return id;
	fg_err ignored;
	id = store_region_at(s, name, "street", &ignored);
	return id > 0 ? id : 0;
}

int64_t store_district_alone(store *s, const char *name)
{
	/* the root's children in a city: its districts */
	return !strchr(name, '/') && store_region_is_city(s) ? store_region_lookup(s, 1, name) : 0;
}
