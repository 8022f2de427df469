/* The party-work compliance rules at their boundaries: each test is the mistake it prevents —
 * a running period reported missing, a half-existing period checked, a yearly minimum judged
 * before December 31, a leap year prorated over 365 days, a secretary's leaving day counted as
 * served, a visit on a quarter's last day lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/life.h"
#include "core/settings.h"
#include "util/date.h"

static life_settings cfg;

static int D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int setup(void **state)
{
	(void)state;
	life_defaults(&cfg);
	return 0;
}

/* An ordinary branch founded long ago, with a committee and one group. */
static const life_org BRANCH = {.founded = 0, .has_committee = 1, .groups = 1, .is_leadership = 0};

static life_calendar cal(const life_org *o, const life_meeting *m, size_t n, int as_of)
{
	life_calendar c;
	life_org_year(o, m, n, as_of, &cfg, &c);
	return c;
}

/* Every minimum held once in every month of the year up to the end of `upto_month`. */
static size_t full_year(life_meeting *m, int year, int upto_month)
{
	size_t n = 0;
	for (int mo = 1; mo <= upto_month; mo++)
		for (int k = 0; k < LIFE_NKINDS; k++)
			m[n++] = (life_meeting){k, D(year, mo, 10)};
	return n;
}

static void calendar_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(D(2026, 1, 31), 1), D(2026, 2, 28));
	assert_int_equal(date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29)); /* leap February */
	assert_int_equal(date_add_months(D(2026, 3, 31), 1), D(2026, 4, 30));
	assert_int_equal(date_add_months(D(2025, 11, 30), 3), D(2026, 2, 28)); /* across the year */
	assert_int_equal(date_add_months(D(2026, 12, 31), 1), D(2027, 1, 31));
	assert_int_equal(date_add_months(D(2026, 3, 31), -1), D(2026, 2, 28));
	assert_int_equal(date_add_years(D(2024, 2, 29), 1), D(2025, 2, 28));
	assert_int_equal(date_add_years(D(2024, 2, 29), 4), D(2028, 2, 29)); /* not clamped twice */
	assert_int_equal(date_add_years(D(2025, 2, 28), 1), D(2026, 2, 28));
}

static void settings_table(void **state)
{
	(void)state;
	/* Every minimum has its setting, with the specification's default. */
	for (int k = 0; k < LIFE_NKINDS; k++) {
		const setting_def *d = settings_find(life_kinds[k].setting);
		assert_non_null(d);
		assert_string_equal(d->def, "1");
		assert_int_equal(cfg.min[k], 1);
		assert_null(settings_check(d, "0")); /* 0 switches a kind off */
		assert_non_null(settings_check(d, "-1"));
	}
	assert_int_equal(cfg.member_hours, 32);
	assert_int_equal(cfg.cadre_hours, 56);
	assert_int_equal(cfg.visits_per_quarter, 1);
	assert_non_null(settings_find("study.member_hours"));
	assert_non_null(settings_find("study.cadre_hours"));
	assert_non_null(settings_find("instructor.visits_per_quarter"));
	assert_non_null(settings_check(settings_find("study.member_hours"), "1.5"));

	life_apply(&cfg, "life.themed_day_per_month", "2");
	assert_int_equal(cfg.min[LIFE_THEMED_DAY], 2);
	life_apply(&cfg, "life.themed_day_per_month", "-3"); /* invalid: ignored */
	life_apply(&cfg, "life.themed_day_per_month", "x");
	assert_int_equal(cfg.min[LIFE_THEMED_DAY], 2);
	life_apply(&cfg, "study.cadre_hours", "60");
	assert_int_equal(cfg.cadre_hours, 60);
	life_settings before = cfg;
	life_apply(&cfg, "scope.min_employees", "20"); /* another module's key changes nothing here */
	life_apply(&cfg, "no.such.key", "1");
	assert_memory_equal(&before, &cfg, sizeof cfg);
}

