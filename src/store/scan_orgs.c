/* The organisations' scans: each organisation as it stood on a day (its fields from the history's
 * past versions), with its formal members and the enterprises it covers counted, kept for the rest
 * of a read transaction; and the coverage links of a day, with each organisation's mode and kind
 * then. The rest of the whole-table scans are in scan.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/scan_int.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* An organisation's fields on a past day (then_load's) over today's in of; the strings point
 * into v. */
static void org_version(json_t *v, org_fact *of)
{
	const char *t;
	if (json_object_get(v, "kind"))
		of->kind = json_text(v, "kind");
	if (json_object_get(v, "mode"))
		of->mode = json_text(v, "mode");
	if (json_object_get(v, "secretary"))
		of->has_secretary = json_text(v, "secretary") != NULL;
	if (json_object_get(v, "has_committee"))
		of->has_committee = (t = json_text(v, "has_committee")) ? strcmp(t, "是") == 0 : -1;
	if (json_object_get(v, "committee_size"))
		of->committee_size = (t = json_text(v, "committee_size")) ? (int)strtol(t, NULL, 10) : -1;
	if (json_object_get(v, "term_start"))
		of->term_start = json_text(v, "term_start");
}

int store_scan_coverage(store *s, int as_of,
			int (*fn)(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind), void *ctx,
			fg_err *e)
{
	static const char q[] =
		"SELECT cv.enterprise_id, o.id, o.mode, o.kind, o.name FROM coverage cv JOIN org o ON o.id = cv.org_id"
		" WHERE " COVERAGE_ACTIVE("cv.", "o.", "?1");
	then_map then;
	int rc = then_load(s, "org", as_of, &then, e), ret = 0;
	if (rc)
		return rc;
	sql_st *st = dated_stmt(s, q, as_of);
	while ((rc = sql_step(st)) == SQL_ROW) {
		/* The organisation's mode and kind on the day. */
		org_fact of = {.mode = sql_col_text(st, 2),
			       .kind = sql_col_text(st, 3)};
		json_t *v = then.n ? then_get(&then, sql_col_text(st, 4)) : NULL;
		if (v)
			org_version(v, &of);
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1), of.mode ? of.mode : "",
			      of.kind ? of.kind : "")) != 0)
			break;
	}
	then_free(&then);
	return scan_fin(s, st, rc, ret, e, "读取覆盖关系");
}

int store_scan_coverage_at(store *s, int as_of, int64_t ent,
			   int (*fn)(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind), void *ctx,
			   fg_err *e)
{
	if (as_of < date_today())
		return err_set(e, FG_EFAIL, "内部错误：按企业读取覆盖关系只用于今天及以后的日期");
	static const char q[] = "SELECT cv.enterprise_id, o.id, o.mode, o.kind FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE cv.enterprise_id = ?2 AND " COVERAGE_ACTIVE("cv.", "o.", "?1");
	sql_st *st = dated_stmt(s, q, as_of);
	sql_bind_int64(st, 2, ent);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *mode = sql_col_text(st, 2), *kind = sql_col_text(st, 3);
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1), mode ? mode : "", kind ? kind : "")) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取覆盖关系");
}

/* store_scan_orgs' rows kept in a read transaction: each string as its offset + 1 in orgs_text (0
 * for NULL) until the scan ends, when the text no longer moves and the pointers are set. */
static const char *org_kept_text(store *s, const char *t)
{
	if (!t)
		return NULL;
	size_t off = s->orgs_text.len + 1;
	buf_add(&s->orgs_text, t, strlen(t) + 1);
	return (const char *)(uintptr_t)off;
}

static const char *org_kept_ptr(const store *s, const char *t)
{
	return t ? s->orgs_text.p + ((uintptr_t)t - 1) : NULL;
}

static void org_keep(store *s, const org_fact *of)
{
	if (s->orgs_n == s->orgs_cap) {
		/* Sized at first to the table's largest id (the rows of the day are at most as many), so
		 * that a city's 17,000 organisations do not hold an array of 32,768 (doubling). */
		size_t cap = s->orgs_cap ? s->orgs_cap * 2 : 16;
		if (!s->orgs_cap) {
			sql_st *st = store_st(s, "SELECT max(id) FROM org");
			if (sql_step(st) == SQL_ROW && sql_col_int64(st, 0) > 0)
				cap = (size_t)sql_col_int64(st, 0);
			sql_reset(st);
		}
		s->orgs_v = xrealloc(s->orgs_v, cap * sizeof *s->orgs_v);
		s->orgs_cap = cap;
	}
	org_fact k = *of;
	k.name = org_kept_text(s, of->name);
	k.kind = org_kept_text(s, of->kind);
	k.mode = org_kept_text(s, of->mode);
	k.founded = org_kept_text(s, of->founded);
	k.term_start = org_kept_text(s, of->term_start);
	s->orgs_v[s->orgs_n++] = k;
}

