/* The rules of developing members at their boundaries: each test is the mistake it prevents — a
 * talk on the last allowed day (or on a clamped 28 February) called late, a year counted as
 * 365 days from 29 February, a weekend counted as working days, an approval at exactly 3 or 6
 * months put on the wrong side, an extended probation ignored, a step recorded for next month
 * already counted today, a 17-year-old accepted on the day before the 18th birthday. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/dev.h"
#include "core/settings.h"
#include "util/date.h"

static dev_settings cfg;

static int D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int setup(void **state)
{
	(void)state;
	dev_defaults(&cfg);
	return 0;
}

/* A record that keeps every rule, through 转正. */
static dev_record good(void)
{
	dev_record r = {.birth = D(1990, 5, 10), .recommended = 1, .contacts = 2, .training_tenths = 240};
	r.step[DEV_STEP_APPLY] = D(2024, 1, 31);
	r.step[DEV_STEP_TALK] = D(2024, 2, 20);
	r.step[DEV_STEP_ACTIVIST] = D(2024, 3, 1);
	r.step[DEV_STEP_TARGET] = D(2025, 3, 1);
	r.step[DEV_STEP_REVIEW] = D(2025, 5, 1);
	r.step[DEV_STEP_NOTICE] = D(2025, 5, 8);     /* Thursday */
	r.step[DEV_STEP_NOTICE_END] = D(2025, 5, 14); /* Wednesday: 5 working days */
	r.step[DEV_STEP_ASSEMBLY] = D(2025, 6, 10);
	r.step[DEV_STEP_APPROVAL] = D(2025, 7, 1);
	r.step[DEV_STEP_FULL] = D(2026, 6, 10);
	return r;
}

/* Only the steps before `from` kept. */
static dev_record upto(int from)
{
	dev_record r = good();
	for (int i = from; i < DEV_NSTEPS; i++)
		r.step[i] = DATE_NONE;
	return r;
}

static dev_check check(const dev_record *r, int d)
{
	dev_check c;
	dev_check_on(r, d, &cfg, &c);
	int broken = 0, warnings = 0;
	for (int i = 0; i < DEV_NRULES; i++) {
		broken += c.result[i] == DEV_BROKEN;
		warnings += c.result[i] == DEV_WARN;
		/* Every finding says why; nothing else says anything. */
		if (c.result[i] == DEV_BROKEN || c.result[i] == DEV_WARN)
			assert_true(c.msg[i][0] != '\0');
		else
			assert_string_equal(c.msg[i], "");
		/* Not cut off: a truncated message could end inside a character. */
		assert_true(strlen(c.msg[i]) < DEV_MSG_MAX - 1);
	}
	assert_int_equal(c.broken, broken);
	assert_int_equal(c.warnings, warnings);
	return c;
}

static dev_result rule_on(const dev_record *r, int d, int rule)
{
	return (dev_result)check(r, d).result[rule];
}

static void assert_msg_has(const dev_check *c, int rule, const char *text)
{
	if (!strstr(c->msg[rule], text))
		fail_msg("%s: \"%s\" does not name \"%s\"", dev_rule_codes[rule], c->msg[rule], text);
}

static void weekdays(void **state)
{
	(void)state;
	/* The weekday is computed from the day number: day 0 must be 1970-01-01, a Thursday. */
	assert_int_equal(D(1970, 1, 1), 0);
	assert_int_equal(dev_workdays(D(1970, 1, 1), D(1970, 1, 1)), 1);
	assert_int_equal(dev_workdays(D(1970, 1, 3), D(1970, 1, 4)), 0); /* Sat, Sun */
	assert_int_equal(dev_workdays(D(1969, 12, 27), D(1969, 12, 28)), 0); /* before day 0 too */
	assert_int_equal(dev_workdays(D(1969, 12, 26), D(1969, 12, 26)), 1); /* a Friday */

	/* 2026-01-01 is a Thursday. */
	assert_int_equal(dev_workdays(D(2026, 1, 1), D(2026, 1, 7)), 5);  /* Thu–Wed */
	assert_int_equal(dev_workdays(D(2026, 1, 2), D(2026, 1, 8)), 5);  /* Fri–Thu */
	assert_int_equal(dev_workdays(D(2026, 1, 2), D(2026, 1, 7)), 4);  /* Fri–Wed */
	assert_int_equal(dev_workdays(D(2026, 1, 3), D(2026, 1, 9)), 5);  /* Sat–Fri */
	assert_int_equal(dev_workdays(D(2026, 1, 3), D(2026, 1, 4)), 0);  /* the weekend */
	assert_int_equal(dev_workdays(D(2026, 1, 5), D(2026, 1, 5)), 1);  /* one Monday */
	assert_int_equal(dev_workdays(D(2026, 1, 5), D(2026, 1, 18)), 10); /* two weeks */
	assert_int_equal(dev_workdays(D(2026, 1, 5), D(2026, 1, 4)), 0);  /* last before first */
	assert_int_equal(dev_workdays(DATE_NONE, D(2026, 1, 4)), 0);
	assert_int_equal(dev_workdays(D(2026, 1, 4), DATE_NONE), 0);

	/* Every start and length against adding one day at a time, the weekday taken from a known
	 * Monday (2026-01-05), so whole weeks and remainders agree with plain counting. */
	int monday = D(2026, 1, 5);
	for (int first = monday - 10; first < monday + 10; first++) {
		int n = 0;
		for (int last = first; last < first + 30; last++) {
			n += ((last - monday) % 7 + 7) % 7 < 5;
			assert_int_equal(dev_workdays(first, last), n);
		}
	}
}

