/* Writing the four ledgers: names resolved to places, organisations and enterprises, then one
 * writer per ledger (insert or update by key, links kept in step, history in the same
 * transaction), renames (the export scan stays in ledger_store.c). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/collate.h"
#include "core/dues.h"
#include "core/ident.h"
#include "core/search.h"
#include "store/ledger_sql.h"
#include "store/places.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/dialect.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- name resolution ---- */

/* A street (parent 1) or community by name, remembered for the transaction; 0 when missing. */
static int64_t region_child(store *s, int64_t parent, const char *name)
{
	buf k = {0};
	buf_add(&k, &parent, sizeof parent);
	buf_puts(&k, name);
	int64_t id = 0;
	if (!strmap_get(&s->regions, k.p, k.len, &id)) {
		id = store_region_lookup(s, parent, name);
		if (id)
			strmap_put(&s->regions, k.p, k.len, id);
	}
	buf_free(&k);
	return id;
}

int64_t store_region_lookup(store *s, int64_t parent, const char *name)
{
	static const char q[] = "SELECT id FROM region WHERE parent_id = ? AND name = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, parent);
	sql_bind_text(st, 2, name);
	int64_t id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	return id;
}

int64_t store_community_by_name(store *s, const char *name)
{
	static const char q[] = "SELECT id FROM region WHERE level = 'community' AND name = ? LIMIT 2";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, name);
	int64_t id = 0;
	int n = 0;
	while (sql_step(st) == SQL_ROW) {
		id = sql_col_int64(st, 0);
		n++;
	}
	sql_reset(st);
	return n > 1 ? -2 : id;
}

/* A zone by name (0 when missing); *kind_mismatch when kind is given and differs from the zone's. */
static int64_t zone_get(store *s, const char *name, const char *kind, int *kind_mismatch, char *have, size_t havesz)
{
	*kind_mismatch = 0;
	/* Cached as id·8 + kind index, so a repeated zone costs no query. */
	static const char *const KINDS[] = {"园区", "商圈", "楼宇", "科技园"};
	int64_t cached;
	if (strmap_get(&s->zones, name, strlen(name), &cached)) {
		const char *k = KINDS[cached & 7];
		if (kind && strcmp(k, kind) != 0) {
			*kind_mismatch = 1;
			snprintf(have, havesz, "%s", k);
		}
		return cached >> 3;
	}
	static const char q[] = "SELECT id, kind FROM zone WHERE name = ?";
	sql_st *st = store_st(s, q);
	sql_bind_text(st, 1, name);
	int64_t id = 0;
	if (sql_step(st) == SQL_ROW) {
		id = sql_col_int64(st, 0);
		const char *k = sql_col_text(st, 1);
		if (kind && strcmp(k, kind) != 0) {
			*kind_mismatch = 1;
			snprintf(have, havesz, "%s", k);
		}
	}
	sql_reset(st);
	if (id && !*kind_mismatch && kind) {
		for (int64_t i = 0; i < 4; i++)
			if (strcmp(KINDS[i], kind) == 0)
				strmap_put(&s->zones, name, strlen(name), id * 8 + i);
	}
	return id;
}

/* A row id by one text column. Hits are remembered for the transaction (rows are never deleted
 * or re-keyed within one), so a members file naming the same employer a thousand times asks once. */
int64_t store_id_by_text(store *s, const char *sql, const char *v)
{
	buf k = {0};
	buf_add(&k, &sql, sizeof sql);
	buf_puts(&k, v);
	int64_t id = 0;
	if (s->in_tx && strmap_get(&s->ids, k.p, k.len, &id)) {
		buf_free(&k);
		return id;
	}
	sql_st *st = store_st(s, sql);
	sql_bind_text(st, 1, v);
	id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
	sql_reset(st);
	if (id && s->in_tx)
		strmap_put(&s->ids, k.p, k.len, id);
	buf_free(&k);
	return id;
}

static const char ENT_ID[] = "SELECT id FROM enterprise WHERE uscc = ?";
static const char ORG_ID[] = "SELECT id FROM org WHERE name = ?";

int store_org_exists(store *s, const char *name)
{
	return store_id_by_text(s, ORG_ID, name) != 0;
}

/* Resolves a list of USCCs to enterprise ids. On a missing one fills e and returns FG_EINPUT. */
struct ids {
	int64_t *v;
	size_t n, cap;
};

struct resolve_ctx {
	store *s;
	struct ids *ids;
	buf missing;
};

static void resolve_item(void *p, const char *item, size_t len)
{
	struct resolve_ctx *rc = p;
	char one[32];
	if (len >= sizeof one)
		return;
	memcpy(one, item, len);
	one[len] = '\0';
	int64_t id = store_id_by_text(rc->s, ENT_ID, one);
	if (!id) {
		if (rc->missing.len)
			buf_puts(&rc->missing, "、");
		buf_puts(&rc->missing, one);
		return;
	}
	if (rc->ids->n == rc->ids->cap) {
		rc->ids->cap = rc->ids->cap ? rc->ids->cap * 2 : 8;
		rc->ids->v = xrealloc(rc->ids->v, rc->ids->cap * sizeof *rc->ids->v);
	}
	rc->ids->v[rc->ids->n++] = id;
}

