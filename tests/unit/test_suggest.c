/* Suggestions for a place name that matched none: each case is a typo an import or a form sees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/suggest.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Counting bytes would make one missing 道 three edits and miss the street. */
static void distance_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(suggest_distance("双峰街", "双峰街道"), 1);
	assert_int_equal(suggest_distance("双峰街道", "双林街道"), 1);
	assert_int_equal(suggest_distance("", "梧埭"), 2);
	assert_int_equal(suggest_distance("梧埭社区", "梧埭社区"), 0);
}

/* Homophones typed through a pinyin input method are no distance apart in pinyin. */
static void pinyin_ignores_tones(void **state)
{
	(void)state;
	assert_int_equal(suggest_pinyin_distance("爽风街道", "双峰街道"), 0);
	assert_int_equal(suggest_pinyin_distance("霜林街道", "双峰街道"), 1);
	assert_int_equal(suggest_distance("爽风街道", "双峰街道"), 2);
}

static void street_missing_its_suffix(void **state)
{
	(void)state;
	const char *const streets[] = {"湖岗街道", "双林街道", "双峰街道"};
	size_t out[3];
	size_t n = suggest_names("双峰街", streets, N(streets), out, 3);
	assert_true(n >= 1);
	assert_string_equal(streets[out[0]], "双峰街道");
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(streets[out[i]], "湖岗街道");
}

/* "梧埭" is four characters' worth of distance from nothing but two from 梧埭社区: the prefix wins. */
static void community_as_prefix(void **state)
{
	(void)state;
	const char *const comms[] = {"梧桐社区", "东埭社区", "梧埭社区"};
	size_t out[3];
	size_t n = suggest_names("梧埭", comms, N(comms), out, 3);
	assert_int_equal(n, 1);
	assert_string_equal(comms[out[0]], "梧埭社区");
}

/* Two candidates one character away: the one that sounds the same comes first, although it is
 * listed later (without pinyin the order of the list would decide). */
static void pinyin_breaks_ties(void **state)
{
	(void)state;
	const char *const streets[] = {"霜林街道", "双峰街道"};
	size_t out[2];
	size_t n = suggest_names("霜峰街道", streets, N(streets), out, 2);
	assert_int_equal(n, 2);
	assert_string_equal(streets[out[0]], "双峰街道");
	assert_string_equal(streets[out[1]], "霜林街道");
}

/* Two characters wrong is too far by characters, but a homophone is still found. */
static void pinyin_finds_homophone(void **state)
{
	(void)state;
	const char *const streets[] = {"湖岗街道", "双峰街道"};
	size_t out[2];
	size_t n = suggest_names("爽风街道", streets, N(streets), out, 2);
	assert_int_equal(n, 1);
	assert_string_equal(streets[out[0]], "双峰街道");
}

static void unrelated_and_limits(void **state)
{
	(void)state;
	const char *const streets[] = {"湖岗街道", "双峰街道", "西城街道", "东城街道"};
	size_t out[4];
	assert_int_equal(suggest_names("科技园区管委会", streets, N(streets), out, 4), 0);
	assert_int_equal(suggest_names("", streets, N(streets), out, 4), 0);
	/* The exact name is not a suggestion for itself. */
	assert_int_equal(suggest_names("湖岗街道", (const char *const[]){"湖岗街道"}, 1, out, 4), 0);
	/* max caps the list and keeps the best. */
	assert_int_equal(suggest_names("南城街道", streets, N(streets), out, 1), 1);
	assert_true(strcmp(streets[out[0]], "西城街道") == 0 || strcmp(streets[out[0]], "东城街道") == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distance_counts_characters), cmocka_unit_test(pinyin_ignores_tones),
		cmocka_unit_test(street_missing_its_suffix),  cmocka_unit_test(community_as_prefix),
		cmocka_unit_test(pinyin_breaks_ties),         cmocka_unit_test(pinyin_finds_homophone),
		cmocka_unit_test(unrelated_and_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
