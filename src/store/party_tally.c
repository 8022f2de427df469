/* Each member's study hours per year (member_hours) and each organisation's meetings per month
 * (meeting_tally), kept with the records by party_put; and the schema v19 attendance fill. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/life.h"
#include "store/dues_store.h"
#include "store/ledger_sql.h"
#include "store/party_int.h"
#include "store/scope.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "store/tally_sql.h"
#include "util/date.h"

/* ---- the totals kept with the records: meeting_tally and member_hours ---- */

/* Adds the months counted in the transaction to ?2's (organisation) kind ?3 in year ?1, with
 * their packed form (store/tally_sql.h) computed from the same sums. */
#define MONTH_ADD(n) "m" #n " = meeting_tally.m" #n " + excluded.m" #n
#define MONTH_SUM(n) "(meeting_tally.m" #n " + excluded.m" #n ")"
#define MONTH_ARG(n) MONTH_ARG_##n
#define MONTH_ARG_1 "?4"
#define MONTH_ARG_2 "?5"
#define MONTH_ARG_3 "?6"
#define MONTH_ARG_4 "?7"
#define MONTH_ARG_5 "?8"
#define MONTH_ARG_6 "?9"
#define MONTH_ARG_7 "?10"
#define MONTH_ARG_8 "?11"
#define MONTH_ARG_9 "?12"
#define MONTH_ARG_10 "?13"
#define MONTH_ARG_11 "?14"
#define MONTH_ARG_12 "?15"
#define TALLY_INSERT                                                                                   \
	"INSERT INTO meeting_tally (year, org_id, kind, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, packed)" \
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, " TALLY_PACKED(MONTH_ARG) ")"
/* A year without any tally yet (year_empty): its rows are all new. */
static const char TALLY_MEETING_NEW[] = TALLY_INSERT;
static const char TALLY_MEETING[] =
	TALLY_INSERT
	" ON CONFLICT (year, org_id, kind) DO UPDATE SET "
	MONTH_ADD(1) ", " MONTH_ADD(2) ", " MONTH_ADD(3) ", " MONTH_ADD(4) ", " MONTH_ADD(5) ", " MONTH_ADD(6) ", "
	MONTH_ADD(7) ", " MONTH_ADD(8) ", " MONTH_ADD(9) ", " MONTH_ADD(10) ", " MONTH_ADD(11) ", " MONTH_ADD(12)
	", packed = " TALLY_PACKED(MONTH_SUM);
#undef MONTH_ADD
#undef MONTH_SUM
#undef MONTH_ARG

/* Keys of the transaction's totals: (year, organisation or member id) as bytes, then for a
 * meeting tally the kind's text. */
#define TKEY_ID 4
#define TKEY_KIND 12

static void tkey_read(const char *key, int32_t *year, int64_t *id)
{
	memcpy(year, key, 4);
	memcpy(id, key + TKEY_ID, 8);
}

/* Keys in (year, id, kind) order: the B-tree is then written from left to right, each page
 * once, instead of at the hash's random places. */
static int slot_cmp(const void *a, const void *b)
{
	const strmap_slot *x = *(const strmap_slot *const *)a, *y = *(const strmap_slot *const *)b;
	int32_t ya, yb;
	int64_t ia, ib;
	tkey_read(x->key, &ya, &ia);
	tkey_read(y->key, &yb, &ib);
	if (ya != yb)
		return ya < yb ? -1 : 1;
	if (ia != ib)
		return ia < ib ? -1 : 1;
	size_t la = x->len - TKEY_KIND, lb = y->len - TKEY_KIND;
	int c = memcmp(x->key + TKEY_KIND, y->key + TKEY_KIND, la < lb ? la : lb);
	return c ? c : la < lb ? -1 : la > lb;
}

/* The filled slots of m in slot_cmp order; the caller frees the array. */
static const strmap_slot **slots_sorted(const strmap *m, size_t *n)
{
	const strmap_slot **v = xmalloc((m->count ? m->count : 1) * sizeof *v);
	*n = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			v[(*n)++] = &m->slots[i];
	qsort(v, *n, sizeof *v, slot_cmp);
	return v;
}

/* A new meeting, counted in meeting_tally at commit (an update never changes its organisation,
 * kind or date: they are its key): a bulk import then writes each (year, organisation, kind)
 * once instead of once per meeting. */
