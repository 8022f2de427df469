/* Whole-table scans that statistics and findings are computed from. Each is one statement;
 * the joins happen in C over dense arrays, which is what makes province scale fast. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/places.h"
#include "store/scan_int.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* A scan statement whose ?1 is the as-of date. */
sql_st *dated_stmt(store *s, const char *sql, int as_of)
{
	char d[11];
	date_format(as_of, d);
	sql_st *st = store_st(s, sql);
	/* Transient: the date lives on this function's stack. */
	sql_bind_text_copy(st, 1, d, -1);
	return st;
}

/* The kind prefix of a --region value ("街道:", "社区:", "区域:", also with a full-width colon):
 * the kind, with *rest after the colon; -1 and *rest = name when there is none. */
static int kind_prefix(const char *name, const char **rest, fg_err *e)
{
	const char *colon = strchr(name, ':');
	const char *wide = strstr(name, "：");
	size_t clen = 1;
	if (wide && (!colon || wide < colon)) {
		colon = wide;
		clen = strlen("：");
	}
	*rest = name;
	if (!colon)
		return -1;
	char kind[32];
	snprintf(kind, sizeof kind, "%.*s", (int)(colon - name), name);
	int k = place_kind_parse(kind);
	if (k < 0)
		return -err_set(e, FG_EINPUT, "“%s”不是地点类别：应写作 街道:名称、社区:名称 或 区域:名称", kind);
	*rest = colon + clen;
	return k;
}

size_t store_districts(store *s, int64_t **ids)
{
	static const char q[] = "SELECT id FROM region WHERE level = 'district' ORDER BY id";
	sql_st *st = store_st(s, q);
	size_t n = 0;
	*ids = NULL;
	while (sql_step(st) == SQL_ROW) {
		if ((n & (n - 1)) == 0)
			*ids = xrealloc(*ids, (n ? n * 2 : 1) * sizeof **ids);
		(*ids)[n++] = sql_col_int64(st, 0);
	}
	sql_reset(st);
	return n;
}

int store_region_resolve(store *s, const char *name, store_filter *f, char **label, fg_err *e)
{
	memset(f, 0, sizeof *f);
	if (!name || !*name) {
		*label = store_district_name(s);
		return FG_OK;
	}
	const char *rest;
	int kind = kind_prefix(name, &rest, e);
	if (kind < -1)
		return -kind;
	/* A path ("区县/街道/社区" or a tail of it) names a region; a plain name means a place only
	 * when one place of the kinds asked has it: a zone never stands in for a street of the same
	 * name. */
	const char *level = kind == PLACE_STREET ? "street" : kind == PLACE_COMMUNITY ? "community"
			    : kind == PLACE_DISTRICT ? "district" : NULL;
	if (strchr(rest, '/')) {
		if (kind == PLACE_ZONE)
			return err_set(e, FG_EINPUT, "区域名称不含“/”：“%s”", rest);
		int64_t id = store_region_at(s, rest, level, e);
		if (id < 0)
			return (int)-id;
		if (id == 0)
			return err_set(e, FG_EINPUT, "没有“%s”这个%s", rest, level ? region_level_label(level) : "地方");
		f->region_id = id;
		*label = xstrdup(rest);
		return FG_OK;
	}
	int64_t *regions = NULL;
	size_t nr = kind != PLACE_ZONE ? store_regions_named(s, rest, level, &regions) : 0;
	int64_t zone = 0;
	if (kind < 0 || kind == PLACE_ZONE) {
		static const char qz[] = "SELECT id FROM zone WHERE name = ?";
		sql_st *st = store_st(s, qz);
		sql_bind_text(st, 1, rest);
		if (sql_step(st) == SQL_ROW)
			zone = sql_col_int64(st, 0);
		sql_reset(st);
	}
	char *d = store_district_name(s);
	int district = kind < 0 && strcmp(d, rest) == 0;
	int city = store_region_is_city(s);
	free(d);
	size_t n = nr + (zone != 0) + (size_t)district;
	if (n == 0) {
		free(regions);
		return err_set(e, FG_EINPUT, "没有名为“%s”的%s；--region 应为%s街道、社区或区域（园区/商圈/楼宇/科技园）的名称",
			       rest, kind < 0 ? "街道、社区或区域" : place_kind_label((place_kind)kind), city ? "区县、" : "");
	}
	if (n > 1) {
		buf m = {0};
		if (district)
			buf_printf(&m, "%s“%s”", region_whole_name(city), rest);
		for (size_t i = 0; i < nr; i++) {
			static const char ql[] = "SELECT level FROM region WHERE id = ?1";
			sql_st *st = store_st(s, ql);
			sql_bind_int64(st, 1, regions[i]);
			const char *lv = sql_step(st) == SQL_ROW ? sql_col_text(st, 0) : "";
			buf_printf(&m, "%s%s:", m.len ? "、" : "", region_level_label(lv));
			sql_reset(st);
			store_region_path(s, regions[i], &m);
		}
		if (zone)
			buf_printf(&m, "%s区域:%s", m.len ? "、" : "", rest);
		int rc = err_set(e, FG_EINPUT, "“%s”不止指一个地方：%s；请写明是哪一个（地点写出路径“上级/名称”）", rest, buf_cstr(&m));
		buf_free(&m);
		free(regions);
		return rc;
	}
	f->region_id = nr ? regions[0] : 0;
	f->zone_id = zone;
	free(regions);
	*label = xstrdup(rest);
	return FG_OK;
}