static void kinds_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		life_period p;
		life_when w;
	} WANT[] = {
		{"支部党员大会", LIFE_QUARTER, LIFE_ALWAYS}, {"支部委员会", LIFE_MONTH, LIFE_WITH_COMMITTEE},
		{"党小组会", LIFE_MONTH, LIFE_WITH_GROUPS},  {"党课", LIFE_QUARTER, LIFE_ALWAYS},
		{"主题党日", LIFE_MONTH, LIFE_ALWAYS},       {"组织生活会", LIFE_YEAR, LIFE_ALWAYS},
		{"民主评议党员", LIFE_YEAR, LIFE_ALWAYS},
	};
	assert_int_equal(sizeof WANT / sizeof WANT[0], LIFE_NKINDS);
	for (int i = 0; i < LIFE_NKINDS; i++) {
		int k = life_kind_find(WANT[i].name);
		assert_true(k >= 0);
		assert_int_equal(life_kinds[k].period, WANT[i].p);
		assert_int_equal(life_kinds[k].applies, WANT[i].w);
	}
	assert_null(life_kind_names[LIFE_NKINDS]);
	assert_int_equal(life_kind_find("支部大会"), -1);
	assert_int_equal(life_kind_find(""), -1);
	size_t n = 0;
	while (life_forms[n])
		n++;
	assert_int_equal(n, 5);
	assert_string_equal(life_forms[1], "错时");
	n = 0;
	while (visit_roles[n])
		n++;
	assert_int_equal(n, 4);
	assert_string_equal(visit_roles[3], "督导员");
}

static void periods_and_labels(void **state)
{
	(void)state;
	int first, last;
	life_period_bounds(2024, LIFE_MONTH, 1, &first, &last);
	assert_int_equal(first, D(2024, 2, 1));
	assert_int_equal(last, D(2024, 2, 29));
	life_period_bounds(2026, LIFE_QUARTER, 3, &first, &last);
	assert_int_equal(first, D(2026, 10, 1));
	assert_int_equal(last, D(2026, 12, 31));
	life_period_bounds(2026, LIFE_YEAR, 0, &first, &last);
	assert_int_equal(first, D(2026, 1, 1));
	assert_int_equal(last, D(2026, 12, 31));
	assert_int_equal(life_period_index(LIFE_QUARTER, 3), 0);
	assert_int_equal(life_period_index(LIFE_QUARTER, 4), 1);
	assert_int_equal(life_period_index(LIFE_YEAR, 12), 0);
	assert_int_equal(life_period_index(LIFE_MONTH, 12), 11);
	char l[LIFE_LABEL_MAX];
	life_period_label(2026, LIFE_MONTH, 2, l);
	assert_string_equal(l, "2026年3月");
	life_period_label(2026, LIFE_QUARTER, 0, l);
	assert_string_equal(l, "2026年第1季度");
	life_period_label(2026, LIFE_YEAR, 0, l);
	assert_string_equal(l, "2026年度");
	assert_string_equal(life_state_name(LIFE_MISSING), "未开展");
	assert_string_equal(life_state_name(LIFE_DUE), "待开展");
	assert_string_equal(life_state_name(LIFE_HELD), "已开展");
	assert_string_equal(life_state_name(LIFE_NA), "不适用");
}

/* D = 31 March: March and Q1 have ended and are missing; D = 30 March: they are only due. */
static void month_just_ended_vs_running(void **state)
{
	(void)state;
	life_calendar c = cal(&BRANCH, NULL, 0, D(2026, 3, 31));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].state, LIFE_MISSING);
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].state, LIFE_MISSING);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][3].state, LIFE_NA); /* April is after D */
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].state, LIFE_DUE);
	/* 3 months × (committee, group, themed day) + Q1 × (assembly, lesson) */
	assert_int_equal(c.nmissing, 11);
	assert_true(c.checked);
	assert_false(c.compliant);

	c = cal(&BRANCH, NULL, 0, D(2026, 3, 30));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].state, LIFE_DUE);
	assert_false(c.cell[LIFE_THEMED_DAY][2].checked);
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].state, LIFE_DUE);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].state, LIFE_MISSING);
	assert_int_equal(c.nmissing, 6);

	/* Held in the running month: shown held, yet not counted as checked. */
	life_meeting m[] = {{LIFE_THEMED_DAY, D(2026, 3, 5)}};
	c = cal(&BRANCH, m, 1, D(2026, 3, 30));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].state, LIFE_HELD);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].held, 1);
	assert_false(c.cell[LIFE_THEMED_DAY][2].checked);

	/* January 1: nothing has ended, so nothing is checked and nothing is compliant. */
	c = cal(&BRANCH, NULL, 0, D(2026, 1, 1));
	assert_false(c.checked);
	assert_false(c.compliant);
	assert_int_equal(c.nmissing, 0);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][0].state, LIFE_DUE);
}

