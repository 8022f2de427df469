/* util/date.h's date_parse: the stored form YYYY-MM-DD (read directly) gives the same day as
 * the calendar arithmetic of date_from_ymd / date_to_ymd, for every day it accepts, and refuses
 * what the general path refuses; the other forms still go the general way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "util/date.h"

/* Every day from 1900-01-01 to 2999-12-31, formatted by hand (not by date_format), parses back
 * to itself; the days just outside the range are refused. */
static void every_day(void **state)
{
	(void)state;
	int first = date_from_ymd(1900, 1, 1), last = date_from_ymd(2999, 12, 31);
	for (int z = first; z <= last; z++) {
		int y, m, d, got = -1;
		date_to_ymd(z, &y, &m, &d);
		char s[16];
		snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
		assert_int_equal(date_parse(s, &got), 0);
		assert_int_equal(got, z);
	}
	int got;
	assert_int_equal(date_parse("1899-12-31", &got), -1);
	assert_int_equal(date_parse("3000-01-01", &got), -1);
}

/* Not calendar days, or not the stored form: refused, or read by the general path alike. */
static void boundaries(void **state)
{
	(void)state;
	int got = 0;
	assert_int_equal(date_parse("2026-02-29", &got), -1);
	assert_int_equal(date_parse("2024-02-29", &got), 0);
	assert_int_equal(got, date_from_ymd(2024, 2, 29));
	assert_int_equal(date_parse("2100-02-29", &got), -1);
	assert_int_equal(date_parse("2000-02-29", &got), 0);
	assert_int_equal(date_parse("2026-13-01", &got), -1);
	assert_int_equal(date_parse("2026-00-10", &got), -1);
	assert_int_equal(date_parse("2026-12-00", &got), -1);
	assert_int_equal(date_parse("2026-12-32", &got), -1);
	assert_int_equal(date_parse("2026-04-31", &got), -1);
	assert_int_equal(date_parse("2026-12-0", &got), -1);
	assert_int_equal(date_parse("2026-12-03x", &got), -1);
	assert_int_equal(date_parse("2026-1a-03", &got), -1);
	assert_int_equal(date_parse("", &got), -1);
	/* other forms: the general path */
	int want = date_from_ymd(2026, 12, 3);
	assert_int_equal(date_parse("2026-12-03 08:30:00", &got), 0);
	assert_int_equal(got, want);
	assert_int_equal(date_parse("2026-12-3", &got), 0);
	assert_int_equal(got, want);
	assert_int_equal(date_parse("20261203", &got), 0);
	assert_int_equal(got, want);
	assert_int_equal(date_parse("2026/12/03", &got), 0);
	assert_int_equal(got, want);
	assert_int_equal(date_parse("2026年12月3日", &got), 0);
	assert_int_equal(got, want);
	assert_int_equal(date_parse("2026-12/03", &got), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(every_day), cmocka_unit_test(boundaries)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
