/* The four ledgers in the database: reading rows back as canonical text, and writing rows
 * (insert or update by key) with their history. Reading and comparing use the same query, so
 * what export prints is exactly what a re-import compares against. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "store/store_int.h"
#include "util/buf.h"
#include "util/date.h"

/* ---- the SELECT of each ledger: columns in ledger column order, then the row id ---- */

#define ENT_SELECT                                                                                   \
	"SELECT e.uscc, e.name, st.name, c.name, z.name, z.kind, e.industry, e.status, e.employees,"  \
	" e.fixed_site, e.capital, e.investor, e.investor_member, e.founded, e.op_info, e.staff_info," \
	" e.no_org_reason, e.id"                                                                       \
	" FROM enterprise e JOIN region c ON c.id = e.community_id"                                    \
	" JOIN region st ON st.id = c.parent_id LEFT JOIN zone z ON z.id = e.zone_id"
#define ORG_SELECT                                                                                   \
	"SELECT o.name, o.kind, o.mode, p.name,"                                                       \
	" (SELECT group_concat(uscc, '；') FROM (SELECT e.uscc FROM coverage cv"                       \
	"   JOIN enterprise e ON e.id = cv.enterprise_id"                                              \
	"   WHERE cv.org_id = o.id AND cv.end_date IS NULL ORDER BY e.uscc)),"                         \
	" st.name, c.name, z.name, o.founded, o.secretary, o.has_committee, o.committee_size,"         \
	" o.term_start, o.id"                                                                          \
	" FROM org o LEFT JOIN org p ON p.id = o.parent_id LEFT JOIN region st ON st.id = o.street_id" \
	" LEFT JOIN region c ON c.id = o.community_id LEFT JOIN zone z ON z.id = o.zone_id"
#define MEMBER_SELECT                                                                                \
	"SELECT m.name, m.idno, m.status, m.join_date, m.full_date, e.uscc, o.name, m.relation,"      \
	" m.disclosed, m.phone, m.id"                                                                  \
	" FROM member m LEFT JOIN enterprise e ON e.id = m.employer_id LEFT JOIN org o ON o.id = m.org_id"
#define INSTR_SELECT                                                                                 \
	"SELECT i.name, i.unit, i.phone,"                                                              \
	" (SELECT group_concat(uscc, '；') FROM (SELECT e.uscc FROM assignment a"                      \
	"   JOIN enterprise e ON e.id = a.enterprise_id"                                               \
	"   WHERE a.instructor_id = i.id AND a.end_date IS NULL ORDER BY e.uscc)),"                    \
	" i.start_date, i.id FROM instructor i"

/* Region filters (?1 = region id, 0 for all). A region is the district (1), a street or a community. */
#define IN_REGION(c) "(?1 = 0 OR ?1 = 1 OR " c ".id = ?1 OR " c ".parent_id = ?1)"
#define ZONE_OK(z) "(?2 = 0 OR " z " = ?2)"

static const char *const SELECT_ONE[LEDGER_NKINDS] = {
	ENT_SELECT " WHERE e.uscc = ?",
	ORG_SELECT " WHERE o.name = ?",
	MEMBER_SELECT " WHERE m.idno = ?",
	INSTR_SELECT " WHERE i.name = ? AND i.unit = ?",
};

static const char *const SELECT_ALL[LEDGER_NKINDS] = {
	ENT_SELECT " WHERE " IN_REGION("c") " AND " ZONE_OK("e.zone_id") " ORDER BY e.uscc",
	ORG_SELECT " WHERE (?1 = 0 OR ?1 = 1 OR o.street_id = ?1 OR o.community_id = ?1 OR EXISTS ("
		   "  SELECT 1 FROM coverage cv JOIN enterprise e2 ON e2.id = cv.enterprise_id"
		   "  JOIN region c2 ON c2.id = e2.community_id"
		   "  WHERE cv.org_id = o.id AND (c2.id = ?1 OR c2.parent_id = ?1)))"
		   " AND " ZONE_OK("o.zone_id") " ORDER BY o.name",
	MEMBER_SELECT " LEFT JOIN region c ON c.id = e.community_id WHERE (?1 = 0 OR ?1 = 1 OR"
		      " c.id = ?1 OR c.parent_id = ?1) AND " ZONE_OK("e.zone_id") " ORDER BY m.idno",
	INSTR_SELECT " LEFT JOIN region r ON r.id = i.unit_region_id WHERE (?1 = 0 OR ?1 = 1 OR"
		     " r.id = ?1 OR r.parent_id = ?1) AND ?2 = 0 ORDER BY i.name, i.unit",
};

