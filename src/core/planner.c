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
#include "core/planner.h"

#include "util/buf.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define NOPOOL SIZE_MAX
#define NLEVELS 3
#define VAL_TABLE 64
/* Components of at most EXACT_UNITS units that no pool holds are solved exactly (3^n work). */
#define EXACT_UNITS 8
/* Local search: sweeps per descent; the most units of each kind in a link move (besides "all
 * of them"), and of one class in each move of a pair; the component size in classes up to
 * which pairs of moves are tried; the fixed starts; random starts, at most LS_RANDOM_BUDGET /
 * classes and until LS_STALE in a row found nothing better. The work is capped by counting
 * evaluated moves: past LS_BUDGET_PER_UNIT per unit (at least LS_BUDGET_MIN), each further
 * component gets the fixed starts and LS_CHEAP_RANDOM random ones without pairs, and pairs
 * only to polish the best. Only inputs with many mid-sized components across streets (which
 * a territory tree does not produce) reach the cap. */
#define LS_SWEEPS 32
#define LS_KMAX 8
#define LS_PAIR_KMAX 3
#define LS_PAIR_CLASSES 24
#define LS_STARTS 5
#define LS_RANDOM_BUDGET 1024
#define LS_STALE 16
#define LS_BUDGET_PER_UNIT 100u
#define LS_BUDGET_MIN 4000000u
#define LS_CHEAP_RANDOM 8

typedef struct keyed {
	int64_t k;
	size_t e;
} keyed;

/* A sort record: up to four keys, then the eligible-unit number for a total order. */
typedef struct rec {
	size_t k[4];
	size_t e;
} rec;

typedef struct pool {
	plan_level level;
	int64_t key;
	size_t size; /* eligible units in it */
} pool;

/* Identical units of one component: same formal count and same three pools. */
typedef struct cls {
	size_t pool[NLEVELS]; /* its pools, np of them (zone first when there is one) */
	int np;
	int two;
	size_t cnt[NLEVELS];  /* how many of its units are homed at pool[j] */
	size_t first, total;  /* its units are recs[first .. first+total) */
	size_t link[NLEVELS]; /* the links between its pools, nlink of them */
	int nlink;
} cls;

/* What remains of a home pool while groups are carved out of it. */
typedef struct resid {
	int64_t a, b; /* units not yet grouped */
	int64_t n, g; /* coverage and groups still to reach */
} resid;

typedef struct planner {
	const plan_unit *units;
	size_t ne;
	size_t *el;            /* el[e]: caller index of eligible unit e (ascending) */
	unsigned char *two;    /* two[e]: unit e has two formal members */
	size_t *ind;           /* ind[e]: unit e's industry as a dense rank, 0 = unknown */
	size_t nind;           /* ranks 0..nind-1 */
	size_t *icount;        /* scratch: units per industry rank, all zero between uses */
	size_t *pid[NLEVELS];  /* pid[level][e]: pool of unit e at that level, NOPOOL for no zone */
	pool *pools;
	size_t npools;
	size_t *home;          /* home[e]: the pool unit e is planned in */
	int64_t K, m, smin, W; /* W weighs coverage over groups in one scalar */
	int64_t *pa, *pb;      /* scratch per pool: homed two- and one-member units */
	size_t *local;         /* scratch per pool: its index in the current search, or NOPOOL */
	uint64_t evals;        /* moves evaluated by the local search so far */
	uint64_t budget;       /* beyond this many, searches make do with the cheap part */
	int64_t *vtab;         /* opt_val(a, b) for a, b < VAL_TABLE, once a search needs it */
	unsigned char *used;   /* used[e]: unit e is in a group */
	plan_group *groups;
	size_t ngroups;
	size_t *members;       /* eligible-unit numbers while planning */
	size_t nmembers;
} planner;

static int keyed_cmp(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return (a->e > b->e) - (a->e < b->e);
}

