/* Tests for core/planner: joint branches for units with 1–2 formal members.
 *
 * Every plan is checked for validity (check_plan). Quality is measured against an exhaustive
 * optimum (brute_opt: dynamic programming over subsets with the same rules) on thousands of
 * small random instances from three generators, and against an independent count-based DP
 * for single pools far larger than the exhaustive search can handle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/planner.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

/* splitmix64: fixed seed, so every run sees the same instances. */
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int rnd_below(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static int is_eligible(const plan_unit *u)
{
	return u->formal == 1 || u->formal == 2;
}

/* Asserts that r is a valid plan of u[0..n) and returns the number of units covered. */
static size_t check_plan(const plan_unit *u, size_t n, int max_units, int min_formal,
                         const plan_result *r)
{
	unsigned char *seen = calloc(n ? n : 1, 1);
	assert_non_null(seen);
	size_t k = 0;
	for (size_t g = 0; g < r->ngroups; g++) {
		const plan_group *gr = &r->groups[g];
		assert_int_equal(gr->first, k);
		assert_true(gr->n >= 2 && gr->n <= (size_t)max_units);
		assert_true(gr->first + gr->n <= r->nmembers);
		int formal = 0;
		for (size_t i = gr->first; i < gr->first + gr->n; i++) {
			size_t x = r->members[i];
			assert_true(x < n);
			assert_true(is_eligible(&u[x]));
			assert_false(seen[x]);
			seen[x] = 1;
			formal += u[x].formal;
			switch (gr->level) {
			case PLAN_ZONE:
				assert_true(gr->where != 0);
				assert_true(u[x].zone == gr->where);
				break;
			case PLAN_COMMUNITY:
				assert_true(u[x].community == gr->where);
				break;
			case PLAN_STREET:
				assert_true(u[x].street == gr->where);
				break;
			default:
				fail();
			}
		}
		assert_int_equal(formal, gr->formal);
		assert_true(formal >= min_formal);
		k += gr->n;
	}
	assert_int_equal(k, r->nmembers);
	for (size_t i = 0; i < r->nleftover; i++) {
		size_t x = r->leftover[i];
		assert_true(x < n);
		assert_true(is_eligible(&u[x]));
		assert_false(seen[x]);
		seen[x] = 1;
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(seen[i], is_eligible(&u[i]));
	free(seen);
	return r->nmembers;
}

static void assert_same_plan(const plan_result *a, const plan_result *b)
{
	assert_int_equal(a->ngroups, b->ngroups);
	assert_int_equal(a->nmembers, b->nmembers);
	assert_int_equal(a->nleftover, b->nleftover);
	for (size_t g = 0; g < a->ngroups; g++) {
		assert_int_equal(a->groups[g].level, b->groups[g].level);
		assert_int_equal(a->groups[g].where, b->groups[g].where);
		assert_int_equal(a->groups[g].first, b->groups[g].first);
		assert_int_equal(a->groups[g].n, b->groups[g].n);
		assert_int_equal(a->groups[g].formal, b->groups[g].formal);
	}
	if (a->nmembers)
		assert_memory_equal(a->members, b->members, a->nmembers * sizeof(size_t));
	if (a->nleftover)
		assert_memory_equal(a->leftover, b->leftover, a->nleftover * sizeof(size_t));
}

/* Plans, checks validity and determinism, and returns coverage and group count. */
static void plan_checked(const plan_unit *u, size_t n, int max_units, int min_formal,
                         size_t *cov, size_t *groups)
{
	plan_result r, again;
	assert_int_equal(plan_joint(u, n, max_units, min_formal, &r), 0);
	*cov = check_plan(u, n, max_units, min_formal, &r);
	*groups = r.ngroups;
	assert_int_equal(plan_joint(u, n, max_units, min_formal, &again), 0);
	assert_same_plan(&r, &again);
	plan_free(&again);
	plan_free(&r);
}

/* ---- the exhaustive optimum ---- */

#define BRUTE_MAX 12

typedef struct best {
	int cov, groups;
} best;

static int better(best a, best b)
{
	return a.cov > b.cov || (a.cov == b.cov && a.groups < b.groups);
}

/* Max coverage, then fewest groups, over every partition of u[0..n) (n <= BRUTE_MAX, all
 * eligible) into valid groups and leftovers. A group is valid when it has 2..max_units
 * units, min_formal formal members, and its units share a zone (not 0), a community or a
 * street. f[mask] is the best plan of the units in mask; the lowest unit of mask is either
 * left over or in some valid group inside mask. */
static best brute_opt(const plan_unit *u, int n, int max_units, int min_formal)
{
	static unsigned char valid[1 << BRUTE_MAX];
	static best f[1 << BRUTE_MAX];
	int full = 1 << n;
	for (int g = 1; g < full; g++) {
		int cnt = 0, formal = 0, first = -1;
		int zone = 1, comm = 1, street = 1;
		for (int i = 0; i < n; i++) {
			if (!(g >> i & 1))
				continue;
			cnt++;
			formal += u[i].formal;
			if (first < 0) {
				first = i;
				zone = u[i].zone != 0;
				continue;
			}
			zone = zone && u[i].zone == u[first].zone;
			comm = comm && u[i].community == u[first].community;
			street = street && u[i].street == u[first].street;
		}
		valid[g] = cnt >= 2 && cnt <= max_units && formal >= min_formal && (zone || comm || street);
	}
	f[0].cov = f[0].groups = 0;
	for (int mask = 1; mask < full; mask++) {
		int low = mask & -mask, rest = mask ^ low;
		best b = f[rest];
		for (int sub = rest;; sub = (sub - 1) & rest) {
			int g = sub | low;
			if (valid[g]) {
				best c = f[mask ^ g];
				c.cov += __builtin_popcount((unsigned)g);
				c.groups++;
				if (better(c, b))
					b = c;
			}
			if (sub == 0)
				break;
		}
		f[mask] = b;
	}
	return f[full - 1];
}

/* ---- random instances ---- */

typedef enum gen { GEN_NESTED, GEN_TERRITORY, GEN_INDEPENDENT, NGEN } gen;

static const char *const gen_name[NGEN] = {
	"nested (zones inside a street)",
	"territorial (zones across streets)",
	"independent (all three ids random)",
};

/* Small id ranges so that pools overlap. NESTED: communities and zones inside a street, as
 * in a real district; TERRITORY: communities inside streets, zones anywhere; INDEPENDENT:
 * street, community and zone drawn independently (communities across streets, too). */
static void gen_units(gen kind, plan_unit *u, int n)
{
	int streets = 1 + rnd_below(3), comms = 1 + rnd_below(3), zones = 1 + rnd_below(3);
	int zoned = rnd_below(101); /* percent of units in a zone */
	int twos = 20 + rnd_below(61);
	for (int i = 0; i < n; i++) {
		int s = 1 + rnd_below(streets);
		u[i].id = 1000 + i;
		u[i].formal = rnd_below(100) < twos ? 2 : 1;
		u[i].street = s;
		u[i].zone = 0;
		switch (kind) {
		case GEN_NESTED:
			u[i].community = s * 10 + 1 + rnd_below(comms);
			if (rnd_below(100) < zoned)
				u[i].zone = s * 10 + 1 + rnd_below(zones);
			break;
		case GEN_TERRITORY:
			u[i].community = s * 10 + 1 + rnd_below(comms);
			if (rnd_below(100) < zoned)
				u[i].zone = 1 + rnd_below(zones);
			break;
		default:
			u[i].community = 1 + rnd_below(comms + 1);
			if (rnd_below(100) < zoned)
				u[i].zone = 1 + rnd_below(zones);
			break;
		}
	}
}

/* The size of the largest component of u (units linked by a shared pool) that lies in no
 * single pool, 0 if none. Such components are not covered by the planner's exact pool
 * arithmetic: up to 8 units (EXACT_UNITS in planner.c) it solves them by exhaustive dynamic
 * programming, beyond that by local search, which is what these figures measure. */
static int cross_cutting(const plan_unit *u, int n)
{
	int comp[BRUTE_MAX];
	for (int i = 0; i < n; i++)
		comp[i] = i;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (comp[j] < comp[i] &&
				    ((u[i].zone != 0 && u[i].zone == u[j].zone) ||
				     u[i].community == u[j].community || u[i].street == u[j].street)) {
					comp[i] = comp[j];
					changed = 1;
				}
	}
	int largest = 0;
	for (int i = 0; i < n; i++) {
		int z = u[i].zone != 0, c = 1, s = 1, size = 0;
		for (int j = 0; j < n; j++) {
			if (comp[j] != comp[i])
				continue;
			size++;
			z = z && u[j].zone == u[i].zone;
			c = c && u[j].community == u[i].community;
			s = s && u[j].street == u[i].street;
		}
		if (!z && !c && !s && size > largest)
			largest = size;
	}
	return largest;
}

typedef struct tally {
	int instances, cross, searched, cov_opt, both_opt;
	int searched_cov_opt, searched_both_opt;
	long cov, opt, extra_groups;
} tally;

/* Plans count random instances of nmin..nmax units and compares with the exhaustive optimum. */
static tally run_batch(gen kind, int count, int nmin, int nmax)
{
	tally t;
	memset(&t, 0, sizeof t);
	for (int it = 0; it < count; it++) {
		plan_unit u[BRUTE_MAX];
		int n = nmin + rnd_below(nmax - nmin + 1);
		int max_units = 3 + rnd_below(3);
		int min_formal = it % 5 == 0 ? 2 : it % 5 == 1 ? 4 : 3;
		gen_units(kind, u, n);
		size_t cov, groups;
		plan_checked(u, (size_t)n, max_units, min_formal, &cov, &groups);
		best o = brute_opt(u, n, max_units, min_formal);
		assert_true((int)cov <= o.cov);
		t.instances++;
		int cross = cross_cutting(u, n), searched = cross > 8;
		t.cross += cross > 0;
		t.searched += searched;
		if ((int)cov == o.cov) {
			t.cov_opt++;
			t.searched_cov_opt += searched;
			assert_true((int)groups >= o.groups);
			if ((int)groups == o.groups) {
				t.both_opt++;
				t.searched_both_opt += searched;
			} else {
				t.extra_groups += (long)groups - o.groups;
			}
		}
		t.cov += (long)cov;
		t.opt += o.cov;
	}
	printf("planner vs exhaustive, %s, %d..%d units: %d instances (%d with a component no pool "
	       "holds, %d of them over 8 units): coverage optimal %.2f%%, coverage and groups optimal "
	       "%.2f%%, units covered %ld of %ld (%.3f%%), extra groups %ld\n",
	       gen_name[kind], nmin, nmax, t.instances, t.cross, t.searched,
	       100.0 * t.cov_opt / t.instances, 100.0 * t.both_opt / t.instances, t.cov, t.opt,
	       t.opt ? 100.0 * (double)t.cov / (double)t.opt : 100.0, t.extra_groups);
	return t;
}

static void test_optimality_random(void **state)
{
	(void)state;
	long cov = 0, opt = 0;
	int instances = 0, cov_opt = 0, both_opt = 0, searched = 0, s_cov_opt = 0, s_both_opt = 0;
	for (int kind = 0; kind < NGEN; kind++) {
		tally small = run_batch((gen)kind, 1000, 1, 10);
		tally large = run_batch((gen)kind, 300, 11, BRUTE_MAX);
		if (kind == GEN_NESTED) {
			/* One pool holds each component: the pool arithmetic is exact. */
			assert_int_equal(small.cross + large.cross, 0);
			assert_int_equal(small.both_opt, small.instances);
			assert_int_equal(large.both_opt, large.instances);
		}
		cov += small.cov + large.cov;
		opt += small.opt + large.opt;
		instances += small.instances + large.instances;
		cov_opt += small.cov_opt + large.cov_opt;
		both_opt += small.both_opt + large.both_opt;
		searched += small.searched + large.searched;
		s_cov_opt += small.searched_cov_opt + large.searched_cov_opt;
		s_both_opt += small.searched_both_opt + large.searched_both_opt;
	}
	printf("planner vs exhaustive, all: %d instances, coverage optimal %.2f%%, coverage and "
	       "groups optimal %.2f%%, units covered %.3f%% of the optimum\n",
	       instances, 100.0 * cov_opt / instances, 100.0 * both_opt / instances,
	       100.0 * (double)cov / (double)opt);
	printf("planner vs exhaustive, the %d instances that need the local search (a component no "
	       "pool holds, over 8 units): coverage optimal %.2f%%, coverage and groups optimal "
	       "%.2f%%\n",
	       searched, searched ? 100.0 * s_cov_opt / searched : 100.0,
	       searched ? 100.0 * s_both_opt / searched : 100.0);
	assert_true((double)cov >= 0.99 * (double)opt);
}

/* ---- single pools, larger than exhaustive search allows ---- */

#define POOL_MAX 30

/* Best (coverage, groups) for up to a two- and b one-member units in one pool, by DP over the
 * counts and every group shape (t two-, o one-member units): independent of the planner's
 * closed form. */
static best count_opt(int a, int b, int max_units, int min_formal)
{
	static best f[POOL_MAX + 1][POOL_MAX + 1];
	for (int x = 0; x <= a; x++)
		for (int y = 0; y <= b; y++) {
			best v = {0, 0};
			if (x > 0 && better(f[x - 1][y], v))
				v = f[x - 1][y];
			if (y > 0 && better(f[x][y - 1], v))
				v = f[x][y - 1];
			for (int t = 0; t <= x; t++)
				for (int o = 0; o <= y && t + o <= max_units; o++) {
					if (t + o < 2 || 2 * t + o < min_formal)
						continue;
					best c = f[x - t][y - o];
					c.cov += t + o;
					c.groups++;
					if (better(c, v))
						v = c;
				}
			f[x][y] = v;
		}
	return f[a][b];
}

static void test_single_pool_arithmetic(void **state)
{
	(void)state;
	plan_unit u[2 * POOL_MAX];
	int cases = 0;
	for (int max_units = 2; max_units <= 6; max_units++)
		for (int min_formal = 2; min_formal <= 9; min_formal++)
			for (int a = 0; a <= POOL_MAX; a += 1 + (a >= 12) * 5)
				for (int b = 0; b <= POOL_MAX; b += 1 + (b >= 12) * 5) {
					for (int i = 0; i < a + b; i++) {
						u[i].id = i;
						u[i].formal = i < a ? 2 : 1;
						u[i].zone = 0;
						u[i].community = 1 + i % 3; /* one street, three communities */
						u[i].street = 7;
					}
					size_t cov, groups;
					plan_checked(u, (size_t)(a + b), max_units, min_formal, &cov, &groups);
					best o = count_opt(a, b, max_units, min_formal);
					assert_int_equal(cov, o.cov);
					assert_int_equal(groups, o.groups);
					cases++;
				}
	printf("single pools: %d (a, b, max_units, min_formal) cases equal to the count DP\n", cases);
}

/* ---- hand-made cases ---- */

static plan_unit unit(int64_t id, int formal, int64_t zone, int64_t community, int64_t street)
{
	plan_unit u = {id, formal, zone, community, street, 0};
	return u;
}

static void test_zone_leftover_joins_community(void **state)
{
	(void)state;
	/* Zone 5 alone could take {2,1}, leaving the other one-member unit of the community
	 * alone; the optimum is one community group of all three. */
	plan_unit u[] = {
		unit(1, 2, 5, 11, 1),
		unit(2, 1, 5, 11, 1),
		unit(3, 1, 0, 11, 1),
	};
	plan_result r;
	assert_int_equal(plan_joint(u, 3, 5, 3, &r), 0);
	assert_int_equal(check_plan(u, 3, 5, 3, &r), 3);
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.groups[0].level, PLAN_COMMUNITY);
	assert_int_equal(r.groups[0].where, 11);
	plan_free(&r);

	/* With at most 3 units a zone group {2,1,1} is formed first and the zone's last unit
	 * joins the community's other unit. */
	plan_unit v[] = {
		unit(1, 2, 5, 11, 1),
		unit(2, 2, 5, 11, 1),
		unit(3, 1, 5, 11, 1),
		unit(4, 1, 5, 11, 1),
		unit(5, 1, 0, 11, 1),
	};
	assert_int_equal(plan_joint(v, 5, 3, 3, &r), 0);
	assert_int_equal(check_plan(v, 5, 3, 3, &r), 5);
	assert_int_equal(r.ngroups, 2);
	assert_int_equal(r.groups[0].level, PLAN_ZONE);
	assert_int_equal(r.groups[0].n, 3);
	assert_int_equal(r.groups[1].level, PLAN_COMMUNITY);
	assert_int_equal(r.groups[1].n, 2);
	plan_free(&r);
}

