/* Pinyin order: the stored sort keys order names exactly as the collator does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/collate.h"

static int key_cmp(const char *a, const char *b)
{
	unsigned char ka[256], kb[256];
	size_t na = collate_key(a, ka, sizeof ka), nb = collate_key(b, kb, sizeof kb);
	int c = memcmp(ka, kb, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void pinyin_order(void **state)
{
	(void)state;
	/* 安 an < 北 bei < 城 cheng < 东 dong < 和 he < 西 xi < 幸 xing */
	assert_true(collate_zh("安徽企业", "北京企业") < 0);
	assert_true(collate_zh("东城街道", "西城街道") < 0);
	assert_true(collate_zh("和平社区", "幸福社区") < 0);
	assert_int_equal(collate_zh("同名", "同名"), 0);
	static const char *const names[] = {"幸福社区", "和平社区", "光明社区", "东城街道", "西城街道", "安徽企业",
					    "北京企业", "Apple", "apple", "123 公司", "临江智造科技有限公司",
					    "临江小象餐饮有限公司", "", "中共临江区非公有制企业委员会"};
	size_t n = sizeof names / sizeof names[0];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			if (sign(key_cmp(names[i], names[j])) != sign(collate_zh(names[i], names[j])))
				fail_msg("key order of “%s” and “%s” differs from the collator", names[i], names[j]);
}

/* Numbers by their value, in the collator and the stored key alike: 第一 … 第二十一 in that order
 * (pinyin would put 第二 before 第一 and 第十 before 第三), digit runs likewise, and a 第 without a
 * numeral, or a numeral without 第, in pinyin order as before. */
static void numbers_by_value(void **state)
{
	(void)state;
	static const char *const ordered[] = {
		"东城街道第一联合党支部", "东城街道第二联合党支部", "东城街道第三联合党支部", "东城街道第九联合党支部",
		"东城街道第十联合党支部", "东城街道第十一联合党支部", "东城街道第十九联合党支部",
		"东城街道第二十联合党支部", "东城街道第二十一联合党支部", "东城街道第一百零二联合党支部",
		"东城街道第两千联合党支部"};
	size_t n = sizeof ordered / sizeof ordered[0];
	for (size_t i = 0; i + 1 < n; i++) {
		if (collate_zh(ordered[i], ordered[i + 1]) >= 0)
			fail_msg("“%s” should come before “%s”", ordered[i], ordered[i + 1]);
		if (key_cmp(ordered[i], ordered[i + 1]) >= 0)
			fail_msg("the key of “%s” should come before that of “%s”", ordered[i], ordered[i + 1]);
	}
	assert_true(collate_zh("2号楼", "10号楼") < 0);
	assert_true(key_cmp("2号楼", "10号楼") < 0);
	assert_true(collate_zh("第12", "第二十") < 0); /* both are numbers: 12 < 20 */
	assert_true(collate_zh("一心科技", "二鸣科技") > 0); /* no 第: pinyin, yi after er */
	assert_true(collate_zh("第一", "第一") == 0);
	assert_true(collate_zh("次第", "次第一") < 0); /* a 第 at the end */
}

/* The numeral writer is the reader's inverse, and its numbers sort by value after 第. */
static void numerals_written(void **state)
{
	(void)state;
	static const struct {
		long n;
		const char *cn;
	} known[] = {{1, "一"},	      {7, "七"},	 {10, "十"},	      {12, "十二"},
		     {20, "二十"},     {21, "二十一"},	 {100, "一百"},      {105, "一百零五"},
		     {110, "一百一十"}, {1000, "一千"},	 {1010, "一千零一十"}, {1001, "一千零一"},
		     {9999, "九千九百九十九"}};
	char out[32];
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		size_t n = collate_cn_numeral(known[i].n, out, sizeof out);
		assert_string_equal(out, known[i].cn);
		assert_int_equal(n, strlen(known[i].cn));
	}
	for (long v = 1; v <= 9999; v++) {
		size_t n = collate_cn_numeral(v, out, sizeof out), len = 0;
		assert_true(n < sizeof out);
		assert_int_equal(collate_cn_value(out, &len), v);
		assert_int_equal(len, n);
	}
	/* outside the numerals' range: digits; a short buffer is cut but the length is whole */
	collate_cn_numeral(0, out, sizeof out);
	assert_string_equal(out, "0");
	collate_cn_numeral(10000, out, sizeof out);
	assert_string_equal(out, "10000");
	assert_int_equal(collate_cn_numeral(12, out, 4), 6);
	assert_string_equal(out, "十");
	/* after 第六 comes 第七, after 第九 第十, 第十九 before 第二十 */
	char a[64], b[64];
	for (long v = 1; v < 200; v++) {
		char x[32], y[32];
		collate_cn_numeral(v, x, sizeof x);
		collate_cn_numeral(v + 1, y, sizeof y);
		snprintf(a, sizeof a, "南山社区第%s联合党支部", x);
		snprintf(b, sizeof b, "南山社区第%s联合党支部", y);
		if (collate_zh(a, b) >= 0)
			fail_msg("“%s” does not sort before “%s”", a, b);
	}
}

static void widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("党组织"), 6);
	assert_int_equal(text_width("（一）"), 6);
	assert_int_equal(text_width("71.4%"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(pinyin_order), cmocka_unit_test(numbers_by_value),
					   cmocka_unit_test(numerals_written), cmocka_unit_test(widths)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
