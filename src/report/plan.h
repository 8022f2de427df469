/* plan — the joint-branch plan of a region (fgdj plan joint): uncovered counted enterprises with
 * 1–2 formal members grouped by the planner; the rest proposed for 挂靠建 in their community. */
#ifndef FGDJ_PLAN_H
#define FGDJ_PLAN_H

#include "core/planner.h"
#include "report/facts.h"
#include "util/buf.h"

typedef struct joint_plan {
	plan_unit *units;   /* candidates by enterprise id; units[i].id is the enterprise id */
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
/* What joint_plan_make makes of an enterprise of the facts: 0 nothing (not 三有, or covered), else
 * what it proposes (rules_recommend) and whether an instructor is to be sent first. Two facts of the
 * same enterprises, links and members whose enterprises are all of the same class (and 行业) give
 * the same plan. */
unsigned char joint_plan_class(const rules_cfg *c, const ent_fact *ef);
void joint_plan_free(joint_plan *p);

/* Writers: names come from the store. */
int joint_plan_text(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e);
int joint_plan_json(store *s, const facts *f, const joint_plan *p, buf *out, fg_err *e);
int joint_plan_xlsx(store *s, const facts *f, const joint_plan *p, const char *path, fg_err *e);

/* ---- adopting one new group (fgdj plan adopt, the plan page's 采纳) ---- */

/* The organisation that adopting group g of a plan creates: a 党支部 founded 联合建 today. */
typedef struct plan_adoption {
	size_t group;       /* index into the plan's groups */
	char *name;         /* "<place>第N联合党支部": N one past the highest numeral of the place's
			     * branches the scope reads, and no organisation anywhere bears the name */
	char *parent;       /* 上级党组织 (NULL none): that of the place's joint branches, else the
			     * 上级机关 of its zone, else of its street, else the district's that most
			     * joint branches have; only one the scope reads */
	char *street, *community, *zone; /* 所属街道/社区/区域 the members all share (NULL none) */
	char *place;        /* the group's place name */
	const char *level;  /* 区域 / 社区 / 街道 */
	char *covers;       /* the members' USCCs in plan order joined by "；": the 覆盖企业 value, and
			     * what the review carries to the confirmation */
	char **labels;      /* "名称（USCC）" of each member */
	size_t n;
	int formal;
} plan_adoption;

/* Fills a with what adopting group g would write, reading the organisations within scope (NULL:
 * the district's). Read inside the caller's read moment. FG_OK, FG_EINPUT (no such group) or
 * FG_EFAIL. a is freed with plan_adoption_free in every case. */
int joint_plan_adoption(store *s, const facts *f, const joint_plan *p, size_t g, const store_filter *scope,
			plan_adoption *a, fg_err *e);
void plan_adoption_free(plan_adoption *a);
/* The review as text: what adopting would write. */
void joint_plan_adoption_text(const plan_adoption *a, buf *out);

/* 1 when writes that changed the enterprises ents (nents of them) in fields — store_changes_since's
 * STORE_CHANGES_ENTS (store/finding_store.h) — leave a plan as it was: cls holds each enterprise's
 * class in that plan by id (joint_plan_class, 0 for one not in its facts; ncls entries, the ids
 * up to the facts' max_ent), f the facts after the writes. 0 when 行业 changed (the plan groups
 * by it), when members became formal or no longer are at an enterprise the plan names before or now
 * (STORE_MEMBER_FORMAL: the plan prints the formal members of each enterprise it names), when the change is one facts_patchable does not let through (the 经营状态 of an
 * enterprise with an organisation or instructor — the existing branches —, or the closing of one
 * another record names), or when one of them is of another class now. In a read moment. */
int joint_plan_holds(store *s, const facts *f, const unsigned char *cls, size_t ncls, const int64_t *ents,
		     size_t nents, store_fields fields);

/* What adopting the plan's group nth (from 0) of region today would write, in a read moment of its
 * own (the plan's facts, the plan, joint_plan_adoption under scope): the review of `fgdj plan
 * adopt N` and of the web's 采纳. given: the facts of region today that the caller holds in its
 * read moment (the web server's kept ones), or NULL to load the plan's own. FG_OK, FG_EINPUT (no
 * such group, unknown region) or FG_EFAIL; a is freed with plan_adoption_free in every case. */
int joint_plan_review(store *s, const char *region, size_t nth, const store_filter *scope, const facts *given,
		      plan_adoption *a, fg_err *e);

/* Adopts the reviewed group in one write transaction named for who and source: computes the
 * plan of region today in a read moment before it (and again under the write lock only when the
 * writes that came between can have changed it, or the day did), finds the group covering
 * exactly the USCCs covers (a's covers), checks that the name it would get is still name, and
 * writes the organisation with its coverage through
 * store_put under scope (NULL: the district), so it is checked and leaves history as any ledger
 * write. A plan that no longer proposes that group or name is refused (FG_EINPUT, *stale 1);
 * scope refusals are FG_EINPUT with *stale 0. On FG_OK a holds what was written. */
int joint_plan_adopt(store *s, const char *region, const char *covers, const char *name, const store_filter *scope,
		     const char *who, const char *source, plan_adoption *a, int *stale, fg_err *e);
/* joint_plan_adopt of the plan's group nth (from 0) as the read moment before the write finds it:
 * `fgdj plan adopt N --confirm`, whose review is the same command's. *a holds what was written. */
int joint_plan_adopt_nth(store *s, const char *region, size_t nth, const char *who, const char *source,
			 plan_adoption *a, int *stale, fg_err *e);

#endif
