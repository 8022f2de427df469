#include "store/dues_store.h"

#include "core/dues.h"
#include "store/store_int.h"
#include "util/date.h"

static int64_t col_money(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

int store_scan_dues(store *s, int first, int last, int (*fn)(void *ctx, const dues_scan_row *r), void *ctx,
		    fg_err *e)
{
	static const char q[] = "SELECT member_id, month, retired, coalesce(base, -1), coalesce(due, 0), coalesce(paid, 0)"
				" FROM dues WHERE month >= ?1 AND month <= ?2";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int(st, 1, dues_month_to_yyyymm(first));
	sqlite3_bind_int(st, 2, dues_month_to_yyyymm(last));
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dues_scan_row r = {sqlite3_column_int64(st, 0), dues_month_from_yyyymm(sqlite3_column_int(st, 1)),
				   sqlite3_column_int(st, 2), sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
				   sqlite3_column_int64(st, 5)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党费记录");
}

int store_scan_dues_members(store *s, int last, int (*fn)(void *ctx, int64_t member, int joined), void *ctx,
			    fg_err *e)
{
	/* One probe of the (member_id, month) key per member, not a pass over every row. */
	static const char q[] = "SELECT m.id, m.join_date FROM member m WHERE EXISTS"
				" (SELECT 1 FROM dues d WHERE d.member_id = m.id AND d.month <= ?1)";
	sqlite3_stmt *st = store_stmt(s, q);
	sqlite3_bind_int(st, 1, dues_month_to_yyyymm(last));
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		int d;
		if ((ret = fn(ctx, sqlite3_column_int64(st, 0), t && date_parse(t, &d) == 0 ? d : DATE_NONE)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党费记录");
}

int store_dues_lines(store *s, int64_t org, int month, int (*fn)(void *ctx, const dues_line *l), void *ctx,
		     fg_err *e)
{
	/* ?1 organisation, ?2 the month (yyyymm), ?3 its last day. The latest earlier row gives the
	 * base and retirement the treasurer last recorded. */
	static const char q[] =
		"SELECT m.idno, m.name, cur.id IS NOT NULL, cur.base, cur.retired, cur.due, cur.paid, cur.paid_date,"
		" prev.base, prev.retired, prev.due"
		" FROM member m LEFT JOIN dues cur ON cur.member_id = m.id AND cur.month = ?2"
		" LEFT JOIN dues prev ON prev.id = (SELECT p.id FROM dues p WHERE p.member_id = m.id AND p.month < ?2"
		" ORDER BY p.month DESC LIMIT 1)"
		" WHERE m.org_id = ?1 AND m.join_date <= ?3 AND coalesce(m.relation, '') <> '停止党籍'"
		" ORDER BY m.name_key, m.idno";
	sqlite3_stmt *st = store_stmt(s, q);
	char last[11];
	date_format(dues_month_last_day(month), last);
	sqlite3_bind_int64(st, 1, org);
	sqlite3_bind_int(st, 2, dues_month_to_yyyymm(month));
	bind_text(st, 3, last);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dues_line l = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			       (const char *)sqlite3_column_text(st, 7), sqlite3_column_int(st, 2), 0, -1, -1, -1};
		int cur = l.has_row ? 3 : 8;
		l.base = col_money(st, cur);
		l.retired = sqlite3_column_int(st, cur + 1);
		l.due = col_money(st, cur + 2);
		if (l.has_row)
			l.paid = col_money(st, 6);
		else
			l.paid_date = NULL;
		if ((ret = fn(ctx, &l)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党费记录");
}