static void all_held_is_compliant(void **state)
{
	(void)state;
	life_meeting m[LIFE_NKINDS * 12];
	size_t n = full_year(m, 2026, 12);
	life_calendar c = cal(&BRANCH, m, n, D(2026, 12, 31));
	assert_true(c.checked);
	assert_true(c.compliant);
	assert_int_equal(c.nmissing, 0);
	assert_int_equal(c.cell[LIFE_ASSEMBLY][3].held, 3); /* three held in Q4 */
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].held, 12);

	/* One month's 主题党日 dropped: exactly that one is missing, and the organisation fails. */
	for (size_t i = 0; i < n; i++)
		if (m[i].kind == LIFE_THEMED_DAY && m[i].day == D(2026, 7, 10))
			m[i].kind = -1; /* not one of the minimums: ignored */
	c = cal(&BRANCH, m, n, D(2026, 12, 31));
	assert_false(c.compliant);
	assert_int_equal(c.nmissing, 1);
	assert_int_equal(c.missing[0].kind, LIFE_THEMED_DAY);
	assert_int_equal(c.missing[0].idx, 6);
}

static void meetings_counted_in_their_period_only(void **state)
{
	(void)state;
	life_meeting m[] = {
		{LIFE_THEMED_DAY, D(2026, 1, 31)},  /* last day of January: January */
		{LIFE_THEMED_DAY, D(2025, 2, 10)},  /* last year: not this year's February */
		{LIFE_THEMED_DAY, D(2026, 3, 20)},  /* after D */
		{LIFE_ASSEMBLY, D(2026, 3, 31)},    /* Q1's last day */
		{LIFE_NKINDS, D(2026, 2, 1)},       /* out of range: ignored, not a crash */
	};
	life_calendar c = cal(&BRANCH, m, sizeof m / sizeof m[0], D(2026, 3, 15));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][0].state, LIFE_HELD);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].state, LIFE_MISSING);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].held, 0);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].held, 0);
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].held, 0); /* dated after D */
	c = cal(&BRANCH, m, sizeof m / sizeof m[0], D(2026, 3, 31));
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].state, LIFE_HELD);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].held, 1);
}

static void minimum_from_settings(void **state)
{
	(void)state;
	life_meeting m[] = {{LIFE_THEMED_DAY, D(2026, 1, 5)}, {LIFE_THEMED_DAY, D(2026, 2, 5)},
			    {LIFE_THEMED_DAY, D(2026, 2, 25)}};
	life_apply(&cfg, "life.themed_day_per_month", "2");
	life_calendar c = cal(&BRANCH, m, 3, D(2026, 2, 28));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][0].state, LIFE_MISSING); /* one of two */
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].state, LIFE_HELD);
	life_apply(&cfg, "life.themed_day_per_month", "0"); /* switched off: never checked */
	c = cal(&BRANCH, m, 3, D(2026, 2, 28));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][0].state, LIFE_NA);
	assert_false(c.cell[LIFE_THEMED_DAY][0].checked);
}

/* Founded mid-quarter: that quarter and month are not checked; founded on the first day: checked. */
static void founded_mid_period(void **state)
{
	(void)state;
	life_org o = BRANCH;
	o.founded = D(2026, 2, 15);
	life_calendar c = cal(&o, NULL, 0, D(2026, 6, 30));
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].state, LIFE_NA);
	assert_false(c.cell[LIFE_ASSEMBLY][0].checked);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].state, LIFE_NA);  /* February */
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].state, LIFE_MISSING); /* March: existed entirely */
	assert_int_equal(c.cell[LIFE_ASSEMBLY][1].state, LIFE_MISSING);

	o.founded = D(2026, 4, 1);
	c = cal(&o, NULL, 0, D(2026, 6, 30));
	assert_int_equal(c.cell[LIFE_ASSEMBLY][1].state, LIFE_MISSING);
	assert_true(c.cell[LIFE_ASSEMBLY][1].checked);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][2].state, LIFE_NA);
	o.founded = D(2026, 4, 2);
	c = cal(&o, NULL, 0, D(2026, 6, 30));
	assert_int_equal(c.cell[LIFE_ASSEMBLY][1].state, LIFE_NA);
	assert_int_equal(c.cell[LIFE_THEMED_DAY][4].state, LIFE_MISSING); /* May */

	/* Founded in the running month: neither checked nor due, and the organisation is unchecked. */
	o.founded = D(2026, 2, 15);
	c = cal(&o, NULL, 0, D(2026, 2, 28));
	assert_int_equal(c.cell[LIFE_THEMED_DAY][1].state, LIFE_NA);
	assert_false(c.checked);
	assert_false(c.compliant);
}

