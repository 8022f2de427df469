#include "report/party.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dues.h"
#include "core/funding.h"
#include "core/recog.h"
#include "core/settings.h"
#include "report/facts.h"
#include "store/dues_store.h"
#include "store/funding_store.h"
#include "store/campaign_store.h"
#include "store/crossmatch_store.h"
#include "store/party_scan.h"
#include "store/rating_store.h"
#include "store/recog_store.h"
#include "util/date.h"
#include "util/strmap.h"

/* Working state of one load: dense arrays over the id ceilings read in the same snapshot. */
typedef struct load {
	party *p;
	const facts *f;
	int jan1, as_of;
	party_ceiling ceil;
	dev_settings dcfg;
	int16_t *meeting_tenths; /* meeting id → hours credited, -1 outside the year */
	int32_t *member_at;    /* member id → index in p->members, -1 outside the region */
	int32_t *training_tenths; /* training id → hours, -1 outside the year */
	strmap trained;        /* ID numbers of participants of the year's events */
	strmap persons;        /* person key → person number */
	int dues_year[2], dues_win[2]; /* the year's ended months and the six-month window (core/dues.h) */
	int tasks_unsorted;    /* a task came before one of a lower (campaign id, enterprise id) */
} load;

/* Room for element n of an array that doubles at 1, 2, 4…: grown when n reaches a power of two. */
static void *grow(void *v, size_t n, size_t size)
{
	return n && (n & (n - 1)) ? v : xrealloc(v, (n ? n * 2 : 1) * size);
}


/* An array grown by grow cut to its n elements once the load is done (nothing is added later):
 * a city's facts are kept by the web server, up to half of each array unused otherwise. */
static void *trim(void *v, size_t n, size_t size)
{
	return v && n ? xrealloc(v, n * size) : v;
}

#define TRIM(a, n) ((a) = trim((a), (n), sizeof *(a)))

static void trim_all(party *p)
{
	TRIM(p->parts, p->nparts);
	TRIM(p->person_keys, p->npersons);
	TRIM(p->secs, p->nsecs);
	TRIM(p->devs, p->ndevs);
	TRIM(p->lates, p->nlates);
	TRIM(p->funding_outs, p->nfunding_outs);
	TRIM(p->desigs, p->ndesigs);
	TRIM(p->dues_diffs, p->ndues_diffs);
	TRIM(p->camps, p->ncamps);
	TRIM(p->tasks, p->ntasks);
	TRIM(p->xms, p->nxms);
}

static void apply_life(void *c, const char *key, const char *value)
{
	life_apply(c, key, value);
}

static void apply_dev(void *c, const char *key, const char *value)
{
	dev_apply(c, key, value);
}

void party_settings_read(store *s, life_settings *c)
{
	life_defaults(c);
	store_settings_each(s, apply_life, c);
}

void party_dev_settings_read(store *s, dev_settings *c)
{
	dev_defaults(c);
	store_settings_each(s, apply_dev, c);
}

static int on_org(void *ctx, const life_org_row *r)
{
	load *l = ctx;
	if (r->id > l->p->max_org || l->p->org_at[r->id] < 0)
		return 0;
	l->p->orgs[l->p->org_at[r->id]].org =
		(life_org){r->founded, r->has_committee == 1, r->groups, r->leadership};
	return 0;
}

/* The active organisation org (NULL when it is not one), counting n meetings of kind k. */
static party_org *count_meetings(load *l, int64_t org, int k, int n)
{
	if (org < 0 || org > l->p->max_org || l->p->org_at[org] < 0)
		return NULL;
	party_org *po = &l->p->orgs[l->p->org_at[org]];
	po->meetings += n;
	po->themed_days += k == LIFE_THEMED_DAY ? n : 0;
	po->lessons += k == LIFE_LESSON ? n : 0;
	return po;
}

static int on_meeting(void *ctx, int64_t id, int64_t org, const char *kind, int day, int tenths)
{
	load *l = ctx;
	if (day > l->as_of)
		return 0;
	if (id >= 0 && id <= l->ceil.meeting)
		l->meeting_tenths[id] = (int16_t)tenths;
	int k = life_kind_find(kind);
	party_org *po = count_meetings(l, org, k, 1);
	if (po)
		life_held_add(&po->held, k, day, 1, l->as_of);
	return 0;
}

/* The year's totals, read only when every meeting of the year is on or before D. */
static int on_meeting_tally(void *ctx, int64_t org, const char *kind, const int months[12])
{
	load *l = ctx;
	int k = life_kind_find(kind);
	for (int m = 0; m < 12; m++) {
		party_org *po = months[m] > 0 ? count_meetings(l, org, k, months[m]) : NULL;
		if (po)
			life_held_add_month(&po->held, k, m + 1, months[m]);
	}
	return 0;
}

static party_member *member_of(load *l, int64_t id)
{
	if (id <= 0 || id > l->ceil.member || l->member_at[id] < 0)
		return NULL;
	return &l->p->members[l->member_at[id]];
}

static int on_attendance(void *ctx, int64_t meeting, int64_t member)
{
	load *l = ctx;
	party_member *m;
	if (meeting <= 0 || meeting > l->ceil.meeting || l->meeting_tenths[meeting] < 0 || !(m = member_of(l, member)))
		return 0;
	m->tenths += l->meeting_tenths[meeting];
	m->hours += l->meeting_tenths[meeting];
	return 0;
}

static int on_study(void *ctx, int64_t member, int tenths)
{
	load *l = ctx;
	party_member *m = member_of(l, member);
	if (m) {
		m->tenths += tenths;
		m->hours += tenths;
	}
	return 0;
}