static const char *const HIST_TABLE[LEDGER_NKINDS] = {"enterprise", "org", "member", "instructor"};

/* ---- canonical text <-> SQL values ---- */


static void row_read(rowtext *r, sqlite3_stmt *st, const ledger_def *def)
{
	buf_reset(&r->b);
	for (size_t i = 0; i < def->ncols; i++) {
		const ledger_col *col = &def->cols[i];
		int ci = (int)i;
		if (sqlite3_column_type(st, ci) == SQLITE_NULL) {
			r->off[i] = -1;
			continue;
		}
		r->off[i] = (long)r->b.len;
		switch (col->type) {
		case COL_INT:
			buf_printf(&r->b, "%lld", (long long)sqlite3_column_int64(st, ci));
			break;
		case COL_NUM:
			buf_printf(&r->b, "%.15g", sqlite3_column_double(st, ci));
			break;
		case COL_BOOL:
			buf_puts(&r->b, sqlite3_column_int(st, ci) ? "是" : "否");
			break;
		default:
			buf_add(&r->b, sqlite3_column_text(st, ci), (size_t)sqlite3_column_bytes(st, ci));
			break;
		}
		buf_putc(&r->b, '\0');
	}
	for (size_t i = 0; i < def->ncols; i++)
		r->rec.f[i] = r->off[i] < 0 ? NULL : r->b.p + r->off[i];
	r->id = sqlite3_column_int64(st, (int)def->ncols);
}

static void bind_value(sqlite3_stmt *st, int idx, const ledger_col *col, const char *v)
{
	if (!v) {
		sqlite3_bind_null(st, idx);
		return;
	}
	switch (col->type) {
	case COL_INT:
		sqlite3_bind_int64(st, idx, strtoll(v, NULL, 10));
		break;
	case COL_NUM:
		sqlite3_bind_double(st, idx, strtod(v, NULL));
		break;
	case COL_BOOL:
		sqlite3_bind_int(st, idx, strcmp(v, "是") == 0);
		break;
	default:
		sqlite3_bind_text(st, idx, v, -1, SQLITE_TRANSIENT);
		break;
	}
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Loads the current row for rec's key. Returns 1 when found. */
static int load(store *s, const ledger_def *def, const ledger_rec *rec, rowtext *r)
{
	sqlite3_stmt *st = store_stmt(s, SELECT_ONE[def->kind]);
	int n = 0;
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY)
			bind_text(st, ++n, rec->f[i]);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		row_read(r, st, def);
	sqlite3_reset(st);
	return found;
}

static void key_text(const ledger_def *def, const ledger_rec *rec, buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < def->ncols; i++)
		if (def->cols[i].flags & COL_KEY) {
			if (out->len)
				buf_putc(out, '/');
			buf_puts(out, rec->f[i] ? rec->f[i] : "");
		}
}

