#include "core/dev.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/life.h"
#include "core/settings.h"
#include "util/date.h"

const char *const dev_step_names[DEV_NSTEPS] = {
	[DEV_STEP_APPLY] = "入党申请",	     [DEV_STEP_TALK] = "谈话",
	[DEV_STEP_ACTIVIST] = "确定积极分子",  [DEV_STEP_TARGET] = "确定发展对象",
	[DEV_STEP_REVIEW] = "政治审查",	     [DEV_STEP_NOTICE] = "公示开始",
	[DEV_STEP_NOTICE_END] = "公示结束",    [DEV_STEP_ASSEMBLY] = "支部大会接收",
	[DEV_STEP_APPROVAL] = "上级批准",      [DEV_STEP_FULL] = "转正",
};

const char *const dev_rule_codes[DEV_NRULES] = {
	[DEV_ORDER] = "DEV_ORDER",
	[DEV_AGE] = "DEV_AGE",
	[DEV_TALK] = "DEV_TALK",
	[DEV_RECOMMEND] = "DEV_RECOMMEND",
	[DEV_ACTIVIST_YEAR] = "DEV_ACTIVIST_YEAR",
	[DEV_REVIEW] = "DEV_REVIEW",
	[DEV_TRAINING] = "DEV_TRAINING",
	[DEV_NOTICE] = "DEV_NOTICE",
	[DEV_APPROVAL] = "DEV_APPROVAL",
	[DEV_PROBATION] = "DEV_PROBATION",
};

const char *const dev_rule_names[DEV_NRULES] = {
	[DEV_ORDER] = "程序顺序",
	[DEV_AGE] = "申请年龄",
	[DEV_TALK] = "及时谈话",
	[DEV_RECOMMEND] = "推荐和培养联系人",
	[DEV_ACTIVIST_YEAR] = "培养考察满一年",
	[DEV_REVIEW] = "政治审查",
	[DEV_TRAINING] = "集中培训学时",
	[DEV_NOTICE] = "公示",
	[DEV_APPROVAL] = "上级审批",
	[DEV_PROBATION] = "预备期和转正",
};

void dev_rule_label(int i, char *out, size_t n)
{
	snprintf(out, n, "%s（%s）", dev_rule_names[i], dev_rule_codes[i]);
}

const char *dev_stage_name(dev_stage s)
{
	switch (s) {
	case DEV_STAGE_APPLICANT:
		return "申请人";
	case DEV_STAGE_ACTIVIST:
		return "入党积极分子";
	case DEV_STAGE_TARGET:
		return "发展对象";
	case DEV_STAGE_PROBATIONARY:
		return "预备党员";
	case DEV_STAGE_FULL:
		return "正式党员";
	case DEV_STAGE_NONE:
		break;
	}
	return "未开始";
}

/* The record's steps as taken on D: a step dated after D has not happened yet. DATE_NONE is the
 * smallest int, so it must be tested before comparing with D. */
static void steps_on(const dev_record *r, int d, int s[DEV_NSTEPS])
{
	for (int i = 0; i < DEV_NSTEPS; i++)
		s[i] = r->step[i] != DATE_NONE && r->step[i] <= d ? r->step[i] : DATE_NONE;
}

int dev_last_step(const dev_record *r, int d)
{
	int s[DEV_NSTEPS];
	steps_on(r, d, s);
	for (int i = DEV_NSTEPS - 1; i >= 0; i--)
		if (s[i] != DATE_NONE)
			return i;
	return -1;
}