/* Forgets the kept rows only (not the formal counts of store_subjects_members). */
static void orgs_kept_forget(store *s)
{
	free(s->orgs_v);
	s->orgs_v = NULL;
	s->orgs_n = 0;
	s->orgs_cap = 0;
	s->orgs_kept = 0;
	s->orgs_kept_formal = 0;
	buf_free(&s->orgs_text);
}

void store_scan_forget(store *s)
{
	orgs_kept_forget(s);
	free(s->orgs_formal);
	s->orgs_formal = NULL;
	s->orgs_formal_n = 0;
}

/* The enterprises an organisation covers on day ?1 (coverage); its members: ORG_FORMAL_WHERE. */
#define ORG_UNITS_WHERE "cv.start_date <= ?1 AND (cv.end_date IS NULL OR cv.end_date > ?1)"
/* The organisations of day ?1, read into an org_fact by org_row. */
#define ORGS_Q                                                                                         \
	"SELECT o.id, o.street_id, o.community_id, o.zone_id, o.name, o.kind, o.mode, o.founded, o.term_start," \
	" o.has_committee, o.committee_size, coalesce(o.secretary, '') <> ''"                               \
	" FROM org o WHERE o.founded <= ?1 AND " RECORD_OPEN_ON("o.", "?1")

/* A row of ORGS_Q with its formal members and units counted (the text points into the row). */
static org_fact org_row(sql_st *st, int formal, int units)
{
	return (org_fact){
		.id = sql_col_int64(st, 0),
		.street_id = sql_col_int64(st, 1),
		.community_id = sql_col_int64(st, 2),
		.zone_id = sql_col_int64(st, 3),
		.name = sql_col_text(st, 4),
		.kind = sql_col_text(st, 5),
		.mode = sql_col_text(st, 6),
		.founded = sql_col_text(st, 7),
		.term_start = sql_col_text(st, 8),
		.has_committee = sql_col_type(st, 9) == SQL_NULL ? -1 : (int)sql_col_int64(st, 9),
		.committee_size = sql_col_type(st, 10) == SQL_NULL ? -1 : (int)sql_col_int64(st, 10),
		.formal = formal,
		.has_secretary = (int)sql_col_int64(st, 11),
		.units = units,
	};
}

/* The count(*) of query q on day as_of (?1) for id (?2); -1 on a read error. */
static int count_of(store *s, const char *q, int as_of, int64_t id)
{
	sql_st *st = dated_stmt(s, q, as_of);
	sql_bind_int64(st, 2, id);
	int n = sql_step(st) == SQL_ROW ? (int)sql_col_int64(st, 0) : -1;
	sql_reset(st);
	return n;
}

int store_scan_orgs_in(store *s, int as_of, const int64_t *ids, size_t n, int (*fn)(void *ctx, const org_fact *of),
		       void *ctx, fg_err *e)
{
	if (as_of < date_today())
		return err_set(e, FG_EFAIL, "内部错误：按编号读取党组织只用于今天及以后的日期");
	static const char q_formal[] = "SELECT count(*) FROM member m WHERE m.org_id = ?2 AND " ORG_FORMAL_WHERE;
	static const char q_units[] = "SELECT count(*) FROM coverage cv WHERE cv.org_id = ?2 AND " ORG_UNITS_WHERE;
	static const char q[] = ORGS_Q " AND o.id = ?2";
	int ret = 0;
	for (size_t k = 0; !ret && k < n; k++) {
		if (k && ids[k] == ids[k - 1])
			continue;
		int formal = count_of(s, q_formal, as_of, ids[k]), units = count_of(s, q_units, as_of, ids[k]);
		if (formal < 0 || units < 0)
			return db_err(s, e, "读取党组织");
		sql_st *st = dated_stmt(s, q, as_of);
		sql_bind_int64(st, 2, ids[k]);
		int rc = sql_step(st);
		if (rc == SQL_ROW) {
			org_fact of = org_row(st, formal, units);
			ret = fn(ctx, &of);
		}
		ret = scan_fin(s, st, rc == SQL_ROW ? SQL_DONE : rc, ret, e, "读取党组织");
	}
	return ret;
}