/* An enterprise id as ent_fact holds it (32 bits): -1 — an id the facts refuse (beyond their
 * ceiling, report/facts.c) — when it does not fit. */
static int32_t ent_id32(int64_t id)
{
	return id < 0 || id > INT32_MAX ? -1 : (int32_t)id;
}

/* ?4 the day (YYYY-MM-DD), ?5 the next day: an entry of the history dated before ?5 was written
 * by the end of ?4. */
#define EXISTS_ON                                                                                      \
	" AND (e.founded <= ?4 OR (e.founded IS NULL AND coalesce((SELECT min(h.at) FROM history h"      \
	" WHERE h.tbl = 'enterprise' AND h.key = e.uscc), '') < ?5)) AND " RECORD_OPEN_ON("e.", "?4")

static void bind_day_and_next(sql_st *st, int i, int day)
{
	char d[11], next[11];
	date_format(day, d);
	date_format(day + 1, next);
	sql_bind_text_copy(st, i, d, -1);
	sql_bind_text_copy(st, i + 1, next, -1);
}

/* The regions' parents by id (*parent, *n of them: a street's district, a community's street),
 * read first so that no enterprise's row joins them. */
static int region_parents(store *s, int64_t **parent, int64_t *n, fg_err *e)
{
	static const char qr[] = "SELECT id, coalesce(parent_id, 0) FROM region";
	*parent = NULL;
	*n = 0;
	sql_st *st = store_st(s, qr);
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int64_t id = sql_col_int64(st, 0);
		if (id < 0)
			continue;
		if (id >= *n) {
			int64_t k = *n ? *n : 64;
			while (k <= id)
				k *= 2;
			*parent = xrealloc(*parent, (size_t)k * sizeof **parent);
			memset(*parent + *n, 0, (size_t)(k - *n) * sizeof **parent);
			*n = k;
		}
		(*parent)[id] = sql_col_int64(st, 1);
	}
	return scan_fin(s, st, rc, 0, e, "读取地区");
}

/* An enterprise's facts from a row of ENTS_Q: 0 when its community has no street (not counted). */
static int ent_row(sql_st *st, const int64_t *parent, int64_t nparent, ent_fact *ef)
{
	memset(ef, 0, sizeof *ef);
	ef->id = ent_id32(sql_col_int64(st, 0));
	ef->community_id = sql_col_int64(st, 1);
	ef->street_id = ef->community_id > 0 && ef->community_id < nparent ? parent[ef->community_id] : 0;
	if (!ef->street_id)
		return 0; /* a community without a street (c.parent_id IS NULL), or none at all */
	ef->zone_id = sql_col_int64(st, 2);
	ef->operating = (unsigned char)(int)sql_col_int64(st, 3);
	ef->fixed_site = (unsigned char)(int)sql_col_int64(st, 4);
	ef->employees = (int)sql_col_int64(st, 5);
	ef->op_info = (unsigned char)(int)sql_col_int64(st, 6);
	ef->staff_info = (unsigned char)(int)sql_col_int64(st, 7);
	ef->investor = (unsigned char)(int)sql_col_int64(st, 8);
	ef->no_org_reason = (unsigned char)(int)sql_col_int64(st, 9);
	ef->district_id = ef->street_id > 0 && ef->street_id < nparent ? parent[ef->street_id] : 0;
	return 1;
}