static void test_tighter_levels_first(void **state)
{
	(void)state;
	/* Six one-member units of zone 9 (alternately in communities 11 and 12) and two more
	 * units of street 1: 8 units, 2 groups at best. The zone gives a group of five; its
	 * sixth unit cannot make a community group without leaving the last unit alone, so the
	 * three go together at street level. */
	plan_unit u[8];
	for (int i = 0; i < 6; i++)
		u[i] = unit(i, 1, 9, 11 + i % 2, 1);
	u[6] = unit(6, 1, 0, 11, 1);
	u[7] = unit(7, 2, 0, 12, 1);
	plan_result r;
	assert_int_equal(plan_joint(u, 8, 5, 3, &r), 0);
	assert_int_equal(check_plan(u, 8, 5, 3, &r), 8);
	assert_int_equal(r.ngroups, 2);
	assert_int_equal(r.groups[0].level, PLAN_ZONE);
	assert_int_equal(r.groups[0].n, 5);
	assert_int_equal(r.groups[1].level, PLAN_STREET);
	assert_int_equal(r.groups[1].n, 3);
	plan_free(&r);

	/* Twelve two-member units of one community, at most 5 a group: 3 groups (5, 4, 3 or
	 * balanced 4, 4, 4), all at community level. */
	plan_unit v[12];
	for (int i = 0; i < 12; i++)
		v[i] = unit(i, 2, 0, 21, 2);
	assert_int_equal(plan_joint(v, 12, 5, 3, &r), 0);
	assert_int_equal(check_plan(v, 12, 5, 3, &r), 12);
	assert_int_equal(r.ngroups, 3);
	for (size_t g = 0; g < r.ngroups; g++)
		assert_int_equal(r.groups[g].level, PLAN_COMMUNITY);
	plan_free(&r);
}