static int resolve_list(store *s, const char *list, struct ids *ids, fg_err *e)
{
	struct resolve_ctx rc = {s, ids, {0}};
	if (list)
		ledger_list_each(list, resolve_item, &rc);
	int r = FG_OK;
	if (rc.missing.len)
		r = err_set(e, FG_EINPUT, "企业台账中没有这些统一社会信用代码：%s（请先导入企业台账）", buf_cstr(&rc.missing));
	buf_free(&rc.missing);
	return r;
}

static int has_id(const struct ids *ids, int64_t id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (ids->v[i] == id)
			return 1;
	return 0;
}

/* Makes the active links of owner (org or instructor) exactly `want`: links to enterprises no longer
 * listed end on `today`; new ones start on `start`. tbl_sql are the statements for coverage or assignment. */
struct link_sql {
	const char *active, *end, *add;
};

static const struct link_sql COVERAGE_SQL = {
	"SELECT enterprise_id FROM coverage WHERE org_id = ? AND end_date IS NULL",
	"UPDATE coverage SET end_date = " SQL_LATER("start_date", "?1") " WHERE org_id = ?2 AND enterprise_id = ?3 AND end_date IS NULL",
	"INSERT INTO coverage(org_id, enterprise_id, start_date) VALUES (?, ?, ?)",
};
static const struct link_sql ASSIGN_SQL = {
	"SELECT enterprise_id FROM assignment WHERE instructor_id = ? AND end_date IS NULL",
	"UPDATE assignment SET end_date = " SQL_LATER("start_date", "?1") " WHERE instructor_id = ?2 AND enterprise_id = ?3 AND end_date IS NULL",
	"INSERT INTO assignment(instructor_id, enterprise_id, start_date) VALUES (?, ?, ?)",
};

static int sync_links(store *s, const struct link_sql *q, int64_t owner, const struct ids *want, const char *start,
		      const char *today, fg_err *e)
{
	struct ids have = {0};
	sql_st *st = store_st(s, q->active);
	sql_bind_int64(st, 1, owner);
	while (sql_step(st) == SQL_ROW) {
		if (have.n == have.cap) {
			have.cap = have.cap ? have.cap * 2 : 8;
			have.v = xrealloc(have.v, have.cap * sizeof *have.v);
		}
		have.v[have.n++] = sql_col_int64(st, 0);
	}
	sql_reset(st);
	int rc = FG_OK;
	for (size_t i = 0; i < have.n && !rc; i++) {
		if (has_id(want, have.v[i]))
			continue;
		st = store_st(s, q->end);
		sql_bind_text(st, 1, today);
		sql_bind_int64(st, 2, owner);
		sql_bind_int64(st, 3, have.v[i]);
		if (sql_step(st) != SQL_DONE)
			rc = db_err(s, e, "结束覆盖关系");
	}
	for (size_t i = 0; i < want->n && !rc; i++) {
		if (has_id(&have, want->v[i]))
			continue;
		st = store_st(s, q->add);
		sql_bind_int64(st, 1, owner);
		sql_bind_int64(st, 2, want->v[i]);
		sql_bind_text(st, 3, start);
		if (sql_step(st) != SQL_DONE)
			rc = db_err(s, e, "新建覆盖关系");
	}
	free(have.v);
	return rc;
}

/* ---- writers, one per ledger ---- */

/* The street a ledger's 所属街道 names: "区县/街道" in a city, or a street's name: in a single
 * district its own; in a city the only street of that name (several: refused with their paths;
 * none: created in the only district when the transaction may create streets). create 0: a
 * missing street is refused with the nearest names. The id, or -rc with e set. */
static int64_t street_named(store *s, const char *name, int create, fg_err *e)
{
	const char *slash = strrchr(name, '/');
	if (slash) {
		char *d = xstrndup(name, (size_t)(slash - name));
		int64_t district = region_child(s, 1, d);
		if (!district)
			district = create ? place_missing(s, PLACE_DISTRICT, 1, d, NULL, e) : -place_unknown(s, PLACE_DISTRICT, 0, d, e);
		free(d);
		if (district < 0)
			return district;
		int64_t id = region_child(s, district, slash + 1);
		if (!id)
			id = create ? place_missing(s, PLACE_STREET, district, slash + 1, NULL, e)
				    : -place_unknown(s, PLACE_STREET, 0, slash + 1, e);
		return id;
	}
	int64_t id;
	if (!store_region_is_city(s))
		id = region_child(s, 1, name);
	else if ((id = store_region_at(s, name, "street", e)) < 0)
		return id;
	if (!id)
		id = create ? place_missing(s, PLACE_STREET, 0, name, NULL, e) : -place_unknown(s, PLACE_STREET, 0, name, e);
	return id;
}


void store_ent_street_path(const ledger_rec *rec, buf *out)
{
	if (rec->f[E_DISTRICT])
		buf_printf(out, "%s/", rec->f[E_DISTRICT]);
	buf_puts(out, rec->f[E_STREET] ? rec->f[E_STREET] : "");
}

