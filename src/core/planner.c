/* planner — joint branches (联合党支部) for units with 1–2 formal members.
 *
 * Industries. The arithmetic below fixes how many two- and one-member units each group takes;
 * which ones is free. pick() fills those counts from the industry most represented among the
 * units still open (seed_industry), so a group keeps one industry where the counts allow, and
 * coverage and the number of groups are exactly those without industries (test_planner checks
 * this on random districts).
 *
 * Existing branches (plan_joint_fill). Branch by branch, a unit of the branch's place joins it
 * when the plan of the rest of its component (units linked by a street or zone) covers at least
 * as many units, counting the one that joined, with no more groups: leftovers first (always
 * accepted), then grouped units (accepted when that saves a group or changes nothing). Each trial
 * re-plans one component, so the cost is the trials times a component's plan.
 *
 * The arithmetic of one pool. Let a pool hold x units with two formal members and y with one,
 * n = x + y, and let K = max_units, m = min_formal, s_min = max(2, ceil(m/2)) (a smaller group
 * cannot reach m even with all two-member units). The n units can be split into exactly g
 * valid groups if and only if
 *     g·s_min <= n <= g·K   and   x + n >= g·m.
 * Necessity is plain (a group of s units with t two-member units has s + t formal). For
 * sufficiency give the groups balanced sizes; a group of size s needs max(0, m - s) two-member
 * units, and with balanced sizes the total need is max(0, g·m - n) <= x. Fewer groups only
 * ease the first and last conditions, so when any g works, g = ceil(n/K) does; and for a pool
 * of a two- and b one-member units (pool_opt):
 *   - everything is covered when the condition holds for n = a + b, g = ceil(n/K);
 *   - otherwise the best is g' full groups of K units (leaving out one-member units first),
 *     g' = min(ceil(n/K) - 1, floor(a / min(K, m - K))), the second bound only when K < m.
 * So a pool's best (coverage, groups) is O(1) arithmetic on its two counts.
 *
 * The hierarchy. A pool is a zone, a community or a street. Units linked by sharing any pool
 * form a component; components are planned independently. When one pool holds the whole
 * component (the normal case: communities and zones inside one street), every valid group is
 * a subset of that pool, so the pool's arithmetic *is* the optimum, exactly. Otherwise (a zone,
 * or a community, across streets) each unit gets a home pool and the plan is the sum of the
 * home pools' arithmetic. Components of up to EXACT_UNITS units get exact homes from a
 * dynamic programme over subsets. Larger ones get a local search over classes of identical
 * units: fixed and random starts; moves of up to LS_KMAX two- and one-member units between
 * two pools that some classes share; hubs that gather several pools' residues (units beyond
 * a multiple of K) to save groups; for small components, pairs of moves of one class each.
 * That part is a heuristic; the one-pool arithmetic on the whole component bounds it from
 * above, and meeting the bound stops the search.
 *
 * Tighter levels first. Within a home pool, with its optimum (N, G) fixed, groups are carved
 * out of each zone, then each community, one at a time, as large as possible, and only when
 * what remains of the home pool can still reach the remaining coverage with the remaining
 * groups (the condition above again). What remains is then split into balanced groups. The
 * preference for zones never costs coverage or groups: a zone's leftover unit joins a
 * community or street group because the residual check keeps room for it. Each group reports
 * the tightest pool its members share.
 *
 * Cost: three sorts to number the pools, union-find, O(1) arithmetic per pool, sorts within
 * each home pool: O(n log n). The search for a component no pool holds does a bounded number
 * of starts and sweeps, each O(c log c) in its c classes (pairs only up to LS_PAIR_CLASSES
 * classes), and past a budget of evaluated moves proportional to n it turns frugal. */
#include "core/planner_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int keyed_cmp(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return (a->e > b->e) - (a->e < b->e);
}