/* History JSON: the changed fields (all non-empty ones for an insert). */
static int write_history(store *s, const ledger_def *def, const ledger_rec *old, const ledger_rec *rec,
			 fg_err *e)
{
	json_t *jo = old ? json_object() : NULL, *jn = json_object();
	for (size_t i = 0; i < def->ncols; i++) {
		if (old && same(old->f[i], rec->f[i]))
			continue;
		if (!old && !rec->f[i])
			continue;
		if (old)
			json_object_set_new(jo, def->cols[i].key, old->f[i] ? json_string(old->f[i]) : json_null());
		json_object_set_new(jn, def->cols[i].key, rec->f[i] ? json_string(rec->f[i]) : json_null());
	}
	char *so = jo ? json_dumps(jo, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *sn = json_dumps(jn, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf key = {0};
	key_text(def, rec, &key);
	int rc = store_hist(s, HIST_TABLE[def->kind], buf_cstr(&key), old ? "update" : "insert", so, sn, e);
	buf_free(&key);
	free(so);
	free(sn);
	json_decref(jo);
	json_decref(jn);
	return rc;
}

/* ---- name resolution ---- */

static int64_t region_child(store *s, int64_t parent, const char *name, int create, fg_err *e)
{
	buf k = {0};
	buf_printf(&k, "%lld\x1f%s", (long long)parent, name);
	int64_t id = 0;
	if (strmap_get(&s->regions, k.p, k.len, &id)) {
		buf_free(&k);
		return id;
	}
	static const char q[] = "SELECT id FROM region WHERE parent_id = ? AND name = ?";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int64(st, 1, parent);
	bind_text(st, 2, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!id && create) {
		static const char ins[] = "INSERT INTO region(parent_id, level, name) VALUES (?, ?, ?)";
		st = store_stmt(s, ins);
		sqlite3_bind_int64(st, 1, parent);
		bind_text(st, 2, parent == 1 ? "street" : "community");
		bind_text(st, 3, name);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_err(s, e, "新建街道/社区");
			buf_free(&k);
			return -1;
		}
		id = sqlite3_last_insert_rowid(s->db);
		json_t *j = json_pack("{s:s,s:s}", "level", parent == 1 ? "street" : "community", "name", name);
		char *js = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		char idk[32];
		snprintf(idk, sizeof idk, "%lld", (long long)id);
		int rc = store_hist(s, "region", idk, "insert", NULL, js, e);
		free(js);
		json_decref(j);
		if (rc) {
			buf_free(&k);
			return -1;
		}
	}
	if (id)
		strmap_put(&s->regions, k.p, k.len, id);
	buf_free(&k);
	return id;
}

/* A community by name alone: must be unique in the district. Returns 0 when missing, -2 when ambiguous. */
static int64_t community_by_name(store *s, const char *name)
{
	static const char q[] = "SELECT id FROM region WHERE level = 'community' AND name = ? LIMIT 2";
	sqlite3_stmt *st = store_stmt(s, q);
	bind_text(st, 1, name);
	int64_t id = 0;
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_reset(st);
	return n > 1 ? -2 : id;
}

static int64_t zone_get(store *s, const char *name, const char *kind, int *kind_mismatch, char *have, size_t havesz,
			fg_err *e)
{
	*kind_mismatch = 0;
	static const char q[] = "SELECT id, kind FROM zone WHERE name = ?";
	sqlite3_stmt *st = store_stmt(s, q);
	bind_text(st, 1, name);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		const char *k = (const char *)sqlite3_column_text(st, 1);
		if (kind && strcmp(k, kind) != 0) {
			*kind_mismatch = 1;
			snprintf(have, havesz, "%s", k);
		}
	}
	sqlite3_reset(st);
	if (id || !kind)
		return id;
	static const char ins[] = "INSERT INTO zone(name, kind) VALUES (?, ?)";
	st = store_stmt(s, ins);
	bind_text(st, 1, name);
	bind_text(st, 2, kind);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_err(s, e, "新建区域");
		return -1;
	}
	id = sqlite3_last_insert_rowid(s->db);
	json_t *j = json_pack("{s:s,s:s}", "name", name, "kind", kind);
	char *js = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc = store_hist(s, "zone", name, "insert", NULL, js, e);
	free(js);
	json_decref(j);
	return rc ? -1 : id;
}

static int64_t id_by_text(store *s, const char *sql, const char *v)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	bind_text(st, 1, v);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static const char ENT_ID[] = "SELECT id FROM enterprise WHERE uscc = ?";
static const char ORG_ID[] = "SELECT id FROM org WHERE name = ?";

int store_org_exists(store *s, const char *name)
{
	return id_by_text(s, ORG_ID, name) != 0;
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
	int64_t id = id_by_text(rc->s, ENT_ID, one);
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
	"UPDATE coverage SET end_date = max(start_date, ?) WHERE org_id = ? AND enterprise_id = ? AND end_date IS NULL",
	"INSERT INTO coverage(org_id, enterprise_id, start_date) VALUES (?, ?, ?)",
};
static const struct link_sql ASSIGN_SQL = {
	"SELECT enterprise_id FROM assignment WHERE instructor_id = ? AND end_date IS NULL",
	"UPDATE assignment SET end_date = max(start_date, ?) WHERE instructor_id = ? AND enterprise_id = ? AND end_date IS NULL",
	"INSERT INTO assignment(instructor_id, enterprise_id, start_date) VALUES (?, ?, ?)",
};

