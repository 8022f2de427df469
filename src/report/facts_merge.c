/* facts_merge — the facts of a region made from the facts of its districts (docs/kept_figures.md).
 *
 * Enterprises, their members, coverage links, assignments and every party-work record kept by
 * enterprise belong to exactly one district (the enterprise's), so they are concatenated, their
 * indexes into the enterprises moved. An organisation covering enterprises of several districts is
 * active in each of their facts with the same organisation-level values (its meetings, secretary,
 * transfers, ratings, funding, venue): taken once, from the first part naming it, with its
 * secretary, its late transfers and its funding findings. Trainees are numbered as persons by their
 * key (ID number, or 姓名 + 企业) per load: numbered again over all parts. The campaigns are every
 * part's same list; their counts of the region's tasks add up. */
#include "report/facts.h"

#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int task_key_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

typedef struct funding_at {
	party_funding_out fo;
	size_t at;
} funding_at;

static int funding_at_cmp(const void *a, const void *b)
{
	const funding_at *x = a, *y = b;
	if (x->fo.day != y->fo.day)
		return x->fo.day < y->fo.day ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* The tasks in (campaign id, enterprise id) order, as party.h promises them. */
static void sort_tasks(facts *out)
{
	party *p = &out->party;
	/* keys: campaign id, enterprise id, position */
	int64_t(*k)[3] = xmalloc((p->ntasks ? p->ntasks : 1) * sizeof *k);
	for (size_t i = 0; i < p->ntasks; i++) {
		k[i][0] = p->camps[p->tasks[i].campaign].id;
		k[i][1] = out->ents[p->tasks[i].ent].id;
		k[i][2] = (int64_t)i;
	}
	qsort(k, p->ntasks, sizeof *k, task_key_cmp);
	party_task *v = xmalloc((p->ntasks ? p->ntasks : 1) * sizeof *v);
	for (size_t i = 0; i < p->ntasks; i++)
		v[i] = p->tasks[k[i][2]];
	free(p->tasks);
	p->tasks = v;
	free(k);
}

/* Room for n elements of size bytes (at least one). */
static void *room(size_t n, size_t size)
{
	return xmalloc((n ? n : 1) * size);
}

int facts_merge(const facts *const *parts, size_t n, const store_filter *filter, const char *label, facts *out,
		fg_err *e)
{
	memset(out, 0, sizeof *out);
	if (!n)
		return err_set(e, FG_EFAIL, "内部错误：没有可合并的区县数据");
	const facts *first = parts[0];
	out->label = xstrdup(label);
	out->as_of = first->as_of;
	out->filter = *filter;
	out->cfg = first->cfg;
	out->figures_only = first->figures_only;
	out->plan_only = first->plan_only;
	size_t ne = 0, nm = 0, nl = 0, na = 0;
	int64_t max_member = 0, max_org = 0;
	for (size_t k = 0; k < n; k++) {
		const facts *f = parts[k];
		if (f->as_of != first->as_of || f->figures_only != first->figures_only || f->plan_only != first->plan_only ||
		    f->party.ncamps != first->party.ncamps)
			return err_set(e, FG_EFAIL, "内部错误：合并的区县数据不是同一日期、同一种载入");
		for (size_t c = 0; c < f->party.ncamps; c++)
			if (f->party.camps[c].id != first->party.camps[c].id)
				return err_set(e, FG_EFAIL, "内部错误：合并的区县数据的调查活动不同");
		ne += f->nents;
		nm += f->nmembers;
		nl += f->nlinks;
		na += f->nasgs;
		out->max_ent = f->max_ent > out->max_ent ? f->max_ent : out->max_ent;
		max_org = f->party.max_org > max_org ? f->party.max_org : max_org;
		for (size_t i = 0; i < f->nmembers; i++)
			max_member = f->members[i].id > max_member ? f->members[i].id : max_member;
	}

	/* Enterprises in id order: base[k] + i is part k's enterprise i in the concatenation, to[]
	 * its index in out. */
	size_t *base = room(n + 1, sizeof *base);
	int32_t *to = room(ne, sizeof *to), *part_of = room(ne > nm ? ne : nm, sizeof *part_of);
	out->idx = room((size_t)out->max_ent + 1, sizeof *out->idx);
	memset(out->idx, 0xff, ((size_t)out->max_ent + 1) * sizeof *out->idx);
	int rc = FG_OK;
	base[0] = 0;
	for (size_t k = 0; k < n; k++) {
		const facts *f = parts[k];
		for (size_t i = 0; i < f->nents; i++) {
			int32_t id = f->ents[i].id;
			if (out->idx[id] >= 0)
				rc = FG_EFAIL; /* one enterprise in two districts' facts */
			out->idx[id] = (int32_t)(base[k] + i);
			part_of[base[k] + i] = (int32_t)k;
		}
		base[k + 1] = base[k] + f->nents;
	}
	if (rc) {
		free(base);
		free(to);
		free(part_of);
		facts_free(out);
		return err_set(e, FG_EFAIL, "内部错误：同一企业出现在两个区县的数据中");
	}
	out->ents = room(ne, sizeof *out->ents);
	for (int64_t id = 0; id <= out->max_ent; id++) {
		int32_t at = out->idx[id];
		if (at < 0)
			continue;
		size_t k = (size_t)part_of[at];
		to[at] = (int32_t)out->nents;
		out->idx[id] = (int32_t)out->nents;
		out->ents[out->nents++] = parts[k]->ents[(size_t)at - base[k]];
	}

	/* Members in id order (party.members beside them); mto[base_m[k] + i] the index of part k's
	 * member i in out. */
	size_t *base_m = room(n + 1, sizeof *base_m);
	int32_t *mat = room((size_t)max_member + 1, sizeof *mat), *mto = room(nm, sizeof *mto);
	memset(mat, 0xff, ((size_t)max_member + 1) * sizeof *mat);
	base_m[0] = 0;
	int with_party = !first->plan_only;
	for (size_t k = 0; k < n; k++) {
		const facts *f = parts[k];
		for (size_t i = 0; i < f->nmembers; i++) {
			if (mat[f->members[i].id] >= 0)
				rc = FG_EFAIL; /* one member in two districts' facts */
			mat[f->members[i].id] = (int32_t)(base_m[k] + i);
			part_of[base_m[k] + i] = (int32_t)k;
		}
		base_m[k + 1] = base_m[k] + f->nmembers;
	}
	if (rc) {
		free(base);
		free(base_m);
		free(to);
		free(part_of);
		free(mat);
		free(mto);
		facts_free(out);
		return err_set(e, FG_EFAIL, "内部错误：同一党员出现在两个区县的数据中");
	}
	out->members = room(nm, sizeof *out->members);
	party *p = &out->party;
	if (with_party)
		p->members = room(nm, sizeof *p->members);
	for (int64_t id = 0; id <= max_member; id++) {
		int32_t at = mat[id];
		if (at < 0)
			continue;
		size_t k = (size_t)part_of[at], i = (size_t)at - base_m[k];
		fact_member m = parts[k]->members[i];
		m.ent = to[base[k] + (size_t)m.ent];
		mto[at] = (int32_t)out->nmembers;
		if (with_party)
			p->members[out->nmembers] = parts[k]->party.members[i];
		out->members[out->nmembers++] = m;
	}
	if (with_party)
		p->nmembers = out->nmembers;
	free(mat);

	out->links = room(nl, sizeof *out->links);
	out->asgs = room(na, sizeof *out->asgs);
	for (size_t k = 0; k < n; k++) {
		const facts *f = parts[k];
		for (size_t i = 0; i < f->nlinks; i++) {
			out->links[out->nlinks] = f->links[i];
			out->links[out->nlinks++].ent = to[base[k] + (size_t)f->links[i].ent];
		}
		for (size_t i = 0; i < f->nasgs; i++) {
			out->asgs[out->nasgs] = f->asgs[i];
			out->asgs[out->nasgs++].ent = to[base[k] + (size_t)f->asgs[i].ent];
		}
	}

	if (with_party) {
		const party *q0 = &first->party;
		p->cfg = q0->cfg;
		p->rcfg = q0->rcfg;
		p->any_meeting = q0->any_meeting;
		p->any_study = q0->any_study;
		p->any_secretary = q0->any_secretary;
		p->any_visit = q0->any_visit;
		p->any_development = q0->any_development;
		p->max_org = max_org;
		p->org_at = room((size_t)max_org + 1, sizeof *p->org_at);
		memset(p->org_at, 0xff, ((size_t)max_org + 1) * sizeof *p->org_at);
		size_t no = 0, ns = 0, nv = 0, npa = 0, nd = 0, nla = 0, ndd = 0, nx = 0, npt = 0, nt = 0, nf = 0, nds = 0;
		for (size_t k = 0; k < n; k++) {
			const party *q = &parts[k]->party;
			no += q->norgs;
			ns += q->nsecs;
			nv += q->nvisits;
			npa += q->nasgs;
			nd += q->ndevs;
			nla += q->nlates;
			ndd += q->ndues_diffs;
			nx += q->nxms;
			npt += q->nparts;
			nt += q->ntasks;
			nf += q->nfunding_outs;
			nds += q->ndesigs;
			p->any_venue |= q->any_venue;
		}
		p->orgs = room(no, sizeof *p->orgs);
		p->secs = room(ns, sizeof *p->secs);
		p->visits = room(nv, sizeof *p->visits);
		p->asgs = room(npa, sizeof *p->asgs);
		p->devs = room(nd, sizeof *p->devs);
		p->lates = room(nla, sizeof *p->lates);
		p->dues_diffs = room(ndd, sizeof *p->dues_diffs);
		p->xms = room(nx, sizeof *p->xms);
		p->parts = room(npt, sizeof *p->parts);
		p->tasks = room(nt, sizeof *p->tasks);
		p->funding_outs = room(nf, sizeof *p->funding_outs);
		p->desigs = room(nds, sizeof *p->desigs);
		/* the part each organisation is taken from */
		int32_t *org_from = room((size_t)max_org + 1, sizeof *org_from);
		strmap persons = {0};
		for (size_t k = 0; k < n; k++) {
			const party *q = &parts[k]->party;
			const size_t bk = base[k];
			for (size_t i = 0; i < q->norgs; i++) {
				const party_org *o = &q->orgs[i];
				if (p->org_at[o->id] >= 0)
					continue;
				p->org_at[o->id] = (int32_t)p->norgs;
				org_from[o->id] = (int32_t)k;
				party_org *c = &p->orgs[p->norgs++];
				*c = *o;
				if (o->sec >= 0) {
					c->sec = (int32_t)p->nsecs;
					p->secs[p->nsecs++] = q->secs[o->sec];
				}
			}
			for (size_t i = 0; i < q->nvisits; i++) {
				p->visits[p->nvisits] = q->visits[i];
				p->visits[p->nvisits++].ent = to[bk + (size_t)q->visits[i].ent];
			}
			for (size_t i = 0; i < q->nasgs; i++) {
				p->asgs[p->nasgs] = q->asgs[i];
				p->asgs[p->nasgs++].ent = to[bk + (size_t)q->asgs[i].ent];
			}
			for (size_t i = 0; i < q->ndevs; i++) {
				party_dev d = q->devs[i];
				d.ent = to[bk + (size_t)d.ent];
				d.name = dup_or_null(d.name);
				d.idno = dup_or_null(d.idno);
				d.detail = dup_or_null(d.detail);
				p->devs[p->ndevs++] = d;
			}
			for (size_t i = 0; i < q->nlates; i++) {
				party_late l = q->lates[i];
				if (org_from[l.org] != (int32_t)k)
					continue; /* its organisation's are another part's */
				l.name = dup_or_null(l.name);
				l.idno = dup_or_null(l.idno);
				l.other = dup_or_null(l.other);
				p->lates[p->nlates++] = l;
			}
			for (size_t i = 0; i < q->ndues_diffs; i++) {
				party_dues_diff d = q->dues_diffs[i];
				d.member = mto[base_m[k] + (size_t)d.member];
				p->dues_diffs[p->ndues_diffs++] = d;
			}
			for (size_t i = 0; i < q->nxms; i++) {
				p->xms[p->nxms] = q->xms[i];
				p->xms[p->nxms++].ent = to[bk + (size_t)q->xms[i].ent];
			}
			for (size_t i = 0; i < q->nparts; i++) {
				party_part pt = q->parts[i];
				const char *key = q->person_keys[pt.person];
				size_t kl = strlen(key);
				int64_t person;
				if (!strmap_get(&persons, key, kl, &person)) {
					person = (int64_t)persons.count;
					strmap_put(&persons, key, kl, person);
					if ((p->npersons & (p->npersons - 1)) == 0)
						p->person_keys = xrealloc(p->person_keys,
									  (p->npersons ? p->npersons * 2 : 1) * sizeof *p->person_keys);
					p->person_keys[p->npersons++] = xstrdup(key);
				}
				pt.person = (int32_t)person;
				pt.ent = to[bk + (size_t)pt.ent];
				p->parts[p->nparts++] = pt;
			}
			for (size_t i = 0; i < q->ntasks; i++) {
				p->tasks[p->ntasks] = q->tasks[i];
				p->tasks[p->ntasks++].ent = to[bk + (size_t)q->tasks[i].ent];
			}
			for (size_t i = 0; i < q->nfunding_outs; i++) {
				party_funding_out fo = q->funding_outs[i];
				if (org_from[fo.org] != (int32_t)k)
					continue;
				fo.detail = dup_or_null(fo.detail);
				p->funding_outs[p->nfunding_outs++] = fo;
			}
			for (size_t i = 0; i < q->ndesigs; i++) {
				p->desigs[p->ndesigs] = q->desigs[i];
				p->desigs[p->ndesigs++].ent = to[bk + (size_t)q->desigs[i].ent];
			}
		}
		strmap_free(&persons);
		free(org_from);
		/* The campaigns: the first part's list, the counts of every part's tasks. */
		p->ncamps = q0->ncamps;
		p->camps = room(p->ncamps, sizeof *p->camps);
		for (size_t c = 0; c < p->ncamps; c++) {
			party_campaign pc = q0->camps[c];
			pc.name = dup_or_null(pc.name);
			pc.lead = dup_or_null(pc.lead);
			pc.partners = dup_or_null(pc.partners);
			pc.range = dup_or_null(pc.range);
			pc.tasks = pc.done = pc.findings = 0;
			for (size_t k = 0; k < n; k++) {
				pc.tasks += parts[k]->party.camps[c].tasks;
				pc.done += parts[k]->party.camps[c].done;
				pc.findings += parts[k]->party.camps[c].findings;
			}
			p->camps[c] = pc;
		}
		sort_tasks(out);
		/* In date order; the organisations' own in their part's order (qsort is not stable:
		 * the position decides ties). */
		funding_at *v = room(p->nfunding_outs, sizeof *v);
		for (size_t i = 0; i < p->nfunding_outs; i++)
			v[i] = (funding_at){p->funding_outs[i], i};
		qsort(v, p->nfunding_outs, sizeof *v, funding_at_cmp);
		for (size_t i = 0; i < p->nfunding_outs; i++)
			p->funding_outs[i] = v[i].fo;
		free(v);
	}
	free(base);
	free(base_m);
	free(to);
	free(mto);
	free(part_of);
	return FG_OK;
}