/* An enterprise's 所属区县 and 所属街道 as the ledger reads them back, so that the comparison with
 * the stored row and the history see one form. In a city: the district's name and the street's (a
 * street written "区县/街道" is split; a street named alone takes the district of the one street of
 * that name, and stays without one when it is new). In a single district there is no 所属区县: its
 * own name is accepted and dropped, another one refused — unless the import may create districts
 * and no street exists yet: the district is then made and the root becomes the city. */
static int ent_district(store *s, ledger_rec *rec, int *bad_col, fg_err *e)
{
	const char *d = rec->f[E_DISTRICT], *st = rec->f[E_STREET];
	const char *slash = st ? strrchr(st, '/') : NULL;
	buf *dist = &s->put_district;
	buf_reset(dist);
	if (slash && d && (strlen(d) != (size_t)(slash - st) || strncmp(d, st, (size_t)(slash - st)) != 0)) {
		*bad_col = E_DISTRICT;
		return err_set(e, FG_EINPUT, "所属区县“%s”与所属街道“%s”写的区县不一致", d, st);
	}
	if (!store_region_is_city(s)) {
		if (d) {
			char *own = store_district_name(s);
			int same = strcmp(own, d) == 0;
			if (!same && place_city_allowed(s)) {
				free(own);
				goto city;
			}
			if (!same) {
				*bad_col = E_DISTRICT;
				err_set(e, FG_EINPUT, "所属区县“%s”不是本台账的区县：本台账只登记%s的企业，此列可留空", d, own);
			}
			free(own);
			if (!same)
				return FG_EINPUT;
		}
		rec->f[E_DISTRICT] = NULL;
		return FG_OK;
	}
city:
	if (!slash && (d || !st))
		return FG_OK;
	if (!slash) { /* the street's path in the tree: "区县/街道", or the street alone under the city */
		int64_t id = store_region_at(s, st, "street", e);
		if (id < 0) {
			*bad_col = E_STREET;
			return (int)-id;
		}
		if (id)
			store_region_path(s, id, dist);
		const char *p = strrchr(buf_cstr(dist), '/');
		dist->len = p ? (size_t)(p - dist->p) : 0;
		if (dist->p)
			dist->p[dist->len] = 0;
	} else {
		buf_add(dist, st, (size_t)(slash - st));
		rec->f[E_STREET] = slash + 1;
	}
	rec->f[E_DISTRICT] = dist->len ? buf_cstr(dist) : NULL;
	return FG_OK;
}

static int put_enterprise(store *s, const ledger_def *def, const ledger_rec *rec, const rowtext *old, int64_t *id,
			  int *bad_col, fg_err *e)
{
	/* A place not found is created only when the transaction was granted it (store/places.h). */
	buf path = {0};
	store_ent_street_path(rec, &path);
	int64_t street = street_named(s, buf_cstr(&path), 1, e);
	buf_free(&path);
	if (street < 0) {
		*bad_col = E_STREET;
		return (int)-street;
	}
	int64_t comm = region_child(s, street, rec->f[E_COMMUNITY]);
	if (!comm && (comm = place_missing(s, PLACE_COMMUNITY, street, rec->f[E_COMMUNITY], NULL, e)) < 0) {
		*bad_col = E_COMMUNITY;
		return (int)-comm;
	}
	int64_t zone = 0;
	if (rec->f[E_ZONE]) {
		int mismatch;
		char have[32];
		zone = zone_get(s, rec->f[E_ZONE], rec->f[E_ZONE_KIND], &mismatch, have, sizeof have);
		if (!zone && (zone = place_missing(s, PLACE_ZONE, 0, rec->f[E_ZONE], rec->f[E_ZONE_KIND], e)) < 0) {
			*bad_col = E_ZONE;
			return (int)-zone;
		}
		if (mismatch) {
			(*bad_col = E_ZONE_KIND);
			return err_set(e, FG_EINPUT, "区域“%s”已登记为“%s”，与本行的“%s”不一致", rec->f[E_ZONE], have,
				       rec->f[E_ZONE_KIND]);
		}
	}
	static const char ins[] =
		"INSERT OR FAIL INTO enterprise(uscc, name, community_id, zone_id, industry, status, employees,"
		" fixed_site, capital, investor, investor_member, founded, op_info, staff_info, no_org_reason, name_key,"
		" closed, closed_reason, district_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, " ENT_DISTRICT("CAST(?3 AS BIGINT)") ")";
	static const char upd[] =
		"UPDATE enterprise SET version = version + 1, name = ?2, community_id = ?3, zone_id = ?4, industry = ?5,"
		" status = ?6, employees = ?7, fixed_site = ?8, capital = ?9, investor = ?10,"
		" investor_member = ?11, founded = ?12, op_info = ?13, staff_info = ?14, no_org_reason = ?15,"
		" name_key = ?16, closed = ?17, closed_reason = ?18, district_id = " ENT_DISTRICT("CAST(?3 AS BIGINT)")
		" WHERE uscc = ?1";
	int exists = old != NULL;
	sql_st *st = store_st(s, exists ? upd : ins);
	static const int order[] = {E_USCC, E_NAME, -1, -1, E_INDUSTRY, E_STATUS, E_EMPLOYEES, E_FIXED_SITE, E_CAPITAL, E_INVESTOR, E_INVESTOR_MEMBER, E_FOUNDED, E_OP_INFO, E_STAFF_INFO, E_NO_ORG_REASON};
	for (int i = 0; i < 15; i++)
		if (order[i] >= 0)
			store_bind_value(st, i + 1, &def->cols[order[i]], rec->f[order[i]]);
	sql_bind_int64(st, 3, comm);
	if (zone)
		sql_bind_int64(st, 4, zone);
	store_bind_name_key(st, 16, rec->f[E_NAME]);
	sql_bind_text(st, 17, rec->f[E_CLOSED]);
	sql_bind_text(st, 18, rec->f[E_CLOSED_REASON]);
	if (sql_step(st) != SQL_DONE)
		return db_err(s, e, "写入企业");
	if (!exists)
		*id = sql_last_id(s->sql);
	return store_closing_links(s, 0, 2, *id, old ? old->rec.f[E_CLOSED] : NULL, rec->f[E_CLOSED], e);
}