static void settings_applied(void **state)
{
	(void)state;
	const setting_def *h = settings_find("dev.training_hours"), *w = settings_find("dev.notice_workdays");
	assert_non_null(h);
	assert_non_null(w);
	assert_string_equal(h->def, "24");
	assert_string_equal(w->def, "5");
	assert_int_equal(cfg.training_tenths, 240);
	assert_int_equal(cfg.notice_workdays, 5);
	assert_null(settings_check(h, "0"));
	assert_non_null(settings_check(h, "1001"));
	assert_non_null(settings_check(w, "0"));
	assert_non_null(settings_check(w, "31"));

	dev_record r = good();
	int after = D(2026, 7, 1);
	assert_int_equal(rule_on(&r, after, DEV_TRAINING), DEV_OK);
	dev_apply(&cfg, "dev.training_hours", "30");
	assert_int_equal(cfg.training_tenths, 300);
	dev_check c = check(&r, after);
	assert_int_equal(c.result[DEV_TRAINING], DEV_BROKEN);
	assert_msg_has(&c, DEV_TRAINING, "24学时");
	assert_msg_has(&c, DEV_TRAINING, "30学时");

	assert_int_equal(rule_on(&r, after, DEV_NOTICE), DEV_OK);
	dev_apply(&cfg, "dev.notice_workdays", "6");
	assert_int_equal(rule_on(&r, after, DEV_NOTICE), DEV_BROKEN);

	dev_settings before = cfg;
	dev_apply(&cfg, "dev.notice_workdays", "0"); /* invalid: ignored */
	dev_apply(&cfg, "dev.training_hours", "x");
	dev_apply(&cfg, "study.member_hours", "40"); /* another module's key */
	dev_apply(&cfg, "no.such.key", "1");
	assert_memory_equal(&before, &cfg, sizeof cfg);
}

static void names(void **state)
{
	(void)state;
	assert_string_equal(dev_step_names[DEV_STEP_APPLY], "入党申请");
	assert_string_equal(dev_step_names[DEV_STEP_FULL], "转正");
	for (int i = 0; i < DEV_NSTEPS; i++)
		assert_non_null(dev_step_names[i]);
	assert_string_equal(dev_rule_codes[DEV_ORDER], "DEV_ORDER");
	assert_string_equal(dev_rule_codes[DEV_ACTIVIST_YEAR], "DEV_ACTIVIST_YEAR");
	assert_string_equal(dev_rule_codes[DEV_PROBATION], "DEV_PROBATION");
	for (int i = 0; i < DEV_NRULES; i++) {
		assert_non_null(dev_rule_codes[i]);
		assert_non_null(dev_rule_names[i]);
		char label[DEV_LABEL_MAX];
		dev_rule_label(i, label, sizeof label);
		assert_true(strlen(label) < sizeof label - 1); /* every label fits, none cut */
	}
	char label[DEV_LABEL_MAX];
	dev_rule_label(DEV_TALK, label, sizeof label);
	assert_string_equal(label, "及时谈话（DEV_TALK）");
	assert_string_equal(dev_stage_name(DEV_STAGE_NONE), "未开始");
	assert_string_equal(dev_stage_name(DEV_STAGE_APPLICANT), "申请人");
	assert_string_equal(dev_stage_name(DEV_STAGE_ACTIVIST), "入党积极分子");
	assert_string_equal(dev_stage_name(DEV_STAGE_TARGET), "发展对象");
	assert_string_equal(dev_stage_name(DEV_STAGE_PROBATIONARY), "预备党员");
	assert_string_equal(dev_stage_name(DEV_STAGE_FULL), "正式党员");
}