static int rec_cmp(const void *x, const void *y)
{
	const rec *a = x, *b = y;
	for (int i = 0; i < 4; i++)
		if (a->k[i] != b->k[i])
			return a->k[i] < b->k[i] ? -1 : 1;
	return (a->e > b->e) - (a->e < b->e);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t unit_key(const planner *p, plan_level level, size_t e)
{
	const plan_unit *u = &p->units[p->el[e]];
	return level == PLAN_ZONE ? u->zone : level == PLAN_COMMUNITY ? u->community : u->street;
}

/* Best coverage and fewest groups for a pool of a two- and b one-member units (see top). */
static void pool_opt(const planner *p, int64_t a, int64_t b, int64_t *cov, int64_t *grp)
{
	int64_t n = a + b, K = p->K, m = p->m;
	*cov = 0;
	*grp = 0;
	if (n < 2 || p->smin > K)
		return;
	int64_t g = (n + K - 1) / K;
	if (g * p->smin <= n && a + n >= g * m) {
		*cov = n;
		*grp = g;
		return;
	}
	int64_t gmax = g - 1;
	if (K < m)
		gmax = min64(gmax, a / min64(K, m - K));
	*cov = gmax * K;
	*grp = gmax;
}

/* A plan's worth as one number: coverage first, then fewer groups. */
static int64_t opt_val(const planner *p, int64_t a, int64_t b)
{
	int64_t cov, grp;
	pool_opt(p, a, b, &cov, &grp);
	return cov * p->W - grp;
}

/* The local search evaluates small pools millions of times: their worths come from a table. */
static int64_t pool_val(const planner *p, size_t pl)
{
	int64_t a = p->pa[pl], b = p->pb[pl];
	if (a < VAL_TABLE && b < VAL_TABLE)
		return p->vtab[a * VAL_TABLE + b];
	return opt_val(p, a, b);
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

/* ---- homes for a component that no single pool holds ---- */

/* Two pools that some classes can be homed in, both. */
typedef struct link {
	size_t a, b;         /* two pools, a < b */
	size_t first, n;     /* the classes of both are lcls[first .. first+n) */
	size_t avail[2][2];  /* [0: at a, 1: at b][two]: units of those classes there */
} link;

/* The local search over one component: its classes, its pools (global ids), for each pool
 * the classes that can be homed there (pool q's are adj[astart[q] .. astart[q+1])), and the
 * links between its pools. */
typedef struct search {
	cls *cl;
	size_t nc;
	size_t *pools;
	size_t np;
	size_t *astart, *adj;
	link *links;         /* pairs of pools that some class can be homed in */
	size_t nl;
	size_t *lcls;
	size_t *lstart, *ladj; /* pool q's links are ladj[lstart[q] .. lstart[q+1]) */
	struct cand *cands;  /* scratch for sweep_hubs, one per link end */
} search;

/* A residue a hub may take from a neighbour pool. */
typedef struct cand {
	size_t link, from;
	size_t da, db; /* two- and one-member units to move */
	int64_t r;
} cand;

static void shift(planner *p, const cls *c, int from, int to, size_t k)
{
	int64_t *arr = c->two ? p->pa : p->pb;
	arr[c->pool[from]] -= (int64_t)k;
	arr[c->pool[to]] += (int64_t)k;
}

static void move_apply(planner *p, search *S, cls *c, int from, int to, size_t k)
{
	c->cnt[from] -= k;
	c->cnt[to] += k;
	shift(p, c, from, to, k);
	for (int i = 0; i < c->nlink; i++) {
		link *L = &S->links[c->link[i]];
		for (int side = 0; side < 2; side++) {
			size_t pl = side ? L->b : L->a;
			if (pl == c->pool[from])
				L->avail[side][c->two] -= k;
			else if (pl == c->pool[to])
				L->avail[side][c->two] += k;
		}
	}
}

/* Gain of moving k units of c from pool[from] to pool[to], given the current counts. */
static int64_t move_gain(planner *p, const cls *c, int from, int to, size_t k)
{
	size_t p1 = c->pool[from], p2 = c->pool[to];
	p->evals++;
	int64_t before = pool_val(p, p1) + pool_val(p, p2);
	shift(p, c, from, to, k);
	int64_t after = pool_val(p, p1) + pool_val(p, p2);
	shift(p, c, to, from, k);
	return after - before;
}

/* The k values tried for moving units of a class out of a pool holding cnt of them:
 * 1..kmax, then all of them. */
static size_t next_k(size_t k, size_t cnt, size_t kmax)
{
	if (k < kmax && k < cnt)
		return k + 1;
	if (k < cnt)
		return cnt;
	return 0;
}

static int pool_index(const cls *c, size_t pl)
{
	for (int j = 0; j < c->np; j++)
		if (c->pool[j] == pl)
			return j;
	return -1;
}

/* The amounts tried for moving units of one kind that number avail: 0..kmax, then all. */
static size_t amounts(size_t avail, size_t kmax, size_t *out)
{
	size_t n = 0;
	for (size_t k = 0; k <= avail && k <= kmax; k++)
		out[n++] = k;
	if (avail > kmax)
		out[n++] = avail;
	return n;
}

/* Moves da two- and db one-member units from pool from to pool to, through the classes of L. */
static void link_move(planner *p, search *S, const link *L, size_t from, size_t to, size_t da,
                      size_t db)
{
	for (size_t x = L->first; x < L->first + L->n && (da || db); x++) {
		cls *c = &S->cl[S->lcls[x]];
		int jf = pool_index(c, from), jt = pool_index(c, to);
		size_t *want = c->two ? &da : &db;
		size_t k = c->cnt[jf] < *want ? c->cnt[jf] : *want;
		if (k) {
			move_apply(p, S, c, jf, jt, k);
			*want -= k;
		}
	}
	assert(da == 0 && db == 0);
}

/* Units at pool from that may move to the link's other pool: avail[1] two-, avail[0]
 * one-member. */
static void link_avail(const link *L, size_t from, size_t avail[2])
{
	int side = from == L->b;
	avail[0] = L->avail[side][0];
	avail[1] = L->avail[side][1];
}

/* One sweep over the links: for each pair of pools and direction, moves da two- and db
 * one-member units, taken from any classes that can live in both, when that gains. The worth
 * depends only on the counts, so this covers every move of up to LS_KMAX units of each kind
 * between two pools, whatever their classes. Returns the gain. */
static int64_t sweep_links(planner *p, search *S)
{
	int64_t gained = 0;
	size_t kmax = (size_t)min64(p->K, LS_KMAX);
	size_t am2[LS_KMAX + 2], am1[LS_KMAX + 2];
	for (size_t l = 0; l < S->nl; l++) {
		const link *L = &S->links[l];
		for (int dir = 0; dir < 2; dir++) {
			size_t from = dir ? L->b : L->a, to = dir ? L->a : L->b;
			size_t avail[2];
			link_avail(L, from, avail);
			size_t n2 = amounts(avail[1], kmax, am2), n1 = amounts(avail[0], kmax, am1);
			int64_t before = pool_val(p, from) + pool_val(p, to), gain = 0;
			size_t da = 0, db = 0;
			for (size_t i = 0; i < n2 && gain <= 0; i++)
				for (size_t j = 0; j < n1 && gain <= 0; j++) {
					da = am2[i];
					db = am1[j];
					if (da + db == 0)
						continue;
					p->evals++;
					p->pa[from] -= (int64_t)da;
					p->pb[from] -= (int64_t)db;
					p->pa[to] += (int64_t)da;
					p->pb[to] += (int64_t)db;
					gain = pool_val(p, from) + pool_val(p, to) - before;
					p->pa[from] += (int64_t)da;
					p->pb[from] += (int64_t)db;
					p->pa[to] -= (int64_t)da;
					p->pb[to] -= (int64_t)db;
				}
			if (gain <= 0)
				continue;
			link_move(p, S, L, from, to, da, db);
			gained += gain;
		}
	}
	return gained;
}

static int cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->r != b->r)
		return a->r < b->r ? -1 : 1;
	return (a->link > b->link) - (a->link < b->link);
}