/* Each row of st (ENTS_Q's) given to fn as an enterprise's facts, until fn says stop. */
static int ent_rows(store *s, sql_st *st, const int64_t *parent, int64_t nparent,
		    int (*fn)(void *ctx, const ent_fact *ef), void *ctx, fg_err *e)
{
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		ent_fact ef;
		if (ent_row(st, parent, nparent, &ef) && (ret = fn(ctx, &ef)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取企业");
}

/* The enterprises' facts as a region's load reads them: e, its community c. */
#define ENTS_Q(from, where)                                                                            \
	"SELECT e.id, e.community_id, e.zone_id, " ENT_RULE_FACTS("e.") ", " ENT_FIVE_CLEARS("e.") " FROM " from \
	" WHERE " where EXISTS_ON
/* Of the region ?1, zone ?2 (0 any), organisation ?3 (0 none): the scope's test. */
#define ENTS_IN_SCOPE "c.parent_id IS NOT NULL AND " SCOPE_ENT("?1", "?3") " AND (?2 = 0 OR e.zone_id = ?2)"

int store_scan_enterprises(store *s, const store_filter *f, int as_of, int changed,
			   int (*fn)(void *ctx, const ent_fact *ef), void *ctx, fg_err *e)
{
	/* The whole district (no region below it, no zone, no organisation) needs no join: the
	 * community's street and its presence (c.parent_id IS NOT NULL) come from the regions read
	 * first, and every enterprise is in scope. */
	static const char q[] = ENTS_Q("enterprise e JOIN region c ON c.id = e.community_id",
				       "c.parent_id IS NOT NULL AND ((" SCOPE_ENT("?1", "?3") " AND (?2 = 0 OR e.zone_id = ?2))"
				       " OR (?6 = 1 AND ?3 = 0 AND EXISTS (SELECT 1 FROM history h WHERE h.tbl = 'enterprise'"
				       " AND h.key = e.uscc AND h.at >= ?5)))"),
			  q_all[] = ENTS_Q("enterprise e", "1 = 1"),
			  /* A region's, when none of its enterprises changed since the day (?6 = 0) and no
			   * organisation scopes it: q, with the region's communities named on e itself —
			   * implied by the scope, which tests them on the joined c — so that SQLite walks
			   * enterprise_community for them rather than reading every enterprise (a district
			   * of a city: 5 ms against 30). */
			  q_in[] = ENTS_Q("enterprise e JOIN region c ON c.id = e.community_id",
					  "?6 = 0 AND e.community_id IN " REGION_UNDER("?1") " AND " ENTS_IN_SCOPE);
	int all = !f || ((f->region_id == 0 || f->region_id == 1) && !f->zone_id && !f->org_id);
	int64_t *parent, nparent;
	int ret = region_parents(s, &parent, &nparent, e);
	if (ret) {
		free(parent);
		return ret;
	}
	sql_st *st = store_st(s, all ? q_all : f->region_id > 1 && !f->org_id && !changed ? q_in : q);
	if (!all) {
		sql_bind_int64(st, 1, f->region_id);
		sql_bind_int64(st, 2, f->zone_id);
		sql_bind_int64(st, 3, f->org_id);
		sql_bind_int64(st, 6, changed);
	}
	bind_day_and_next(st, 4, as_of);
	ret = ent_rows(s, st, parent, nparent, fn, ctx, e);
	free(parent);
	return ret;
}

int store_scan_enterprises_ids(store *s, const store_filter *f, int as_of, const int64_t *ids, size_t n,
			       int (*fn)(void *ctx, const ent_fact *ef), void *ctx, fg_err *e)
{
	/* store_scan_enterprises' q (without the changed ones: today's facts), of one enterprise */
	static const char q[] = ENTS_Q("enterprise e JOIN region c ON c.id = e.community_id", "e.id = ?6 AND " ENTS_IN_SCOPE);
	int64_t *parent, nparent;
	int ret = region_parents(s, &parent, &nparent, e);
	for (size_t k = 0; !ret && k < n; k++) {
		sql_st *st = store_st(s, q);
		sql_bind_int64(st, 1, f ? f->region_id : 0);
		sql_bind_int64(st, 2, f ? f->zone_id : 0);
		sql_bind_int64(st, 3, f ? f->org_id : 0);
		sql_bind_int64(st, 6, ids[k]);
		bind_day_and_next(st, 4, as_of);
		ret = ent_rows(s, st, parent, nparent, fn, ctx, e);
	}
	free(parent);
	return ret;
}
#undef ENTS_Q
#undef ENTS_IN_SCOPE

const char *json_text(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && *v ? v : NULL;
}

/* The enterprise's facts as the fields of version give them (the history's JSON: a whole row for
 * an insert, the changed fields for an update), over today's in ef; a field the version does not
 * name keeps today's value. street and comm: today's names, for a version naming only one. */
static void version_apply(store *s, json_t *v, ent_fact *ef, const char *street, const char *comm)
{
	static const char qc[] = "SELECT c.id, c.parent_id, p.parent_id FROM region c JOIN region p ON p.id = c.parent_id"
				 " WHERE c.id = ?1";
	static const char qz[] = "SELECT id FROM zone WHERE name = ?1";
	const char *t;
	if (json_object_get(v, "status"))
		ef->operating = (unsigned char)((t = json_text(v, "status")) && strcmp(t, "在营") == 0);
	if (json_object_get(v, "employees"))
		ef->employees = (t = json_text(v, "employees")) ? (int)strtol(t, NULL, 10) : 0;
	if (json_object_get(v, "fixed_site"))
		ef->fixed_site = (unsigned char)((t = json_text(v, "fixed_site")) && strcmp(t, "是") == 0);
	if (json_object_get(v, "op_info"))
		ef->op_info = json_text(v, "op_info") != NULL;
	if (json_object_get(v, "staff_info"))
		ef->staff_info = json_text(v, "staff_info") != NULL;
	if (json_object_get(v, "investor"))
		ef->investor = json_text(v, "investor") != NULL;
	if (json_object_get(v, "no_org_reason"))
		ef->no_org_reason = json_text(v, "no_org_reason") != NULL;
	int has_district = json_object_get(v, "district") != NULL;
	if (has_district || json_object_get(v, "street") || json_object_get(v, "community")) {
		/* The community by its path "区县/街道/社区" (a city's) or "街道/社区": its 所属区县 the
		 * version's (a city's ledger writes it apart), else the one a version's 所属街道 path
		 * names, else today's (street is today's path); its 街道 and 社区 the version's, else
		 * today's. */
		const char *vs = json_object_get(v, "street") ? json_text(v, "street") : street;
		const char *vc = json_object_get(v, "community") ? json_text(v, "community") : comm;
		const char *cut = vs ? strchr(vs, '/') : NULL, *today_cut = street ? strchr(street, '/') : NULL;
		buf path = {0};
		if (has_district) {
			const char *vd = json_text(v, "district");
			if (vd)
				buf_printf(&path, "%s/", vd);
		} else if (cut) {
			buf_add(&path, vs, (size_t)(cut - vs) + 1);
		} else if (today_cut) {
			buf_add(&path, street, (size_t)(today_cut - street) + 1);
		}
		buf_printf(&path, "%s/%s", cut ? cut + 1 : vs ? vs : "", vc ? vc : "");
		fg_err ignored;
		int64_t cid = store_region_at(s, buf_cstr(&path), "community", &ignored);
		buf_free(&path);
		sql_st *st = store_st(s, qc);
		sql_bind_int64(st, 1, cid);
		if (cid > 0 && sql_step(st) == SQL_ROW) {
			ef->community_id = sql_col_int64(st, 0);
			ef->street_id = sql_col_int64(st, 1);
			ef->district_id = sql_col_int64(st, 2);
		}
		sql_reset(st);
	}
	if (json_object_get(v, "zone")) {
		if (!(t = json_text(v, "zone"))) {
			ef->zone_id = 0;
		} else {
			sql_st *st = store_st(s, qz);
			sql_bind_text(st, 1, t);
			if (sql_step(st) == SQL_ROW)
				ef->zone_id = sql_col_int64(st, 0);
			sql_reset(st);
		}
	}
}

/* ---- records as they stood on a past day, from the history ---- */


void then_free(then_map *m)
{
	for (size_t i = 0; i < m->n; i++)
		json_decref(m->v[i]);
	free(m->v);
	strmap_free(&m->at);
	memset(m, 0, sizeof *m);
}

json_t *then_get(const then_map *m, const char *key)
{
	int64_t i;
	return key && strmap_get(&m->at, key, strlen(key), &i) ? m->v[i] : NULL;
}

static void then_keep(then_map *m, const char *key, json_t *v)
{
	if (!json_object_size(v)) {
		json_decref(v);
		return;
	}
	if ((m->n & (m->n - 1)) == 0)
		m->v = xrealloc(m->v, (m->n ? m->n * 2 : 1) * sizeof *m->v);
	strmap_put(&m->at, key, strlen(key), (int64_t)m->n);
	m->v[m->n++] = v;
}

json_t *store_json_object(const char *text)
{
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	if (json_is_object(o))
		return o;
	json_decref(o);
	return NULL;
}

/* Keeps one record's fields on the day; first: its first version, when it was recorded after the
 * day and changed since (v is then empty: the first version is what it was). */
static void then_close(then_map *m, const char *key, json_t *v, const char *first)
{
	json_t *row = store_json_object(first);
	if (row)
		json_object_update(v, row);
	json_decref(row);
	then_keep(m, key, v);
}

/* One record's rows of the history after the day, in the order they were written
 * (then_load_span): as then_load's loop keeps them for one key. */
typedef struct then_rec {
	char *key;
	json_t *v;
	char *first; /* an insert's whole row, kept when a later row may follow it (else NULL) */
	int inserted, followed;
} then_rec;

static int then_rec_cmp(const void *a, const void *b)
{
	return strcmp(((const then_rec *)a)->key, ((const then_rec *)b)->key);
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Where tbl's rows lie in the history: runs of ids (from, to) holding all of them, two rows of tbl
 * less than THEN_GAP ids apart in one run; and the keys with more than one row (multi). Read from
 * history_key alone (tbl, key and the id are all in it). */
#define THEN_GAP 64
typedef struct then_runs {
	int64_t *run; /* from, to, from, to… */
	size_t nruns;
	int64_t rows, count; /* ids the runs span, rows of tbl */
	strmap multi;
} then_runs;

static int then_runs_find(store *s, const char *tbl, then_runs *r, fg_err *e)
{
	static const char q[] = "SELECT key, id FROM history WHERE tbl = ?1 ORDER BY key, id";
	memset(r, 0, sizeof *r);
	int64_t *ids = NULL;
	size_t n = 0;
	buf prev = {0};
	int prev_kept = 0, rc;
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, tbl);
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *k = sql_col_text(st, 0);
		if (n && strcmp(k, buf_cstr(&prev)) == 0) {
			if (!prev_kept)
				strmap_put(&r->multi, k, strlen(k), 1);
			prev_kept = 1;
		} else {
			buf_reset(&prev);
			buf_puts(&prev, k);
			prev_kept = 0;
		}
		if ((n & (n - 1)) == 0)
			ids = xrealloc(ids, (n ? n * 2 : 1) * sizeof *ids);
		ids[n++] = sql_col_int64(st, 1);
	}
	buf_free(&prev);
	int ret = scan_fin(s, st, rc, 0, e, "读取变更历史");
	if (!ret && n) {
		qsort(ids, n, sizeof *ids, id_cmp);
		r->run = xmalloc(2 * n * sizeof *r->run);
		for (size_t i = 0; i < n; i++) {
			if (r->nruns && ids[i] - r->run[2 * r->nruns - 1] < THEN_GAP) {
				r->run[2 * r->nruns - 1] = ids[i];
				continue;
			}
			r->run[2 * r->nruns] = r->run[2 * r->nruns + 1] = ids[i];
			r->nruns++;
		}
		for (size_t i = 0; i < r->nruns; i++)
			r->rows += r->run[2 * i + 1] - r->run[2 * i] + 1;
	}
	r->count = (int64_t)n;
	free(ids);
	return ret;
}

static void then_runs_free(then_runs *r)
{
	free(r->run);
	strmap_free(&r->multi);
	memset(r, 0, sizeof *r);
}

/* then_load over the table's rows in the order they lie (the runs of ids that tbl's rows take:
 * no look-up of each row through history_key in key order, which read a page of the table per
 * row), each key's rows kept in the order written and the keys then sorted in C, byte by byte as
 * ORDER BY key (BINARY; COLLATE "C" on PostgreSQL). A record whose only row after the day is its
 * insert changes nothing (its row is today's): kept only when it has other rows at all (multi). */
static int then_load_runs(store *s, const char *tbl, const char *next, const then_runs *runs, then_map *m,
			  fg_err *e)
{
	/* coalesce(tbl, ''): tbl NOT NULL, the same value, which history_key does not answer — the
	 * range of ids does. */
	static const char q[] = "SELECT key, op = 'insert', old, new FROM history WHERE id >= ?3 AND id <= ?4"
				" AND coalesce(tbl, '') = ?1 AND at >= ?2 AND (op = 'insert' OR op = 'update') ORDER BY id";
	strmap at = {0};
	then_rec *r = NULL;
	size_t n = 0;
	int ret = 0;
	for (size_t u = 0; !ret && u < runs->nruns; u++) {
		sql_st *st = store_st(s, q);
		sql_bind_text(st, 1, tbl);
		sql_bind_text(st, 2, next);
		sql_bind_int64(st, 3, runs->run[2 * u]);
		sql_bind_int64(st, 4, runs->run[2 * u + 1]);
		int rc;
		while ((rc = sql_step(st)) == SQL_ROW) {
			const char *k = sql_col_text(st, 0);
			size_t kl = strlen(k);
			int64_t i, one;
			int inserted = (int)sql_col_int64(st, 1);
			if (!strmap_get(&at, k, kl, &i)) {
				if (inserted && !strmap_get(&runs->multi, k, kl, &one))
					continue; /* its insert alone: nothing of it to keep */
				if ((n & (n - 1)) == 0)
					r = xrealloc(r, (n ? n * 2 : 1) * sizeof *r);
				i = (int64_t)n;
				strmap_put(&at, k, kl, i);
				const char *t = inserted ? sql_col_text(st, 3) : NULL;
				r[n++] = (then_rec){xstrdup(k), json_object(), inserted ? xstrdup(t ? t : "{}") : NULL, inserted, 0};
				if (inserted)
					continue;
			} else if (r[i].inserted) {
				r[i].followed = 1;
				continue;
			}
			json_t *old = store_json_object(sql_col_text(st, 2));
			if (old)
				json_object_update_missing(r[i].v, old);
			json_decref(old);
		}
		ret = scan_fin(s, st, rc, 0, e, "读取变更历史");
	}
	if (n)
		qsort(r, n, sizeof *r, then_rec_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!ret)
			then_close(m, r[i].key, r[i].v, r[i].inserted && r[i].followed ? r[i].first : NULL);
		else
			json_decref(r[i].v);
		free(r[i].key);
		free(r[i].first);
	}
	free(r);
	strmap_free(&at);
	return ret;
}