void party_tally_meeting(store *s, int64_t org, const ledger_rec *r)
{
	const char *d = r->f[MT_DATE], *kind = r->f[MT_KIND];
	int month = (int)strtol(d + 5, NULL, 10);
	if (month < 1 || month > 12)
		return; /* a stored date is canonical: never */
	char key[TKEY_KIND + 64];
	size_t kl = strlen(kind);
	if (kl > sizeof key - TKEY_KIND)
		kl = sizeof key - TKEY_KIND;
	int32_t y = (int32_t)strtol(d, NULL, 10);
	memcpy(key, &y, 4);
	memcpy(key + TKEY_ID, &org, 8);
	memcpy(key + TKEY_KIND, kind, kl);
	int64_t at;
	if (!strmap_get(&s->tally, key, TKEY_KIND + kl, &at)) {
		if (s->tally_n == s->tally_cap) {
			s->tally_cap = s->tally_cap ? s->tally_cap * 2 : 256;
			s->tally_m = xrealloc(s->tally_m, s->tally_cap * sizeof *s->tally_m);
		}
		at = (int64_t)s->tally_n++;
		memset(s->tally_m[at], 0, sizeof s->tally_m[at]);
		strmap_put(&s->tally, key, TKEY_KIND + kl, at);
	}
	s->tally_m[at][month - 1]++;
}

void party_tally_forget(store *s)
{
	strmap_free(&s->tally);
	free(s->tally_m);
	s->tally_m = NULL;
	s->tally_n = s->tally_cap = 0;
}

/* *empty = 1 when the table that q reads (member_hours, meeting_tally) holds no row of year: the
 * year's totals are then all new, and are written by plain inserts (no conflict to look for and
 * nothing to add to). Only on SQLite, whose write transaction (BEGIN IMMEDIATE) has the database
 * to itself until its commit: on PostgreSQL another writer's rows of the year could appear after
 * the look, which the upsert takes in its stride. */
static int year_empty(store *s, const char *q, int64_t year, int *empty)
{
	*empty = 0;
	if (s->sql->backend != SQL_SQLITE)
		return 0;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, year);
	int rc = sql_step(st);
	sql_reset(st);
	*empty = rc == SQL_DONE;
	return rc == SQL_DONE || rc == SQL_ROW ? 0 : -1;
}

int party_tally_flush(store *s, fg_err *e)
{
	size_t n;
	const strmap_slot **v = slots_sorted(&s->tally, &n);
	int rc = FG_OK, empty = 0;
	int32_t year = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		int32_t y;
		int64_t org;
		tkey_read(v[i]->key, &y, &org);
		/* Keys are in (year, organisation, kind) order: a year is asked about once. */
		if ((i == 0 || y != year) && year_empty(s, "SELECT 1 FROM meeting_tally WHERE year = ?1 LIMIT 1", y, &empty)) {
			rc = db_err(s, e, "更新组织生活合计");
			break;
		}
		year = y;
		sql_st *st = store_st(s, empty ? TALLY_MEETING_NEW : TALLY_MEETING);
		sql_bind_int64(st, 1, y);
		sql_bind_int64(st, 2, org);
		sql_bind_text_copy(st, 3, v[i]->key + TKEY_KIND, (int)(v[i]->len - TKEY_KIND));
		const int *m = s->tally_m[v[i]->val];
		for (int k = 0; k < 12; k++)
			sql_bind_int64(st, 4 + k, m[k]);
		if (sql_step_write(st) != SQL_DONE)
			rc = db_err(s, e, "更新组织生活合计");
	}
	free(v);
	party_tally_forget(s);
	return rc;
}

/* Hours of the transaction's records by (year, member), added to member_hours at commit: a bulk
 * import then writes each member's total once instead of once per attendance. The key is the two
 * integers themselves (keymap): an attendance costs one multiplicative hash, no text. */
static void hours_add(store *s, int year, int64_t member, int tenths)
{
	*keymap_val(&s->hours, year, member) += tenths;
}

void party_hours_forget(store *s)
{
	keymap_free(&s->hours);
}

int party_hours_flush(store *s, fg_err *e)
{
	static const char add[] = "INSERT INTO member_hours(year, member_id, tenths) VALUES (?1, ?2, ?3)"
				  " ON CONFLICT (year, member_id) DO UPDATE SET tenths = member_hours.tenths + excluded.tenths";
	static const char put[] = "INSERT INTO member_hours(year, member_id, tenths) VALUES (?1, ?2, ?3)";
	size_t n;
	const keymap_slot **v = keymap_sorted(&s->hours, &n);
	int rc = FG_OK, empty = 0;
	int64_t year = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!v[i]->val)
			continue;
		/* Keys are in (year, member) order: a year is asked about once, before its first row. */
		if ((i == 0 || v[i]->a != year) &&
		    year_empty(s, "SELECT 1 FROM member_hours WHERE year = ?1 LIMIT 1", v[i]->a, &empty)) {
			rc = db_err(s, e, "更新学时合计");
			break;
		}
		year = v[i]->a;
		sql_st *st = store_st(s, empty ? put : add);
		sql_bind_int64(st, 1, v[i]->a);
		sql_bind_int64(st, 2, v[i]->b);
		sql_bind_int64(st, 3, v[i]->val);
		if (sql_step_write(st) != SQL_DONE)
			rc = db_err(s, e, "更新学时合计");
	}
	free(v);
	party_hours_forget(s);
	return rc;
}