/* 1 when making `parent` the parent of the organisation `self` would close a loop. */
static int parent_loops(store *s, int64_t self, int64_t parent)
{
	static const char q[] = "SELECT parent_id FROM org WHERE id = ?";
	for (int depth = 0; parent && depth < 1000; depth++) {
		if (parent == self)
			return 1;
		sql_st *st = store_st(s, q);
		sql_bind_int64(st, 1, parent);
		parent = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
	}
	return parent != 0;
}

static int put_org(store *s, const ledger_def *def, const ledger_rec *rec, const rowtext *old, int today,
		   int64_t *idp, int *bad_col, fg_err *e)
{
	int64_t parent = 0, street = 0, comm = 0, zone = 0;
	if (rec->f[O_PARENT]) {
		parent = store_id_by_text(s, ORG_ID, rec->f[O_PARENT]);
		if (!parent) {
			(*bad_col = O_PARENT);
			return err_set(e, FG_EINPUT, "上级党组织“%s”不存在（既不在数据库中，也不在本文件中）", rec->f[O_PARENT]);
		}
		if ((old && parent_loops(s, old->id, parent)) || strcmp(rec->f[O_PARENT], rec->f[O_NAME]) == 0) {
			(*bad_col = O_PARENT);
			return err_set(e, FG_EINPUT, "上级党组织“%s”会使组织关系形成循环", rec->f[O_PARENT]);
		}
	}
	/* In a city a district named alone places a district's own leadership body (上级机关): the
	 * district is the organisation's street (store_street_of). */
	if (rec->f[O_STREET] && (street = store_district_alone(s, rec->f[O_STREET])) != 0) {
		if (rec->f[O_COMMUNITY]) {
			(*bad_col = O_COMMUNITY);
			return err_set(e, FG_EINPUT, "所属街道写的是区县“%s”（区县本级的党组织），所属社区应为空", rec->f[O_STREET]);
		}
	} else if (rec->f[O_STREET]) {
		street = street_named(s, rec->f[O_STREET], 0, e);
		if (street < 0) {
			(*bad_col = O_STREET);
			return (int)-street;
		}
	}
	if (rec->f[O_COMMUNITY]) {
		comm = street ? region_child(s, street, rec->f[O_COMMUNITY]) : store_community_by_name(s, rec->f[O_COMMUNITY]);
		if (comm <= 0) {
			(*bad_col = O_COMMUNITY);
			if (comm == -2)
				return err_set(e, FG_EINPUT, "有多个社区叫“%s”，请同时填写所属街道", rec->f[O_COMMUNITY]);
			return place_unknown(s, PLACE_COMMUNITY, street, rec->f[O_COMMUNITY], e);
		}
	}
	if (rec->f[O_ZONE]) {
		int mismatch;
		char have[32];
		zone = zone_get(s, rec->f[O_ZONE], NULL, &mismatch, have, sizeof have);
		if (zone <= 0) {
			(*bad_col = O_ZONE);
			return place_unknown(s, PLACE_ZONE, 0, rec->f[O_ZONE], e);
		}
	}
	const char *was = old ? old->rec.f[O_CLOSED] : NULL;
	if (rec->f[O_CLOSED] && rec->f[O_COVERS]) {
		(*bad_col = O_COVERS);
		return err_set(e, FG_EINPUT, "已撤销的党组织不再覆盖企业，覆盖企业应为空（撤销时覆盖关系随之结束）");
	}
	if (rec->f[O_CLOSED] && !was && old) {
		int rc = store_org_close_refused(s, old->id, rec->f[O_NAME], e);
		if (rc) {
			(*bad_col = O_CLOSED);
			return rc;
		}
	}
	struct ids want = {0};
	int rc = resolve_list(s, rec->f[O_COVERS], &want, e);
	if (rc) {
		(*bad_col = O_COVERS);
		free(want.v);
		return rc;
	}
	static const char ins[] =
		"INSERT OR FAIL INTO org(name, kind, mode, parent_id, street_id, community_id, zone_id, founded,"
		" secretary, has_committee, committee_size, term_start, name_key, groups, closed, closed_reason, district_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
		" " ORG_DISTRICT("CAST(?5 AS BIGINT)", "CAST(?6 AS BIGINT)") ")";
	static const char upd[] =
		"UPDATE org SET version = version + 1, kind = ?2, mode = ?3, parent_id = ?4, street_id = ?5,"
		" community_id = ?6, zone_id = ?7, founded = ?8, secretary = ?9, has_committee = ?10,"
		" committee_size = ?11, term_start = ?12, name_key = ?13, groups = ?14, closed = ?15, closed_reason = ?16,"
		" district_id = " ORG_DISTRICT("CAST(?5 AS BIGINT)", "CAST(?6 AS BIGINT)") " WHERE name = ?1";
	sql_st *st = store_st(s, old ? upd : ins);
	static const int order[] = {O_NAME, O_KIND, O_MODE, -1, -1, -1, -1, O_FOUNDED, O_SECRETARY, O_HAS_COMMITTEE, O_COMMITTEE_SIZE, O_TERM_START};
	for (int i = 0; i < 12; i++)
		if (order[i] >= 0)
			store_bind_value(st, i + 1, &def->cols[order[i]], rec->f[order[i]]);
	int64_t ids[4] = {parent, street, comm, zone};
	for (int i = 0; i < 4; i++)
		if (ids[i])
			sql_bind_int64(st, 4 + i, ids[i]);
	store_bind_name_key(st, 13, rec->f[O_NAME]);
	store_bind_value(st, 14, &def->cols[O_GROUPS], rec->f[O_GROUPS]);
	sql_bind_text(st, 15, rec->f[O_CLOSED]);
	sql_bind_text(st, 16, rec->f[O_CLOSED_REASON]);
	if (sql_step(st) != SQL_DONE) {
		free(want.v);
		return db_err(s, e, "写入党组织");
	}
	int64_t id = *idp = old ? old->id : sql_last_id(s->sql);
	char td[11];
	date_format(today, td);
	/* Links of a new organisation start when it was founded; links added later start today. */
	const char *start = old ? td : rec->f[O_FOUNDED];
	/* No UPDATE without a changed column, 覆盖企业 included: a change of links has counted in the
	 * version above. Closing ends the links on the closing day; reopening revives them first. */
	rc = store_closing_links(s, 2, 1, id, was, rec->f[O_CLOSED], e);
	if (!rc)
		rc = sync_links(s, &COVERAGE_SQL, id, &want, start, rec->f[O_CLOSED] ? rec->f[O_CLOSED] : td, e);
	free(want.v);
	return rc;
}