dev_stage dev_stage_on(const dev_record *r, int d)
{
	static const dev_stage OF[DEV_NSTEPS] = {
		[DEV_STEP_APPLY] = DEV_STAGE_APPLICANT,	      [DEV_STEP_TALK] = DEV_STAGE_APPLICANT,
		[DEV_STEP_ACTIVIST] = DEV_STAGE_ACTIVIST,     [DEV_STEP_TARGET] = DEV_STAGE_TARGET,
		[DEV_STEP_REVIEW] = DEV_STAGE_TARGET,	      [DEV_STEP_NOTICE] = DEV_STAGE_TARGET,
		[DEV_STEP_NOTICE_END] = DEV_STAGE_TARGET,     [DEV_STEP_ASSEMBLY] = DEV_STAGE_PROBATIONARY,
		[DEV_STEP_APPROVAL] = DEV_STAGE_PROBATIONARY, [DEV_STEP_FULL] = DEV_STAGE_FULL,
	};
	int i = dev_last_step(r, d);
	return i < 0 ? DEV_STAGE_NONE : OF[i];
}

void dev_defaults(dev_settings *c)
{
	/* The defaults live in one place: the settings table. */
	memset(c, 0, sizeof *c);
	int n;
	const setting_def *d = settings_all(&n);
	for (int i = 0; i < n; i++)
		dev_apply(c, d[i].key, d[i].def);
}

void dev_apply(dev_settings *c, const char *key, const char *value)
{
	const setting_def *d = settings_find(key);
	if (!d || !d->is_int || settings_check(d, value))
		return;
	int v = (int)strtol(value, NULL, 10);
	if (strcmp(key, "dev.training_hours") == 0)
		c->training_tenths = v * 10;
	else if (strcmp(key, "dev.notice_workdays") == 0)
		c->notice_workdays = v;
}

int dev_workdays(int first, int last)
{
	/* Without the guard, last - DATE_NONE would overflow. */
	if (first == DATE_NONE || last == DATE_NONE || last < first)
		return 0;
	int n = last - first + 1;
	/* Day 0 (1970-01-01) was a Thursday: 0 is Monday here, 5 and 6 the weekend. */
	int wd = ((first % 7) + 7 + 3) % 7;
	int count = n / 7 * 5;
	for (int i = 0; i < n % 7; i++)
		count += (wd + i) % 7 < 5;
	return count;
}

/* ---- deadlines: each computed here only, for the rules and for dev_due_on alike ---- */

static int talk_deadline(int apply)
{
	return date_add_months(apply, 1);
}

static int approval_deadline(int assembly)
{
	return date_add_months(assembly, 3);
}

static int approval_limit(int assembly)
{
	return date_add_months(assembly, 6);
}

static int earliest_full(int assembly, int extension_months)
{
	return date_add_months(assembly, 12 + extension_months);
}

/* ---- the rules ---- */

/* A date as YYYY-MM-DD in buf, returned for use as a printf argument. */
static const char *ds(int day, char buf[11])
{
	date_format(day, buf);
	return buf;
}

static void __attribute__((format(printf, 2, 3))) say(char msg[DEV_MSG_MAX], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, DEV_MSG_MAX, fmt, ap);
	va_end(ap);
}

/* The later step of the first pair of dated steps out of order, each compared with the nearest
 * earlier dated step (*earlier), or -1. */
static int order_break(const int s[DEV_NSTEPS], int *earlier)
{
	int prev = -1;
	for (int i = 0; i < DEV_NSTEPS; i++) {
		if (s[i] == DATE_NONE)
			continue;
		if (prev >= 0 && s[i] < s[prev]) {
			*earlier = prev;
			return i;
		}
		prev = i;
	}
	return -1;
}

static void order_msg(char msg[DEV_MSG_MAX], const int s[DEV_NSTEPS], int earlier, int later)
{
	char a[11], b[11];
	say(msg, "%s日期%s早于前一步骤%s日期%s", dev_step_names[later], ds(s[later], a), dev_step_names[earlier],
	    ds(s[earlier], b));
}

/* 1 when the person is not yet 18 on the application day; an unknown birth cannot be judged. */
static int under_age(int birth, int apply)
{
	return birth != DATE_NONE && apply != DATE_NONE && apply < date_add_years(birth, 18);
}

static void age_msg(char msg[DEV_MSG_MAX], int birth, int apply)
{
	char a[11], b[11], c[11];
	say(msg, "入党申请日期%s时未满18周岁（出生日期%s，%s满18周岁）", ds(apply, a), ds(birth, b),
	    ds(date_add_years(birth, 18), c));
}

