/* planner — joint branches (联合党支部) for units with 1–2 formal members.
 *
 * The arithmetic of one pool. Let a pool hold x units with two formal members and y with one,
 * n = x + y, and let K = max_units, m = min_formal, s_min = max(2, ceil(m/2)) (a smaller group
 * cannot reach m even with all two-member units). The n units can be split into exactly g
 * valid groups if and only if
 *     g·s_min <= n <= g·K   and   x + n >= g·m.
 * Necessity is plain (a group of s units with t two-member units has s + t formal). For
 * sufficiency give the groups balanced sizes; a group of size s needs max(0, m - s) two-member
 * units, and with balanced sizes the total need is max(0, g·m - n) <= x. Fewer groups only
 * ease both conditions, so the fewest groups for n units is ceil(n/K), and for a pool of
 * a two- and b one-member units (pool_opt):
 *   - everything is covered when the condition holds for n = a + b, g = ceil(n/K);
 *   - otherwise the best is g' full groups of K units (leaving out one-member units first),
 *     g' = min(ceil(n/K) - 1, floor(a / min(K, m - K))), the second bound only when K < m.
 * So a pool's best (coverage, groups) is O(1) arithmetic on its two counts.
 *
 * The hierarchy. A pool is a zone, a community or a street. Units linked by sharing any pool
 * form a component; components are planned independently. When one pool holds the whole
 * component (the normal case: zones inside one street), every valid group is a subset of that
 * pool, so the pool's arithmetic *is* the optimum, exactly. Otherwise (a zone or community
 * across streets) each unit is given a home pool and the plan is the sum of the home pools'
 * arithmetic; the homes are chosen by local search over classes of identical units (several
 * starting points, moves of k units of a class between two of its pools, and for small
 * components pairs of such moves). This part is a heuristic.
 *
 * Tighter levels first. Within a home pool, with its optimum (N, G) fixed, groups are carved
 * out of each zone, then each community, one at a time, as large as possible, and only when
 * what remains of the home pool can still reach the remaining coverage with the remaining
 * groups (the condition above again). What remains is then split into balanced groups. The
 * preference for zones never costs coverage or groups: a zone's leftover unit joins a
 * community or street group because the residual check keeps room for it. Each group reports
 * the tightest pool its members share.
 *
 * Cost: three sorts to number the pools, union-find, O(1) per pool evaluation, sorts within
 * each home pool: O(n log n). The local search is bounded by a fixed number of sweeps. */
#include "core/planner.h"

#include "util/buf.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define NOPOOL SIZE_MAX
#define NLEVELS 3
#define VAL_TABLE 64
/* Local search limits: full sweeps over all moves, the largest k tried for a k-unit move
 * (besides "all of them"), and the component size (in classes) up to which pairs of moves
 * are tried. */
#define LS_SWEEPS 32
#define LS_KMAX 8
#define LS_PAIR_CLASSES 24
#define LS_PAIR_KMAX 3
#define LS_STARTS 5
#ifndef EXACT_UNITS
#define EXACT_UNITS 8
#endif
#ifndef LS_RANDOM_BUDGET
#define LS_RANDOM_BUDGET 1024
#endif
#ifndef LS_STALE
#define LS_STALE 1000000
#endif
#ifndef LS_PAIRS_ALL
#define LS_PAIRS_ALL 1
#endif

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
	size_t *pid[NLEVELS];  /* pid[level][e]: pool of unit e at that level, NOPOOL for no zone */
	pool *pools;
	size_t npools;
	size_t *home;          /* home[e]: the pool unit e is planned in */
	int64_t K, m, smin, W; /* W weighs coverage over groups in one scalar */
	int64_t *pa, *pb;      /* scratch per pool: homed two- and one-member units */
	size_t *local;         /* scratch per pool: its index in the current search, or NOPOOL */
	uint64_t evals;        /* moves evaluated by the local search so far */
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

/* The local search over one component: its classes, its pools (global ids), and for each
 * pool the classes that can be homed there (pool q's are adj[astart[q] .. astart[q+1])). */
typedef struct search {
	cls *cl;
	size_t nc;
	size_t *pools;
	size_t np;
	size_t *astart, *adj;
} search;

static void shift(planner *p, const cls *c, int from, int to, size_t k)
{
	int64_t *arr = c->two ? p->pa : p->pb;
	arr[c->pool[from]] -= (int64_t)k;
	arr[c->pool[to]] += (int64_t)k;
}