/* store_scan_orgs, and with formal 0 store_scan_orgs_units. */
static int scan_orgs(store *s, int as_of, int with_formal, int (*fn)(void *ctx, const org_fact *of), void *ctx,
		     fg_err *e)
{
	if (s->orgs_kept && s->orgs_as_of == as_of && (s->orgs_kept_formal || !with_formal)) {
		for (size_t i = 0; i < s->orgs_n; i++) {
			int ret = fn(ctx, &s->orgs_v[i]);
			if (ret)
				return ret;
		}
		return FG_OK;
	}
	/* Kept for the rest of a read transaction (the same snapshot): the first whole scan of a day,
	 * replaced by a scan with the members counted (what every caller may read) after one without. */
	int keep = s->read_tx && (!s->orgs_kept || (with_formal && !s->orgs_kept_formal && s->orgs_as_of == as_of));
	if (keep)
		orgs_kept_forget(s);
	then_map then;
	int rc0 = then_load(s, "org", as_of, &then, e);
	if (rc0)
		return rc0;
	/* The formal members whose relation each organisation holds and the enterprises it covers on
	 * the day: counted in one pass over each table (by org id), not by a subquery per organisation
	 * (which read a city's 255,000 members' rows one by one through member_org). The member
	 * pass selects the org id through coalesce and tests nothing of it, so that the table is
	 * scanned rather than member_org walked with a look-up of each row. */
	static const char q_formal[] = "SELECT coalesce(m.org_id, 0) FROM member m WHERE " ORG_FORMAL_WHERE;
	static const char q_units[] = "SELECT cv.org_id FROM coverage cv WHERE " ORG_UNITS_WHERE;
	int64_t max_org = 0;
	sql_st *st = store_st(s, "SELECT coalesce(max(id), 0) FROM org");
	int rc = sql_step(st);
	if (rc == SQL_ROW)
		max_org = sql_col_int64(st, 0);
	rc = scan_fin(s, st, rc == SQL_ROW ? SQL_DONE : rc, 0, e, "读取党组织");
	/* The members counted already in the read moment's pass over member (store_subjects_members):
	 * not again. */
	const int *given = with_formal && s->orgs_formal && s->orgs_formal_as_of == as_of ? s->orgs_formal : NULL;
	int *formal = xcalloc((size_t)max_org + 1, sizeof *formal);
	int *units = xcalloc((size_t)max_org + 1, sizeof *units);
	for (int k = !with_formal || given; !rc && k < 2; k++) {
		int *count = k ? units : formal;
		st = dated_stmt(s, k ? q_units : q_formal, as_of);
		while ((rc = sql_step(st)) == SQL_ROW) {
			int64_t org = sql_col_int64(st, 0);
			if (org > 0 && org <= max_org)
				count[org]++;
		}
		rc = scan_fin(s, st, rc, 0, e, "读取党组织");
	}
	if (rc) {
		free(formal);
		free(units);
		then_free(&then);
		return rc;
	}
	static const char q[] = ORGS_Q " ORDER BY o.id";
	st = dated_stmt(s, q, as_of);
	int ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int64_t id = sql_col_int64(st, 0);
		int n = -1;
		if (given)
			n = id > 0 && (size_t)id < s->orgs_formal_n ? given[id] : 0;
		else if (with_formal)
			n = id > 0 && id <= max_org ? formal[id] : 0;
		org_fact of = org_row(st, n, id > 0 && id <= max_org ? units[id] : 0);
		json_t *v = then.n ? then_get(&then, of.name) : NULL;
		if (v)
			org_version(v, &of);
		if (keep)
			org_keep(s, &of);
		if ((ret = fn(ctx, &of)) != 0)
			break;
	}
	then_free(&then);
	free(formal);
	free(units);
	ret = scan_fin(s, st, rc, ret, e, "读取党组织");
	if (keep && ret == FG_OK) {
		for (size_t i = 0; i < s->orgs_n; i++) {
			org_fact *k = &s->orgs_v[i];
			k->name = org_kept_ptr(s, k->name);
			k->kind = org_kept_ptr(s, k->kind);
			k->mode = org_kept_ptr(s, k->mode);
			k->founded = org_kept_ptr(s, k->founded);
			k->term_start = org_kept_ptr(s, k->term_start);
		}
		s->orgs_as_of = as_of;
		s->orgs_kept = 1;
		s->orgs_kept_formal = with_formal;
	} else if (keep) {
		orgs_kept_forget(s); /* stopped early or failed: not the whole list */
	}
	return ret;
}

int store_scan_orgs(store *s, int as_of, int (*fn)(void *ctx, const org_fact *of), void *ctx, fg_err *e)
{
	return scan_orgs(s, as_of, 1, fn, ctx, e);
}

int store_scan_orgs_units(store *s, int as_of, int (*fn)(void *ctx, const org_fact *of), void *ctx, fg_err *e)
{
	return scan_orgs(s, as_of, 0, fn, ctx, e);
}