static int on_training(void *ctx, int64_t id, int tenths)
{
	load *l = ctx;
	if (id > 0 && id <= l->ceil.training)
		l->training_tenths[id] = tenths;
	return 0;
}

/* 1 when trainee r took part in an event of the year up to D (on_training read them): its ID number
 * then among the trained (a secretary's 参加培训). */
static int trainee_of_year(load *l, const trainee_row *r)
{
	if (r->training <= 0 || r->training > l->ceil.training || l->training_tenths[r->training] < 0)
		return 0;
	if (r->idno)
		strmap_put(&l->trained, r->idno, strlen(r->idno), 1);
	return 1;
}

static int on_trained(void *ctx, const trainee_row *r)
{
	trainee_of_year(ctx, r);
	return 0;
}

static int on_trainee(void *ctx, const trainee_row *r)
{
	load *l = ctx;
	if (!trainee_of_year(l, r))
		return 0;
	party_member *m = member_of(l, r->member);
	if (m)
		m->tenths += l->training_tenths[r->training];
	int32_t ent = r->ent > 0 && r->ent <= l->f->max_ent ? l->f->idx[r->ent] : -1;
	if (ent < 0)
		return 0; /* from no enterprise of the region */
	/* The trainee ledger's own notion of a person (ID number, or 姓名 + 企业). */
	size_t kl = strlen(r->person);
	int64_t person;
	party *p = l->p;
	if (!strmap_get(&l->persons, r->person, kl, &person)) {
		person = (int64_t)l->persons.count;
		strmap_put(&l->persons, r->person, kl, person);
		p->person_keys = grow(p->person_keys, p->npersons, sizeof *p->person_keys);
		p->person_keys[p->npersons++] = xstrdup(r->person);
	}
	p->parts = grow(p->parts, p->nparts, sizeof *p->parts);
	p->parts[p->nparts++] = (party_part){r->training, (int32_t)person, ent, strcmp(r->role, "出资人") == 0};
	return 0;
}

static int on_secretary(void *ctx, const secretary_row *r)
{
	load *l = ctx;
	party *p = l->p;
	if (!secretary_current(r->since, r->until, l->as_of))
		return 0;
	party_member *m = member_of(l, r->member);
	if (m)
		m->cadre = 1;
	if (r->org < 0 || r->org > p->max_org || p->org_at[r->org] < 0 || p->orgs[p->org_at[r->org]].sec >= 0)
		return 0;
	p->secs = grow(p->secs, p->nsecs, sizeof *p->secs);
	party_sec *ps = &p->secs[p->nsecs];
	memset(ps, 0, sizeof *ps);
	ps->org = r->org;
	snprintf(ps->method, sizeof ps->method, "%s", r->method);
	ps->dual_strong = r->dual_strong == 1;
	ps->investor = r->investor == 1;
	int64_t v;
	ps->trained = *r->idno && strmap_get(&l->trained, r->idno, strlen(r->idno), &v);
	p->orgs[p->org_at[r->org]].sec = (int32_t)p->nsecs++;
	return 0;
}

static int on_development(void *ctx, int64_t employer, const ledger_rec *rec)
{
	load *l = ctx;
	party *p = l->p;
	int32_t ei = employer > 0 && employer <= l->f->max_ent ? l->f->idx[employer] : -1;
	if (ei < 0)
		return 0; /* employed outside the region, or nowhere */
	dev_record r;
	ledger_dev_record(rec, &r);
	int assembly = r.step[DEV_STEP_ASSEMBLY];
	dev_check chk;
	dev_check_on(&r, l->as_of, &l->dcfg, &chk);
	p->devs = grow(p->devs, p->ndevs, sizeof *p->devs);
	party_dev *d = &p->devs[p->ndevs++];
	*d = (party_dev){ei, (unsigned char)dev_stage_on(&r, l->as_of),
			 assembly != DATE_NONE && assembly >= l->jan1 && assembly <= l->as_of, chk.broken > 0,
			 rec->f[DV_DUAL] && strcmp(rec->f[DV_DUAL], "是") == 0, NULL, NULL, NULL};
	if (chk.broken && !l->f->figures_only) {
		buf b = {0};
		for (int i = 0; i < DEV_NRULES; i++)
			if (chk.result[i] == DEV_BROKEN) {
				char label[DEV_LABEL_MAX];
				dev_rule_label(i, label, sizeof label);
				buf_printf(&b, "%s%s：%s", b.len ? "；" : "", label, chk.msg[i]);
			}
		d->name = xstrdup(rec->f[DV_NAME]);
		d->idno = xstrdup(rec->f[DV_IDNO]);
		d->detail = xstrdup(buf_cstr(&b));
		buf_free(&b);
	}
	return 0;
}

static int on_transfer(void *ctx, const transfer_row *r)
{
	load *l = ctx;
	party *p = l->p;
	if (r->org < 0 || r->org > p->max_org || p->org_at[r->org] < 0 || r->letter == DATE_NONE || r->letter > l->as_of)
		return 0;
	party_org *po = &p->orgs[p->org_at[r->org]];
	int done = r->done != DATE_NONE && r->done <= l->as_of;
	if (done && r->done >= l->jan1) {
		po->transfers_in += r->in;
		po->transfers_out += !r->in;
	}
	if (done)
		return 0;
	po->transfers_pending++;
	if (!l->f->figures_only && date_add_months(r->letter, 3) < l->as_of) {
		p->lates = grow(p->lates, p->nlates, sizeof *p->lates);
		p->lates[p->nlates++] = (party_late){r->org, r->member, NULL, NULL, xstrdup(r->other), r->in, r->letter};
	}
	return 0;
}