static void stages(void **state)
{
	(void)state;
	dev_record r = good();
	static const struct {
		int step;
		dev_stage want;
	} ON[] = {
		{DEV_STEP_APPLY, DEV_STAGE_APPLICANT},	      {DEV_STEP_TALK, DEV_STAGE_APPLICANT},
		{DEV_STEP_ACTIVIST, DEV_STAGE_ACTIVIST},      {DEV_STEP_TARGET, DEV_STAGE_TARGET},
		{DEV_STEP_REVIEW, DEV_STAGE_TARGET},	      {DEV_STEP_NOTICE, DEV_STAGE_TARGET},
		{DEV_STEP_NOTICE_END, DEV_STAGE_TARGET},      {DEV_STEP_ASSEMBLY, DEV_STAGE_PROBATIONARY},
		{DEV_STEP_APPROVAL, DEV_STAGE_PROBATIONARY}, {DEV_STEP_FULL, DEV_STAGE_FULL},
	};
	for (size_t i = 0; i < sizeof ON / sizeof ON[0]; i++) {
		int day = r.step[ON[i].step];
		/* On the step's own day the step is taken; the day before it is not. */
		assert_int_equal(dev_stage_on(&r, day), ON[i].want);
		assert_int_equal(dev_last_step(&r, day), ON[i].step);
		assert_int_equal(dev_last_step(&r, day - 1), ON[i].step - 1);
	}
	assert_int_equal(dev_stage_on(&r, r.step[DEV_STEP_APPLY] - 1), DEV_STAGE_NONE);
	assert_int_equal(dev_last_step(&r, r.step[DEV_STEP_APPLY] - 1), -1);
	assert_int_equal(dev_stage_on(&r, r.step[DEV_STEP_ASSEMBLY] - 1), DEV_STAGE_TARGET);
	assert_int_equal(dev_stage_on(&r, r.step[DEV_STEP_FULL] - 1), DEV_STAGE_PROBATIONARY);

	/* Undated steps are skipped: an activist with no talk recorded is still an activist. */
	r.step[DEV_STEP_TALK] = DATE_NONE;
	assert_int_equal(dev_stage_on(&r, D(2024, 6, 1)), DEV_STAGE_ACTIVIST);
	dev_record none = {.birth = DATE_NONE};
	for (int i = 0; i < DEV_NSTEPS; i++)
		none.step[i] = DATE_NONE;
	assert_int_equal(dev_stage_on(&none, D(2026, 1, 1)), DEV_STAGE_NONE);
	assert_int_equal(dev_last_step(&none, D(2026, 1, 1)), -1);
}

static void keeps_every_rule(void **state)
{
	(void)state;
	dev_record r = good();
	dev_check c = check(&r, D(2030, 1, 1));
	for (int i = 0; i < DEV_NRULES; i++)
		if (c.result[i] != DEV_OK)
			fail_msg("%s is %d, not OK", dev_rule_codes[i], c.result[i]);
	assert_int_equal(c.broken, 0);
	assert_int_equal(c.warnings, 0);

	/* Before anything happened nothing applies. */
	c = check(&r, r.step[DEV_STEP_APPLY] - 1);
	for (int i = 0; i < DEV_NRULES; i++)
		assert_int_equal(c.result[i], DEV_NA);
}

static void talk(void **state)
{
	(void)state;
	dev_record r = upto(DEV_STEP_TALK);
	r.step[DEV_STEP_APPLY] = D(2026, 3, 15);
	r.step[DEV_STEP_TALK] = D(2026, 4, 15); /* exactly one month */
	assert_int_equal(rule_on(&r, D(2026, 5, 1), DEV_TALK), DEV_OK);
	r.step[DEV_STEP_TALK] = D(2026, 4, 16);
	assert_int_equal(rule_on(&r, D(2026, 5, 1), DEV_TALK), DEV_BROKEN);

	/* 31 January: one month later is 28 February, not 3 March. */
	r.step[DEV_STEP_APPLY] = D(2026, 1, 31);
	r.step[DEV_STEP_TALK] = D(2026, 2, 28);
	assert_int_equal(rule_on(&r, D(2026, 3, 31), DEV_TALK), DEV_OK);
	r.step[DEV_STEP_TALK] = D(2026, 3, 1);
	dev_check c = check(&r, D(2026, 3, 31));
	assert_int_equal(c.result[DEV_TALK], DEV_BROKEN);
	assert_msg_has(&c, DEV_TALK, "2026-03-01");
	assert_msg_has(&c, DEV_TALK, "2026-01-31");
	assert_msg_has(&c, DEV_TALK, "2026-02-28");

	/* No talk yet: pending through the deadline, overdue the day after. */
	r.step[DEV_STEP_TALK] = DATE_NONE;
	assert_int_equal(rule_on(&r, D(2026, 2, 28), DEV_TALK), DEV_NA);
	c = check(&r, D(2026, 3, 1));
	assert_int_equal(c.result[DEV_TALK], DEV_BROKEN);
	assert_int_equal(c.broken, 1);
	assert_msg_has(&c, DEV_TALK, "2026-02-28");
	/* Before the application the rule does not apply at all. */
	assert_int_equal(rule_on(&r, D(2026, 1, 30), DEV_TALK), DEV_NA);

	/* A talk recorded for a later day has not happened yet: still pending, then overdue. */
	r.step[DEV_STEP_TALK] = D(2026, 2, 20);
	assert_int_equal(rule_on(&r, D(2026, 2, 19), DEV_TALK), DEV_NA);
	assert_int_equal(rule_on(&r, D(2026, 2, 20), DEV_TALK), DEV_OK);
	r.step[DEV_STEP_TALK] = D(2026, 3, 5);
	assert_int_equal(rule_on(&r, D(2026, 3, 4), DEV_TALK), DEV_BROKEN);
	assert_int_equal(dev_stage_on(&r, D(2026, 3, 4)), DEV_STAGE_APPLICANT);
}