static int sync_links(store *s, const struct link_sql *q, int64_t owner, const struct ids *want, const char *start,
		      const char *today, fg_err *e)
{
	struct ids have = {0};
	sqlite3_stmt *st = store_stmt(s, q->active);
	sqlite3_bind_int64(st, 1, owner);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (have.n == have.cap) {
			have.cap = have.cap ? have.cap * 2 : 8;
			have.v = xrealloc(have.v, have.cap * sizeof *have.v);
		}
		have.v[have.n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	int rc = FG_OK;
	for (size_t i = 0; i < have.n && !rc; i++) {
		if (has_id(want, have.v[i]))
			continue;
		st = store_stmt(s, q->end);
		bind_text(st, 1, today);
		sqlite3_bind_int64(st, 2, owner);
		sqlite3_bind_int64(st, 3, have.v[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_err(s, e, "结束覆盖关系");
	}
	for (size_t i = 0; i < want->n && !rc; i++) {
		if (has_id(&have, want->v[i]))
			continue;
		st = store_stmt(s, q->add);
		sqlite3_bind_int64(st, 1, owner);
		sqlite3_bind_int64(st, 2, want->v[i]);
		bind_text(st, 3, start);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_err(s, e, "新建覆盖关系");
	}
	free(have.v);
	return rc;
}

/* ---- writers, one per ledger ---- */

#define F(name) rec->f[ledger_col_index(def, name)]
#define BAD(name) (*bad_col = ledger_col_index(def, name))

static int put_enterprise(store *s, const ledger_def *def, const ledger_rec *rec, int *bad_col, fg_err *e)
{
	int64_t street = region_child(s, 1, F("street"), 1, e);
	if (street < 0)
		return FG_EFAIL;
	int64_t comm = region_child(s, street, F("community"), 1, e);
	if (comm < 0)
		return FG_EFAIL;
	int64_t zone = 0;
	if (F("zone")) {
		int mismatch;
		char have[32];
		zone = zone_get(s, F("zone"), F("zone_kind"), &mismatch, have, sizeof have, e);
		if (zone < 0)
			return FG_EFAIL;
		if (mismatch) {
			BAD("zone_kind");
			return err_set(e, FG_EINPUT, "区域“%s”已登记为“%s”，与本行的“%s”不一致", F("zone"), have,
				       F("zone_kind"));
		}
	}
	static const char sql[] =
		"INSERT INTO enterprise(uscc, name, community_id, zone_id, industry, status, employees,"
		" fixed_site, capital, investor, investor_member, founded, op_info, staff_info, no_org_reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
		" ON CONFLICT(uscc) DO UPDATE SET name = ?2, community_id = ?3, zone_id = ?4, industry = ?5,"
		" status = ?6, employees = ?7, fixed_site = ?8, capital = ?9, investor = ?10,"
		" investor_member = ?11, founded = ?12, op_info = ?13, staff_info = ?14, no_org_reason = ?15";
	sqlite3_stmt *st = store_stmt(s, sql);
	static const char *const order[] = {"uscc", "name", NULL, NULL, "industry", "status", "employees",
					    "fixed_site", "capital", "investor", "investor_member", "founded",
					    "op_info", "staff_info", "no_org_reason"};
	for (int i = 0; i < 15; i++)
		if (order[i]) {
			int ci = ledger_col_index(def, order[i]);
			bind_value(st, i + 1, &def->cols[ci], rec->f[ci]);
		}
	sqlite3_bind_int64(st, 3, comm);
	if (zone)
		sqlite3_bind_int64(st, 4, zone);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_err(s, e, "写入企业");
	return FG_OK;
}

/* 1 when making `parent` the parent of the organisation `self` would close a loop. */
static int parent_loops(store *s, int64_t self, int64_t parent)
{
	static const char q[] = "SELECT parent_id FROM org WHERE id = ?";
	for (int depth = 0; parent && depth < 1000; depth++) {
		if (parent == self)
			return 1;
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_int64(st, 1, parent);
		parent = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
	}
	return parent != 0;
}

static int put_org(store *s, const ledger_def *def, const ledger_rec *rec, const rowtext *old, int today,
		   int *bad_col, fg_err *e)
{
	int64_t parent = 0, street = 0, comm = 0, zone = 0;
	if (F("parent")) {
		parent = id_by_text(s, ORG_ID, F("parent"));
		if (!parent) {
			BAD("parent");
			return err_set(e, FG_EINPUT, "上级党组织“%s”不存在（既不在数据库中，也不在本文件中）", F("parent"));
		}
		if ((old && parent_loops(s, old->id, parent)) || strcmp(F("parent"), F("name")) == 0) {
			BAD("parent");
			return err_set(e, FG_EINPUT, "上级党组织“%s”会使组织关系形成循环", F("parent"));
		}
	}
	if (F("street")) {
		street = region_child(s, 1, F("street"), 0, e);
		if (street <= 0) {
			BAD("street");
			return err_set(e, FG_EINPUT, "街道“%s”不存在（街道和社区随企业台账登记）", F("street"));
		}
	}
	if (F("community")) {
		comm = street ? region_child(s, street, F("community"), 0, e) : community_by_name(s, F("community"));
		if (comm <= 0) {
			BAD("community");
			return err_set(e, FG_EINPUT,
				       comm == -2 ? "有多个社区叫“%s”，请同时填写所属街道" : "社区“%s”不存在",
				       F("community"));
		}
	}
	if (F("zone")) {
		int mismatch;
		char have[32];
		zone = zone_get(s, F("zone"), NULL, &mismatch, have, sizeof have, e);
		if (zone <= 0) {
			BAD("zone");
			return err_set(e, FG_EINPUT, "区域“%s”不存在（区域随企业台账登记）", F("zone"));
		}
	}
	struct ids want = {0};
	int rc = resolve_list(s, F("covers"), &want, e);
	if (rc) {
		BAD("covers");
		free(want.v);
		return rc;
	}
	static const char sql[] =
		"INSERT INTO org(name, kind, mode, parent_id, street_id, community_id, zone_id, founded,"
		" secretary, has_committee, committee_size, term_start)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		" ON CONFLICT(name) DO UPDATE SET kind = ?2, mode = ?3, parent_id = ?4, street_id = ?5,"
		" community_id = ?6, zone_id = ?7, founded = ?8, secretary = ?9, has_committee = ?10,"
		" committee_size = ?11, term_start = ?12";
	sqlite3_stmt *st = store_stmt(s, sql);
	static const char *const order[] = {"name", "kind", "mode", NULL, NULL, NULL, NULL, "founded",
					    "secretary", "has_committee", "committee_size", "term_start"};
	for (int i = 0; i < 12; i++)
		if (order[i]) {
			int ci = ledger_col_index(def, order[i]);
			bind_value(st, i + 1, &def->cols[ci], rec->f[ci]);
		}
	int64_t ids[4] = {parent, street, comm, zone};
	for (int i = 0; i < 4; i++)
		if (ids[i])
			sqlite3_bind_int64(st, 4 + i, ids[i]);
	if (sqlite3_step(st) != SQLITE_DONE) {
		free(want.v);
		return db_err(s, e, "写入党组织");
	}
	int64_t id = old ? old->id : sqlite3_last_insert_rowid(s->db);
	char td[11];
	date_format(today, td);
	/* Links of a new organisation start when it was founded; links added later start today. */
	const char *start = old ? td : F("founded");
	rc = sync_links(s, &COVERAGE_SQL, id, &want, start, td, e);
	free(want.v);
	return rc;
}

static int put_member(store *s, const ledger_def *def, const ledger_rec *rec, int *bad_col, fg_err *e)
{
	int64_t employer = 0, org = 0;
	if (F("employer") && !(employer = id_by_text(s, ENT_ID, F("employer")))) {
		BAD("employer");
		return err_set(e, FG_EINPUT, "工作单位 %s 不在企业台账中（请先导入企业台账）", F("employer"));
	}
	if (F("org") && !(org = id_by_text(s, ORG_ID, F("org")))) {
		BAD("org");
		return err_set(e, FG_EINPUT, "党组织“%s”不在党组织台账中（请先导入党组织台账）", F("org"));
	}
	idcard_info info;
	if (idcard_check(F("idno"), date_today() + 366, &info) != ID_OK) {
		BAD("idno");
		return err_set(e, FG_EINPUT, "公民身份号码无效");
	}
	char birth[11];
	date_format(info.birth_days, birth);
	static const char sql[] =
		"INSERT INTO member(idno, name, sex, birth, status, join_date, full_date, employer_id, org_id,"
		" relation, disclosed, phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
		" ON CONFLICT(idno) DO UPDATE SET name = ?2, sex = ?3, birth = ?4, status = ?5, join_date = ?6,"
		" full_date = ?7, employer_id = ?8, org_id = ?9, relation = ?10, disclosed = ?11, phone = ?12";
	sqlite3_stmt *st = store_stmt(s, sql);
	static const char *const order[] = {"idno", "name", NULL, NULL, "status", "join_date", "full_date",
					    NULL, NULL, "relation", "disclosed", "phone"};
	for (int i = 0; i < 12; i++)
		if (order[i]) {
			int ci = ledger_col_index(def, order[i]);
			bind_value(st, i + 1, &def->cols[ci], rec->f[ci]);
		}
	bind_text(st, 3, info.male ? "男" : "女");
	bind_text(st, 4, birth);
	if (employer)
		sqlite3_bind_int64(st, 8, employer);
	if (org)
		sqlite3_bind_int64(st, 9, org);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_err(s, e, "写入党员");
	return FG_OK;
}

static int put_instructor(store *s, const ledger_def *def, const ledger_rec *rec, const rowtext *old, int today,
			  int *bad_col, fg_err *e)
{
	static const char unit_q[] = "SELECT id FROM region WHERE name = ? ORDER BY level DESC LIMIT 1";
	int64_t unit = id_by_text(s, unit_q, F("unit"));
	if (!unit) {
		BAD("unit");
		return err_set(e, FG_EINPUT, "派出单位“%s”不是已登记的区、街道或社区", F("unit"));
	}
	struct ids want = {0};
	int rc = resolve_list(s, F("covers"), &want, e);
	if (rc) {
		BAD("covers");
		free(want.v);
		return rc;
	}
	static const char sql[] =
		"INSERT INTO instructor(name, unit, unit_region_id, phone, start_date) VALUES (?1, ?2, ?3, ?4, ?5)"
		" ON CONFLICT(name, unit) DO UPDATE SET unit_region_id = ?3, phone = ?4, start_date = ?5";
	sqlite3_stmt *st = store_stmt(s, sql);
	bind_text(st, 1, F("name"));
	bind_text(st, 2, F("unit"));
	sqlite3_bind_int64(st, 3, unit);
	bind_text(st, 4, F("phone"));
	bind_text(st, 5, F("start_date"));
	if (sqlite3_step(st) != SQLITE_DONE) {
		free(want.v);
		return db_err(s, e, "写入党建指导员");
	}
	int64_t id = old ? old->id : sqlite3_last_insert_rowid(s->db);
	char td[11];
	date_format(today, td);
	/* Like organisations: a new instructor's assignments start on 派驻日期, later ones today. */
	const char *start = !old && F("start_date") ? F("start_date") : td;
	rc = sync_links(s, &ASSIGN_SQL, id, &want, start, td, e);
	free(want.v);
	return rc;
}

int store_put(store *s, const ledger_def *def, const ledger_rec *in, int today, put_result *res, int *bad_col,
	      fg_err *e)
{
	*bad_col = -1;
	ledger_rec rec = *in;
	if (def->kind == LEDGER_MEMBERS) {
		int r = ledger_col_index(def, "relation");
		if (!rec.f[r])
			rec.f[r] = "正常"; /* the database default: compare against it */
	}
	rowtext *oldp = &s->old_row;
	int found = load(s, def, &rec, oldp);
#define old (*oldp)
	if (found) {
		size_t i = 0;
		while (i < def->ncols && same(old.rec.f[i], rec.f[i]))
			i++;
		if (i == def->ncols) {
			*res = PUT_SAME;
			return FG_OK;
		}
	}
	int rc;
	switch (def->kind) {
	case LEDGER_ENTERPRISES:
		rc = put_enterprise(s, def, &rec, bad_col, e);
		break;
	case LEDGER_ORGS:
		rc = put_org(s, def, &rec, found ? &old : NULL, today, bad_col, e);
		break;
	case LEDGER_MEMBERS:
		rc = put_member(s, def, &rec, bad_col, e);
		break;
	case LEDGER_INSTRUCTORS:
		rc = put_instructor(s, def, &rec, found ? &old : NULL, today, bad_col, e);
		break;
	default:
		rc = err_set(e, FG_EFAIL, "未知台账");
	}
	if (rc)
		return rc;
	rc = write_history(s, def, found ? &old.rec : NULL, &rec, e);
	*res = found ? PUT_CHANGED : PUT_NEW;
	return rc;
#undef old
}

int store_each(store *s, const ledger_def *def, const store_filter *f, store_rec_fn fn, void *ctx, fg_err *e)
{
	sqlite3_stmt *st = store_stmt(s, SELECT_ALL[def->kind]);
	sqlite3_bind_int64(st, 1, f ? f->region_id : 0);
	sqlite3_bind_int64(st, 2, f ? f->zone_id : 0);
	rowtext r = {0};
	int rc, ret = FG_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(&r, st, def);
		if ((ret = fn(ctx, &r.rec)) != 0)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = db_err(s, e, "读取台账");
	sqlite3_reset(st);
	buf_free(&r.b);
	return ret;
}
