/* The report template language: variables, conditions, lists, numbering and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "report/template.h"

static tpl_ctx ctx;

static int setup(void **state)
{
	(void)state;
	memset(&ctx, 0, sizeof ctx);
	tpl_set(&ctx, "region", "临江区");
	tpl_set(&ctx, "orgs_total", "12");
	tpl_set(&ctx, "zero", "0");
	tpl_set(&ctx, "rate", "71.4%");
	tpl_set(&ctx, "empty", "");
	tpl_item *it = tpl_list_add(&ctx, "streets");
	tpl_item_set(it, "name", "东城街道");
	tpl_item_setf(it, "n", "%d", 4);
	it = tpl_list_add(&ctx, "streets");
	tpl_item_set(it, "name", "西城街道");
	tpl_item_setf(it, "n", "%d", 3);
	tpl_set(&ctx, "nothing", "");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tpl_free(&ctx);
	return 0;
}

/* Expands src and compares with want (or expects an error containing want when err is set). */
static void check(const char *src, const char *want, int err)
{
	buf out = {0};
	fg_err e = {{0}};
	int rc = tpl_expand(&ctx, src, strlen(src), &out, &e);
	if (err) {
		assert_int_equal(rc, FG_EINPUT);
		if (!strstr(e.msg, want))
			fail_msg("error “%s” lacks “%s”", e.msg, want);
	} else {
		if (rc)
			fail_msg("unexpected error: %s", e.msg);
		assert_string_equal(buf_cstr(&out), want);
	}
	buf_free(&out);
}

static void variables(void **state)
{
	(void)state;
	check("{{region}}有党组织{{ orgs_total }}个，覆盖率{{rate}}。", "临江区有党组织12个，覆盖率71.4%。", 0);
	check("没有占位符", "没有占位符", 0);
	check("{{streets}}", "2", 0); /* a list as a value is its length */
}

static void conditions(void **state)
{
	(void)state;
	check("{{#if orgs_total}}有{{else}}无{{/if}}", "有", 0);
	check("{{#if zero}}有{{else}}无{{/if}}", "无", 0);
	check("{{#if empty}}有{{/if}}", "", 0);
	check("{{#unless zero}}零{{/unless}}", "零", 0);
	check("{{#if orgs_total > 10}}多{{/if}}{{#if orgs_total < 10}}少{{/if}}", "多", 0);
	check("{{#if rate >= 71.4}}达标{{/if}}", "达标", 0);
	check("{{#if orgs_total == 12}}十二{{/if}}{{#if orgs_total != 12}}否{{/if}}", "十二", 0);
	check("{{#if orgs_total}}{{#if zero}}a{{else}}b{{/if}}{{else}}c{{/if}}", "b", 0);
}

static void lists(void **state)
{
	(void)state;
	check("{{#each streets}}{{@index}}.{{.name}}({{.n}}){{#unless @last}}、{{/unless}}{{/each}}",
	      "1.东城街道(4)、2.西城街道(3)", 0);
	check("{{#each streets}}（{{@cn}}）{{/each}}", "（一）（二）", 0);
	check("{{#each nothing}}x{{/each}}", "", 0);
}

static void numbering(void **state)
{
	(void)state;
	check("## 甲\n（{{@next}}）（{{@next}}）\n## 乙\n（{{@next}}）", "## 甲\n（一）（二）\n## 乙\n（一）", 0);
	char cn[16];
	tpl_cn_number(10, cn);
	assert_string_equal(cn, "十");
	tpl_cn_number(21, cn);
	assert_string_equal(cn, "二十一");
	tpl_cn_number(15, cn);
	assert_string_equal(cn, "十五");
}

static void errors(void **state)
{
	(void)state;
	check("第一行\n{{nosuch}}", "模板第 2 行：未知的占位符 {{nosuch}}", 1);
	check("{{#if region}}没有结束", "没有对应的结束标记", 1);
	check("{{/if}}", "多余的", 1);
	check("{{#while x}}{{/while}}", "不认识的块", 1);
	check("{{#if nosuch}}x{{/if}}", "未知的名称", 1);
	check("{{#if orgs_total > abc}}x{{/if}}", "应为数字", 1);
	check("{{#each nosuch}}x{{/each}}", "未知的列表", 1);
	check("{{region", "没有对应的“}}”", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(variables, setup, teardown),
		cmocka_unit_test_setup_teardown(conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(lists, setup, teardown),
		cmocka_unit_test_setup_teardown(numbering, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