static void recommend(void **state)
{
	(void)state;
	dev_record r = upto(DEV_STEP_TARGET);
	int act = r.step[DEV_STEP_ACTIVIST];
	r.contacts = 1;
	assert_int_equal(rule_on(&r, act, DEV_RECOMMEND), DEV_OK);
	r.contacts = 2;
	assert_int_equal(rule_on(&r, act, DEV_RECOMMEND), DEV_OK);
	r.contacts = 3;
	assert_int_equal(rule_on(&r, act, DEV_RECOMMEND), DEV_BROKEN);
	r.contacts = 0;
	assert_int_equal(rule_on(&r, act, DEV_RECOMMEND), DEV_BROKEN);
	/* Not an activist yet on D: nothing to ask for. */
	assert_int_equal(rule_on(&r, act - 1, DEV_RECOMMEND), DEV_NA);
	r.contacts = 1;
	r.recommended = 0;
	dev_check c = check(&r, act);
	assert_int_equal(c.result[DEV_RECOMMEND], DEV_BROKEN);
	assert_msg_has(&c, DEV_RECOMMEND, "推荐方式");
	assert_msg_has(&c, DEV_RECOMMEND, "2024-03-01");
}

static void activist_year(void **state)
{
	(void)state;
	dev_record r = upto(DEV_STEP_REVIEW);
	r.step[DEV_STEP_ACTIVIST] = D(2025, 3, 10);
	r.step[DEV_STEP_TARGET] = D(2026, 3, 10); /* exactly one year */
	assert_int_equal(rule_on(&r, D(2026, 4, 1), DEV_ACTIVIST_YEAR), DEV_OK);
	r.step[DEV_STEP_TARGET] = D(2026, 3, 9);
	assert_int_equal(rule_on(&r, D(2026, 4, 1), DEV_ACTIVIST_YEAR), DEV_BROKEN);

	/* From 29 February the year ends on 28 February, not 1 March. */
	r.step[DEV_STEP_ACTIVIST] = D(2024, 2, 29);
	r.step[DEV_STEP_TARGET] = D(2025, 2, 28);
	assert_int_equal(rule_on(&r, D(2025, 3, 1), DEV_ACTIVIST_YEAR), DEV_OK);
	r.step[DEV_STEP_TARGET] = D(2025, 2, 27);
	dev_check c = check(&r, D(2025, 3, 1));
	assert_int_equal(c.result[DEV_ACTIVIST_YEAR], DEV_BROKEN);
	assert_msg_has(&c, DEV_ACTIVIST_YEAR, "2025-02-27");
	assert_msg_has(&c, DEV_ACTIVIST_YEAR, "2024-02-29");
	assert_msg_has(&c, DEV_ACTIVIST_YEAR, "2025-02-28");
	assert_int_equal(rule_on(&r, D(2025, 2, 26), DEV_ACTIVIST_YEAR), DEV_NA);

	/* A target never made an activist. */
	r.step[DEV_STEP_ACTIVIST] = DATE_NONE;
	assert_int_equal(rule_on(&r, D(2025, 3, 1), DEV_ACTIVIST_YEAR), DEV_BROKEN);
	/* An activist date recorded after D does not count on D. */
	r.step[DEV_STEP_ACTIVIST] = D(2025, 6, 1);
	assert_int_equal(rule_on(&r, D(2025, 3, 1), DEV_ACTIVIST_YEAR), DEV_BROKEN);
}