/* Fills m with the records of tbl changed after as_of; nothing when as_of is today or later. */
int then_load(store *s, const char *tbl, int as_of, then_map *m, fg_err *e)
{
	memset(m, 0, sizeof *m);
	if (as_of >= date_today())
		return FG_OK;
	char next[11];
	date_format(as_of + 1, next);
	/* Where tbl's rows lie: read in the order they lie when the runs holding them are few and
	 * mostly theirs (a city's demo: the members' 259,000 rows, 1.35 → 0.3 s); else, scattered
	 * among the other tables' rows, looked up through history_key. */
	then_runs runs;
	int rc = then_runs_find(s, tbl, &runs, e);
	int64_t count = runs.count;
	int in_runs = !rc && count && runs.rows <= 2 * count && (int64_t)runs.nruns * 32 <= count;
	if (in_runs)
		rc = then_load_runs(s, tbl, next, &runs, m, e);
	then_runs_free(&runs);
	if (rc || in_runs || !count)
		return rc;
	static const char q[] = "SELECT key, op = 'insert', old, new FROM history"
				" WHERE tbl = ?1 AND at >= ?2 AND (op = 'insert' OR op = 'update') ORDER BY key, id";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, tbl);
	sql_bind_text(st, 2, next);
	buf key = {0}, first = {0};
	json_t *v = NULL;
	int inserted = 0, followed = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *k = sql_col_text(st, 0);
		if (!v || strcmp(k, buf_cstr(&key)) != 0) {
			if (v)
				then_close(m, buf_cstr(&key), v, inserted && followed ? buf_cstr(&first) : NULL);
			buf_reset(&key);
			buf_puts(&key, k);
			v = json_object();
			inserted = (int)sql_col_int64(st, 1);
			followed = 0;
			buf_reset(&first);
			if (inserted) {
				const char *t = sql_col_text(st, 3);
				buf_puts(&first, t ? t : "{}");
			}
			if (inserted)
				continue;
		} else if (inserted) {
			followed = 1;
			continue;
		}
		json_t *old = store_json_object(sql_col_text(st, 2));
		if (old)
			json_object_update_missing(v, old);
		json_decref(old);
	}
	if (v)
		then_close(m, buf_cstr(&key), v, inserted && followed ? buf_cstr(&first) : NULL);
	buf_free(&key);
	buf_free(&first);
	return scan_fin(s, st, rc, 0, e, "读取变更历史");
}