/* Keeps a new or renamed enterprise's, organisation's or member's words in its name-search index
 * (schema v10, core/search.h). */
static const struct {
	int name_col;
	const char *del, *ins;
} SEARCH_SQL[] = {
	[LEDGER_ENTERPRISES] = {E_NAME, "DELETE FROM enterprise_search WHERE rowid = ?1",
				"INSERT INTO enterprise_search(rowid, words) VALUES (?1, ?2)"},
	[LEDGER_ORGS] = {O_NAME, "DELETE FROM org_search WHERE rowid = ?1",
			 "INSERT INTO org_search(rowid, words) VALUES (?1, ?2)"},
	[LEDGER_MEMBERS] = {M_NAME, "DELETE FROM member_search WHERE rowid = ?1",
			    "INSERT INTO member_search(rowid, words) VALUES (?1, ?2)"},
};

/* The name's search words, queued for the FTS5 table (store_search_flush at commit). */
static int search_put(store *s, ledger_kind kind, int64_t id, const ledger_rec *rec, const ledger_rec *old,
		      fg_err *e)
{
	(void)e;
	int col = SEARCH_SQL[kind].name_col;
	if (old && str_same(old->f[col], rec->f[col]))
		return FG_OK;
	buf w = {0};
	search_words(rec->f[col], &w);
	if (s->search_n == s->search_cap) {
		s->search_cap = s->search_cap ? s->search_cap * 2 : 256;
		s->search_q = xrealloc(s->search_q, s->search_cap * sizeof *s->search_q);
	}
	s->search_q[s->search_n++] = (struct search_row){(int)kind, old != NULL, id, w.len ? buf_detach(&w) : xstrdup("")};
	buf_free(&w);
	return FG_OK;
}

void store_search_forget(store *s)
{
	for (size_t i = 0; i < s->search_n; i++)
		free(s->search_q[i].words);
	s->search_n = 0;
}

int store_search_flush(store *s, fg_err *e)
{
	int rc = FG_OK;
	for (size_t i = 0; i < s->search_n && !rc; i++) {
		const struct search_row *q = &s->search_q[i];
		sql_st *st;
		if (q->del) {
			st = store_st(s, SEARCH_SQL[q->kind].del);
			sql_bind_int64(st, 1, q->id);
			if (sql_step_write(st) != SQL_DONE)
				rc = db_err(s, e, "更新名称检索");
			sql_reset(st);
			if (rc)
				break;
		}
		st = store_st(s, SEARCH_SQL[q->kind].ins);
		sql_bind_int64(st, 1, q->id);
		sql_bind_text(st, 2, q->words);
		if (sql_step_write(st) != SQL_DONE)
			rc = db_err(s, e, "更新名称检索");
		sql_reset(st);
	}
	store_search_forget(s);
	return rc;
}