/* One sweep over the pools as hubs. A neighbour pool whose count is r more than a multiple
 * of K can lose a group by handing r units to the hub; the hub takes the smallest residues
 * first, as many as gain most together. Link moves miss this when every single hand-over is
 * a wash and only the set gains (three streets with residues 4, 4, 2 joined by a park).
 * Returns the gain. */
static int64_t sweep_hubs(planner *p, search *S)
{
	int64_t gained = 0;
	for (size_t q = 0; q < S->np; q++) {
		size_t hub = S->pools[q], nc = 0;
		for (size_t x = S->lstart[q]; x < S->lstart[q + 1]; x++) {
			const link *L = &S->links[S->ladj[x]];
			size_t from = L->a == hub ? L->b : L->a;
			int64_t r = (p->pa[from] + p->pb[from]) % p->K;
			size_t avail[2];
			if (r == 0)
				continue;
			link_avail(L, from, avail);
			size_t db = avail[0] < (size_t)r ? avail[0] : (size_t)r, da = (size_t)r - db;
			if (da > avail[1])
				continue;
			cand *c = &S->cands[nc++];
			c->link = S->ladj[x];
			c->from = from;
			c->da = da;
			c->db = db;
			c->r = r;
		}
		if (nc < 2)
			continue; /* one hand-over is a link move */
		qsort(S->cands, nc, sizeof S->cands[0], cand_cmp);
		int64_t hub_before = pool_val(p, hub), sum = 0, best = 0;
		size_t take = 0;
		for (size_t t = 0; t < nc; t++) {
			const cand *c = &S->cands[t];
			p->evals++;
			int64_t before = pool_val(p, c->from);
			p->pa[c->from] -= (int64_t)c->da;
			p->pb[c->from] -= (int64_t)c->db;
			p->pa[hub] += (int64_t)c->da;
			p->pb[hub] += (int64_t)c->db;
			sum += pool_val(p, c->from) - before;
			int64_t g = sum + pool_val(p, hub) - hub_before;
			if (g > best) {
				best = g;
				take = t + 1;
			}
		}
		for (size_t t = 0; t < nc; t++) {
			const cand *c = &S->cands[t];
			p->pa[c->from] += (int64_t)c->da;
			p->pb[c->from] += (int64_t)c->db;
			p->pa[hub] -= (int64_t)c->da;
			p->pb[hub] -= (int64_t)c->db;
		}
		for (size_t t = 0; t < take; t++) {
			const cand *c = &S->cands[t];
			link_move(p, S, &S->links[c->link], c->from, hub, c->da, c->db);
		}
		gained += best;
	}
	return gained;
}

