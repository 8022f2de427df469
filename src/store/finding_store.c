/* The findings' subjects and follow-up states (finding_store.h). */
#include "store/finding_store.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/settings.h"
#include "store/scan_int.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

static const char *txt(sql_st *st, int i)
{
	const char *v = sql_col_text(st, i);
	return v ? v : "";
}

/* ---- the subjects (finding_store.h) ---- */

enum { T_ENT, T_MEMBER, T_ORG, T_INS, T_REGION, T_COUNT };

/* One record: name and code (the USCC, 公民身份号码, unit or the parent place's name) as offsets
 * into the arena (0: the empty string); place: the enterprise's community, the member's employer,
 * the organisation's community (else street), the instructor's unit's place; extra: the member's
 * organisation, a place's level (1 community, 2 street, 0 other). Ids in 32 bits (16 bytes a row). */
typedef struct subj_row {
	uint32_t name, code;
	uint32_t place, extra;
} subj_row;

/* A table's records read so far: at[id] is 0 when the record was not read yet, SUBJ_NONE when
 * there is no such record, else 1 + its row in v. The index by id is 4 bytes a possible id; the rows
 * and their names are those of the records asked for (a city's findings name some of its 100,000
 * enterprises and 255,000 members: their rows and names only, not the whole city's). */
typedef struct subj_table {
	uint32_t *at; /* by id */
	size_t n;
	subj_row *v;
	size_t nv, cap;
} subj_table;

#define SUBJ_NONE UINT32_MAX
/* A record asked for by store_subjects_members, not read yet (subj_row_of reads it now). */
#define SUBJ_WANT (UINT32_MAX - 1)

struct store_subjects {
	store *s;
	subj_table t[T_COUNT];
	buf arena;
};

/* Columns: id, name, code, place, extra — every row, or the row of id ?1. */
#define SUBJ_ENT "SELECT id, name, uscc, community_id, 0 FROM enterprise"
#define SUBJ_MEMBER "SELECT id, name, idno, coalesce(employer_id, 0), coalesce(org_id, 0) FROM member"
#define SUBJ_ORG "SELECT id, name, NULL, coalesce(community_id, street_id, 0), 0 FROM org"
#define SUBJ_INS "SELECT id, name, unit, coalesce(unit_region_id, 0), 0 FROM instructor"
#define SUBJ_REGION                                                                                            \
	"SELECT r.id, r.name, p.name, 0, CASE r.level WHEN 'community' THEN 1 WHEN 'street' THEN 2 ELSE 0 END" \
	" FROM region r LEFT JOIN region p ON p.id = r.parent_id"
static const char *const SUBJ_ALL[T_COUNT] = {SUBJ_ENT, SUBJ_MEMBER, SUBJ_ORG, SUBJ_INS, SUBJ_REGION};
static const char *const SUBJ_ONE[T_COUNT] = {SUBJ_ENT " WHERE id = ?1", SUBJ_MEMBER " WHERE id = ?1",
					      SUBJ_ORG " WHERE id = ?1", SUBJ_INS " WHERE id = ?1",
					      SUBJ_REGION " WHERE r.id = ?1"};

static const char *const SUBJ_MAX[T_COUNT] = {"SELECT max(id) FROM enterprise", "SELECT max(id) FROM member",
					      "SELECT max(id) FROM org", "SELECT max(id) FROM instructor",
					      "SELECT max(id) FROM region"};

/* The index by id made to hold id (sized once to the table's max(id) at the open; doubled past it). */
static void subj_grow(subj_table *t, int64_t id)
{
	if ((size_t)id < t->n)
		return;
	size_t n = t->n ? t->n : 1024;
	while (n <= (size_t)id)
		n *= 2;
	t->at = xrealloc(t->at, n * sizeof *t->at);
	memset(t->at + t->n, 0, (n - t->n) * sizeof *t->at);
	t->n = n;
}

static uint32_t subj_text(store_subjects *n, const char *v)
{
	if (!v || !*v)
		return 0;
	uint32_t at = (uint32_t)n->arena.len;
	size_t len = strlen(v) + 1;
	/* Grown by a quarter, not doubled (buf_add): the names are read while the findings are
	 * computed, and doubling would hold up to twice them. */
	if (n->arena.len + len + 1 > n->arena.cap) {
		size_t cap = n->arena.cap + n->arena.cap / 4 + len + 1;
		n->arena.p = xrealloc(n->arena.p, cap);
		n->arena.cap = cap;
	}
	buf_add(&n->arena, v, len);
	return at;
}