static void rule_talk(const int s[DEV_NSTEPS], int d, dev_check *o)
{
	int apply = s[DEV_STEP_APPLY], talk = s[DEV_STEP_TALK];
	if (apply == DATE_NONE)
		return;
	int due = talk_deadline(apply);
	char a[11], b[11], c[11];
	if (talk != DATE_NONE && talk <= due)
		o->result[DEV_TALK] = DEV_OK;
	else if (talk != DATE_NONE) {
		o->result[DEV_TALK] = DEV_BROKEN;
		say(o->msg[DEV_TALK], "谈话日期%s晚于入党申请日期%s后1个月（应不晚于%s）", ds(talk, a), ds(apply, b),
		    ds(due, c));
	} else if (d > due) {
		o->result[DEV_TALK] = DEV_BROKEN;
		say(o->msg[DEV_TALK], "入党申请日期%s后1个月（%s）内未谈话，已逾期", ds(apply, a), ds(due, b));
	}
}

static void rule_recommend(const dev_record *r, const int s[DEV_NSTEPS], dev_check *o)
{
	int act = s[DEV_STEP_ACTIVIST];
	if (act == DATE_NONE)
		return;
	int contacts_ok = r->contacts >= 1 && r->contacts <= 2;
	char a[11];
	if (r->recommended == 1 && contacts_ok) {
		o->result[DEV_RECOMMEND] = DEV_OK;
		return;
	}
	o->result[DEV_RECOMMEND] = DEV_BROKEN;
	if (r->recommended != 1 && !contacts_ok)
		say(o->msg[DEV_RECOMMEND], "确定积极分子日期%s时未记录推荐方式，培养联系人%d名（应为1至2名）", ds(act, a),
		    r->contacts);
	else if (r->recommended != 1)
		say(o->msg[DEV_RECOMMEND], "确定积极分子日期%s时未记录推荐方式", ds(act, a));
	else
		say(o->msg[DEV_RECOMMEND], "确定积极分子日期%s时培养联系人%d名，应为1至2名", ds(act, a), r->contacts);
}

static void rule_activist_year(const int s[DEV_NSTEPS], dev_check *o)
{
	int target = s[DEV_STEP_TARGET], act = s[DEV_STEP_ACTIVIST];
	if (target == DATE_NONE)
		return;
	char a[11], b[11], c[11];
	if (act == DATE_NONE) {
		o->result[DEV_ACTIVIST_YEAR] = DEV_BROKEN;
		say(o->msg[DEV_ACTIVIST_YEAR], "确定发展对象日期%s，但未确定为入党积极分子", ds(target, a));
		return;
	}
	int min = date_add_years(act, 1);
	if (target >= min) {
		o->result[DEV_ACTIVIST_YEAR] = DEV_OK;
		return;
	}
	o->result[DEV_ACTIVIST_YEAR] = DEV_BROKEN;
	say(o->msg[DEV_ACTIVIST_YEAR], "确定发展对象日期%s距确定积极分子日期%s不满1年（应不早于%s）", ds(target, a),
	    ds(act, b), ds(min, c));
}

static void rule_review(const int s[DEV_NSTEPS], dev_check *o)
{
	int asm_ = s[DEV_STEP_ASSEMBLY], rv = s[DEV_STEP_REVIEW];
	char a[11], b[11];
	if (rv != DATE_NONE && rv < asm_) {
		o->result[DEV_REVIEW] = DEV_OK;
		return;
	}
	o->result[DEV_REVIEW] = DEV_BROKEN;
	if (rv == DATE_NONE)
		say(o->msg[DEV_REVIEW], "支部大会日期%s前未进行政治审查", ds(asm_, a));
	else
		say(o->msg[DEV_REVIEW], "政治审查日期%s应早于支部大会日期%s", ds(rv, a), ds(asm_, b));
}