/* The transfers, and the 姓名 and 公民身份号码 of the late ones' members: a look-up each (in the
 * snapshot of the scan), not a join of every transfer to its member. */
static int load_transfers(store *s, load *l, fg_err *e)
{
	party *p = l->p;
	int rc = store_scan_transfers(s, on_transfer, l, e);
	for (size_t i = 0; !rc && i < p->nlates; i++) {
		buf name = {0}, idno = {0};
		store_member_names(s, p->lates[i].member, &name, &idno);
		p->lates[i].name = xstrdup(buf_cstr(&name));
		p->lates[i].idno = xstrdup(buf_cstr(&idno));
		buf_free(&name);
		buf_free(&idno);
	}
	return rc;
}

/* A grant of the year, up to D, to an active organisation of the region: its sums, and a 星级奖励
 * outside the range for the organisation's stars on the award's date. */
typedef struct funding_load {
	load *l;
	store *s;
} funding_load;

static int on_funding(void *ctx, const funding_scan_row *r)
{
	funding_load *fl = ctx;
	party *p = fl->l->p;
	if (r->org < 0 || r->org > p->max_org || p->org_at[r->org] < 0 || !funding_in_year(r->day, fl->l->as_of))
		return 0;
	party_org *po = &p->orgs[p->org_at[r->org]];
	if (r->kind == FUNDING_SUBSIDY)
		po->subsidy_sum += r->amount;
	if (r->kind != FUNDING_AWARD)
		return 0;
	if (!po->awards || r->amount < po->award_min)
		po->award_min = r->amount;
	if (!po->awards || r->amount > po->award_max)
		po->award_max = r->amount;
	po->awards++;
	po->award_sum += r->amount;
	if (fl->l->f->figures_only)
		return 0; /* the range's findings only */
	/* The stars on the award's date (store/rating_store.h): none, or a veto, is 0 — no award range. */
	char msg[256], day[11];
	int stars = 0;
	date_format(r->day, day);
	if (store_org_stars_on(fl->s, &p->rcfg, r->org, day, &stars) != 1)
		stars = 0;
	if (funding_award_outside(&p->rcfg, stars, r->amount, msg, sizeof msg)) {
		p->funding_outs = grow(p->funding_outs, p->nfunding_outs, sizeof *p->funding_outs);
		p->funding_outs[p->nfunding_outs++] = (party_funding_out){r->org, r->day, xstrdup(msg)};
		po->funding_outs++;
	}
	return 0;
}

static int load_funding(store *s, load *l, fg_err *e)
{
	funding_load fl = {.l = l, .s = s};
	return store_scan_funding(s, l->jan1, l->as_of, on_funding, &fl, e);
}

/* A designation in force on D of an enterprise of the region (any status). */
static int on_designation(void *ctx, const designation_scan *r)
{
	load *l = ctx;
	party *p = l->p;
	const facts *f = l->f;
	if (r->kind < 0 || r->enterprise <= 0 || r->enterprise > f->max_ent || f->idx[r->enterprise] < 0 ||
	    !designation_active(r->granted, r->revoked, l->as_of))
		return 0;
	p->desigs = grow(p->desigs, p->ndesigs, sizeof *p->desigs);
	p->desigs[p->ndesigs++] = (party_desig){r->id, f->idx[r->enterprise], (unsigned char)r->kind};
	return 0;
}

/* The venue of an active organisation, and whether it counts, is standard and is an open base on D. */
static int on_venue(void *ctx, const venue_scan *r)
{
	load *l = ctx;
	party *p = l->p;
	p->any_venue = 1;
	if (r->org < 0 || r->org > p->max_org || p->org_at[r->org] < 0)
		return 0;
	party_org *po = &p->orgs[p->org_at[r->org]];
	po->has_venue = 1;
	po->venue = r->facts;
	po->venue_recognised = r->recognised;
	po->venue_counts = (unsigned char)venue_counts(r->recognised, l->as_of);
	po->venue_standard = (unsigned char)(po->venue_counts && rating_venue_standard(&p->rcfg, &r->facts));
	po->open_base = (unsigned char)(po->venue_counts && r->open_base);
	return 0;
}

/* A member-year of dues of a member of the region: the year's ended months add up to the figures,
 * the window's months give the six-month rule its bits, and every month of either whose recorded
 * 应缴 is not the rule's is a dues_differs finding (its amounts read once the scan is over). A row
 * of a month up to the window's last makes the member one the six-month rule checks. */
static int on_dues(void *ctx, const dues_year_row *r)
{
	load *l = ctx;
	party_member *m = member_of(l, r->member);
	if (!m)
		return 0;
	int lo = l->dues_year[0] < l->dues_win[0] ? l->dues_year[0] : l->dues_win[0], wfirst = l->dues_win[0];
	int last = l->dues_win[1];
	party_i48_add(m->dues_due, r->due);
	party_i48_add(m->dues_paid, r->paid);
	if (r->year < last / 12 || (r->year == last / 12 && (r->months & ((2u << (last % 12)) - 1))))
		m->dues_any = 1;
	/* The months of this year from lo to last that have a row, as bits (bit b = month year*12+b). */
	int base = r->year * 12, from = lo > base ? lo - base : 0, to = last < base + 11 ? last - base : 11;
	unsigned sel = from > to ? 0 : r->months & ((2u << to) - 1) & ~((1u << from) - 1);
	/* Of those, the window's (from wfirst on), moved to the window's bits (bit k = month wfirst+k). */
	int wb = wfirst - base;
	unsigned win = wb <= 0 ? sel : wb > 11 ? 0 : sel & ~((1u << wb) - 1);
	m->dues_rows |= (unsigned char)(wb >= 0 ? win >> wb : win << -wb);
	m->dues_unpaid |= (unsigned char)(wb >= 0 ? (win & r->unpaid) >> wb : (win & r->unpaid) << -wb);
	for (unsigned d = l->f->figures_only ? 0 : sel & r->differs; d; d &= d - 1) {
		party *p = l->p;
		p->dues_diffs = grow(p->dues_diffs, p->ndues_diffs, sizeof *p->dues_diffs);
		p->dues_diffs[p->ndues_diffs++] =
			(party_dues_diff){(int32_t)(m - p->members), base + __builtin_ctz(d), 0, 0, 0, 0};
	}
	return 0;
}