static void subj_take(store_subjects *n, subj_table *t, sql_st *st)
{
	int64_t id = sql_col_int64(st, 0);
	if (id <= 0)
		return;
	subj_grow(t, id);
	if (t->nv == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	subj_row r = {subj_text(n, sql_col_text(st, 1)), subj_text(n, sql_col_text(st, 2)),
		      (uint32_t)sql_col_int64(st, 3), (uint32_t)sql_col_int64(st, 4)};
	t->v[t->nv] = r;
	t->at[id] = (uint32_t)++t->nv;
}

static const char *subj_str(const store_subjects *n, uint32_t at)
{
	return n->arena.p + at;
}

int store_subjects_open(store *s, int whole, store_subjects **out, fg_err *e)
{
	store_subjects *n = xcalloc(1, sizeof *n);
	n->s = s;
	buf_add(&n->arena, "", 1);
	for (int t = 0; t < T_COUNT; t++) {
		/* The index by id sized once, to the table's largest id. */
		sql_st *st = store_st(s, SUBJ_MAX[t]);
		int rc = sql_step(st);
		int64_t max = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
		sql_reset(st);
		if (max > 0) {
			n->t[t].at = xcalloc((size_t)max + 1, sizeof *n->t[t].at);
			n->t[t].n = (size_t)max + 1;
		}
		/* Whole: the small tables (organisations, instructors, places) read in one pass each;
		 * enterprises and members are read one by one as the findings name them, whole or not. */
		if (!whole || t == T_ENT || t == T_MEMBER)
			continue;
		st = store_st(s, SUBJ_ALL[t]);
		while ((rc = sql_step(st)) == SQL_ROW)
			subj_take(n, &n->t[t], st);
		rc = scan_fin(s, st, rc, 0, e, "读取检查发现涉及的记录");
		if (rc) {
			store_subjects_free(n);
			return rc;
		}
		for (size_t i = 1; i < n->t[t].n; i++)
			if (!n->t[t].at[i])
				n->t[t].at[i] = SUBJ_NONE;
	}
	*out = n;
	return FG_OK;
}

void store_subjects_free(store_subjects *n)
{
	if (!n)
		return;
	for (int t = 0; t < T_COUNT; t++) {
		free(n->t[t].at);
		free(n->t[t].v);
	}
	buf_free(&n->arena);
	free(n);
}

/* The record of id in table t: read now unless read already, NULL when none. The pointer lives
 * until the next call on the table. */
static const subj_row *subj_row_of(store_subjects *n, int t, int64_t id)
{
	subj_table *tb = &n->t[t];
	if (id <= 0)
		return NULL;
	if ((size_t)id < tb->n && tb->at[id] && tb->at[id] != SUBJ_WANT)
		return tb->at[id] == SUBJ_NONE ? NULL : &tb->v[tb->at[id] - 1];
	sql_st *st = store_st(n->s, SUBJ_ONE[t]);
	sql_bind_int64(st, 1, id);
	subj_grow(tb, id);
	if (sql_step(st) == SQL_ROW)
		subj_take(n, tb, st);
	else
		tb->at[id] = SUBJ_NONE;
	sql_reset(st);
	return tb->at[id] == SUBJ_NONE ? NULL : &tb->v[tb->at[id] - 1];
}

/* Every member, in id order: the subject's columns (SUBJ_MEMBER's), then what
 * store_scan_member_flags gives and selects its members by, then the organisation whose formal
 * members on day ?1 it counts in (store_scan_orgs' ORG_FORMAL_WHERE; 0 none). */
#define SUBJ_MEMBER_FLAGS                                                                                      \
	"SELECT m.id, m.name, m.idno, coalesce(m.employer_id, 0), coalesce(m.org_id, 0), m.relation,"            \
	" m.org_id IS NOT NULL, m.outside_org, m.relation_since, m.closed IS NULL,"                              \
	" CASE WHEN " ORG_FORMAL_WHERE " THEN coalesce(m.org_id, 0) ELSE 0 END FROM member m ORDER BY m.id"

/* The member of the row when store_scan_member_flags' WHERE takes it ((org_id IS NULL OR relation =
 * '失联') AND relation <> '停止党籍' AND closed IS NULL): 1 and *mf, else 0. Tested here, on the
 * row's columns: SQLite evaluating the WHERE as a column of every row cost more. */
static int member_flagged(sql_st *st, member_fact *mf)
{
	const char *relation = sql_col_text(st, 5);
	int has_org = (int)sql_col_int64(st, 6);
	if (!relation || (has_org && strcmp(relation, "失联") != 0) || strcmp(relation, "停止党籍") == 0 ||
	    !sql_col_int64(st, 9))
		return 0;
	*mf = (member_fact){
		.id = sql_col_int64(st, 0),
		.employer_id = sql_col_int64(st, 3),
		.name = sql_col_text(st, 1),
		.idno = sql_col_text(st, 2),
		.relation = relation,
		.has_org = has_org,
		.outside_org = sql_col_text(st, 7),
		.relation_since = DATE_NONE,
	};
	const char *since = sql_col_text(st, 8);
	if (since && date_parse(since, &mf->relation_since) != 0)
		mf->relation_since = DATE_NONE;
	return 1;
}

/* The records ids of table t (k of them) not read yet, read in one pass over the table when they
 * are an eighth of it or more (*many 1), else left to be read when asked (*many 0). flags (members
 * only): as store_subjects_members'. */
static int subj_read_many(store_subjects *n, int t, int as_of, const int64_t *ids, size_t k,
			  int (*flags)(void *ctx, const member_fact *mf), void *ctx, int *many, fg_err *e)
{
	subj_table *tb = &n->t[t];
	size_t want = 0;
	for (size_t i = 0; i < k; i++)
		if (ids[i] > 0 && (size_t)ids[i] < tb->n && !tb->at[ids[i]]) {
			tb->at[ids[i]] = SUBJ_WANT;
			want++;
		}
	*many = want * 8 >= tb->n;
	int rc = FG_OK, ret = 0;
	if (*many) {
		/* Room for the rows wanted and their names (a member's about 32 bytes, an enterprise's
		 * 64) at once, not grown as they come (each growth a copy of what was read so far). */
		if (tb->cap < tb->nv + want) {
			tb->cap = tb->nv + want;
			tb->v = xrealloc(tb->v, tb->cap * sizeof *tb->v);
		}
		size_t text = want * (t == T_MEMBER ? 32 : 64);
		if (n->arena.cap < n->arena.len + text) {
			n->arena.p = xrealloc(n->arena.p, n->arena.len + text);
			n->arena.cap = n->arena.len + text;
		}
		sql_st *st = flags ? dated_stmt(n->s, SUBJ_MEMBER_FLAGS, as_of) : store_st(n->s, SUBJ_ALL[t]);
		member_fact mf;
		/* With flags, each organisation's formal members counted too (by org id, the ids the
		 * open read of org gave room for), for store_scan_orgs in this read transaction. */
		size_t norgs = flags && n->s->read_tx ? n->t[T_ORG].n : 0;
		int *formal = norgs ? xcalloc(norgs, sizeof *formal) : NULL;
		while ((rc = sql_step(st)) == SQL_ROW) {
			int64_t id = sql_col_int64(st, 0);
			if (id > 0 && (size_t)id < tb->n && tb->at[id] == SUBJ_WANT)
				subj_take(n, tb, st);
			if (formal) {
				int64_t org = sql_col_int64(st, 10);
				if (org > 0 && (size_t)org < norgs)
					formal[org]++;
			}
			if (flags && member_flagged(st, &mf) && (ret = flags(ctx, &mf)) != 0)
				break;
		}
		rc = scan_fin(n->s, st, rc, ret, e, flags ? "读取党员" : "读取检查发现涉及的记录");
		if (formal && !rc) {
			free(n->s->orgs_formal);
			n->s->orgs_formal = formal;
			n->s->orgs_formal_n = norgs;
			n->s->orgs_formal_as_of = as_of;
		} else {
			free(formal);
		}
	} else if (flags) {
		rc = store_scan_member_flags(n->s, flags, ctx, e);
	}
	/* Not found by the pass: no such record; not read (few, or the pass failed): read when asked. */
	for (size_t i = 0; i < k; i++)
		if (ids[i] > 0 && (size_t)ids[i] < tb->n && tb->at[ids[i]] == SUBJ_WANT)
			tb->at[ids[i]] = *many && !rc ? SUBJ_NONE : 0;
	return rc;
}

int store_subjects_ents(store_subjects *n, const int64_t *ids, size_t k, fg_err *e)
{
	int many;
	return subj_read_many(n, T_ENT, 0, ids, k, NULL, NULL, &many, e);
}

int store_subjects_members(store_subjects *n, int as_of, const int64_t *ids, size_t k,
			   int (*flags)(void *ctx, const member_fact *mf), void *ctx, fg_err *e)
{
	int many;
	int rc = subj_read_many(n, T_MEMBER, as_of, ids, k, flags, ctx, &many, e);
	if (rc || !many)
		return rc;
	/* Their employers: a finding about a member is placed by its employer's community. A failure
	 * here leaves them to be read when asked. */
	const subj_table *tb = &n->t[T_MEMBER];
	int64_t *ents = xmalloc((k ? k : 1) * sizeof *ents);
	size_t ne = 0;
	for (size_t i = 0; i < k; i++) {
		uint32_t at = ids[i] > 0 && (size_t)ids[i] < tb->n ? tb->at[ids[i]] : 0;
		if (at && at != SUBJ_NONE && tb->v[at - 1].place)
			ents[ne++] = tb->v[at - 1].place;
	}
	fg_err e2;
	subj_read_many(n, T_ENT, 0, ents, ne, NULL, NULL, &many, &e2);
	free(ents);
	return FG_OK;
}

/* "name（code）" of a record of table t. */
static void subj_label(store_subjects *n, int t, int64_t id, buf *out)
{
	const subj_row *r = subj_row_of(n, t, id);
	if (r)
		buf_printf(out, "%s（%s）", subj_str(n, r->name), subj_str(n, r->code));
}

void store_subject_ent_label(store_subjects *n, int64_t id, buf *out)
{
	subj_label(n, T_ENT, id, out);
}

void store_subject_ins_label(store_subjects *n, int64_t id, buf *out)
{
	subj_label(n, T_INS, id, out);
}

void store_subject_ent_uscc(store_subjects *n, int64_t id, buf *out)
{
	const subj_row *r = subj_row_of(n, T_ENT, id);
	if (r)
		buf_puts(out, subj_str(n, r->code));
}

void store_subject_member_names(store_subjects *n, int64_t id, buf *name, buf *idno)
{
	const subj_row *r = subj_row_of(n, T_MEMBER, id);
	if (r) {
		buf_puts(name, subj_str(n, r->name));
		buf_puts(idno, subj_str(n, r->code));
	}
}

/* The place (community or street) of an enterprise, 0 when unknown. */
static int64_t subj_ent_place(store_subjects *n, int64_t ent)
{
	const subj_row *r = subj_row_of(n, T_ENT, ent);
	return r ? r->place : 0;
}

int64_t store_finding_subject(store_subjects *n, finding_kind kind, int64_t id, const char *natural, int64_t ent,
			      buf *natural_out, int64_t *place)
{
	static const int TABLE[] = {[FK_ENT] = T_ENT, [FK_ORG] = T_ORG, [FK_MEMBER] = T_MEMBER, [FK_INSTRUCTOR] = T_INS};
	static const char *const Q_KEY[] = {
		[FK_ENT] = "SELECT id FROM enterprise WHERE uscc = ?1",
		[FK_ORG] = "SELECT id FROM org WHERE name = ?1",
		[FK_MEMBER] = "SELECT id FROM member WHERE idno = ?1",
		[FK_INSTRUCTOR] = "SELECT id FROM instructor WHERE name || '/' || unit = ?1",
	};
	int64_t found = 0, region = 0, org = 0;
	if (kind != FK_DISTRICT && (id > 0 || natural)) {
		if (id <= 0) {
			sql_st *st = store_st(n->s, Q_KEY[kind]);
			sql_bind_text(st, 1, natural);
			id = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : 0;
			sql_reset(st);
		}
		const subj_row *r = subj_row_of(n, TABLE[kind], id);
		if (r) {
			found = id;
			if (!natural && kind == FK_INSTRUCTOR)
				buf_printf(natural_out, "%s/%s", subj_str(n, r->name), subj_str(n, r->code));
			else if (!natural)
				buf_puts(natural_out, subj_str(n, kind == FK_ORG ? r->name : r->code));
			/* A member is placed by its employer, else by the organisation holding its relation. */
			region = kind == FK_MEMBER ? 0 : r->place;
			org = kind == FK_MEMBER ? r->extra : 0;
			if (kind == FK_MEMBER && r->place)
				region = subj_ent_place(n, r->place);
		}
	}
	if (natural)
		buf_puts(natural_out, natural);
	if (!region && org) {
		const subj_row *o = subj_row_of(n, T_ORG, org);
		region = o ? o->place : 0;
	}
	if (!region && ent > 0)
		region = subj_ent_place(n, ent);
	*place = region;
	return found;
}

void store_subject_place(store_subjects *n, int64_t place, buf *street, buf *community)
{
	const subj_row *p = place ? subj_row_of(n, T_REGION, place) : NULL;
	if (p && p->extra == 1) {
		buf_puts(street, subj_str(n, p->code));
		buf_puts(community, subj_str(n, p->name));
	} else if (p && p->extra == 2) {
		buf_puts(street, subj_str(n, p->name));
	}
}

int store_finding_in_scope(store *s, const store_filter *scope, finding_kind kind, int64_t id, int64_t ent)
{
	static const char *const Q[] = {
		[FK_DISTRICT] = "SELECT " SCOPE_DISTRICT("?1", "?2"),
		[FK_ENT] = "SELECT EXISTS (SELECT 1 FROM enterprise e JOIN region c ON c.id = e.community_id"
			   " WHERE e.id = ?3 AND " SCOPE_ENT("?1", "?2") ")",
		[FK_ORG] = "SELECT EXISTS (SELECT 1 FROM org o WHERE o.id = ?3 AND " SCOPE_ORG("?1", "?2") ")",
		[FK_MEMBER] = "SELECT EXISTS (SELECT 1 FROM member m WHERE m.id = ?3 AND " SCOPE_MEM("?1", "?2") ")",
		[FK_INSTRUCTOR] = "SELECT EXISTS (SELECT 1 FROM instructor i LEFT JOIN region r ON r.id = i.unit_region_id"
				  " WHERE i.id = ?3 AND " SCOPE_INS("?1", "?2") ")",
	};
	if (kind != FK_DISTRICT && id <= 0) {
		/* A person without a member record: by the enterprise the finding names. */
		if (ent <= 0)
			return 0;
		kind = FK_ENT;
		id = ent;
	}
	sql_st *st = store_st(s, Q[kind]);
	sql_bind_int64(st, 1, scope ? scope->region_id : 0);
	sql_bind_int64(st, 2, scope ? scope->org_id : 0);
	sql_bind_int64(st, 3, id);
	int in = sql_step(st) == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	/* A finding about an enterprise of the scope (an instructor's missing visit to it, a roster
	 * line of it) is the scope's too, wherever its subject lies. */
	return in || (kind != FK_ENT && kind != FK_DISTRICT && ent > 0 &&
		      store_finding_in_scope(s, scope, FK_ENT, ent, 0));
}

/* The enterprise fields the facts read as numbers and flags only (store_scan_enterprises: 经营状态,
 * 从业人员数, 固定场所, the 五清 texts) or not at all (行业 — the plan reads it —, 注册资本, 出资人是否党员):
 * a change of these leaves the enterprise where it is, named as it is, in the facts with the same
 * index. Then the closing columns (移出台账日期 and 原因): a closing or reopening takes the enterprise
 * out of the facts or puts it back, in its place (facts_patch says when that can be patched). In
 * the order of the STORE_ENT_* bits. */
static const char *const ENT_NUMERIC[] = {"status",	"industry", "employees",       "fixed_site",
					   "op_info",	"staff_info", "investor",	"capital",
					   "investor_member", "no_org_reason", "closed",	"closed_reason"};
enum { ENT_CLOSED_FIELD = 10 };

/* 1 when old and new are the JSON objects of an update and each of their keys is one fn accepts
 * (fn(key, value, ctx) != 0); 0 otherwise. */
static int update_keys(const char *old, const char *new, int (*fn)(const char *key, json_t *x, void *ctx), void *ctx)
{
	int ok = old && new;
	const char *const v[2] = {old, new};
	for (int i = 0; ok && i < 2; i++) {
		json_t *o = json_loads(v[i], 0, NULL);
		const char *k;
		json_t *x;
		ok = json_is_object(o);
		json_object_foreach(o, k, x) {
			if (ok && !fn(k, x, ctx))
				ok = 0;
		}
		json_decref(o);
	}
	return ok;
}

/* update_keys for ent_update_numeric: a field of ENT_NUMERIC, its bit added to *ctx. */
static int ent_numeric_key(const char *k, json_t *x, void *ctx)
{
	unsigned *bits = ctx;
	size_t f = 0;
	while (f < sizeof ENT_NUMERIC / sizeof ENT_NUMERIC[0] && strcmp(k, ENT_NUMERIC[f]) != 0)
		f++;
	if (f == sizeof ENT_NUMERIC / sizeof ENT_NUMERIC[0])
		return 0;
	*bits |= 1u << f;
	int day;
	if (f == ENT_CLOSED_FIELD && json_is_string(x) &&
	    (date_parse(json_string_value(x), &day) != 0 || day < date_today()))
		*bits |= STORE_ENT_CLOSED_BACK;
	return 1;
}

/* The STORE_ENT_* bits of the fields the history's old and new JSON of an update name; 0 when one
 * is not of ENT_NUMERIC (or the JSON is not an object). A closing date (old or new) before today
 * adds STORE_ENT_CLOSED_BACK: a past day's facts change too. */
static unsigned ent_update_numeric(const char *old, const char *new)
{
	unsigned bits = 0;
	return update_keys(old, new, ent_numeric_key, &bits) ? bits : 0;
}

/* The day of a meeting, study or visit record's history entry: its "date" in the old or new JSON
 * (both when both name it: the later, and *earlier the earlier), else the date in its key
 * (组织/类型/日期/主题, 公民身份号码/日期/内容, 指导员/派出单位/信用代码/日期: the first "/YYYY-MM-DD" part
 * ending at a '/' or the key's end — a record's date is part of its key, so an update names it only
 * there). 0 when neither says. */
static int record_day(const char *key, const char *old, const char *new, int *earlier)
{
	int days[2], n = 0;
	const char *const v[2] = {old, new};
	for (int i = 0; i < 2; i++) {
		json_t *o = v[i] ? json_loads(v[i], 0, NULL) : NULL;
		const char *d = json_string_value(json_object_get(o, "date"));
		if (d && date_parse(d, &days[n]) == 0)
			n++;
		json_decref(o);
	}
	for (const char *p = key; !n && (p = strchr(p, '/')) != NULL; p++) {
		char d[11];
		if (strlen(p) >= 11 && (p[11] == '/' || p[11] == 0)) {
			memcpy(d, p + 1, 10);
			d[10] = 0;
			n = date_parse(d, &days[0]) == 0;
		}
	}
	if (!n)
		return 0;
	*earlier = n == 2 && days[1] < days[0] ? days[1] : days[0];
	return n == 2 && days[1] > days[0] ? days[1] : days[0];
}

/* STORE_PARTY_HOURS when the history entry (tbl, key, old, new) is a meeting or study record's,
 * STORE_PARTY_VISITS when an instructor's visit's, dated in this year, up to today; STORE_PARTY_DUES
 * when a dues record's, of any month; STORE_PARTY_DEV when a development record's; STORE_PARTY_SEC
 * when a secretary record's; STORE_PARTY_TRANSFER when a transfer record's; STORE_PARTY_TASK when a
 * campaign's or a task's; STORE_PARTY_RECOG when a rating's, a funding entry's, a designation's or a
 * venue's; STORE_PARTY_TRAINING when a training's or a trainee's; else 0. */
static unsigned party_change(const char *tbl, const char *key, const char *old, const char *new)
{
	if (strcmp(tbl, "dues") == 0)
		return STORE_PARTY_DUES; /* any month: the members' dues are read again whole */
	if (strcmp(tbl, "development") == 0)
		return STORE_PARTY_DEV; /* any dates: the records are read again whole */
	if (strcmp(tbl, "secretary") == 0)
		return STORE_PARTY_SEC; /* any dates: the current secretaries are read again whole */
	if (strcmp(tbl, "transfer") == 0)
		return STORE_PARTY_TRANSFER; /* any dates: the transfers are read again whole */
	if (strcmp(tbl, "campaign") == 0 || strcmp(tbl, "task") == 0)
		return STORE_PARTY_TASK; /* any dates: the campaigns and tasks are read again whole */
	if (strcmp(tbl, "rating") == 0 || strcmp(tbl, "funding") == 0 || strcmp(tbl, "designation") == 0 ||
	    strcmp(tbl, "venue") == 0)
		return STORE_PARTY_RECOG; /* any dates: the four are read again whole */
	if (strcmp(tbl, "training") == 0 || strcmp(tbl, "trainee") == 0)
		return STORE_PARTY_TRAINING; /* any dates: the year's trainees are read again whole */
	unsigned bit = strcmp(tbl, "meeting") == 0 || strcmp(tbl, "study") == 0 ? STORE_PARTY_HOURS
		       : strcmp(tbl, "visit") == 0				   ? STORE_PARTY_VISITS
										   : 0;
	if (!bit)
		return 0;
	int today = date_today(), y, m, d, first = 0;
	date_to_ymd(today, &y, &m, &d);
	int last = record_day(key, old, new, &first);
	return last && last <= today && first >= date_from_ymd(y, 1, 1) ? bit : 0;
}

/* The organisation fields whose change store_changes_since patches (STORE_ORG): none decides
 * which enterprises it covers or from when (覆盖企业, 成立日期, 撤销日期), where it is or how it is
 * named; 组建方式 and 组织类别 give its links' mode and kind (the coverage counts, the statistics),
 * 是否设支委会 and 党小组数 its calendar (STORE_ORG_LIFE: read as recorded today on a past day too,
 * store_scan_life_orgs), the rest only its own findings (check.c on_org). A leadership body (上级机关)
 * covers no enterprise: a mode from or to it is not patched. */
static const char *const ORG_PATCHED[] = {"kind", "mode", "secretary", "committee_size", "term_start"};
static const char *const ORG_LIFE_FIELDS[] = {"has_committee", "groups"};
/* 覆盖企业 (STORE_ORG_COVER): a link added to an organisation's record starts today, a link dropped
 * ends today (store/ledger_write.c sync_links) — no past day changes; the enterprises so linked or
 * unlinked are found by their links' dates (org_relinked). */
static const char ORG_COVER_FIELD[] = "covers";

/* update_keys for org_update: a field of ORG_PATCHED or ORG_LIFE_FIELDS, its bits added to *ctx. */
static int org_key(const char *k, json_t *x, void *ctx)
{
	unsigned *bits = ctx;
	if (strcmp(k, "mode") == 0 && json_is_string(x) && strcmp(json_string_value(x), "上级机关") == 0)
		return 0;
	if (strcmp(k, ORG_COVER_FIELD) == 0) {
		*bits |= STORE_ORG | STORE_ORG_COVER;
		return 1;
	}
	for (size_t f = 0; f < sizeof ORG_LIFE_FIELDS / sizeof ORG_LIFE_FIELDS[0]; f++)
		if (strcmp(k, ORG_LIFE_FIELDS[f]) == 0) {
			*bits |= STORE_ORG | STORE_ORG_LIFE;
			return 1;
		}
	for (size_t f = 0; f < sizeof ORG_PATCHED / sizeof ORG_PATCHED[0]; f++)
		if (strcmp(k, ORG_PATCHED[f]) == 0) {
			*bits |= STORE_ORG;
			return 1;
		}
	return 0;
}

/* The STORE_ORG bits of an update of an organisation record (old and new JSON) whose fields are all
 * patched ones (org_key); 0 otherwise. */
static unsigned org_update(const char *old, const char *new)
{
	unsigned bits = 0;
	return update_keys(old, new, org_key, &bits) ? bits : 0;
}

/* The enterprises organisation name covers today (its active links), appended to *ents (NULL: only
 * counted) from *n on; -1 when it covers none or more than room of them (its findings and links are
 * then found afresh: an organisation named by no link of the facts is not found by a patch). */
static int org_covered(store *s, const char *name, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT cv.enterprise_id FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND " COVERAGE_ACTIVE("cv.", "o.", "?1");
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text(st, 2, name);
	size_t got = 0;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW && got < room) {
		if (ents) {
			*ents = xrealloc(*ents, (*n + got + 1) * sizeof **ents);
			(*ents)[*n + got] = sql_col_int64(st, 0);
		}
		got++;
	}
	sql_reset(st);
	if (rc != SQL_DONE || got == 0)
		return -1;
	*n += got;
	return 0;
}

