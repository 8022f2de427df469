#include "core/life.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"
#include "core/settings.h"
#include "util/date.h"

const life_kind life_kinds[LIFE_NKINDS] = {
	[LIFE_ASSEMBLY] = {LIFE_QUARTER, LIFE_ALWAYS, "life.assembly_per_quarter"},
	[LIFE_COMMITTEE] = {LIFE_MONTH, LIFE_WITH_COMMITTEE, "life.committee_per_month"},
	[LIFE_GROUP] = {LIFE_MONTH, LIFE_WITH_GROUPS, "life.group_per_month"},
	[LIFE_LESSON] = {LIFE_QUARTER, LIFE_ALWAYS, "life.lesson_per_quarter"},
	[LIFE_THEMED_DAY] = {LIFE_MONTH, LIFE_ALWAYS, "life.themed_day_per_month"},
	[LIFE_LIFE_MEETING] = {LIFE_YEAR, LIFE_ALWAYS, "life.life_meeting_per_year"},
	[LIFE_APPRAISAL] = {LIFE_YEAR, LIFE_ALWAYS, "life.appraisal_per_year"},
};

const char *const life_kind_names[LIFE_NKINDS + 1] = {
	[LIFE_ASSEMBLY] = "支部党员大会", [LIFE_COMMITTEE] = "支部委员会", [LIFE_GROUP] = "党小组会",
	[LIFE_LESSON] = "党课",		  [LIFE_THEMED_DAY] = "主题党日",   [LIFE_LIFE_MEETING] = "组织生活会",
	[LIFE_APPRAISAL] = "民主评议党员", [LIFE_NKINDS] = NULL,
};

const char *const life_forms[] = {"集中", "错时", "轮班", "小组", "线上", NULL};
const char *const visit_roles[] = {"调研员", "宣传员", "服务员", "督导员", NULL};

int life_kind_find(const char *name)
{
	for (int k = 0; k < LIFE_NKINDS; k++)
		if (strcmp(life_kind_names[k], name) == 0)
			return k;
	return -1;
}

void life_defaults(life_settings *c)
{
	/* The defaults live in one place: the settings table. */
	memset(c, 0, sizeof *c);
	int n;
	const setting_def *d = settings_all(&n);
	for (int i = 0; i < n; i++)
		life_apply(c, d[i].key, d[i].def);
}

void life_apply(life_settings *c, const char *key, const char *value)
{
	const setting_def *d = settings_find(key);
	if (!d || !d->is_int || settings_check(d, value))
		return;
	int v = (int)strtol(value, NULL, 10);
	for (int k = 0; k < LIFE_NKINDS; k++)
		if (strcmp(life_kinds[k].setting, key) == 0)
			c->min[k] = v;
	if (strcmp(key, "study.member_hours") == 0)
		c->member_hours = v;
	else if (strcmp(key, "study.cadre_hours") == 0)
		c->cadre_hours = v;
	else if (strcmp(key, "instructor.visits_per_quarter") == 0)
		c->visits_per_quarter = v;
}

/* ---- periods ---- */

int life_nperiods(life_period p)
{
	return p == LIFE_MONTH ? 12 : p == LIFE_QUARTER ? 4 : 1;
}

static int months_of(life_period p)
{
	return 12 / life_nperiods(p);
}

/* The first day of each month of year, and of the next year's January (ms[12]). */
static void month_starts(int year, int ms[13])
{
	for (int m = 0; m < 12; m++)
		ms[m] = date_from_ymd(year, m + 1, 1);
	ms[12] = date_from_ymd(year + 1, 1, 1);
}

static void bounds(const int ms[13], life_period p, int idx, int *first, int *last)
{
	int span = months_of(p);
	*first = ms[idx * span];
	*last = ms[(idx + 1) * span] - 1;
}

void life_period_bounds(int year, life_period p, int idx, int *first, int *last)
{
	int ms[13];
	month_starts(year, ms);
	bounds(ms, p, idx, first, last);
}

int life_period_index(life_period p, int month)
{
	return (month - 1) / months_of(p);
}

