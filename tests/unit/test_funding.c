/* The funding ledger's rules at their edges, each test the mistake it prevents: an amount read
 * through a float (0.01 or 12345.67 off by a 分), "12.345" silently rounded, a negative or nil
 * grant accepted, an award of exactly the minimum or maximum called out of range (or one 分
 * beyond it called in range), an award to an organisation without a valid rating let through,
 * and a grant of 31 December last year counted in this year's figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/dues.h"
#include "core/funding.h"
#include "core/ledger.h"
#include "util/date.h"

static const ledger_def *def;
static ledger_ctx ctx;
static buf out, msg;

static int setup(void **state)
{
	(void)state;
	def = ledger_get(LEDGER_FUNDING);
	ctx.today = date_from_ymd(2026, 6, 30);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&out);
	buf_free(&msg);
	return 0;
}

/* The amount as the importer and the forms read it: the ledger's parser, then the row's rules. */
static int amount(const char *raw, int64_t *fen)
{
	if (ledger_parse_value(&def->cols[FU_AMOUNT], raw, 0, &ctx, &out, &msg) != VAL_OK)
		return -1;
	ledger_rec r = {{0}};
	r.f[FU_ORG] = "甲公司党支部";
	r.f[FU_DATE] = "2026-03-01";
	r.f[FU_KIND] = "星级奖励";
	r.f[FU_AMOUNT] = buf_cstr(&out);
	buf m = {0};
	int bad = ledger_check_row(def, &r, &ctx, &m);
	buf_free(&m);
	if (bad >= 0)
		return bad == FU_AMOUNT ? -2 : -3;
	return dues_money_parse(buf_cstr(&out), fen);
}

static void money_through_the_ledger(void **state)
{
	(void)state;
	static const struct {
		const char *raw, *canon;
		int64_t fen;
	} ok[] = {
		{"0.01", "0.01", 1},		   {"9999.99", "9999.99", 999999},  {"10000", "10000.00", 1000000},
		{"12345.67", "12345.67", 1234567}, {"12,345.67", "12345.67", 1234567}, {"5000元", "5000.00", 500000},
		{"0.1", "0.10", 10},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		int64_t fen = -1;
		assert_int_equal(amount(ok[i].raw, &fen), 0);
		assert_string_equal(buf_cstr(&out), ok[i].canon);
		assert_int_equal(fen, ok[i].fen);
	}
	int64_t fen;
	assert_int_equal(amount("12.345", &fen), -1);
	assert_non_null(strstr(buf_cstr(&msg), "两位小数"));
	assert_int_equal(amount("-5", &fen), -1);
	assert_non_null(strstr(buf_cstr(&msg), "负数"));
	assert_int_equal(amount("0", &fen), -2);   /* a grant of nothing */
	assert_int_equal(amount("0.00", &fen), -2);
	assert_int_equal(amount("十元", &fen), -1);
}

static void amounts_are_required(void **state)
{
	(void)state;
	assert_true(def->cols[FU_AMOUNT].flags & COL_REQUIRED);
	assert_int_equal(def->cols[FU_AMOUNT].type, COL_MONEY);
	/* 党组织名称 + 日期 + 类型 name the row */
	assert_true(def->cols[FU_ORG].flags & COL_KEY);
	assert_true(def->cols[FU_DATE].flags & COL_KEY);
	assert_true(def->cols[FU_KIND].flags & COL_KEY);
	assert_false(def->cols[FU_AMOUNT].flags & COL_KEY);
	/* a date after today is refused */
	assert_int_equal(ledger_parse_value(&def->cols[FU_DATE], "2026-07-01", 0, &ctx, &out, &msg), VAL_ERROR);
	assert_int_equal(ledger_parse_value(&def->cols[FU_DATE], "2026-06-30", 0, &ctx, &out, &msg), VAL_OK);
	assert_int_equal(ledger_parse_value(&def->cols[FU_KIND], "奖金", 0, &ctx, &out, &msg), VAL_ERROR);
}

static void award_range_edges(void **state)
{
	(void)state;
	rating_settings c;
	rating_defaults(&c);
	char m[256];
	/* default ranges in 元: 3★ 5,000–10,000, 4★ 10,000–20,000, 5★ 20,000–50,000 */
	static const struct {
		int stars;
		int64_t lo, hi; /* 分 */
	} R[] = {{3, 500000, 1000000}, {4, 1000000, 2000000}, {5, 2000000, 5000000}};
	for (size_t i = 0; i < sizeof R / sizeof R[0]; i++) {
		assert_int_equal(funding_award_outside(&c, R[i].stars, R[i].lo, m, sizeof m), 0);
		assert_int_equal(funding_award_outside(&c, R[i].stars, R[i].hi, m, sizeof m), 0);
		assert_int_equal(funding_award_outside(&c, R[i].stars, R[i].lo - 1, m, sizeof m), 1);
		assert_non_null(strstr(m, "低于"));
		assert_int_equal(funding_award_outside(&c, R[i].stars, R[i].hi + 1, m, sizeof m), 1);
		assert_non_null(strstr(m, "高于"));
	}
	/* The message names the amount in report money, the range and the stars. */
	funding_award_outside(&c, 3, 1234567, m, sizeof m);
	assert_string_equal(m, "星级奖励 1.23万元，高于三星级党组织的奖励范围 5000元至1万元");
	funding_award_outside(&c, 5, 1999999, m, sizeof m);
	/* rounded to 万元 it would read as the minimum: the exact amount follows */
	assert_string_equal(m, "星级奖励 2万元（19999.99元），低于五星级党组织的奖励范围 2万元至5万元");
	funding_award_outside(&c, 4, 999999, m, sizeof m);
	assert_string_equal(m, "星级奖励 9999.99元，低于四星级党组织的奖励范围 1万元至2万元");
	/* one and two stars carry no award; no valid rating (0 stars) has no range */
	assert_int_equal(funding_award_outside(&c, 2, 1, m, sizeof m), 1);
	assert_non_null(strstr(m, "二星级党组织不设星级奖励"));
	assert_int_equal(funding_award_outside(&c, 1, 100000, m, sizeof m), 1);
	assert_int_equal(funding_award_outside(&c, 0, 500000, m, sizeof m), 1);
	assert_non_null(strstr(m, "没有有效的星级评定"));
	/* the ranges are settings */
	rating_apply(&c, "funding.award_max_3", "12000");
	assert_int_equal(funding_award_outside(&c, 3, 1200000, m, sizeof m), 0);
	assert_int_equal(funding_award_outside(&c, 3, 1200001, m, sizeof m), 1);
}

static void the_year_of_the_figures(void **state)
{
	(void)state;
	int d = date_from_ymd(2026, 6, 30);
	assert_false(funding_in_year(date_from_ymd(2025, 12, 31), d));
	assert_true(funding_in_year(date_from_ymd(2026, 1, 1), d));
	assert_true(funding_in_year(d, d));
	assert_false(funding_in_year(d + 1, d));
	assert_false(funding_in_year(DATE_NONE, d));
	assert_int_equal(funding_kind_parse("星级奖励"), FUNDING_AWARD);
	assert_int_equal(funding_kind_parse("专项补贴"), FUNDING_SUBSIDY);
	assert_int_equal(funding_kind_parse("其他"), FUNDING_OTHER);
	assert_int_equal(funding_kind_parse("奖励"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(money_through_the_ledger),
		cmocka_unit_test(amounts_are_required),
		cmocka_unit_test(award_range_edges),
		cmocka_unit_test(the_year_of_the_figures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