/* With move 1 applied (gain g1, between pools p1 and p2), looks for a second move of a class
 * d of pool q that touches p1 or p2 and makes the pair gain; applies it and returns the
 * pair's gain, or 0. Moves touching other pools need not be tried: their gain would simply
 * add to g1, and the link sweep has left no gaining move of up to LS_KMAX units. */
static int64_t second_move(planner *p, search *S, size_t q, size_t p1, size_t p2, size_t skip,
                           int64_t g1, size_t kmax)
{
	for (size_t x = S->astart[q]; x < S->astart[q + 1]; x++) {
		cls *d = &S->cl[S->adj[x]];
		int seen = 0; /* classes of both p1 and p2 are tried once, from p1 */
		for (int j = 0; j < d->np; j++)
			seen |= d->pool[j] == skip;
		if (seen)
			continue;
		for (int f = 0; f < d->np; f++)
			for (int t = 0; t < d->np; t++) {
				if (t == f || (d->pool[f] != p1 && d->pool[f] != p2 && d->pool[t] != p1 &&
				               d->pool[t] != p2))
					continue;
				for (size_t k = next_k(0, d->cnt[f], kmax); k; k = next_k(k, d->cnt[f], kmax)) {
					int64_t g2 = move_gain(p, d, f, t, k);
					if (g1 + g2 > 0) {
						move_apply(p, S, d, f, t, k);
						return g1 + g2;
					}
				}
			}
	}
	return 0;
}

/* Looks for two moves that gain together; applies the first pair found. */
static int64_t sweep_pairs(planner *p, search *S)
{
	size_t kmax = (size_t)min64(p->K, LS_PAIR_KMAX);
	for (size_t i = 0; i < S->nc; i++) {
		cls *c = &S->cl[i];
		for (int f = 0; f < c->np; f++)
			for (int t = 0; t < c->np; t++) {
				if (t == f)
					continue;
				for (size_t k = next_k(0, c->cnt[f], kmax); k; k = next_k(k, c->cnt[f], kmax)) {
					size_t p1 = c->pool[f], p2 = c->pool[t];
					int64_t g1 = move_gain(p, c, f, t, k);
					move_apply(p, S, c, f, t, k);
					int64_t g = second_move(p, S, p->local[p1], p1, p2, NOPOOL, g1, kmax);
					if (!g)
						g = second_move(p, S, p->local[p2], p1, p2, p1, g1, kmax);
					if (g)
						return g;
					move_apply(p, S, c, t, f, k);
				}
			}
	}
	return 0;
}

