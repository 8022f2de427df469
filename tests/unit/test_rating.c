/* Star ratings, awards, venues and report money at their edges: each test is the mistake it
 * prevents — 89.9 points called five stars, a veto that still earns a star, a rating that lapses a
 * day early or a day late (and from 29 February), exactly 10 % five-star organisations called over
 * the cap, an award of exactly the minimum refused, 10,000 元 written as "10000元", 12,345.67 元
 * truncated instead of rounded, a rubric of 99 points accepted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/rating.h"
#include "util/date.h"

static rating_settings cfg;

static int setup(void **state)
{
	(void)state;
	rating_defaults(&cfg);
	return 0;
}

static void stars_at_every_threshold(void **state)
{
	(void)state;
	static const struct {
		int tenths, stars;
	} cases[] = {
		{1000, 5}, {900, 5}, {899, 4}, {800, 4}, {799, 3}, {700, 3}, {699, 2}, {600, 2}, {599, 1}, {0, 1},
		{910, 5}, {890, 4}, {810, 4}, {790, 3}, {710, 3}, {690, 2}, {610, 2}, {590, 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(rating_stars(&cfg, cases[i].tenths, 0), cases[i].stars);
	/* A veto gives no star, even with full marks. */
	assert_int_equal(rating_stars(&cfg, 1000, 1), 0);
	/* Thresholds are settings. */
	rating_settings c = cfg;
	rating_apply(&c, "rating.star_5", "95");
	assert_int_equal(rating_stars(&c, 940, 0), 4);
	assert_int_equal(rating_stars(&c, 950, 0), 5);
	rating_apply(&c, "rating.star_5", "101"); /* out of range: ignored */
	assert_int_equal(c.star_min[5], 95);
}

static void valid_for_two_years(void **state)
{
	(void)state;
	int rated = date_from_ymd(2024, 6, 15);
	assert_false(rating_valid_on(&cfg, rated, rated - 1));
	assert_true(rating_valid_on(&cfg, rated, rated));
	assert_true(rating_valid_on(&cfg, rated, date_from_ymd(2026, 6, 14)));
	assert_false(rating_valid_on(&cfg, rated, date_from_ymd(2026, 6, 15)));
	/* From 29 February the anniversary is 28 February. */
	int leap = date_from_ymd(2024, 2, 29);
	assert_true(rating_valid_on(&cfg, leap, date_from_ymd(2026, 2, 27)));
	assert_false(rating_valid_on(&cfg, leap, date_from_ymd(2026, 2, 28)));
	assert_false(rating_valid_on(&cfg, DATE_NONE, rated));
}

static void five_star_quota(void **state)
{
	(void)state;
	assert_false(rating_quota_exceeded(&cfg, 10, 100)); /* exactly 10 % */
	assert_true(rating_quota_exceeded(&cfg, 11, 100));
	assert_true(rating_quota_exceeded(&cfg, 1, 9)); /* 11.1 % */
	assert_false(rating_quota_exceeded(&cfg, 1, 10));
	assert_false(rating_quota_exceeded(&cfg, 0, 0));
	rating_settings c = cfg;
	rating_apply(&c, "rating.max_five_star_pct", "0"); /* no cap */
	assert_false(rating_quota_exceeded(&c, 9, 10));
}

static void award_range_edges(void **state)
{
	(void)state;
	/* 5★ 20,000–50,000 元, in 分 */
	assert_false(rating_award_in_range(&cfg, 5, 1999999));
	assert_true(rating_award_in_range(&cfg, 5, 2000000));
	assert_true(rating_award_in_range(&cfg, 5, 5000000));
	assert_false(rating_award_in_range(&cfg, 5, 5000001));
	assert_true(rating_award_in_range(&cfg, 3, 500000));
	assert_false(rating_award_in_range(&cfg, 3, 499999));
	/* 2★ and 1★ get no award; an organisation without a valid rating has no range. */
	assert_true(rating_award_in_range(&cfg, 2, 0));
	assert_false(rating_award_in_range(&cfg, 2, 1));
	assert_false(rating_award_in_range(&cfg, 0, 100000));
}