int planner_rec_cmp(const void *x, const void *y)
{
	const rec *a = x, *b = y;
	for (int i = 0; i < 4; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return (a->e > b->e) - (a->e < b->e);
}

static int64_t unit_key(const planner *p, plan_level level, size_t e)
{
	const plan_unit *u = &p->units[p->el[e]];
	return level == PLAN_ZONE ? u->zone : level == PLAN_COMMUNITY ? u->community : u->street;
}

/* Can a units of two and b of one member cover exactly n of them in exactly g groups? */
static int resid_ok(const planner *p, int64_t a, int64_t b, int64_t n, int64_t g)
{
	if (n == 0 && g == 0)
		return 1;
	if (n <= 0 || g <= 0 || n > a + b)
		return 0;
	int64_t x = min64(a, n);
	return g * p->smin <= n && n <= g * p->K && x + n >= g * p->m;
}

static size_t uf_find(size_t *parent, size_t x)
{
	size_t r = x;
	while (parent[r] != r)
		r = parent[r];
	while (parent[x] != r) {
		size_t next = parent[x];
		parent[x] = r;
		x = next;
	}
	return r;
}

static void uf_union(size_t *parent, size_t x, size_t y)
{
	x = uf_find(parent, x);
	y = uf_find(parent, y);
	/* The smaller root wins: deterministic and enough for these shallow trees with
	 * path compression. */
	if (x < y)
		parent[y] = x;
	else if (y < x)
		parent[x] = y;
}

/* Numbers the pools of one level; units sharing a pool are joined in the union-find. */
static void build_level(planner *p, plan_level level, keyed *kv, size_t *parent)
{
	size_t nk = 0;
	for (size_t e = 0; e < p->ne; e++) {
		int64_t k = unit_key(p, level, e);
		if (level == PLAN_ZONE && k == 0) {
			p->pid[level][e] = NOPOOL;
			continue;
		}
		kv[nk].k = k;
		kv[nk].e = e;
		nk++;
	}
	qsort(kv, nk, sizeof kv[0], keyed_cmp);
	for (size_t i = 0; i < nk; i++) {
		if (i == 0 || kv[i].k != kv[i - 1].k) {
			pool *pl = &p->pools[p->npools++];
			pl->level = level;
			pl->key = kv[i].k;
			pl->size = 0;
		} else {
			uf_union(parent, kv[i - 1].e, kv[i].e);
		}
		p->pid[level][kv[i].e] = p->npools - 1;
		p->pools[p->npools - 1].size++;
	}
}

void planner_buckets(const size_t *bucket_of, size_t nitems, size_t nb, size_t **start, size_t **list)
{
	size_t *st = xcalloc(nb + 1, sizeof *st), *ls = xmalloc((nitems ? nitems : 1) * sizeof *ls);
	for (size_t i = 0; i < nitems; i++)
		st[bucket_of[i] + 1]++;
	for (size_t q = 0; q < nb; q++)
		st[q + 1] += st[q];
	size_t *fill = xmalloc((nb + 1) * sizeof *fill);
	memcpy(fill, st, (nb + 1) * sizeof *fill);
	for (size_t i = 0; i < nitems; i++)
		ls[fill[bucket_of[i]]++] = i;
	free(fill);
	*start = st;
	*list = ls;
}


/* ---- groups inside one home pool ---- */

/* Records a group of the given eligible units and marks them used. */
static void emit_group(planner *p, const size_t *es, size_t n)
{
	plan_group *g = &p->groups[p->ngroups++];
	g->first = p->nmembers;
	g->n = n;
	g->formal = 0;
	for (size_t i = 0; i < n; i++) {
		assert(!p->used[es[i]]);
		p->used[es[i]] = 1;
		p->members[p->nmembers++] = es[i];
		g->formal += p->two[es[i]] ? 2 : 1;
	}
	/* The tightest pool all members share. */
	for (int l = 0; l < NLEVELS; l++) {
		size_t pl = p->pid[l][es[0]];
		size_t i = 1;
		while (pl != NOPOOL && i < n && p->pid[l][es[i]] == pl)
			i++;
		if (pl != NOPOOL && i == n) {
			g->level = (plan_level)l;
			g->where = p->pools[pl].key;
			return;
		}
	}
	assert(!"group shares no pool");
}

/* The industry most represented among the unused units of lists x[0..nx) and y[0..ny) (ties: the
 * lower rank); 0 (unknown) only when no unit has a known one. */
static size_t seed_industry(planner *p, const size_t *x, size_t nx, const size_t *y, size_t ny)
{
	size_t best = 0, bestn = 0;
	for (int pass = 0; pass < 2; pass++) {
		const size_t *l = pass ? y : x;
		size_t n = pass ? ny : nx;
		for (size_t i = 0; i < n; i++)
			if (!p->used[l[i]] && p->ind[l[i]])
				p->icount[p->ind[l[i]]]++;
	}
	for (int pass = 0; pass < 2; pass++) {
		const size_t *l = pass ? y : x;
		size_t n = pass ? ny : nx;
		for (size_t i = 0; i < n; i++) {
			size_t k = p->ind[l[i]];
			if (p->used[l[i]] || !k)
				continue;
			if (p->icount[k] > bestn || (p->icount[k] == bestn && k < best)) {
				best = k;
				bestn = p->icount[k];
			}
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		const size_t *l = pass ? y : x;
		size_t n = pass ? ny : nx;
		for (size_t i = 0; i < n; i++)
			p->icount[p->ind[l[i]]] = 0;
	}
	return best;
}

/* Appends k unused units of l[0..n) to out: those of industry seed first, then the others, each in
 * list order. The counts were settled by the arithmetic, so which units fill them is free: the
 * choice keeps one industry together without changing coverage or the number of groups. */
static void pick(const planner *p, const size_t *l, size_t n, size_t seed, int64_t k, size_t *out, size_t *nout)
{
	for (int pass = 0; pass < 2 && k > 0; pass++)
		for (size_t i = 0; i < n && k > 0; i++) {
			size_t e = l[i];
			if (p->used[e] || (pass == 0) != (seed && p->ind[e] == seed))
				continue;
			out[(*nout)++] = e;
			k--;
		}
	assert(k == 0);
}

static int ind_cmp_ctx_less(const planner *p, size_t x, size_t y)
{
	if (p->ind[x] != p->ind[y])
		return p->ind[x] < p->ind[y];
	return x < y;
}

/* Sorts eligible-unit numbers by (industry rank, number): insertion sort, blocks are small. */
static void sort_by_industry(const planner *p, size_t *l, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = l[i], j = i;
		while (j > 0 && ind_cmp_ctx_less(p, v, l[j - 1])) {
			l[j] = l[j - 1];
			j--;
		}
		l[j] = v;
	}
}

/* Carves groups out of one block (units of one zone or community inside a home pool), each
 * as large as possible while the rest of the home pool can still reach its target. */
static void carve(planner *p, const keyed *blk, size_t nb, resid *r, size_t *scratch)
{
	int64_t a = 0, b = 0;
	size_t *tw = xmalloc(nb * sizeof *tw), *on = xmalloc(nb * sizeof *on);
	for (size_t i = 0; i < nb; i++) {
		if (p->two[blk[i].e])
			tw[a++] = blk[i].e;
		else
			on[b++] = blk[i].e;
	}
	size_t na = (size_t)a, nb1 = (size_t)b;
	sort_by_industry(p, tw, na);
	sort_by_industry(p, on, nb1);
	for (;;) {
		int64_t s = min64(p->K, a + b), t = 0;
		for (; s >= p->smin; s--) {
			t = max64(0, max64(p->m - s, s - b));
			if (t <= a && resid_ok(p, r->a - t, r->b - (s - t), r->n - s, r->g - 1))
				break;
		}
		if (s < p->smin)
			break;
		size_t seed = seed_industry(p, tw, na, on, nb1), k = 0;
		pick(p, tw, na, seed, t, scratch, &k);
		pick(p, on, nb1, seed, s - t, scratch, &k);
		emit_group(p, scratch, k);
		a -= t;
		b -= s - t;
		r->a -= t;
		r->b -= s - t;
		r->n -= s;
		r->g--;
	}
	free(tw);
	free(on);
}

/* Carves groups level by level: blocks of the home pool's unused units sharing a pool. */
static void carve_level(planner *p, const size_t *H, size_t h, plan_level level, resid *r,
                        keyed *kv, size_t *scratch)
{
	size_t nk = 0;
	for (size_t i = 0; i < h; i++) {
		size_t e = H[i];
		if (p->used[e] || p->pid[level][e] == NOPOOL)
			continue;
		kv[nk].k = (int64_t)p->pid[level][e];
		kv[nk].e = e;
		nk++;
	}
	qsort(kv, nk, sizeof kv[0], keyed_cmp);
	for (size_t i = 0; i < nk && r->g > 0;) {
		size_t j = i + 1;
		while (j < nk && kv[j].k == kv[i].k)
			j++;
		if (j - i >= 2)
			carve(p, kv + i, j - i, r, scratch);
		i = j;
	}
}

/* Splits the rest of a home pool into r->g balanced groups covering r->n units. Units are
 * taken in (street, community, zone) order so that a group tends to stay in one place, those of
 * the industry most represented among the rest first (pick). */
static void finish(planner *p, const size_t *H, size_t h, const resid *r, size_t *scratch)
{
	if (r->g == 0)
		return;
	rec *tw = xmalloc(h * sizeof *tw), *on = xmalloc(h * sizeof *on);
	size_t nt = 0, no = 0;
	for (size_t i = 0; i < h; i++) {
		size_t e = H[i];
		if (p->used[e])
			continue;
		rec *x = p->two[e] ? &tw[nt++] : &on[no++];
		x->k[0] = p->pid[PLAN_STREET][e];
		x->k[1] = p->pid[PLAN_COMMUNITY][e];
		x->k[2] = p->pid[PLAN_ZONE][e];
		x->k[3] = 0;
		x->e = e;
	}
	qsort(tw, nt, sizeof tw[0], planner_rec_cmp);
	qsort(on, no, sizeof on[0], planner_rec_cmp);
	assert((int64_t)nt == r->a && (int64_t)no == r->b);
	int64_t x = min64(r->a, r->n);
	int64_t spare = x; /* two-member units not yet promised to a group's minimum */
	int64_t base = r->n / r->g, extra = r->n % r->g;
	for (int64_t i = 0; i < r->g; i++)
		spare -= max64(0, p->m - (base + (i < extra)));
	assert(spare >= 0);
	size_t *lt = xmalloc((nt ? nt : 1) * sizeof *lt), *lo = xmalloc((no ? no : 1) * sizeof *lo);
	for (size_t i = 0; i < nt; i++)
		lt[i] = tw[i].e;
	for (size_t i = 0; i < no; i++)
		lo[i] = on[i].e;
	for (int64_t i = 0; i < r->g; i++) {
		int64_t s = base + (i < extra);
		int64_t t = max64(0, p->m - s);
		int64_t more = min64(spare, s - t);
		t += more;
		spare -= more;
		size_t k = 0, seed = seed_industry(p, lt, nt, lo, no);
		pick(p, lt, nt, seed, t, scratch, &k);
		pick(p, lo, no, seed, s - t, scratch, &k);
		emit_group(p, scratch, k);
	}
	free(lt);
	free(lo);
	free(tw);
	free(on);
}

static void plan_pool(planner *p, size_t pl, const size_t *H, size_t h, keyed *kv, size_t *scratch)
{
	resid r = {0, 0, 0, 0};
	for (size_t i = 0; i < h; i++) {
		if (p->two[H[i]])
			r.a++;
		else
			r.b++;
	}
	pool_opt(p, r.a, r.b, &r.n, &r.g);
	if (r.g == 0)
		return;
	plan_level level = p->pools[pl].level;
	if (level != PLAN_ZONE)
		carve_level(p, H, h, PLAN_ZONE, &r, kv, scratch);
	if (level == PLAN_STREET)
		carve_level(p, H, h, PLAN_COMMUNITY, &r, kv, scratch);
	finish(p, H, h, &r, scratch);
}

/* ---- output ---- */

static int size_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return (a > b) - (a < b);
}

