/* planner_int — what the joint-branch planner's two files share (planner.c, planner_homes.c):
 * its limits, its records, the pool arithmetic (described at the top of planner.c). Not for use
 * outside them; everyone else uses planner.h. */
#ifndef FGDJ_PLANNER_INT_H
#define FGDJ_PLANNER_INT_H

#include <assert.h>
#include <stdint.h>

#include "core/planner.h"
#include "util/buf.h"

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

static inline int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static inline int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Best coverage and fewest groups for a pool of a two- and b one-member units (see top). */
static inline void pool_opt(const planner *p, int64_t a, int64_t b, int64_t *cov, int64_t *grp)
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
static inline int64_t opt_val(const planner *p, int64_t a, int64_t b)
{
	int64_t cov, grp;
	pool_opt(p, a, b, &cov, &grp);
	return cov * p->W - grp;
}

/* The local search evaluates small pools millions of times: their worths come from a table. */
static inline int64_t pool_val(const planner *p, size_t pl)
{
	int64_t a = p->pa[pl], b = p->pb[pl];
	if (a < VAL_TABLE && b < VAL_TABLE)
		return p->vtab[a * VAL_TABLE + b];
	return opt_val(p, a, b);
}

/* Orders records by their four keys, then by unit number (a total order). */
int planner_rec_cmp(const void *x, const void *y);
/* Counting sort: the items of each of nb buckets, given each item's bucket. start[0..nb] and
 * list[0..nitems) are allocated here. */
void planner_buckets(const size_t *bucket_of, size_t nitems, size_t nb, size_t **start, size_t **list);
/* Homes for the cn units cu of a component that no pool holds: exact (at most EXACT_UNITS
 * units) or by the local search. */
void planner_exact_homes(planner *p, const size_t *cu, size_t cn);
void planner_homes(planner *p, const size_t *cu, size_t cn);

#endif
