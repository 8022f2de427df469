/* The scope rules of store/scope.h: the write checks and the one-place questions. The read
 * predicates are SQL in scope_sql.h. */
#include "store/scope.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/places.h"
#include "store/query.h"
#include "store/scope_sql.h"
#include "store/store_int.h"

int scope_is_district(const store_filter *f)
{
	return !f || (f->org_id == 0 && (f->region_id == 0 || f->region_id == 1));
}

int scope_region_within(store *s, int64_t region_id, int64_t scope_region)
{
	if (scope_region == 0 || scope_region == 1)
		return 1;
	static const char sql[] = "SELECT 1 WHERE " SCOPE_IN_REGION("?1", "?2");
	sql_st *st = store_st(s, sql);
	sql_bind_int64(st, 1, region_id);
	sql_bind_int64(st, 2, scope_region);
	int in = sql_step(st) == SQL_ROW;
	sql_reset(st);
	return in;
}

int scope_place_in(store *s, const store_filter *f, const char *street, const char *community)
{
	if (scope_is_district(f))
		return 1;
	if (f->org_id || f->region_id < 0 || !street)
		return 0;
	int64_t st = store_street_of(s, street);
	if (!st)
		return 0;
	int64_t c = community ? store_region_lookup(s, st, community) : 0;
	if (c)
		return scope_region_within(s, c, f->region_id);
	/* A new community, or an organisation placed at street level: the street's own staff, or a
	 * district's above it. */
	return scope_region_within(s, st, f->region_id);
}

/* The region a 派出单位 names (a community before a street of the same name), or 0. */
static int64_t unit_region(store *s, const char *unit)
{
	static const char sql[] = "SELECT id FROM region WHERE name = ? ORDER BY level DESC LIMIT 1";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, unit);
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return id;
}

int scope_unit_in(store *s, const store_filter *f, const char *unit)
{
	if (scope_is_district(f))
		return 1;
	if (f->org_id || f->region_id < 0 || !unit)
		return 0;
	int64_t id = unit_region(s, unit);
	return id && scope_region_within(s, id, f->region_id);
}

void store_scope_set(store *s, const store_filter *f)
{
	s->scope = *f;
	s->scoped = !scope_is_district(f) || f->instructor_id;
}

/* ---- one-row questions, each a statement with the text key in ?1 and the region in ?2 ---- */

/* Runs sql (first column 1/0) with the text a and the integers x, y; no row answers dflt. */
static int ask(store *s, const char *sql, const char *a, int64_t x, int64_t y, int dflt)
{
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, a);
	sql_bind_int64(st, 2, x);
	sql_bind_int64(st, 3, y);
	int res = dflt;
	if (sql_step(st) == SQL_ROW)
		res = (int)sql_col_int64(st, 0) == 1;
	sql_reset(st);
	return res;
}

/* 1 or 0 (never NULL: x may be; CASE, as PostgreSQL's coalesce takes no boolean with 0). */
#define IN_R(x) "CASE WHEN " SCOPE_IN_REGION(x, "?2") " THEN 1 ELSE 0 END"

/* The enterprise of USCC ?1 lies in region ?2 (unknown: dflt). */
static int ent_in(store *s, const char *uscc, int64_t region, int dflt)
{
	static const char sql[] = "SELECT " IN_R("community_id") " FROM enterprise WHERE uscc = ?1";
	return ask(s, sql, uscc, region, 0, dflt);
}

/* The enterprise of USCC ?1 is covered now by organisation ?2. */
static int ent_covered_by(store *s, const char *uscc, int64_t org)
{
	static const char sql[] = "SELECT 1 FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id"
				  " WHERE e.uscc = ?1 AND c.org_id = ?2 AND c.end_date IS NULL";
	return ask(s, sql, uscc, org, 0, 0);
}

/* The organisation named ?1: its own place (community, else street; none = the district's) in
 * region ?2, and, with covered, no enterprise covered now outside it. */