static void committee_and_groups(void **state)
{
	(void)state;
	life_org o = BRANCH;
	life_calendar c = cal(&o, NULL, 0, D(2026, 2, 28));
	assert_int_equal(c.cell[LIFE_COMMITTEE][0].state, LIFE_MISSING);
	assert_int_equal(c.cell[LIFE_GROUP][0].state, LIFE_MISSING);

	o.has_committee = 0;
	o.groups = 0;
	life_meeting m[] = {{LIFE_THEMED_DAY, D(2026, 1, 5)}, {LIFE_THEMED_DAY, D(2026, 2, 5)}};
	c = cal(&o, m, 2, D(2026, 2, 28));
	for (int i = 0; i < 12; i++) {
		assert_int_equal(c.cell[LIFE_COMMITTEE][i].state, LIFE_NA);
		assert_int_equal(c.cell[LIFE_GROUP][i].state, LIFE_NA);
	}
	assert_true(c.compliant); /* only the themed days were due, and they were held */

	o.groups = 1;
	c = cal(&o, m, 2, D(2026, 2, 28));
	assert_int_equal(c.cell[LIFE_GROUP][1].state, LIFE_MISSING);
	assert_int_equal(c.cell[LIFE_COMMITTEE][1].state, LIFE_NA);
	assert_false(c.compliant);
}

static void yearly_only_on_december_31(void **state)
{
	(void)state;
	life_meeting m[LIFE_NKINDS * 12];
	size_t n = full_year(m, 2026, 11);
	/* December's monthly and Q4's quarterly minimums held, but no yearly meetings in the year. */
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (m[i].kind != LIFE_LIFE_MEETING && m[i].kind != LIFE_APPRAISAL)
			m[k++] = m[i];
	for (int kind = 0; kind < LIFE_NKINDS; kind++)
		if (kind != LIFE_LIFE_MEETING && kind != LIFE_APPRAISAL)
			m[k++] = (life_meeting){kind, D(2026, 12, 1)};
	life_calendar c = cal(&BRANCH, m, k, D(2026, 12, 30));
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].state, LIFE_DUE);
	assert_int_equal(c.cell[LIFE_APPRAISAL][0].state, LIFE_DUE);
	assert_true(c.compliant);
	c = cal(&BRANCH, m, k, D(2026, 12, 31));
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].state, LIFE_MISSING);
	assert_int_equal(c.nmissing, 2);
	assert_int_equal(c.missing[0].kind, LIFE_LIFE_MEETING);
	assert_int_equal(c.missing[1].kind, LIFE_APPRAISAL);
	assert_false(c.compliant);

	/* Founded on 2 January: the year is not whole, so the yearly minimums are not checked. */
	life_org o = BRANCH;
	o.founded = D(2026, 1, 2);
	c = cal(&o, m, k, D(2026, 12, 31));
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].state, LIFE_NA);
	o.founded = D(2026, 1, 1);
	c = cal(&o, m, k, D(2026, 12, 31));
	assert_int_equal(c.cell[LIFE_LIFE_MEETING][0].state, LIFE_MISSING);
}

static void leadership_never_checked(void **state)
{
	(void)state;
	life_org o = BRANCH;
	o.is_leadership = 1;
	life_meeting m[] = {{LIFE_ASSEMBLY, D(2026, 1, 5)}};
	life_calendar c = cal(&o, m, 1, D(2026, 12, 31));
	for (int k = 0; k < LIFE_NKINDS; k++)
		for (int i = 0; i < 12; i++)
			assert_int_equal(c.cell[k][i].state, LIFE_NA);
	assert_int_equal(c.cell[LIFE_ASSEMBLY][0].held, 1); /* still shown */
	assert_false(c.checked);
	assert_false(c.compliant);
	assert_int_equal(c.nmissing, 0);
}

