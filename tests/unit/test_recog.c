/* Designations and venues on a date, at their edges: each test is the mistake it prevents — a
 * post counted the day before it was granted or on the day it was revoked, a post without a grant
 * date counted, a venue counted before its 认定日期 or a venue without one never counted, a 类型
 * outside the three kinds taken for one of them, a venue said to be standard (or not) for a reason
 * other than the rule's, or a reason left out. */
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

/* Why a venue is not standard, in the words the findings and the venue's page both use: each of the
 * 六有 it lacks by name in the ledger's order, the area unknown or below the minimum, a 认定日期
 * after the day; a standard venue says nothing. The row's facts come from its ledger text. */
static void venue_shortfall_says_why(void **state)
{
	(void)state;
	rating_settings c;
	rating_defaults(&c);
	c.venue_min_area = 30;
	const char *f[LEDGER_MAXCOLS] = {0};
	f[VN_ORG] = "某党支部";
	f[VN_AREA] = "30";
	f[VN_SITE] = f[VN_FACILITIES] = f[VN_SIGN] = f[VN_FLAG] = f[VN_BOOKS] = f[VN_RULES] = "是";
	f[VN_RECOGNISED] = "2026-10-01";
	ledger_rec rec;
	memcpy(rec.f, f, sizeof f);
	venue_facts v;
	int rec_day, d = date_from_ymd(2026, 10, 1);
	venue_facts_of(&rec, &v, &rec_day);
	assert_int_equal(rec_day, d);
	assert_int_equal(v.area, 30);
	buf out = {0};
	assert_int_equal(venue_shortfall(&c, &v, rec_day, d, &out), 1); /* exactly the minimum area */
	assert_string_equal(buf_cstr(&out), "");
	assert_int_equal(venue_shortfall(&c, &v, rec_day, d - 1, &out), 0);
	assert_string_equal(buf_cstr(&out), "阵地认定日期为 2026-10-01，2026-09-30 时尚未认定");
	buf_reset(&out);
	rec.f[VN_BOOKS] = "否";
	rec.f[VN_SITE] = NULL; /* empty: not 是 */
	rec.f[VN_AREA] = "29";
	venue_facts_of(&rec, &v, &rec_day);
	assert_int_equal(venue_shortfall(&c, &v, rec_day, d, &out), 0);
	assert_string_equal(buf_cstr(&out), "不符合“六有”：缺少场所、书报；面积 29 平方米，不足 30 平方米");
	buf_reset(&out);
	rec.f[VN_SITE] = rec.f[VN_BOOKS] = "是";
	rec.f[VN_AREA] = NULL;
	rec.f[VN_RECOGNISED] = NULL;
	venue_facts_of(&rec, &v, &rec_day);
	assert_int_equal(rec_day, DATE_NONE);
	assert_int_equal(v.area, -1);
	assert_int_equal(venue_shortfall(&c, &v, rec_day, d, &out), 0);
	assert_string_equal(buf_cstr(&out), "面积未登记（标准化阵地不少于 30 平方米）");
	buf_reset(&out);
	c.venue_min_area = 0; /* no minimum: an unknown area is fine */
	assert_int_equal(venue_shortfall(&c, &v, rec_day, d, &out), 1);
	assert_string_equal(buf_cstr(&out), "");
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(designation_across_its_days),
		cmocka_unit_test(venue_from_its_recognition),
		cmocka_unit_test(kinds_are_the_ledgers_choices),
		cmocka_unit_test(rates_over_their_denominators),
		cmocka_unit_test(venue_shortfall_says_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