static int org_in(store *s, const char *name, int64_t region, int covered)
{
	static const char own[] = "SELECT " IN_R("coalesce(o.community_id, o.street_id)") " FROM org o WHERE o.name = ?1";
	static const char all[] =
		"SELECT CASE WHEN " SCOPE_IN_REGION("coalesce(o.community_id, o.street_id)", "?2")
		" AND NOT EXISTS (SELECT 1 FROM coverage c JOIN enterprise e ON e.id = c.enterprise_id"
		"  WHERE c.org_id = o.id AND c.end_date IS NULL AND NOT " SCOPE_IN_REGION("e.community_id", "?2") ")"
		" THEN 1 ELSE 0 END FROM org o WHERE o.name = ?1";
	return ask(s, covered ? all : own, name, region, 0, 0);
}

/* The organisation named ?1 is organisation id ?2. */
static int org_is(store *s, const char *name, int64_t org)
{
	static const char sql[] = "SELECT id = ?2 FROM org WHERE name = ?1";
	return ask(s, sql, name, org, 0, 0);
}

/* The instructor (name ?1, 派出单位 in the rec) has no enterprise assigned now outside region ?2. */
static int ins_assigned_in(store *s, const char *name, const char *unit, int64_t region)
{
	static const char sql[] =
		"SELECT NOT EXISTS (SELECT 1 FROM assignment a JOIN enterprise e ON e.id = a.enterprise_id"
		"  WHERE a.instructor_id = i.id AND a.end_date IS NULL AND NOT " SCOPE_IN_REGION("e.community_id", "?2") ")"
		" FROM instructor i WHERE i.name = ?1 AND i.unit = ?4";
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, name);
	sql_bind_int64(st, 2, region);
	sql_bind_text(st, 4, unit);
	int res = 1;
	if (sql_step(st) == SQL_ROW)
		res = (int)sql_col_int64(st, 0) == 1;
	sql_reset(st);
	return res;
}

/* ---- the write rule ---- */

static int changed(const ledger_rec *old, const ledger_rec *rec, int col)
{
	return !old || !str_same(old->f[col], rec->f[col]);
}