/* A member with dues rows of a year before the scanned ones. */
static int on_dues_before(void *ctx, int64_t member)
{
	party_member *m = member_of(ctx, member);
	if (m)
		m->dues_any = 1;
	return 0;
}

static int load_dues(store *s, load *l, fg_err *e)
{
	dues_year_months(l->as_of, &l->dues_year[0], &l->dues_year[1]);
	dues_window(l->as_of, &l->dues_win[0], &l->dues_win[1]);
	int year = l->dues_year[0] / 12, first = l->dues_win[0] / 12;
	int rc = store_scan_dues_years(s, first, year, l->dues_year[1] - l->dues_year[0] + 1, on_dues, l, e);
	rc = rc ? rc : store_scan_dues_before(s, first, on_dues_before, l, e);
	party *p = l->p;
	/* The six-month rule, for the members with a row of an ended month (入党日期 as recorded today). */
	for (size_t i = 0; !rc && i < p->nmembers; i++) {
		party_member *m = &p->members[i];
		if (m->dues_any)
			m->dues_late = (unsigned char)dues_six_months_bits(m->dues_rows, m->dues_unpaid,
									    l->f->members[i].joined, l->as_of);
	}
	for (size_t i = 0; !rc && i < p->ndues_diffs; i++) {
		party_dues_diff *x = &p->dues_diffs[i];
		int retired = 0;
		if (store_dues_get(s, l->f->members[x->member].id, x->month, &x->base, &retired, &x->recorded) == 0) {
			x->retired = (unsigned char)retired;
			x->rule = dues_due(x->base, retired);
		}
	}
	return rc;
}

static int on_campaign(void *ctx, const campaign_scan *c)
{
	load *l = ctx;
	party *p = l->p;
	if (c->start == DATE_NONE || c->start > l->as_of)
		return 0;
	p->camps = grow(p->camps, p->ncamps, sizeof *p->camps);
	p->camps[p->ncamps++] = (party_campaign){c->id, xstrdup(c->name), xstrdup(c->lead),
						 c->partners ? xstrdup(c->partners) : NULL, c->range ? xstrdup(c->range) : NULL,
						 c->start, c->deadline, campaign_of_year(c->start, c->deadline, l->as_of),
						 0, 0, 0};
	return 0;
}

static int on_task(void *ctx, const task_scan *t)
{
	load *l = ctx;
	party *p = l->p;
	int32_t ei = t->ent > 0 && t->ent <= l->f->max_ent ? l->f->idx[t->ent] : -1;
	if (ei < 0)
		return 0;
	size_t c = 0;
	while (c < p->ncamps && p->camps[c].id != t->campaign)
		c++;
	if (c == p->ncamps)
		return 0;
	party_campaign *pc = &p->camps[c];
	party_task pt = {ei, (int32_t)c, (unsigned char)task_done_on(t->state, t->done, l->as_of),
			 (unsigned char)task_overdue_on(pc->start, pc->deadline, t->state, t->done, l->as_of), 0};
	if (!pc->in_year && !pt.overdue)
		return 0;
	/* A task's findings are its result: counted once it is 已完成 on D (a past D does not count
	 * what a task completed later found). */
	pt.found = pc->in_year && t->findings != 0 && pt.done;
	if (pc->in_year) {
		pc->tasks++;
		pc->done += pt.done;
		pc->findings += pt.found;
	}
	if (p->ntasks && !l->tasks_unsorted) {
		const party_task *q = &p->tasks[p->ntasks - 1];
		int64_t qc = p->camps[q->campaign].id, qe = l->f->ents[q->ent].id;
		l->tasks_unsorted = qc > t->campaign || (qc == t->campaign && qe > t->ent);
	}
	p->tasks = grow(p->tasks, p->ntasks, sizeof *p->tasks);
	p->tasks[p->ntasks++] = pt;
	return 0;
}

/* A task with its sort key: the ids of its campaign and enterprise. */
typedef struct keyed_task {
	int64_t campaign, ent;
	party_task t;
} keyed_task;

static int keyed_task_cmp(const void *a, const void *b)
{
	const keyed_task *x = a, *y = b;
	if (x->campaign != y->campaign)
		return x->campaign < y->campaign ? -1 : 1;
	return (x->ent > y->ent) - (x->ent < y->ent);
}

/* The tasks in (campaign id, enterprise id) order, as party.h promises, when the store's order
 * was another. */
static void sort_tasks(load *l)
{
	party *p = l->p;
	if (!l->tasks_unsorted)
		return;
	keyed_task *k = xmalloc(p->ntasks * sizeof *k);
	for (size_t i = 0; i < p->ntasks; i++)
		k[i] = (keyed_task){p->camps[p->tasks[i].campaign].id, l->f->ents[p->tasks[i].ent].id, p->tasks[i]};
	qsort(k, p->ntasks, sizeof *k, keyed_task_cmp);
	for (size_t i = 0; i < p->ntasks; i++)
		p->tasks[i] = k[i].t;
	free(k);
}

