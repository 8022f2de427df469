/* Whole-table scans that statistics and findings are computed from. Each is one statement;
 * the joins happen in C over dense arrays, which is what makes province scale fast. */
#include <stdlib.h>
#include <string.h>

#include "store/places.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

int scan_end(store *s, sqlite3_stmt *st, int rc, int ret, fg_err *e, const char *doing)
{
	sqlite3_reset(st);
	if (!ret && rc != SQLITE_DONE)
		return db_err(s, e, doing);
	return ret;
}

/* A scan statement whose ?1 is the as-of date. */
static sqlite3_stmt *dated_stmt(store *s, const char *sql, int as_of)
{
	char d[11];
	date_format(as_of, d);
	sqlite3_stmt *st = store_stmt(s, sql);
	/* Transient: the date lives on this function's stack. */
	sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
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
	/* "街道/社区" picks one of several communities of the same name. */
	const char *slash = strchr(rest, '/');
	if (slash && (kind < 0 || kind == PLACE_COMMUNITY)) {
		static const char q[] = "SELECT c.id FROM region c JOIN region st ON st.id = c.parent_id"
					" WHERE st.name = ? AND c.name = ?";
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_text(st, 1, rest, (int)(slash - rest), SQLITE_TRANSIENT);
		bind_text(st, 2, slash + 1);
		if (sqlite3_step(st) == SQLITE_ROW)
			f->region_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (f->region_id) {
			*label = xstrdup(rest);
			return FG_OK;
		}
		return err_set(e, FG_EINPUT, "没有“%s”这个街道/社区", rest);
	}
	/* A plain name means a place only when one place of the kinds asked has it: a zone never
	 * stands in for a street of the same name. */
	int64_t street = kind < 0 || kind == PLACE_STREET ? store_region_lookup(s, 1, rest) : 0;
	int64_t comm = kind < 0 || kind == PLACE_COMMUNITY ? store_community_by_name(s, rest) : 0;
	int64_t zone = 0;
	if (kind < 0 || kind == PLACE_ZONE) {
		static const char qz[] = "SELECT id FROM zone WHERE name = ?";
		sqlite3_stmt *st = store_stmt(s, qz);
		bind_text(st, 1, rest);
		if (sqlite3_step(st) == SQLITE_ROW)
			zone = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	char *d = store_district_name(s);
	int district = kind < 0 && strcmp(d, rest) == 0;
	free(d);
	int n = (street != 0) + (comm != 0) + (zone != 0) + district;
	if (n == 0)
		return err_set(e, FG_EINPUT, "没有名为“%s”的%s；--region 应为街道、社区或区域（园区/商圈/楼宇/科技园）的名称",
			       rest, kind < 0 ? "街道、社区或区域" : place_kind_label((place_kind)kind));
	if (n > 1 || comm == -2) {
		buf m = {0};
		if (district)
			buf_printf(&m, "全区“%s”", rest);
		if (street)
			buf_printf(&m, "%s街道:%s", m.len ? "、" : "", rest);
		if (comm == -2)
			buf_printf(&m, "%s几个同名社区（写成“街道/%s”）", m.len ? "、" : "", rest);
		else if (comm)
			buf_printf(&m, "%s社区:%s", m.len ? "、" : "", rest);
		if (zone)
			buf_printf(&m, "%s区域:%s", m.len ? "、" : "", rest);
		int rc = err_set(e, FG_EINPUT, "“%s”不止指一个地方：%s；请写明是哪一个", rest, buf_cstr(&m));
		buf_free(&m);
		return rc;
	}
	f->region_id = street ? street : comm;
	f->zone_id = zone;
	*label = xstrdup(rest);
	return FG_OK;
}

int store_scan_enterprises(store *s, const store_filter *f, int (*fn)(void *ctx, const ent_fact *ef), void *ctx,
			   fg_err *e)
{
	static const char q[] =
		"SELECT e.id, c.parent_id, e.community_id, e.zone_id, e.employees, e.status = '在营', e.fixed_site,"
		/* length() of a text column is read from the record header, not the text itself. */
		" length(e.op_info) > 0, length(e.staff_info) > 0, length(e.investor) > 0, length(e.no_org_reason) > 0"
		" FROM enterprise e JOIN region c ON c.id = e.community_id"
		" WHERE " SCOPE_ENT("?1", "?3") " AND (?2 = 0 OR e.zone_id = ?2)";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, f ? f->region_id : 0);
	sqlite3_bind_int64(st, 2, f ? f->zone_id : 0);
	sqlite3_bind_int64(st, 3, f ? f->org_id : 0);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ent_fact ef;
		memset(&ef, 0, sizeof ef);
		ef.id = sqlite3_column_int64(st, 0);
		ef.street_id = sqlite3_column_int64(st, 1);
		ef.community_id = sqlite3_column_int64(st, 2);
		ef.zone_id = sqlite3_column_int64(st, 3);
		ef.employees = sqlite3_column_int(st, 4);
		ef.operating = (unsigned char)sqlite3_column_int(st, 5);
		ef.fixed_site = (unsigned char)sqlite3_column_int(st, 6);
		ef.op_info = (unsigned char)sqlite3_column_int(st, 7);
		ef.staff_info = (unsigned char)sqlite3_column_int(st, 8);
		ef.investor = (unsigned char)sqlite3_column_int(st, 9);
		ef.no_org_reason = (unsigned char)sqlite3_column_int(st, 10);
		if ((ret = fn(ctx, &ef)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取企业");
}

int store_scan_members(store *s, int as_of, int (*fn)(void *ctx, const member_state *ms), void *ctx, fg_err *e)
{
	/* A 流动 or 失联 whose start date is after D is not yet in force; one without a date always is. */
	static const char q[] =
		"SELECT id, employer_id, (full_date IS NOT NULL AND full_date <= ?1)"
		" OR (status = '正式党员' AND full_date IS NULL),"
		" CASE WHEN relation = '正常' OR relation_since > ?1 THEN 0 WHEN relation = '流动' THEN 1 ELSE 2 END,"
		" disclosed IS 1 FROM member WHERE employer_id IS NOT NULL AND relation <> '停止党籍' AND join_date <= ?1";
	sqlite3_stmt *st = dated_stmt(s, q, as_of);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		member_state ms = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
				   sqlite3_column_int(st, 3), sqlite3_column_int(st, 4)};
		if ((ret = fn(ctx, &ms)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党员");
}

int store_scan_coverage(store *s, int as_of,
			int (*fn)(void *ctx, int64_t ent, int64_t org, const char *mode, const char *kind), void *ctx,
			fg_err *e)
{
	static const char q[] =
		"SELECT cv.enterprise_id, o.id, o.mode, o.kind FROM coverage cv JOIN org o ON o.id = cv.org_id"
		" WHERE cv.start_date <= ?1 AND o.founded <= ?1 AND (cv.end_date IS NULL OR cv.end_date > ?1)";
	sqlite3_stmt *st = dated_stmt(s, q, as_of);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
			      (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取覆盖关系");
}

int store_scan_assignments(store *s, int as_of, int (*fn)(void *ctx, int64_t ent, int64_t instructor), void *ctx,
			   fg_err *e)
{
	static const char q[] = "SELECT enterprise_id, instructor_id FROM assignment"
				" WHERE start_date <= ?1 AND (end_date IS NULL OR end_date > ?1)";
	sqlite3_stmt *st = dated_stmt(s, q, as_of);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取指导员派驻");
}

int store_scan_names(store *s, int (*fn)(void *ctx, const char *level, int64_t id, const char *name), void *ctx,
		     fg_err *e)
{
	static const char q[] = "SELECT level, id, name FROM region UNION ALL SELECT 'zone', id, name FROM zone";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
			      (const char *)sqlite3_column_text(st, 2))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取地区名称");
}

int store_max_ids(store *s, int64_t *ent, int64_t *org, int64_t *instructor, fg_err *e)
{
	static const char q[] = "SELECT (SELECT coalesce(max(id), 0) FROM enterprise),"
				" (SELECT coalesce(max(id), 0) FROM org), (SELECT coalesce(max(id), 0) FROM instructor)";
	sqlite3_stmt *st = store_stmt(s, q);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_err(s, e, "读取编号");
	}
	*ent = sqlite3_column_int64(st, 0);
	*org = sqlite3_column_int64(st, 1);
	*instructor = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return FG_OK;
}

int store_scan_orgs(store *s, int as_of, int (*fn)(void *ctx, const org_fact *of), void *ctx, fg_err *e)
{
	static const char q[] =
		"SELECT o.id, o.street_id, o.community_id, o.zone_id, o.name, o.kind, o.mode, o.founded, o.term_start,"
		" o.has_committee, o.committee_size,"
		" (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.relation <> '停止党籍' AND m.join_date <= ?1"
		"   AND ((m.full_date IS NOT NULL AND m.full_date <= ?1) OR (m.status = '正式党员' AND m.full_date IS NULL))),"
		" coalesce(o.secretary, '') <> ''"
		" FROM org o WHERE o.founded <= ?1 ORDER BY o.id";
	sqlite3_stmt *st = dated_stmt(s, q, as_of);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		org_fact of = {
			.id = sqlite3_column_int64(st, 0),
			.street_id = sqlite3_column_int64(st, 1),
			.community_id = sqlite3_column_int64(st, 2),
			.zone_id = sqlite3_column_int64(st, 3),
			.name = (const char *)sqlite3_column_text(st, 4),
			.kind = (const char *)sqlite3_column_text(st, 5),
			.mode = (const char *)sqlite3_column_text(st, 6),
			.founded = (const char *)sqlite3_column_text(st, 7),
			.term_start = (const char *)sqlite3_column_text(st, 8),
			.has_committee = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9),
			.committee_size = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 10),
			.formal = sqlite3_column_int(st, 11),
			.has_secretary = sqlite3_column_int(st, 12),
		};
		if ((ret = fn(ctx, &of)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党组织");
}

int store_scan_member_flags(store *s, int (*fn)(void *ctx, const member_fact *mf), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT id, coalesce(employer_id, 0), name, idno, relation, org_id IS NOT NULL, outside_org,"
				" relation_since FROM member"
				" WHERE (org_id IS NULL OR relation = '失联') AND relation <> '停止党籍' ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		member_fact mf = {
			.id = sqlite3_column_int64(st, 0),
			.employer_id = sqlite3_column_int64(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.idno = (const char *)sqlite3_column_text(st, 3),
			.relation = (const char *)sqlite3_column_text(st, 4),
			.has_org = sqlite3_column_int(st, 5),
			.outside_org = (const char *)sqlite3_column_text(st, 6),
			.relation_since = DATE_NONE,
		};
		const char *since = (const char *)sqlite3_column_text(st, 7);
		if (since && date_parse(since, &mf.relation_since) != 0)
			mf.relation_since = DATE_NONE;
		if ((ret = fn(ctx, &mf)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党员");
}

void store_enterprise_label(store *s, int64_t id, buf *out)
{
	static const char q[] = "SELECT name, uscc FROM enterprise WHERE id = ?";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(out, "%s（%s）", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
	sqlite3_reset(st);
}

int store_scan_member_rows(store *s, int (*fn)(void *ctx, const member_row *mr), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT coalesce(employer_id, 0), relation, join_date FROM member";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		member_row mr = {
			.employer_id = sqlite3_column_int64(st, 0),
			.relation = (const char *)sqlite3_column_text(st, 1),
			.join_date = (const char *)sqlite3_column_text(st, 2),
		};
		if ((ret = fn(ctx, &mr)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党员");
}

int store_scan_instructors(store *s, int (*fn)(void *ctx, int64_t id, const char *unit), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT id, unit FROM instructor";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取指导员");
}

int store_scan_zones(store *s, int (*fn)(void *ctx, int64_t id, const char *name, const char *kind), void *ctx,
		     fg_err *e)
{
	static const char q[] = "SELECT id, name, kind FROM zone";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((ret = fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			      (const char *)sqlite3_column_text(st, 2))) != 0)
			break;
	return scan_end(s, st, rc, ret, e, "读取区域");
}