typedef struct gkey {
	plan_group g;
	size_t low; /* lowest caller index among its members */
} gkey;

static int gkey_cmp(const void *x, const void *y)
{
	const gkey *a = x, *b = y;
	if (a->g.level != b->g.level)
		return a->g.level < b->g.level ? -1 : 1;
	if (a->g.where != b->g.where)
		return a->g.where < b->g.where ? -1 : 1;
	return (a->low > b->low) - (a->low < b->low);
}

/* Fills out: groups in (level, where, lowest member) order, members ascending within a
 * group, leftovers ascending; all as caller indexes. */
static void fill_result(planner *p, plan_result *out)
{
	for (size_t i = 0; i < p->nmembers; i++)
		p->members[i] = p->el[p->members[i]];
	gkey *gk = xmalloc((p->ngroups ? p->ngroups : 1) * sizeof *gk);
	for (size_t g = 0; g < p->ngroups; g++) {
		qsort(p->members + p->groups[g].first, p->groups[g].n, sizeof(size_t), size_cmp);
		gk[g].g = p->groups[g];
		gk[g].low = p->members[p->groups[g].first];
	}
	qsort(gk, p->ngroups, sizeof gk[0], gkey_cmp);

	out->ngroups = p->ngroups;
	out->groups = p->ngroups ? xmalloc(p->ngroups * sizeof *out->groups) : NULL;
	out->nmembers = p->nmembers;
	out->members = p->nmembers ? xmalloc(p->nmembers * sizeof *out->members) : NULL;
	size_t k = 0;
	for (size_t g = 0; g < p->ngroups; g++) {
		out->groups[g] = gk[g].g;
		out->groups[g].first = k;
		memcpy(out->members + k, p->members + gk[g].g.first, gk[g].g.n * sizeof(size_t));
		k += gk[g].g.n;
	}
	free(gk);

	out->nleftover = p->ne - p->nmembers;
	out->leftover = out->nleftover ? xmalloc(out->nleftover * sizeof *out->leftover) : NULL;
	k = 0;
	for (size_t e = 0; e < p->ne; e++)
		if (!p->used[e])
			out->leftover[k++] = p->el[e];
	assert(k == out->nleftover);
}

