/* Designations and venues on a date, at their edges: each test is the mistake it prevents — a
 * post counted the day before it was granted or on the day it was revoked, a post without a grant
 * date counted, a venue counted before its 认定日期 or a venue without one never counted, a 类型
 * outside the three kinds taken for one of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/ledger.h"
#include "core/metrics.h"
#include "core/recog.h"
#include "util/date.h"

static void designation_across_its_days(void **state)
{
	(void)state;
	int granted = date_from_ymd(2026, 1, 10), revoked = date_from_ymd(2026, 6, 30);
	assert_false(designation_active(granted, revoked, granted - 1));
	assert_true(designation_active(granted, revoked, granted));
	assert_true(designation_active(granted, revoked, revoked - 1));
	assert_false(designation_active(granted, revoked, revoked)); /* revoked that day: no longer held */
	assert_false(designation_active(granted, revoked, revoked + 400));
	/* Never revoked: held from the grant on. */
	assert_false(designation_active(granted, DATE_NONE, granted - 1));
	assert_true(designation_active(granted, DATE_NONE, granted + 3650));
	/* Granted and revoked the same day: never in force. */
	assert_false(designation_active(granted, granted, granted));
	/* No grant date: not in force on any day. */
	assert_false(designation_active(DATE_NONE, DATE_NONE, granted));
}

static void venue_from_its_recognition(void **state)
{
	(void)state;
	int d = date_from_ymd(2026, 10, 1);
	assert_false(venue_counts(d, d - 1));
	assert_true(venue_counts(d, d));
	assert_true(venue_counts(d, d + 1));
	assert_true(venue_counts(DATE_NONE, date_from_ymd(1990, 1, 1))); /* no 认定日期: always */
}

static void kinds_are_the_ledgers_choices(void **state)
{
	(void)state;
	const ledger_def *def = ledger_get(LEDGER_DESIGNATIONS);
	const char *const *ch = def->cols[DG_KIND].choices;
	for (int k = 0; k < DESIG_NKINDS; k++) {
		assert_string_equal(ch[k], designation_kind_names[k]);
		assert_int_equal(designation_kind_parse(ch[k]), k);
	}
	assert_null(ch[DESIG_NKINDS]);
	assert_int_equal(designation_kind_parse("党员示范区"), -1);
	assert_int_equal(designation_kind_parse(NULL), -1);
	assert_int_equal(designation_kind_parse(""), -1);
}

/* The rates over their own denominators: members (formal + probationary) and active organisations;
 * nothing to divide by is no rate, not 0 %. */
static void rates_over_their_denominators(void **state)
{
	(void)state;
	metrics m;
	memset(&m, 0, sizeof m);
	metrics_finish(&m);
	assert_int_equal(m.disclosed_rate, -1);
	assert_int_equal(m.venue_standard_rate, -1);
	m.members_formal = 2;
	m.members_probationary = 1;
	m.members_disclosed = 2;
	m.orgs_total = 3;
	m.venues_standard = 1;
	metrics_finish(&m);
	assert_int_equal(m.disclosed_rate, 667); /* the probationary member counts in the denominator */
	assert_int_equal(m.venue_standard_rate, 333);
	assert_int_equal(metrics_value(&m, metrics_key_named("disclosed_rate")), 667);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(designation_across_its_days),
		cmocka_unit_test(venue_from_its_recognition),
		cmocka_unit_test(kinds_are_the_ledgers_choices),
		cmocka_unit_test(rates_over_their_denominators),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
