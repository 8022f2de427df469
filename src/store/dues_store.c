#include "store/dues_store.h"

#include <string.h>

#include "core/dues.h"
#include "store/scope_sql.h"
#include "store/store_int.h"
#include "util/date.h"

static int64_t col_money(sql_st *st, int i)
{
	return sql_col_type(st, i) == SQL_NULL ? -1 : sql_col_int64(st, i);
}

/* ---- each member's year of dues (dues_year): kept on write, read by the figures ---- */

#define M12(c) c "1, " c "2, " c "3, " c "4, " c "5, " c "6, " c "7, " c "8, " c "9, " c "10, " c "11, " c "12"
#define P12(n) "?" #n "0, ?" #n "1, ?" #n "2, ?" #n "3, ?" #n "4, ?" #n "5, ?" #n "6, ?" #n "7, ?" #n "8, ?" #n "9"

static int year_put(store *s, int64_t member, int year, const dues_year *y, fg_err *e)
{
	static const char del[] = "DELETE FROM dues_year WHERE member_id = ?1 AND year = ?2";
	static const char ins[] = "INSERT INTO dues_year(member_id, year, months, unpaid, differs, " M12("due") ", "
				  M12("paid") ", bits) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " P12(1) ", " P12(2)
				  ", " DUES_BITS("?3", "?4", "?5") ")";
	sql_st *st = store_st(s, del);
	sql_bind_int64(st, 1, member);
	sql_bind_int64(st, 2, year);
	if (sql_step_write(st) != SQL_DONE)
		return db_err(s, e, "更新党费合计");
	st = store_st(s, ins);
	sql_bind_int64(st, 1, member);
	sql_bind_int64(st, 2, year);
	sql_bind_int64(st, 3, y->months);
	sql_bind_int64(st, 4, y->unpaid);
	sql_bind_int64(st, 5, y->differs);
	/* Stored as running sums (schema v27): due<i> is 应缴 of months 1..i, so that the figures read
	 * the sum of a year's first k months as one column. */
	int64_t due = 0, paid = 0;
	for (int i = 0; i < 12; i++) {
		sql_bind_int64(st, 6 + i, due += y->due[i]);
		sql_bind_int64(st, 18 + i, paid += y->paid[i]);
	}
	return sql_step_write(st) == SQL_DONE ? FG_OK : db_err(s, e, "更新党费合计");
}

#define DUES_ROW_COLS "month, coalesce(base, -1), retired, coalesce(due, 0), coalesce(paid, 0)"

static void row_add(dues_year *y, sql_st *st, int c)
{
	dues_year_add(y, dues_month_from_yyyymm((int)sql_col_int64(st, c)), sql_col_int64(st, c + 1),
		      (int)sql_col_int64(st, c + 2), sql_col_int64(st, c + 3), sql_col_int64(st, c + 4));
}

/* The key of a member's year in s->dues_dirty; its value the district its rows written were held in
 * (store_dues_touch). */
static void year_key(unsigned char key[12], int64_t member, int month)
{
	int32_t y = month / 12;
	memcpy(key, &y, 4);
	memcpy(key + 4, &member, 8);
}

void store_dues_touch(store *s, int64_t member, int month, int64_t held)
{
	unsigned char key[12];
	int64_t was;
	year_key(key, member, month);
	if (strmap_get(&s->dues_dirty, (const char *)key, sizeof key, &was) && was != held)
		held = STORE_HELD_UNKNOWN; /* rows in two districts (the member moved meanwhile) */
	strmap_put(&s->dues_dirty, (const char *)key, sizeof key, held);
}

int store_dues_held(const store *s, int64_t member, int month, int64_t held)
{
	unsigned char key[12];
	int64_t was;
	year_key(key, member, month);
	return !strmap_get(&s->dues_dirty, (const char *)key, sizeof key, &was) || was == held;
}

/* PostgreSQL: locks member m in district ?2 (NULL none) alone, as store_lock_row locks it in every
 * district — on a database partitioned by district one server asked, not each district's. */