/* The enterprises whose links to organisation name started or ended today (org_covered's *ents
 * and room): 0, or -1 past room. */
static int org_relinked(store *s, const char *name, int64_t **ents, size_t *n, size_t room)
{
	static const char q[] = "SELECT cv.enterprise_id FROM coverage cv JOIN org o ON o.id = cv.org_id"
				" WHERE o.name = ?2 AND (cv.start_date = ?1 OR cv.end_date = ?1)";
	sql_st *st = dated_stmt(s, q, date_today());
	sql_bind_text(st, 2, name);
	size_t got = 0;
	int rc;
	while ((rc = sql_step(st)) == SQL_ROW && got < room) {
		*ents = xrealloc(*ents, (*n + got + 1) * sizeof **ents);
		(*ents)[*n + got] = sql_col_int64(st, 0);
		got++;
	}
	sql_reset(st);
	if (rc != SQL_DONE)
		return -1;
	*n += got;
	return 0;
}

/* org_covered of the 所在党组织 a member's update left (side: the JSON object of its old values):
 * 1 when it names none or covers at least one enterprise today (appended), else 0. */
static int org_left_covered(store *s, const char *side, int64_t **ents, size_t *n, size_t room)
{
	json_t *o = side ? json_loads(side, 0, NULL) : NULL;
	const char *name = json_string_value(json_object_get(o, "org"));
	int ok = !name || org_covered(s, name, ents, n, room) == 0;
	json_decref(o);
	return ok;
}