/* The missing list reads in the order things fell due: period end, then the kinds' order. */
static void missing_order_and_month_cells(void **state)
{
	(void)state;
	life_org o = BRANCH;
	o.groups = 0;
	o.has_committee = 0;
	life_calendar c = cal(&o, NULL, 0, D(2026, 4, 30));
	static const life_miss WANT[] = {
		{LIFE_THEMED_DAY, 0}, {LIFE_THEMED_DAY, 1}, {LIFE_ASSEMBLY, 0},
		{LIFE_LESSON, 0},     {LIFE_THEMED_DAY, 2}, {LIFE_THEMED_DAY, 3},
	};
	assert_int_equal(c.nmissing, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(c.missing[i].kind, WANT[i].kind);
		assert_int_equal(c.missing[i].idx, WANT[i].idx);
	}
	assert_ptr_equal(life_cell_of_month(&c, LIFE_ASSEMBLY, 5), &c.cell[LIFE_ASSEMBLY][1]);
	assert_ptr_equal(life_cell_of_month(&c, LIFE_APPRAISAL, 7), &c.cell[LIFE_APPRAISAL][0]);
	assert_ptr_equal(life_cell_of_month(&c, LIFE_THEMED_DAY, 7), &c.cell[LIFE_THEMED_DAY][6]);
}

static void study_proration(void **state)
{
	(void)state;
	assert_int_equal(study_required(D(2026, 1, 1), 0, &cfg), 0);   /* 32 × 1/365 */
	assert_int_equal(study_required(D(2026, 1, 1), 1, &cfg), 0);
	assert_int_equal(study_required(D(2026, 6, 30), 0, &cfg), 15); /* 32 × 181/365 = 15.87 */
	assert_int_equal(study_required(D(2026, 6, 30), 1, &cfg), 27); /* 56 × 181/365 = 27.77 */
	assert_int_equal(study_required(D(2026, 7, 2), 0, &cfg), 16);  /* 16.04: down, not up */
	assert_int_equal(study_required(D(2026, 12, 31), 0, &cfg), 32);
	assert_int_equal(study_required(D(2026, 12, 31), 1, &cfg), 56);
	/* Leap year: 366 days. Over 365 the 30th of December would already require all 32. */
	assert_int_equal(study_required(D(2024, 12, 30), 0, &cfg), 31);
	assert_int_equal(study_required(D(2024, 12, 30), 1, &cfg), 55);
	assert_int_equal(study_required(D(2024, 12, 31), 0, &cfg), 32);
	assert_int_equal(study_required(D(2024, 2, 29), 0, &cfg), 5);
	assert_int_equal(study_required(D(2024, 6, 30), 1, &cfg), 27);

	assert_false(study_met(319, study_required(D(2026, 12, 31), 0, &cfg)));
	assert_true(study_met(320, study_required(D(2026, 12, 31), 0, &cfg)));
	assert_false(study_met(320, study_required(D(2026, 12, 31), 1, &cfg))); /* a secretary needs 56 */
	assert_true(study_met(150, study_required(D(2026, 6, 30), 0, &cfg)));   /* 15.0 ≥ 15 */
	assert_false(study_met(149, study_required(D(2026, 6, 30), 0, &cfg)));
	assert_true(study_met(0, study_required(D(2026, 1, 1), 1, &cfg)));

	life_apply(&cfg, "study.member_hours", "40");
	assert_int_equal(study_required(D(2026, 12, 31), 0, &cfg), 40);
}

static void study_average(void **state)
{
	(void)state;
	assert_int_equal(study_hours_avg(21, 2), 11);  /* 1.05 h → 1.1 (half up) */
	assert_int_equal(study_hours_avg(10, 3), 3);   /* 0.333 h → 0.3 */
	assert_int_equal(study_hours_avg(20, 3), 7);   /* 0.667 h → 0.7 */
	assert_int_equal(study_hours_avg(0, 5), 0);
	assert_int_equal(study_hours_avg(0, 0), -1);   /* no members: null, not 0 */
	assert_int_equal(study_hours_avg(3200000000LL, 1000000), 3200);
}

static void hours_parse(const char *s, int want)
{
	int t = -7;
	const char *why = study_hours_parse(s, &t);
	if (want < 0) {
		assert_non_null(why);
		assert_int_equal(t, -7); /* untouched on refusal */
	} else {
		assert_null(why);
		assert_int_equal(t, want);
	}
}