static int lock_held(store *s, int64_t member, int64_t held, fg_err *e)
{
	static const char q[] = "SELECT id FROM member WHERE id = ?1 AND " HELD_AT("district_id", "?2") STORE_LOCK_ROWS;
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, member);
	if (held)
		sql_bind_int64(st, 2, held);
	/* Sent ahead of the read that follows; whether it locked the member is known once that one
	 * is answered (store_lock_missed). */
	return sql_step_counted(st) == SQL_DONE ? FG_OK : db_err(s, e, "锁定待更新的记录");
}

/* A member's year of dues rows summed by q (?1 the member, ?2 and ?3 the year's first and last
 * months, ?4 the district when held is not 0): SQL_DONE, or the step's failure. */
static int year_read(store *s, const char *q, int64_t member, int y, int64_t held, dues_year *sum)
{
	int r;
	memset(sum, 0, sizeof *sum);
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, member);
	sql_bind_int64(st, 2, y * 100 + 1);
	sql_bind_int64(st, 3, y * 100 + 12);
	if (held)
		sql_bind_int64(st, 4, held);
	while ((r = sql_step(st)) == SQL_ROW)
		row_add(sum, st, 0);
	sql_reset(st);
	return r;
}

int dues_year_flush(store *s, fg_err *e)
{
	static const char q[] = "SELECT " DUES_ROW_COLS " FROM dues WHERE member_id = ?1 AND month >= ?2 AND month <= ?3";
	/* The same rows in the district ?4 they are held in (store_dues_touch), read once the member
	 * is locked there: the member cannot move meanwhile, its committed rows are held where it is,
	 * and the rows this transaction wrote were all written there. */
	static const char q_held[] = "SELECT " DUES_ROW_COLS " FROM dues WHERE member_id = ?1 AND month >= ?2 AND month <= ?3"
				     " AND " HELD_AT("district_id", "?4");
	/* PostgreSQL, the dues' districts kept (schema v36 on): the rows of the members locked below
	 * given the member's district again where they hold another, once all are locked. A new dues
	 * row read its member's district in its INSERT while another writer may have been moving the
	 * member to another district, unseen (that writer's marks never see the new row,
	 * store/extras.c); that writer holds the member's row, so the lock waits for its commit, and
	 * this statement, begun after the locks, reads the district it committed. Every new dues row
	 * is of a member touched (store_dues_touch): no row is marked. The members locked where their
	 * rows were written (q_held) have none to fix; the others' are fixed here, once each is
	 * locked in any district. One statement for all (?1 the
	 * members' ids as an array; all their years, the rows of other years holding the district
	 * already), sent behind the locks and the reads (sql_step_write). */
	static const char fix[] = "UPDATE dues SET district_id = sd.v FROM (SELECT m.id, " DUES_DISTRICT("m.id")
				  " AS v FROM member m WHERE m.id = ANY (CAST(?1 AS bigint[]))) sd"
				  " WHERE dues.member_id = sd.id AND dues.district_id IS DISTINCT FROM sd.v";
	int fixing = s->sql->backend == SQL_PG && store_district_kept(s, "dues");
	buf ids = {0};
	int rc = FG_OK;
	for (size_t i = 0; i < s->dues_dirty.cap && !rc; i++) {
		const strmap_slot *sl = &s->dues_dirty.slots[i];
		if (!sl->key)
			continue;
		int32_t y;
		int64_t member, held = sl->val;
		memcpy(&y, sl->key, 4);
		memcpy(&member, sl->key + 4, 8);
		/* PostgreSQL: one writer of a member's year at a time, the second from the first's rows.
		 * The lock goes with the read of the year. Where the rows written are held in one known
		 * district, the member is locked there and the year read there: when it locked the
		 * member, the member is held there and so is every row of its year — none holds another
		 * district, none to fix. Else, or when it missed (the member moved to another district
		 * since its rows were written, or is moving: a lock that waited for that writer finds
		 * the old row deleted and holds nothing), locked in any district, and locked again while
		 * that misses (docs/scaling.md), its year read from every district and its rows' district
		 * fixed below. */
		dues_year sum;
		int r = SQL_DONE;
		if (held != STORE_HELD_UNKNOWN && store_locks_rows(s, LEDGER_MEMBERS)) {
			if ((rc = lock_held(s, member, held, e)) != FG_OK)
				break;
			r = year_read(s, q_held, member, y, held, &sum);
			if (r == SQL_DONE && !store_lock_missed(s)) {
				rc = year_put(s, member, y, &sum, e);
				continue;
			}
		}
		if (fixing)
			buf_printf(&ids, "%c%lld", ids.len ? ',' : '{', (long long)member);
		for (int moves = 0; !rc && r == SQL_DONE; moves++) {
			if (moves > STORE_LOCK_MOVES) {
				rc = err_set(e, FG_EFAIL, "锁定党员：这名党员一再被迁到别的区县，请稍后重试");
				break;
			}
			if ((rc = store_lock_row(s, LEDGER_MEMBERS, member, e)) != FG_OK)
				break;
			r = year_read(s, q, member, y, 0, &sum);
			if (r != SQL_DONE || !store_lock_missed(s))
				break;
		}
		if (!rc)
			rc = r != SQL_DONE ? db_err(s, e, "读取党费记录") : year_put(s, member, y, &sum, e);
	}
	if (!rc && ids.len) {
		buf_putc(&ids, '}');
		sql_st *st = store_st(s, fix);
		sql_bind_text(st, 1, buf_cstr(&ids));
		if (sql_step_write(st) != SQL_DONE)
			rc = db_err(s, e, "更新所属区县");
	}
	buf_free(&ids);
	strmap_free(&s->dues_dirty);
	return rc;
}

