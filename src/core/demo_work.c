/* demo_work — the party-work records of the demo (party-work.md §1–3): secretaries,
 * organisational life (meetings with attendance and absences), individual study, instructors'
 * visits, and training events with their participants.
 *
 * Everything is drawn from per-entity streams over the plan and the members' plan (g->pm), so
 * any organisation's, member's or street's records can be recomputed from its index alone.
 * The shape: about nine in ten organisations have a current secretary; most organisations hold
 * every minimum of life.h and about one in seven misses a few months; shift-work organisations
 * meet at staggered times; visits are mostly quarterly; each street holds a few training events
 * a year. No date passes today or precedes what it depends on (founding, joining, an
 * instructor's start), and every attendee is lodged in the organisation on the day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo_int.h"
#include "core/life.h"
#include "util/date.h"

/* ---- the plan: lodged members and groups ---- */

/* Members who can take part in an organisation's life: lodged there, membership not stopped. */
static int takes_part(const pmember *p)
{
	return p->org >= 0 && p->rel != PR_STOPPED;
}

void demo_work_plan(gen *g)
{
	for (uint32_t o = 0; o < g->norgs; o++)
		g->orgs[o].nlodged = 0;
	uint32_t total = 0;
	for (uint32_t n = 0; n < g->npm; n++)
		if (takes_part(&g->pm[n])) {
			g->orgs[g->pm[n].org].nlodged++;
			total++;
		}
	g->lodged = xrealloc(g->lodged, (total ? total : 1) * sizeof *g->lodged);
	uint32_t at = 0;
	for (uint32_t o = 0; o < g->norgs; o++) {
		g->orgs[o].lodged_first = at;
		at += g->orgs[o].nlodged;
		g->orgs[o].nlodged = 0;
	}
	for (uint32_t n = 0; n < g->npm; n++)
		if (takes_part(&g->pm[n])) {
			org *x = &g->orgs[g->pm[n].org];
			g->lodged[x->lodged_first + x->nlodged++] = n;
		}
	/* Party groups (党小组): some larger branches split their members into 2–4 groups. */
	for (uint32_t o = 0; o < g->norgs; o++) {
		org *x = &g->orgs[o];
		rng r = rng_for(g->seed, T_ORG_WORK, o);
		x->groups = 0;
		if (x->mode != OM_LEAD && x->nlodged >= 9 && rng_chance(&r, 0.45))
			x->groups = (uint8_t)(x->nlodged >= 24 ? 2 + rng_below(&r, 3) : 2);
	}
}

/* ---- secretaries ---- */

enum { SM_INNER, SM_HIRED, SM_OPEN, SM_SENT };
static const char *const SEC_METHODS[] = {"内选", "外聘", "公开选拔", "组织选派"};

typedef struct sec_plan {
	int has;                /* a current record */
	int lead;               /* a leadership body's: named, no member record */
	char lead_name[32];
	uint32_t cur, past;     /* running numbers of the members */
	int has_past;
	int since, past_since;  /* the past term ends where the current one starts */
	int method, past_method, dual, investor;
	char phone[12];
} sec_plan;

/* Whether member n could have been secretary from day d: formal, in good standing, joined, and
 * not on its way out of the district (a 转出 this year, done or pending). */
static int sec_candidate(const gen *g, uint32_t n, int d)
{
	const pmember *p = &g->pm[n];
	return p->formal && p->rel == PR_NORMAL && p->xout == XO_NONE && p->join < d;
}

static int draw_method(rng *r)
{
	double u = rng_unit(r);
	return u < 0.7 ? SM_INNER : u < 0.82 ? SM_HIRED : u < 0.9 ? SM_OPEN : SM_SENT;
}