/* 1 when every secretary's and participant's 公民身份号码 is a member's (store_int.h people_linked):
 * asked once in a transaction that writes many new members, where it saves two statements a row. */
static int people_linked(store *s)
{
	if (s->new_members < 64) {
		s->new_members++;
		return 0;
	}
	if (s->people_linked < 0) {
		static const char q[] =
			"SELECT EXISTS (SELECT 1 FROM secretary t WHERE t.idno IS NOT NULL"
			" AND NOT EXISTS (SELECT 1 FROM member m WHERE m.idno = t.idno))"
			" OR EXISTS (SELECT 1 FROM trainee t WHERE t.idno IS NOT NULL"
			" AND NOT EXISTS (SELECT 1 FROM member m WHERE m.idno = t.idno))";
		sql_st *st = store_st(s, q);
		s->people_linked = sql_step(st) == SQL_ROW && sql_col_int64(st, 0) == 0;
		sql_reset(st);
	}
	return s->people_linked;
}

static int put_member(store *s, const ledger_def *def, const ledger_rec *rec, const rowtext *old, int64_t *idp,
		      int *bad_col, fg_err *e)
{
	int exists = old != NULL;
	int64_t employer = 0, org = 0;
	if (rec->f[M_EMPLOYER] && !(employer = store_id_by_text(s, ENT_ID, rec->f[M_EMPLOYER]))) {
		(*bad_col = M_EMPLOYER);
		return err_set(e, FG_EINPUT, "工作单位 %s 不在企业台账中（请先导入企业台账）", rec->f[M_EMPLOYER]);
	}
	if (rec->f[M_ORG] && !(org = store_id_by_text(s, ORG_ID, rec->f[M_ORG]))) {
		(*bad_col = M_ORG);
		return err_set(e, FG_EINPUT, "党组织“%s”不在党组织台账中（请先导入党组织台账）", rec->f[M_ORG]);
	}
	int birth_days, male;
	if (idcard_birth_sex(rec->f[M_IDNO], &birth_days, &male) != 0) {
		(*bad_col = M_IDNO);
		return err_set(e, FG_EINPUT, "公民身份号码无效");
	}
	char birth[11];
	date_format(birth_days, birth);
	static const char ins[] =
		"INSERT OR FAIL INTO member(idno, name, sex, birth, status, join_date, full_date, employer_id, org_id,"
		" relation, disclosed, phone, name_key, relation_since, outside_org, closed, closed_reason, district_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" " MEMBER_DISTRICT("CAST(?8 AS BIGINT)", "CAST(?9 AS BIGINT)") ")";
	static const char upd[] =
		"UPDATE member SET version = version + 1, name = ?2, sex = ?3, birth = ?4, status = ?5, join_date = ?6,"
		" full_date = ?7, employer_id = ?8, org_id = ?9, relation = ?10, disclosed = ?11, phone = ?12,"
		" name_key = ?13, relation_since = ?14, outside_org = ?15, closed = ?16, closed_reason = ?17,"
		" district_id = " MEMBER_DISTRICT("CAST(?8 AS BIGINT)", "CAST(?9 AS BIGINT)") " WHERE idno = ?1";
	sql_st *st = store_st(s, exists ? upd : ins);
	static const int order[] = {M_IDNO,	M_NAME,	  -1, -1, M_STATUS, M_JOIN_DATE, M_FULL_DATE, -1, -1, M_RELATION,
				    M_DISCLOSED, M_PHONE, -1, M_RELATION_SINCE, M_OUTSIDE_ORG, M_CLOSED, M_CLOSED_REASON};
	for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
		if (order[i] >= 0)
			store_bind_value(st, i + 1, &def->cols[order[i]], rec->f[order[i]]);
	sql_bind_text(st, 3, male ? "男" : "女");
	sql_bind_text(st, 4, birth);
	store_bind_name_key(st, 13, rec->f[M_NAME]);
	if (employer)
		sql_bind_int64(st, 8, employer);
	if (org)
		sql_bind_int64(st, 9, org);
	if (sql_step(st) != SQL_DONE)
		return db_err(s, e, "写入党员");
	store_roster_forget(s);
	store_xm_touch(s, rec->f[M_IDNO]);
	if (exists && !str_same(old->rec.f[M_NAME], rec->f[M_NAME])) {
		/* The member's dues keep its name_key for their list's order (schema v32). */
		static const char dues_key[] = "UPDATE dues SET member_key = ?1 WHERE member_id = ?2";
		st = store_st(s, dues_key);
		store_bind_name_key(st, 1, rec->f[M_NAME]);
		sql_bind_int64(st, 2, old->id);
		if (sql_step(st) != SQL_DONE)
			return db_err(s, e, "写入党员");
	}
	if (!exists) {
		/* Secretaries and participants recorded before the member link to it now — none can when
		 * each one's number was a member's already (this one's is new). */
		static const char *const link[] = {"UPDATE secretary SET member_id = ?1 WHERE idno = ?2",
						   "UPDATE trainee SET member_id = ?1 WHERE idno = ?2"};
		int64_t id = *idp = sql_last_id(s->sql);
		int none = people_linked(s);
		for (int i = 0; i < 2 && !none; i++) {
			st = store_st(s, link[i]);
			sql_bind_int64(st, 1, id);
			sql_bind_text(st, 2, rec->f[M_IDNO]);
			if (sql_step_write(st) != SQL_DONE)
				return db_err(s, e, "写入党员");
		}
	}
	return FG_OK;
}