static void venue_standard(void **state)
{
	(void)state;
	venue_facts v = {1, 1, 1, 1, 1, 1, -1};
	assert_true(rating_venue_standard(&cfg, &v));
	v.books = 0;
	assert_false(rating_venue_standard(&cfg, &v));
	v.books = 1;
	rating_settings c = cfg;
	rating_apply(&c, "venue.min_area", "30");
	assert_false(rating_venue_standard(&c, &v)); /* area unknown */
	v.area = 29;
	assert_false(rating_venue_standard(&c, &v));
	v.area = 30;
	assert_true(rating_venue_standard(&c, &v));
}

static void money_as_a_report_writes_it(void **state)
{
	(void)state;
	static const struct {
		int64_t fen;
		const char *text;
	} cases[] = {
		{1, "0.01元"},		{999999, "9999.99元"}, {1000000, "1万元"},    {1234567, "1.23万元"},
		{500000, "5000元"},	{1250, "12.5元"},      {0, "0元"},	       {1500000, "1.5万元"},
		{1234999, "1.23万元"}, {1235000, "1.24万元"},  {99995000000, "99995万元"}, {999950000, "999.95万元"}, {-1000000, "-1万元"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[32];
		money_words(cases[i].fen, out);
		assert_string_equal(out, cases[i].text);
	}
}

static void rubric_adds_up(void **state)
{
	(void)state;
	size_t n;
	const rubric_item *r = rating_default_rubric(&n);
	char msg[256];
	assert_int_equal(rating_rubric_check(r, n, msg, sizeof msg), 0);
	size_t scored = 0, areas = 0;
	for (size_t i = 0; i < n; i++) {
		scored += !r[i].veto;
		areas += !r[i].veto && (i == 0 || strcmp(r[i].area, r[i - 1].area) != 0);
	}
	assert_int_equal(scored, 18);
	assert_int_equal(areas, 6);

	rubric_item bad[] = {{"甲", "一", 60, 0}, {"甲", "二", 39, 0}};
	assert_int_equal(rating_rubric_check(bad, 2, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "合计为 99 分"));
	rubric_item dup[] = {{"甲", "一", 50, 0}, {"乙", "一", 50, 0}};
	assert_int_equal(rating_rubric_check(dup, 2, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "重复"));
	rubric_item veto[] = {{"甲", "一", 100, 0}, {"否决项", "事故", 5, 1}};
	assert_int_equal(rating_rubric_check(veto, 2, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "不应有分值"));
}

/* A score sheet's indicator columns against its year's rubric: a header typed with full-width
 * spaces still names its indicator; a header of another year's rubric, a score above the points, a
 * second decimal, a negative score or a forgotten indicator is refused naming the cell; a vetoed
 * row needs no scores. */
static const rubric_item SMALL[] = {
	{"班子建设", "书记履职", 30, 0},
	{"组织生活", "“三会一课”", 30, 0},
	{"作用发挥", "党员先锋作用", 40, 0},
	{"否决项", "发生重大安全事故", 0, 1},
};

static int resolve(const char *const *h, const char *const *v, size_t n, int vetoed, int *total, size_t *bad,
		   char *msg)
{
	int scores[4];
	return rating_scores_resolve(SMALL, 4, h, v, n, vetoed, scores, total, bad, msg, 256);
}

static void dynamic_columns(void **state)
{
	(void)state;
	char msg[256];
	int total;
	size_t bad;
	/* Matched after normalisation, in any order; empty cells are not given. */
	const char *h1[] = {"党员先锋作用", "书记　履职", " “三会一课” ", "备用"};
	const char *v1[] = {"38.5", "30", "0", ""};
	assert_int_equal(resolve(h1, v1, 4, 0, &total, &bad, msg), 0);
	assert_int_equal(total, 685);
	int scores[4];
	assert_int_equal(rating_scores_resolve(SMALL, 4, h1, v1, 4, 0, scores, &total, &bad, msg, sizeof msg), 0);
	assert_int_equal(scores[0], 300);
	assert_int_equal(scores[1], 0);
	assert_int_equal(scores[2], 385);
	assert_int_equal(scores[3], -1);
	/* An unknown header with a value is refused, naming it. */
	const char *h2[] = {"书记履职", "“三会一课”", "党员先锋作用", "发展党员"};
	const char *v2[] = {"30", "30", "40", "5"};
	assert_int_equal(resolve(h2, v2, 4, 0, &total, &bad, msg), -1);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(msg, "“发展党员”不是本年度评分细则中的指标"));
	/* One tenth over the points. */
	const char *v3[] = {"30.1", "30", "40"};
	assert_int_equal(resolve(h2, v3, 3, 0, &total, &bad, msg), -1);
	assert_int_equal(bad, 0);
	assert_non_null(strstr(msg, "超过指标“书记履职”的分值 30 分"));
	/* Exactly the points is fine; a trailing zero is not a second decimal. */
	const char *v4[] = {"30.0", "30", "40.00"};
	assert_int_equal(resolve(h2, v4, 3, 0, &total, &bad, msg), 0);
	assert_int_equal(total, 1000);
	const char *v5[] = {"29.95", "30", "40"};
	assert_int_equal(resolve(h2, v5, 3, 0, &total, &bad, msg), -1);
	assert_non_null(strstr(msg, "一位小数"));
	const char *v6[] = {"30", "-1", "40"};
	assert_int_equal(resolve(h2, v6, 3, 0, &total, &bad, msg), -1);
	assert_int_equal(bad, 1);
	assert_non_null(strstr(msg, "负数"));
	const char *v7[] = {"30", "三十", "40"};
	assert_int_equal(resolve(h2, v7, 3, 0, &total, &bad, msg), -1);
	assert_non_null(strstr(msg, "应为数字"));
	/* A forgotten indicator: refused unless vetoed (then the given scores still count). */
	const char *v8[] = {"30", "", "40"};
	assert_int_equal(resolve(h2, v8, 3, 0, &total, &bad, msg), -1);
	assert_int_equal(bad, 3 + 1); /* ncells + the missing item */
	assert_non_null(strstr(msg, "缺少指标““三会一课””的得分"));
	assert_int_equal(resolve(h2, v8, 3, 1, &total, &bad, msg), 0);
	assert_int_equal(total, 700);
	/* A veto item's header is not a score column. */
	const char *h9[] = {"发生重大安全事故"};
	const char *v9[] = {"是"};
	assert_int_equal(resolve(h9, v9, 1, 1, &total, &bad, msg), -1);
	assert_non_null(strstr(msg, "否决情况"));
	/* The same indicator twice (two headers normalising alike). */
	const char *h10[] = {"书记履职", "书记 履职"};
	const char *v10[] = {"1", "2"};
	assert_int_equal(resolve(h10, v10, 2, 1, &total, &bad, msg), -1);
	assert_int_equal(bad, 1);
}

/* Scores as written back: whole points without a decimal, else one. */
static void score_words(void **state)
{
	(void)state;
	char w[16];
	rating_score_words(0, w);
	assert_string_equal(w, "0");
	rating_score_words(915, w);
	assert_string_equal(w, "91.5");
	rating_score_words(1000, w);
	assert_string_equal(w, "100");
	int t;
	assert_int_equal(rating_score_parse("7.", &t), 0);
	assert_int_equal(t, 70);
	assert_int_equal(rating_score_parse("-0", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(rating_score_parse("", &t), -1);
	assert_int_equal(rating_score_parse("1e2", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(stars_at_every_threshold, setup),
		cmocka_unit_test_setup(valid_for_two_years, setup),
		cmocka_unit_test_setup(five_star_quota, setup),
		cmocka_unit_test_setup(award_range_edges, setup),
		cmocka_unit_test_setup(venue_standard, setup),
		cmocka_unit_test_setup(money_as_a_report_writes_it, setup),
		cmocka_unit_test_setup(rubric_adds_up, setup),
		cmocka_unit_test_setup(dynamic_columns, setup),
		cmocka_unit_test_setup(score_words, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