static void study_hours_text(void **state)
{
	(void)state;
	hours_parse("2", 20);
	hours_parse("1.5", 15);
	hours_parse("1.50", 15);
	hours_parse("0", 0);
	hours_parse("0.5", 5);
	hours_parse("24", 240);
	hours_parse("24.0", 240);
	hours_parse("24.1", -1);
	hours_parse("25", -1);
	hours_parse("99999999999999999999", -1); /* absurd, not an overflow */
	hours_parse("1.25", -1);
	hours_parse("-1", -1);
	hours_parse("", -1);
	hours_parse("1.", -1);
	hours_parse(".5", -1);
	hours_parse("1.5h", -1);
	hours_parse("abc", -1);
	const char *why = study_hours_parse("1.25", &(int){0});
	assert_non_null(strstr(why, "一位小数"));
	char out[16];
	study_hours_format(15, out);
	assert_string_equal(out, "1.5");
	study_hours_format(20, out);
	assert_string_equal(out, "2");
	study_hours_format(0, out);
	assert_string_equal(out, "0");
	study_hours_format(240, out);
	assert_string_equal(out, "24");
	/* The canonical text reads back as itself. */
	for (int t = 0; t <= STUDY_MAX_TENTHS; t++) {
		int back = -1;
		study_hours_format(t, out);
		assert_null(study_hours_parse(out, &back));
		assert_int_equal(back, t);
	}
}

static void secretaries(void **state)
{
	(void)state;
	int s = D(2026, 3, 1), e = D(2026, 9, 1);
	assert_false(secretary_current(s, e, s - 1));
	assert_true(secretary_current(s, e, s));
	assert_true(secretary_current(s, e, e - 1));
	assert_false(secretary_current(s, e, e)); /* 离任日期 is not served */
	assert_true(secretary_current(s, DATE_NONE, D(2030, 1, 1)));
	assert_true(secretary_term_valid(s, DATE_NONE));
	assert_true(secretary_term_valid(s, s + 1));
	assert_false(secretary_term_valid(s, s));
	assert_false(secretary_term_valid(s, s - 1));

	size_t i = 99, j = 99;
	/* B starts on A's 离任日期: A served through the day before, so they share no day. */
	sec_term same_day[] = {{D(2025, 1, 1), s}, {s, DATE_NONE}};
	assert_false(secretary_overlap(same_day, 2, &i, &j));
	/* A leaves the day before B starts. */
	sec_term gap[] = {{s, DATE_NONE}, {D(2025, 1, 1), s - 1}};
	assert_false(secretary_overlap(gap, 2, &i, &j));
	/* B starts the day before A's 离任日期: both serve that day. */
	sec_term one_day[] = {{D(2025, 1, 1), s}, {s - 1, DATE_NONE}};
	assert_true(secretary_overlap(one_day, 2, &i, &j));
	assert_int_equal(i, 0);
	assert_int_equal(j, 1);
	/* Two still in office. */
	sec_term open[] = {{D(2020, 1, 1), DATE_NONE}, {D(2026, 1, 1), DATE_NONE}};
	assert_true(secretary_overlap(open, 2, &i, &j));
	/* The pair is named, not just "some overlap": the third term lies inside the first. */
	sec_term three[] = {{D(2020, 1, 1), D(2023, 1, 1)}, {D(2023, 1, 1), D(2026, 1, 1)},
			    {D(2021, 6, 1), D(2021, 7, 1)}};
	assert_true(secretary_overlap(three, 3, &i, &j));
	assert_int_equal(i, 0);
	assert_int_equal(j, 2);
	/* A term of no day overlaps nothing (it is refused as invalid instead). */
	sec_term empty[] = {{D(2020, 1, 1), DATE_NONE}, {D(2021, 1, 1), D(2021, 1, 1)}};
	assert_false(secretary_overlap(empty, 2, &i, &j));
	assert_false(secretary_overlap(NULL, 0, &i, &j));
}

static visit_year visits_of(int start, int end, const int *v, size_t n, int as_of)
{
	visit_year y;
	visit_assignment_year(start, end, v, n, as_of, cfg.visits_per_quarter, &y);
	return y;
}