int store_scan_enterprises_then(store *s, int as_of, int (*fn)(void *ctx, const ent_fact *ef), void *ctx,
				fg_err *e)
{
	then_map m;
	int rc = then_load(s, "enterprise", as_of, &m, e);
	static const char q[] =
		"SELECT e.id, c.parent_id, e.community_id, e.zone_id, " ENT_RULE_FACTS("e.") ", " ENT_FIVE_CLEARS("e.") ","
		" coalesce(pd.name || '/', '') || p.name, c.name, p.parent_id FROM enterprise e"
		" JOIN region c ON c.id = e.community_id JOIN region p ON p.id = c.parent_id"
		" LEFT JOIN region pd ON pd.id = p.parent_id AND pd.parent_id IS NOT NULL WHERE e.uscc = ?1";
	for (size_t i = 0; !rc && i < m.at.cap; i++) {
		const strmap_slot *sl = &m.at.slots[i];
		if (!sl->key)
			continue;
		sql_st *st = store_st(s, q);
		sql_bind_text_copy(st, 1, sl->key, (int)sl->len);
		if (sql_step(st) != SQL_ROW) {
			sql_reset(st);
			continue;
		}
		ent_fact ef = {
			.id = ent_id32(sql_col_int64(st, 0)),
			.street_id = sql_col_int64(st, 1),
			.community_id = sql_col_int64(st, 2),
			.zone_id = sql_col_int64(st, 3),
			.operating = (unsigned char)(int)sql_col_int64(st, 4),
			.fixed_site = (unsigned char)(int)sql_col_int64(st, 5),
			.employees = (int)sql_col_int64(st, 6),
			.op_info = (unsigned char)(int)sql_col_int64(st, 7),
			.staff_info = (unsigned char)(int)sql_col_int64(st, 8),
			.investor = (unsigned char)(int)sql_col_int64(st, 9),
			.no_org_reason = (unsigned char)(int)sql_col_int64(st, 10),
			.district_id = sql_col_int64(st, 13),
		};
		char *street = xstrdup(sql_col_text(st, 11));
		char *comm = xstrdup(sql_col_text(st, 12));
		sql_reset(st);
		version_apply(s, m.v[sl->val], &ef, street, comm);
		free(street);
		free(comm);
		rc = fn(ctx, &ef);
	}
	then_free(&m);
	return rc;
}

