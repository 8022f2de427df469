/* Investigation campaigns' date rules (core/campaign.h), each at the day where it turns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "core/campaign.h"
#include "core/ledger.h"
#include "util/date.h"

static int day(const char *s)
{
	int d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

/* A campaign is the year's from its start day until the end of the year its deadline falls in:
 * not the day before it starts, and not on 1 January after a 31 December deadline. */
static void of_year(void **state)
{
	(void)state;
	int start = day("2025-11-01"), deadline = day("2025-12-31");
	assert_false(campaign_of_year(start, deadline, day("2025-10-31")));
	assert_true(campaign_of_year(start, deadline, day("2025-11-01")));
	assert_true(campaign_of_year(start, deadline, day("2025-12-31")));
	assert_false(campaign_of_year(start, deadline, day("2026-01-01")));
	/* running across the new year: the year of its deadline too */
	assert_true(campaign_of_year(start, day("2026-01-01"), day("2026-06-30")));
	assert_false(campaign_of_year(DATE_NONE, deadline, day("2025-12-01")));
}

/* Done on D means 已完成 with the day on or before D; 已完成 without a day is not done. */
static void done_on(void **state)
{
	(void)state;
	int d = day("2026-04-15");
	assert_false(task_done_on(TASK_DONE, d, d - 1));
	assert_true(task_done_on(TASK_DONE, d, d));
	assert_false(task_done_on(TASK_DONE, DATE_NONE, d));
	assert_false(task_done_on(TASK_IN_PROGRESS, d, d));
}

/* Overdue from the day after the deadline, unless done by D; a campaign not started is not. */
static void overdue_on(void **state)
{
	(void)state;
	int start = day("2026-03-01"), deadline = day("2026-06-30");
	assert_false(task_overdue_on(start, deadline, TASK_NOT_STARTED, DATE_NONE, deadline));
	assert_true(task_overdue_on(start, deadline, TASK_NOT_STARTED, DATE_NONE, deadline + 1));
	assert_true(task_overdue_on(start, deadline, TASK_IN_PROGRESS, DATE_NONE, deadline + 1));
	/* completed late: overdue until the day it was done */
	int late = day("2026-07-10");
	assert_true(task_overdue_on(start, deadline, TASK_DONE, late, late - 1));
	assert_false(task_overdue_on(start, deadline, TASK_DONE, late, late));
	/* a deadline before its start cannot be stored, but a start after D never makes it overdue */
	assert_false(task_overdue_on(day("2026-08-01"), deadline, TASK_NOT_STARTED, DATE_NONE, day("2026-07-15")));
}

static void states(void **state)
{
	(void)state;
	assert_int_equal(task_state_parse(NULL), TASK_NOT_STARTED);
	assert_int_equal(task_state_parse(""), TASK_NOT_STARTED);
	assert_int_equal(task_state_parse("进行中"), TASK_IN_PROGRESS);
	assert_int_equal(task_state_parse("已完成"), TASK_DONE);
	assert_int_equal(task_state_parse("完成"), -1);
}

/* 完成日期 exactly when 已完成; the message points at the cell that is wrong. */
static void row_rule(void **state)
{
	(void)state;
	char msg[128];
	int at_date = -1;
	assert_int_equal(task_check(TASK_DONE, DATE_NONE, &at_date, msg, sizeof msg), 1);
	assert_int_equal(at_date, 1);
	assert_int_equal(task_check(TASK_IN_PROGRESS, day("2026-05-01"), &at_date, msg, sizeof msg), 1);
	assert_int_equal(at_date, 0);
	assert_non_null(strstr(msg, "进行中"));
	assert_int_equal(task_check(TASK_DONE, day("2026-05-01"), &at_date, msg, sizeof msg), 0);
	assert_int_equal(task_check(TASK_NOT_STARTED, DATE_NONE, &at_date, msg, sizeof msg), 0);

	/* the ledger applies it to a row, and a campaign's deadline may not precede its start */
	const ledger_def *tk = ledger_get(LEDGER_TASKS), *cp = ledger_get(LEDGER_CAMPAIGNS);
	ledger_ctx ctx = {day("2026-11-26"), NULL};
	buf m = {0};
	ledger_rec r = {{0}};
	r.f[TK_CAMPAIGN] = "排查";
	r.f[TK_USCC] = "91330106MA20002034";
	r.f[TK_STATUS] = "已完成";
	assert_int_equal(ledger_check_row(tk, &r, &ctx, &m), TK_DONE);
	r.f[TK_STATUS] = NULL; /* empty: 未开始 */
	r.f[TK_DONE] = "2026-05-01";
	assert_int_equal(ledger_check_row(tk, &r, &ctx, &m), TK_STATUS);
	ledger_rec c = {{0}};
	c.f[CP_NAME] = "排查";
	c.f[CP_LEAD] = "区委组织部";
	c.f[CP_START] = "2026-03-01";
	c.f[CP_DEADLINE] = "2026-02-28";
	assert_int_equal(ledger_check_row(cp, &c, &ctx, &m), CP_DEADLINE);
	c.f[CP_DEADLINE] = "2026-03-01";
	assert_int_equal(ledger_check_row(cp, &c, &ctx, &m), -1);
	/* a deadline may lie after today; a completion date may not */
	buf out = {0};
	assert_int_equal(ledger_parse_value(&cp->cols[CP_DEADLINE], "2026-12-31", 0, &ctx, &out, &m), VAL_OK);
	assert_int_equal(ledger_parse_value(&tk->cols[TK_DONE], "2026-11-27", 0, &ctx, &out, &m), VAL_ERROR);
	buf_free(&out);
	buf_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(of_year), cmocka_unit_test(done_on), cmocka_unit_test(overdue_on),
		cmocka_unit_test(states),  cmocka_unit_test(row_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