/* update_keys for contact_only: a column of the ledger (*ctx) of kind COL_PHONE. */
static int contact_key(const char *k, json_t *x, void *ctx)
{
	(void)x;
	const ledger_def *def = ctx;
	size_t c = 0;
	while (c < def->ncols && strcmp(def->cols[c].key, k) != 0)
		c++;
	return c < def->ncols && def->cols[c].type == COL_PHONE;
}

/* 1 when the history entry is an update of a ledger's row whose old and new JSON name contact
 * columns only (联系电话: COL_PHONE) — shown on the ledger's pages, read by no figure, finding or
 * plan. */
static int contact_only(const char *tbl, const char *op, const char *old, const char *new)
{
	if (strcmp(op, "update") != 0 || !old || !new || strcmp(old, "{}") == 0)
		return 0;
	const ledger_def *def = NULL;
	for (int k = 0; k < LEDGER_NKINDS && !def; k++)
		if (strcmp(ledger_get((ledger_kind)k)->record, tbl) == 0)
			def = ledger_get((ledger_kind)k);
	return def && update_keys(old, new, contact_key, (void *)def);
}

/* 1 when the enterprise of USCC uscc (a new one's history key) is one no row of another table
 * names (store_enterprise_bare). */
static int ent_new_bare(store *s, const char *uscc)
{
	sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
	sql_bind_text(q, 1, uscc);
	int64_t id = sql_step(q) == SQL_ROW ? sql_col_int64(q, 0) : 0;
	sql_reset(q);
	return id > 0 && store_enterprise_bare(s, id);
}