/* A member changed after the day, as it stood then. What carries its own date is today's (入党日期,
 * 转正日期, a 组织关系状态 with its start date: what is known now about then); what does not —
 * 工作单位, 是否亮明身份, a 组织关系状态 without a start date (停止党籍 …) — is its version on the day
 * (then_load's). Counted like store_scan_members' query counts a row. */
static int member_then(store *s, const char *idno, json_t *v, int as_of, member_state *ms)
{
	/* 减少 carries its own date: judged by today's record, like 入党日期. */
	static const char q[] = "SELECT m.id, e.uscc, m.status, m.join_date, m.full_date, m.relation, m.relation_since,"
				" m.disclosed, " RECORD_OPEN_ON("m.", "?2") " FROM member m LEFT JOIN enterprise e"
				" ON e.id = m.employer_id WHERE m.idno = ?1";
	static const char qe[] = "SELECT id FROM enterprise WHERE uscc = ?1";
	char d[11];
	date_format(as_of, d);
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, idno);
	sql_bind_text(st, 2, d);
	if (sql_step(st) != SQL_ROW || !(int)sql_col_int64(st, 8)) {
		sql_reset(st);
		return 0;
	}
	ms->id = sql_col_int64(st, 0);
	char *own[6];
	for (int i = 0; i < 6; i++) {
		const char *t = sql_col_text(st, i + 1);
		own[i] = t ? xstrdup(t) : NULL;
	}
	ms->disclosed = (int)sql_col_int64(st, 7) == 1;
	sql_reset(st);
	const char *employer = own[0], *status = own[1], *joined = own[2], *full = own[3], *rel = own[4], *since = own[5];
	if (!joined || date_parse(joined, &ms->joined) != 0)
		ms->joined = DATE_NONE;
	if (json_object_get(v, "employer"))
		employer = json_text(v, "employer");
	if (json_object_get(v, "disclosed"))
		ms->disclosed = json_text(v, "disclosed") && strcmp(json_text(v, "disclosed"), "是") == 0;
	if (!since && json_object_get(v, "relation")) {
		rel = json_text(v, "relation");
		since = json_text(v, "relation_since");
	}
	ms->employer = 0;
	if (employer) {
		st = store_st(s, qe);
		sql_bind_text(st, 1, employer);
		if (sql_step(st) == SQL_ROW)
			ms->employer = sql_col_int64(st, 0);
		sql_reset(st);
	}
	int counted = ms->employer && rel && strcmp(rel, "停止党籍") != 0 && joined && strcmp(joined, d) <= 0;
	ms->formal = (full && strcmp(full, d) <= 0) || (status && strcmp(status, "正式党员") == 0 && !full);
	ms->relation = strcmp(rel ? rel : "正常", "正常") == 0 || (since && strcmp(since, d) > 0) ? MEMBER_NORMAL
		       : strcmp(rel, "流动") == 0							 ? MEMBER_MOBILE
													 : MEMBER_LOST;
	for (int i = 0; i < 6; i++)
		free(own[i]);
	return counted;
}

