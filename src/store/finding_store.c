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

int store_finding_states(store *s,
			 int (*fn)(void *ctx, const char *key, const char *state, const char *note, const char *who,
				   const char *day),
			 void *ctx, fg_err *e)
{
	sql_st *st = store_st(s, "SELECT key, state, note, who, day FROM finding_state");
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_str(st, 0), sql_col_str(st, 1), sql_col_text(st, 2), sql_col_str(st, 3),
			      sql_col_str(st, 4))) != 0)
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
		old = state_json(sql_col_str(st, 0), on, sql_col_str(st, 2), sql_col_str(st, 3));
		same = state && strcmp(state, sql_col_str(st, 0)) == 0 && strcmp(note ? note : "", on ? on : "") == 0;
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