static void review(void **state)
{
	(void)state;
	dev_record r = good();
	int asm_ = r.step[DEV_STEP_ASSEMBLY], d = asm_ + 1;
	r.step[DEV_STEP_REVIEW] = asm_ - 1;
	assert_int_equal(rule_on(&r, d, DEV_REVIEW), DEV_OK);
	r.step[DEV_STEP_REVIEW] = asm_; /* the same day is not before */
	dev_check c = check(&r, d);
	assert_int_equal(c.result[DEV_REVIEW], DEV_BROKEN);
	assert_msg_has(&c, DEV_REVIEW, "2025-06-10");
	r.step[DEV_STEP_REVIEW] = DATE_NONE;
	assert_int_equal(rule_on(&r, d, DEV_REVIEW), DEV_BROKEN);
	/* Before the 支部大会 a missing review is not (yet) a violation. */
	assert_int_equal(rule_on(&r, asm_ - 1, DEV_REVIEW), DEV_NA);
}

static void training(void **state)
{
	(void)state;
	dev_record r = good();
	int asm_ = r.step[DEV_STEP_ASSEMBLY];
	r.training_tenths = 240;
	assert_int_equal(rule_on(&r, asm_, DEV_TRAINING), DEV_OK);
	r.training_tenths = 239;
	dev_check c = check(&r, asm_);
	assert_int_equal(c.result[DEV_TRAINING], DEV_BROKEN);
	assert_msg_has(&c, DEV_TRAINING, "23.9学时");
	r.training_tenths = -1; /* not recorded is not "0 hours is enough" */
	assert_int_equal(rule_on(&r, asm_, DEV_TRAINING), DEV_BROKEN);
	assert_int_equal(rule_on(&r, asm_ - 1, DEV_TRAINING), DEV_NA);
	dev_apply(&cfg, "dev.training_hours", "0");
	assert_int_equal(rule_on(&r, asm_, DEV_TRAINING), DEV_BROKEN);
	r.training_tenths = 0;
	assert_int_equal(rule_on(&r, asm_, DEV_TRAINING), DEV_OK);
}

static void notice(void **state)
{
	(void)state;
	dev_record r = good();
	int asm_ = r.step[DEV_STEP_ASSEMBLY];
	r.step[DEV_STEP_NOTICE] = D(2025, 5, 9);      /* Friday */
	r.step[DEV_STEP_NOTICE_END] = D(2025, 5, 15); /* Thursday: Fri, Mon–Thu */
	assert_int_equal(rule_on(&r, asm_, DEV_NOTICE), DEV_OK);
	r.step[DEV_STEP_NOTICE_END] = D(2025, 5, 14); /* Wednesday: the weekend does not count */
	dev_check c = check(&r, asm_);
	assert_int_equal(c.result[DEV_NOTICE], DEV_BROKEN);
	assert_msg_has(&c, DEV_NOTICE, "2025-05-09");
	assert_msg_has(&c, DEV_NOTICE, "2025-05-14");
	assert_msg_has(&c, DEV_NOTICE, "4个工作日");

	/* Ending on the day of the 支部大会 is not before it. */
	r.step[DEV_STEP_NOTICE] = asm_ - 7;
	r.step[DEV_STEP_NOTICE_END] = asm_ - 1;
	assert_int_equal(rule_on(&r, asm_, DEV_NOTICE), DEV_OK);
	r.step[DEV_STEP_NOTICE_END] = asm_;
	assert_int_equal(rule_on(&r, asm_, DEV_NOTICE), DEV_BROKEN);

	r.step[DEV_STEP_NOTICE_END] = DATE_NONE;
	assert_int_equal(rule_on(&r, asm_, DEV_NOTICE), DEV_BROKEN);
	r.step[DEV_STEP_NOTICE] = DATE_NONE;
	assert_int_equal(rule_on(&r, asm_, DEV_NOTICE), DEV_BROKEN);
	assert_int_equal(rule_on(&r, asm_ - 1, DEV_NOTICE), DEV_NA);
}

