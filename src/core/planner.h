/* planner — proposes joint party branches (联合党支部) for uncovered enterprises with 1–2 formal
 * members (domain.md §4): each branch groups units of one zone, else one community, else one
 * street; has at least min_formal formal members together and at most max_units units.
 * Objective, in order: cover as many enterprises as possible, then use as few branches as
 * possible; where that leaves the choice of units free, a branch keeps one industry together.
 * plan_joint_fill first lets units join existing branches of their place that have room, as long
 * as that covers no fewer units and founds no more branches. Units that cannot be grouped get no
 * branch (the caller proposes 挂靠建 to their community). Pure: no I/O. */
#ifndef FGDJ_PLANNER_H
#define FGDJ_PLANNER_H
#include <stddef.h>
#include <stdint.h>

typedef struct plan_unit {
	int64_t id;        /* caller's identifier (enterprise row id): the planner's order */
	int formal;        /* formal members, 1 or 2 (others are ignored) */
	int64_t zone;      /* zone id, 0 = none */
	int64_t community; /* community id (required, > 0) */
	int64_t street;    /* street id (required, > 0) */
	int64_t industry;  /* industry category code, 0 = unknown: groups keep one industry together
	                    * where the counts leave the choice free (never at the cost of coverage) */
} plan_unit;

typedef enum plan_level { PLAN_ZONE, PLAN_COMMUNITY, PLAN_STREET } plan_level;

typedef struct plan_group {
	plan_level level;  /* the tightest place all members share: zone, else community, else street */
	int64_t where;     /* the zone, community or street id */
	size_t first;      /* members are plan_result.members[first .. first+n) */
	size_t n;
	int formal;        /* formal members together */
} plan_group;

/* An existing joint branch that may take more units: room of them, from its place (every unit
 * whose zone, community or street at that level is `where`, as a new group's members share one). */
typedef struct plan_branch {
	int64_t id;        /* caller's identifier (organisation id) */
	int room;          /* units it may still take: joint.max_units minus those it covers */
	plan_level level;
	int64_t where;
} plan_branch;

typedef struct plan_result {
	plan_group *groups;
	size_t ngroups;
	size_t *members;    /* indexes into the caller's units array */
	size_t nmembers;
	size_t *leftover;   /* indexes of units that were not grouped */
	size_t nleftover;
	size_t *filled;     /* indexes of units proposed to join an existing branch */
	size_t *filled_by;  /* filled_by[i]: index into the caller's branches of filled[i]'s */
	size_t nfilled;
} plan_result;

/* Plans units[0..n). Units whose formal is not 1 or 2 are ignored: they are neither members
 * nor leftovers. Every other unit is in exactly one group or in leftover. The planner takes units
 * in the order of their ids (equal ids in index order), whatever order the caller read them in:
 * the same set of units gives the same plan. Groups come in (level, where, lowest member) order,
 * members and leftovers in that order (ids ascending); the indexes are into the caller's array.
 * Returns 0, or -1 on bad parameters: max_units < 2, min_formal < 2, out NULL, units NULL
 * with n > 0, or a unit with 1–2 formal members and community or street <= 0. *out is always
 * initialised (empty on -1) and freed with plan_free. Deterministic for the same input.
 * O(n log n); the algorithm and its guarantees are described in planner.c. */
int plan_joint(const plan_unit *units, size_t n, int max_units, int min_formal, plan_result *out);
/* As plan_joint, but existing branches with room are filled before new ones are founded: a unit
 * joins a branch of its place when that leaves the rest of its component covering as many units
 * (counting the one that joined) with no more new groups. A unit that would be left over always
 * joins when it can. Branches are filled in the order of their ids, units in the planner's order,
 * leftovers first; filled lists units in the planner's order. Every eligible unit is then in exactly one of groups, filled and leftover. Returns -1
 * also for a branch with a NULL array and nb > 0. */
int plan_joint_fill(const plan_unit *units, size_t n, const plan_branch *branches, size_t nb, int max_units,
                    int min_formal, plan_result *out);
void plan_free(plan_result *r);

#endif
