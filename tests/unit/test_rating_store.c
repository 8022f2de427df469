/* store_org_stars_on — what the funding ledger asks of a rating: the stars of an organisation on a
 * date. Each case is the mistake it prevents: a rating counted the day before it was made or the
 * day its two years end, an older rating outliving a newer one, a veto read as "no rating", stars
 * frozen at the thresholds in force when the rating was saved. On the fixtures of
 * tests/fixtures/ratings (README there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "district.h"
#include "store/query.h"
#include "store/rating_store.h"

static char dir[] = "/tmp/fgdj-rating-XXXXXX";
static store *db;
static int today;

static int import(const char *kind, const char *file)
{
	char path[300];
	snprintf(path, sizeof path, "tests/fixtures/ratings/%s", file);
	import_opts o = {.path = path, .who = "test", .today = today};
	import_result r;
	fg_err e;
	int rc = import_file(db, ledger_by_name(kind), &o, &r, &e);
	import_result_free(&r);
	return rc;
}

static int setup(void **state)
{
	(void)state;
	if (district_open(dir, "r.db", &db, &today))
		return -1;
	return import("rubric", "rubric.csv") || import("ratings", "ratings_2024.csv") || import("ratings", "sheet_2025.csv");
}

static int teardown(void **state)
{
	(void)state;
	return district_close(dir, db);
}

static int64_t org(const char *name)
{
	store_filter all = {0};
	int64_t id = query_visible(db, LEDGER_ORGS, &all, name);
	assert_true(id > 0);
	return id;
}

/* Stars on date, or -1 when there is no valid rating. */
static int stars_on(const char *name, const char *date)
{
	int stars = -99;
	rating_settings c;
	store_rating_settings(db, &c); /* read per call: a test changes the settings between calls */
	int rc = store_org_stars_on(db, &c, org(name), date, &stars);
	assert_true(rc == 0 || rc == 1);
	return rc ? stars : -1;
}

static void valid_from_the_day_for_two_years(void **state)
{
	(void)state;
	const char *o1 = "中共临江智造科技有限公司支部委员会"; /* R1: 91.5 on 2024-03-15 */
	assert_int_equal(stars_on(o1, "2024-03-14"), -1);
	assert_int_equal(stars_on(o1, "2024-03-15"), 5);
	assert_int_equal(stars_on(o1, "2026-03-14"), 5);
	assert_int_equal(stars_on(o1, "2026-03-15"), -1);
}

static void the_newest_rating_counts(void **state)
{
	(void)state;
	const char *o2 = "东城街道幸福和平联合党支部"; /* R2: 70 on 2024-03-15; R5: 85 on 2025-12-10 */
	assert_int_equal(stars_on(o2, "2025-12-09"), 3);
	assert_int_equal(stars_on(o2, "2025-12-10"), 4);
	assert_int_equal(stars_on(o2, "2027-12-09"), 4);
	assert_int_equal(stars_on(o2, "2027-12-10"), -1); /* R2 lapsed long before: it does not come back */
	assert_int_equal(stars_on("新建材料有限公司党支部", "2026-06-30"), -1);
}

static void a_veto_is_a_rating_without_stars(void **state)
{
	(void)state;
	assert_int_equal(stars_on("光明社区非公企业联合党支部", "2024-03-20"), 0);
	assert_int_equal(stars_on("光明社区非公企业联合党支部", "2026-03-20"), -1);
	assert_int_equal(stars_on("中共临江区非公有制企业委员会", "2026-01-01"), -1); /* never rated */
}

static void stars_follow_the_thresholds_in_force(void **state)
{
	(void)state;
	fg_err e;
	assert_int_equal(store_begin(db, "test", "settings", &e), FG_OK);
	assert_int_equal(store_setting_set(db, "rating.star_5", "95", &e), FG_OK);
	assert_int_equal(store_commit(db, &e), FG_OK);
	assert_int_equal(stars_on("中共临江智造科技有限公司支部委员会", "2025-01-01"), 4); /* 91.5 < 95 */
	assert_int_equal(store_begin(db, "test", "settings", &e), FG_OK);
	assert_int_equal(store_setting_set(db, "rating.star_5", "90", &e), FG_OK);
	assert_int_equal(store_commit(db, &e), FG_OK);
	assert_int_equal(stars_on("中共临江智造科技有限公司支部委员会", "2025-01-01"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_from_the_day_for_two_years),
		cmocka_unit_test(the_newest_rating_counts),
		cmocka_unit_test(a_veto_is_a_rating_without_stars),
		cmocka_unit_test(stars_follow_the_thresholds_in_force),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