static void move_apply(planner *p, cls *c, int from, int to, size_t k)
{
	c->cnt[from] -= k;
	c->cnt[to] += k;
	shift(p, c, from, to, k);
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

/* One sweep of single moves, applying every improving one. Returns the gain. */
static int64_t sweep_single(planner *p, search *S)
{
	int64_t gained = 0;
	size_t kmax = (size_t)min64(p->K, LS_KMAX);
	for (size_t i = 0; i < S->nc; i++) {
		cls *c = &S->cl[i];
		for (int from = 0; from < c->np; from++)
			for (int to = 0; to < c->np; to++) {
				if (to == from)
					continue;
				for (size_t k = next_k(0, c->cnt[from], kmax); k; k = next_k(k, c->cnt[from], kmax)) {
					int64_t gain = move_gain(p, c, from, to, k);
					if (gain > 0) {
						move_apply(p, c, from, to, k);
						gained += gain;
						break;
					}
				}
			}
	}
	return gained;
}

/* With move 1 applied (gain g1, between pools p1 and p2), looks for a second move of a class
 * d of pool q that touches p1 or p2 and makes the pair gain; applies it and returns the
 * pair's gain, or 0. Moves touching other pools need not be tried: their gain would simply
 * add to g1, and no single move gains. */
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
						move_apply(p, d, f, t, k);
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
					move_apply(p, c, f, t, k);
					int64_t g = second_move(p, S, p->local[p1], p1, p2, NOPOOL, g1, kmax);
					if (!g)
						g = second_move(p, S, p->local[p2], p1, p2, p1, g1, kmax);
					if (g)
						return g;
					move_apply(p, c, t, f, k);
				}
			}
	}
	return 0;
}

/* Sets the pools' counts from the classes' homes; returns the plan's worth. */
static int64_t load_counts(planner *p, const search *S)
{
	for (size_t q = 0; q < S->np; q++)
		p->pa[S->pools[q]] = p->pb[S->pools[q]] = 0;
	for (size_t i = 0; i < S->nc; i++)
		for (int j = 0; j < S->cl[i].np; j++)
			(S->cl[i].two ? p->pa : p->pb)[S->cl[i].pool[j]] += (int64_t)S->cl[i].cnt[j];
	int64_t val = 0;
	for (size_t q = 0; q < S->np; q++)
		val += pool_val(p, S->pools[q]);
	return val;
}

/* Local search from the current homes: sweeps of single moves, and when pairs is set, a
 * search for a pair of moves whenever no single move gains. Returns the plan's worth. */