int store_dues_year_fill(store *s, fg_err *e)
{
	static const char q[] = "SELECT member_id, " DUES_ROW_COLS " FROM dues ORDER BY member_id, month";
	sql_st *st = store_st(s, q);
	dues_year sum = {0};
	int64_t member = 0;
	int year = 0, rc = SQL_DONE, ret = FG_OK;
	while (!ret && (rc = sql_step(st)) == SQL_ROW) {
		int64_t m = sql_col_int64(st, 0);
		int y = (int)sql_col_int64(st, 1) / 100;
		if ((m != member || y != year) && sum.months)
			ret = year_put(s, member, year, &sum, e);
		if (m != member || y != year)
			sum = (dues_year){0};
		member = m;
		year = y;
		row_add(&sum, st, 1);
	}
	if (!ret && sum.months)
		ret = year_put(s, member, year, &sum, e);
	return scan_fin(s, st, rc, ret, e, "读取党费记录");
}

/* The running sums of month k (year_put): one statement per k, so that SQLite reads the two
 * columns and nothing decides between twelve of them per row; and one run per year (a range of
 * the primary key), so that the year is not read per row and the years before the last read no
 * sums (k = 0). Prepared for the call, not kept in the statement cache (thirteen texts for one
 * scan). */
#define YEARS_Q(due, paid, where) "SELECT member_id, bits, " due ", " paid " FROM dues_year" where
#define YEARS_K(k, where) YEARS_Q("due" #k, "paid" #k, where)
#define YEARS_13(w)                                                                                          \
	{YEARS_Q("0", "0", w), YEARS_K(1, w), YEARS_K(2, w), YEARS_K(3, w),  YEARS_K(4, w),  YEARS_K(5, w), YEARS_K(6, w), \
	 YEARS_K(7, w),	       YEARS_K(8, w), YEARS_K(9, w), YEARS_K(10, w), YEARS_K(11, w), YEARS_K(12, w)}

