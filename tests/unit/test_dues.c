/* The dues rules at their boundaries: each test is the mistake it prevents — a base of exactly
 * 3000 / 5000 / 10000 元 put in the next bracket (or 3000.01 left in the lower one), a retiree
 * charged the working rates, a half 分 rounded down (or by floating point), money with three
 * decimals or a minus sign accepted, a month written 2026年3月 refused, a six-month window that
 * stops at 1 January, a member who joined mid-window called six months behind, a partial payment
 * counted as paid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/dues.h"
#include "util/date.h"

static int M(int y, int m)
{
	return y * 12 + m - 1;
}

static int64_t money(const char *s)
{
	int64_t c = -1;
	assert_int_equal(dues_money_parse(s, &c), 0);
	return c;
}

static void brackets_at_their_bounds(void **state)
{
	(void)state;
	assert_int_equal(dues_due(money("3000"), 0), 1500);       /* 0.5 % → 15.00 */
	assert_int_equal(dues_due(money("3000.01"), 0), 3000);    /* 1 % of 3000.01 = 30.0001 → 30.00 */
	assert_int_equal(dues_due(money("5000"), 0), 5000);       /* 1 % → 50.00 */
	assert_int_equal(dues_due(money("5000.01"), 0), 7500);    /* 1.5 % of 5000.01 = 75.00015 → 75.00 */
	assert_int_equal(dues_due(money("10000"), 0), 15000);     /* 1.5 % → 150.00 */
	assert_int_equal(dues_due(money("10000.01"), 0), 20000);  /* 2 % of 10000.01 = 200.0002 → 200.00 */
	assert_int_equal(dues_bracket_of(money("3000"), 0).bp, 50);
	assert_int_equal(dues_bracket_of(money("3000.01"), 0).bp, 100);
	assert_int_equal(dues_bracket_of(money("10000.01"), 0).bp, 200);
	assert_non_null(strstr(dues_bracket_of(money("10000"), 0).label, "1.5%"));
	assert_int_equal(dues_due(0, 0), 0);
}

static void retirees_apart(void **state)
{
	(void)state;
	assert_int_equal(dues_due(money("5000"), 1), 2500);    /* 0.5 %, not the working 1 % */
	assert_int_equal(dues_due(money("5000.01"), 1), 5000); /* 1 % of 5000.01 = 50.0001 → 50.00 */
	assert_int_equal(dues_due(money("20000"), 1), 20000);  /* 1 %, not 2 % */
	assert_non_null(strstr(dues_bracket_of(money("5000"), 1).label, "离退休"));
}

static void rounding_half_up_to_the_fen(void **state)
{
	(void)state;
	assert_int_equal(dues_due(money("1235"), 0), 618);    /* 6.175 → 6.18 (half up) */
	assert_int_equal(dues_due(money("1234.50"), 0), 617); /* 6.1725 → 6.17 */
	assert_int_equal(dues_due(money("3333.33"), 0), 3333); /* 33.3333 → 33.33 */
	assert_int_equal(dues_due(money("7777.70"), 0), 11667); /* 1.5 % = 116.6655 → 116.67 */
	assert_int_equal(dues_due(money("0.01"), 0), 0);       /* 0.00005 → 0.00 */
	assert_int_equal(dues_due(money("1"), 0), 1);          /* 0.005 → 0.01 */
}

static void money_text(void **state)
{
	(void)state;
	assert_int_equal(money("3,000.5元"), 300050);
	assert_int_equal(money("¥12"), 1200);
	assert_int_equal(money("12.500"), 1250);
	assert_int_equal(money("0"), 0);
	int64_t c;
	assert_int_equal(dues_money_parse("-5", &c), -2);
	assert_int_equal(dues_money_parse("12.345", &c), -3);
	assert_int_equal(dues_money_parse("十二", &c), -1);
	assert_int_equal(dues_money_parse("", &c), -1);
	assert_int_equal(dues_money_parse("1000000000", &c), -4);
	char out[24];
	dues_money_format(300050, out);
	assert_string_equal(out, "3000.50");
	dues_money_format(7, out);
	assert_string_equal(out, "0.07");
}

static void month_text(void **state)
{
	(void)state;
	static const char *const SAME[] = {"2026-03", "2026-3", "2026年3月", "2026年03月", "202603", "2026/3", "2026.03"};
	for (size_t i = 0; i < sizeof SAME / sizeof SAME[0]; i++) {
		int m = -1;
		assert_int_equal(dues_month_parse(SAME[i], &m), 0);
		assert_int_equal(m, M(2026, 3));
	}
	int m;
	assert_int_equal(dues_month_parse("2026-13", &m), -1);
	assert_int_equal(dues_month_parse("2026-00", &m), -1);
	assert_int_equal(dues_month_parse("2026-03-05", &m), -1);
	assert_int_equal(dues_month_parse("march", &m), -1);
	char out[8];
	dues_month_format(M(2026, 12), out);
	assert_string_equal(out, "2026-12");
	assert_int_equal(dues_month_to_yyyymm(M(2026, 12)), 202612);
	assert_int_equal(dues_month_from_yyyymm(202601), M(2026, 1));
	assert_int_equal(dues_month_last_day(M(2024, 2)), date_from_ymd(2024, 2, 29));
	assert_int_equal(dues_month_last_day(M(2026, 12)), date_from_ymd(2026, 12, 31));
}

