/* demo_members — the members' lifecycle records of the demo (party-work.md §4–5): development
 * of new members over the last five years, this year's transfers, dues, the investigation
 * campaign with its tasks, and the employee rosters. Drawn, like demo_work.c, from per-entity
 * streams over the plan and the members' plan, so each record can be recomputed from its index. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/demo_int.h"
#include "core/dues.h"
#include "core/dev.h"
#include "core/life.h"
#include "util/date.h"

/* ---- developing members ---- */

static const char *const RECOMMEND_WAYS[] = {"党员推荐", "群团推优", "双推"};

/* The next Monday on or after day d (day 0, 1970-01-01, was a Thursday). */
static int monday_from(int d)
{
	int wd = ((d % 7) + 7 + 3) % 7; /* 0 = Monday */
	return wd ? d + 7 - wd : d;
}

/* Up to two formal members lodged in the organisation since two years before day d: the
 * 培养联系人, formal when the person became an activist. */
static int dev_contacts(gen *g, const org *x, rng *r, int d, buf *out)
{
	int n = 0, want = rng_range(r, 1, 2);
	uint32_t start = x->nlodged ? rng_below(r, x->nlodged) : 0;
	char idno[2][19];
	for (uint32_t k = 0; k < x->nlodged && n < want; k++) {
		uint32_t m = g->lodged[x->lodged_first + (start + k) % x->nlodged];
		const pmember *p = &g->pm[m];
		if (!p->formal || p->rel != PR_NORMAL || p->xout != XO_NONE || p->join > date_add_years(d, -2))
			continue;
		int birth, male;
		demo_member_idno(g, m, idno[n++], &birth, &male);
	}
	/* The canonical list is sorted. */
	int swap = n == 2 && strcmp(idno[0], idno[1]) > 0;
	for (int i = 0; i < n; i++)
		buf_printf(out, "%s%s", i ? "；" : "", idno[swap ? 1 - i : i]);
	return n;
}

/* Each active organisation develops 0–4 people, who applied at some time in the last five years
 * and went through the steps at the usual pace; steps after today are not taken yet. About one
 * record in twenty breaks one rule (a late talk, a short year as activist, a short notice, a late
 * approval, too little training), as ledgers do. People are numbered after the members, so their
 * ID numbers are new. */
/* With counts non-NULL nothing is emitted: counts[0][o], counts[1][o] and counts[2][e] add the
 * people whose 支部大会 has been held (the member ledger has them then, in o, employed by e): all, the
 * formal ones, the formal ones. */