static void test_zone_across_streets(void **state)
{
	(void)state;
	/* Streets 1 and 2 have two one-member units each; zone 4 spans both streets and holds
	 * three of them: the only group is the zone's. */
	plan_unit u[] = {
		unit(1, 1, 4, 11, 1),
		unit(2, 1, 0, 11, 1),
		unit(3, 1, 4, 21, 2),
		unit(4, 1, 4, 22, 2),
	};
	plan_result r;
	assert_int_equal(plan_joint(u, 4, 5, 3, &r), 0);
	assert_int_equal(check_plan(u, 4, 5, 3, &r), 3);
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.groups[0].level, PLAN_ZONE);
	assert_int_equal(r.groups[0].where, 4);
	assert_int_equal(r.nleftover, 1);
	assert_int_equal(r.leftover[0], 1);
	plan_free(&r);
}

static void test_alone_in_street(void **state)
{
	(void)state;
	/* Two-member units each alone in its street (and one zone each): no partner anywhere. */
	plan_unit u[6];
	for (int i = 0; i < 6; i++)
		u[i] = unit(i, 2, i % 2 ? 100 + i : 0, 10 + i, 1 + i);
	plan_result r;
	assert_int_equal(plan_joint(u, 6, 5, 3, &r), 0);
	assert_int_equal(check_plan(u, 6, 5, 3, &r), 0);
	assert_int_equal(r.ngroups, 0);
	assert_int_equal(r.nleftover, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(r.leftover[i], i);
	plan_free(&r);
}

static void test_empty_and_ineligible(void **state)
{
	(void)state;
	plan_result r;
	assert_int_equal(plan_joint(NULL, 0, 5, 3, &r), 0);
	assert_int_equal(r.ngroups, 0);
	assert_int_equal(r.nmembers, 0);
	assert_int_equal(r.nleftover, 0);
	plan_free(&r);

	/* Units with 0 or 3+ formal members are not the planner's business, even without a
	 * community; only the two one-member units are, and they cannot reach 3. */
	plan_unit u[] = {
		unit(1, 0, 0, 0, 0),
		unit(2, 3, 0, 11, 1),
		unit(3, 1, 0, 11, 1),
		unit(4, 7, 0, 11, 1),
		unit(5, 1, 0, 11, 1),
		unit(6, -1, 0, 11, 1),
	};
	assert_int_equal(plan_joint(u, 6, 5, 3, &r), 0);
	assert_int_equal(check_plan(u, 6, 5, 3, &r), 0);
	assert_int_equal(r.nleftover, 2);
	assert_int_equal(r.leftover[0], 2);
	assert_int_equal(r.leftover[1], 4);
	plan_free(&r);

	/* min_formal beyond what max_units two-member units can hold: nothing can be grouped. */
	plan_unit v[] = {unit(1, 2, 0, 11, 1), unit(2, 2, 0, 11, 1), unit(3, 2, 0, 11, 1)};
	assert_int_equal(plan_joint(v, 3, 2, 5, &r), 0);
	assert_int_equal(check_plan(v, 3, 2, 5, &r), 0);
	plan_free(&r);
	assert_int_equal(plan_joint(v, 3, 3, 5, &r), 0);
	assert_int_equal(check_plan(v, 3, 3, 5, &r), 3);
	plan_free(&r);
}

static void test_parameter_errors(void **state)
{
	(void)state;
	plan_unit u[] = {unit(1, 2, 0, 11, 1), unit(2, 1, 0, 11, 1)};
	plan_result r;
	assert_int_equal(plan_joint(u, 2, 1, 3, &r), -1);
	assert_null(r.groups);
	assert_int_equal(r.ngroups, 0);
	plan_free(&r);
	assert_int_equal(plan_joint(u, 2, 0, 3, &r), -1);
	assert_int_equal(plan_joint(u, 2, -5, 3, &r), -1);
	assert_int_equal(plan_joint(u, 2, 5, 1, &r), -1);
	assert_int_equal(plan_joint(u, 2, 5, 0, &r), -1);
	assert_int_equal(plan_joint(u, 2, 5, 3, NULL), -1);
	assert_int_equal(plan_joint(NULL, 2, 5, 3, &r), -1);
	plan_unit nocomm[] = {unit(1, 2, 0, 11, 1), unit(2, 1, 3, 0, 1)};
	assert_int_equal(plan_joint(nocomm, 2, 5, 3, &r), -1);
	plan_unit nostreet[] = {unit(1, 2, 0, 11, -1), unit(2, 1, 0, 11, 1)};
	assert_int_equal(plan_joint(nostreet, 2, 5, 3, &r), -1);
	assert_null(r.members);
	assert_null(r.leftover);
	plan_free(&r);
	plan_free(NULL);
	/* The smallest legal parameters work. */
	assert_int_equal(plan_joint(u, 2, 2, 2, &r), 0);
	assert_int_equal(check_plan(u, 2, 2, 2, &r), 2);
	plan_free(&r);
}

/* District-sized random plans: valid, deterministic, and independent of the order of the
 * input apart from indexes (a reversed input covers as many units with as many groups).
 * The first input has zones across neighbouring streets, so components are large; the second
 * is thousands of small components across streets, enough to exhaust the search budget. */
static void test_large_random(void **state)
{
	(void)state;
	enum { N = 20000 };
	plan_unit *u = calloc(N, sizeof *u), *rev = calloc(N, sizeof *rev);
	assert_non_null(u);
	assert_non_null(rev);
	for (int kind = 0; kind < 2; kind++) {
		for (int i = 0; i < N; i++) {
			u[i].id = i;
			u[i].formal = rnd_below(20) == 0 ? 3 : 1 + (rnd_below(100) < 35);
			u[i].zone = 0;
			if (kind == 0) {
				int s = 1 + rnd_below(40);
				u[i].street = s;
				u[i].community = s * 100 + 1 + rnd_below(8);
				/* Zones mostly inside a street; one in six spans neighbouring streets. */
				if (rnd_below(100) < 30) {
					int z = rnd_below(6);
					u[i].zone = z == 0 ? 10000 + (s + rnd_below(2)) / 2 : s * 100 + z;
				}
			} else {
				int b = i / 12;
				u[i].street = 1 + b * 3 + rnd_below(3);
				u[i].community = 1 + b * 4 + rnd_below(4);
				if (rnd_below(2))
					u[i].zone = 1 + b * 3 + rnd_below(3);
			}
		}
		for (int i = 0; i < N; i++)
			rev[i] = u[N - 1 - i];
		size_t cov, groups, cov2, groups2;
		plan_checked(u, N, 5, 3, &cov, &groups);
		plan_checked(rev, N, 5, 3, &cov2, &groups2);
		assert_int_equal(cov, cov2);
		assert_int_equal(groups, groups2);
		printf("%d random units (%s): %zu covered in %zu groups\n", N,
		       kind == 0 ? "40 streets" : "small components across streets", cov, groups);
	}
	free(u);
	free(rev);
}

/* ---- industries ---- */

static plan_unit unit_ind(int64_t id, int formal, int64_t community, int64_t industry)
{
	plan_unit u = {id, formal, 0, community, 1, industry};
	return u;
}

/* The members of group g as a bit mask of caller indexes. */
static unsigned group_mask(const plan_result *r, size_t g)
{
	unsigned m = 0;
	for (size_t i = r->groups[g].first; i < r->groups[g].first + r->groups[g].n; i++)
		m |= 1u << r->members[i];
	return m;
}

static void test_industry_kept_together(void **state)
{
	(void)state;
	/* One community: three one-member units of industry 7 (0, 2, 4), and of industry 9 a
	 * two-member (1) and a one-member unit (3); at most 3 units, 3 formal members a branch.
	 * The arithmetic needs a group of three one-member units and a pair holding the
	 * two-member unit; the units of 7 fill the first, those of 9 the pair. In index order
	 * alone the first group would be {0, 2, 3}, mixing the two. */
	plan_unit u[] = {
		unit_ind(0, 1, 11, 7), unit_ind(1, 2, 11, 9), unit_ind(2, 1, 11, 7),
		unit_ind(3, 1, 11, 9), unit_ind(4, 1, 11, 7),
	};
	plan_result r;
	assert_int_equal(plan_joint(u, 5, 3, 3, &r), 0);
	assert_int_equal(check_plan(u, 5, 3, 3, &r), 5);
	assert_int_equal(r.ngroups, 2);
	unsigned a = group_mask(&r, 0), b = group_mask(&r, 1);
	assert_true((a == 0x15 && b == 0x0a) || (a == 0x0a && b == 0x15));
	plan_free(&r);

	/* Without industries the same counts, in index order: {0, 2, 3} and {1, 4}. */
	for (int i = 0; i < 5; i++)
		u[i].industry = 0;
	assert_int_equal(plan_joint(u, 5, 3, 3, &r), 0);
	assert_int_equal(check_plan(u, 5, 3, 3, &r), 5);
	assert_int_equal(r.ngroups, 2);
	a = group_mask(&r, 0);
	b = group_mask(&r, 1);
	assert_true((a == 0x0d && b == 0x12) || (a == 0x12 && b == 0x0d));
	plan_free(&r);
}

static void test_industry_never_costs_coverage(void **state)
{
	(void)state;
	/* At most 2 units and 3 formal members: every pair needs a two-member unit, and both are
	 * of industry 9 while the one-member units are of 7. Keeping industries together would
	 * cover nothing; the plan mixes them and covers all four in two branches. */
	plan_unit u[] = {
		unit_ind(0, 1, 11, 7), unit_ind(1, 1, 11, 7), unit_ind(2, 2, 11, 9), unit_ind(3, 2, 11, 9),
	};
	plan_result r;
	assert_int_equal(plan_joint(u, 4, 2, 3, &r), 0);
	assert_int_equal(check_plan(u, 4, 2, 3, &r), 4);
	assert_int_equal(r.ngroups, 2);
	for (size_t g = 0; g < 2; g++) {
		unsigned m = group_mask(&r, g);
		assert_true(m & 0x3);
		assert_true(m & 0xc);
	}
	plan_free(&r);

	/* Random districts: with industries the plan covers exactly as many units in exactly as
	 * many branches as without, and most branches are of one industry when that is free. */
	enum { N = 3000 };
	plan_unit *v = calloc(N, sizeof *v);
	assert_non_null(v);
	size_t pure = 0, groups_total = 0;
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < N; i++) {
			int st = 1 + rnd_below(6);
			v[i] = (plan_unit){i, 1 + (rnd_below(100) < 35), rnd_below(3) ? 0 : st * 10 + rnd_below(3),
					   st * 100 + rnd_below(5), st, 1 + rnd_below(4)};
		}
		size_t cov, groups;
		plan_result r1, r0;
		assert_int_equal(plan_joint(v, N, 5, 3, &r1), 0);
		cov = check_plan(v, N, 5, 3, &r1);
		groups = r1.ngroups;
		for (size_t g = 0; g < r1.ngroups; g++) {
			int one = 1;
			for (size_t i = r1.groups[g].first + 1; i < r1.groups[g].first + r1.groups[g].n; i++)
				one = one && v[r1.members[i]].industry == v[r1.members[r1.groups[g].first]].industry;
			pure += one;
		}
		groups_total += r1.ngroups;
		for (int i = 0; i < N; i++)
			v[i].industry = 0;
		assert_int_equal(plan_joint(v, N, 5, 3, &r0), 0);
		assert_int_equal(check_plan(v, N, 5, 3, &r0), cov);
		assert_int_equal(r0.ngroups, groups);
		plan_free(&r1);
		plan_free(&r0);
	}
	printf("branches of one industry: %zu of %zu\n", pure, groups_total);
	assert_true(pure * 2 > groups_total);
	free(v);
}

