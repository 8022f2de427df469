/* Name search: each test is the mistake it prevents — a two-character search that finds nothing
 * (a trigram index), pinyin that only works from a name's first character, initials lost for a
 * one-character name, full-width letters that find nothing, a search of punctuation that turns
 * into "everything", letters inside a credit code taken for a name, a code search that accepts a
 * name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/search.h"

static char *words(const char *name)
{
	static buf b;
	buf_reset(&b);
	search_words(name, &b);
	return (char *)buf_cstr(&b);
}

static char *match(const char *text)
{
	static buf b;
	buf_reset(&b);
	return search_match(text, &b) ? (char *)buf_cstr(&b) : NULL;
}

static void index_words(void **state)
{
	(void)state;
	assert_string_equal(words("安洋医药"), "安 洋 安洋 医 洋医 药 医药 anyangyiyao ayyy yangyiyao yyy yiyao yy yao");
	/* one character: its pinyin, and no one-letter initials word */
	assert_string_equal(words("张"), "张 zhang");
	/* full-width letters become ASCII, lower-cased; digits and letters are words of their own */
	assert_string_equal(words("ＡＢＣ科技2号"), "abc 科 技 科技 2 号 kejihao kjh jihao jh hao");
	assert_string_equal(words(""), "");
	assert_string_equal(words("（）"), "");
}

static void queries(void **state)
{
	(void)state;
	assert_string_equal(match("科技"), "\"科技\"");
	assert_string_equal(match("科"), "\"科\"");
	assert_string_equal(match("智造科技"), "\"智造\" AND \"造科\" AND \"科技\"");
	assert_string_equal(match("  ayyy   科技 "), "\"ayyy\"* AND \"科技\"");
	assert_string_equal(match("ＡＹＹＹ"), "\"ayyy\"*");
	assert_string_equal(match("临江keji"), "\"临江\" AND \"keji\"*");
	assert_null(match("！！"));
	assert_null(match("\"*"));
	assert_null(match(""));
}

static void codes(void **state)
{
	(void)state;
	char c[40];
	assert_int_equal(search_code_prefix("91330106ma20", c, sizeof c), 1);
	assert_string_equal(c, "91330106MA20");
	assert_int_equal(search_code_prefix("９１３３", c, sizeof c), 1);
	assert_string_equal(c, "9133");
	assert_int_equal(search_code_prefix("913", c, sizeof c), 0);         /* too short */
	assert_int_equal(search_code_prefix("ma2000342", c, sizeof c), 0);   /* not a code's beginning */
	assert_int_equal(search_code_prefix("9133 科技", c, sizeof c), 0);   /* not a code at all */
	assert_int_equal(search_code_prefix("3301061961020200350", c, 8), 0); /* longer than the room */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(index_words),
		cmocka_unit_test(queries),
		cmocka_unit_test(codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