/* Adds sign × the record's hours to the year of its date: a meeting's to each of its attendees
 * (the member ids given, or those its 参加党员 list names when NULL), a study record's to its
 * member. */
int party_tally(store *s, ledger_kind k, int64_t owner, const idvec *attendees, const ledger_rec *r, int sign,
		fg_err *e)
{
	int dc = k == LEDGER_MEETINGS ? MT_DATE : ST_DATE, hc = k == LEDGER_MEETINGS ? MT_HOURS : ST_HOURS;
	int t = 0;
	if (!r->f[dc] || !r->f[hc] || study_hours_parse(r->f[hc], &t) || !t)
		return FG_OK;
	int year = (int)strtol(r->f[dc], NULL, 10);
	if (k != LEDGER_MEETINGS) {
		hours_add(s, year, owner, sign * t);
		return FG_OK;
	}
	if (attendees) {
		for (size_t i = 0; i < attendees->n; i++)
			hours_add(s, year, attendees->v[i], sign * t);
		return FG_OK;
	}
	/* The stored list (r is the row as read back): its ID numbers are members' (checked when
	 * written; members are never deleted). */
	static const char q[] = "SELECT id FROM member WHERE idno = ?1";
	for (const char *p = r->f[MT_ATTENDEES]; p && *p;) {
		const char *n = strstr(p, "；");
		sql_st *st = store_st(s, q);
		sql_bind_text_copy(st, 1, p, n ? (int)(n - p) : -1);
		int rc = sql_step(st);
		if (rc == SQL_ROW)
			hours_add(s, year, sql_col_int64(st, 0), sign * t);
		sql_reset(st);
		if (rc != SQL_ROW && rc != SQL_DONE)
			return db_err(s, e, "更新学时合计");
		p = n ? n + 3 : NULL;
	}
	return FG_OK;
}

/* Schema v19: each meeting's attendance rows become its 参加党员 list — the ID numbers in byte
 * order joined by "；", the canonical form the importer gives and compares with — and the table
 * goes. The figures' totals (member_hours, meeting_tally) count the same attendances: unchanged. */
int store_meeting_attendees_fill(store *s, fg_err *e)
{
	static const char q[] = "SELECT a.meeting_id, m.idno FROM meeting_attendee a JOIN member m ON m.id = a.member_id"
				" ORDER BY a.meeting_id, m.idno";
	static const char u[] = "UPDATE meeting SET attendees = ?2 WHERE id = ?1";
	sql_st *st = store_st(s, q);
	buf list = {0};
	int64_t meeting = 0;
	int rc, ret = FG_OK;
	for (;;) {
		rc = sql_step(st);
		int64_t m = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
		if (meeting && m != meeting) {
			sql_st *w = store_st(s, u);
			sql_bind_int64(w, 1, meeting);
			sql_bind_text(w, 2, buf_cstr(&list));
			if (sql_step(w) != SQL_DONE) {
				ret = db_err(s, e, "升级数据库结构：参加党员");
				break;
			}
			buf_reset(&list);
		}
		if (rc != SQL_ROW)
			break;
		if (list.len)
			buf_puts(&list, "；");
		buf_puts(&list, sql_col_text(st, 1));
		meeting = m;
	}
	buf_free(&list);
	ret = scan_fin(s, st, rc == SQL_ROW ? SQL_DONE : rc, ret, e, "升级数据库结构：参加党员");
	if (!ret && sql_exec(s->sql, "DROP TABLE meeting_attendee") != SQL_OK)
		ret = db_err(s, e, "升级数据库结构：参加党员");
	return ret;
}

/* ---- schema v30: the kept integers' columns (store/schema.c V30) ---- */

int store_kept_ints_fill(store *s, fg_err *e)
{
	static const char *const ADD[][2] = {{"meeting_tally", "packed INTEGER"},
					     {"dues_year", "bits INTEGER NOT NULL DEFAULT 0"},
					     {"roster_candidate", "flags INTEGER NOT NULL DEFAULT 0"}};
	for (size_t i = 0; i < sizeof ADD / sizeof ADD[0]; i++) {
		int rc = store_column_add(s, ADD[i][0], ADD[i][1], e);
		if (rc)
			return rc;
	}
	if (sql_exec(s->sql, "UPDATE meeting_tally SET packed = " TALLY_PACKED(TALLY_COL)) != SQL_OK ||
	    sql_exec(s->sql, "DELETE FROM dues_year") != SQL_OK)
		return db_err(s, e, "升级数据库结构");
	return FG_OK;
}
