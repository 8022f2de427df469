/* Scans of the party-work records (party_scan.h). One statement each, joined in C. */
#include <math.h>
#include <string.h>

#include "core/life.h"
#include "store/ledger_sql.h"
#include "store/party_scan.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "store/tally_sql.h"
#include "util/date.h"

/* Hours as stored (canonical text "1.5", or a number) in tenths; 0 when empty or unreadable,
 * which the importer never lets in. */
static int col_tenths(sql_st *st, int i)
{
	int t = 0;
	switch (sql_col_type(st, i)) {
	case SQL_INTEGER:
	case SQL_FLOAT:
		return (int)lround(sql_col_double(st, i) * 10.0);
	case SQL_TEXT:
		if (study_hours_parse(sql_col_text(st, i), &t))
			t = 0;
		break;
	default:
		break;
	}
	return t;
}

static const char *col_str(sql_st *st, int i)
{
	const char *t = sql_col_text(st, i);
	return t && *t ? t : NULL;
}

/* A statement whose ?1..?2 are the dates from and to. */
static sql_st *span_stmt(store *s, const char *sql, int from, int to)
{
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sql_st *st = store_st(s, sql);
	sql_bind_text_copy(st, 1, a, -1);
	sql_bind_text_copy(st, 2, b, -1);
	return st;
}

/* Column i as text, as SQLite writes it for ledger_dev_record to read back: a REAL that is a
 * whole number of tenths (27.0, 1.5) written here as its tenths ("27.0", "1.5"), which read back
 * give the same double as SQLite's text of it (both the nearest double to that decimal), without
 * SQLite's printf of a double per row; any other value as SQLite writes it. */
static const char *tenths_text(sql_st *st, int i, char out[32])
{
	if (sql_col_type(st, i) != SQL_FLOAT)
		return sql_col_text(st, i);
	double d = sql_col_double(st, i);
	if (!(d >= 0 && d < 1e9))
		return sql_col_text(st, i);
	long long k = llround(d * 10);
	if ((double)k / 10.0 != d)
		return sql_col_text(st, i);
	/* k / 10, '.', k % 10: the digits written backwards from the end of out. */
	char *p = out + 31;
	*p = '\0';
	*--p = (char)('0' + k % 10);
	*--p = '.';
	k /= 10;
	do
		*--p = (char)('0' + k % 10);
	while ((k /= 10) > 0);
	return p;
}

