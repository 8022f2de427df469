/* The party-work rules of the findings (report/check.h): organisational life, secretaries, funding,
 * venues, study hours, transfers, dues, campaign tasks, development records and instructors' visits,
 * and check_patch's steps for meeting, study and visit records. */
#include "report/check.h"
#include "report/check_int.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/ledger.h"
#include "core/life.h"
#include "core/recog.h"
#include "util/date.h"

typedef check_ctx ctx;

/* An active organisation without a standard venue on D: no venue recorded, not yet recognised, or
 * which of the 六有 it lacks and how its area falls short (venue_shortfall, core/recog.h, says why). */
static void check_venue(ctx *c, const org_fact *of, const party_org *po)
{
	const party *p = &c->f->party;
	if (!p->any_venue || po->venue_standard || strcmp(of->mode, "上级机关") == 0)
		return;
	buf_reset(&c->det);
	if (!po->has_venue)
		buf_puts(&c->det, "阵地台账中没有该党组织的党员活动阵地");
	else
		venue_shortfall(&p->rcfg, &po->venue, po->venue_recognised, c->f->as_of, &c->det);
	finding_add(c->fs, R_VENUE_MISSING, ORG(of->id), of->name, buf_cstr(&c->det));
}

/* Each missing item of active organisation po's calendar (its id and name), into fs. A district
 * that keeps no meeting records is not told that every organisation lacks them. */
static void check_life(ctx *c, findings *fs, int64_t id, const char *name, const party_org *po)
{
	const party *p = &c->f->party;
	/* Nothing missing unless a period was checked and not all was held: the calendar's checked
	 * and compliant, kept in po (party_org_calendar's, on this day) — most organisations' calendar
	 * is not made again. */
	if (!p->any_meeting || !po->checked || po->compliant)
		return;
	life_calendar cal;
	party_org_calendar(p, po, c->f->as_of, &cal);
	for (int i = 0; p->any_meeting && i < cal.nmissing; i++) {
		const life_miss *ms = &cal.missing[i];
		const life_kind *k = &life_kinds[ms->kind];
		char label[LIFE_LABEL_MAX];
		life_period_label(cal.year, k->period, ms->idx, label);
		static const char *const PER[] = {"每月", "每季度", "每年"};
		buf_reset(&c->det);
		buf_printf(&c->det, "%s%s未开展：应%s至少 %d 次，实际 %d 次", label, life_kind_names[ms->kind], PER[k->period],
			   p->cfg.min[ms->kind], cal.cell[ms->kind][ms->idx].held);
		char item[LIFE_LABEL_MAX + 32];
		snprintf(item, sizeof item, "%s%s", label, life_kind_names[ms->kind]);
		finding_add(fs, R_LIFE_MISSING, ORG_ITEM(id, item), name, buf_cstr(&c->det));
	}
}

/* An active organisation (po of) without a current secretary (but a leadership body, appointed). */
static void check_secretary(ctx *c, const org_fact *of, const party_org *po)
{
	if (!c->f->party.any_secretary || po->sec >= 0 || strcmp(of->mode, "上级机关") == 0)
		return;
	char d[11];
	date_format(c->f->as_of, d);
	buf_reset(&c->det);
	buf_printf(&c->det, "书记台账中 %s 没有在任书记的记录%s", d, of->has_secretary ? "（党组织台账登记了书记姓名）" : "");
	finding_add(c->fs, R_SECRETARY_MISSING, ORG(of->id), of->name, buf_cstr(&c->det));
}

/* An active organisation's awards out of their stars' range, and its venue. */
static void check_recog(ctx *c, const org_fact *of, const party_org *po)
{
	const party *p = &c->f->party;
	for (size_t i = 0, left = (size_t)po->funding_outs; left && i < p->nfunding_outs; i++) {
		const party_funding_out *fo = &p->funding_outs[i];
		if (fo->org != of->id)
			continue;
		char day[11];
		date_format(fo->day, day);
		buf_reset(&c->det);
		buf_printf(&c->det, "%s %s", day, fo->detail);
		finding_add(c->fs, R_FUNDING_OUT_OF_RANGE, ORG_ITEM(of->id, day), of->name, buf_cstr(&c->det));
		left--;
	}
	check_venue(c, of, po);
}

/* The party work of an active organisation: each missing item of its calendar, and no current
 * secretary. A district that keeps no meeting (secretary) records is not told that every
 * organisation lacks them. */
