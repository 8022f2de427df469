/* planner_homes — homes for a component of the joint-branch plan that no single pool holds (a
 * zone or community across streets): exact homes for small components, a local search over
 * classes of identical units for the others. The method and its bounds are described at the top
 * of planner.c. */
#include "core/planner_int.h"

#include <stdlib.h>
#include <string.h>

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

/* Builds the search of a component from its units' records, sorted by planner_rec_cmp on (two,
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
	planner_buckets(pool_of, ne, S->np, &S->astart, &ent);
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
	qsort(lr, nlr, sizeof lr[0], planner_rec_cmp);
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
	planner_buckets(end_pool, 2 * S->nl, S->np, &S->lstart, &S->ladj);
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
void planner_homes(planner *p, const size_t *cu, size_t cn)
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
	qsort(recs, cn, sizeof recs[0], planner_rec_cmp);
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
void planner_exact_homes(planner *p, const size_t *cu, size_t cn)
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