/* The history rows store_changes_since reads at most (and one more: store_changes_since). */
#define CHANGES_LIMIT 6001

/* The member fields whose change store_changes_since patches (STORE_MEMBER): none decides whether
 * the member is counted (MEMBER_COUNTED: its employer, 入党日期, closing, a 停止党籍), where it is
 * or how it is named; 人员类别 and 转正日期 decide who is formal (STORE_MEMBER_FORMAL); 联系电话 is
 * read by nothing (contact_only). */
static const char *const MEMBER_PATCHED[] = {"disclosed", "relation", "relation_since", "outside_org", "phone"};
static const char *const MEMBER_FORMAL_FIELDS[] = {"status", "full_date"};

/* update_keys for member_update: a field of MEMBER_PATCHED or MEMBER_FORMAL_FIELDS, its bits added
 * to *ctx (STORE_MEMBER_FORMAL for the latter; STORE_MEMBER_DATED for them and the 组织关系状态 and
 * its 起始日期 — a past day reads them as recorded today, store_scan_members' member_then —; bit 1
 * for 是否亮明身份, which the cross-match reads); a 组织关系状态 of 停止党籍 is not one (it decides
 * whether the member is counted). 工作单位 from one enterprise to another (both sides named: one
 * without decides whether the member is counted) is STORE_MEMBER_MOVED with STORE_MEMBER_FORMAL (the
 * formal members two enterprises employ) and bit 1 (the cross-match reads the employer too); not
 * STORE_MEMBER_DATED: a past day reads the employer of its own version (member_then). 所在党组织
 * is STORE_MEMBER with STORE_MEMBER_FORMAL (the organisations' lodged formal members), bit 2 (the
 * organisation left found again too: store_changes_since) and bit 1 (the cross-match reads it: its
 * pocket candidates); no other figure reads it. */
