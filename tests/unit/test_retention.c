/* Which dated backups retention keeps (core/retention.h), on dates worked out by hand: the last N
 * days that have a backup, and the newest backup of each of the last M months that have one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/retention.h"
#include "util/date.h"

#define D(y, m, d) date_from_ymd(y, m, d)

static void days_and_months(void **state)
{
	(void)state;
	/* Out of order on purpose. */
	int days[] = {D(2026, 11, 24), D(2026, 8, 31), D(2026, 11, 26), D(2026, 10, 15), D(2026, 9, 30),
		      D(2026, 10, 31), D(2026, 11, 20), D(2026, 11, 25)};
	int keep[8];
	retention_keep(days, 8, 3, 2, keep);
	/* 3 days: 11-26, 11-25, 11-24; 2 months: November's newest 11-26, October's 10-31. */
	int want[] = {1, 0, 1, 0, 0, 1, 0, 1};
	for (int i = 0; i < 8; i++)
		assert_int_equal(keep[i], want[i]);
	/* Months reach back over gaps: the 4 latest months with a backup are Nov, Oct, Sep, Aug. */
	retention_keep(days, 8, 1, 4, keep);
	int want4[] = {0, 1, 1, 0, 1, 1, 0, 0};
	for (int i = 0; i < 8; i++)
		assert_int_equal(keep[i], want4[i]);
}

static void across_a_year_and_edges(void **state)
{
	(void)state;
	int days[] = {D(2025, 12, 31), D(2026, 1, 1), D(2025, 12, 1)};
	int keep[3];
	/* One day, no months: only the newest. */
	retention_keep(days, 3, 1, 0, keep);
	assert_int_equal(keep[0] + keep[1] * 2 + keep[2] * 4, 2);
	/* One day, two months: 2026-01 (01-01) and 2025-12 (its newest, 12-31). */
	retention_keep(days, 3, 1, 2, keep);
	assert_int_equal(keep[0] + keep[1] * 2 + keep[2] * 4, 3);
	/* More kept than there are: all. */
	retention_keep(days, 3, 10, 10, keep);
	assert_int_equal(keep[0] + keep[1] * 2 + keep[2] * 4, 7);
	retention_keep(NULL, 0, 3, 3, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_and_months),
		cmocka_unit_test(across_a_year_and_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