/* Sets the pools' counts from the classes' homes; returns the plan's worth. */
static int64_t load_counts(planner *p, search *S)
{
	for (size_t q = 0; q < S->np; q++)
		p->pa[S->pools[q]] = p->pb[S->pools[q]] = 0;
	for (size_t i = 0; i < S->nc; i++)
		for (int j = 0; j < S->cl[i].np; j++)
			(S->cl[i].two ? p->pa : p->pb)[S->cl[i].pool[j]] += (int64_t)S->cl[i].cnt[j];
	for (size_t l = 0; l < S->nl; l++) {
		link *L = &S->links[l];
		memset(L->avail, 0, sizeof L->avail);
		for (size_t x = L->first; x < L->first + L->n; x++) {
			const cls *c = &S->cl[S->lcls[x]];
			L->avail[0][c->two] += c->cnt[pool_index(c, L->a)];
			L->avail[1][c->two] += c->cnt[pool_index(c, L->b)];
		}
	}
	int64_t val = 0;
	for (size_t q = 0; q < S->np; q++)
		val += pool_val(p, S->pools[q]);
	return val;
}

/* Local search from the current homes: link sweeps, and when pairs is set, a search for a
 * pair of class moves whenever a link sweep gains nothing. Returns the plan's worth. */
static int64_t descend(planner *p, search *S, int64_t val, int64_t bound, int pairs)
{
	for (int s = 0; s < LS_SWEEPS && val < bound; s++) {
		int64_t gain = sweep_links(p, S);
		if (gain == 0)
			gain = sweep_hubs(p, S);
		if (gain == 0 && pairs)
			gain = sweep_pairs(p, S);
		if (gain == 0)
			break;
		val += gain;
	}
	return val;
}

/* The pool a start homes a class in: 0 street, 1 community, 2 zone else community, 3 zone
 * else street, 4 the largest of its pools. */
static int start_pool(const planner *p, const cls *c, int start)
{
	int zone = c->np == 3 ? 0 : -1, comm = c->np - 2, street = c->np - 1;
	switch (start) {
	case 0:
		return street;
	case 1:
		return comm;
	case 2:
		return zone >= 0 ? zone : comm;
	case 3:
		return zone >= 0 ? zone : street;
	default: {
		int best = street;
		for (int j = c->np - 1; j >= 0; j--)
			if (p->pools[c->pool[j]].size > p->pools[c->pool[best]].size)
				best = j;
		return best;
	}
	}
}

/* xorshift64*: the random starts of the local search, seeded from the component. */
static uint64_t next_rand(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (x * 0x2545f4914f6cdd1du) >> 32;
}

/* Counting sort: the items of each of nb buckets, given each item's bucket. start[0..nb]
 * and list[0..nitems) are allocated here. */
static void buckets(const size_t *bucket_of, size_t nitems, size_t nb, size_t **start,
                    size_t **list)
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

/* Builds the search of a component from its units' records, sorted by rec_cmp on (two,
 * zone, community, street): classes, pools, adjacency, links. */