static void approval(void **state)
{
	(void)state;
	dev_record r = good();
	/* 30 November: + 3 months is 28 February, + 6 is 30 May (clamped, not rolled over). */
	r.step[DEV_STEP_ASSEMBLY] = D(2025, 11, 30);
	r.step[DEV_STEP_FULL] = DATE_NONE;
	int later = D(2026, 7, 1);
	r.step[DEV_STEP_APPROVAL] = D(2026, 2, 28);
	assert_int_equal(rule_on(&r, later, DEV_APPROVAL), DEV_OK);
	r.step[DEV_STEP_APPROVAL] = D(2026, 3, 1);
	dev_check c = check(&r, later);
	assert_int_equal(c.result[DEV_APPROVAL], DEV_WARN);
	assert_int_equal(c.warnings, 1);
	assert_int_equal(c.broken, 0);
	assert_msg_has(&c, DEV_APPROVAL, "2026-03-01");
	assert_msg_has(&c, DEV_APPROVAL, "2026-02-28");
	r.step[DEV_STEP_APPROVAL] = D(2026, 5, 30);
	assert_int_equal(rule_on(&r, later, DEV_APPROVAL), DEV_WARN);
	r.step[DEV_STEP_APPROVAL] = D(2026, 5, 31);
	c = check(&r, later);
	assert_int_equal(c.result[DEV_APPROVAL], DEV_BROKEN);
	assert_int_equal(c.warnings, 0);
	assert_msg_has(&c, DEV_APPROVAL, "2026-05-30");

	/* Not approved: pending until 6 months have passed, even after 3. */
	r.step[DEV_STEP_APPROVAL] = DATE_NONE;
	assert_int_equal(rule_on(&r, D(2026, 3, 1), DEV_APPROVAL), DEV_NA);
	assert_int_equal(rule_on(&r, D(2026, 5, 30), DEV_APPROVAL), DEV_NA);
	c = check(&r, D(2026, 5, 31));
	assert_int_equal(c.result[DEV_APPROVAL], DEV_BROKEN);
	assert_msg_has(&c, DEV_APPROVAL, "2025-11-30");
	/* An approval recorded for after D is still missing on D. */
	r.step[DEV_STEP_APPROVAL] = D(2026, 6, 15);
	assert_int_equal(rule_on(&r, D(2026, 6, 1), DEV_APPROVAL), DEV_BROKEN);
	assert_int_equal(rule_on(&r, D(2026, 6, 15), DEV_APPROVAL), DEV_BROKEN); /* > 6 months late */
	assert_int_equal(rule_on(&r, D(2025, 11, 29), DEV_APPROVAL), DEV_NA);
}

static void probation(void **state)
{
	(void)state;
	dev_record r = good(); /* 支部大会 2025-06-10 */
	int later = D(2028, 1, 1);
	r.step[DEV_STEP_FULL] = D(2026, 6, 10); /* exactly 12 months */
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_OK);
	r.step[DEV_STEP_FULL] = D(2026, 6, 9);
	dev_check c = check(&r, later);
	assert_int_equal(c.result[DEV_PROBATION], DEV_BROKEN);
	assert_msg_has(&c, DEV_PROBATION, "2026-06-09");
	assert_msg_has(&c, DEV_PROBATION, "2026-06-10");
	/* A late 转正 is not a violation once taken. */
	r.step[DEV_STEP_FULL] = D(2027, 1, 1);
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_OK);

	/* Extended by 6 months: 18 months. */
	r.extension_months = 6;
	r.step[DEV_STEP_FULL] = D(2026, 12, 9);
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_BROKEN);
	r.step[DEV_STEP_FULL] = D(2026, 12, 10);
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_OK);
	/* Extended by 12 months: 24 months. */
	r.extension_months = 12;
	r.step[DEV_STEP_FULL] = D(2027, 6, 9);
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_BROKEN);
	r.step[DEV_STEP_FULL] = D(2027, 6, 10);
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_OK);
	/* An extension outside 6..12 months is itself the violation. */
	r.extension_months = 13;
	c = check(&r, later);
	assert_int_equal(c.result[DEV_PROBATION], DEV_BROKEN);
	assert_msg_has(&c, DEV_PROBATION, "13个月");
	r.extension_months = 5;
	assert_int_equal(rule_on(&r, later, DEV_PROBATION), DEV_BROKEN);

	/* Not yet 转正: overdue only more than one month after the probation ended. */
	r.extension_months = 0;
	r.step[DEV_STEP_FULL] = DATE_NONE;
	assert_int_equal(rule_on(&r, D(2026, 7, 10), DEV_PROBATION), DEV_NA);
	c = check(&r, D(2026, 7, 11));
	assert_int_equal(c.result[DEV_PROBATION], DEV_BROKEN);
	assert_int_equal(c.broken, 1);
	assert_msg_has(&c, DEV_PROBATION, "2026-06-10");
	r.extension_months = 6; /* the extension moves the deadline */
	assert_int_equal(rule_on(&r, D(2026, 7, 11), DEV_PROBATION), DEV_NA);
	assert_int_equal(rule_on(&r, D(2027, 1, 10), DEV_PROBATION), DEV_NA);
	assert_int_equal(rule_on(&r, D(2027, 1, 11), DEV_PROBATION), DEV_BROKEN);
	/* A 转正 recorded for after D is still missing on D. */
	r.step[DEV_STEP_FULL] = D(2027, 3, 1);
	assert_int_equal(rule_on(&r, D(2027, 2, 1), DEV_PROBATION), DEV_BROKEN);
	assert_int_equal(dev_stage_on(&r, D(2027, 2, 1)), DEV_STAGE_PROBATIONARY);
	assert_int_equal(rule_on(&r, D(2025, 6, 9), DEV_PROBATION), DEV_NA);
}