void life_period_label(int year, life_period p, int idx, char out[LIFE_LABEL_MAX])
{
	if (p == LIFE_MONTH)
		snprintf(out, LIFE_LABEL_MAX, "%d年%d月", year, idx + 1);
	else if (p == LIFE_QUARTER)
		snprintf(out, LIFE_LABEL_MAX, "%d年第%d季度", year, idx + 1);
	else
		snprintf(out, LIFE_LABEL_MAX, "%d年度", year);
}

const char *life_state_name(life_state s)
{
	switch (s) {
	case LIFE_HELD:
		return "已开展";
	case LIFE_MISSING:
		return "未开展";
	case LIFE_DUE:
		return "待开展";
	case LIFE_NA:
		break;
	}
	return "不适用";
}

/* The one rule for every period, meetings and visits alike: a period counts when it has ended by
 * D and the subject (organisation, assignment) existed from `from` through `to` for all of it;
 * the running period is only due. cell->held must be filled. */
static void period_eval(int first, int last, int from, int to, int as_of, int min, life_cell *cell)
{
	int whole = first >= from && (to == DATE_NONE || to >= last);
	cell->checked = 0;
	if (min <= 0 || first > as_of || !whole)
		cell->state = LIFE_NA;
	else if (last <= as_of) {
		cell->checked = 1;
		cell->state = cell->held >= min ? LIFE_HELD : LIFE_MISSING;
	} else
		cell->state = cell->held >= min ? LIFE_HELD : LIFE_DUE;
}

static int applies(const life_org *o, life_when w)
{
	if (o->is_leadership)
		return 0;
	return w == LIFE_ALWAYS || (w == LIFE_WITH_COMMITTEE && o->has_committee) || (w == LIFE_WITH_GROUPS && o->groups > 0);
}

/* 1 when the year's day falls in [1 January, as_of]; sets its month. */
static int month_in_year(int day, int jan1, int as_of, int *month)
{
	if (day < jan1 || day > as_of)
		return 0;
	int y, d;
	date_to_ymd(day, &y, month, &d);
	return 1;
}

void life_held_add(life_held *h, int kind, int day, int n, int as_of)
{
	int y, m, d;
	if (kind < 0 || kind >= LIFE_NKINDS || day > as_of || n <= 0)
		return;
	date_to_ymd(day, &y, &m, &d);
	if (as_of < date_from_ymd(y + 1, 1, 1)) /* else an earlier year */
		life_held_add_month(h, kind, m, n);
}

void life_held_add_month(life_held *h, int kind, int month, int n)
{
	if (kind < 0 || kind >= LIFE_NKINDS || month < 1 || month > 12 || n <= 0)
		return;
	int v = h->n[kind][month - 1] + n;
	h->n[kind][month - 1] = (uint16_t)(v > UINT16_MAX ? UINT16_MAX : v);
}

void life_org_year(const life_org *o, const life_meeting *m, size_t n, int as_of, const life_settings *c,
		   life_calendar *out)
{
	life_held h;
	memset(&h, 0, sizeof h);
	for (size_t i = 0; i < n; i++)
		life_held_add(&h, m[i].kind, m[i].day, 1, as_of);
	life_org_year_held(o, &h, as_of, c, out);
}

void life_org_year_held(const life_org *o, const life_held *h, int as_of, const life_settings *c,
			life_calendar *out)
{
	int y, mo, d;
	date_to_ymd(as_of, &y, &mo, &d);
	memset(out, 0, sizeof *out);
	out->year = y;
	out->as_of = as_of;
	int month, ms[13];
	month_starts(y, ms);
	for (int k = 0; k < LIFE_NKINDS; k++)
		for (month = 1; month <= 12; month++)
			out->cell[k][life_period_index(life_kinds[k].period, month)].held += h->n[k][month - 1];
	for (int k = 0; k < LIFE_NKINDS; k++) {
		life_period p = life_kinds[k].period;
		int min = applies(o, life_kinds[k].applies) ? c->min[k] : 0;
		for (int i = 0; i < life_nperiods(p); i++) {
			int first, last;
			bounds(ms, p, i, &first, &last);
			period_eval(first, last, o->founded, DATE_NONE, as_of, min, &out->cell[k][i]);
			out->checked |= out->cell[k][i].checked;
		}
	}
	/* A period is listed when it ends, so the list reads in the order things fell due. */
	for (month = 1; month <= 12; month++)
		for (int k = 0; k < LIFE_NKINDS; k++) {
			life_period p = life_kinds[k].period;
			if (month % months_of(p))
				continue;
			int i = life_period_index(p, month);
			if (out->cell[k][i].state == LIFE_MISSING)
				out->missing[out->nmissing++] = (life_miss){(unsigned char)k, (unsigned char)i};
		}
	out->compliant = out->checked && !out->nmissing;
}