int store_scan_development(store *s, int (*fn)(void *ctx, int64_t employer, const ledger_rec *rec), void *ctx,
			   fg_err *e)
{
	/* The rules need neither the employer's 统一社会信用代码 nor the organisation's name: no joins.
	 * The text is SQLite's own (no copy): the numbers as it writes them, 是否双培 as 是/否. */
	static const char q[] = "SELECT dv.name, dv.idno, NULL, NULL, " LEDGER_DEV_STEPS ", coalesce(dv.employer_id, 0)"
				" FROM development dv";
	sql_st *st = store_st(s, q);
	ledger_rec rec;
	memset(&rec, 0, sizeof rec);
	char hours[32];
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		for (int i = 0; i < DV_DUAL; i++)
			rec.f[i] = i == DV_TRAINING_HOURS ? tenths_text(st, i, hours) : sql_col_text(st, i);
		rec.f[DV_DUAL] = sql_col_type(st, DV_DUAL) == SQL_NULL ? NULL
				 : (int)sql_col_int64(st, DV_DUAL)		 ? "是"
										 : "否";
		if ((ret = fn(ctx, sql_col_int64(st, DV_DUAL + 1), &rec)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取发展党员记录");
}

int store_scan_transfers(store *s, int (*fn)(void *ctx, const transfer_row *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT org_id, member_id, direction = '转入', other, letter_date, done_date FROM transfer";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		transfer_row r = {sql_col_int64(st, 0), sql_col_int64(st, 1), sql_col_text(st, 3),
				  (int)sql_col_int64(st, 2), store_day(st, 4), store_day(st, 5)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取组织关系转接");
}

int store_party_ceiling(store *s, party_ceiling *c, fg_err *e)
{
	static const char q[] = "SELECT (SELECT coalesce(max(id), 0) FROM member), (SELECT coalesce(max(id), 0) FROM meeting),"
				" (SELECT coalesce(max(id), 0) FROM training), EXISTS (SELECT 1 FROM meeting),"
				" EXISTS (SELECT 1 FROM study), EXISTS (SELECT 1 FROM secretary), EXISTS (SELECT 1 FROM visit),"
				" EXISTS (SELECT 1 FROM development), EXISTS (SELECT 1 FROM transfer)";
	sql_st *st = store_st(s, q);
	if (sql_step(st) != SQL_ROW) {
		sql_reset(st);
		return db_err(s, e, "读取编号");
	}
	c->member = sql_col_int64(st, 0);
	c->meeting = sql_col_int64(st, 1);
	c->training = sql_col_int64(st, 2);
	c->any_meeting = (int)sql_col_int64(st, 3);
	c->any_study = (int)sql_col_int64(st, 4);
	c->any_secretary = (int)sql_col_int64(st, 5);
	c->any_visit = (int)sql_col_int64(st, 6);
	c->any_development = (int)sql_col_int64(st, 7);
	c->any_transfer = (int)sql_col_int64(st, 8);
	sql_reset(st);
	return FG_OK;
}

#define LIFE_ORGS_Q "SELECT id, founded, coalesce(has_committee, 0), coalesce(groups, 0), mode = '上级机关' FROM org"

/* The rows of st (LIFE_ORGS_Q's columns) to fn; 0, or fn's non-zero, or 1 on a database error
 * (scan_fin says which). */
static int life_orgs_rows(sql_st *st, int (*fn)(void *ctx, const life_org_row *r), void *ctx, int *rc)
{
	int ret = 0;
	while ((*rc = sql_step(st)) == SQL_ROW) {
		life_org_row r = {sql_col_int64(st, 0), store_day(st, 1), (int)sql_col_int64(st, 2),
				  (int)sql_col_int64(st, 3), (int)sql_col_int64(st, 4)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return ret;
}

int store_scan_life_orgs(store *s, int (*fn)(void *ctx, const life_org_row *r), void *ctx, fg_err *e)
{
	sql_st *st = store_st(s, LIFE_ORGS_Q);
	int rc, ret = life_orgs_rows(st, fn, ctx, &rc);
	return scan_fin(s, st, rc, ret, e, "读取党组织");
}

int store_scan_life_orgs_in(store *s, const int64_t *ids, size_t n, int (*fn)(void *ctx, const life_org_row *r),
			    void *ctx, fg_err *e)
{
	int ret = 0;
	for (size_t k = 0; !ret && k < n; k++) {
		sql_st *st = store_st(s, LIFE_ORGS_Q " WHERE id = ?1");
		sql_bind_int64(st, 1, ids[k]);
		int rc;
		ret = life_orgs_rows(st, fn, ctx, &rc);
		ret = scan_fin(s, st, rc, ret, e, "读取党组织");
	}
	return ret;
}

int store_scan_meetings(store *s, int from, int to,
			int (*fn)(void *ctx, int64_t id, int64_t org, const char *kind, int day, int tenths), void *ctx,
			fg_err *e)
{
	static const char q[] = "SELECT id, org_id, kind, date, hours FROM meeting WHERE date >= ?1 AND date <= ?2";
	sql_st *st = span_stmt(s, q, from, to);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1),
			      sql_col_text(st, 2), store_day(st, 3), col_tenths(st, 4))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取组织生活记录");
}

int store_org_meetings(store *s, const store_filter *scope, int64_t org, int from, int to,
		       int (*fn)(void *ctx, const char *kind, int day), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT mt.kind, mt.date FROM meeting mt JOIN org o ON o.id = mt.org_id"
				" WHERE mt.org_id = ?3 AND mt.date >= ?4 AND mt.date <= ?5 AND " SCOPE_ORG("?1", "?2")
				" ORDER BY mt.date";
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, scope ? scope->region_id : 0);
	sql_bind_int64(st, 2, scope ? scope->org_id : 0);
	sql_bind_int64(st, 3, org);
	sql_bind_text_copy(st, 4, a, -1);
	sql_bind_text_copy(st, 5, b, -1);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_text(st, 0), store_day(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取组织生活记录");
}

/* Members by 公民身份号码 for the attendance: each number (up to ID_INLINE bytes) inline in its slot
 * of an open-addressed table sized once, so that a look-up reads one slot where a strmap read the
 * slot and then the key it points to (a city's first half-year: 2.2 million attendees); a longer
 * number, which the ledger never holds, in a strmap beside. */
#define ID_INLINE 23
typedef struct id_slot {
	uint64_t hash;
	int64_t id;
	unsigned char len; /* 0: empty */
	char key[ID_INLINE];
} id_slot;

typedef struct id_table {
	id_slot *slot;
	size_t mask;
	strmap longer;
} id_table;

static id_slot *id_find(const id_table *t, const char *k, size_t n, uint64_t h)
{
	for (size_t i = (size_t)h & t->mask;; i = (i + 1) & t->mask) {
		id_slot *sl = &t->slot[i];
		if (!sl->len || (sl->hash == h && sl->len == n && memcmp(sl->key, k, n) == 0))
			return sl;
	}
}

static void id_put(id_table *t, const char *k, size_t n, int64_t id)
{
	if (n == 0 || n > ID_INLINE) {
		strmap_put(&t->longer, k, n, id);
		return;
	}
	uint64_t h = strmap_hash(k, n);
	id_slot *sl = id_find(t, k, n, h);
	sl->hash = h;
	sl->id = id;
	sl->len = (unsigned char)n;
	memcpy(sl->key, k, n);
}

static int id_get(const id_table *t, const char *k, size_t n, int64_t *id)
{
	if (n == 0 || n > ID_INLINE)
		return strmap_get(&t->longer, k, n, id);
	const id_slot *sl = id_find(t, k, n, strmap_hash(k, n));
	if (!sl->len)
		return t->longer.count && strmap_get(&t->longer, k, n, id);
	*id = sl->id;
	return 1;
}

int store_scan_attendance(store *s, int from, int to, int (*fn)(void *ctx, int64_t meeting, int64_t member),
			  void *ctx, fg_err *e)
{
	/* A meeting's attendees are its 参加党员 list (ID numbers): each member's id by its number,
	 * the table sized for the members counted first (at most half full). */
	static const char qn[] = "SELECT count(*) FROM member";
	static const char qm[] = "SELECT idno, id FROM member";
	sql_st *st = store_st(s, qn);
	int rc = sql_step(st), ret = 0;
	int64_t nmembers = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
	if ((ret = scan_fin(s, st, rc == SQL_ROW ? SQL_DONE : rc, 0, e, "读取党员名册")) != 0)
		return ret;
	id_table ids = {0};
	size_t cap = 64;
	while (cap < 2 * (size_t)(nmembers > 0 ? nmembers : 0) + 2)
		cap *= 2;
	ids.slot = xcalloc_huge(cap, sizeof *ids.slot);
	ids.mask = cap - 1;
	st = store_st(s, qm);
	int64_t seen = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		const char *idno = sql_col_text(st, 0);
		if (idno && ++seen * 2 < (int64_t)cap) /* the count read in the same moment: never more */
			id_put(&ids, idno, strlen(idno), sql_col_int64(st, 1));
		else if (idno)
			strmap_put(&ids.longer, idno, strlen(idno), sql_col_int64(st, 1));
	}
	if ((ret = scan_fin(s, st, rc, 0, e, "读取党员名册")) != 0) {
		free(ids.slot);
		strmap_free(&ids.longer);
		return ret;
	}
	/* The table read straight through, its dates tested per row (coalesce of a column NOT NULL:
	 * the same value, which no index answers): through meeting_date, each meeting of the range
	 * was a look-up of its row, and the rows of a range lie all over the table (a city's first
	 * half-year, 217,000 of 400,000 meetings: 1.0 s of page reads; read through, 0.13 s). */
	static const char q[] = "SELECT id, attendees FROM meeting WHERE coalesce(date, '') >= ?1 AND coalesce(date, '') <= ?2"
				" AND attendees IS NOT NULL";
	st = span_stmt(s, q, from, to);
	while (!ret && (rc = sql_step(st)) == SQL_ROW) {
		int64_t meeting = sql_col_int64(st, 0);
		for (const char *p = sql_col_text(st, 1); !ret && p && *p;) {
			const char *n = strstr(p, "；");
			int64_t member;
			if (id_get(&ids, p, n ? (size_t)(n - p) : strlen(p), &member))
				ret = fn(ctx, meeting, member);
			p = n ? n + 3 : NULL;
		}
	}
	free(ids.slot);
	strmap_free(&ids.longer);
	return scan_fin(s, st, ret ? SQL_DONE : rc, ret, e, "读取参加党员");
}

int store_party_dated_within(store *s, int from, int to, int *any, fg_err *e)
{
	static const char q[] = "SELECT EXISTS (SELECT 1 FROM meeting WHERE date >= ?1 AND date <= ?2)"
				" OR EXISTS (SELECT 1 FROM study WHERE date >= ?1 AND date <= ?2)";
	sql_st *st = span_stmt(s, q, from, to);
	int rc = sql_step(st);
	*any = rc == SQL_ROW && (int)sql_col_int64(st, 0);
	sql_reset(st);
	return rc == SQL_ROW ? FG_OK : db_err(s, e, "读取组织生活记录");
}

int store_only_year(store *s, const char *one, int year)
{
	sql_st *st = store_st(s, one);
	sql_bind_int64(st, 1, year);
	int only = sql_step(st) == SQL_ROW && sql_col_int64(st, 0) == 1;
	sql_reset(st);
	return only;
}

int store_scan_member_hours(store *s, int year, int (*fn)(void *ctx, int64_t member, int tenths), void *ctx,
			    fg_err *e)
{
	static const char q[] = "SELECT member_id, tenths FROM member_hours WHERE year = ?1",
			  all[] = "SELECT member_id, tenths FROM member_hours",
			  one[] = "SELECT (SELECT min(year) FROM member_hours) = ?1 AND (SELECT max(year) FROM member_hours) = ?1";
	sql_st *st = store_st(s, store_only_year(s, one, year) ? all : q);
	sql_bind_int64(st, 1, year);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), (int)sql_col_int64(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取学时合计");
}

/* Month k's count of a tally whose packed form is NULL (a month counted 32 or more): its columns. */
static int tally_months(store *s, int year, int64_t org, const char *kind, int n[12], fg_err *e)
{
	static const char q[] = "SELECT m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12 FROM meeting_tally"
				" WHERE year = ?1 AND org_id = ?2 AND kind = ?3";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, year);
	sql_bind_int64(st, 2, org);
	sql_bind_text(st, 3, kind);
	int rc = sql_step(st);
	for (int i = 0; i < 12; i++)
		n[i] = rc == SQL_ROW ? (int)sql_col_int64(st, i) : 0;
	sql_reset(st);
	return rc == SQL_ROW ? FG_OK : db_err(s, e, "读取组织生活合计");
}

int store_scan_meeting_tally(store *s, int year,
			     int (*fn)(void *ctx, int64_t org, const char *kind, const int months[12]), void *ctx,
			     fg_err *e)
{
	/* The months as one integer (store/tally_sql.h): one column read per row instead of twelve. */
	static const char q[] = "SELECT org_id, kind, packed FROM meeting_tally WHERE year = ?1",
			  all[] = "SELECT org_id, kind, packed FROM meeting_tally",
			  one[] = "SELECT (SELECT min(year) FROM meeting_tally) = ?1 AND (SELECT max(year) FROM meeting_tally) = ?1";
	sql_st *st = store_st(s, store_only_year(s, one, year) ? all : q);
	sql_bind_int64(st, 1, year);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int n[12];
		int64_t org = sql_col_int64(st, 0);
		const char *kind = sql_col_text(st, 1);
		if (sql_col_type(st, 2) == SQL_NULL) {
			if ((ret = tally_months(s, year, org, kind, n, e)) != 0)
				break;
		} else {
			uint64_t v = (uint64_t)sql_col_int64(st, 2);
			for (int i = 0; i < 12; i++, v >>= TALLY_PACK_BITS)
				n[i] = (int)(v & ((1u << TALLY_PACK_BITS) - 1));
		}
		if ((ret = fn(ctx, org, kind, n)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取组织生活合计");
}

int store_scan_study(store *s, int from, int to, int (*fn)(void *ctx, int64_t member, int tenths), void *ctx,
		     fg_err *e)
{
	/* Read straight through, as the attendance (store_scan_attendance): not a look-up of each
	 * row of the range through study_date. */
	static const char q[] = "SELECT member_id, hours FROM study WHERE coalesce(date, '') >= ?1 AND coalesce(date, '') <= ?2";
	sql_st *st = span_stmt(s, q, from, to);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), col_tenths(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取党员学习记录");
}

int store_scan_secretaries(store *s, int (*fn)(void *ctx, const secretary_row *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT org_id, coalesce(member_id, 0), coalesce(idno, ''), coalesce(method, ''),"
				" since, until, coalesce(dual_strong, 0), coalesce(investor, 0) FROM secretary";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		secretary_row r = {
			.org = sql_col_int64(st, 0),
			.member = sql_col_int64(st, 1),
			.idno = sql_col_text(st, 2),
			.method = sql_col_text(st, 3),
			.since = store_day(st, 4),
			.until = store_day(st, 5),
			.dual_strong = (int)sql_col_int64(st, 6),
			.investor = (int)sql_col_int64(st, 7),
		};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党组织书记");
}

int store_scan_visits(store *s, int from, int to,
		      int (*fn)(void *ctx, int64_t instructor, int64_t ent, int day, const char *roles), void *ctx,
		      fg_err *e)
{
	static const char q[] = "SELECT instructor_id, enterprise_id, date, coalesce(roles, '') FROM visit"
				" WHERE date >= ?1 AND date <= ?2";
	sql_st *st = span_stmt(s, q, from, to);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1), store_day(st, 2),
			      sql_col_text(st, 3))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取走访记录");
}

int store_scan_assignment_spans(store *s, int from, int to,
				int (*fn)(void *ctx, int64_t instructor, int64_t ent, int start, int end), void *ctx,
				fg_err *e)
{
	/* In one order on either backend, whatever order the rows are stored in (PostgreSQL moves an
	 * updated row: an assignment ended today): an instructor's missing quarters are found in it. */
	static const char q[] = "SELECT instructor_id, enterprise_id, start_date, end_date FROM assignment"
				" WHERE start_date <= ?2 AND (end_date IS NULL OR end_date >= ?1)"
				" ORDER BY instructor_id, enterprise_id, start_date";
	sql_st *st = span_stmt(s, q, from, to);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), sql_col_int64(st, 1), store_day(st, 2),
			      store_day(st, 3))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取指导员派驻");
}