static void later_steps_not_taken(void **state)
{
	(void)state;
	/* On the day of the notice end, the 支部大会 and after are in the future: their rules wait. */
	dev_record r = good();
	dev_check c = check(&r, r.step[DEV_STEP_NOTICE_END]);
	assert_int_equal(dev_stage_on(&r, r.step[DEV_STEP_NOTICE_END]), DEV_STAGE_TARGET);
	for (int i = DEV_REVIEW; i <= DEV_PROBATION; i++)
		assert_int_equal(c.result[i], DEV_NA);
	assert_int_equal(c.result[DEV_ACTIVIST_YEAR], DEV_OK);
	assert_int_equal(c.broken, 0);

	/* A step out of order shows only once both steps have happened. */
	r.step[DEV_STEP_APPROVAL] = D(2026, 7, 1); /* after the 转正 of 2026-06-10 */
	assert_int_equal(rule_on(&r, D(2026, 6, 30), DEV_ORDER), DEV_OK);
	c = check(&r, D(2026, 7, 1));
	assert_int_equal(c.result[DEV_ORDER], DEV_BROKEN);
	assert_msg_has(&c, DEV_ORDER, "2026-06-10");
	assert_msg_has(&c, DEV_ORDER, "2026-07-01");
}

static void input_order(void **state)
{
	(void)state;
	dev_record r = good();
	int step = 99;
	char msg[DEV_MSG_MAX];
	assert_int_equal(dev_input_check(&r, &step, msg), 0);
	assert_int_equal(step, -1);
	assert_string_equal(msg, "");

	/* Same day is in order. */
	r.step[DEV_STEP_TALK] = r.step[DEV_STEP_APPLY];
	assert_int_equal(dev_input_check(&r, &step, msg), 0);

	r.step[DEV_STEP_TALK] = r.step[DEV_STEP_APPLY] - 1;
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_ORDER + 1);
	assert_int_equal(step, DEV_STEP_TALK);
	assert_non_null(strstr(msg, "2024-01-30"));
	assert_non_null(strstr(msg, "2024-01-31"));

	/* Compared with the nearest earlier dated step, not just with the application. */
	r = good();
	r.step[DEV_STEP_ACTIVIST] = D(2024, 2, 10); /* after the application, before the talk */
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_ORDER + 1);
	assert_int_equal(step, DEV_STEP_ACTIVIST);
	assert_non_null(strstr(msg, "2024-02-20"));
	/* An undated step is skipped: the activist is then compared with the application. */
	r.step[DEV_STEP_TALK] = DATE_NONE;
	assert_int_equal(dev_input_check(&r, &step, msg), 0);
	r.step[DEV_STEP_ACTIVIST] = D(2024, 1, 30);
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_ORDER + 1);
	assert_int_equal(step, DEV_STEP_ACTIVIST);

	/* The first pair out of order is the one named. */
	r = good();
	r.step[DEV_STEP_REVIEW] = D(2025, 2, 1);
	r.step[DEV_STEP_FULL] = D(2025, 7, 1) - 1;
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_ORDER + 1);
	assert_int_equal(step, DEV_STEP_REVIEW);
	/* … and dev_check_on reports it too. */
	dev_check c = check(&r, D(2030, 1, 1));
	assert_int_equal(c.result[DEV_ORDER], DEV_BROKEN);
	assert_msg_has(&c, DEV_ORDER, "2025-02-01");
}

static void input_age(void **state)
{
	(void)state;
	dev_record r = upto(DEV_STEP_TALK);
	int step;
	char msg[DEV_MSG_MAX];
	r.birth = D(2008, 1, 1);
	r.step[DEV_STEP_APPLY] = D(2025, 12, 31); /* 17 years and 364 days */
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_AGE + 1);
	assert_int_equal(step, DEV_STEP_APPLY);
	assert_non_null(strstr(msg, "2025-12-31"));
	assert_non_null(strstr(msg, "2008-01-01"));
	dev_check c = check(&r, D(2026, 1, 1));
	assert_int_equal(c.result[DEV_AGE], DEV_BROKEN);
	assert_int_equal(rule_on(&r, D(2025, 12, 30), DEV_AGE), DEV_NA);
	r.step[DEV_STEP_APPLY] = D(2026, 1, 1); /* the 18th birthday */
	assert_int_equal(dev_input_check(&r, &step, msg), 0);
	assert_int_equal(rule_on(&r, D(2026, 1, 1), DEV_AGE), DEV_OK);

	/* Born on 29 February: 18 on 28 February of a common year. */
	r.birth = D(2008, 2, 29);
	r.step[DEV_STEP_APPLY] = D(2026, 2, 27);
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_AGE + 1);
	r.step[DEV_STEP_APPLY] = D(2026, 2, 28);
	assert_int_equal(dev_input_check(&r, &step, msg), 0);

	/* Order is reported before age. */
	r.step[DEV_STEP_APPLY] = D(2026, 2, 27);
	r.step[DEV_STEP_TALK] = D(2026, 2, 26);
	assert_int_equal(dev_input_check(&r, &step, msg), DEV_ORDER + 1);
	assert_int_equal(step, DEV_STEP_TALK);

	/* No birth from the ID number: nothing to judge here. */
	r = upto(DEV_STEP_TALK);
	r.birth = DATE_NONE;
	assert_int_equal(dev_input_check(&r, &step, msg), 0);
	assert_int_equal(rule_on(&r, D(2030, 1, 1), DEV_AGE), DEV_NA);
}