static void windows(void **state)
{
	(void)state;
	int a, b;
	dues_window(date_from_ymd(2027, 1, 15), &a, &b); /* Jul..Dec 2026: across the year boundary */
	assert_int_equal(a, M(2026, 7));
	assert_int_equal(b, M(2026, 12));
	dues_year_months(date_from_ymd(2026, 4, 1), &a, &b); /* Jan..Mar: April has not ended */
	assert_int_equal(a, M(2026, 1));
	assert_int_equal(b, M(2026, 3));
	dues_year_months(date_from_ymd(2026, 1, 31), &a, &b); /* none */
	assert_true(b < a);
}

/* Rows of Jul..Dec 2026, each due 10.00 and paid as given (-1: no row). */
static size_t rows_of(const int64_t paid[6], dues_row *out)
{
	size_t n = 0;
	for (int i = 0; i < 6; i++)
		if (paid[i] >= 0)
			out[n++] = (dues_row){M(2026, 7) + i, 1000, paid[i]};
	return n;
}

static void six_months_across_the_year(void **state)
{
	(void)state;
	dues_row r[6];
	int joined = date_from_ymd(2010, 1, 1), jan = date_from_ymd(2027, 1, 10);
	static const int64_t NONE_PAID[6] = {0, 0, 0, 0, 0, 0};
	size_t n = rows_of(NONE_PAID, r);
	assert_true(dues_six_months(r, n, joined, jan));
	/* On 31 December the window is Jun..Nov: June has no row but the member was one → unpaid. */
	assert_true(dues_six_months(r + 0, 5, joined, date_from_ymd(2026, 12, 31)) == 1);
	static const int64_t DEC_PAID[6] = {0, 0, 0, 0, 0, 1000};
	n = rows_of(DEC_PAID, r);
	assert_false(dues_six_months(r, n, joined, jan));
	/* No rows at all for Jul..Dec: all unpaid for a member of long standing. */
	assert_true(dues_six_months(NULL, 0, joined, jan));
	/* Rows after the window do not help. */
	dues_row later = {M(2027, 1), 1000, 1000};
	assert_true(dues_six_months(&later, 1, joined, jan));
}

static void joined_mid_window(void **state)
{
	(void)state;
	/* Joined 2026-09-15: July and August have no row and were before the member joined. */
	dues_row r[4];
	for (int i = 0; i < 4; i++)
		r[i] = (dues_row){M(2026, 9) + i, 1000, 0};
	assert_false(dues_six_months(r, 4, date_from_ymd(2026, 9, 15), date_from_ymd(2027, 1, 10)));
	/* Joined on the last day of June: a member for all of July → six months. */
	assert_true(dues_six_months(r, 4, date_from_ymd(2026, 6, 30), date_from_ymd(2027, 1, 10)));
	/* Joined on 31 July: July counts (joined on or before the month's end). */
	assert_true(dues_month_unpaid(NULL, M(2026, 7), date_from_ymd(2026, 7, 31)));
	assert_false(dues_month_unpaid(NULL, M(2026, 7), date_from_ymd(2026, 8, 1)));
}

static void partial_payment_is_unpaid(void **state)
{
	(void)state;
	dues_row part = {M(2026, 5), 1500, 1499}, full = {M(2026, 5), 1500, 1500}, over = {M(2026, 5), 1500, 3000};
	assert_true(dues_month_unpaid(&part, part.month, 0));
	assert_false(dues_month_unpaid(&full, full.month, 0));
	assert_false(dues_month_unpaid(&over, over.month, 0));
	static const int64_t ALMOST[6] = {999, 999, 999, 999, 999, 999};
	dues_row r[6];
	size_t n = rows_of(ALMOST, r);
	assert_true(dues_six_months(r, n, date_from_ymd(2010, 1, 1), date_from_ymd(2027, 1, 1)));
}

/* What dues_year keeps of a year gives the same answers as the rows it was built from: the
 * masks by month of the year, the amounts as recorded, and a due differing from the rule's only
 * where a base is recorded. */
static void year_summary(void **state)
{
	(void)state;
	dues_year y = {0};
	dues_year_add(&y, M(2026, 1), 400000, 0, 4000, 4000);     /* 1 % of 4000.00: as the rule */
	dues_year_add(&y, M(2026, 3), 1200000, 0, 20000, 20000);  /* 2 % of 12000.00 is 240.00 */
	dues_year_add(&y, M(2026, 12), -1, 0, 1000, 999);         /* no base: never differs; short */
	dues_year_add(&y, M(2026, 6), 600000, 1, 6000, 0);        /* retiree, 1 %: unpaid */
	assert_int_equal(y.months, 1u << 0 | 1u << 2 | 1u << 5 | 1u << 11);
	assert_int_equal(y.unpaid, 1u << 5 | 1u << 11);
	assert_int_equal(y.differs, 1u << 2);
	assert_int_equal(y.due[2], 20000);
	assert_int_equal(y.paid[11], 999);
	assert_int_equal(y.due[1], 0);
	assert_true(dues_differs(1200000, 0, 20000));
	assert_false(dues_differs(-1, 0, 20000));
	/* The row a later write replaces: its month's bits follow the new amounts. */
	dues_year z = {0};
	dues_year_add(&z, M(2026, 6), 600000, 1, 6000, 6000);
	assert_int_equal(z.unpaid, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(brackets_at_their_bounds), cmocka_unit_test(retirees_apart),
		cmocka_unit_test(rounding_half_up_to_the_fen), cmocka_unit_test(money_text),
		cmocka_unit_test(month_text), cmocka_unit_test(windows),
		cmocka_unit_test(six_months_across_the_year), cmocka_unit_test(joined_mid_window),
		cmocka_unit_test(partial_payment_is_unpaid), cmocka_unit_test(year_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