/* The campaigns and their tasks, as party_load reads them. */
static int load_tasks(store *s, load *l, fg_err *e)
{
	int rc = store_scan_campaigns(s, on_campaign, l, e);
	if (!rc && l->p->ncamps)
		rc = store_scan_tasks(s, on_task, l, e);
	if (!rc)
		sort_tasks(l);
	return rc;
}

static int on_roster(void *ctx, const roster_match *m)
{
	load *l = ctx;
	party *p = l->p;
	int64_t ent = m->l.enterprise;
	int32_t ei = ent > 0 && ent <= l->f->max_ent ? l->f->idx[ent] : -1;
	if (ei < 0)
		return 0;
	xm_class c = crossmatch_class(&m->l, l->as_of, l->f->cfg.pocket_months);
	if (c == XM_NONE)
		return 0;
	p->xms = grow(p->xms, p->nxms, sizeof *p->xms);
	p->xms[p->nxms++] = (party_xm){ei, (unsigned char)c};
	return 0;
}

/* The roster lines that are cross-match candidates on D, as party_load reads them (none to scan
 * when there is no roster at all). */
static int load_xms(store *s, load *l, fg_err *e)
{
	return store_any_roster(s) ? store_scan_roster_matches(s, NULL, NULL, on_roster, l, e) : FG_OK;
}

/* Ratings come in date order per organisation: the last one dated by D is its newest. */
static int on_rating(void *ctx, int64_t org, int rated, int total, int vetoed)
{
	load *l = ctx;
	party *p = l->p;
	if (org < 0 || org > p->max_org || p->org_at[org] < 0 || rated > l->as_of)
		return 0;
	party_org *po = &p->orgs[p->org_at[org]];
	int stars = rating_stars(&p->rcfg, total, vetoed);
	po->stars = (signed char)(rating_valid_on(&p->rcfg, rated, l->as_of) ? stars : -1);
	if (rated >= l->jan1)
		po->commended = (unsigned char)(stars >= p->rcfg.commend_min_stars && stars > 0 ? stars : 0);
	return 0;
}

/* The ratings, funding, designations and venues, as party_load reads them (the ratings before the
 * funding: an award's range is its stars'). */
static int load_recog(store *s, load *l, fg_err *e)
{
	int rc = store_scan_ratings(s, on_rating, l, e);
	rc = rc ? rc : load_funding(s, l, e);
	rc = rc ? rc : store_scan_designations(s, on_designation, l, e);
	return rc ? rc : store_scan_venues(s, on_venue, l, e);
}

/* l->member_at over the id ceiling read: each member of the facts by id. */
static void member_index(load *l)
{
	const facts *f = l->f;
	l->member_at = xmalloc(((size_t)l->ceil.member + 1) * sizeof *l->member_at);
	memset(l->member_at, 0xff, ((size_t)l->ceil.member + 1) * sizeof *l->member_at);
	for (size_t i = 0; i < f->nmembers; i++)
		if (f->members[i].id >= 0 && f->members[i].id <= l->ceil.member)
			l->member_at[f->members[i].id] = (int32_t)i;
}

/* Organisation po's calendar on as_of, from what was read: its checked and compliant. */
static void org_rules_apply(const party *p, party_org *po, int as_of)
{
	life_calendar cal;
	party_org_calendar(p, po, as_of, &cal);
	po->checked = cal.checked;
	po->compliant = cal.compliant;
}

/* Each organisation's calendar and each member's study rule on as_of, from what was read. */
static void party_rules_apply(party *p, int as_of)
{
	for (size_t o = 0; o < p->norgs; o++)
		org_rules_apply(p, &p->orgs[o], as_of);
	int required[2] = {study_required(as_of, 0, &p->cfg), study_required(as_of, 1, &p->cfg)};
	for (size_t i = 0; i < p->nmembers; i++)
		p->members[i].met = (unsigned char)study_met(p->members[i].tenths, required[p->members[i].cadre]);
}

party_member party_member_bare(const party *p, int as_of)
{
	party_member m;
	memset(&m, 0, sizeof m);
	m.met = (unsigned char)study_met(0, study_required(as_of, 0, &p->cfg));
	return m;
}

int party_load(store *s, const facts *f, party *p, fg_err *e)
{
	return party_load_mode(s, f, p, PARTY_TOTALS_AUTO, e);
}

