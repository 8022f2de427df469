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
#include "util/date.h"

/* ---- each member's hours per year (member_hours), kept with the records ---- */

/* One more meeting of ?2 (organisation) of kind ?3 in year ?1, month ?4. */
#define MONTH_IS(n) "CASE WHEN ?4 = " #n " THEN 1 ELSE 0 END"
#define MONTH_ADD(n) "m" #n " = meeting_tally.m" #n " + excluded.m" #n
static const char TALLY_MEETING[] =
	"INSERT INTO meeting_tally VALUES (?1, ?2, ?3, " MONTH_IS(1) ", " MONTH_IS(2) ", " MONTH_IS(3) ", "
	MONTH_IS(4) ", " MONTH_IS(5) ", " MONTH_IS(6) ", " MONTH_IS(7) ", " MONTH_IS(8) ", " MONTH_IS(9) ", "
	MONTH_IS(10) ", " MONTH_IS(11) ", " MONTH_IS(12) ") ON CONFLICT (year, org_id, kind) DO UPDATE SET "
	MONTH_ADD(1) ", " MONTH_ADD(2) ", " MONTH_ADD(3) ", " MONTH_ADD(4) ", " MONTH_ADD(5) ", " MONTH_ADD(6) ", "
	MONTH_ADD(7) ", " MONTH_ADD(8) ", " MONTH_ADD(9) ", " MONTH_ADD(10) ", " MONTH_ADD(11) ", " MONTH_ADD(12);
#undef MONTH_IS
#undef MONTH_ADD

/* A new meeting counted in meeting_tally (an update never changes its organisation, kind or date:
 * they are its key). */
int party_tally_meeting(store *s, int64_t org, const ledger_rec *r, fg_err *e)
{
	const char *d = r->f[MT_DATE];
	sqlite3_stmt *st = store_stmt(s, TALLY_MEETING);
	sqlite3_bind_int(st, 1, (int)strtol(d, NULL, 10));
	sqlite3_bind_int64(st, 2, org);
	bind_text(st, 3, r->f[MT_KIND]);
	sqlite3_bind_int(st, 4, (int)strtol(d + 5, NULL, 10));
	return sqlite3_step(st) == SQLITE_DONE ? FG_OK : db_err(s, e, "更新组织生活合计");
}

/* Hours of the transaction's records by (year, member), added to member_hours at commit: a bulk
 * import then writes each member's total once instead of once per attendance. */
static void hours_add(store *s, int year, int64_t member, int tenths)
{
	unsigned char key[12];
	int32_t y = year;
	memcpy(key, &y, 4);
	memcpy(key + 4, &member, 8);
	int64_t v = 0;
	strmap_get(&s->hours, (const char *)key, sizeof key, &v);
	strmap_put(&s->hours, (const char *)key, sizeof key, v + tenths);
}

int party_hours_flush(store *s, fg_err *e)
{
	static const char q[] = "INSERT INTO member_hours(year, member_id, tenths) VALUES (?1, ?2, ?3)"
				" ON CONFLICT (year, member_id) DO UPDATE SET tenths = member_hours.tenths + excluded.tenths";
	for (size_t i = 0; i < s->hours.cap; i++) {
		const strmap_slot *sl = &s->hours.slots[i];
		if (!sl->key || !sl->val)
			continue;
		int32_t y;
		int64_t member;
		memcpy(&y, sl->key, 4);
		memcpy(&member, sl->key + 4, 8);
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_int(st, 1, y);
		sqlite3_bind_int64(st, 2, member);
		sqlite3_bind_int64(st, 3, sl->val);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_err(s, e, "更新学时合计");
	}
	strmap_free(&s->hours);
	return FG_OK;
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
		sqlite3_stmt *st = store_stmt(s, q);
		sqlite3_bind_text(st, 1, p, n ? (int)(n - p) : -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			hours_add(s, year, sqlite3_column_int64(st, 0), sign * t);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
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
	sqlite3_stmt *st = store_stmt(s, q);
	buf list = {0};
	int64_t meeting = 0;
	int rc, ret = FG_OK;
	for (;;) {
		rc = sqlite3_step(st);
		int64_t m = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		if (meeting && m != meeting) {
			sqlite3_stmt *w = store_stmt(s, u);
			sqlite3_bind_int64(w, 1, meeting);
			bind_text(w, 2, buf_cstr(&list));
			if (sqlite3_step(w) != SQLITE_DONE) {
				ret = db_err(s, e, "升级数据库结构：参加党员");
				break;
			}
			buf_reset(&list);
		}
		if (rc != SQLITE_ROW)
			break;
		if (list.len)
			buf_puts(&list, "；");
		buf_puts(&list, (const char *)sqlite3_column_text(st, 1));
		meeting = m;
	}
	buf_free(&list);
	ret = scan_end(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, ret, e, "升级数据库结构：参加党员");
	if (!ret && sqlite3_exec(s->db, "DROP TABLE meeting_attendee", NULL, NULL, NULL) != SQLITE_OK)
		ret = db_err(s, e, "升级数据库结构：参加党员");
	return ret;
}