int store_scan_dues_years(store *s, int first, int last, int months, int (*fn)(void *ctx, const dues_year_row *r),
			  void *ctx, fg_err *e)
{
	/* [0]: the year's range of the key; [1]: the whole table, when it holds that year only
	 * (store_only_year). */
	static const char *const q[2][13] = {YEARS_13(" WHERE year = ?1"), YEARS_13("")};
	static const char one[] = "SELECT (SELECT min(year) FROM dues_year) = ?1 AND (SELECT max(year) FROM dues_year) = ?1";
	int ret = 0;
	for (int year = first; !ret && year <= last; year++) {
		int k = year < last || months < 0 ? 0 : months > 12 ? 12 : months;
		const char *text = q[store_only_year(s, one, year)][k];
		sql_st *st;
		if (sql_prepare(s->sql, text, &st) != SQL_OK)
			return db_err(s, e, "读取党费记录");
		if (text == q[0][k])
			sql_bind_int64(st, 1, year);
		int rc;
		while ((rc = sql_step(st)) == SQL_ROW) {
			uint64_t bits = (uint64_t)sql_col_int64(st, 1);
			dues_year_row r = {sql_col_int64(st, 0), year,	(unsigned)(bits & 0xfff), (unsigned)(bits >> 12 & 0xfff),
					   (unsigned)(bits >> 24 & 0xfff),	 sql_col_int64(st, 2), sql_col_int64(st, 3)};
			if ((ret = fn(ctx, &r)) != 0)
				break;
		}
		ret = scan_fin(s, st, rc, ret, e, "读取党费记录");
		sql_finalize(st);
	}
	return ret;
}

int store_dues_get(store *s, int64_t member, int month, int64_t *base, int *retired, int64_t *due)
{
	/* The member as a range of one: SQLite then answers from dues_month (month, member_id,
	 * retired, base, due, paid) alone, where member_id = ?1 took the unique (member_id, month)
	 * index and a look-up of the row, a page of a city's 2.4 million rows each. */
	static const char q[] = "SELECT coalesce(base, -1), retired, coalesce(due, 0) FROM dues"
				" WHERE month = ?2 AND member_id BETWEEN ?1 AND ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, member);
	sql_bind_int64(st, 2, dues_month_to_yyyymm(month));
	int found = sql_step(st) == SQL_ROW;
	if (found) {
		*base = sql_col_int64(st, 0);
		*retired = (int)sql_col_int64(st, 1);
		*due = sql_col_int64(st, 2);
	}
	sql_reset(st);
	return found ? 0 : -1;
}

int store_scan_dues_before(store *s, int year, int (*fn)(void *ctx, int64_t member), void *ctx, fg_err *e)
{
	/* A range of the primary key (year, member_id): nothing to read when the ledger starts later. */
	static const char q[] = "SELECT member_id FROM dues_year WHERE year < ?1";
	sql_st *st = store_st(s, q);
	sql_bind_int64(st, 1, year);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW)
		if ((ret = fn(ctx, sql_col_int64(st, 0))) != 0)
			break;
	return scan_fin(s, st, rc, ret, e, "读取党费记录");
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
	sql_st *st = store_st(s, q);
	char last[11];
	date_format(dues_month_last_day(month), last);
	sql_bind_int64(st, 1, org);
	sql_bind_int64(st, 2, dues_month_to_yyyymm(month));
	sql_bind_text(st, 3, last);
	int rc, ret = 0;
	while ((rc = sql_step(st)) == SQL_ROW) {
		dues_line l = {sql_col_text(st, 0), sql_col_text(st, 1),
			       sql_col_text(st, 7), (int)sql_col_int64(st, 2), 0, -1, -1, -1};
		int cur = l.has_row ? 3 : 8;
		l.base = col_money(st, cur);
		l.retired = (int)sql_col_int64(st, cur + 1);
		l.due = col_money(st, cur + 2);
		if (l.has_row)
			l.paid = col_money(st, 6);
		else
			l.paid_date = NULL;
		if ((ret = fn(ctx, &l)) != 0)
			break;
	}
	return scan_fin(s, st, rc, ret, e, "读取党费记录");
}