/* ---- filling existing branches ---- */

/* Validity of a fill plan: check_plan on the rest, every filled unit eligible, of its branch's
 * place, in no group or leftover, and no branch over its room. Returns covered + filled. */
static size_t check_fill(const plan_unit *u, size_t n, const plan_branch *br, size_t nb, int K, int m,
                         const plan_result *r)
{
	plan_unit *rest = malloc(n * sizeof *rest);
	assert_non_null(rest);
	memcpy(rest, u, n * sizeof *rest);
	int *used = calloc(nb, sizeof *used);
	assert_non_null(used);
	for (size_t i = 0; i < r->nfilled; i++) {
		size_t x = r->filled[i], b = r->filled_by[i];
		assert_true(x < n && b < nb);
		assert_true(is_eligible(&u[x]));
		int64_t at = br[b].level == PLAN_ZONE ? u[x].zone : br[b].level == PLAN_COMMUNITY ? u[x].community : u[x].street;
		assert_true(at == br[b].where);
		used[b]++;
		rest[x].formal = 0; /* no longer eligible for the rest */
	}
	for (size_t b = 0; b < nb; b++)
		assert_true(used[b] <= br[b].room);
	size_t cov = check_plan(rest, n, K, m, r);
	free(rest);
	free(used);
	return cov + r->nfilled;
}