const life_cell *life_cell_of_month(const life_calendar *cal, int kind, int month)
{
	return &cal->cell[kind][life_period_index(life_kinds[kind].period, month)];
}

/* ---- study hours ---- */

int study_required(int as_of, int is_cadre, const life_settings *c)
{
	int y, m, d;
	date_to_ymd(as_of, &y, &m, &d);
	int jan1 = date_from_ymd(y, 1, 1);
	int64_t elapsed = as_of - jan1 + 1, days = date_from_ymd(y + 1, 1, 1) - jan1;
	return (int)((is_cadre ? c->cadre_hours : c->member_hours) * elapsed / days);
}

int study_met(int64_t tenths, int required)
{
	return tenths >= (int64_t)required * 10;
}

int study_hours_avg(int64_t sum_tenths, int64_t members)
{
	/* metrics_rate gives round-half-up of 1000·num/den; over 1000·members that is sum/members. */
	return metrics_rate(sum_tenths, members * 1000);
}

const char *study_hours_parse(const char *s, int *tenths)
{
	const char *p = s;
	if (*p == '-')
		return "学时不能为负数";
	long whole = 0;
	int digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (whole < 100000)
			whole = whole * 10 + (*p - '0');
	if (!digits)
		return "学时应为数字";
	long t = whole * 10;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return "学时应为数字";
		t += *p++ - '0';
		while (*p == '0')
			p++;
		if (*p >= '1' && *p <= '9')
			return "学时最多保留一位小数";
	}
	if (*p)
		return "学时应为数字";
	if (t > STUDY_MAX_TENTHS)
		return "学时超过24小时";
	*tenths = (int)t;
	return NULL;
}

void study_hours_format(int tenths, char out[16])
{
	if (tenths % 10)
		snprintf(out, 16, "%d.%d", tenths / 10, tenths % 10);
	else
		snprintf(out, 16, "%d", tenths / 10);
}

/* ---- secretaries ---- */

int secretary_term_valid(int start, int end)
{
	return end == DATE_NONE || end > start;
}

int secretary_current(int start, int end, int as_of)
{
	return start <= as_of && (end == DATE_NONE || as_of < end);
}

int secretary_overlap(const sec_term *t, size_t n, size_t *i, size_t *j)
{
	for (size_t a = 0; a < n; a++) {
		if (!secretary_term_valid(t[a].start, t[a].end))
			continue; /* no day at all: nothing to share */
		int ea = t[a].end == DATE_NONE ? INT_MAX : t[a].end;
		for (size_t b = a + 1; b < n; b++) {
			if (!secretary_term_valid(t[b].start, t[b].end))
				continue;
			int eb = t[b].end == DATE_NONE ? INT_MAX : t[b].end;
			if (t[a].start < eb && t[b].start < ea) {
				*i = a;
				*j = b;
				return 1;
			}
		}
	}
	return 0;
}

/* ---- instructors' visits ---- */

void visit_assignment_year(int start, int end, const int *visits, size_t n, int as_of, int per_quarter,
			   visit_year *out)
{
	int y, mo, d;
	date_to_ymd(as_of, &y, &mo, &d);
	memset(out, 0, sizeof *out);
	out->year = y;
	out->as_of = as_of;
	int jan1 = date_from_ymd(y, 1, 1), month;
	for (size_t i = 0; i < n; i++)
		if (month_in_year(visits[i], jan1, as_of, &month))
			out->quarter[life_period_index(LIFE_QUARTER, month)].held++;
	for (int q = 0; q < 4; q++) {
		int first, last;
		life_period_bounds(y, LIFE_QUARTER, q, &first, &last);
		period_eval(first, last, start, end, as_of, per_quarter, &out->quarter[q]);
		out->checked |= out->quarter[q].checked;
		if (out->quarter[q].state == LIFE_MISSING)
			out->missing[out->nmissing++] = (unsigned char)q;
	}
	out->compliant = out->checked && !out->nmissing;
}