/* A 流动 or 失联 whose start date is after D is not yet in force; one without a date always is.
 * Members changed after D count as they stood on D (member_then). The ID number is read only when
 * some member changed after D (the then-versions are keyed by it). */
#define MEMBERS_Q(idno)                                                                                         \
	"SELECT id, employer_id, " MEMBER_FORMAL("", "?1") ","                                                    \
	" CASE WHEN relation = '正常' OR relation_since > ?1 THEN 0 WHEN relation = '流动' THEN 1 ELSE 2 END,"       \
	" disclosed, join_date" idno " FROM member WHERE " MEMBER_COUNTED("", "?1")

/* A row of MEMBERS_Q as store_scan_members gives it. */
static member_state member_row_state(sql_st *st)
{
	return (member_state){sql_col_int64(st, 0), sql_col_int64(st, 1), (int)sql_col_int64(st, 2),
			      (int)sql_col_int64(st, 3), (int)sql_col_int64(st, 4) == 1, store_day(st, 5)};
}

int store_scan_members_at(store *s, int as_of, int64_t employer, int (*fn)(void *ctx, const member_state *ms),
			  void *ctx, fg_err *e)
{
	if (as_of < date_today())
		return err_set(e, FG_EFAIL, "内部错误：按工作单位读取党员只用于今天及以后的日期");
	static const char q[] = MEMBERS_Q("") " AND employer_id = ?2";
	sql_st *st = dated_stmt(s, q, as_of);
	sql_bind_int64(st, 2, employer);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		member_state ms = member_row_state(st);
		if ((ret = fn(ctx, &ms)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党员");
}

int store_scan_members(store *s, int as_of, int64_t region, int (*fn)(void *ctx, const member_state *ms), void *ctx,
		       fg_err *e)
{
	/* ?2 the region whose enterprises employ the members wanted (store.h): its enterprises
	 * listed once, their members found by member_employer (a district of a city: 19 ms against 42
	 * for a test of every member's district). Such a member is held in the region's district: the
	 * hint for a database partitioned by district (HELD_IN_DISTRICT_OF). */
#define MEMBERS_HELD " AND " EMPLOYER_IN("employer_id", "?2") HELD_IN_DISTRICT_OF("district_id", "?2")
	static const char q[] = MEMBERS_Q(", idno"), q_now[] = MEMBERS_Q(""),
			  q_in[] = MEMBERS_Q(", idno") MEMBERS_HELD, q_now_in[] = MEMBERS_Q("") MEMBERS_HELD;
#undef MEMBERS_HELD
	then_map m;
	int rc = then_load(s, "member", as_of, &m, e), ret = 0;
	if (rc)
		return rc;
	sql_st *st = dated_stmt(s, region > 1 ? (m.n ? q_in : q_now_in) : m.n ? q : q_now, as_of);
	if (region > 1)
		sql_bind_int64(st, 2, region);
	while ((rc = sql_step(st)) == SQL_ROW) {
		if (m.n && then_get(&m, sql_col_text(st, 6)))
			continue;
		member_state ms = member_row_state(st);
		if ((ret = fn(ctx, &ms)) != 0)
			break;
	}
	ret = scan_fin(s, st, rc, ret, e, "读取党员");
	for (size_t i = 0; !ret && i < m.at.cap; i++) {
		const strmap_slot *sl = &m.at.slots[i];
		if (!sl->key)
			continue;
		member_state ms;
		if (member_then(s, sl->key, m.v[sl->val], as_of, &ms))
			ret = fn(ctx, &ms);
	}
	then_free(&m);
	return ret;
}

int store_scan_assignments(store *s, int as_of, int (*fn)(void *ctx, int64_t ent, int64_t instructor), void *ctx,
			   fg_err *e)
{
	static const char q[] = "SELECT enterprise_id, instructor_id FROM assignment"
				" WHERE " ASSIGNMENT_ACTIVE("", "?1");
	sql_st *st = dated_stmt(s, q, as_of);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取指导员派驻");
}

int store_scan_assignments_at(store *s, int as_of, int64_t ent,
			      int (*fn)(void *ctx, int64_t ent, int64_t instructor, const char *mode, const char *kind),
			      void *ctx, fg_err *e)
{
	static const char q[] = "SELECT enterprise_id, instructor_id FROM assignment"
				" WHERE enterprise_id = ?2 AND " ASSIGNMENT_ACTIVE("", "?1");
	sql_st *st = dated_stmt(s, q, as_of);
	sql_bind_int64(st, 2, ent);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1), NULL, NULL)) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取指导员派驻");
}

int store_scan_names(store *s, int (*fn)(void *ctx, const char *level, int64_t id, const char *name), void *ctx,
		     fg_err *e)
{
	/* A street by its path: "区县/街道" in a city, where two districts may each have a 双峰街道. */
	static const char q[] = "SELECT r.level, r.id, CASE r.level WHEN 'street' THEN " REGION_PATH("r.id")
				" ELSE r.name END FROM region r UNION ALL SELECT 'zone', id, name FROM zone";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_text(st, 0), sql_col_int64(st, 1),
			      sql_col_text(st, 2))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取地区名称");
}