static void search_init(planner *p, search *S, const rec *recs, size_t cn)
{
	S->cl = xmalloc(cn * sizeof *S->cl);
	S->nc = 0;
	S->pools = xmalloc(cn * NLEVELS * sizeof *S->pools);
	S->np = 0;
	for (size_t i = 0; i < cn; i++) {
		if (i > 0 && memcmp(recs[i].k, recs[i - 1].k, sizeof recs[i].k) == 0) {
			S->cl[S->nc - 1].total++;
			continue;
		}
		cls *c = &S->cl[S->nc++];
		memset(c, 0, sizeof *c);
		c->two = (int)recs[i].k[0];
		for (int l = 0; l < NLEVELS; l++)
			if (recs[i].k[1 + l] != NOPOOL) {
				size_t pl = recs[i].k[1 + l];
				c->pool[c->np++] = pl;
				if (p->local[pl] == NOPOOL) {
					p->local[pl] = S->np;
					S->pools[S->np++] = pl;
				}
			}
		c->first = i;
		c->total = 1;
	}

	/* Pool to classes: one entry per (class, pool). */
	size_t ne = 0, *pool_of = xmalloc(S->nc * NLEVELS * sizeof *pool_of);
	size_t *cls_of = xmalloc(S->nc * NLEVELS * sizeof *cls_of);
	for (size_t i = 0; i < S->nc; i++)
		for (int j = 0; j < S->cl[i].np; j++) {
			pool_of[ne] = p->local[S->cl[i].pool[j]];
			cls_of[ne++] = i;
		}
	size_t *ent;
	buckets(pool_of, ne, S->np, &S->astart, &ent);
	S->adj = xmalloc((ne ? ne : 1) * sizeof *S->adj);
	for (size_t x = 0; x < ne; x++)
		S->adj[x] = cls_of[ent[x]];
	free(ent);
	free(cls_of);
	free(pool_of);

	/* Links: one record per (pair of a class's pools, class), grouped by the pair. */
	rec *lr = xmalloc(S->nc * NLEVELS * sizeof *lr);
	size_t nlr = 0;
	for (size_t i = 0; i < S->nc; i++)
		for (int j = 0; j < S->cl[i].np; j++)
			for (int k = j + 1; k < S->cl[i].np; k++) {
				size_t x = S->cl[i].pool[j], y = S->cl[i].pool[k];
				lr[nlr].k[0] = x < y ? x : y;
				lr[nlr].k[1] = x < y ? y : x;
				lr[nlr].k[2] = lr[nlr].k[3] = 0;
				lr[nlr++].e = i;
			}
	qsort(lr, nlr, sizeof lr[0], rec_cmp);
	S->links = xmalloc((nlr ? nlr : 1) * sizeof *S->links);
	S->lcls = xmalloc((nlr ? nlr : 1) * sizeof *S->lcls);
	S->nl = 0;
	for (size_t i = 0; i < nlr; i++) {
		if (i == 0 || lr[i].k[0] != lr[i - 1].k[0] || lr[i].k[1] != lr[i - 1].k[1]) {
			link *L = &S->links[S->nl++];
			memset(L, 0, sizeof *L);
			L->a = lr[i].k[0];
			L->b = lr[i].k[1];
			L->first = i;
		}
		S->lcls[i] = lr[i].e;
		S->links[S->nl - 1].n++;
		cls *c = &S->cl[lr[i].e];
		c->link[c->nlink++] = S->nl - 1;
	}
	free(lr);

	/* Pool to links: both ends of each link. */
	size_t *end_pool = xmalloc((2 * S->nl + 1) * sizeof *end_pool);
	for (size_t l = 0; l < S->nl; l++) {
		end_pool[2 * l] = p->local[S->links[l].a];
		end_pool[2 * l + 1] = p->local[S->links[l].b];
	}
	buckets(end_pool, 2 * S->nl, S->np, &S->lstart, &S->ladj);
	for (size_t x = 0; x < 2 * S->nl; x++)
		S->ladj[x] /= 2; /* link end to link */
	free(end_pool);
	S->cands = xmalloc((S->nl + 1) * sizeof *S->cands);
}

/* Frees the search and leaves the planner's per-pool scratch clean for the next one. */
static void search_free(planner *p, search *S)
{
	for (size_t q = 0; q < S->np; q++) {
		p->pa[S->pools[q]] = p->pb[S->pools[q]] = 0;
		p->local[S->pools[q]] = NOPOOL;
	}
	free(S->cl);
	free(S->pools);
	free(S->astart);
	free(S->adj);
	free(S->links);
	free(S->lcls);
	free(S->lstart);
	free(S->ladj);
	free(S->cands);
}

/* Homes for a component no pool holds: classes of identical units, then local search from
 * LS_STARTS fixed starts and random ones (until LS_STALE of them in a row find nothing
 * better), then pairs of moves on the best plan found. */