int party_load_mode(store *s, const facts *f, party *p, party_mode mode, fg_err *e)
{
	memset(p, 0, sizeof *p);
	load l = {.p = p, .f = f, .as_of = f->as_of};
	int y, mo, d;
	date_to_ymd(f->as_of, &y, &mo, &d);
	l.jan1 = date_from_ymd(y, 1, 1);
	party_settings_read(s, &p->cfg);
	party_dev_settings_read(s, &l.dcfg);
	store_rating_settings(s, &p->rcfg);
	int rc = store_party_ceiling(s, &l.ceil, e);
	if (rc)
		return rc;
	p->any_meeting = l.ceil.any_meeting;
	p->any_study = l.ceil.any_study;
	p->any_secretary = l.ceil.any_secretary;
	p->any_visit = l.ceil.any_visit;

	/* Active organisations: covering an operating enterprise of the region on D. */
	for (size_t i = 0; i < f->nlinks; i++)
		if (f->links[i].owner > p->max_org)
			p->max_org = f->links[i].owner;
	p->org_at = xmalloc(((size_t)p->max_org + 1) * sizeof *p->org_at);
	memset(p->org_at, 0xff, ((size_t)p->max_org + 1) * sizeof *p->org_at);
	for (size_t i = 0; i < f->nlinks; i++) {
		const fact_link *lk = &f->links[i];
		if (f->ents[lk->ent].operating && p->org_at[lk->owner] < 0)
			p->org_at[lk->owner] = (int32_t)p->norgs++;
	}
	p->orgs = xcalloc(p->norgs ? p->norgs : 1, sizeof *p->orgs);
	for (int64_t id = 0; id <= p->max_org; id++)
		if (p->org_at[id] >= 0) {
			p->orgs[p->org_at[id]].id = id;
			p->orgs[p->org_at[id]].sec = -1;
			p->orgs[p->org_at[id]].stars = -1;
		}

	/* Members of the region, as members_formal + members_probationary count them. */
	p->members = xcalloc(f->nmembers ? f->nmembers : 1, sizeof *p->members);
	p->nmembers = f->nmembers;
	member_index(&l);
	l.training_tenths = xmalloc(((size_t)l.ceil.training + 1) * sizeof *l.training_tenths);
	memset(l.training_tenths, 0xff, ((size_t)l.ceil.training + 1) * sizeof *l.training_tenths);

	rc = store_scan_life_orgs(s, on_org, &l, e);
	int later = mode == PARTY_RECORDS;
	if (!rc && mode == PARTY_TOTALS_AUTO)
		rc = store_party_dated_within(s, f->as_of + 1, date_from_ymd(y, 12, 31), &later, e);
	if (later) {
		l.meeting_tenths = xmalloc(((size_t)l.ceil.meeting + 1) * sizeof *l.meeting_tenths);
		memset(l.meeting_tenths, 0xff, ((size_t)l.ceil.meeting + 1) * sizeof *l.meeting_tenths);
		rc = rc ? rc : store_scan_meetings(s, l.jan1, f->as_of, on_meeting, &l, e);
		rc = rc ? rc : store_scan_attendance(s, l.jan1, f->as_of, on_attendance, &l, e);
		rc = rc ? rc : store_scan_study(s, l.jan1, f->as_of, on_study, &l, e);
	} else {
		rc = rc ? rc : store_scan_meeting_tally(s, y, on_meeting_tally, &l, e);
		rc = rc ? rc : store_scan_member_hours(s, y, on_study, &l, e);
	}
	rc = rc ? rc : store_scan_trainings(s, l.jan1, f->as_of, on_training, &l, e);
	rc = rc ? rc : store_scan_trainees(s, on_trainee, &l, e);
	rc = rc ? rc : store_scan_secretaries(s, on_secretary, &l, e);
	rc = rc ? rc : party_visits_read(s, f, p, e);
	if (!rc && l.ceil.any_development)
		rc = store_scan_development(s, on_development, &l, e);
	p->any_development = l.ceil.any_development;
	if (!rc && l.ceil.any_transfer)
		rc = load_transfers(s, &l, e);
	if (!rc)
		rc = load_dues(s, &l, e);
	rc = rc ? rc : load_tasks(s, &l, e);
	rc = rc ? rc : load_xms(s, &l, e);
	rc = rc ? rc : load_recog(s, &l, e);
	if (!rc)
		party_rules_apply(p, f->as_of);
	if (!rc)
		trim_all(p);
	free(l.meeting_tenths);
	free(l.member_at);
	free(l.training_tenths);
	strmap_free(&l.trained);
	strmap_free(&l.persons);
	return rc;
}

int party_reload_hours(store *s, const facts *f, party *p, fg_err *e)
{
	load l = {.p = p, .f = f, .as_of = f->as_of};
	int y, mo, d;
	date_to_ymd(f->as_of, &y, &mo, &d);
	int rc = store_party_ceiling(s, &l.ceil, e), later = 0;
	rc = rc ? rc : store_party_dated_within(s, f->as_of + 1, date_from_ymd(y, 12, 31), &later, e);
	if (rc)
		return rc;
	if (later || l.ceil.any_meeting != p->any_meeting || l.ceil.any_study != p->any_study)
		return 1;
	for (size_t o = 0; o < p->norgs; o++) {
		party_org *po = &p->orgs[o];
		po->meetings = po->themed_days = po->lessons = 0;
		memset(&po->held, 0, sizeof po->held);
	}
	member_index(&l);
	for (size_t i = 0; i < p->nmembers; i++) {
		p->members[i].tenths -= p->members[i].hours;
		p->members[i].hours = 0;
	}
	rc = store_scan_meeting_tally(s, y, on_meeting_tally, &l, e);
	rc = rc ? rc : store_scan_member_hours(s, y, on_study, &l, e);
	if (!rc)
		party_rules_apply(p, f->as_of);
	free(l.member_at);
	return rc;
}

int party_reload_orgs(store *s, const facts *f, party *p, const int64_t *orgs, size_t n, fg_err *e)
{
	load l = {.p = p, .f = f, .as_of = f->as_of};
	int rc = store_scan_life_orgs_in(s, orgs, n, on_org, &l, e);
	for (size_t k = 0; !rc && k < n; k++) {
		if (orgs[k] < 0 || orgs[k] > p->max_org || p->org_at[orgs[k]] < 0)
			continue;
		org_rules_apply(p, &p->orgs[p->org_at[orgs[k]]], f->as_of);
	}
	return rc;
}