static int64_t descend(planner *p, search *S, int64_t val, int64_t bound, int pairs)
{
	for (int s = 0; s < LS_SWEEPS && val < bound; s++) {
		int64_t gain = sweep_single(p, S);
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
	S.cl = xmalloc(cn * sizeof *S.cl);
	S.nc = 0;
	S.pools = xmalloc(cn * NLEVELS * sizeof *S.pools);
	S.np = 0;
	for (size_t i = 0; i < cn; i++) {
		if (i > 0 && memcmp(recs[i].k, recs[i - 1].k, sizeof recs[i].k) == 0) {
			S.cl[S.nc - 1].total++;
			continue;
		}
		cls *c = &S.cl[S.nc++];
		memset(c, 0, sizeof *c);
		c->two = (int)recs[i].k[0];
		for (int l = 0; l < NLEVELS; l++)
			if (recs[i].k[1 + l] != NOPOOL) {
				size_t pl = recs[i].k[1 + l];
				c->pool[c->np++] = pl;
				if (p->local[pl] == NOPOOL) {
					p->local[pl] = S.np;
					S.pools[S.np++] = pl;
				}
			}
		c->first = i;
		c->total = 1;
	}
	S.astart = xcalloc(S.np + 1, sizeof *S.astart);
	S.adj = xmalloc(S.nc * NLEVELS * sizeof *S.adj);
	for (size_t i = 0; i < S.nc; i++)
		for (int j = 0; j < S.cl[i].np; j++)
			S.astart[p->local[S.cl[i].pool[j]] + 1]++;
	for (size_t q = 0; q < S.np; q++)
		S.astart[q + 1] += S.astart[q];
	size_t *fill = xmalloc((S.np + 1) * sizeof *fill);
	memcpy(fill, S.astart, (S.np + 1) * sizeof *fill);
	for (size_t i = 0; i < S.nc; i++)
		for (int j = 0; j < S.cl[i].np; j++)
			S.adj[fill[p->local[S.cl[i].pool[j]]]++] = i;
	free(fill);

	/* No plan beats one pool holding the whole component: reaching that ends the search. */
	int64_t ta = 0;
	for (size_t i = 0; i < S.nc; i++)
		ta += S.cl[i].two ? (int64_t)S.cl[i].total : 0;
	int64_t bound = opt_val(p, ta, (int64_t)cn - ta);

	size_t *best = xmalloc(S.nc * NLEVELS * sizeof *best);
	int64_t bestval = 0;
	size_t starts = LS_STARTS + LS_RANDOM_BUDGET / S.nc;
	uint64_t seed = 0x2545f4914f6cdd1du ^ cu[0];
	size_t stale = 0; /* random starts in a row that found nothing better */
	int pairs = S.nc <= LS_PAIR_CLASSES;
	for (size_t start = 0; start < starts && stale < LS_STALE && !(start > 0 && bestval == bound);
	     start++) {
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
		int64_t val = descend(p, &S, load_counts(p, &S), bound, pairs && LS_PAIRS_ALL);
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
	for (size_t q = 0; q < S.np; q++) {
		p->pa[S.pools[q]] = p->pb[S.pools[q]] = 0;
		p->local[S.pools[q]] = NOPOOL;
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
	free(S.astart);
	free(S.adj);
	free(S.pools);
	free(S.cl);
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

/* Carves groups out of one block (units of one zone or community inside a home pool), each
 * as large as possible while the rest of the home pool can still reach its target. */
static void carve(planner *p, const keyed *blk, size_t nb, resid *r, size_t *scratch)
{
	int64_t a = 0, b = 0;
	for (size_t i = 0; i < nb; i++) {
		if (p->two[blk[i].e])
			a++;
		else
			b++;
	}
	size_t ca = 0, cb = 0; /* cursors to the next two- and one-member unit of the block */
	for (;;) {
		int64_t s = min64(p->K, a + b), t = 0;
		for (; s >= p->smin; s--) {
			t = max64(0, max64(p->m - s, s - b));
			if (t <= a && resid_ok(p, r->a - t, r->b - (s - t), r->n - s, r->g - 1))
				break;
		}
		if (s < p->smin)
			return;
		size_t k = 0;
		for (int64_t i = 0; i < t; i++) {
			while (!p->two[blk[ca].e])
				ca++;
			scratch[k++] = blk[ca++].e;
		}
		for (int64_t i = 0; i < s - t; i++) {
			while (p->two[blk[cb].e])
				cb++;
			scratch[k++] = blk[cb++].e;
		}
		emit_group(p, scratch, k);
		a -= t;
		b -= s - t;
		r->a -= t;
		r->b -= s - t;
		r->n -= s;
		r->g--;
	}
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
 * taken in (community, zone) order so that a group tends to stay in one place. */
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
	size_t ct = 0, co = 0;
	for (int64_t i = 0; i < r->g; i++) {
		int64_t s = base + (i < extra);
		int64_t t = max64(0, p->m - s);
		int64_t more = min64(spare, s - t);
		t += more;
		spare -= more;
		size_t k = 0;
		for (int64_t j = 0; j < t; j++)
			scratch[k++] = tw[ct++].e;
		for (int64_t j = t; j < s; j++)
			scratch[k++] = on[co++].e;
		emit_group(p, scratch, k);
	}
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

static int eligible(const plan_unit *u)
{
	return u->formal == 1 || u->formal == 2;
}

int plan_joint(const plan_unit *units, size_t n, int max_units, int min_formal, plan_result *out)
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
	p->el = xmalloc(ne * sizeof *p->el);
	p->two = xmalloc(ne);
	for (size_t i = 0, e = 0; i < n; i++)
		if (eligible(&units[i])) {
			p->two[e] = units[i].formal == 2;
			p->el[e++] = i;
		}
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

	/* Bucket the units by component. A root is its component's lowest unit, so components
	 * come in order of their lowest unit; after the counting pass parent[e] is e's root, and
	 * after the placing pass end[r] is where component r ends. */
	size_t *end = xcalloc(ne + 1, sizeof *end);
	size_t *byc = xmalloc(ne * sizeof *byc);
	for (size_t e = 0; e < ne; e++)
		end[uf_find(parent, e) + 1]++;
	for (size_t e = 0; e < ne; e++)
		end[e + 1] += end[e];
	for (size_t e = 0; e < ne; e++)
		byc[end[parent[e]]++] = e;
	for (size_t i = 0; i < ne;) {
		size_t r = parent[byc[i]];
		size_t j = end[r];
		const size_t *cu = byc + i;
		size_t cn = j - i;
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
		i = j;
	}
	free(byc);
	free(end);
	free(parent);

	/* Plan each home pool. */
	size_t *hstart = xcalloc(p->npools + 1, sizeof *hstart);
	size_t *hs = xmalloc(ne * sizeof *hs);
	for (size_t e = 0; e < ne; e++)
		hstart[p->home[e] + 1]++;
	for (size_t q = 0; q < p->npools; q++)
		hstart[q + 1] += hstart[q];
	size_t *fill = xmalloc((p->npools + 1) * sizeof *fill);
	memcpy(fill, hstart, (p->npools + 1) * sizeof *fill);
	for (size_t e = 0; e < ne; e++)
		hs[fill[p->home[e]]++] = e;
	free(fill);
	size_t *scratch = xmalloc(ne * sizeof *scratch);
	for (size_t q = 0; q < p->npools; q++)
		if (hstart[q + 1] > hstart[q])
			plan_pool(p, q, hs + hstart[q], hstart[q + 1] - hstart[q], kv, scratch);
	free(scratch);
	free(hs);
	free(hstart);
	free(kv);

	fill_result(p, out);
#ifdef PLANNER_STATS
	PLANNER_STATS = p->evals;
#endif

	free(p->el);
	free(p->two);
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

void plan_free(plan_result *r)
{
	if (!r)
		return;
	free(r->groups);
	free(r->members);
	free(r->leftover);
	memset(r, 0, sizeof *r);
}