static int emit_development(gen *g, uint32_t *const counts[3])
{
	char oname[512], uscc[19], idno[19], name[32], hours[16];
	uint64_t next = g->nmembers;
	for (uint32_t o = 0; o < g->norgs; o++) {
		const org *x = &g->orgs[o];
		if (x->mode == OM_LEAD || !demo_org_active(g, x))
			continue;
		rng r = rng_for(g->seed, T_DEV, o);
		int people = (int)rng_below(&r, 5);
		if (!people)
			continue;
		demo_org_name(g, o, oname, sizeof oname);
		for (int i = 0; i < people; i++) {
			uint32_t e = UINT32_MAX;
			for (int t = 0; t < 4 && e == UINT32_MAX; t++) {
				uint32_t c = g->cov[x->cover_first + rng_below(&r, x->cover_n)];
				if (g->ents[c].status == ST_OPERATING)
					e = c;
			}
			if (e == UINT32_MAX)
				continue;
			int birth, male;
			demo_member_idno(g, next++, idno, &birth, &male);
			demo_person_name(&r, male, name, sizeof name);
			int breaks = rng_chance(&r, 0.05) ? rng_range(&r, 1, 5) : 0;
			int step[DEV_NSTEPS];
			int apply = g->today - (int)rng_below(&r, 5 * 365);
			if (apply < date_add_years(birth, 18))
				apply = date_add_years(birth, 18);
			step[DEV_STEP_APPLY] = apply;
			step[DEV_STEP_TALK] = apply + (breaks == 1 ? rng_range(&r, 40, 70) : rng_range(&r, 5, 25));
			step[DEV_STEP_ACTIVIST] = step[DEV_STEP_TALK] + rng_range(&r, 30, 150);
			step[DEV_STEP_TARGET] = date_add_years(step[DEV_STEP_ACTIVIST], 1) +
						(breaks == 2 ? -rng_range(&r, 30, 120) : rng_range(&r, 0, 120));
			step[DEV_STEP_REVIEW] = step[DEV_STEP_TARGET] + rng_range(&r, 10, 40);
			step[DEV_STEP_NOTICE] = monday_from(step[DEV_STEP_REVIEW] + rng_range(&r, 3, 15));
			step[DEV_STEP_NOTICE_END] = step[DEV_STEP_NOTICE] + (breaks == 3 ? 2 : 4);
			step[DEV_STEP_ASSEMBLY] = step[DEV_STEP_NOTICE_END] + rng_range(&r, 3, 20);
			step[DEV_STEP_APPROVAL] =
				step[DEV_STEP_ASSEMBLY] + (breaks == 4 ? rng_range(&r, 190, 240) : rng_range(&r, 20, 80));
			int extension = rng_chance(&r, 0.03) ? 6 : 0;
			step[DEV_STEP_FULL] = date_add_months(step[DEV_STEP_ASSEMBLY], 12 + extension) + rng_range(&r, 0, 20);
			row *w = &g->row;
			demo_row_clear(w);
			demo_row_set(w, DV_NAME, name);
			demo_row_set(w, DV_IDNO, idno);
			demo_ent_uscc(g, e, uscc);
			demo_row_set(w, DV_EMPLOYER, uscc);
			demo_row_set(w, DV_ORG, oname);
			for (int s = 0; s < DEV_NSTEPS; s++)
				if (step[s] <= g->today)
					demo_row_date(w, DV_APPLY + s, step[s]);
			if (step[DEV_STEP_ACTIVIST] <= g->today) {
				demo_row_set(w, DV_RECOMMEND, RECOMMEND_WAYS[rng_below(&r, NELEM(RECOMMEND_WAYS))]);
				buf_reset(&g->list);
				if (dev_contacts(g, x, &r, step[DEV_STEP_ACTIVIST], &g->list))
					demo_row_set(w, DV_CONTACTS, buf_cstr(&g->list));
			}
			if (step[DEV_STEP_TARGET] <= g->today) {
				study_hours_format(breaks == 5 ? 160 : 10 * rng_range(&r, 24, 40), hours);
				demo_row_set(w, DV_TRAINING_HOURS, hours);
			}
			if (extension && step[DEV_STEP_ASSEMBLY] <= g->today)
				demo_row_printf(w, DV_EXTENSION, "%d", extension);
			if (step[DEV_STEP_ASSEMBLY] <= g->today)
				demo_row_bool(w, DV_DUAL, rng_chance(&r, 0.3));
			if (counts) {
				int in = step[DEV_STEP_ASSEMBLY] <= g->today, formal = in && step[DEV_STEP_FULL] <= g->today;
				counts[0][o] += (uint32_t)in;
				counts[1][o] += (uint32_t)formal;
				counts[2][e] += (uint32_t)formal;
				continue;
			}
			int rc = demo_emit_row(g, LEDGER_DEVELOPMENT);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- transfers ---- */

static const char *const OUTSIDE_ORGS[] = {"中共明州市外企业党支部", "中共邻省某公司党支部", "中共某高校学生党支部",
					   "中共某街道社区党委"};

/* The 转入 of member n, drawn from its own stream: 1 with the letter, the 办结日期 (DATE_NONE while
 * pending) and the 对方党组织 (OUTSIDE_ORGS), 0 when it has none. Candidates are the members
 * without an organisation in the district, in good standing and employed by an enterprise that an
 * organisation covers: a fifth had their relation transferred in this year, most completed (which
 * lodges them there), some still pending. */
static int transfer_in_draw(const gen *g, uint32_t n, int *letter, int *done, uint32_t *other)
{
	const pmember *p = &g->pm[n];
	if (p->org >= 0 || p->rel != PR_NORMAL || p->employer < 0 || g->ents[p->employer].org < 0)
		return 0;
	int jan1 = date_from_ymd(g->today_y, 1, 1);
	rng r = rng_for(g->seed, T_TRANSFER, n);
	if (!rng_chance(&r, 0.2))
		return 0;
	*letter = jan1 + (int)rng_below(&r, (uint32_t)(g->today - jan1 + 1));
	if (*letter < p->join)
		return 0;
	*other = rng_below(&r, NELEM(OUTSIDE_ORGS));
	*done = *letter + rng_range(&r, 3, 40);
	if (!(*done <= g->today && rng_chance(&r, 0.8)))
		*done = DATE_NONE;
	return 1;
}

/* Where the members transferred out go: organisations outside the district. */
static const char *const DESTINATION_ORGS[] = {"中共邻市某科技公司党支部", "中共外省某制造企业党委", "中共某县人才服务中心党委",
					       "中共某街道社区党委", "中共某镇机关党支部"};

/* The 转出 member n would have this year, drawn from its own stream: XO_DONE with the letter and
 * the 办结日期 (within the year, up to today), XO_PENDING with a letter of the last four months and
 * no 办结日期, or XO_NONE. About 1 % of the members a year complete one, counted over the part
 * of the year gone (a month at least, so that early January has a few), and 0.1 % are pending:
 * about as many as transfer in (transfer_in_draw), so that the year's flows roughly balance. */
static int transfer_out_draw(const gen *g, uint32_t n, int *letter, int *done, uint32_t *dest)
{
	int jan1 = date_from_ymd(g->today_y, 1, 1), gone = g->today - jan1 + 1;
	rng r = rng_for(g->seed, T_TRANSFER_OUT, n);
	double u = rng_unit(&r), p_done = 0.01 * (gone > 30 ? gone : 30) / 365.0;
	*dest = rng_below(&r, NELEM(DESTINATION_ORGS));
	if (u < p_done) {
		*done = jan1 + (int)rng_below(&r, (uint32_t)gone);
		*letter = *done - rng_range(&r, 3, 30);
		return XO_DONE;
	}
	if (u < p_done + 0.001) {
		*done = DATE_NONE;
		*letter = g->today - rng_range(&r, 3, 120);
		return XO_PENDING;
	}
	return XO_NONE;
}

/* Whether taking one member away from a count of n crosses a threshold of the findings (3 formal
 * members, 7 for a committee, 50 and 100 for a general branch and a committee). */
static int crosses(uint32_t n)
{
	return n == 3 || n == 7 || n == 50 || n == 100;
}

void demo_transfers_out_plan(gen *g)
{
	/* Lodged members in good standing by organisation, formal ones by organisation and enterprise. */
	uint32_t *o_all = xcalloc((size_t)g->norgs + 1, sizeof *o_all), *o_formal = xcalloc((size_t)g->norgs + 1, sizeof *o_formal);
	uint32_t *e_formal = xcalloc((size_t)g->nents + 1, sizeof *e_formal);
	uint32_t *const counts[3] = {o_all, o_formal, e_formal};
	emit_development(g, counts); /* the new members the development records add */
	for (uint32_t n = 0; n < g->npm; n++) {
		const pmember *p = &g->pm[n];
		if (p->rel == PR_STOPPED)
			continue;
		/* as the database has them today: a completed 转入 lodged the member (transfer_in_draw) */
		int32_t o = p->org, letter, done;
		uint32_t other;
		if (o < 0 && transfer_in_draw(g, n, &letter, &done, &other) && done != DATE_NONE)
			o = g->ents[p->employer].org;
		if (o >= 0) {
			o_all[o]++;
			o_formal[o] += p->formal;
		}
		if (p->employer >= 0)
			e_formal[p->employer] += p->formal;
	}
	for (uint32_t n = 0; n < g->npm; n++) {
		pmember *p = &g->pm[n];
		p->xout = XO_NONE;
		p->left = INT32_MAX;
		if (p->org < 0 || p->rel != PR_NORMAL)
			continue;
		const org *x = &g->orgs[p->org];
		int letter, done;
		uint32_t dest;
		int k = transfer_out_draw(g, n, &letter, &done, &dest);
		if (k == XO_NONE || x->mode == OM_LEAD || !demo_org_active(g, x) || letter <= p->join || letter <= x->founded)
			continue;
		/* Small organisations and enterprises keep their members, so that no finding about their
		 * numbers comes or goes with the demo's transfers. */
		if (crosses(o_all[p->org]) || (p->formal && crosses(o_formal[p->org])) ||
		    (p->formal && p->employer >= 0 && crosses(e_formal[p->employer])))
			continue;
		p->xout = (uint8_t)k;
		if (k == XO_DONE) {
			p->left = done;
			o_all[p->org]--;
			o_formal[p->org] -= p->formal;
			if (p->employer >= 0)
				e_formal[p->employer] -= p->formal;
		}
	}
	free(o_all);
	free(o_formal);
	free(e_formal);
}

/* One transfer of member n: direction 转入 or 转出, 本方党组织 here, 对方 other, 办结日期 done
 * (DATE_NONE: pending). */
static int transfer_row(gen *g, uint32_t n, const char *direction, uint32_t here, const char *other, int letter, int done)
{
	char idno[19], name[32], oname[512];
	int birth, male;
	demo_member_idno(g, n, idno, &birth, &male);
	demo_member_name(g, n, name, sizeof name);
	demo_org_name(g, here, oname, sizeof oname);
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, TF_IDNO, idno);
	demo_row_set(w, TF_NAME, name);
	demo_row_set(w, TF_DIRECTION, direction);
	demo_row_set(w, TF_ORG, oname);
	demo_row_set(w, TF_OTHER, other);
	demo_row_date(w, TF_LETTER, letter);
	if (done != DATE_NONE)
		demo_row_date(w, TF_DONE, done);
	return demo_emit_row(g, LEDGER_TRANSFERS);
}

/* The 转出 of the members demo_transfers_out_plan chose: the completed ones took the member out of
 * the organisation on the 办结日期 (and off the roll: 减少, demo_emit.c), the pending ones are still
 * there. The 转入 (transfer_in_draw): the members attended no meeting before, so the records of the
 * year stay true. The pending ones over three months are findings. */
static int emit_transfers(gen *g)
{
	for (uint32_t n = 0; n < g->npm; n++) {
		const pmember *p = &g->pm[n];
		int letter, done, rc = 0;
		uint32_t other;
		if (p->xout != XO_NONE) {
			int k = transfer_out_draw(g, n, &letter, &done, &other);
			rc = transfer_row(g, n, "转出", (uint32_t)p->org, DESTINATION_ORGS[other], letter,
					  k == XO_DONE ? done : DATE_NONE);
		} else if (transfer_in_draw(g, n, &letter, &done, &other)) {
			rc = transfer_row(g, n, "转入", (uint32_t)g->ents[p->employer].org, OUTSIDE_ORGS[other], letter, done);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- dues ---- */

/* Every member in good standing or mobile pays dues for each ended month of the year since
 * joining: the due left empty (the rule computes it from 税后工资), paid in that month or the next.
 * A few break the rules: one in a hundred has one month's due recorded wrong
 * (dues_differs: worked out on the pay before tax), one in two hundred stopped paying six months ago (dues_6_months), and one month
 * in fifty is paid late or only in part. Members aged 60 and over are retired on a pension. */
static int emit_dues(gen *g)
{
	char idno[19], name[32], month[8], money[24];
	int now = dues_month_of_day(g->today), jan = now - now % 12;
	for (uint32_t n = 0; n < g->npm; n++) {
		const pmember *p = &g->pm[n];
		if (p->rel == PR_STOPPED || p->rel == PR_LOST)
			continue;
		int first = dues_month_of_day(p->join);
		if (first < jan)
			first = jan;
		/* Transferred out: dues up to the month before the 办结日期 are paid here, the rest to the
		 * organisation that received the member. */
		int end = p->xout == XO_DONE && dues_month_of_day(p->left) < now ? dues_month_of_day(p->left) : now;
		if (first >= end)
			continue;
		rng r = rng_for(g->seed, T_DUES, n);
		int birth, male;
		demo_member_idno(g, n, idno, &birth, &male);
		demo_member_name(g, n, name, sizeof name);
		int retired = date_add_years(birth, 60) <= g->today;
		/* 税后工资 2500–12500 元 (most near 7500), pensions 2500–8500 元 */
		int64_t base = retired ? 250000 + 1000 * (int64_t)rng_below(&r, 600)
				       : 250000 + 1000 * (int64_t)(rng_below(&r, 600) + rng_below(&r, 400));
		int wrong = rng_chance(&r, 0.01) ? first + (int)rng_below(&r, (uint32_t)(now - first)) : -1;
		int stop = rng_chance(&r, 0.005) ? now - 6 : now;
		for (int m = first; m < end; m++) {
			row *w = &g->row;
			demo_row_clear(w);
			demo_row_set(w, DU_IDNO, idno);
			demo_row_set(w, DU_NAME, name);
			dues_month_format(m, month);
			demo_row_set(w, DU_MONTH, month);
			dues_money_format(base, money);
			demo_row_set(w, DU_BASE, money);
			demo_row_set(w, DU_RETIRED, retired ? "是" : "否");
			int64_t due = dues_due(base, retired);
			if (m == wrong) { /* worked out on the pay before tax (a fifth more): always more */
				due = dues_due(base * 6 / 5, retired);
				dues_money_format(due, money);
				demo_row_set(w, DU_DUE, money);
			}
			int paid_day = dues_month_last_day(m) - 10 + (int)rng_below(&r, 20);
			if (m >= stop || paid_day > g->today) {
				demo_row_set(w, DU_PAID, "0.00");
			} else {
				dues_money_format(rng_chance(&r, 0.02) ? due / 2 : due, money);
				demo_row_set(w, DU_PAID, money);
				demo_row_date(w, DU_PAID_DATE, paid_day);
			}
			int rc = demo_emit_row(g, LEDGER_DUES);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- the investigation campaign (排查) ---- */

static const char *const TASK_OWNERS[] = {"王建国", "李敏", "张磊", "陈静", "刘洋", "赵宏"};
static const char *const TASK_FINDINGS[] = {"发现口袋党员 1 名，已督促转接组织关系", "发现未亮明身份党员 2 名",
					    "职工自报党员 1 名，党员名册中没有，待核实", "未发现问题"};

/* The year's campaign over the whole territory, led by its organisation department with its market
 * regulator (the district's, the city's or the province's, by the scale): it started early in the
 * year and its deadline passed two weeks ago. Every in-business
 * enterprise has its task, completed on a day between the start and today (so earlier dates see it
 * under way), except one still 进行中 — overdue. A sixth of the completed ones report findings. */
static int emit_campaign(gen *g)
{
	int jan1 = date_from_ymd(g->today_y, 1, 1);
	int start = jan1 + (g->today - jan1) / 3;
	if (start > jan1 + 59)
		start = jan1 + 59;
	int deadline = g->today - 14 > start ? g->today - 14 : start;
	char name[64], uscc[19];
	snprintf(name, sizeof name, "%d年非公企业党员排查", g->today_y);
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, CP_NAME, name);
	static const char *const LEAD[] = {[DEMO_DISTRICT] = "区委组织部", [DEMO_CITY] = "市委组织部", [DEMO_PROVINCE] = "省委组织部"};
	static const char *const PARTNERS[] = {[DEMO_DISTRICT] = "区市场监管局", [DEMO_CITY] = "市市场监管局",
					       [DEMO_PROVINCE] = "省市场监管局"};
	demo_row_set(w, CP_LEAD, LEAD[g->scale]);
	demo_row_set(w, CP_PARTNERS, PARTNERS[g->scale]);
	demo_row_date(w, CP_START, start);
	demo_row_date(w, CP_DEADLINE, deadline);
	int rc = demo_emit_row(g, LEDGER_CAMPAIGNS);
	int late = 0;
	for (uint32_t e = 0; !rc && e < g->nents; e++) {
		if (g->ents[e].status != ST_OPERATING)
			continue;
		rng r = rng_for(g->seed, T_CAMPAIGN, e);
		demo_ent_uscc(g, e, uscc);
		demo_row_clear(w);
		demo_row_set(w, TK_CAMPAIGN, name);
		demo_row_set(w, TK_USCC, uscc);
		demo_row_set(w, TK_OWNER, TASK_OWNERS[rng_below(&r, NELEM(TASK_OWNERS))]);
		if (!late++) {
			demo_row_set(w, TK_STATUS, "进行中");
		} else {
			demo_row_set(w, TK_STATUS, "已完成");
			demo_row_date(w, TK_DONE, start + (int)rng_below(&r, (uint32_t)(g->today - start + 1)));
			if (rng_chance(&r, 1.0 / 6))
				demo_row_set(w, TK_FINDINGS, TASK_FINDINGS[rng_below(&r, NELEM(TASK_FINDINGS))]);
		}
		rc = demo_emit_row(g, LEDGER_TASKS);
	}
	return rc;
}

/* ---- employee rosters ---- */

/* Lines per enterprise at most, by scale: a roster of everyone at district scale, a sample
 * (the enterprise's members always in it) at city and province scale, ≈1M lines at city. */
static const uint32_t ROSTER_CAP[] = {200, 50, 3};

static void roster_line(gen *g, const char *uscc, const char *idno, const char *name, int hired, const char *political)
{
	row *w = &g->row;
	demo_row_clear(w);
	demo_row_set(w, RS_USCC, uscc);
	demo_row_set(w, RS_NAME, name);
	demo_row_set(w, RS_IDNO, idno);
	if (hired != DATE_NONE)
		demo_row_date(w, RS_HIRED, hired);
	if (political)
		demo_row_set(w, RS_POLITICAL, political);
}

/* A hire date in the last ten years, at 18 or older. */
static int hire_day(gen *g, rng *r, int birth)
{
	int d = g->today - (int)rng_below(r, 10 * 365);
	int adult = date_add_years(birth, 18);
	return d < adult ? adult : d;
}

/* A member on its employer's roster: employed, not stopped, and not gone — one transferred out
 * this year moved away and left the enterprise too. */
static int roster_member(const pmember *p)
{
	return p->employer >= 0 && p->rel != PR_STOPPED && p->xout != XO_DONE;
}

/* Rosters of every operating enterprise with an organisation and of a fifth of the others: its
 * members first (as 中共党员 / 中共预备党员, a tenth not declaring it: 群众), then other employees
 * with new ID numbers up to the enterprise's staff (capped by scale), a few of whom declare a
 * membership the ledger does not know (unregistered). One member in fifty also appears in the
 * roster of another enterprise of the street (hidden candidates); members without an
 * organisation appear at their employer's (pocket candidates). */
static int emit_rosters(gen *g)
{
	uint32_t *first = xcalloc((size_t)g->nents + 1, sizeof *first), *by = xmalloc(((size_t)g->npm + 1) * sizeof *by);
	for (uint32_t n = 0; n < g->npm; n++)
		if (roster_member(&g->pm[n]))
			first[g->pm[n].employer + 1]++;
	for (uint32_t e = 0; e < g->nents; e++)
		first[e + 1] += first[e];
	uint32_t *fill = xmalloc(((size_t)g->nents + 1) * sizeof *fill);
	memcpy(fill, first, ((size_t)g->nents + 1) * sizeof *fill);
	for (uint32_t n = 0; n < g->npm; n++)
		if (roster_member(&g->pm[n]))
			by[fill[g->pm[n].employer]++] = n;
	free(fill);
	uint32_t cap = ROSTER_CAP[g->scale];
	uint64_t next = g->nmembers + 8ull * g->norgs + 1000; /* beyond the development records' numbers */
	char uscc[19], other[19], idno[19], name[32];
	int rc = 0;
	for (uint32_t e = 0; e < g->nents && !rc; e++) {
		const ent *x = &g->ents[e];
		rng r = rng_for(g->seed, T_ROSTER, e);
		if (x->status != ST_OPERATING || (x->org < 0 && !rng_chance(&r, 0.2)))
			continue;
		demo_ent_uscc(g, e, uscc);
		uint32_t lines = 0;
		for (uint32_t i = first[e]; i < first[e + 1] && !rc; i++, lines++) {
			uint32_t n = by[i];
			int birth, male;
			demo_member_idno(g, n, idno, &birth, &male);
			demo_member_name(g, n, name, sizeof name);
			const char *pol = rng_chance(&r, 0.1) ? "群众" : g->pm[n].formal ? "中共党员" : "中共预备党员";
			roster_line(g, uscc, idno, name, hire_day(g, &r, birth), pol);
			rc = demo_emit_row(g, LEDGER_ROSTERS);
			if (!rc && rng_chance(&r, 0.02)) {
				/* Works also at another enterprise of the street (a second job on record). */
				const street *st = &g->streets[g->comms[demo_comm_of(g, e)].street];
				uint32_t o = st->first_ent + rng_below(&r, st->nent);
				if (o != e && g->ents[o].status == ST_OPERATING) {
					demo_ent_uscc(g, o, other);
					roster_line(g, other, idno, name, hire_day(g, &r, birth), "群众");
					rc = demo_emit_row(g, LEDGER_ROSTERS);
				}
			}
		}
		uint32_t staff = x->employees < cap ? x->employees : cap;
		for (; lines < staff && !rc; lines++) {
			int birth, male;
			demo_member_idno(g, next++, idno, &birth, &male);
			demo_person_name(&r, male, name, sizeof name);
			uint32_t k = rng_below(&r, 1000);
			const char *pol = k < 3 ? "中共党员" : k < 60 ? "共青团员" : k < 70 ? "民主党派" : k < 900 ? "群众" : NULL;
			roster_line(g, uscc, idno, name, rng_chance(&r, 0.05) ? DATE_NONE : hire_day(g, &r, birth), pol);
			rc = demo_emit_row(g, LEDGER_ROSTERS);
		}
	}
	free(first);
	free(by);
	return rc;
}

int demo_members_emit(gen *g)
{
	int rc = emit_development(g, NULL);
	if (!rc)
		rc = emit_transfers(g);
	if (!rc)
		rc = emit_dues(g);
	if (!rc)
		rc = emit_campaign(g);
	if (!rc)
		rc = emit_rosters(g);
	return rc;
}