static void rule_training(const dev_record *r, const int s[DEV_NSTEPS], const dev_settings *c, dev_check *o)
{
	char a[11], have[16], need[16];
	/* Not recorded (-1) is below every setting: the setting's minimum is 0. */
	if (r->training_tenths >= c->training_tenths) {
		o->result[DEV_TRAINING] = DEV_OK;
		return;
	}
	o->result[DEV_TRAINING] = DEV_BROKEN;
	study_hours_format(c->training_tenths, need);
	if (r->training_tenths < 0)
		say(o->msg[DEV_TRAINING], "支部大会日期%s前未记录集中培训学时（应不少于%s学时）", ds(s[DEV_STEP_ASSEMBLY], a),
		    need);
	else {
		study_hours_format(r->training_tenths, have);
		say(o->msg[DEV_TRAINING], "支部大会日期%s前集中培训%s学时，少于%s学时", ds(s[DEV_STEP_ASSEMBLY], a), have,
		    need);
	}
}

static void rule_notice(const int s[DEV_NSTEPS], const dev_settings *c, dev_check *o)
{
	int asm_ = s[DEV_STEP_ASSEMBLY], start = s[DEV_STEP_NOTICE], end = s[DEV_STEP_NOTICE_END];
	char a[11], b[11];
	char *m = o->msg[DEV_NOTICE];
	o->result[DEV_NOTICE] = DEV_BROKEN;
	if (start == DATE_NONE)
		say(m, "支部大会日期%s前未公示", ds(asm_, a));
	else if (end == DATE_NONE)
		say(m, "公示开始日期%s，支部大会日期%s前未记录公示结束", ds(start, a), ds(asm_, b));
	else if (end >= asm_)
		say(m, "公示结束日期%s应早于支部大会日期%s", ds(end, a), ds(asm_, b));
	else if (dev_workdays(start, end) < c->notice_workdays)
		say(m, "公示%s至%s共%d个工作日，少于%d个工作日", ds(start, a), ds(end, b), dev_workdays(start, end),
		    c->notice_workdays);
	else
		o->result[DEV_NOTICE] = DEV_OK;
}

static void rule_approval(const int s[DEV_NSTEPS], int d, dev_check *o)
{
	int asm_ = s[DEV_STEP_ASSEMBLY], ap = s[DEV_STEP_APPROVAL];
	int due = approval_deadline(asm_), limit = approval_limit(asm_);
	char a[11], b[11], c[11];
	char *m = o->msg[DEV_APPROVAL];
	if (ap == DATE_NONE) {
		if (d > limit) {
			o->result[DEV_APPROVAL] = DEV_BROKEN;
			say(m, "支部大会日期%s后6个月（%s）仍未上级批准", ds(asm_, a), ds(limit, b));
		}
	} else if (ap <= due)
		o->result[DEV_APPROVAL] = DEV_OK;
	else if (ap <= limit) {
		o->result[DEV_APPROVAL] = DEV_WARN;
		say(m, "上级批准日期%s晚于支部大会日期%s后3个月（%s）", ds(ap, a), ds(asm_, b), ds(due, c));
	} else {
		o->result[DEV_APPROVAL] = DEV_BROKEN;
		say(m, "上级批准日期%s晚于支部大会日期%s后6个月（%s）", ds(ap, a), ds(asm_, b), ds(limit, c));
	}
}

static void rule_probation(const dev_record *r, const int s[DEV_NSTEPS], int d, dev_check *o)
{
	int asm_ = s[DEV_STEP_ASSEMBLY], full = s[DEV_STEP_FULL], ext = r->extension_months;
	char a[11], b[11], c[11];
	char *m = o->msg[DEV_PROBATION];
	if (ext != 0 && (ext < 6 || ext > 12)) {
		o->result[DEV_PROBATION] = DEV_BROKEN;
		say(m, "延长预备期%d个月，应为6至12个月（支部大会日期%s）", ext, ds(asm_, a));
		return;
	}
	int earliest = earliest_full(asm_, ext);
	if (full != DATE_NONE && full < earliest) {
		o->result[DEV_PROBATION] = DEV_BROKEN;
		say(m, "转正日期%s早于预备期满日期%s（支部大会日期%s起%d个月）", ds(full, a), ds(earliest, b), ds(asm_, c),
		    12 + ext);
	} else if (full != DATE_NONE)
		o->result[DEV_PROBATION] = DEV_OK;
	else if (d > date_add_months(earliest, 1)) {
		o->result[DEV_PROBATION] = DEV_BROKEN;
		say(m, "预备期已于%s期满（支部大会日期%s），逾期1个月以上仍未转正", ds(earliest, a), ds(asm_, b));
	}
}