int store_scan_trainings(store *s, int from, int to, int (*fn)(void *ctx, int64_t id, int tenths), void *ctx,
			 fg_err *e)
{
	static const char q[] = "SELECT id, hours FROM training WHERE start_date >= ?1 AND start_date <= ?2";
	sql_st *st = span_stmt(s, q, from, to);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0), col_tenths(st, 1))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取培训观摩");
}

int store_scan_trainees(store *s, int (*fn)(void *ctx, const trainee_row *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT training_id, coalesce(member_id, 0), coalesce(enterprise_id, 0), idno, person_key,"
				" coalesce(role, '') FROM trainee";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		trainee_row r = {
			.training = sql_col_int64(st, 0),
			.member = sql_col_int64(st, 1),
			.ent = sql_col_int64(st, 2),
			.idno = col_str(st, 3),
			.person = sql_col_text(st, 4),
			.role = sql_col_text(st, 5),
		};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取培训人员");
}

void store_member_names(store *s, int64_t id, buf *name, buf *idno)
{
	static const char q[] = "SELECT name, idno FROM member WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	if (sql_step(st) == SQL_ROW) {
		buf_puts(name, sql_col_text(st, 0));
		buf_puts(idno, sql_col_text(st, 1));
	}
	sql_reset(st);
}

void store_instructor_label(store *s, int64_t id, buf *out)
{
	static const char q[] = "SELECT name, unit FROM instructor WHERE id = ?";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, id);
	if (sql_step(st) == SQL_ROW)
		buf_printf(out, "%s（%s）", sql_col_text(st, 0), sql_col_text(st, 1));
	sql_reset(st);
}