int party_orgs_enter(store *s, const facts *f, party *p, const int64_t *ids, size_t n, fg_err *e)
{
	int64_t max = p->max_org;
	for (size_t k = 0; k < n; k++)
		max = ids[k] > max ? ids[k] : max;
	int32_t *at = xmalloc(((size_t)max + 1) * sizeof *at);
	memset(at, 0xff, ((size_t)max + 1) * sizeof *at);
	if (p->org_at)
		memcpy(at, p->org_at, ((size_t)p->max_org + 1) * sizeof *at);
	p->org_at = at;
	p->max_org = max;
	p->orgs = xrealloc(p->orgs, (p->norgs + n ? p->norgs + n : 1) * sizeof *p->orgs);
	for (size_t k = 0; k < n; k++) {
		party_org *po = &p->orgs[p->norgs];
		memset(po, 0, sizeof *po);
		po->id = ids[k];
		po->sec = -1;
		po->stars = -1;
		at[ids[k]] = (int32_t)p->norgs++;
	}
	return n ? party_reload_orgs(s, f, p, ids, n, e) : FG_OK;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void party_orgs_leave(party *p, const int64_t *ids, size_t n)
{
	size_t kept = 0;
	for (size_t i = 0; i < p->norgs; i++) {
		int64_t id = p->orgs[i].id;
		if (n && bsearch(&id, ids, n, sizeof *ids, id_cmp)) {
			p->org_at[id] = -1;
			continue;
		}
		p->orgs[kept] = p->orgs[i];
		p->org_at[id] = (int32_t)kept++;
	}
	p->norgs = kept;
}

int party_reload_dues(store *s, const facts *f, party *p, fg_err *e)
{
	load l = {.p = p, .f = f, .as_of = f->as_of};
	int rc = store_party_ceiling(s, &l.ceil, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < p->nmembers; i++) {
		party_member *m = &p->members[i];
		m->dues_rows = m->dues_unpaid = m->dues_any = m->dues_late = 0;
		memset(m->dues_due, 0, sizeof m->dues_due);
		memset(m->dues_paid, 0, sizeof m->dues_paid);
	}
	p->dues_diffs = NULL;
	p->ndues_diffs = 0;
	member_index(&l);
	rc = load_dues(s, &l, e);
	free(l.member_at);
	p->dues_diffs = trim(p->dues_diffs, p->ndues_diffs, sizeof *p->dues_diffs);
	return rc;
}

void party_org_calendar(const party *p, const party_org *po, int as_of, life_calendar *cal)
{
	life_org_year_held(&po->org, &po->held, as_of, &p->cfg, cal);
}

/* The start of a reload of p (f's region and date): l for f and p, 1 January of f's year, the
 * ceilings read. FG_OK or FG_EFAIL. */
static int reload_start(store *s, const facts *f, party *p, load *l, fg_err *e)
{
	memset(l, 0, sizeof *l);
	l->p = p;
	l->f = f;
	l->as_of = f->as_of;
	int y, mo, d;
	date_to_ymd(f->as_of, &y, &mo, &d);
	l->jan1 = date_from_ymd(y, 1, 1);
	return store_party_ceiling(s, &l->ceil, e);
}

/* party_reload_secs, and with trainees party_reload_trainings: the trained of the year and the
 * current secretaries read again — with trainees each member's hours from training (tenths less
 * the hours of meetings and study) and the training figures' parts and persons too — and the study
 * rule applied again. */
static int reload_people(store *s, const facts *f, party *p, int trainees, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (rc)
		return rc;
	if (l.ceil.any_secretary != p->any_secretary)
		return 1; /* the organisations without a secretary found or not: found afresh */
	l.training_tenths = xmalloc(((size_t)l.ceil.training + 1) * sizeof *l.training_tenths);
	memset(l.training_tenths, 0xff, ((size_t)l.ceil.training + 1) * sizeof *l.training_tenths);
	for (size_t o = 0; o < p->norgs; o++)
		p->orgs[o].sec = -1;
	for (size_t i = 0; i < p->nmembers; i++) {
		p->members[i].cadre = 0;
		if (trainees)
			p->members[i].tenths = p->members[i].hours;
	}
	p->secs = NULL;
	p->nsecs = 0;
	if (trainees) {
		p->parts = NULL;
		p->nparts = 0;
		p->person_keys = NULL;
		p->npersons = 0;
	}
	member_index(&l);
	rc = store_scan_trainings(s, l.jan1, f->as_of, on_training, &l, e);
	rc = rc ? rc : store_scan_trainees(s, trainees ? on_trainee : on_trained, &l, e);
	rc = rc ? rc : store_scan_secretaries(s, on_secretary, &l, e);
	TRIM(p->secs, p->nsecs);
	if (trainees) {
		TRIM(p->parts, p->nparts);
		TRIM(p->person_keys, p->npersons);
	}
	if (!rc)
		party_rules_apply(p, f->as_of);
	free(l.member_at);
	free(l.training_tenths);
	strmap_free(&l.trained);
	strmap_free(&l.persons);
	return rc;
}

int party_reload_secs(store *s, const facts *f, party *p, fg_err *e)
{
	return reload_people(s, f, p, 0, e);
}

int party_reload_trainings(store *s, const facts *f, party *p, fg_err *e)
{
	return reload_people(s, f, p, 1, e);
}

int party_reload_transfers(store *s, const facts *f, party *p, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (rc)
		return rc;
	for (size_t o = 0; o < p->norgs; o++)
		p->orgs[o].transfers_in = p->orgs[o].transfers_out = p->orgs[o].transfers_pending = 0;
	p->lates = NULL;
	p->nlates = 0;
	if (l.ceil.any_transfer)
		rc = load_transfers(s, &l, e);
	TRIM(p->lates, p->nlates);
	return rc;
}

int party_reload_devs(store *s, const facts *f, party *p, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (rc)
		return rc;
	party_dev_settings_read(s, &l.dcfg);
	if (l.ceil.any_development != p->any_development)
		return 1; /* the members' 入党日期 read or not (report/work.c): found afresh */
	p->devs = NULL;
	p->ndevs = 0;
	if (l.ceil.any_development)
		rc = store_scan_development(s, on_development, &l, e);
	TRIM(p->devs, p->ndevs);
	return rc;
}

int party_reload_recog(store *s, const facts *f, party *p, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (rc)
		return rc;
	for (size_t o = 0; o < p->norgs; o++) {
		party_org *po = &p->orgs[o];
		po->stars = -1;
		po->commended = 0;
		po->award_sum = po->award_min = po->award_max = po->subsidy_sum = 0;
		po->awards = po->funding_outs = 0;
		po->has_venue = po->venue_counts = po->venue_standard = po->open_base = 0;
		memset(&po->venue, 0, sizeof po->venue);
		po->venue_recognised = 0;
	}
	p->any_venue = 0;
	p->funding_outs = NULL;
	p->nfunding_outs = 0;
	p->desigs = NULL;
	p->ndesigs = 0;
	rc = load_recog(s, &l, e);
	TRIM(p->funding_outs, p->nfunding_outs);
	TRIM(p->desigs, p->ndesigs);
	return rc;
}

int party_reload_tasks(store *s, const facts *f, party *p, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (rc)
		return rc;
	p->camps = NULL;
	p->ncamps = 0;
	p->tasks = NULL;
	p->ntasks = 0;
	rc = load_tasks(s, &l, e);
	TRIM(p->camps, p->ncamps);
	TRIM(p->tasks, p->ntasks);
	return rc;
}

int party_reload_xms(store *s, const facts *f, party *p, fg_err *e)
{
	load l;
	int rc = reload_start(s, f, p, &l, e);
	if (!rc) {
		p->xms = NULL;
		p->nxms = 0;
		rc = load_xms(s, &l, e);
		TRIM(p->xms, p->nxms);
	}
	return rc;
}

/* The n elements of v (each size bytes) with the texts at the offsets off (noff of them), each freed
 * with its texts; and a copy of them, each text copied. */
static void with_texts_free(void *v, size_t n, size_t size, const size_t *off, size_t noff)
{
	for (size_t i = 0; v && i < n; i++)
		for (size_t k = 0; k < noff; k++) {
			char *t;
			memcpy(&t, (char *)v + i * size + off[k], sizeof t);
			free(t);
		}
	free(v);
}

static void *with_texts_copy(const void *v, size_t n, size_t size, const size_t *off, size_t noff)
{
	char *c = xmalloc((n ? n : 1) * size);
	if (n)
		memcpy(c, v, n * size);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < noff; k++) {
			char *t;
			memcpy(&t, c + i * size + off[k], sizeof t);
			t = t ? xstrdup(t) : NULL;
			memcpy(c + i * size + off[k], &t, sizeof t);
		}
	return c;
}

