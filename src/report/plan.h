/* plan — the joint-branch plan of a region (fgdj plan joint): uncovered counted enterprises with
 * 1–2 formal members grouped by the planner; the rest proposed for 挂靠建 in their community. */
#ifndef FGDJ_PLAN_H
#define FGDJ_PLAN_H

#include "core/planner.h"
#include "report/facts.h"
#include "util/buf.h"

typedef struct joint_plan {
	plan_unit *units;   /* candidates; units[i].id is the facts index */
	size_t nunits;
	plan_result r;
	size_t units_grouped;
	plan_branch *branches; /* existing joint branches of the region with room (r.filled_by indexes) */
	char **branch_names;
	int *branch_units;     /* units each covers now */
	size_t nbranches;
	/* Every uncovered 三有 enterprise of the region, by what the plan proposes for it: exactly
	 * one of single (its own organisation, ≥ org.min_formal_single formal members: facts
	 * indexes in single_ents), joint (the candidates above: r.nfilled join an existing branch,
	 * units_grouped a new one, r.nleftover 挂靠建) or instructor (no formal member; of those,
	 * instructed already have one and priority are to be sent one first). */
	size_t uncovered, single, instructor, instructed, priority;
	size_t *single_ents;
} joint_plan;

/* Plans from loaded facts: candidates with the 行业 of their ledger rows (one industry kept
 * together where the choice is free), existing joint branches of the region with room filled
 * before new ones are proposed. Reads the store at the moment of the facts (the caller's read
 * pair). Returns FG_OK, FG_EINPUT (bad settings) or FG_EFAIL. */
int joint_plan_make(store *s, const facts *f, joint_plan *p, fg_err *e);
void joint_plan_free(joint_plan *p);

/* Writers: names come from the store. */
int joint_plan_text(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e);
int joint_plan_json(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e);
int joint_plan_xlsx(store *s, const facts *f, const joint_plan *p, const char *path, fg_err *e);

#endif