/* Gives every unit a home pool, component by component, in the order of each component's
 * first street, so that the order, like the plan, does not depend on the order of the input. */
static void plan_components(planner *p, size_t *parent)
{
	size_t ne = p->ne;
	for (size_t e = 0; e < ne; e++)
		uf_find(parent, e); /* now parent[e] is e's root */
	size_t *start, *byc;
	planner_buckets(parent, ne, ne, &start, &byc);
	size_t *street_unit = xmalloc(ne * sizeof *street_unit); /* a unit of each street */
	for (size_t e = 0; e < ne; e++)
		street_unit[p->pid[PLAN_STREET][e]] = e;
	unsigned char *done = xcalloc(ne, 1); /* by root */
	for (size_t q = 0; q < p->npools && p->pools[q].level == PLAN_STREET; q++) {
		size_t r = parent[street_unit[q]];
		if (done[r])
			continue; /* planned with an earlier street */
		done[r] = 1;
		const size_t *cu = byc + start[r];
		size_t cn = start[r + 1] - start[r];
		size_t holder = NOPOOL;
		for (int l = NLEVELS - 1; l >= 0 && holder == NOPOOL; l--) {
			size_t pl = p->pid[l][cu[0]];
			if (pl != NOPOOL && p->pools[pl].size == cn)
				holder = pl;
		}
		if (holder != NOPOOL) {
			for (size_t k = 0; k < cn; k++)
				p->home[cu[k]] = holder;
		} else if (cn <= EXACT_UNITS) {
			planner_exact_homes(p, cu, cn);
		} else {
			planner_homes(p, cu, cn);
		}
	}
	free(done);
	free(street_unit);
	free(start);
	free(byc);
}