static int member_key(const char *k, json_t *x, void *ctx)
{
	unsigned *bits = ctx;
	if (strcmp(k, "org") == 0) {
		*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | 2u | 1u;
		return 1;
	}
	if (strcmp(k, "employer") == 0) {
		if (!json_is_string(x))
			return 0;
		*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | 1u;
		return 1;
	}
	for (size_t f = 0; f < sizeof MEMBER_FORMAL_FIELDS / sizeof MEMBER_FORMAL_FIELDS[0]; f++)
		if (strcmp(k, MEMBER_FORMAL_FIELDS[f]) == 0) {
			*bits |= STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_DATED;
			return 1;
		}
	size_t f = 0;
	while (f < sizeof MEMBER_PATCHED / sizeof MEMBER_PATCHED[0] && strcmp(k, MEMBER_PATCHED[f]) != 0)
		f++;
	if (f == sizeof MEMBER_PATCHED / sizeof MEMBER_PATCHED[0] ||
	    (strcmp(k, "relation") == 0 && json_is_string(x) && strcmp(json_string_value(x), "停止党籍") == 0))
		return 0;
	*bits |= STORE_MEMBER | (strcmp(k, "disclosed") == 0) |
		 (strncmp(k, "relation", 8) == 0 ? (unsigned)STORE_MEMBER_DATED : 0u);
	return 1;
}

/* The STORE_MEMBER bits of an update of a member record (old and new JSON) whose fields are all
 * patched ones (member_key: bit 1 when 是否亮明身份 is among them); 0 otherwise. */
static unsigned member_update(const char *old, const char *new)
{
	unsigned bits = 0;
	return update_keys(old, new, member_key, &bits) ? bits : 0;
}

/* The employer of the member of ID number idno, when it has one and, with roster (是否亮明身份 or
 * 工作单位 changed), no roster line names the member, and with bare (a new member) no record of
 * another table names it (store_member_bare); else 0 (found afresh). */
static int64_t member_employer(store *s, const char *idno, int roster, int bare)
{
	sql_st *q = store_st(s, "SELECT coalesce(m.employer_id, 0), EXISTS (SELECT 1 FROM roster_line rl"
				" WHERE rl.idno = m.idno), m.id FROM member m WHERE m.idno = ?1");
	sql_bind_text(q, 1, idno);
	int64_t id = 0, member = 0;
	if (sql_step(q) == SQL_ROW && !(roster && (int)sql_col_int64(q, 1))) {
		id = sql_col_int64(q, 0);
		member = sql_col_int64(q, 2);
	}
	sql_reset(q);
	return id > 0 && bare && !store_member_bare(s, member) ? 0 : id;
}

int store_member_bare(store *s, int64_t id)
{
	/* Every table naming a member by id (schema: REFERENCES member) or by its ID number. A
	 * meeting's attendees (its 参加党员, ID numbers) are members of its organisation when written
	 * (party_meeting_rules), each given the meeting's hours in member_hours (party_tally): a member
	 * who attended one has a row there — of this year's the figures of today read (by the year, the
	 * table's key: by the member alone it was a scan of the table, 30 ms at city scale). */
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM study WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM member_hours WHERE year = ?2 AND member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM secretary x WHERE x.member_id = ?1 OR x.idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM trainee x WHERE x.member_id = ?1 OR x.idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM development WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM transfer WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM dues WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM dues_year WHERE member_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_line WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM crossmatch_decision WHERE idno = (SELECT idno FROM member WHERE id = ?1))"
		" OR EXISTS (SELECT 1 FROM designation_member WHERE member_id = ?1)";
	int y, m, d;
	date_to_ymd(date_today(), &y, &m, &d);
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	sql_bind_int64(st, 2, y);
	int named = sql_step(st) != SQL_ROW || (int)sql_col_int64(st, 0) != 0;
	sql_reset(st);
	return id > 0 && !named;
}

/* The enterprise of USCC the JSON object of one side of a member's update names as its 工作单位;
 * 0 when it names none or no such enterprise is. */
static int64_t member_side_employer(store *s, const char *side)
{
	json_t *o = side ? json_loads(side, 0, NULL) : NULL;
	const char *uscc = json_string_value(json_object_get(o, "employer"));
	int64_t id = 0;
	if (uscc) {
		sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
		sql_bind_text(q, 1, uscc);
		if (sql_step(q) == SQL_ROW)
			id = sql_col_int64(q, 0);
		sql_reset(q);
	}
	json_decref(o);
	return id;
}

/* The first day a new member (its insert's JSON) is counted on: its 入党日期 (MEMBER_COUNTED);
 * INT_MIN when it has none that reads as a date (then nothing is said of any day). */
static int member_joined_from(const char *new)
{
	json_t *n = new ? json_loads(new, 0, NULL) : NULL;
	const char *d = json_string_value(json_object_get(n, "join_date"));
	int day;
	int from = d && date_parse(d, &day) == 0 ? day : INT_MIN;
	json_decref(n);
	return from;
}

/* The day from which a member record (one side of an update: its JSON object) is formal, as a past
 * day reads it (MEMBER_FORMAL on that day), into *from — its 转正日期 when there is one, else always
 * (正式党员: INT_MIN) or never (预备党员: INT_MAX); 0 when the object does not say (a field not among
 * its keys: the record's own, unchanged, is not known here), else 1. */
static int formal_from(json_t *o, int *from)
{
	json_t *full = json_object_get(o, "full_date"), *status = json_object_get(o, "status");
	if (json_is_string(full))
		return date_parse(json_string_value(full), from) == 0;
	if (!full || !json_is_string(status))
		return 0;
	*from = strcmp(json_string_value(status), "正式党员") == 0 ? INT_MIN : INT_MAX;
	return 1;
}

/* The day before which a member record's 组织关系状态 is 正常 on any day, as a past day reads it: its
 * 起始日期 (a state in force from then); INT_MIN when the object has none (a state without a start
 * date is read as that day's version, which this update may have been part of). */
static int relation_from(json_t *o)
{
	json_t *since = json_object_get(o, "relation_since");
	int day;
	return json_is_string(since) && date_parse(json_string_value(since), &day) == 0 ? day : INT_MIN;
}

/* The first day whose figures an update of a member record (old and new JSON) of STORE_MEMBER_DATED
 * can change: before it, formal, 流动 and 失联 read on each day are what they were (days from then on
 * may differ); INT_MAX when none can. */
