/* The roster cross-match classifier (core/crossmatch.h), each class at its boundary: written as
 * the mistakes it prevents — a pocket member flagged a day early, a line counted twice, a line
 * hired after the date counted, a member of the ledger in good order flagged at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/crossmatch.h"
#include "util/date.h"

enum { ENT = 7, OTHER = 9, MONTHS = 6 };

static int D; /* 2026-11-26 */

static int setup(void **state)
{
	(void)state;
	D = date_from_ymd(2026, 11, 26);
	return 0;
}

/* A member of the ledger in good order at ENT: lodged, employed there, disclosed. */
static xm_line in_order(void)
{
	return (xm_line){date_from_ymd(2020, 1, 1), 1, ENT, 1, 0, 1, ENT, 1};
}

static void member_in_order_is_nothing(void **state)
{
	(void)state;
	xm_line l = in_order();
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
	l.disclosed = -1; /* empty 亮明身份 is not a 否 */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
}

static void pocket_at_its_boundary(void **state)
{
	(void)state;
	xm_line l = in_order();
	l.has_org = 0;
	l.hired = date_from_ymd(2026, 5, 26); /* exactly six months before D */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_POCKET);
	l.hired = date_from_ymd(2026, 5, 27); /* one day less: not yet a pocket member, and in order otherwise */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
	l.hired = DATE_NONE; /* no hire date: always there */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_POCKET);
	/* Month ends clamp: hired 31 May, six months later is 30 November. */
	l.hired = date_from_ymd(2026, 5, 31);
	assert_false(crossmatch_class(&l, date_from_ymd(2026, 11, 29), MONTHS) == XM_POCKET);
	assert_int_equal(crossmatch_class(&l, date_from_ymd(2026, 11, 30), MONTHS), XM_POCKET);
	/* The setting is used, not a constant. */
	l.hired = date_from_ymd(2026, 8, 26);
	assert_int_equal(crossmatch_class(&l, D, 3), XM_POCKET);
	assert_int_equal(crossmatch_class(&l, D, 4), XM_NONE);
}

static void pocket_and_hidden_counts_once_as_pocket(void **state)
{
	(void)state;
	xm_line l = in_order();
	l.has_org = 0;
	l.employer = OTHER;
	l.disclosed = 0;
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_POCKET);
	/* Too recent for pocket: the same line is then hidden. */
	l.hired = date_from_ymd(2026, 10, 1);
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_HIDDEN);
}

static void hidden(void **state)
{
	(void)state;
	xm_line l = in_order();
	l.employer = OTHER; /* the record names another employer */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_HIDDEN);
	l.employer = 0; /* or none */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_HIDDEN);
	l = in_order();
	l.disclosed = 0; /* employed here but has not disclosed membership */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_HIDDEN);
	l.self_member = 0; /* what the roster says does not matter once the ledger knows the person */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_HIDDEN);
}

static void unregistered(void **state)
{
	(void)state;
	xm_line l = {date_from_ymd(2025, 1, 1), 1, ENT, 0, 0, 0, 0, -1};
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_UNREGISTERED); /* 中共预备党员 or 中共党员, unknown */
	l.self_member = 0; /* 群众 unknown to the ledger: nothing */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
}

static void stopped_record_is_nothing(void **state)
{
	(void)state;
	xm_line l = in_order();
	l.stopped = 1;
	l.has_org = 0;
	l.employer = OTHER;
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
}

static void hired_after_the_date_is_ignored(void **state)
{
	(void)state;
	xm_line l = {D + 1, 1, ENT, 0, 0, 0, 0, -1};
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_NONE);
	l.hired = D; /* hired on D: counted */
	assert_int_equal(crossmatch_class(&l, D, MONTHS), XM_UNREGISTERED);
	xm_line h = in_order();
	h.employer = OTHER;
	h.hired = D + 1;
	assert_int_equal(crossmatch_class(&h, D, MONTHS), XM_NONE);
}

/* A line that is a candidate on any day, with any waiting time, is a candidate as the store keeps
 * it; a line that is none on every day is not: every combination of the line's fields, over hire
 * dates around the days tried and pocket waits of 0, 6 and 12 months. */
static void candidate_is_every_class_on_some_day(void **state)
{
	(void)state;
	int y2026 = date_from_ymd(2026, 1, 1);
	const int hires[] = {DATE_NONE, y2026 - 400, y2026, y2026 + 100};
	const int days[] = {y2026 - 1, y2026, y2026 + 200, y2026 + 800};
	const int waits[] = {0, 6, 12};
	const int64_t employers[] = {0, 5, 7};
	for (int bits = 0; bits < 16; bits++)
		for (int d = -1; d <= 1; d++)
			for (size_t h = 0; h < 4; h++)
				for (size_t em = 0; em < 3; em++) {
					xm_line l = {hires[h], bits & 1, 5, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1,
						     employers[em], d};
					int some = 0;
					for (size_t i = 0; i < 4; i++)
						for (size_t w = 0; w < 3; w++)
							some |= crossmatch_class(&l, days[i], waits[w]) != XM_NONE;
					/* Every day after the hire date tried: the far day shows what the line can be. */
					some |= crossmatch_class(&l, y2026 + 5000, 0) != XM_NONE;
					assert_int_equal(crossmatch_candidate(&l), some);
				}
}

static void names(void **state)
{
	(void)state;
	for (int c = XM_POCKET; c < XM_NCLASSES; c++)
		assert_int_equal(crossmatch_class_parse(crossmatch_class_id((xm_class)c)), c);
	assert_int_equal(crossmatch_class_parse("pockets"), XM_NONE);
	assert_int_equal(crossmatch_class_parse(NULL), XM_NONE);
	assert_string_equal(crossmatch_class_label(XM_HIDDEN), "隐形党员线索");
	assert_false(crossmatch_long_enough(DATE_NONE, D, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(member_in_order_is_nothing, setup),
		cmocka_unit_test_setup(pocket_at_its_boundary, setup),
		cmocka_unit_test_setup(pocket_and_hidden_counts_once_as_pocket, setup),
		cmocka_unit_test_setup(hidden, setup),
		cmocka_unit_test_setup(unregistered, setup),
		cmocka_unit_test_setup(stopped_record_is_nothing, setup),
		cmocka_unit_test_setup(hired_after_the_date_is_ignored, setup),
		cmocka_unit_test_setup(candidate_is_every_class_on_some_day, setup),
		cmocka_unit_test_setup(names, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