/* Forms the groups of every home pool. */
static void plan_pools(planner *p, keyed *kv)
{
	size_t *start, *hs;
	planner_buckets(p->home, p->ne, p->npools, &start, &hs);
	size_t *scratch = xmalloc(p->ne * sizeof *scratch);
	for (size_t q = 0; q < p->npools; q++)
		if (start[q + 1] > start[q])
			plan_pool(p, q, hs + start[q], start[q + 1] - start[q], kv, scratch);
	free(scratch);
	free(hs);
	free(start);
}

static int eligible(const plan_unit *u)
{
	return u->formal == 1 || u->formal == 2;
}

static int plan_core(const plan_unit *units, size_t n, int max_units, int min_formal, plan_result *out)
{
	if (!out)
		return -1;
	memset(out, 0, sizeof *out);
	if (max_units < 2 || min_formal < 2 || (n > 0 && !units))
		return -1;
	size_t ne = 0;
	for (size_t i = 0; i < n; i++) {
		if (!eligible(&units[i]))
			continue;
		if (units[i].community <= 0 || units[i].street <= 0)
			return -1;
		ne++;
	}
	if (ne == 0)
		return 0;

	planner P;
	planner *p = &P;
	memset(p, 0, sizeof *p);
	p->units = units;
	p->ne = ne;
	p->K = max_units;
	p->m = min_formal;
	p->smin = max64(2, (p->m + 1) / 2);
	p->W = (int64_t)ne + 1;
	p->budget = LS_BUDGET_PER_UNIT * ne > LS_BUDGET_MIN ? LS_BUDGET_PER_UNIT * ne : LS_BUDGET_MIN;
	p->el = xmalloc(ne * sizeof *p->el);
	p->two = xmalloc(ne);
	for (size_t i = 0, e = 0; i < n; i++)
		if (eligible(&units[i])) {
			p->two[e] = units[i].formal == 2;
			p->el[e++] = i;
		}
	/* Industries as dense ranks, in the order of the caller's codes (0 stays unknown). */
	p->ind = xcalloc(ne, sizeof *p->ind);
	{
		keyed *ik = xmalloc(ne * sizeof *ik);
		size_t ni = 0;
		for (size_t e = 0; e < ne; e++)
			if (units[p->el[e]].industry > 0)
				ik[ni++] = (keyed){units[p->el[e]].industry, e};
		qsort(ik, ni, sizeof *ik, keyed_cmp);
		p->nind = 1;
		for (size_t i = 0; i < ni; i++) {
			if (i > 0 && ik[i].k != ik[i - 1].k)
				p->nind++;
			p->ind[ik[i].e] = p->nind;
		}
		p->nind++;
		free(ik);
	}
	p->icount = xcalloc(p->nind, sizeof *p->icount);
	for (int l = 0; l < NLEVELS; l++)
		p->pid[l] = xmalloc(ne * sizeof *p->pid[l]);
	p->pools = xmalloc(NLEVELS * ne * sizeof *p->pools);
	p->home = xmalloc(ne * sizeof *p->home);
	p->used = xcalloc(ne, 1);
	p->groups = xmalloc((ne / 2 + 1) * sizeof *p->groups);
	p->members = xmalloc(ne * sizeof *p->members);

	/* Pools and components. */
	keyed *kv = xmalloc(ne * sizeof *kv);
	size_t *parent = xmalloc(ne * sizeof *parent);
	for (size_t e = 0; e < ne; e++)
		parent[e] = e;
	build_level(p, PLAN_STREET, kv, parent);
	build_level(p, PLAN_COMMUNITY, kv, parent);
	build_level(p, PLAN_ZONE, kv, parent);
	p->pa = xcalloc(p->npools, sizeof *p->pa);
	p->pb = xcalloc(p->npools, sizeof *p->pb);
	p->local = xmalloc(p->npools * sizeof *p->local);
	for (size_t q = 0; q < p->npools; q++)
		p->local[q] = NOPOOL;

	plan_components(p, parent);
	free(parent);
	plan_pools(p, kv);
	free(kv);

	fill_result(p, out);

	free(p->el);
	free(p->two);
	free(p->ind);
	free(p->icount);
	for (int l = 0; l < NLEVELS; l++)
		free(p->pid[l]);
	free(p->pools);
	free(p->home);
	free(p->used);
	free(p->groups);
	free(p->members);
	free(p->pa);
	free(p->pb);
	free(p->local);
	free(p->vtab);
	return 0;
}

