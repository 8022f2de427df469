/* planner_bench — times plan_joint on 100,000 units against the cost of merely sorting them.
 *
 * Scenario "district": 120 streets of 8 communities; 30% of the units sit in a zone, most
 * zones inside one street (spanning its communities), some industrial parks across two or
 * three neighbouring streets, which makes components that no single pool holds (the local
 * search path). Scenario "scrambled": street, community and zone drawn independently (1,500
 * streets, 12,000 communities, 3,000 zones), which no real district looks like; it is there
 * to show the cost of the local search when almost nothing is nested.
 *
 * The baseline is qsort of the same units by (street, community, zone): planning needs at
 * least that much work, so planner/sort says how far from the floor the planner is. Each is
 * timed as the best of RUNS runs.
 *
 * Quality at this size cannot be checked exhaustively; the bench prints a bound instead: no
 * plan does better than putting each component (units linked by shared pools) in a single
 * pool, whose best is plain arithmetic (bound_pool, an independent copy of the rule in
 * planner.c). */
#include "core/planner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N 100000
#define RUNS 5

static uint64_t rng = 42;

static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int64_t below(int64_t n)
{
	return (int64_t)(rnd() % (uint64_t)n);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void gen_district(plan_unit *u)
{
	for (int i = 0; i < N; i++) {
		int64_t s = 1 + below(120);
		u[i].id = i + 1;
		u[i].formal = below(100) < 35 ? 2 : 1;
		u[i].street = s;
		u[i].community = s * 100 + 1 + below(8);
		u[i].zone = 0;
		/* 20 industries, spread without drawing from the generator (the places stay as before). */
		u[i].industry = 1 + (int64_t)i * 7919 % 20;
		if (below(100) < 30) {
			/* One zoned unit in ten is in one of 40 parks spanning streets 3k+1..3k+3. */
			if (below(10) == 0)
				u[i].zone = 900000 + (s - 1) / 3;
			else
				u[i].zone = s * 100 + 50 + below(6);
		}
	}
}

static void gen_scrambled(plan_unit *u)
{
	for (int i = 0; i < N; i++) {
		u[i].id = i + 1;
		u[i].formal = below(100) < 35 ? 2 : 1;
		u[i].street = 1 + below(1500);
		u[i].community = 1 + below(12000);
		u[i].zone = below(100) < 30 ? 1 + below(3000) : 0;
		u[i].industry = 0;
	}
}

static int unit_cmp(const void *x, const void *y)
{
	const plan_unit *a = x, *b = y;
	if (a->street != b->street)
		return a->street < b->street ? -1 : 1;
	if (a->community != b->community)
		return a->community < b->community ? -1 : 1;
	if (a->zone != b->zone)
		return a->zone < b->zone ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Best (coverage, groups) for one pool of a two- and b one-member units, max 5, min 3 formal:
 * all of them in ceil(n/5) groups when each group can reach 3 (needs n >= 2 and a + n >= 3g),
 * else full groups of 5 (a one-member unit alone in a group of 5 gets 5 >= 3). */
static void bound_pool(long a, long b, long *cov, long *groups)
{
	long n = a + b, g = (n + 4) / 5;
	if (n == 0) {
		*cov = *groups = 0;
	} else if (n >= 2 && 2 * g <= n && a + n >= 3 * g) {
		*cov = n;
		*groups = g;
	} else {
		*cov = (g - 1) * 5;
		*groups = g - 1;
	}
}

static size_t find(size_t *parent, size_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

typedef struct keyrec {
	int64_t k;
	size_t i;
} keyrec;

static int keyrec_cmp(const void *x, const void *y)
{
	const keyrec *a = x, *b = y;
	if (a->k != b->k)
		return a->k < b->k ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* The bound: components by union-find over shared streets, communities and zones. */
static void bound(const plan_unit *u, long *cov, long *groups)
{
	size_t *parent = malloc(N * sizeof *parent);
	keyrec *kr = malloc(N * sizeof *kr);
	long *a = calloc(N, sizeof *a), *b = calloc(N, sizeof *b);
	if (!parent || !kr || !a || !b)
		abort();
	for (size_t i = 0; i < N; i++)
		parent[i] = i;
	for (int level = 0; level < 3; level++) {
		size_t nk = 0;
		for (size_t i = 0; i < N; i++) {
			int64_t k = level == 0 ? u[i].street : level == 1 ? u[i].community : u[i].zone;
			if (level == 2 && k == 0)
				continue;
			kr[nk].k = k;
			kr[nk++].i = i;
		}
		qsort(kr, nk, sizeof kr[0], keyrec_cmp);
		for (size_t j = 1; j < nk; j++)
			if (kr[j].k == kr[j - 1].k)
				parent[find(parent, kr[j].i)] = find(parent, kr[j - 1].i);
	}
	for (size_t i = 0; i < N; i++) {
		if (u[i].formal == 2)
			a[find(parent, i)]++;
		else if (u[i].formal == 1)
			b[find(parent, i)]++;
	}
	*cov = *groups = 0;
	for (size_t i = 0; i < N; i++) {
		long c, g;
		bound_pool(a[i], b[i], &c, &g);
		*cov += c;
		*groups += g;
	}
	free(parent);
	free(kr);
	free(a);
	free(b);
}

static int run(const char *name, const plan_unit *u)
{
	plan_unit *copy = malloc(N * sizeof *copy);
	if (!copy)
		return 1;
	double tsort = 1e9, tplan = 1e9;
	for (int r = 0; r < RUNS; r++) {
		memcpy(copy, u, N * sizeof *copy);
		double t0 = now();
		qsort(copy, N, sizeof *copy, unit_cmp);
		double t1 = now();
		if (t1 - t0 < tsort)
			tsort = t1 - t0;
	}
	free(copy);

	plan_result res;
	for (int r = 0; r < RUNS; r++) {
		double t0 = now();
		if (plan_joint(u, N, 5, 3, &res) != 0) {
			fprintf(stderr, "plan_joint failed\n");
			return 1;
		}
		double t1 = now();
		if (t1 - t0 < tplan)
			tplan = t1 - t0;
		if (r < RUNS - 1)
			plan_free(&res);
	}
	size_t eligible = res.nmembers + res.nleftover;
	size_t at[3] = {0, 0, 0}, sizes[6] = {0};
	for (size_t g = 0; g < res.ngroups; g++) {
		at[res.groups[g].level] += res.groups[g].n;
		sizes[res.groups[g].n <= 5 ? res.groups[g].n : 0]++;
	}
	printf("%s: %d units, %zu with 1-2 formal members\n", name, N, eligible);
	printf("  plan: %.1f ms, %zu groups covering %zu units (%.2f%%), %zu left over\n", tplan * 1e3,
	       res.ngroups, res.nmembers, 100.0 * (double)res.nmembers / (double)eligible,
	       res.nleftover);
	long bcov, bgroups;
	bound(u, &bcov, &bgroups);
	printf("  bound (each component as one pool): %ld covered in %ld groups\n", bcov, bgroups);
	printf("  units in zone / community / street groups: %zu / %zu / %zu\n", at[PLAN_ZONE],
	       at[PLAN_COMMUNITY], at[PLAN_STREET]);
	printf("  groups of 2 / 3 / 4 / 5 units: %zu / %zu / %zu / %zu\n", sizes[2], sizes[3], sizes[4],
	       sizes[5]);
	printf("  sort by (street, community, zone): %.1f ms; planner/sort = %.1f\n", tsort * 1e3,
	       tplan / tsort);
	plan_free(&res);
	return 0;
}

int main(void)
{
	plan_unit *u = malloc(N * sizeof *u);
	if (!u)
		return 1;
	gen_district(u);
	int rc = run("district (120 streets x 8 communities, 30% in zones, 40 parks across streets)", u);
	gen_scrambled(u);
	rc |= run("scrambled (street, community, zone independent)", u);
	free(u);
	return rc;
}