static int member_dated_from(const char *old, const char *new)
{
	json_t *o = old ? json_loads(old, 0, NULL) : NULL, *n = new ? json_loads(new, 0, NULL) : NULL;
	int from = INT_MAX;
	if (!json_is_object(o) || !json_is_object(n)) {
		from = INT_MIN;
	} else {
		if (json_object_get(o, "status") || json_object_get(n, "status") || json_object_get(o, "full_date") ||
		    json_object_get(n, "full_date")) {
			int a, b;
			if (!formal_from(o, &a) || !formal_from(n, &b))
				from = INT_MIN;
			else if (a != b)
				from = a < b ? a : b;
		}
		if (json_object_get(o, "relation") || json_object_get(n, "relation") ||
		    json_object_get(o, "relation_since") || json_object_get(n, "relation_since")) {
			int a = relation_from(o), b = relation_from(n), m = a < b ? a : b;
			from = m < from ? m : from;
		}
	}
	json_decref(o);
	json_decref(n);
	return from;
}

/* The earliest of day(st) over the rows of history statement q (its ?1 the stamp; at most
 * CHANGES_LIMIT rows): INT_MAX when none, INT_MIN when the read fails. The dated_from functions. */
static int earliest_day(store *s, int64_t stamp, const char *q, int (*day)(sql_st *st))
{
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, stamp);
	int rc, from = INT_MAX;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int d = day(st);
		from = d < from ? d : from;
	}
	if (rc != SQL_DONE)
		from = INT_MIN;
	sql_reset(st);
	return from;
}

/* store_member_dated_from's day of a member's history row (old, new, whether an insert). */
static int member_row_day(sql_st *st)
{
	const char *old = sql_col_text(st, 0), *new = sql_col_text(st, 1);
	if ((int)sql_col_int64(st, 2))
		return member_joined_from(new); /* a new member: counted from its 入党日期 on */
	return member_update(old, new) & STORE_MEMBER_DATED ? member_dated_from(old, new) : INT_MAX;
}

int store_member_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT old, new, op = 'insert' FROM history WHERE id > ?1 AND tbl = 'member'"
			    " AND (op = 'update' OR op = 'insert') ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    member_row_day);
}

/* store_dues_dated_from's day of a dues record's history row (its key). A dues record's key ends with
 * its month (公民身份号码/YYYY-MM): a day's facts read the months before the day's own
 * (dues_year_months, dues_window), so the first day that reads month M is the first of the month
 * after. */
static int dues_row_day(sql_st *st)
{
	const char *k = sql_col_text(st, 0), *slash = k ? strrchr(k, '/') : NULL;
	int month;
	return slash && dues_month_parse(slash + 1, &month) == 0 ? dues_month_last_day(month) + 1 : INT_MIN;
}

int store_dues_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT key FROM history WHERE id > ?1 AND tbl = 'dues' ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    dues_row_day);
}

/* store_ent_new_dated_from's day of a new enterprise's history row (its new JSON). A day counts an
 * enterprise founded by then, or without a 成立日期 recorded by then (scan.c EXISTS_ON): a new one
 * without it from today on. */
static int ent_new_row_day(sql_st *st)
{
	json_t *n = json_loads(sql_col_text(st, 0) ? sql_col_text(st, 0) : "", 0, NULL);
	const char *f = json_string_value(json_object_get(n, "founded"));
	int d = date_today();
	if (!n || (f && date_parse(f, &d) != 0))
		d = INT_MIN;
	json_decref(n);
	return d;
}

int store_ent_new_dated_from(store *s, int64_t stamp)
{
	return earliest_day(s, stamp,
			    "SELECT new FROM history WHERE id > ?1 AND tbl = 'enterprise' AND op = 'insert'"
			    " ORDER BY id LIMIT " SPELL(CHANGES_LIMIT),
			    ent_new_row_day);
}

int store_changes_since(store *s, int64_t stamp, int64_t **ents, size_t *nents, unsigned *fields)
{
	/* More enterprises than this and the caller finds everything again (an import, say). */
	enum { MAX_ENTS = 256 };
	/* More meeting, study and visit records than this (a whole year imported) and the same. */
	enum { MAX_RECORDS = 4096 };
	size_t nrecords = 0;
	if (ents) {
		*ents = NULL;
		*nents = 0;
	}
	if (fields)
		*fields = 0;
	/* Rows past both bounds and one more decide nothing: everything is found again. The LIMIT also
	 * keeps the read an index range from the stamp on PostgreSQL, whose plan without it (a
	 * prepared statement cannot know how near the newest id ?1 lies) scanned the whole history:
	 * 50–70 ms per kept value on the district demo after each login. A constant, not a parameter,
	 * so that a generic plan knows it too. */
	enum { MAX_ROWS = CHANGES_LIMIT - 1 };
	_Static_assert(MAX_ROWS > MAX_ENTS + MAX_RECORDS, "the bound is past both");
	sql_st *st = store_st(s, "SELECT tbl, key, op, old, new FROM history WHERE id > ?1 AND op <> 'view'"
				 " AND tbl NOT IN ('finding', 'session') ORDER BY id LIMIT " SPELL(CHANGES_LIMIT));
	sql_bind_int64(st, 1, stamp);
	int rc, kind = STORE_CHANGES_NONE;
	size_t n = 0, rows = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		if (++rows > MAX_ROWS) {
			kind = STORE_CHANGES_OTHER;
			break;
		}
		const char *tbl = txt(st, 0);
		if (strcmp(tbl, "setting") == 0 && settings_outside_figures(txt(st, 1)))
			continue;
		if (contact_only(tbl, txt(st, 2), sql_col_text(st, 3), sql_col_text(st, 4)))
			continue;
		unsigned bits = strcmp(tbl, "enterprise") == 0 && strcmp(txt(st, 2), "update") == 0 && n < MAX_ENTS
					? ent_update_numeric(sql_col_text(st, 3), sql_col_text(st, 4))
				: strcmp(tbl, "enterprise") == 0 && strcmp(txt(st, 2), "insert") == 0 && n < MAX_ENTS &&
						ent_new_bare(s, txt(st, 1))
					? (unsigned)(STORE_ENT_NEW | STORE_ENT_CLOSED)
					: 0;
		unsigned records = bits || nrecords >= MAX_RECORDS
					   ? 0
					   : party_change(tbl, txt(st, 1), sql_col_text(st, 3), sql_col_text(st, 4));
		if (records) {
			nrecords++;
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= records;
			continue;
		}
		if (bits) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= bits;
			if (ents) {
				sql_st *q = store_st(s, "SELECT id FROM enterprise WHERE uscc = ?1");
				sql_bind_text(q, 1, txt(st, 1));
				if (sql_step(q) == SQL_ROW) {
					*ents = xrealloc(*ents, (n + 1) * sizeof **ents);
					(*ents)[n] = sql_col_int64(q, 0);
				}
				sql_reset(q);
			}
			n++;
			continue;
		}
		/* An organisation's fields that leave what it covers as it was: the enterprises it
		 * covers among the ids (their coverage counts and findings, its own findings). */
		unsigned obits = strcmp(tbl, "org") == 0 && strcmp(txt(st, 2), "update") == 0
					 ? org_update(sql_col_text(st, 3), sql_col_text(st, 4))
					 : 0;
		if (obits && org_covered(s, txt(st, 1), ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0 &&
		    (!(obits & STORE_ORG_COVER) || !ents ||
		     org_relinked(s, txt(st, 1), ents, &n, MAX_ENTS > n ? MAX_ENTS - n : 0) == 0)) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= obits;
			continue;
		}
		/* A member's fields that leave it counted where it is: its employer among the
		 * enterprises (read now: a later change of the employer is no such row). A new member
		 * that no other record names, or one whose employer changed: its employer's members
		 * (and the earlier employer's) counted again (STORE_MEMBER_MOVED), the new member from
		 * its 入党日期 on (STORE_MEMBER_DATED). */
		int of_member = strcmp(tbl, "member") == 0 && n + 1 < MAX_ENTS;
		int inserted = of_member && strcmp(txt(st, 2), "insert") == 0;
		unsigned mbits = of_member && strcmp(txt(st, 2), "update") == 0
					 ? member_update(sql_col_text(st, 3), sql_col_text(st, 4))
				 : inserted ? STORE_MEMBER | STORE_MEMBER_FORMAL | STORE_MEMBER_MOVED | STORE_MEMBER_DATED
					    : 0;
		int64_t employer = mbits ? member_employer(s, txt(st, 1), mbits & 1, inserted) : 0;
		/* 所在党组织 changed: the organisation left counts one lodged member less — its findings
		 * found again with those of the organisations covering the enterprises it covers, which
		 * join the ids; one covering none today: found afresh. */
		if (employer > 0 && (mbits & 2u) &&
		    !org_left_covered(s, sql_col_text(st, 3), ents, &n, MAX_ENTS > n + 1 ? MAX_ENTS - n - 1 : 0))
			employer = 0;
		int64_t before = employer > 0 && (mbits & STORE_MEMBER_MOVED) && !inserted
					 ? member_side_employer(s, sql_col_text(st, 3))
					 : 0;
		if (employer > 0 && (before > 0 || inserted || !(mbits & STORE_MEMBER_MOVED))) {
			kind = STORE_CHANGES_ENTS;
			if (fields)
				*fields |= mbits & ~3u;
			for (int k = 0; k < 2; k++) {
				int64_t id = k ? before : employer;
				if (id <= 0)
					continue;
				if (ents) {
					*ents = xrealloc(*ents, (n + 1) * sizeof **ents);
					(*ents)[n] = id;
				}
				n++;
			}
			continue;
		}
		kind = STORE_CHANGES_OTHER;
		break;
	}
	if (rc != SQL_DONE && rc != SQL_ROW)
		kind = STORE_CHANGES_OTHER;
	sql_reset(st);
	if (ents) {
		*nents = kind == STORE_CHANGES_ENTS ? n : 0;
		if (kind != STORE_CHANGES_ENTS) {
			free(*ents);
			*ents = NULL;
		}
	}
	return kind;
}