/* The secretaries of organisation o, recomputed from its own stream wherever they are needed. */
static void sec_draw(const gen *g, uint32_t o, sec_plan *p)
{
	const org *x = &g->orgs[o];
	rng r = rng_for(g->seed, T_SECRETARY, o);
	memset(p, 0, sizeof *p);
	if (!rng_chance(&r, 0.9))
		return;
	p->method = draw_method(&r);
	p->dual = rng_chance(&r, 0.4);
	p->investor = rng_chance(&r, 0.25);
	demo_phone_number(&r, p->phone);
	int span = g->today - x->founded;
	p->since = x->founded + (span > 0 ? (int)rng_below(&r, (uint32_t)span + 1) : 0);
	if (x->mode == OM_LEAD) {
		p->has = p->lead = 1;
		p->method = SM_SENT;
		demo_person_name(&r, rng_chance(&r, 0.7), p->lead_name, sizeof p->lead_name);
		return;
	}
	const uint32_t *l = g->lodged + x->lodged_first;
	uint32_t n = 0;
	for (uint32_t k = 0; k < x->nlodged; k++)
		n += sec_candidate(g, l[k], g->today);
	if (n == 0)
		return;
	uint32_t pick = rng_below(&r, n);
	for (uint32_t k = 0; k < x->nlodged; k++)
		if (sec_candidate(g, l[k], g->today) && pick-- == 0)
			p->cur = l[k];
	p->has = 1;
	if (p->since <= g->pm[p->cur].join)
		p->since = g->pm[p->cur].join + 1;
	/* A few organisations changed secretary: the predecessor served from founding. */
	if (p->since - x->founded > 400 && rng_chance(&r, 0.15)) {
		uint32_t start = rng_below(&r, x->nlodged);
		for (uint32_t k = 0; k < x->nlodged && !p->has_past; k++) {
			uint32_t m = l[(start + k) % x->nlodged];
			if (m != p->cur && sec_candidate(g, m, x->founded)) {
				p->has_past = 1;
				p->past = m;
				p->past_since = x->founded;
				p->past_method = draw_method(&r);
			}
		}
	}
}

const char *demo_org_secretary(gen *g, uint32_t o, char *out, size_t size)
{
	sec_plan p;
	sec_draw(g, o, &p);
	if (!p.has)
		return NULL;
	if (p.lead)
		snprintf(out, size, "%s", p.lead_name);
	else
		demo_member_name(g, p.cur, out, size);
	return out;
}

static int sec_row(gen *g, const char *oname, const char *name, uint32_t member, int has_member, int since,
		   int until, int method, int dual, int investor, const char *phone)
{
	char idno[19];
	int birth, male;
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, SE_ORG, oname);
	demo_row_set(w, SE_NAME, name);
	if (has_member) {
		demo_member_idno(g, member, idno, &birth, &male);
		demo_row_set(w, SE_IDNO, idno);
	}
	demo_row_date(w, SE_SINCE, since);
	if (until != DATE_NONE)
		demo_row_date(w, SE_UNTIL, until);
	demo_row_set(w, SE_METHOD, SEC_METHODS[method]);
	demo_row_bool(w, SE_DUAL_STRONG, dual);
	demo_row_bool(w, SE_INVESTOR, investor);
	demo_row_set(w, SE_PHONE, phone);
	return demo_emit_row(g, LEDGER_SECRETARIES);
}