static const size_t DEV_TEXTS[] = {offsetof(party_dev, name), offsetof(party_dev, idno), offsetof(party_dev, detail)};
static const size_t LATE_TEXTS[] = {offsetof(party_late, name), offsetof(party_late, idno),
				    offsetof(party_late, other)};
static const size_t FOUT_TEXTS[] = {offsetof(party_funding_out, detail)};
static const size_t KEY_TEXTS[] = {0}; /* an array of texts */
static const size_t CAMP_TEXTS[] = {offsetof(party_campaign, name), offsetof(party_campaign, lead),
				    offsetof(party_campaign, partners), offsetof(party_campaign, range)};
#define TEXTS_OF(offs) (offs), sizeof(offs) / sizeof(offs)[0]

void party_funding_outs_free(party_funding_out *v, size_t n)
{
	with_texts_free(v, n, sizeof *v, TEXTS_OF(FOUT_TEXTS));
}

party_funding_out *party_funding_outs_copy(const party_funding_out *v, size_t n)
{
	return with_texts_copy(v, n, sizeof *v, TEXTS_OF(FOUT_TEXTS));
}

void party_keys_free(char **v, size_t n)
{
	with_texts_free(v, n, sizeof *v, TEXTS_OF(KEY_TEXTS));
}

char **party_keys_copy(char *const *v, size_t n)
{
	return with_texts_copy(v, n, sizeof *v, TEXTS_OF(KEY_TEXTS));
}

void party_camps_free(party_campaign *v, size_t n)
{
	with_texts_free(v, n, sizeof *v, TEXTS_OF(CAMP_TEXTS));
}

party_campaign *party_camps_copy(const party_campaign *v, size_t n)
{
	return with_texts_copy(v, n, sizeof *v, TEXTS_OF(CAMP_TEXTS));
}

void party_devs_free(party_dev *v, size_t n)
{
	with_texts_free(v, n, sizeof *v, TEXTS_OF(DEV_TEXTS));
}

party_dev *party_devs_copy(const party_dev *v, size_t n)
{
	return with_texts_copy(v, n, sizeof *v, TEXTS_OF(DEV_TEXTS));
}

void party_lates_free(party_late *v, size_t n)
{
	with_texts_free(v, n, sizeof *v, TEXTS_OF(LATE_TEXTS));
}

party_late *party_lates_copy(const party_late *v, size_t n)
{
	return with_texts_copy(v, n, sizeof *v, TEXTS_OF(LATE_TEXTS));
}

void party_free(party *p)
{
	free(p->org_at);
	free(p->orgs);
	free(p->members);
	free(p->secs);
	free(p->visits);
	free(p->asgs);
	free(p->parts);
	party_keys_free(p->person_keys, p->npersons);
	party_devs_free(p->devs, p->ndevs);
	party_lates_free(p->lates, p->nlates);
	free(p->dues_diffs);
	party_funding_outs_free(p->funding_outs, p->nfunding_outs);
	party_camps_free(p->camps, p->ncamps);
	free(p->tasks);
	free(p->xms);
	free(p->desigs);
	memset(p, 0, sizeof *p);
}