static void visits(void **state)
{
	(void)state;
	/* A visit on the quarter's last day counts for that quarter; the next day for the next. */
	int last_day[] = {D(2026, 3, 31)};
	visit_year y = visits_of(D(2025, 6, 1), DATE_NONE, last_day, 1, D(2026, 3, 31));
	assert_int_equal(y.quarter[0].state, LIFE_HELD);
	assert_true(y.checked);
	assert_true(y.compliant);
	int next_day[] = {D(2026, 4, 1)};
	y = visits_of(D(2025, 6, 1), DATE_NONE, next_day, 1, D(2026, 4, 1));
	assert_int_equal(y.quarter[0].state, LIFE_MISSING);
	assert_int_equal(y.quarter[1].state, LIFE_HELD); /* running quarter, already met */
	assert_false(y.quarter[1].checked);
	assert_int_equal(y.nmissing, 1);
	assert_int_equal(y.missing[0], 0);
	assert_false(y.compliant);

	/* Started on the quarter's first day: checked; on the second day: not. */
	y = visits_of(D(2026, 1, 1), DATE_NONE, NULL, 0, D(2026, 3, 31));
	assert_int_equal(y.quarter[0].state, LIFE_MISSING);
	y = visits_of(D(2026, 1, 2), DATE_NONE, NULL, 0, D(2026, 3, 31));
	assert_int_equal(y.quarter[0].state, LIFE_NA);
	assert_false(y.checked);
	assert_false(y.compliant);
	y = visits_of(D(2026, 4, 1), DATE_NONE, NULL, 0, D(2026, 6, 30));
	assert_int_equal(y.quarter[1].state, LIFE_MISSING);
	assert_int_equal(y.quarter[0].state, LIFE_NA);
	y = visits_of(D(2026, 4, 2), DATE_NONE, NULL, 0, D(2026, 6, 30));
	assert_int_equal(y.quarter[1].state, LIFE_NA);

	/* Ended on the quarter's last day: still checked; the day before: not. */
	y = visits_of(D(2025, 1, 1), D(2026, 6, 30), NULL, 0, D(2026, 9, 30));
	assert_int_equal(y.quarter[1].state, LIFE_MISSING);
	assert_int_equal(y.quarter[2].state, LIFE_NA);
	y = visits_of(D(2025, 1, 1), D(2026, 6, 29), NULL, 0, D(2026, 9, 30));
	assert_int_equal(y.quarter[1].state, LIFE_NA);
	assert_int_equal(y.quarter[0].state, LIFE_MISSING);

	/* Running quarter without a visit: due, never missing. Visits after D and in other years do
	 * not count. */
	int later[] = {D(2026, 5, 20), D(2025, 5, 1)};
	y = visits_of(DATE_NONE, DATE_NONE, later, 2, D(2026, 5, 19));
	assert_int_equal(y.quarter[1].state, LIFE_DUE);
	assert_int_equal(y.quarter[1].held, 0);
	assert_int_equal(y.quarter[0].state, LIFE_MISSING); /* no start date: assigned before the year */

	/* Two per quarter required: one is short. None required: nothing is checked. */
	int one[] = {D(2026, 2, 1)};
	visit_assignment_year(D(2025, 1, 1), DATE_NONE, one, 1, D(2026, 3, 31), 2, &y);
	assert_int_equal(y.quarter[0].state, LIFE_MISSING);
	assert_int_equal(y.quarter[0].held, 1);
	visit_assignment_year(D(2025, 1, 1), DATE_NONE, NULL, 0, D(2026, 12, 31), 0, &y);
	assert_false(y.checked);
	assert_int_equal(y.nmissing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calendar_arithmetic),
		cmocka_unit_test_setup(settings_table, setup),
		cmocka_unit_test_setup(kinds_table, setup),
		cmocka_unit_test_setup(periods_and_labels, setup),
		cmocka_unit_test_setup(month_just_ended_vs_running, setup),
		cmocka_unit_test_setup(all_held_is_compliant, setup),
		cmocka_unit_test_setup(meetings_counted_in_their_period_only, setup),
		cmocka_unit_test_setup(minimum_from_settings, setup),
		cmocka_unit_test_setup(founded_mid_period, setup),
		cmocka_unit_test_setup(committee_and_groups, setup),
		cmocka_unit_test_setup(yearly_only_on_december_31, setup),
		cmocka_unit_test_setup(leadership_never_checked, setup),
		cmocka_unit_test_setup(missing_order_and_month_cells, setup),
		cmocka_unit_test_setup(study_proration, setup),
		cmocka_unit_test_setup(study_average, setup),
		cmocka_unit_test_setup(study_hours_text, setup),
		cmocka_unit_test_setup(secretaries, setup),
		cmocka_unit_test_setup(visits, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