void check_party_org(ctx *c, const org_fact *of)
{
	const party *p = &c->f->party;
	if (of->id > p->max_org || p->org_at[of->id] < 0)
		return;
	const party_org *po = &p->orgs[p->org_at[of->id]];
	check_life(c, c->fs, of->id, of->name, po);
	check_secretary(c, of, po);
	check_recog(c, of, po);
}

void member_subject(ctx *c, const char *name, const char *idno)
{
	const ledger_def *def = ledger_get(LEDGER_MEMBERS);
	buf_reset(&c->subj);
	buf_puts(&c->subj, name);
	buf_puts(&c->subj, "（");
	if (c->unmasked)
		buf_puts(&c->subj, idno);
	else
		ledger_mask(&def->cols[ledger_col_index(def, "idno")], idno, &c->subj);
	buf_puts(&c->subj, "）");
}

/* The first words of the detail of a member short of its hours: the hours of the year (the rest
 * follows from the day, the member's being a secretary and the settings). Its length. */
static int study_lead(const party_member *m, char out[64])
{
	char got[16];
	study_hours_format((int)m->tenths, got);
	return snprintf(out, 64, "本年度学习 %s 学时，", got);
}

/* The detail of member m short of its hours on day d (its lead, then what follows from the day, its
 * being a secretary and the settings), into out. */
static void study_detail(ctx *c, const party_member *m, const char *d, buf *out)
{
	const party *p = &c->f->party;
	char lead[64];
	study_lead(m, lead);
	buf_reset(out);
	buf_printf(out, "%s截至 %s 应学 %d 学时（%s每年 %d 学时，按已过天数折算）", lead, d,
		   study_required(c->f->as_of, m->cadre, &p->cfg), m->cadre ? "党组织书记" : "党员",
		   m->cadre ? p->cfg.cadre_hours : p->cfg.member_hours);
}

/* The study details written, by hours and being a secretary (all the detail depends on, the day
 * and settings being one run's): tens of thousands of findings share a few hundred. */
typedef struct study_memo {
	char **v; /* by tenths * 2 + cadre, NULL not yet */
	size_t n;
} study_memo;

/* The finding of the region's member i short of its hours (d: the day; name and idno scratch; memo
 * NULL or the details written into c->fs so far). */
static void check_study(ctx *c, size_t i, const char *d, buf *name, buf *idno, study_memo *memo)
{
	const party *p = &c->f->party;
	const party_member *m = &p->members[i];
	buf_reset(name);
	buf_reset(idno);
	store_subject_member_names(c->names, c->f->members[i].id, name, idno);
	member_subject(c, buf_cstr(name), buf_cstr(idno));
	size_t slot = m->tenths >= 0 && m->tenths < 1 << 15 ? (size_t)m->tenths * 2 + (m->cadre != 0) : SIZE_MAX;
	char *detail = memo && slot < memo->n ? memo->v[slot] : NULL;
	if (!detail) {
		study_detail(c, m, d, &c->det);
		detail = text_put_detail(c->fs, buf_cstr(&c->det));
		if (memo && slot != SIZE_MAX) {
			if (slot >= memo->n) {
				size_t n = (slot + 1) * 2;
				memo->v = xrealloc(memo->v, n * sizeof *memo->v);
				memset(memo->v + memo->n, 0, (n - memo->n) * sizeof *memo->v);
				memo->n = n;
			}
			memo->v[slot] = detail;
		}
	}
	finding_add_stored(c->fs, R_STUDY_SHORT, MEMBER(c->f->members[i].id, buf_cstr(idno), NULL), buf_cstr(&c->subj),
			   detail);
}

/* 1 when the region's member i is among ids (sorted, n of them), or ids is NULL (every member). */
static int member_among(const ctx *c, size_t i, const int64_t *ids, size_t n)
{
	int64_t id = c->f->members[i].id;
	return !ids || bsearch(&id, ids, n, sizeof *ids, check_id_cmp) != NULL;
}

/* The findings of the region's members short of their prorated hours, of those ids (sorted, n of
 * them; NULL every member). name and idno are scratch. */
static void check_studies(ctx *c, const int64_t *ids, size_t n, buf *name, buf *idno)
{
	const party *p = &c->f->party;
	char d[11];
	date_format(c->f->as_of, d);
	study_memo memo = {0};
	for (size_t i = 0; (p->any_meeting || p->any_study) && i < p->nmembers; i++)
		if (!p->members[i].met && member_among(c, i, ids, n))
			check_study(c, i, d, name, idno, &memo);
	free(memo.v);
}