/* ---- the order units and branches are taken in ---- */

/* The planner's one order: units by (id, position), branches by (id, position). Where several
 * choices are equally good the planner takes the first in its order, so the plan would otherwise
 * follow the order the caller read its rows in (on PostgreSQL, storage order where SQLite's is the
 * row id's): plans are made on copies sorted here, and their indexes mapped back. *ord gets the
 * caller's index of each sorted position. */
static void sort_by_id(const void *items, size_t n, size_t size, size_t id_off, void *sorted, size_t **ord)
{
	keyed *kv = xmalloc((n ? n : 1) * sizeof *kv);
	for (size_t i = 0; i < n; i++) {
		int64_t id;
		memcpy(&id, (const char *)items + i * size + id_off, sizeof id);
		kv[i] = (keyed){id, i};
	}
	qsort(kv, n, sizeof *kv, keyed_cmp);
	*ord = xmalloc((n ? n : 1) * sizeof **ord);
	for (size_t i = 0; i < n; i++) {
		(*ord)[i] = kv[i].e;
		memcpy((char *)sorted + i * size, (const char *)items + kv[i].e * size, size);
	}
	free(kv);
}

static void map_back(size_t *v, size_t n, const size_t *ord)
{
	for (size_t i = 0; i < n; i++)
		v[i] = ord[v[i]];
}

static int fill_sorted(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
                       int min_formal, plan_result *out);