static void test_fill_existing(void **state)
{
	(void)state;
	plan_result r;
	/* A unit alone in its community joins a branch of the community with room… */
	plan_unit one[] = {unit(0, 1, 0, 11, 1)};
	plan_branch b11 = {500, 1, PLAN_COMMUNITY, 11};
	assert_int_equal(plan_joint_fill(one, 1, &b11, 1, 5, 3, &r), 0);
	assert_int_equal(check_fill(one, 1, &b11, 1, 5, 3, &r), 1);
	assert_int_equal(r.nfilled, 1);
	assert_int_equal(r.filled_by[0], 0);
	assert_int_equal(r.nleftover, 0);
	plan_free(&r);
	/* …not one without room, nor one of another community (it stays a leftover)… */
	plan_branch full = {500, 0, PLAN_COMMUNITY, 11}, other = {501, 3, PLAN_COMMUNITY, 12};
	assert_int_equal(plan_joint_fill(one, 1, &full, 1, 5, 3, &r), 0);
	assert_int_equal(r.nfilled, 0);
	assert_int_equal(r.nleftover, 1);
	plan_free(&r);
	assert_int_equal(plan_joint_fill(one, 1, &other, 1, 5, 3, &r), 0);
	assert_int_equal(r.nfilled, 0);
	assert_int_equal(r.nleftover, 1);
	plan_free(&r);
	/* …but one of its street does (a branch whose units share only the street). */
	plan_branch street = {502, 2, PLAN_STREET, 1};
	assert_int_equal(plan_joint_fill(one, 1, &street, 1, 5, 3, &r), 0);
	assert_int_equal(r.nfilled, 1);
	plan_free(&r);

	/* Six one-member units of one community: two new branches (3 + 3) without an existing one.
	 * Room for one: it joins and the other five make one new branch. Room for 2 or 3: they
	 * join, one new branch of the rest. Room for 4: a fourth would leave two units with two
	 * formal members, too few for a branch — coverage is never given up, so three join. */
	plan_unit six[6];
	for (int i = 0; i < 6; i++)
		six[i] = unit(i, 1, 0, 11, 1);
	assert_int_equal(plan_joint(six, 6, 5, 3, &r), 0);
	assert_int_equal(r.ngroups, 2);
	plan_free(&r);
	static const struct {
		int room;
		size_t filled, groups;
	} WANT[] = {{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 3, 1}};
	for (size_t k = 0; k < sizeof WANT / sizeof WANT[0]; k++) {
		plan_branch b = {500, WANT[k].room, PLAN_COMMUNITY, 11};
		assert_int_equal(plan_joint_fill(six, 6, &b, 1, 5, 3, &r), 0);
		assert_int_equal(check_fill(six, 6, &b, 1, 5, 3, &r), 6);
		assert_int_equal(r.nfilled, WANT[k].filled);
		assert_int_equal(r.ngroups, WANT[k].groups);
		plan_free(&r);
	}

	/* A two- and a one-member unit make a new branch together; either joining the existing
	 * one would leave the other alone, so neither does. */
	plan_unit pair[] = {unit(0, 2, 0, 11, 1), unit(1, 1, 0, 11, 1)};
	plan_branch b1 = {500, 1, PLAN_COMMUNITY, 11};
	assert_int_equal(plan_joint_fill(pair, 2, &b1, 1, 5, 3, &r), 0);
	assert_int_equal(check_fill(pair, 2, &b1, 1, 5, 3, &r), 2);
	assert_int_equal(r.nfilled, 0);
	assert_int_equal(r.ngroups, 1);
	plan_free(&r);

	/* Each branch takes what its street has: street 1's three units make a new branch and
	 * its branch takes none of them (that would leave two); street 2's lone unit, a leftover,
	 * joins street 2's branch. */
	plan_unit mix[] = {unit(0, 1, 0, 11, 1), unit(1, 1, 0, 11, 1), unit(2, 1, 0, 11, 1), unit(3, 1, 0, 12, 2)};
	plan_branch two[] = {{500, 1, PLAN_STREET, 1}, {501, 1, PLAN_STREET, 2}};
	assert_int_equal(plan_joint_fill(mix, 4, two, 2, 5, 3, &r), 0);
	assert_int_equal(check_fill(mix, 4, two, 2, 5, 3, &r), 4);
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.nfilled, 1);
	assert_int_equal(r.filled[0], 3);
	assert_int_equal(r.filled_by[0], 1);
	plan_free(&r);

	/* Bad parameters: branches NULL with nb > 0. */
	assert_int_equal(plan_joint_fill(one, 1, NULL, 1, 5, 3, &r), -1);
	assert_int_equal(plan_joint_fill(one, 1, &b11, 1, 1, 3, &r), -1);
}