static void due(void **state)
{
	(void)state;
	dev_due u;
	dev_record r = upto(DEV_STEP_TALK);
	r.step[DEV_STEP_APPLY] = D(2026, 1, 31);

	dev_due_on(&r, D(2026, 1, 30), &u); /* before applying */
	assert_int_equal(u.step, -1);
	assert_int_equal(u.overdue, 0);

	dev_due_on(&r, D(2026, 2, 28), &u);
	assert_int_equal(u.step, DEV_STEP_TALK);
	assert_int_equal(u.deadline, D(2026, 2, 28));
	assert_int_equal(u.overdue, 0);
	dev_due_on(&r, D(2026, 3, 1), &u);
	assert_int_equal(u.overdue, 1);
	/* A talk recorded for later is still due. */
	r.step[DEV_STEP_TALK] = D(2026, 2, 10);
	dev_due_on(&r, D(2026, 2, 9), &u);
	assert_int_equal(u.step, DEV_STEP_TALK);
	dev_due_on(&r, D(2026, 2, 10), &u);
	assert_int_equal(u.step, -1); /* talked; activist and target have no deadline */

	r = good();
	r.step[DEV_STEP_ASSEMBLY] = D(2025, 11, 30);
	r.step[DEV_STEP_APPROVAL] = DATE_NONE;
	r.step[DEV_STEP_FULL] = DATE_NONE;
	dev_due_on(&r, D(2025, 11, 29), &u);
	assert_int_equal(u.step, -1);
	dev_due_on(&r, D(2026, 2, 28), &u);
	assert_int_equal(u.step, DEV_STEP_APPROVAL);
	assert_int_equal(u.deadline, D(2026, 2, 28));
	assert_int_equal(u.overdue, 0);
	dev_due_on(&r, D(2026, 3, 1), &u);
	assert_int_equal(u.overdue, 1);

	r.step[DEV_STEP_APPROVAL] = D(2026, 1, 5);
	dev_due_on(&r, D(2026, 1, 5), &u);
	assert_int_equal(u.step, DEV_STEP_FULL);
	assert_int_equal(u.deadline, D(2026, 11, 30));
	assert_int_equal(u.overdue, 0);
	dev_due_on(&r, D(2026, 12, 1), &u);
	assert_int_equal(u.overdue, 1);
	r.extension_months = 6;
	dev_due_on(&r, D(2026, 12, 1), &u);
	assert_int_equal(u.deadline, D(2027, 5, 30)); /* 18 months */
	assert_int_equal(u.overdue, 0);

	r.step[DEV_STEP_FULL] = D(2027, 6, 1);
	dev_due_on(&r, D(2027, 6, 1), &u);
	assert_int_equal(u.step, -1);
	assert_int_equal(u.overdue, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(weekdays, setup),
		cmocka_unit_test_setup(settings_applied, setup),
		cmocka_unit_test_setup(names, setup),
		cmocka_unit_test_setup(stages, setup),
		cmocka_unit_test_setup(keeps_every_rule, setup),
		cmocka_unit_test_setup(talk, setup),
		cmocka_unit_test_setup(recommend, setup),
		cmocka_unit_test_setup(activist_year, setup),
		cmocka_unit_test_setup(review, setup),
		cmocka_unit_test_setup(training, setup),
		cmocka_unit_test_setup(notice, setup),
		cmocka_unit_test_setup(approval, setup),
		cmocka_unit_test_setup(probation, setup),
		cmocka_unit_test_setup(later_steps_not_taken, setup),
		cmocka_unit_test_setup(input_order, setup),
		cmocka_unit_test_setup(input_age, setup),
		cmocka_unit_test_setup(due, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