static int emit_secretaries(gen *g)
{
	char oname[512], name[32];
	for (uint32_t o = 0; o < g->norgs; o++) {
		sec_plan p;
		sec_draw(g, o, &p);
		if (!p.has)
			continue;
		demo_org_name(g, o, oname, sizeof oname);
		int rc = 0;
		if (p.has_past) {
			demo_member_name(g, p.past, name, sizeof name);
			rc = sec_row(g, oname, name, p.past, 1, p.past_since, p.since, p.past_method, 0, 0, NULL);
		}
		if (p.lead)
			snprintf(name, sizeof name, "%s", p.lead_name);
		else
			demo_member_name(g, p.cur, name, sizeof name);
		rc = rc ? rc
			: sec_row(g, oname, name, p.cur, !p.lead, p.since, DATE_NONE, p.method, p.dual, p.investor,
				  p.phone);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- meetings ---- */

/* Themes, per kind of life.h. */
static const char *const T_ASSEMBLY[] = {
	"传达学习上级会议精神，研究部署本季度工作", "讨论发展党员和预备党员转正工作", "通报党费收缴和党建工作开展情况",
	"学习贯彻党的二十届三中全会精神", "部署开展党纪学习教育", "听取和讨论支部委员会工作报告",
};
static const char *const T_COMMITTEE[] = {
	"研究本月主题党日活动安排", "研究党员教育管理工作", "研究发展党员工作", "分析党员思想状况，安排谈心谈话",
	"研究推动党建与生产经营深度融合", "研究党费收缴和使用", "研究困难党员职工走访慰问",
};
static const char *const T_GROUP[] = {
	"学习党章党规，交流学习体会", "开展谈心谈话，交流思想和工作", "学习《习近平谈治国理政》有关篇目",
	"讨论岗位建功和党员先锋岗创建", "学习企业安全生产制度",
};
static const char *const T_LESSON[] = {
	"书记讲党课：坚定理想信念，做合格党员", "讲好新时代党的故事", "以高质量党建引领企业高质量发展",
	"弘扬伟大建党精神", "学党史、悟思想、办实事、开新局", "守纪律、讲规矩，做遵规守纪的明白人",
	"党员如何在岗位上发挥先锋模范作用",
};
static const char *const T_THEMED_DAY[] = {
	"重温入党誓词，坚定理想信念", "参观红色教育基地", "志愿服务进社区", "学习贯彻党的二十大精神",
	"“我为群众办实事”实践活动", "安全生产隐患排查党员在行动", "观看红色影片并交流体会", "党员先锋岗技能比武",
	"走访慰问困难职工", "学习新修订的《中国共产党纪律处分条例》", "垃圾分类宣传志愿服务", "清廉企业建设主题学习",
};
static const char *const T_LIFE_MEETING[] = {"年度组织生活会：对照检查，开展批评和自我批评",
					     "专题组织生活会：学习新思想，查摆问题，明确整改措施"};
static const char *const T_APPRAISAL[] = {"年度民主评议党员", "民主评议党员，评定优秀党员"};

static const struct {
	const char *const *topics;
	uint32_t n;
	int lo, hi; /* hours, in tenths, in steps of 5 */
} KIND_SHAPE[LIFE_NKINDS] = {
	[LIFE_ASSEMBLY] = {T_ASSEMBLY, NELEM(T_ASSEMBLY), 10, 20},
	[LIFE_COMMITTEE] = {T_COMMITTEE, NELEM(T_COMMITTEE), 10, 15},
	[LIFE_GROUP] = {T_GROUP, NELEM(T_GROUP), 10, 20},
	[LIFE_LESSON] = {T_LESSON, NELEM(T_LESSON), 15, 30},
	[LIFE_THEMED_DAY] = {T_THEMED_DAY, NELEM(T_THEMED_DAY), 20, 40},
	[LIFE_LIFE_MEETING] = {T_LIFE_MEETING, NELEM(T_LIFE_MEETING), 20, 40},
	[LIFE_APPRAISAL] = {T_APPRAISAL, NELEM(T_APPRAISAL), 20, 30},
};

static const char *const ABSENT_REASONS[] = {"出差", "出差", "病假", "事假", "外出学习", "家中有事", "值班"};

/* One lodged member of the organisation whose meetings are being written. */
typedef struct att {
	char id[19];
	int32_t join;
	int32_t left;      /* out of the organisation from this day (a completed 转出), INT32_MAX */
	uint8_t rel;
	uint8_t committee; /* sits on the committee */
	uint8_t group;     /* its party group, 0-based */
} att;

typedef struct org_life {
	uint32_t o;
	const char *oname;
	char recorder[32];
	att *a;
	uint32_t n, cap;
	int shift;
	char hours[16];
} org_life;

static int cmp_att(const void *x, const void *y)
{
	return strcmp(((const att *)x)->id, ((const att *)y)->id);
}

/* Everyone who might attend: the committee is the secretary and the first members lodged, the
 * groups deal the members out in turn. Sorted by ID number, the attendee lists' canonical order. */
static void life_people(gen *g, org_life *L)
{
	const org *x = &g->orgs[L->o];
	sec_plan sp;
	sec_draw(g, L->o, &sp);
	if (x->nlodged > L->cap) {
		L->cap = x->nlodged;
		L->a = xrealloc(L->a, L->cap * sizeof *L->a);
	}
	L->n = x->nlodged;
	const uint32_t *l = g->lodged + x->lodged_first;
	uint32_t seats = x->committee;
	for (uint32_t k = 0; k < x->nlodged; k++) {
		att *t = &L->a[k];
		int birth, male;
		const pmember *p = &g->pm[l[k]];
		demo_member_idno(g, l[k], t->id, &birth, &male);
		t->join = p->join;
		t->left = p->left;
		t->rel = p->rel;
		t->group = x->groups ? (uint8_t)(k % x->groups) : 0;
		t->committee = seats && sp.has && !sp.lead && l[k] == sp.cur;
		seats -= t->committee;
	}
	for (uint32_t k = 0; k < x->nlodged && seats; k++)
		if (!L->a[k].committee && g->pm[l[k]].formal && g->pm[l[k]].xout == XO_NONE) {
			L->a[k].committee = 1;
			seats--;
		}
	/* The minutes are kept by one member: the second lodged (the first often is the secretary),
	 * or the next one who stays when that one transferred out. */
	uint32_t rec = x->nlodged > 1 ? 1 : 0;
	for (uint32_t k = rec; k < x->nlodged; k++)
		if (g->pm[l[k]].xout != XO_DONE) {
			rec = k;
			break;
		}
	demo_member_name(g, l[rec], L->recorder, sizeof L->recorder);
	qsort(L->a, L->n, sizeof *L->a, cmp_att);
}

enum { WHO_ALL = -2, WHO_COMMITTEE = -1 }; /* or a group's index */

static const char *draw_form(rng *r, const org_life *L, int kind, int groups)
{
	double u = rng_unit(r);
	if (kind == LIFE_COMMITTEE)
		return u < 0.9 ? "集中" : "线上";
	if (L->shift && kind != LIFE_GROUP)
		return u < 0.35 ? "集中" : u < 0.7 ? "错时" : "轮班";
	if (u < 0.88)
		return "集中";
	if (u < 0.95 || !groups)
		return "线上";
	return "小组";
}

/* Writes one meeting of organisation L->o on day d for the members who (WHO_*, or a group). */
static int meeting(gen *g, org_life *L, rng *r, int kind, int d, int who, const char *prefix)
{
	buf_reset(&g->list);
	buf_reset(&g->list2);
	int present = 0;
	for (uint32_t k = 0; k < L->n; k++) {
		const att *t = &L->a[k];
		if (t->join > d || t->rel == PR_LOST)
			continue;
		if ((who == WHO_COMMITTEE && !t->committee) || (who >= 0 && t->group != who))
			continue;
		/* Transferred out by the day: not on either list (its draws are made all the same, so the
		 * others' attendance does not depend on it). */
		int gone = d >= t->left;
		double stay = t->rel == PR_FLOWING ? 0.35 : 0.9;
		if (rng_chance(r, stay)) {
			if (gone)
				continue;
			if (g->list.len)
				buf_puts(&g->list, "；");
			buf_puts(&g->list, t->id);
			present++;
		} else {
			const char *why = t->rel == PR_FLOWING ? "外出流动"
					  : L->shift && rng_chance(r, 0.5) ? "轮班"
					  : ABSENT_REASONS[rng_below(r, NELEM(ABSENT_REASONS))];
			if (gone)
				continue;
			if (g->list2.len)
				buf_puts(&g->list2, "；");
			buf_printf(&g->list2, "%s：%s", t->id, why);
		}
	}
	if (!present)
		return 0;
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, MT_ORG, L->oname);
	demo_row_set(w, MT_KIND, life_kind_names[kind]);
	demo_row_date(w, MT_DATE, d);
	const char *topic = KIND_SHAPE[kind].topics[rng_below(r, KIND_SHAPE[kind].n)];
	if (prefix)
		demo_row_printf(w, MT_TOPIC, "%s%s", prefix, topic);
	else
		demo_row_set(w, MT_TOPIC, topic);
	demo_row_set(w, MT_FORM, draw_form(r, L, kind, g->orgs[L->o].groups));
	int steps = (KIND_SHAPE[kind].hi - KIND_SHAPE[kind].lo) / 5;
	study_hours_format(KIND_SHAPE[kind].lo + 5 * rng_range(r, 0, steps), L->hours);
	demo_row_set(w, MT_HOURS, L->hours);
	w->rec.f[MT_ATTENDEES] = buf_cstr(&g->list);
	if (g->list2.len)
		w->rec.f[MT_ABSENTEES] = buf_cstr(&g->list2);
	demo_row_set(w, MT_RECORDER, L->recorder);
	return demo_emit_row(g, LEDGER_MEETINGS);
}

static int days_in_month(int y, int m)
{
	return date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - date_from_ymd(y, m, 1);
}

/* A day of month m near the organisation's habit (pref), within the month. */
static int near_day(rng *r, int y, int m, int pref)
{
	int d = pref + rng_range(r, -2, 2), last = days_in_month(y, m);
	return date_from_ymd(y, m, d < 1 ? 1 : d > last ? last : d);
}

/* An organisation that covers no operating enterprise has stopped its activities. */
int demo_org_active(const gen *g, const org *x)
{
	for (uint32_t k = 0; k < x->cover_n; k++)
		if (g->ents[g->cov[x->cover_first + k]].status == ST_OPERATING)
			return 1;
	return 0;
}

static const char *const GROUP_PREFIX[] = {"第一党小组：", "第二党小组：", "第三党小组：", "第四党小组："};

/* The organisation's year of meetings up to today: every minimum held, except in the months an
 * organisation with lapses (about one in seven) skipped. */
static int org_meetings(gen *g, org_life *L)
{
	const org *x = &g->orgs[L->o];
	rng r = rng_for(g->seed, T_MEETING, L->o);
	int y = g->today_y, tm, td;
	date_to_ymd(g->today, &y, &tm, &td);
	L->shift = rng_chance(&r, 0.15);
	/* Lapses: 1–3 of the months already ended lack their themed day (and often the rest). */
	uint32_t lapse = 0;
	if (tm > 1 && rng_chance(&r, 0.15))
		for (int k = rng_range(&r, 1, 3); k > 0; k--)
			lapse |= 1u << rng_range(&r, 1, tm - 1);
	int pref_theme = rng_range(&r, 5, 25), pref_comm = rng_range(&r, 1, 8), pref_group = rng_range(&r, 10, 20);
	int q_assembly[4], q_lesson[4];
	for (int q = 0; q < 4; q++) {
		q_assembly[q] = 3 * q + rng_range(&r, 1, 3);
		q_lesson[q] = 3 * q + rng_range(&r, 1, 3);
		if ((lapse >> q_lesson[q] & 1u) && rng_chance(&r, 0.5))
			q_lesson[q] = 0;
	}
	int yearly = rng_chance(&r, 0.8) ? rng_range(&r, 1, 2) : 12;
	for (int m = 1; m <= tm; m++) {
		int off = (lapse >> m) & 1u;
		struct sitting {
			int kind, d, who;
			const char *prefix;
		} plan[12];
		int np = 0;
		if (x->committee && !(off && rng_chance(&r, 0.6)))
			plan[np++] = (struct sitting){LIFE_COMMITTEE, near_day(&r, y, m, pref_comm), WHO_COMMITTEE, NULL};
		for (int k = 0; k < x->groups && !off; k++)
			plan[np++] = (struct sitting){LIFE_GROUP, near_day(&r, y, m, pref_group + 2 * k), k, GROUP_PREFIX[k]};
		if (!off)
			plan[np++] = (struct sitting){LIFE_THEMED_DAY, near_day(&r, y, m, pref_theme), WHO_ALL, NULL};
		if (q_assembly[(m - 1) / 3] == m)
			plan[np++] = (struct sitting){LIFE_ASSEMBLY, near_day(&r, y, m, 15), WHO_ALL, NULL};
		if (q_lesson[(m - 1) / 3] == m)
			plan[np++] = (struct sitting){LIFE_LESSON, near_day(&r, y, m, 20), WHO_ALL, NULL};
		if (m == yearly) {
			int d = near_day(&r, y, m, 18);
			plan[np++] = (struct sitting){LIFE_LIFE_MEETING, d, WHO_ALL, NULL};
			plan[np++] = (struct sitting){LIFE_APPRAISAL, d + (m == 12 ? -1 : 1), WHO_ALL, NULL};
		}
		for (int k = 0; k < np; k++) {
			if (plan[k].d < x->founded || plan[k].d > g->today)
				continue;
			int rc = meeting(g, L, &r, plan[k].kind, plan[k].d, plan[k].who, plan[k].prefix);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int emit_meetings(gen *g)
{
	char oname[512];
	org_life L = {0};
	L.oname = oname;
	int rc = 0;
	for (uint32_t o = 0; o < g->norgs && !rc; o++) {
		const org *x = &g->orgs[o];
		if (x->mode == OM_LEAD || x->nlodged == 0 || x->founded > g->today || !demo_org_active(g, x))
			continue;
		L.o = o;
		demo_org_name(g, o, oname, sizeof oname);
		life_people(g, &L);
		rc = org_meetings(g, &L);
	}
	free(L.a);
	return rc;
}

/* ---- individual study ---- */

static const char *const STUDY_TOPICS[] = {
	"“学习强国”平台学习", "自学《中国共产党章程》", "学习《习近平新时代中国特色社会主义思想学习纲要》",
	"观看《榜样》专题节目", "参加网上党校专题学习", "学习《中国共产党纪律处分条例》", "阅读《求是》杂志文章",
	"学习党史学习教育读本",
};

/* About one member in five keeps 1–3 records of individual study in the year, on distinct days. */
static int emit_study(gen *g)
{
	char idno[19], name[32], hours[16];
	int jan1 = date_from_ymd(g->today_y, 1, 1);
	for (uint32_t n = 0; n < g->npm; n++) {
		const pmember *p = &g->pm[n];
		if (p->rel == PR_STOPPED || p->rel == PR_LOST)
			continue;
		rng r = rng_for(g->seed, T_STUDY, n);
		if (!rng_chance(&r, 0.2))
			continue;
		/* Up to today, or to the day before a completed 转出 took the member away. */
		int from = p->join > jan1 ? p->join : jan1, to = p->left <= g->today ? p->left - 1 : g->today;
		if (from > to)
			continue;
		int k = rng_range(&r, 1, 3), slot = (to - from + 1) / k;
		if (slot < 1)
			k = 1, slot = to - from + 1;
		int birth, male;
		demo_member_idno(g, n, idno, &birth, &male);
		demo_member_name(g, n, name, sizeof name);
		for (int i = 0; i < k; i++) {
			row *w = &g->row;
			demo_row_clear(w);
			demo_row_set(w, ST_IDNO, idno);
			demo_row_set(w, ST_NAME, name);
			demo_row_date(w, ST_DATE, from + i * slot + (int)rng_below(&r, (uint32_t)slot));
			demo_row_set(w, ST_CONTENT, STUDY_TOPICS[rng_below(&r, NELEM(STUDY_TOPICS))]);
			study_hours_format(5 * rng_range(&r, 1, 6), hours);
			demo_row_set(w, ST_HOURS, hours);
			int rc = demo_emit_row(g, LEDGER_STUDY);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- instructors' visits ---- */

static const char *const VISIT_NOTES[] = {
	"了解企业生产经营和职工队伍情况，宣传党的政策", "走访出资人，宣传非公企业党建工作意义",
	"摸排企业党员情况，动员流动党员亮明身份", "指导企业做好党组织组建准备", "协调解决企业用工难题",
	"督促企业落实安全生产责任", "帮助企业申报人才和政策补贴", "了解职工思想动态，推动建立工会组织",
};

/* Each assignment is visited about nine quarters in ten, on a day of the quarter; some quarters
 * see a second visit. */
static int visits_of(gen *g, uint32_t s, uint32_t i, const instr *in)
{
	char uscc[19];
	int y = g->today_y;
	for (uint32_t k = 0; k < in->nents; k++) {
		rng r = rng_for(g->seed, T_VISIT, (uint64_t)s << 24 | (uint64_t)i << 12 | k);
		demo_ent_uscc(g, in->ents[k], uscc);
		for (int q = 0; q < 4; q++) {
			int first, last;
			life_period_bounds(y, LIFE_QUARTER, q, &first, &last);
			if (first > g->today)
				break;
			int nv = rng_chance(&r, 0.88) ? 1 + rng_chance(&r, 0.1) : 0;
			int span = (last - first + 1) / (nv ? nv : 1);
			for (int v = 0; v < nv; v++) {
				int d = first + v * span + (int)rng_below(&r, (uint32_t)span);
				uint32_t roles = 1u << rng_below(&r, 4);
				for (int b = 0; b < 4; b++)
					if (rng_chance(&r, 0.3))
						roles |= 1u << b;
				const char *note = VISIT_NOTES[rng_below(&r, NELEM(VISIT_NOTES))];
				if (d > g->today || d < in->start)
					continue;
				row *w = &g->row;
				demo_row_clear(w);
				demo_row_set(w, VI_INSTRUCTOR, in->name);
				demo_row_set(w, VI_UNIT, in->unit);
				demo_row_set(w, VI_USCC, uscc);
				demo_row_date(w, VI_DATE, d);
				buf_reset(&g->list);
				for (int b = 0; b < 4; b++)
					if (roles >> b & 1u) {
						if (g->list.len)
							buf_puts(&g->list, "；");
						buf_puts(&g->list, visit_roles[b]);
					}
				w->rec.f[VI_ROLES] = buf_cstr(&g->list);
				demo_row_set(w, VI_NOTES, note);
				int rc = demo_emit_row(g, LEDGER_VISITS);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
}

static int emit_visits(gen *g)
{
	for (uint32_t s = 0; s < g->nstreets; s++) {
		int rc = demo_instructors_walk(g, s, visits_of);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- training and observation ---- */

static const struct event_kind {
	const char *kind, *title;
	int lo, hi, days; /* hours in tenths; days it lasts */
	int secs, mems, investors; /* how many of each are invited, at most */
} EVENT_KINDS[] = {
	{"集中培训", "非公企业党组织书记集中培训班", 80, 160, 2, 50, 12, 0},
	{"现场观摩", "非公企业党建工作现场观摩会", 20, 40, 1, 25, 0, 10},
	{"主题讲座", "党建主题讲座", 20, 30, 1, 10, 50, 5},
	{"专家辅导", "党务知识专家辅导", 20, 30, 1, 15, 30, 0},
	{"专题讨论", "党建引领企业发展专题研讨", 20, 40, 1, 20, 10, 8},
	{"任职培训", "新任党组织书记任职培训班", 80, 160, 2, 20, 0, 0},
	{"全员轮训", "非公企业党员全员轮训", 40, 80, 1, 0, 80, 0},
};

typedef struct event {
	const struct event_kind *k;
	char name[256], place[256], organiser[128], hours[16];
	int start, end;
} event;

/* The j-th event of street s, drawn in turn from the street's stream r. */
static void draw_event(gen *g, uint32_t s, rng *r, uint32_t j, unsigned *seen, event *ev)
{
	static const char *const ORDINALS[] = {"", "（第二期）", "（第三期）", "（第四期）", "（第五期）"};
	char sname[64];
	demo_street_name(g, s, sname, sizeof sname);
	uint32_t ki = j == 0 ? 0 : rng_below(r, NELEM(EVENT_KINDS));
	ev->k = &EVENT_KINDS[ki];
	snprintf(ev->name, sizeof ev->name, "%s%d年%s%s", sname, g->today_y, ev->k->title, ORDINALS[seen[ki]++]);
	int jan1 = date_from_ymd(g->today_y, 1, 1);
	ev->start = jan1 + (int)rng_below(r, (uint32_t)(g->today - jan1 + 1));
	int days = rng_range(r, 1, ev->k->days);
	ev->end = ev->start + days - 1 > g->today ? g->today : ev->start + days - 1;
	/* Two-day courses fill both days; one-day sittings last a morning or a day. */
	int tenths = days > 1 ? ev->k->hi : ev->k->days > 1 ? ev->k->lo : ev->k->lo + 10 * rng_range(r, 0, (ev->k->hi - ev->k->lo) / 10);
	study_hours_format(tenths, ev->hours);
	snprintf(ev->place, sizeof ev->place, "%s党群服务中心", sname);
	if (ev->k->investors && ev->k->secs > ev->k->mems) {
		/* Observation happens at an enterprise whose party work is worth seeing. */
		const street *st = &g->streets[s];
		uint32_t e = st->first_ent + rng_below(r, st->nent);
		for (uint32_t k = 0; k < st->nent; k++, e = e + 1 < st->first_ent + st->nent ? e + 1 : st->first_ent)
			if (g->ents[e].org >= 0 && g->ents[e].status == ST_OPERATING) {
				demo_ent_name(g, e, ev->place, sizeof ev->place);
				break;
			}
	}
	if (rng_chance(r, 0.3))
		snprintf(ev->organiser, sizeof ev->organiser, "%s委组织部", g->reg->name);
	else
		snprintf(ev->organiser, sizeof ev->organiser, "%s党工委", sname);
}

/* How many events street s holds in the year (2–4), and the stream they are drawn from in turn:
 * trainings and trainees replay it, so both see the same events. */
static uint32_t street_events(const gen *g, uint32_t s, rng *r)
{
	*r = rng_for(g->seed, T_TRAINING, s);
	return (uint32_t)rng_range(r, 2, 4);
}

static int emit_trainings(gen *g)
{
	for (uint32_t s = 0; s < g->nstreets; s++) {
		rng r;
		uint32_t n = street_events(g, s, &r);
		unsigned seen[NELEM(EVENT_KINDS)] = {0};
		for (uint32_t j = 0; j < n; j++) {
			event ev;
			draw_event(g, s, &r, j, seen, &ev);
			row *w = &g->row;
			demo_row_clear(w);
			demo_row_set(w, TR_NAME, ev.name);
			demo_row_set(w, TR_KIND, ev.k->kind);
			demo_row_date(w, TR_START, ev.start);
			demo_row_date(w, TR_END, ev.end);
			demo_row_set(w, TR_PLACE, ev.place);
			demo_row_set(w, TR_HOURS, ev.hours);
			demo_row_set(w, TR_ORGANISER, ev.organiser);
			int rc = demo_emit_row(g, LEDGER_TRAININGS);
			if (rc)
				return rc;
		}
	}
	return 0;
}

typedef struct u32v {
	uint32_t *v;
	uint32_t n, cap;
} u32v;

static void u32v_push(u32v *a, uint32_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->v = xrealloc(a->v, a->cap * sizeof *a->v);
	}
	a->v[a->n++] = x;
}

/* Who a street can invite: its organisations' current secretaries, their other members, and
 * the investors of its operating enterprises. */
typedef struct street_people {
	u32v secs, mems, investors; /* running numbers; enterprises */
} street_people;

static int trainee_row(gen *g, const event *ev, const char *name, const char *idno, const char *role, int32_t e)
{
	char uscc[19];
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, TE_TRAINING, ev->name);
	demo_row_date(w, TE_START, ev->start);
	demo_row_set(w, TE_NAME, name);
	demo_row_set(w, TE_IDNO, idno);
	demo_row_set(w, TE_ROLE, role);
	if (e >= 0) {
		demo_ent_uscc(g, (uint32_t)e, uscc);
		demo_row_set(w, TE_USCC, uscc);
	}
	return demo_emit_row(g, LEDGER_TRAINEES);
}

/* Invites about want of the n candidates, each with the same chance. */
static int invited(rng *r, uint32_t want, uint32_t n)
{
	return n && rng_chance(r, (double)want / n);
}

static int event_people(gen *g, const street_people *sp, const event *ev, rng *r)
{
	char name[32], idno[19];
	int birth, male, rc = 0;
	for (uint32_t k = 0; k < sp->secs.n && !rc; k++)
		if (invited(r, (uint32_t)ev->k->secs, sp->secs.n)) {
			uint32_t m = sp->secs.v[k];
			demo_member_name(g, m, name, sizeof name);
			demo_member_idno(g, m, idno, &birth, &male);
			rc = trainee_row(g, ev, name, idno, "书记", g->pm[m].employer);
		}
	const char *role = ev->k->secs > ev->k->mems ? "党务工作者" : "党员";
	for (uint32_t k = 0; k < sp->mems.n && !rc; k++)
		if (invited(r, (uint32_t)ev->k->mems, sp->mems.n) && ev->end < g->pm[sp->mems.v[k]].left) {
			uint32_t m = sp->mems.v[k];
			demo_member_name(g, m, name, sizeof name);
			demo_member_idno(g, m, idno, &birth, &male);
			rc = trainee_row(g, ev, name, idno, role, g->pm[m].employer);
		}
	for (uint32_t k = 0; k < sp->investors.n && !rc; k++)
		if (invited(r, (uint32_t)ev->k->investors, sp->investors.n)) {
			uint32_t e = sp->investors.v[k];
			demo_ent_investor(g, e, name, sizeof name);
			rc = trainee_row(g, ev, name, NULL, "出资人", (int32_t)e);
		}
	return rc;
}

static int emit_trainees(gen *g)
{
	/* Organisations by street, in order. */
	uint32_t *first = xcalloc(g->nstreets + 1, sizeof *first), *by = xcalloc(g->norgs + 1, sizeof *by);
	for (uint32_t o = 0; o < g->norgs; o++)
		if (g->orgs[o].street != UINT32_MAX)
			first[g->orgs[o].street + 1]++;
	for (uint32_t s = 0; s < g->nstreets; s++)
		first[s + 1] += first[s];
	uint32_t *fill = xcalloc(g->nstreets + 1, sizeof *fill);
	for (uint32_t o = 0; o < g->norgs; o++)
		if (g->orgs[o].street != UINT32_MAX) {
			uint32_t s = g->orgs[o].street;
			by[first[s] + fill[s]++] = o;
		}
	free(fill);
	street_people sp = {{0}, {0}, {0}};
	char name[32];
	int rc = 0;
	for (uint32_t s = 0; s < g->nstreets && !rc; s++) {
		sp.secs.n = sp.mems.n = sp.investors.n = 0;
		for (uint32_t k = first[s]; k < first[s + 1]; k++) {
			const org *x = &g->orgs[by[k]];
			sec_plan p;
			sec_draw(g, by[k], &p);
			if (x->mode == OM_LEAD)
				continue;
			if (p.has)
				u32v_push(&sp.secs, p.cur);
			for (uint32_t i = 0; i < x->nlodged; i++) {
				uint32_t m = g->lodged[x->lodged_first + i];
				if (!(p.has && m == p.cur) && g->pm[m].rel == PR_NORMAL)
					u32v_push(&sp.mems, m);
			}
		}
		const street *st = &g->streets[s];
		for (uint32_t e = st->first_ent; e < st->first_ent + st->nent; e++)
			if (g->ents[e].status == ST_OPERATING && g->ents[e].employees >= 10) {
				demo_ent_investor(g, e, name, sizeof name);
				if (name[0])
					u32v_push(&sp.investors, e);
			}
		rng r;
		uint32_t n = street_events(g, s, &r);
		unsigned seen[NELEM(EVENT_KINDS)] = {0};
		for (uint32_t j = 0; j < n && !rc; j++) {
			event ev;
			draw_event(g, s, &r, j, seen, &ev);
			rng pr = rng_for(g->seed, T_TRAINING, (uint64_t)1 << 40 | (uint64_t)s << 8 | j);
			rc = event_people(g, &sp, &ev, &pr);
		}
	}
	free(sp.secs.v);
	free(sp.mems.v);
	free(sp.investors.v);
	free(first);
	free(by);
	return rc;
}

/* ---- all records ---- */

int demo_work_emit(gen *g)
{
	int rc = emit_meetings(g);
	if (!rc)
		rc = emit_study(g);
	if (!rc)
		rc = emit_secretaries(g);
	if (!rc)
		rc = emit_visits(g);
	if (!rc)
		rc = emit_trainings(g);
	if (!rc)
		rc = emit_trainees(g);
	if (!rc)
		rc = demo_members_emit(g);
	return rc;
}