void dev_check_on(const dev_record *r, int d, const dev_settings *c, dev_check *out)
{
	memset(out, 0, sizeof *out); /* every rule DEV_NA with an empty message until it applies */
	int s[DEV_NSTEPS];
	steps_on(r, d, s);

	if (dev_last_step(r, d) >= 0) {
		int earlier, later = order_break(s, &earlier);
		out->result[DEV_ORDER] = later < 0 ? DEV_OK : DEV_BROKEN;
		if (later >= 0)
			order_msg(out->msg[DEV_ORDER], s, earlier, later);
	}
	if (s[DEV_STEP_APPLY] != DATE_NONE && r->birth != DATE_NONE) {
		int young = under_age(r->birth, s[DEV_STEP_APPLY]);
		out->result[DEV_AGE] = young ? DEV_BROKEN : DEV_OK;
		if (young)
			age_msg(out->msg[DEV_AGE], r->birth, s[DEV_STEP_APPLY]);
	}
	rule_talk(s, d, out);
	rule_recommend(r, s, out);
	rule_activist_year(s, out);
	if (s[DEV_STEP_ASSEMBLY] != DATE_NONE) {
		rule_review(s, out);
		rule_training(r, s, c, out);
		rule_notice(s, c, out);
		rule_approval(s, d, out);
		rule_probation(r, s, d, out);
	}
	for (int i = 0; i < DEV_NRULES; i++) {
		out->broken += out->result[i] == DEV_BROKEN;
		out->warnings += out->result[i] == DEV_WARN;
	}
}

int dev_input_check(const dev_record *r, int *bad_step, char msg[DEV_MSG_MAX])
{
	int earlier, later = order_break(r->step, &earlier);
	if (later >= 0) {
		*bad_step = later;
		order_msg(msg, r->step, earlier, later);
		return DEV_ORDER + 1;
	}
	if (under_age(r->birth, r->step[DEV_STEP_APPLY])) {
		*bad_step = DEV_STEP_APPLY;
		age_msg(msg, r->birth, r->step[DEV_STEP_APPLY]);
		return DEV_AGE + 1;
	}
	*bad_step = -1;
	msg[0] = '\0';
	return 0;
}

void dev_due_on(const dev_record *r, int d, dev_due *out)
{
	int s[DEV_NSTEPS];
	steps_on(r, d, s);
	out->step = -1;
	out->deadline = DATE_NONE;
	out->overdue = 0;
	if (s[DEV_STEP_APPLY] != DATE_NONE && s[DEV_STEP_TALK] == DATE_NONE) {
		out->step = DEV_STEP_TALK;
		out->deadline = talk_deadline(s[DEV_STEP_APPLY]);
	} else if (s[DEV_STEP_ASSEMBLY] != DATE_NONE && s[DEV_STEP_APPROVAL] == DATE_NONE) {
		out->step = DEV_STEP_APPROVAL;
		out->deadline = approval_deadline(s[DEV_STEP_ASSEMBLY]);
	} else if (s[DEV_STEP_ASSEMBLY] != DATE_NONE && s[DEV_STEP_FULL] == DATE_NONE) {
		out->step = DEV_STEP_FULL;
		out->deadline = earliest_full(s[DEV_STEP_ASSEMBLY], r->extension_months);
	}
	if (out->step >= 0)
		out->overdue = d > out->deadline;
}