/* The plan of a set of units does not depend on the order the caller read them in (a database
 * without ORDER BY gives rows in storage order): units and branches shuffled give the same groups,
 * members, leftovers and fillings, named by id, in the same order. */
static void plan_ids(const plan_unit *u, const plan_branch *b, const plan_result *r, char *out, size_t cap)
{
	size_t len = 0;
#define PUT(...) len += (size_t)snprintf(out + len, len < cap ? cap - len : 0, __VA_ARGS__)
	for (size_t g = 0; g < r->ngroups; g++) {
		PUT("g%d:%lld:%d[", (int)r->groups[g].level, (long long)r->groups[g].where, r->groups[g].formal);
		for (size_t m = 0; m < r->groups[g].n; m++)
			PUT("%lld,", (long long)u[r->members[r->groups[g].first + m]].id);
		PUT("]");
	}
	PUT("|left");
	for (size_t i = 0; i < r->nleftover; i++)
		PUT(" %lld", (long long)u[r->leftover[i]].id);
	PUT("|filled");
	for (size_t i = 0; i < r->nfilled; i++)
		PUT(" %lld>%lld", (long long)u[r->filled[i]].id, (long long)b[r->filled_by[i]].id);
#undef PUT
	assert_true(len < cap);
}

static void test_order_independent(void **state)
{
	(void)state;
	enum { N = 24, NB = 3 };
	static char a[8192], c[8192];
	for (int iter = 0; iter < 300; iter++) {
		plan_unit u[N], v[N];
		plan_branch b[NB], w[NB];
		int n = 2 + rnd_below(N - 1);
		gen_units((gen)(iter % NGEN), u, n);
		for (int i = 0; i < n; i++)
			u[i].industry = rnd_below(4);
		for (int i = 0; i < NB; i++) {
			const plan_unit *x = &u[rnd_below(n)];
			plan_level lv = (plan_level)rnd_below(3);
			b[i] = (plan_branch){700 + i, 1 + rnd_below(3), lv,
					     lv == PLAN_ZONE ? x->zone : lv == PLAN_COMMUNITY ? x->community : x->street};
			if (b[i].where <= 0)
				b[i] = (plan_branch){700 + i, 1 + rnd_below(3), PLAN_STREET, x->street};
		}
		memcpy(v, u, (size_t)n * sizeof *u);
		memcpy(w, b, sizeof b);
		for (int i = n - 1; i > 0; i--) {
			int j = rnd_below(i + 1);
			plan_unit t = v[i];
			v[i] = v[j];
			v[j] = t;
		}
		plan_branch t = w[0];
		w[0] = w[NB - 1];
		w[NB - 1] = t;
		plan_result r1, r2;
		assert_int_equal(plan_joint_fill(u, (size_t)n, b, NB, 5, 3, &r1), 0);
		assert_int_equal(plan_joint_fill(v, (size_t)n, w, NB, 5, 3, &r2), 0);
		plan_ids(u, b, &r1, a, sizeof a);
		plan_ids(v, w, &r2, c, sizeof c);
		assert_string_equal(a, c);
		plan_free(&r1);
		plan_free(&r2);
		assert_int_equal(plan_joint(u, (size_t)n, 5, 3, &r1), 0);
		assert_int_equal(plan_joint(v, (size_t)n, 5, 3, &r2), 0);
		plan_ids(u, b, &r1, a, sizeof a);
		plan_ids(v, w, &r2, c, sizeof c);
		assert_string_equal(a, c);
		plan_free(&r1);
		plan_free(&r2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parameter_errors),
		cmocka_unit_test(test_empty_and_ineligible),
		cmocka_unit_test(test_alone_in_street),
		cmocka_unit_test(test_zone_leftover_joins_community),
		cmocka_unit_test(test_tighter_levels_first),
		cmocka_unit_test(test_zone_across_streets),
		cmocka_unit_test(test_single_pool_arithmetic),
		cmocka_unit_test(test_optimality_random),
		cmocka_unit_test(test_large_random),
		cmocka_unit_test(test_industry_kept_together),
		cmocka_unit_test(test_industry_never_costs_coverage),
		cmocka_unit_test(test_fill_existing),
		cmocka_unit_test(test_order_independent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