/* The dues findings (core/dues.h): recorded dues that are not the rule's, and six ended months
 * unpaid, of the members ids (sorted, n of them; NULL every member). name and idno are scratch. */
static void check_dues(ctx *c, const int64_t *ids, size_t n, buf *name, buf *idno)
{
	const party *p = &c->f->party;
	for (size_t i = 0; i < p->ndues_diffs; i++) {
		const party_dues_diff *x = &p->dues_diffs[i];
		if (!member_among(c, (size_t)x->member, ids, n))
			continue;
		buf_reset(name);
		buf_reset(idno);
		store_subject_member_names(c->names, c->f->members[x->member].id, name, idno);
		member_subject(c, buf_cstr(name), buf_cstr(idno));
		char month[8], base[24], rec[24], rule[24];
		dues_month_format(x->month, month);
		dues_money_format(x->base, base);
		dues_money_format(x->recorded, rec);
		dues_money_format(x->rule, rule);
		buf_reset(&c->det);
		buf_printf(&c->det, "%s 登记应缴 %s 元，按%s（税后工资 %s 元）应为 %s 元", month, rec,
			   dues_bracket_of(x->base, x->retired).label, base, rule);
		finding_add(c->fs, R_DUES_DIFFERS, MEMBER(c->f->members[x->member].id, buf_cstr(idno), month), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
	int first, last;
	dues_window(c->f->as_of, &first, &last);
	char from[8], to[8];
	dues_month_format(first, from);
	dues_month_format(last, to);
	for (size_t i = 0; i < p->nmembers; i++) {
		if (!p->members[i].dues_late || !member_among(c, i, ids, n))
			continue;
		buf_reset(name);
		buf_reset(idno);
		store_subject_member_names(c->names, c->f->members[i].id, name, idno);
		member_subject(c, buf_cstr(name), buf_cstr(idno));
		buf_reset(&c->det);
		buf_printf(&c->det, "%s 至 %s 连续六个月未交纳党费（无记录或实缴少于应缴）；依党章第九条可视为自行脱党，"
				   "由党组织查明有无正当理由后决定，fgdj 不作任何更改", from, to);
		finding_add(c->fs, R_DUES_6_MONTHS, MEMBER(c->f->members[i].id, buf_cstr(idno), NULL), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
}

/* A visit_missing finding's detail: the quarter, this, the enterprise's label, then VISIT_TAIL with
 * the visits required and held (party_visits_patch reads a detail by these parts). */
#define VISIT_LEAD "未走访联系企业"
#define VISIT_TAIL "：应每季度至少 %d 次，实际 %d 次"

/* The visit_missing findings of assignment a (its quarters without their visits) into fs. */
static void check_visits(ctx *c, findings *fs, const party_asg *a)
{
	const party *p = &c->f->party;
	for (int q = 0; q < a->vy.nmissing; q++) {
		int qi = a->vy.missing[q];
		char label[LIFE_LABEL_MAX];
		life_period_label(a->vy.year, LIFE_QUARTER, qi, label);
		buf_reset(&c->subj);
		store_subject_ins_label(c->names, a->instructor, &c->subj);
		buf_reset(&c->det);
		buf_printf(&c->det, "%s" VISIT_LEAD, label);
		store_subject_ent_label(c->names, c->f->ents[a->ent].id, &c->det);
		buf_printf(&c->det, VISIT_TAIL, p->cfg.visits_per_quarter, a->vy.quarter[qi].held);
		buf_reset(&c->item);
		store_subject_ent_uscc(c->names, c->f->ents[a->ent].id, &c->item);
		buf_printf(&c->item, "/%s", label);
		finding_add(fs, R_VISIT_MISSING, (about){FK_INSTRUCTOR, a->instructor, NULL, c->f->ents[a->ent].id, buf_cstr(&c->item)},
		    buf_cstr(&c->subj), buf_cstr(&c->det));
	}
}

/* The transfers pending over three months. */
static void check_lates(ctx *c)
{
	const party *p = &c->f->party;
	char d[11];
	date_format(c->f->as_of, d);
	for (size_t i = 0; i < p->nlates; i++) {
		const party_late *t = &p->lates[i];
		char letter[11];
		date_format(t->letter, letter);
		member_subject(c, t->name, t->idno);
		buf_reset(&c->det);
		buf_printf(&c->det, "%s%s：介绍信日期 %s，至 %s 仍未办结", t->in ? "从" : "转往", t->other, letter, d);
		finding_add(c->fs, R_TRANSFER_PENDING, MEMBER(0, t->idno, letter), buf_cstr(&c->subj), buf_cstr(&c->det));
	}
}

/* The development records that break a rule of the procedure (core/dev.h). */
static void check_devs(ctx *c)
{
	const party *p = &c->f->party;
	for (size_t i = 0; i < p->ndevs; i++)
		if (p->devs[i].broken) {
			member_subject(c, p->devs[i].name, p->devs[i].idno);
			about a = MEMBER(0, p->devs[i].idno, NULL);
			a.ent = p->devs[i].ent >= 0 ? c->f->ents[p->devs[i].ent].id : 0;
			finding_add(c->fs, R_DEV_VIOLATION, a, buf_cstr(&c->subj), p->devs[i].detail);
		}
}

/* The overdue tasks of the campaigns. */
static void check_tasks(ctx *c)
{
	const party *p = &c->f->party;
	char d[11];
	date_format(c->f->as_of, d);
	for (size_t i = 0; i < p->ntasks; i++) {
		if (!p->tasks[i].overdue)
			continue;
		const party_campaign *pc = &p->camps[p->tasks[i].campaign];
		char dl[11];
		date_format(pc->deadline, dl);
		buf_reset(&c->subj);
		buf_reset(&c->det);
		store_subject_ent_label(c->names, c->f->ents[p->tasks[i].ent].id, &c->subj);
		buf_printf(&c->det, "排查“%s”截止日期 %s，至 %s 仍未完成", pc->name, dl, d);
		finding_add(c->fs, R_CAMPAIGN_OVERDUE, ENT_ITEM(c->f->ents[p->tasks[i].ent].id, pc->name), buf_cstr(&c->subj),
			    buf_cstr(&c->det));
	}
}

void check_party_people(ctx *c)
{
	const party *p = &c->f->party;
	buf name = {0}, idno = {0};
	check_studies(c, NULL, 0, &name, &idno);
	check_lates(c);
	check_dues(c, NULL, 0, &name, &idno);
	check_tasks(c);
	check_devs(c);
	for (size_t i = 0; p->any_visit && i < p->nasgs; i++)
		check_visits(c, c->fs, &p->asgs[i]);
	buf_free(&name);
	buf_free(&idno);
}

/* prev's findings of rule marked in drop: found again whole. */
void check_rule_dropped(const findings *prev, int rule, unsigned char *drop)
{
	size_t from, to;
	findings_range(prev, &CHECK_RULES[rule], &from, &to);
	for (size_t i = from; i < to; i++)
		drop[i] = 1;
}

void party_dues_patch(ctx *c, const findings *prev, unsigned char *drop)
{
	check_rule_dropped(prev, R_DUES_DIFFERS, drop);
	check_rule_dropped(prev, R_DUES_6_MONTHS, drop);
	buf name = {0}, idno = {0};
	check_dues(c, NULL, 0, &name, &idno);
	buf_free(&name);
	buf_free(&idno);
}

/* One step of check_party_org for every active organisation of the region but those orgs_patch
 * found again (c->redone): orgs_again's scan. */
typedef struct org_step {
	ctx *c;
	void (*fn)(ctx *c, const org_fact *of, const party_org *po);
} org_step;

static int on_org_step(void *p, const org_fact *of)
{
	org_step *st = p;
	ctx *c = st->c;
	const party *pa = &c->f->party;
	if ((c->org_in_region && (of->id > c->max_org || !c->org_in_region[of->id])) || of->id > pa->max_org ||
	    pa->org_at[of->id] < 0 ||
	    (c->nredone && bsearch(&of->id, c->redone, c->nredone, sizeof *c->redone, check_id_cmp)))
		return 0;
	st->fn(c, of, &pa->orgs[pa->org_at[of->id]]);
	return 0;
}

static int orgs_again(ctx *c, void (*fn)(ctx *c, const org_fact *of, const party_org *po), fg_err *e)
{
	org_step st = {c, fn};
	return store_scan_orgs_units(c->s, c->f->as_of, on_org_step, &st, e);
}

int party_secs_patch(ctx *c, const findings *prev, unsigned char *drop, fg_err *e)
{
	check_rule_dropped(prev, R_SECRETARY_MISSING, drop);
	return orgs_again(c, check_secretary, e);
}

int party_recog_patch(ctx *c, const findings *prev, unsigned char *drop, int whole, fg_err *e)
{
	check_rule_dropped(prev, R_STAR_QUOTA, drop);
	check_rule_dropped(prev, R_FUNDING_OUT_OF_RANGE, drop);
	check_rule_dropped(prev, R_VENUE_MISSING, drop);
	if (whole)
		check_star_quota(c);
	return orgs_again(c, check_recog, e);
}

void party_transfers_patch(ctx *c, const findings *prev, unsigned char *drop)
{
	check_rule_dropped(prev, R_TRANSFER_PENDING, drop);
	check_lates(c);
}

void party_devs_patch(ctx *c, const findings *prev, unsigned char *drop)
{
	check_rule_dropped(prev, R_DEV_VIOLATION, drop);
	check_devs(c);
}

void party_tasks_patch(ctx *c, const findings *prev, unsigned char *drop)
{
	check_rule_dropped(prev, R_CAMPAIGN_OVERDUE, drop);
	check_tasks(c);
}

void check_party_members(ctx *c, const int64_t *ids, size_t n)
{
	buf name = {0}, idno = {0};
	check_studies(c, ids, n, &name, &idno);
	check_dues(c, ids, n, &name, &idno);
	buf_free(&name);
	buf_free(&idno);
}

/* After meeting and study records changed (STORE_PARTY_HOURS), or secretary records (STORE_PARTY_SEC:
 * whole): the findings of 组织生活 and 学时 that the rules give now from c->f — each organisation's
 * and member's kept from prev (drop[i] 0) when its details are prev's, in the same order, else found
 * again into c->fs. FACTS_REDO when an
 * organisation without such findings in prev has some now (its name is prev's findings'). */
int party_hours_patch(ctx *c, const findings *prev, unsigned char *drop, int whole)
{
	const party *p = &c->f->party;
	char d[11];
	date_format(c->f->as_of, d);
	buf name = {0}, idno = {0};
	/* prev's study findings by member id (index + 1; 0 none). */
	size_t from, to;
	int64_t top = 0;
	findings_range(prev, &CHECK_RULES[R_STUDY_SHORT], &from, &to);
	for (size_t i = from; i < to; i++)
		top = prev->v[i].id > top ? prev->v[i].id : top;
	for (size_t i = 0; i < p->nmembers; i++)
		top = c->f->members[i].id > top ? c->f->members[i].id : top;
	size_t *at = xcalloc((size_t)top + 1, sizeof *at);
	for (size_t i = from; i < to; i++) {
		drop[i] = 1;
		if (prev->v[i].id > 0)
			at[prev->v[i].id] = i + 1;
	}
	for (size_t i = 0; (p->any_meeting || p->any_study) && i < p->nmembers; i++) {
		if (p->members[i].met)
			continue;
		/* The same hours, the same detail: the rest follows from what no meeting or study
		 * record changes (any other write has everything found afresh). */
		int64_t id = c->f->members[i].id;
		size_t k = id > 0 ? at[id] : 0;
		int same = 0;
		if (k && whole) {
			study_detail(c, &p->members[i], d, &c->det);
			same = strcmp(prev->v[k - 1].detail, buf_cstr(&c->det)) == 0;
		} else if (k) {
			char lead[64];
			int nl = study_lead(&p->members[i], lead);
			same = strncmp(prev->v[k - 1].detail, lead, (size_t)nl) == 0;
		}
		if (same)
			drop[k - 1] = 0;
		else
			check_study(c, i, d, &name, &idno, NULL);
	}
	free(at);
	buf_free(&name);
	buf_free(&idno);
	size_t n;
	id_at *v = rule_ids(prev, &CHECK_RULES[R_LIFE_MISSING], drop, &n);
	findings now;
	memset(&now, 0, sizeof now);
	now.block_min = 4096;
	int rc = FG_OK;
	for (size_t o = 0; !rc && p->any_meeting && o < p->norgs; o++) {
		const party_org *po = &p->orgs[o];
		/* found again whole by orgs_patch (check_on_org), prev's dropped there */
		if (c->nredone && bsearch(&po->id, c->redone, c->nredone, sizeof *c->redone, check_id_cmp))
			continue;
		size_t k = id_first(v, n, po->id), m = k;
		while (m < n && v[m].id == po->id)
			m++;
		const char *subject = m > k ? prev->v[v[k].at].subject : "";
		for (size_t i = 0; i < now.n; i++) {
			free(now.v[i].item);
			if (now.v[i].natural_own)
				free(now.v[i].natural);
		}
		now.n = 0;
		check_life(c, &now, po->id, subject, po);
		int same = now.n == m - k;
		for (size_t i = 0; same && i < now.n; i++)
			same = strcmp(now.v[i].detail, prev->v[v[k + i].at].detail) == 0;
		if (same)
			for (size_t i = k; i < m; i++)
				drop[v[i].at] = 0;
		else if (m == k)
			rc = FACTS_REDO;
		else
			check_life(c, c->fs, po->id, subject, po);
	}
	findings_free(&now);
	free(v);
	return rc;
}

/* 1 when x, a visit_missing finding of prev, is the one check_visits gives for quarter qi of
 * assignment a now: of the same enterprise, its detail the quarter's label and VISIT_LEAD, then
 * (the enterprise's label, as it was: no visit renames anything) VISIT_TAIL with the visits
 * required and held now. No name is looked up. */
static int visit_same(const ctx *c, const finding *x, const party_asg *a, int qi)
{
	if (x->ent != c->f->ents[a->ent].id)
		return 0;
	char lead[LIFE_LABEL_MAX + sizeof VISIT_LEAD], tail[96];
	life_period_label(a->vy.year, LIFE_QUARTER, qi, lead);
	size_t nl = strlen(lead);
	snprintf(lead + nl, sizeof lead - nl, "%s", VISIT_LEAD);
	snprintf(tail, sizeof tail, VISIT_TAIL, c->f->party.cfg.visits_per_quarter, a->vy.quarter[qi].held);
	nl = strlen(lead);
	size_t nt = strlen(tail), nd = strlen(x->detail);
	return nd >= nl + nt && strncmp(x->detail, lead, nl) == 0 && strcmp(x->detail + nd - nt, tail) == 0;
}

/* After instructors' visits changed (STORE_PARTY_VISITS): the visit_missing findings the rule gives
 * now from c->f — each instructor's kept from prev (drop[i] 0) when they are prev's one for one, in
 * the same order; else all of that instructor's found again into c->fs, its assignments' in turn
 * as check_run finds them (found order decides the order within a subject). The instructor is
 * named by id as check_run names it: one without such findings in prev may have some now. */
void party_visits_patch(ctx *c, const findings *prev, unsigned char *drop, const int64_t *renamed, size_t nrenamed)
{
	const party *p = &c->f->party;
	size_t n;
	id_at *v = rule_ids(prev, &CHECK_RULES[R_VISIT_MISSING], drop, &n);
	/* the assignments by instructor, each one's in check_run's order */
	id_at *by = xmalloc((p->nasgs ? p->nasgs : 1) * sizeof *by);
	for (size_t i = 0; i < p->nasgs; i++)
		by[i] = (id_at){p->asgs[i].instructor, i};
	qsort(by, p->nasgs, sizeof *by, id_at_cmp);
	for (size_t g = 0, h; g < p->nasgs; g = h) {
		for (h = g; h < p->nasgs && by[h].id == by[g].id; h++)
			;
		size_t k = id_first(v, n, by[g].id), m = k, j = k;
		while (m < n && v[m].id == by[g].id)
			m++;
		int same = 1;
		for (size_t i = g; same && p->any_visit && i < h; i++) {
			const party_asg *a = &p->asgs[by[i].at];
			for (int q = 0; same && q < a->vy.nmissing; q++) {
				const finding *x = j < m ? &prev->v[v[j++].at] : NULL;
				int64_t ent = x ? x->ent : 0;
				/* (visit_same reads the detail around the enterprise's name, not the name) */
				same = x && visit_same(c, x, a, a->vy.missing[q]) &&
				       !(nrenamed && bsearch(&ent, renamed, nrenamed, sizeof *renamed, check_id_cmp));
			}
		}
		if (same && j == m) {
			for (size_t i = k; i < m; i++)
				drop[v[i].at] = 0;
			continue;
		}
		for (size_t i = g; p->any_visit && i < h; i++)
			check_visits(c, c->fs, &p->asgs[by[i].at]);
	}
	free(by);
	free(v);
}

/* 1 when one of the enterprises ids (sorted, n of them) is named by a visit_missing finding of prev. */
int visits_named(const findings *prev, const int64_t *ids, size_t n)
{
	size_t from, to;
	findings_range(prev, &CHECK_RULES[R_VISIT_MISSING], &from, &to);
	for (size_t i = from; i < to; i++) {
		int64_t ent = prev->v[i].ent;
		if (bsearch(&ent, ids, n, sizeof *ids, check_id_cmp))
			return 1;
	}
	return 0;
}
