#include "store/funding_store.h"

#include <stdio.h>

#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

/* kind as funding_kind: the CHECK of the table admits these three only. */
#define KIND_INDEX "CASE fu.kind WHEN '星级奖励' THEN 0 WHEN '专项补贴' THEN 1 ELSE 2 END"

int store_scan_funding(store *s, int from, int to, int (*fn)(void *ctx, const funding_scan_row *r), void *ctx,
		       fg_err *e)
{
	static const char q[] = "SELECT fu.org_id, fu.date, " KIND_INDEX ", fu.amount FROM funding fu"
				" WHERE fu.date >= ?1 AND fu.date <= ?2 ORDER BY fu.date, fu.id";
	sql_st *st = store_st(s, q);
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sql_bind_text(st, 1, a);
	sql_bind_text(st, 2, b);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		int day;
		if (date_parse(sql_col_text(st, 1), &day) != 0)
			continue;
		funding_scan_row r = {sql_col_int64(st, 0), day, (int)sql_col_int64(st, 2), sql_col_int64(st, 3)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党建经费记录");
}

#define SUMS                                                                                         \
	" sum(CASE WHEN fu.kind = '星级奖励' THEN fu.amount ELSE 0 END),"                               \
	" sum(CASE WHEN fu.kind = '专项补贴' THEN fu.amount ELSE 0 END),"                               \
	" sum(CASE WHEN fu.kind = '其他' THEN fu.amount ELSE 0 END), sum(fu.amount),"                   \
	" count(DISTINCT fu.org_id), count(*)"
#define FROM                                                                                         \
	" FROM funding fu JOIN org o ON o.id = fu.org_id LEFT JOIN region st ON st.id = o.street_id"   \
	" LEFT JOIN region cm ON cm.id = o.community_id WHERE " SCOPE_ORG("?1", "?2")
#define IN_YEAR " AND (?3 IS NULL OR fu.date >= ?3) AND (?4 IS NULL OR fu.date <= ?4)"

int store_funding_totals(store *s, const store_filter *f, int year, funding_by by,
			 int (*fn)(void *ctx, const funding_total_row *r), void *ctx, fg_err *e)
{
	static const char *const Q[] = {
		[FUNDING_BY_STREET] = "SELECT st.name, NULL, NULL," SUMS FROM IN_YEAR
				      " GROUP BY st.id ORDER BY st.id IS NULL, st.name_key, st.id",
		[FUNDING_BY_ORG] = "SELECT o.name, st.name, cm.name," SUMS FROM IN_YEAR
				   " GROUP BY o.id, st.id, cm.id ORDER BY st.name_key, cm.name_key, o.name_key",
		[FUNDING_BY_YEAR] = "SELECT substr(fu.date, 1, 4), NULL, NULL," SUMS FROM IN_YEAR
				    " GROUP BY substr(fu.date, 1, 4) ORDER BY 1",
		/* count(*) > 0: no grant, no line (an aggregate without GROUP BY always has one) */
		[FUNDING_ALL] = "SELECT NULL, NULL, NULL," SUMS FROM IN_YEAR " HAVING count(*) > 0",
	};
	sql_st *st = store_st(s, Q[by]);
	sql_bind_int64(st, 1, f->region_id);
	sql_bind_int64(st, 2, f->org_id);
	char a[11], b[11];
	snprintf(a, sizeof a, "%04d-01-01", year);
	snprintf(b, sizeof b, "%04d-12-31", year);
	if (year) {
		sql_bind_text(st, 3, a);
		sql_bind_text(st, 4, b);
	}
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		funding_total_row r = {sql_col_text(st, 0),
				       sql_col_text(st, 1),
				       sql_col_text(st, 2),
				       {sql_col_int64(st, 3), sql_col_int64(st, 4), sql_col_int64(st, 5)},
				       sql_col_int64(st, 6),
				       sql_col_int64(st, 7),
				       sql_col_int64(st, 8)};
		if ((ret = fn(ctx, &r)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "汇总党建经费");
}