static int refuse(int *bad_col, int col, fg_err *e, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int refuse(int *bad_col, int col, fg_err *e, const char *fmt, ...)
{
	*bad_col = col;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(e, FG_EINPUT, "%s", msg);
}

typedef struct list_check {
	store *s;
	int64_t region;
	char bad[32]; /* the first USCC outside the region */
} list_check;

static void list_item(void *ctx, const char *item, size_t len)
{
	list_check *l = ctx;
	char u[32];
	if (l->bad[0] || len >= sizeof u)
		return;
	memcpy(u, item, len);
	u[len] = '\0';
	if (!ent_in(l->s, u, l->region, 1))
		memcpy(l->bad, u, len + 1);
}

/* The first USCC of a list whose enterprise lies outside region (unknown ones are the store's
 * reference errors), or NULL. */
static const char *list_outside(list_check *l, store *s, const char *list, int64_t region)
{
	l->s = s;
	l->region = region;
	l->bad[0] = '\0';
	if (list)
		ledger_list_each(list, list_item, l);
	return l->bad[0] ? l->bad : NULL;
}

typedef struct subset_check {
	const char *have;
	int missing;
} subset_check;

/* Items of a canonical USCC list are 18 characters each, so finding one inside the other list's
 * text finds exactly that item. */
static void subset_item(void *ctx, const char *item, size_t len)
{
	subset_check *c = ctx;
	char u[32];
	if (len >= sizeof u) {
		c->missing = 1;
		return;
	}
	memcpy(u, item, len);
	u[len] = '\0';
	if (!c->have || !strstr(c->have, u))
		c->missing = 1;
}

/* 1 when the street (and community, when named) exist. An unknown place is not a scope question:
 * the store refuses it with suggestions, or creates it when the transaction may (store/places.h,
 * which holds a street user's new communities to its own street). */
static int place_known(store *s, const char *street, const char *community)
{
	int64_t st = street ? store_street_of(s, street) : 0;
	if (!st)
		return !street;
	return !community || store_region_lookup(s, st, community) != 0;
}

static int ent_put(store *s, const store_filter *f, const ledger_rec *old, const ledger_rec *rec, int *bad, fg_err *e)
{
	if (f->org_id) {
		if (!old)
			return refuse(bad, -1, e, "党组织书记不能新增企业，请联系企业所在的社区或街道");
		if (!ent_covered_by(s, old->f[E_USCC], f->org_id))
			return refuse(bad, E_USCC, e, "这家企业不由您的党组织覆盖，不在您的工作范围内");
		if (changed(old, rec, E_DISTRICT) || changed(old, rec, E_STREET) || changed(old, rec, E_COMMUNITY) || changed(old, rec, E_ZONE))
			return refuse(bad, E_COMMUNITY, e, "党组织书记不能更改企业所属的街道、社区和区域");
		return FG_OK;
	}
	if (old && !ent_in(s, old->f[E_USCC], f->region_id, 0))
		return refuse(bad, E_USCC, e, "这家企业登记在其他地区，不在您的工作范围内");
	buf street = {0};
	store_ent_street_path(rec, &street);
	const char *st = rec->f[E_STREET] ? buf_cstr(&street) : NULL;
	int out = place_known(s, st, rec->f[E_COMMUNITY]) && !scope_place_in(s, f, st, rec->f[E_COMMUNITY]);
	buf_free(&street);
	if (out)
		return refuse(bad, E_COMMUNITY, e, "所属街道/社区不在您的工作范围内：只能登记本街道、社区的企业");
	return FG_OK;
}

static int org_put(store *s, const store_filter *f, const ledger_rec *old, const ledger_rec *rec, int *bad, fg_err *e)
{
	if (f->org_id) {
		if (!old)
			return refuse(bad, -1, e, "党组织书记不能新增党组织，请联系所在的社区或街道");
		if (!org_is(s, old->f[O_NAME], f->org_id))
			return refuse(bad, O_NAME, e, "党组织书记只能修改本组织");
		if (changed(old, rec, O_STREET) || changed(old, rec, O_COMMUNITY) || changed(old, rec, O_ZONE))
			return refuse(bad, O_STREET, e, "党组织书记不能更改本组织所在的街道、社区和区域");
		if (changed(old, rec, O_PARENT))
			return refuse(bad, O_PARENT, e, "党组织书记不能更改上级党组织");
		subset_check c = {old->f[O_COVERS], 0};
		if (rec->f[O_COVERS])
			ledger_list_each(rec->f[O_COVERS], subset_item, &c);
		if (c.missing)
			return refuse(bad, O_COVERS, e, "党组织书记不能为本组织增加覆盖企业，请联系所在的社区或街道");
		return FG_OK;
	}
	if (old && !org_in(s, old->f[O_NAME], f->region_id, 1))
		return refuse(bad, O_NAME, e, "这个党组织（或它覆盖的企业）不在您的工作范围内");
	if (!rec->f[O_STREET] && !rec->f[O_COMMUNITY])
		return refuse(bad, O_STREET, e, "请填写所属街道（和所属社区），须在您的工作范围内");
	if (place_known(s, rec->f[O_STREET], rec->f[O_COMMUNITY]) &&
	    !scope_place_in(s, f, rec->f[O_STREET], rec->f[O_COMMUNITY]))
		return refuse(bad, rec->f[O_COMMUNITY] ? O_COMMUNITY : O_STREET, e, "党组织所在的街道/社区不在您的工作范围内");
	list_check l;
	const char *out = list_outside(&l, s, rec->f[O_COVERS], f->region_id);
	if (out)
		return refuse(bad, O_COVERS, e, "企业 %s 不在您的工作范围内", out);
	if (rec->f[O_PARENT] && changed(old, rec, O_PARENT) && !query_visible(s, LEDGER_ORGS, f, rec->f[O_PARENT]))
		return refuse(bad, O_PARENT, e, "上级党组织“%s”不在党组织台账中，或不在您的工作范围内", rec->f[O_PARENT]);
	return FG_OK;
}

/* A member row (old or new) lies in the secretary's organisation. */
static int mem_in_org(store *s, const ledger_rec *m, int64_t org)
{
	return (m->f[M_ORG] && org_is(s, m->f[M_ORG], org)) || (m->f[M_EMPLOYER] && ent_covered_by(s, m->f[M_EMPLOYER], org));
}

/* A member row (old or new) lies in the region: by the employer, else the organisation. */
static int mem_in_region(store *s, const ledger_rec *m, int64_t region)
{
	if (m->f[M_EMPLOYER])
		return ent_in(s, m->f[M_EMPLOYER], region, 1);
	return m->f[M_ORG] && org_in(s, m->f[M_ORG], region, 0);
}

static int mem_put(store *s, const store_filter *f, const ledger_rec *old, const ledger_rec *rec, int *bad, fg_err *e)
{
	if (f->org_id) {
		if (old && !mem_in_org(s, old, f->org_id))
			return refuse(bad, M_IDNO, e, "这名党员不在您的党组织，不在您的工作范围内");
		if (rec->f[M_EMPLOYER] && changed(old, rec, M_EMPLOYER) && !ent_covered_by(s, rec->f[M_EMPLOYER], f->org_id))
			return refuse(bad, M_EMPLOYER, e, "工作单位 %s 不由您的党组织覆盖", rec->f[M_EMPLOYER]);
		if (rec->f[M_ORG] && changed(old, rec, M_ORG) && !org_is(s, rec->f[M_ORG], f->org_id))
			return refuse(bad, M_ORG, e, "党组织书记只能把党员的组织关系登记在本组织");
		if (!mem_in_org(s, rec, f->org_id))
			return refuse(bad, M_ORG, e, "请填写本组织覆盖的工作单位，或把组织关系登记在本组织");
		return FG_OK;
	}
	if (old && !mem_in_region(s, old, f->region_id))
		return refuse(bad, M_IDNO, e, "这名党员登记在其他地区，不在您的工作范围内");
	if (!rec->f[M_EMPLOYER] && !rec->f[M_ORG])
		return refuse(bad, M_EMPLOYER, e, "请填写工作单位或所在党组织（须在您的工作范围内）");
	if (rec->f[M_EMPLOYER] && !ent_in(s, rec->f[M_EMPLOYER], f->region_id, 1))
		return refuse(bad, M_EMPLOYER, e, "工作单位 %s 不在您的工作范围内", rec->f[M_EMPLOYER]);
	if (rec->f[M_ORG] && changed(old, rec, M_ORG) && !query_visible(s, LEDGER_ORGS, f, rec->f[M_ORG]))
		return refuse(bad, M_ORG, e, "党组织“%s”不在党组织台账中，或不在您的工作范围内", rec->f[M_ORG]);
	if (!rec->f[M_EMPLOYER] && !org_in(s, rec->f[M_ORG], f->region_id, 0))
		return refuse(bad, M_ORG, e, "所在党组织“%s”不在您的工作范围内", rec->f[M_ORG]);
	return FG_OK;
}

static int ins_put(store *s, const store_filter *f, const ledger_rec *old, const ledger_rec *rec, int *bad, fg_err *e)
{
	if (f->org_id)
		return refuse(bad, -1, e, "党组织书记不能登记或修改党建指导员");
	if (old && (!scope_unit_in(s, f, old->f[I_UNIT]) || !ins_assigned_in(s, old->f[I_NAME], old->f[I_UNIT], f->region_id)))
		return refuse(bad, I_NAME, e, "这名党建指导员还指导其他地区的企业，不在您的工作范围内");
	if (unit_region(s, rec->f[I_UNIT]) && !scope_unit_in(s, f, rec->f[I_UNIT]))
		return refuse(bad, I_UNIT, e, "派出单位“%s”不在您的工作范围内", rec->f[I_UNIT]);
	if (!rec->f[I_COVERS])
		return refuse(bad, I_COVERS, e, "街道、社区用户登记的党建指导员须填写本范围内的指导企业");
	list_check l;
	const char *out = list_outside(&l, s, rec->f[I_COVERS], f->region_id);
	if (out)
		return refuse(bad, I_COVERS, e, "企业 %s 不在您的工作范围内", out);
	return FG_OK;
}

/* A party-work record (docs/party-work.md) is about one row of another ledger — its organisation,
 * member or enterprise — and is written by whoever reads that row: the read scope of query.h, so
 * a user records exactly what the lists show it. Old and new row alike (a trainee's enterprise may
 * change). A secretary records its own organisation's life and its members' study, not visits or
 * training; trainings are the district's events. */
static int party_scope_put(store *s, const store_filter *f, const ledger_def *def, const ledger_rec *old, const ledger_rec *rec,
		     int *bad, fg_err *e)
{
	static const struct {
		ledger_kind kind, ref;
		int col, secretary;
	} ABOUT[] = {
		{LEDGER_MEETINGS, LEDGER_ORGS, MT_ORG, 1},	{LEDGER_SECRETARIES, LEDGER_ORGS, SE_ORG, 1},
		{LEDGER_STUDY, LEDGER_MEMBERS, ST_IDNO, 1},	{LEDGER_VISITS, LEDGER_ENTERPRISES, VI_USCC, 0},
		{LEDGER_TRAINEES, LEDGER_ENTERPRISES, TE_USCC, 0},	{LEDGER_DEVELOPMENT, LEDGER_ORGS, DV_ORG, 1},
		{LEDGER_TRANSFERS, LEDGER_ORGS, TF_ORG, 1},	{LEDGER_DUES, LEDGER_MEMBERS, DU_IDNO, 1},
		{LEDGER_TASKS, LEDGER_ENTERPRISES, TK_USCC, 0},
		{LEDGER_ROSTERS, LEDGER_ENTERPRISES, RS_USCC, 1},
		{LEDGER_FUNDING, LEDGER_ORGS, FU_ORG, 0},
		{LEDGER_RATINGS, LEDGER_ORGS, RT_ORG, 0},
		{LEDGER_DESIGNATIONS, LEDGER_ENTERPRISES, DG_USCC, 0},
		{LEDGER_VENUES, LEDGER_ORGS, VN_ORG, 1},
	};
	for (size_t i = 0; i < sizeof ABOUT / sizeof ABOUT[0]; i++) {
		if (ABOUT[i].kind != def->kind)
			continue;
		int col = ABOUT[i].col;
		if (f->org_id && !ABOUT[i].secretary)
			return refuse(bad, -1, e, "党组织书记不能登记%s", def->title);
		const ledger_rec *rows[2] = {old, rec};
		for (int j = 0; j < 2; j++) {
			if (!rows[j])
				continue;
			const char *v = rows[j]->f[col];
			if (!v)
				return refuse(bad, col, e, "请填写%s（须在您的工作范围内）", def->cols[col].header);
			if (!query_visible(s, ABOUT[i].ref, f, v))
				return refuse(bad, col, e, "%s“%s”不在您的工作范围内", def->cols[col].header,
					      def->cols[col].flags & COL_PERSONAL ? "（已隐去）" : v);
		}
		return FG_OK;
	}
	return refuse(bad, -1, e, "%s由区级用户登记", def->title);
}

/* A campaign's 范围 ("街道" or "街道/社区", canonical; empty the whole district) lies in the scope. */
static int range_in(store *s, const store_filter *f, const char *range)
{
	if (!range)
		return 0;
	const char *slash = strchr(range, '/');
	char street[256];
	snprintf(street, sizeof street, "%.*s", slash ? (int)(slash - range) : (int)strlen(range), range);
	return scope_place_in(s, f, street, slash ? slash + 1 : NULL);
}

/* A campaign is written by the district, or by a street or community whose region holds its
 * range, old and new; a secretary writes none. */
static int campaign_put(store *s, const store_filter *f, const ledger_rec *old, const ledger_rec *rec, int *bad,
			fg_err *e)
{
	if (f->org_id)
		return refuse(bad, -1, e, "党组织书记不能登记排查");
	const ledger_rec *rows[2] = {old, rec};
	for (int j = 0; j < 2; j++)
		if (rows[j] && !range_in(s, f, rows[j]->f[CP_RANGE])) {
			if (rows[j]->f[CP_RANGE])
				return refuse(bad, CP_RANGE, e, "范围“%s”不在您的工作范围内", rows[j]->f[CP_RANGE]);
			int city = store_region_is_city(s);
			return refuse(bad, CP_RANGE, e, "%s范围的排查由%s级用户登记", region_whole_name(city), region_word(city));
		}
	return FG_OK;
}

/* An instructor's account: its own visits only, before and after (the scope's region applies too). */
static int own_visits_put(store *s, const store_filter *f, const ledger_def *def, const ledger_rec *old,
			  const ledger_rec *rec, int *bad, fg_err *e)
{
	if (def->kind != LEDGER_VISITS)
		return refuse(bad, -1, e, "党建指导员账户只能登记本人的走访记录，不能修改%s", def->title);
	static const char sql[] = "SELECT id FROM instructor WHERE name = ?1 AND unit = ?2";
	const ledger_rec *rows[2] = {old, rec};
	for (int j = 0; j < 2; j++) {
		if (!rows[j])
			continue;
		sql_st *st = store_st(s, sql);
		sql_bind_text(st, 1, rows[j]->f[VI_INSTRUCTOR]);
		sql_bind_text(st, 2, rows[j]->f[VI_UNIT]);
		int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
		if (id != f->instructor_id)
			return refuse(bad, VI_INSTRUCTOR, e, "只能登记本人的走访记录（指导员“%s”不是您）",
				      rows[j]->f[VI_INSTRUCTOR] ? rows[j]->f[VI_INSTRUCTOR] : "");
	}
	return FG_OK;
}

int scope_check_put(store *s, const store_filter *f, const ledger_def *def, const ledger_rec *old,
		    const ledger_rec *rec, int *bad_col, fg_err *e)
{
	*bad_col = -1;
	int rc;
	if (f->instructor_id && (rc = own_visits_put(s, f, def, old, rec, bad_col, e)) != FG_OK)
		return rc;
	if (scope_is_district(f))
		return FG_OK;
	if (!f->org_id && f->region_id < 0)
		return refuse(bad_col, -1, e, "您的账户没有工作范围，不能修改台账");
	switch (def->kind) {
	case LEDGER_ENTERPRISES:
		return ent_put(s, f, old, rec, bad_col, e);
	case LEDGER_ORGS:
		return org_put(s, f, old, rec, bad_col, e);
	case LEDGER_MEMBERS:
		return mem_put(s, f, old, rec, bad_col, e);
	case LEDGER_INSTRUCTORS:
		return ins_put(s, f, old, rec, bad_col, e);
	case LEDGER_MEETINGS:
	case LEDGER_STUDY:
	case LEDGER_SECRETARIES:
	case LEDGER_VISITS:
	case LEDGER_TRAININGS:
	case LEDGER_TRAINEES:
	case LEDGER_DEVELOPMENT:
	case LEDGER_TRANSFERS:
	case LEDGER_DUES:
	case LEDGER_TASKS:
	case LEDGER_ROSTERS:
	case LEDGER_FUNDING:
	case LEDGER_RUBRIC:
	case LEDGER_RATINGS:
	case LEDGER_DESIGNATIONS:
	case LEDGER_VENUES:
		return party_scope_put(s, f, def, old, rec, bad_col, e);
	case LEDGER_CAMPAIGNS:
		return campaign_put(s, f, old, rec, bad_col, e);
	case LEDGER_NKINDS:
		break;
	}
	return refuse(bad_col, -1, e, "未知台账");
}
