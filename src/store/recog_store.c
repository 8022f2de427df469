#include "store/recog_store.h"

#include "core/recog.h"
#include "store/store_int.h"
#include "util/date.h"

static int day_at(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	int d;
	return t && date_parse(t, &d) == 0 ? d : DATE_NONE;
}

int store_scan_designations(store *s, int (*fn)(void *ctx, const designation_scan *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT id, enterprise_id, kind, granted, revoked FROM designation";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		designation_scan r = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
				      designation_kind_parse((const char *)sqlite3_column_text(st, 2)), day_at(st, 3),
				      day_at(st, 4)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取亮身份记录");
}

int store_scan_venues(store *s, int (*fn)(void *ctx, const venue_scan *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT org_id, coalesce(site, 0), coalesce(facilities, 0), coalesce(sign, 0),"
				" coalesce(flag, 0), coalesce(books, 0), coalesce(rules, 0), coalesce(area, -1),"
				" coalesce(open_base, 0), recognised FROM venue";
	sqlite3_stmt *st = store_stmt(s, q);
	int rc, ret = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		venue_scan r = {sqlite3_column_int64(st, 0),
				{(unsigned char)sqlite3_column_int(st, 1), (unsigned char)sqlite3_column_int(st, 2),
				 (unsigned char)sqlite3_column_int(st, 3), (unsigned char)sqlite3_column_int(st, 4),
				 (unsigned char)sqlite3_column_int(st, 5), (unsigned char)sqlite3_column_int(st, 6),
				 sqlite3_column_int(st, 7)},
				sqlite3_column_int(st, 8), day_at(st, 9)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_end(s, st, rc, ret, e, "读取党员活动阵地");
}