static void plan_homes(planner *p, const size_t *cu, size_t cn)
{
	rec *recs = xmalloc(cn * sizeof *recs);
	for (size_t i = 0; i < cn; i++) {
		size_t e = cu[i];
		recs[i].k[0] = p->two[e];
		recs[i].k[1] = p->pid[PLAN_ZONE][e];
		recs[i].k[2] = p->pid[PLAN_COMMUNITY][e];
		recs[i].k[3] = p->pid[PLAN_STREET][e];
		recs[i].e = e;
	}
	qsort(recs, cn, sizeof recs[0], rec_cmp);
	if (!p->vtab) {
		p->vtab = xmalloc(VAL_TABLE * VAL_TABLE * sizeof *p->vtab);
		for (int64_t a = 0; a < VAL_TABLE; a++)
			for (int64_t b = 0; b < VAL_TABLE; b++)
				p->vtab[a * VAL_TABLE + b] = opt_val(p, a, b);
	}
	search S;
	search_init(p, &S, recs, cn);

	/* No plan beats one pool holding the whole component: reaching that ends the search. */
	int64_t ta = 0;
	for (size_t i = 0; i < S.nc; i++)
		ta += S.cl[i].two ? (int64_t)S.cl[i].total : 0;
	int64_t bound = opt_val(p, ta, (int64_t)cn - ta);

	size_t *best = xmalloc(S.nc * NLEVELS * sizeof *best);
	int64_t bestval = 0;
	size_t starts = LS_STARTS + LS_RANDOM_BUDGET / S.nc;
	uint64_t seed = ((uint64_t)p->pools[S.pools[0]].key * 0x9e3779b97f4a7c15u) | 1; /* never 0 */
	size_t stale = 0; /* random starts in a row that found nothing better */
	int pairs = S.nc <= LS_PAIR_CLASSES, full = 1;
	for (size_t start = 0; start < starts && stale < LS_STALE && !(start > 0 && bestval == bound);
	     start++) {
		if (p->evals >= p->budget) {
			/* Out of budget: a few starts without pairs, then the polish. */
			if (start >= LS_STARTS + LS_CHEAP_RANDOM)
				break;
			full = 0;
		}
		for (size_t i = 0; i < S.nc; i++) {
			cls *c = &S.cl[i];
			memset(c->cnt, 0, sizeof c->cnt);
			if (start < LS_STARTS) {
				c->cnt[start_pool(p, c, (int)start)] = c->total;
			} else {
				for (size_t k = 0; k < c->total; k++)
					c->cnt[next_rand(&seed) % (uint64_t)c->np]++;
			}
		}
		int64_t val = descend(p, &S, load_counts(p, &S), bound, pairs && full);
		if (start >= LS_STARTS)
			stale++;
		if (start == 0 || val > bestval) {
			stale = 0;
			bestval = val;
			for (size_t i = 0; i < S.nc; i++)
				memcpy(&best[i * NLEVELS], S.cl[i].cnt, sizeof S.cl[i].cnt);
		}
	}
	if (pairs && bestval < bound) {
		for (size_t i = 0; i < S.nc; i++)
			memcpy(S.cl[i].cnt, &best[i * NLEVELS], sizeof S.cl[i].cnt);
		int64_t val = descend(p, &S, load_counts(p, &S), bound, 1);
		assert(val >= bestval);
		for (size_t i = 0; i < S.nc; i++)
			memcpy(&best[i * NLEVELS], S.cl[i].cnt, sizeof S.cl[i].cnt);
	}

	for (size_t i = 0; i < S.nc; i++) {
		const cls *c = &S.cl[i];
		size_t r = c->first;
		for (int j = 0; j < c->np; j++)
			for (size_t k = 0; k < best[i * NLEVELS + (size_t)j]; k++)
				p->home[recs[r++].e] = c->pool[j];
		assert(r == c->first + c->total);
	}
	free(best);
	search_free(p, &S);
	free(recs);
}

/* Homes for a component of at most EXACT_UNITS units, exactly: the best partition of its
 * units into valid groups by dynamic programming over subsets (f[mask] is the best plan of
 * the units in mask: its lowest unit is left over or in a valid group inside mask), then
 * every group is homed at the tightest pool its members share. */