int store_max_ids(store *s, int64_t *ent, int64_t *org, int64_t *instructor, fg_err *e)
{
	static const char q[] = "SELECT (SELECT coalesce(max(id), 0) FROM enterprise),"
				" (SELECT coalesce(max(id), 0) FROM org), (SELECT coalesce(max(id), 0) FROM instructor)";
	sql_st *st = store_st(s, q);
	if (sql_step(st) != SQL_ROW) {
		sql_reset(st);
		return db_err(s, e, "读取编号");
	}
	*ent = sql_col_int64(st, 0);
	*org = sql_col_int64(st, 1);
	*instructor = sql_col_int64(st, 2);
	sql_reset(st);
	return FG_OK;
}

/* The members store_scan_member_flags gives, of the members the clause more (an AND …) selects. */
#define MEMBER_FLAGS_Q(more)                                                                                   \
	"SELECT id, coalesce(employer_id, 0), name, idno, relation, org_id IS NOT NULL, outside_org,"            \
	" relation_since FROM member"                                                                           \
	" WHERE (org_id IS NULL OR relation = '失联') AND relation <> '停止党籍' AND closed IS NULL" more " ORDER BY id"

static int member_flags_scan(store *s, sql_st *st, int (*fn)(void *ctx, const member_fact *mf), void *ctx,
			     fg_err *e);

int store_scan_member_flags(store *s, int (*fn)(void *ctx, const member_fact *mf), void *ctx, fg_err *e)
{
	static const char q[] = MEMBER_FLAGS_Q("");
	return member_flags_scan(s, store_st(s, q), fn, ctx, e);
}

/* The clauses of store_members_of's members of ?1. */
#define EMPLOYED_BY "employer_id = ?1"
#define HELD_BY "org_id = ?1 AND employer_id IS NULL"
#define MEMBER_IDS_Q(by) "SELECT id, coalesce(org_id, 0) FROM member WHERE " by " ORDER BY id"

int store_scan_member_flags_at(store *s, store_members_of by, int64_t id,
			       int (*fn)(void *ctx, const member_fact *mf), void *ctx, fg_err *e)
{
	static const char *const q[] = {[STORE_MEMBERS_EMPLOYED] = MEMBER_FLAGS_Q(" AND " EMPLOYED_BY),
					[STORE_MEMBERS_HELD] = MEMBER_FLAGS_Q(" AND " HELD_BY)};
	sql_st *st = store_st(s, q[by]);
	sql_bind_int64(st, 1, id);
	return member_flags_scan(s, st, fn, ctx, e);
}

int store_members_at(store *s, store_members_of by, int64_t id, int (*fn)(void *ctx, int64_t id, int64_t org),
		     void *ctx, fg_err *e)
{
	static const char *const q[] = {[STORE_MEMBERS_EMPLOYED] = MEMBER_IDS_Q(EMPLOYED_BY),
					[STORE_MEMBERS_HELD] = MEMBER_IDS_Q(HELD_BY)};
	sql_st *st = store_st(s, q[by]);
	sql_bind_int64(st, 1, id);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取党员");
}

static int member_flags_scan(store *s, sql_st *st, int (*fn)(void *ctx, const member_fact *mf), void *ctx,
			     fg_err *e)
{
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		member_fact mf = {
			.id = sql_col_int64(st, 0),
			.employer_id = sql_col_int64(st, 1),
			.name = sql_col_text(st, 2),
			.idno = sql_col_text(st, 3),
			.relation = sql_col_text(st, 4),
			.has_org = (int)sql_col_int64(st, 5),
			.outside_org = sql_col_text(st, 6),
			.relation_since = DATE_NONE,
		};
		const char *since = sql_col_text(st, 7);
		if (since && date_parse(since, &mf.relation_since) != 0)
			mf.relation_since = DATE_NONE;
		if ((ret = fn(ctx, &mf)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党员");
}

void store_enterprise_label(store *s, int64_t id, buf *out)
{
	static const char q[] = "SELECT name, uscc FROM enterprise WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	if (sql_step(st) == SQL_ROW)
		buf_printf(out, "%s（%s）", sql_col_text(st, 0), sql_col_text(st, 1));
	sql_reset(st);
}

void store_enterprise_uscc(store *s, int64_t id, buf *out)
{
	static const char q[] = "SELECT uscc FROM enterprise WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	if (sql_step(st) == SQL_ROW)
		buf_puts(out, sql_col_text(st, 0));
	sql_reset(st);
}

int store_scan_member_rows(store *s, int (*fn)(void *ctx, const member_row *mr), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT coalesce(employer_id, 0), relation, join_date FROM member";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		member_row mr = {
			.employer_id = sql_col_int64(st, 0),
			.relation = sql_col_text(st, 1),
			.join_date = sql_col_text(st, 2),
		};
		if ((ret = fn(ctx, &mr)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党员");
}

int store_scan_instructors(store *s, int (*fn)(void *ctx, int64_t id, const char *unit), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT id, unit FROM instructor";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_text(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取指导员");
}

int store_scan_zones(store *s, int (*fn)(void *ctx, int64_t id, const char *name, const char *kind), void *ctx,
		     fg_err *e)
{
	static const char q[] = "SELECT id, name, kind FROM zone";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_text(st, 1),
			      sql_col_text(st, 2))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取区域");
}