/* Plans units (and fills branches) in the planner's order, the result in the caller's indexes. */
static int plan_ordered(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
                        int min_formal, plan_result *out)
{
	if (!out)
		return -1;
	memset(out, 0, sizeof *out);
	if ((n > 0 && !units) || (nb > 0 && !branches))
		return -1;
	plan_unit *su = xmalloc((n ? n : 1) * sizeof *su);
	plan_branch *sb = xmalloc((nb ? nb : 1) * sizeof *sb);
	size_t *uord, *bord;
	sort_by_id(units, n, sizeof *units, offsetof(plan_unit, id), su, &uord);
	sort_by_id(branches, nb, sizeof *branches, offsetof(plan_branch, id), sb, &bord);
	int rc = fill_sorted(su, n, sb, nb, max_units, min_formal, out);
	if (!rc) {
		map_back(out->members, out->nmembers, uord);
		map_back(out->leftover, out->nleftover, uord);
		map_back(out->filled, out->nfilled, uord);
		map_back(out->filled_by, out->nfilled, bord);
	}
	free(su);
	free(sb);
	free(uord);
	free(bord);
	return rc;
}

int plan_joint(const plan_unit *units, size_t n, int max_units, int min_formal, plan_result *out)
{
	return plan_ordered(units, n, NULL, 0, max_units, min_formal, out);
}

int plan_joint_fill(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
                    int min_formal, plan_result *out)
{
	return plan_ordered(units, n, branches, nb, max_units, min_formal, out);
}

/* ---- filling existing branches ---- */

static int64_t unit_at(const plan_unit *u, plan_level level)
{
	return level == PLAN_ZONE ? u->zone : level == PLAN_COMMUNITY ? u->community : u->street;
}

/* Components of the eligible units: linked by a shared street or zone (a community lies in one
 * street), as the planner plans them independently. comp[i] for every unit, SIZE_MAX when not
 * eligible. */
static void fill_components(const plan_unit *units, size_t n, size_t *comp)
{
	size_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
	keyed *kv = xmalloc((n ? n : 1) * sizeof *kv);
	for (size_t i = 0; i < n; i++)
		parent[i] = i;
	for (int level = 0; level < 2; level++) {
		size_t nk = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t k = level ? units[i].street : units[i].zone;
			if (eligible(&units[i]) && k > 0)
				kv[nk++] = (keyed){k, i};
		}
		qsort(kv, nk, sizeof *kv, keyed_cmp);
		for (size_t i = 1; i < nk; i++)
			if (kv[i].k == kv[i - 1].k)
				uf_union(parent, kv[i - 1].e, kv[i].e);
	}
	for (size_t i = 0; i < n; i++)
		comp[i] = eligible(&units[i]) ? uf_find(parent, i) : SIZE_MAX;
	free(kv);
	free(parent);
}

/* Plans the units cu (cn of them, in index order: one component's) that have not joined a branch:
 * coverage and groups. skip, when one of cu, is also left out. The other components' units are not
 * copied: they are ineligible to this plan, and the planner reads only the eligible units in their
 * order (the same plan as over all n units with the others made ineligible, at the cost of one
 * component instead of the whole region for each candidate). left: 1 for the units of cu left over. */
static void plan_rest(const plan_unit *units, const size_t *cu, size_t cn, const size_t *by, size_t skip, int K,
		      int m, plan_unit *tmp, size_t *cov, size_t *grp, unsigned char *left)
{
	for (size_t k = 0; k < cn; k++) {
		tmp[k] = units[cu[k]];
		if (by[cu[k]] != SIZE_MAX || cu[k] == skip)
			tmp[k].formal = 0;
	}
	plan_result r;
	plan_core(tmp, cn, K, m, &r);
	*cov = r.nmembers;
	*grp = r.ngroups;
	if (left) {
		for (size_t k = 0; k < cn; k++)
			left[cu[k]] = 0;
		for (size_t i = 0; i < r.nleftover; i++)
			left[cu[r.leftover[i]]] = 1;
	}
	plan_free(&r);
}

/* The eligible units of each level by (place, index): a branch's candidates are one run of
 * at[level], found by binary search, in index order. */
typedef struct by_place {
	keyed *at[NLEVELS];
	size_t n[NLEVELS];
} by_place;