int store_enterprise_bare(store *s, int64_t id)
{
	/* Every table naming an enterprise (schema.c: REFERENCES enterprise), current rows or not. */
	static const char q[] =
		"SELECT EXISTS (SELECT 1 FROM coverage WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM assignment WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM member WHERE employer_id = ?1)"
		" OR EXISTS (SELECT 1 FROM visit WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM trainee WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM development WHERE employer_id = ?1)"
		" OR EXISTS (SELECT 1 FROM task WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_line WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM crossmatch_decision WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM designation WHERE enterprise_id = ?1)"
		" OR EXISTS (SELECT 1 FROM roster_candidate WHERE enterprise_id = ?1)";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	int named = sql_step(st) != SQL_ROW || (int)sql_col_int64(st, 0) != 0;
	sql_reset(st);
	return !named;
}

int store_findings_unchanged_since(store *s, int64_t stamp)
{
	return store_changes_since(s, stamp, NULL, NULL, NULL) == STORE_CHANGES_NONE;
}

int store_finding_states(store *s,
			 int (*fn)(void *ctx, const char *key, const char *state, const char *note, const char *who,
				   const char *day),
			 void *ctx, fg_err *e)
{
	sql_st *st = store_st(s, "SELECT key, state, note, who, day FROM finding_state");
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, txt(st, 0), txt(st, 1), sql_col_text(st, 2), txt(st, 3),
			      txt(st, 4))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取整改状态");
}

static json_t *state_json(const char *state, const char *note, const char *who, const char *day)
{
	return json_pack("{s:s, s:s?, s:s, s:s}", "state", state, "note", note, "who", who, "day", day);
}

int store_finding_state_set(store *s, const char *key, const char *state, const char *note, fg_err *e)
{
	char today[11];
	date_format(date_today(), today);
	return store_finding_state_write(s, key, state, note, s->who ? s->who : "", today, e);
}

int store_finding_state_write(store *s, const char *key, const char *state, const char *note, const char *who,
			      const char *today, fg_err *e)
{
	sql_st *st = store_st(s, "SELECT state, note, who, day FROM finding_state WHERE key = ?1");
	sql_bind_text(st, 1, key);
	json_t *old = NULL;
	int same = 0;
	if (sql_step(st) == SQL_ROW) {
		const char *on = sql_col_text(st, 1);
		old = state_json(txt(st, 0), on, txt(st, 2), txt(st, 3));
		same = state && strcmp(state, txt(st, 0)) == 0 && strcmp(note ? note : "", on ? on : "") == 0;
	}
	sql_reset(st);
	if (same || (!old && !state)) {
		json_decref(old);
		return FG_OK;
	}
	if (state) {
		st = store_st(s, "INSERT INTO finding_state(key, state, note, who, day) VALUES (?1, ?2, ?3, ?4, ?5)"
				   " ON CONFLICT(key) DO UPDATE SET state = excluded.state, note = excluded.note,"
				   " who = excluded.who, day = excluded.day");
		sql_bind_text(st, 1, key);
		sql_bind_text(st, 2, state);
		sql_bind_text(st, 3, note);
		sql_bind_text(st, 4, who);
		sql_bind_text(st, 5, today);
	} else {
		st = store_st(s, "DELETE FROM finding_state WHERE key = ?1");
		sql_bind_text(st, 1, key);
	}
	if (sql_step(st) != SQL_DONE) {
		sql_reset(st);
		json_decref(old);
		return db_err(s, e, "保存整改状态");
	}
	sql_reset(st);
	json_t *nw = state ? state_json(state, note, who, today) : NULL;
	char *jo = old ? json_dumps(old, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	char *jn = nw ? json_dumps(nw, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	int rc = store_hist(s, "finding", key, !old ? "insert" : state ? "update" : "delete", jo, jn, e);
	free(jo);
	free(jn);
	json_decref(old);
	json_decref(nw);
	return rc;
}