static void exact_homes(planner *p, const size_t *cu, size_t cn)
{
	unsigned char valid[1 << EXACT_UNITS];
	int64_t f[1 << EXACT_UNITS];
	unsigned take[1 << EXACT_UNITS]; /* the group of the lowest unit, 0 when it is left over */
	unsigned full = 1u << cn;
	assert(cn <= EXACT_UNITS);
	valid[0] = 0;
	for (unsigned g = 1; g < full; g++) {
		int64_t cnt = 0, formal = 0;
		int share[NLEVELS] = {1, 1, 1};
		size_t first = NOPOOL;
		for (size_t i = 0; i < cn; i++) {
			if (!(g >> i & 1))
				continue;
			cnt++;
			formal += p->two[cu[i]] ? 2 : 1;
			if (first == NOPOOL) {
				first = cu[i];
				continue;
			}
			for (int l = 0; l < NLEVELS; l++)
				share[l] = share[l] && p->pid[l][cu[i]] == p->pid[l][first];
		}
		share[PLAN_ZONE] = share[PLAN_ZONE] && p->pid[PLAN_ZONE][first] != NOPOOL;
		valid[g] = cnt >= 2 && cnt <= p->K && formal >= p->m &&
		           (share[PLAN_ZONE] || share[PLAN_COMMUNITY] || share[PLAN_STREET]);
	}
	f[0] = 0;
	for (unsigned mask = 1; mask < full; mask++) {
		unsigned low = mask & -mask, rest = mask ^ low;
		int64_t best = f[rest];
		unsigned bt = 0;
		for (unsigned sub = rest;; sub = (sub - 1) & rest) {
			unsigned g = sub | low;
			if (valid[g]) {
				int64_t v = f[mask ^ g] + (int64_t)__builtin_popcount(g) * p->W - 1;
				if (v > best) {
					best = v;
					bt = g;
				}
			}
			if (sub == 0)
				break;
		}
		f[mask] = best;
		take[mask] = bt;
	}
	for (unsigned mask = full - 1; mask;) {
		unsigned low = mask & -mask, g = take[mask];
		if (!g) {
			size_t e = cu[__builtin_ctz(low)];
			p->home[e] = p->pid[PLAN_STREET][e];
			mask ^= low;
			continue;
		}
		size_t e0 = cu[__builtin_ctz(low)], home = NOPOOL;
		for (int l = 0; l < NLEVELS && home == NOPOOL; l++) {
			size_t pl = p->pid[l][e0];
			int all = pl != NOPOOL;
			for (size_t i = 0; i < cn && all; i++)
				all = !(g >> i & 1) || p->pid[l][cu[i]] == pl;
			if (all)
				home = pl;
		}
		assert(home != NOPOOL);
		for (size_t i = 0; i < cn; i++)
			if (g >> i & 1)
				p->home[cu[i]] = home;
		mask ^= g;
	}
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
	qsort(tw, nt, sizeof tw[0], rec_cmp);
	qsort(on, no, sizeof on[0], rec_cmp);
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
	buckets(parent, ne, ne, &start, &byc);
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
			exact_homes(p, cu, cn);
		} else {
			plan_homes(p, cu, cn);
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
	buckets(p->home, p->ne, p->npools, &start, &hs);
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

int plan_joint(const plan_unit *units, size_t n, int max_units, int min_formal, plan_result *out)
{
	return plan_core(units, n, max_units, min_formal, out);
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

/* Plans the units of component c that have not joined a branch (the others are copied as
 * ineligible): coverage and groups. skip, when < n, is also left out. */
static void plan_rest(const plan_unit *units, size_t n, const size_t *comp, const size_t *by, size_t c, size_t skip,
                      int K, int m, plan_unit *tmp, size_t *cov, size_t *grp, unsigned char *left)
{
	for (size_t i = 0; i < n; i++) {
		tmp[i] = units[i];
		if (comp[i] != c || by[i] != SIZE_MAX || i == skip)
			tmp[i].formal = 0;
	}
	plan_result r;
	plan_core(tmp, n, K, m, &r);
	*cov = r.nmembers;
	*grp = r.ngroups;
	if (left) {
		for (size_t i = 0; i < n; i++)
			left[i] = 0;
		for (size_t i = 0; i < r.nleftover; i++)
			left[r.leftover[i]] = 1;
	}
	plan_free(&r);
}

int plan_joint_fill(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
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
	for (size_t i = 0; i < n; i++)
		by[i] = SIZE_MAX;
	for (size_t b = 0; b < nb; b++) {
		int room = branches[b].room;
		for (int pass = 0; pass < 2 && room > 0; pass++)
			for (size_t i = 0; i < n && room > 0; i++) {
				if (comp[i] == SIZE_MAX || by[i] != SIZE_MAX ||
				    unit_at(&units[i], branches[b].level) != branches[b].where || branches[b].where <= 0)
					continue;
				/* The rest of the component as it stands (units that joined a branch are out of it):
				 * grouped and groups, with and without unit i. */
				size_t cov, grp, cov2, grp2;
				plan_rest(units, n, comp, by, comp[i], SIZE_MAX, max_units, min_formal, tmp, &cov, &grp,
					  left);
				if (pass == 0 && !left[i])
					continue; /* leftovers first */
				plan_rest(units, n, comp, by, comp[i], i, max_units, min_formal, tmp, &cov2, &grp2, NULL);
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