static int put_instructor(store *s, const ledger_rec *rec, const rowtext *old, int today,
			  int *bad_col, fg_err *e)
{
	if (rec->f[I_CLOSED] && rec->f[I_COVERS]) {
		(*bad_col = I_COVERS);
		return err_set(e, FG_EINPUT, "已撤销的党建指导员不再指导企业，指导企业应为空（撤销时派驻随之结束）");
	}
	static const char unit_q[] = "SELECT id FROM region WHERE name = ? ORDER BY level DESC LIMIT 1";
	int64_t unit = store_id_by_text(s, unit_q, rec->f[I_UNIT]);
	if (!unit) {
		(*bad_col = I_UNIT);
		return err_set(e, FG_EINPUT, "派出单位“%s”不是已登记的区、街道或社区", rec->f[I_UNIT]);
	}
	struct ids want = {0};
	int rc = resolve_list(s, rec->f[I_COVERS], &want, e);
	if (rc) {
		(*bad_col = I_COVERS);
		free(want.v);
		return rc;
	}
	static const char ins[] =
		"INSERT OR FAIL INTO instructor(name, unit, unit_region_id, phone, start_date, closed, closed_reason, name_key)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	static const char upd[] =
		"UPDATE instructor SET version = version + 1, unit_region_id = ?3, phone = ?4, start_date = ?5, closed = ?6,"
		" closed_reason = ?7 WHERE name = ?1 AND unit = ?2";
	sql_st *st = store_st(s, old ? upd : ins);
	sql_bind_text(st, 1, rec->f[I_NAME]);
	sql_bind_text(st, 2, rec->f[I_UNIT]);
	sql_bind_int64(st, 3, unit);
	sql_bind_text(st, 4, rec->f[I_PHONE]);
	sql_bind_text(st, 5, rec->f[I_START_DATE]);
	sql_bind_text(st, 6, rec->f[I_CLOSED]);
	sql_bind_text(st, 7, rec->f[I_CLOSED_REASON]);
	if (!old)
		store_bind_name_key(st, 8, rec->f[I_NAME]);
	if (sql_step(st) != SQL_DONE) {
		free(want.v);
		return db_err(s, e, "写入党建指导员");
	}
	int64_t id = old ? old->id : sql_last_id(s->sql);
	char td[11];
	date_format(today, td);
	/* Like organisations: a new instructor's assignments start on 派驻日期, later ones today. */
	const char *start = !old && rec->f[I_START_DATE] ? rec->f[I_START_DATE] : td;
	rc = store_closing_links(s, 3, 1, id, old ? old->rec.f[I_CLOSED] : NULL, rec->f[I_CLOSED], e);
	if (!rc)
		rc = sync_links(s, &ASSIGN_SQL, id, &want, start, rec->f[I_CLOSED] ? rec->f[I_CLOSED] : td, e);
	free(want.v);
	return rc;
}

int store_fresh(store *s, ledger_kind kind, buf *key)
{
	if (!store_ledger_empty(s, kind))
		return 0;
	buf_putc(key, '/');
	buf_putc(key, (char)('0' + kind));
	return strmap_put(&s->fresh_keys, key->p, key->len, 1);
}

/* store_fresh for rec's key. */
static int fresh_key(store *s, const ledger_def *def, const ledger_rec *rec)
{
	if (!store_ledger_empty(s, def->kind))
		return 0;
	buf key = {0};
	ledger_key(def, rec, '/', &key);
	int is_new = store_fresh(s, def->kind, &key);
	buf_free(&key);
	return is_new;
}

