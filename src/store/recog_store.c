#include "store/recog_store.h"

#include "core/recog.h"
#include "store/store_int.h"
#include "util/date.h"

static int day_at(sql_st *st, int i)
{
	const char *t = sql_col_text(st, i);
	int d;
	return t && date_parse(t, &d) == 0 ? d : DATE_NONE;
}

int store_scan_designations(store *s, int (*fn)(void *ctx, const designation_scan *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT id, enterprise_id, kind, granted, revoked FROM designation";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		designation_scan r = {sql_col_int64(st, 0), sql_col_int64(st, 1),
				      designation_kind_parse(sql_col_text(st, 2)), day_at(st, 3),
				      day_at(st, 4)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取亮身份记录");
}

int store_scan_venues(store *s, int (*fn)(void *ctx, const venue_scan *r), void *ctx, fg_err *e)
{
	static const char q[] = "SELECT org_id, coalesce(site, 0), coalesce(facilities, 0), coalesce(sign, 0),"
				" coalesce(flag, 0), coalesce(books, 0), coalesce(rules, 0), coalesce(area, -1),"
				" coalesce(open_base, 0), recognised FROM venue";
	sql_st *st = store_st(s, q);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		venue_scan r = {sql_col_int64(st, 0),
				{(unsigned char)(int)sql_col_int64(st, 1), (unsigned char)(int)sql_col_int64(st, 2),
				 (unsigned char)(int)sql_col_int64(st, 3), (unsigned char)(int)sql_col_int64(st, 4),
				 (unsigned char)(int)sql_col_int64(st, 5), (unsigned char)(int)sql_col_int64(st, 6),
				 (int)sql_col_int64(st, 7)},
				(int)sql_col_int64(st, 8), day_at(st, 9)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党员活动阵地");
}
