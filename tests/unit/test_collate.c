/* Pinyin order: the stored sort keys order names exactly as the collator does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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
	const struct CMUnitTest tests[] = {cmocka_unit_test(pinyin_order), cmocka_unit_test(widths)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