int store_put(store *s, const ledger_def *def, const ledger_rec *in, int today, put_result *res, int *bad_col,
	      fg_err *e)
{
	*bad_col = -1;
	int rc;
	if (def->kind >= LEDGER_MEETINGS)
		return party_put(s, def, in, today, res, bad_col, e);
	ledger_rec rec = *in;
	if (def->kind == LEDGER_ENTERPRISES && (rc = ent_district(s, &rec, bad_col, e)) != FG_OK)
		return rc;
	if (def->kind == LEDGER_MEMBERS) {
		if (!rec.f[M_RELATION])
			rec.f[M_RELATION] = "正常"; /* the database default: compare against it */
	}
	rowtext *oldp = &s->old_row;
	int found = 0;
	if (!fresh_key(s, def, &rec)) {
		/* Unchanged, seen without reading the row into text — unless the scope or the kept
		 * closing columns have a say first (below). */
		if (!s->scoped && !s->keep_closing && store_seq_same(s, def, &rec)) {
			*res = PUT_SAME;
			return FG_OK;
		}
		found = store_load_row_seq(s, def, &rec, oldp);
	}
#define old (*oldp)
	const ledger_rec given = rec;
	for (;;) {
		/* Before the comparison: a row outside the scope is refused even when it would not change. */
		if (s->scoped && (rc = scope_check_put(s, &s->scope, def, found ? &old.rec : NULL, &rec, bad_col, e)) != FG_OK)
			return rc;
		int cc = found && s->keep_closing ? ledger_closing_col(def) : -1;
		if (cc >= 0 && !rec.f[cc] && !rec.f[cc + 1]) {
			rec.f[cc] = old.rec.f[cc];
			rec.f[cc + 1] = old.rec.f[cc + 1];
		}
		if (found) {
			size_t i = 0;
			while (i < def->ncols && str_same(old.rec.f[i], rec.f[i]))
				i++;
			if (i == def->ncols) {
				*res = PUT_SAME;
				return FG_OK;
			}
		}
		if (!found || old.locked || !store_locks_rows(s, def->kind))
			break;
		/* PostgreSQL, an import (store_ordered_reads): the row was read without a lock, and
		 * another writer may have changed it since. It is read again under its lock and
		 * compared again, so that what is written over, and the history's old values, are the
		 * row as it is now; the lock is followed when the row moved meanwhile to another
		 * district's partition, so that the UPDATE by its key finds it (docs/scaling.md). */
		rec = given;
		found = store_reload_row(s, def, &rec, old.id, oldp);
	}
	int64_t id = found ? old.id : 0;
	store_bulk_write(s);
	switch (def->kind) {
	case LEDGER_ENTERPRISES:
		rc = put_enterprise(s, def, &rec, found ? &old : NULL, &id, bad_col, e);
		break;
	case LEDGER_ORGS:
		rc = put_org(s, def, &rec, found ? &old : NULL, today, &id, bad_col, e);
		break;
	case LEDGER_MEMBERS:
		rc = put_member(s, def, &rec, found ? &old : NULL, &id, bad_col, e);
		break;
	case LEDGER_INSTRUCTORS:
		rc = put_instructor(s, &rec, found ? &old : NULL, today, bad_col, e);
		break;
	default:
		rc = err_set(e, FG_EFAIL, "未知台账");
	}
	if (!rc && def->kind != LEDGER_INSTRUCTORS)
		rc = search_put(s, def->kind, id, &rec, found ? &old.rec : NULL, e);
	if (rc)
		return rc;
	if (!found)
		store_seq_forget(s); /* a key now stored where the ordered reading knew none */
	rc = store_put_history(s, def, found ? &old.rec : NULL, &rec, e);
	*res = found ? PUT_CHANGED : PUT_NEW;
	return rc;
#undef old
}

int store_org_rename(store *s, const char *old_name, const char *new_name, int *changed, fg_err *e)
{
	const ledger_def *def = ledger_get(LEDGER_ORGS);
	*changed = 0;
	ledger_rec key = {{0}};
	key.f[O_NAME] = old_name;
	rowtext *old = &s->old_row;
	int bad_col, rc;
	if (!store_load_row(s, def, &key, old))
		return err_set(e, FG_EINPUT, "党组织“%s”不在党组织台账中", old_name);
	ledger_rec rec = old->rec;
	rec.f[O_NAME] = new_name;
	if (s->scoped && (rc = scope_check_put(s, &s->scope, def, &old->rec, &rec, &bad_col, e)) != FG_OK)
		return rc;
	if (strcmp(old_name, new_name) == 0)
		return FG_OK;
	if (store_org_exists(s, new_name))
		return err_set(e, FG_EINPUT, "已有名为“%s”的党组织", new_name);
	store_seq_forget(s); /* the key changes */
	static const char upd[] = "UPDATE org SET version = version + 1, name = ?2, name_key = ?3 WHERE id = ?1";
	sql_st *st = store_st(s, upd);
	sql_bind_int64(st, 1, old->id);
	sql_bind_text(st, 2, new_name);
	store_bind_name_key(st, 3, new_name);
	rc = sql_step(st) == SQL_DONE ? FG_OK : db_err(s, e, "修改党组织名称");
	sql_reset(st);
	/* The transaction's remembered name → id hits (store_id_by_text) and id → name texts no longer hold. */
	strmap_free(&s->ids);
	store_names_forget(s);
	rc = rc ? rc : search_put(s, LEDGER_ORGS, old->id, &rec, &old->rec, e);
	if (rc)
		return rc;
	json_t *jo = json_pack("{s:s}", "name", old_name), *jn = json_pack("{s:s}", "name", new_name);
	char *so = json_dumps(jo, JSON_COMPACT), *sn = json_dumps(jn, JSON_COMPACT);
	rc = store_hist(s, def->record, new_name, "update", so, sn, e);
	free(so);
	free(sn);
	json_decref(jo);
	json_decref(jn);
	*changed = !rc;
	return rc;
}