static void by_place_make(const plan_unit *units, size_t n, const size_t *comp, by_place *bp)
{
	for (int level = 0; level < NLEVELS; level++) {
		bp->at[level] = xmalloc((n ? n : 1) * sizeof *bp->at[level]);
		bp->n[level] = 0;
		for (size_t i = 0; i < n; i++)
			if (comp[i] != SIZE_MAX)
				bp->at[level][bp->n[level]++] = (keyed){unit_at(&units[i], (plan_level)level), i};
		qsort(bp->at[level], bp->n[level], sizeof *bp->at[level], keyed_cmp);
	}
}

/* The first position in at[level] of the units at place where (n[level] when none). */
static size_t by_place_first(const by_place *bp, plan_level level, int64_t where)
{
	const keyed *v = bp->at[level];
	size_t lo = 0, hi = bp->n[level];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].k < where)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void by_place_free(by_place *bp)
{
	for (int level = 0; level < NLEVELS; level++)
		free(bp->at[level]);
}

static int fill_sorted(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
                       int min_formal, plan_result *out)
{
	if (!out)
		return -1;
	memset(out, 0, sizeof *out);
	if (nb > 0 && !branches)
		return -1;
	if (nb == 0 || n == 0)
		return plan_core(units, n, max_units, min_formal, out);
	/* Validates the units and parameters once, on an empty plan. */
	int rc = plan_core(units, n, max_units, min_formal, out);
	plan_free(out);
	if (rc)
		return rc;

	size_t *comp = xmalloc(n * sizeof *comp), *by = xmalloc(n * sizeof *by);
	plan_unit *tmp = xmalloc(n * sizeof *tmp);
	unsigned char *left = xmalloc(n);
	fill_components(units, n, comp);
	/* Each component's units in index order (the ineligible in a bucket of their own, n). */
	size_t *cstart, *clist;
	for (size_t i = 0; i < n; i++)
		by[i] = comp[i] == SIZE_MAX ? n : comp[i];
	planner_buckets(by, n, n + 1, &cstart, &clist);
	by_place bp;
	by_place_make(units, n, comp, &bp);
	for (size_t i = 0; i < n; i++)
		by[i] = SIZE_MAX;
	for (size_t b = 0; b < nb; b++) {
		int room = branches[b].room;
		plan_level lv = branches[b].level;
		int64_t where = branches[b].where;
		if (where <= 0)
			continue;
		size_t from = by_place_first(&bp, lv, where);
		for (int pass = 0; pass < 2 && room > 0; pass++)
			for (size_t j = from; j < bp.n[lv] && bp.at[lv][j].k == where && room > 0; j++) {
				size_t i = bp.at[lv][j].e;
				if (by[i] != SIZE_MAX)
					continue;
				/* The rest of the component as it stands (units that joined a branch are out of it):
				 * grouped and groups, with and without unit i. */
				size_t cov, grp, cov2, grp2;
				const size_t *cu = clist + cstart[comp[i]];
				size_t cn = cstart[comp[i] + 1] - cstart[comp[i]];
				plan_rest(units, cu, cn, by, SIZE_MAX, max_units, min_formal, tmp, &cov, &grp, left);
				if (pass == 0 && !left[i])
					continue; /* leftovers first */
				plan_rest(units, cu, cn, by, i, max_units, min_formal, tmp, &cov2, &grp2, NULL);
				/* i joining counts as covered: no unit less covered, no group more. */
				if (cov2 + 1 >= cov && grp2 <= grp) {
					by[i] = b;
					room--;
				}
			}
	}
	/* The plan of what has not joined. */
	for (size_t i = 0; i < n; i++) {
		tmp[i] = units[i];
		if (by[i] != SIZE_MAX)
			tmp[i].formal = 0;
	}
	plan_core(tmp, n, max_units, min_formal, out);
	for (size_t i = 0; i < n; i++)
		out->nfilled += by[i] != SIZE_MAX;
	if (out->nfilled) {
		out->filled = xmalloc(out->nfilled * sizeof *out->filled);
		out->filled_by = xmalloc(out->nfilled * sizeof *out->filled_by);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (by[i] != SIZE_MAX) {
				out->filled[k] = i;
				out->filled_by[k++] = by[i];
			}
	}
	by_place_free(&bp);
	free(cstart);
	free(clist);
	free(comp);
	free(by);
	free(tmp);
	free(left);
	return 0;
}

void plan_free(plan_result *r)
{
	if (!r)
		return;
	free(r->filled);
	free(r->filled_by);
	free(r->groups);
	free(r->members);
	free(r->leftover);
	memset(r, 0, sizeof *r);
}
