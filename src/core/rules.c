#include "core/rules.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/settings.h"
#include "util/date.h"

void rules_defaults(rules_cfg *c)
{
	/* The defaults live in one place: the settings table. */
	memset(c, 0, sizeof *c);
	int n;
	const setting_def *d = settings_all(&n);
	for (int i = 0; i < n; i++)
		rules_apply(c, d[i].key, d[i].def);
}

void rules_apply(rules_cfg *c, const char *key, const char *value)
{
	static const struct {
		const char *key;
		size_t off;
	} MAP[] = {
		{"scope.min_employees", offsetof(rules_cfg, min_employees)},
		{"org.min_formal_single", offsetof(rules_cfg, min_formal_single)},
		{"org.committee_members", offsetof(rules_cfg, committee_members)},
		{"org.general_branch_members", offsetof(rules_cfg, general_branch_members)},
		{"org.party_committee_members", offsetof(rules_cfg, party_committee_members)},
		{"joint.max_units", offsetof(rules_cfg, joint_max_units)},
		{"term.branch_years", offsetof(rules_cfg, term_branch_years)},
		{"term.committee_years", offsetof(rules_cfg, term_committee_years)},
		{"instructor.priority_employees", offsetof(rules_cfg, instructor_priority_employees)},
		{"member.pocket_months", offsetof(rules_cfg, pocket_months)},
		{"org.flag_unneeded_committee", offsetof(rules_cfg, flag_unneeded_committee)},
		{"member.lost_months", offsetof(rules_cfg, lost_months)},
	};
	for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++) {
		if (strcmp(MAP[i].key, key) != 0)
			continue;
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (end != value && !*end && !errno && v >= 0 && v <= 10000000)
			*(int *)((char *)c + MAP[i].off) = (int)v;
	}
}

cov_state rules_coverage_state(int single, int joint, int affiliated)
{
	if (single > 0)
		return COV_SINGLE;
	if (joint > 0)
		return COV_JOINT;
	if (affiliated > 0)
		return COV_AFFILIATED;
	return COV_UNCOVERED;
}

const char *rules_cov_name(cov_state s)
{
	static const char *const N[] = {"未覆盖", "单独建", "联合建", "挂靠建"};
	return N[s];
}

int rules_in_scope(const rules_cfg *c, int operating, int fixed_site, int employees)
{
	return operating && fixed_site && employees >= c->min_employees;
}

rec_mode rules_recommend(const rules_cfg *c, int formal)
{
	if (formal >= c->min_formal_single)
		return REC_SINGLE;
	return formal > 0 ? REC_JOINT : REC_INSTRUCTOR;
}

int rules_instructor_priority(const rules_cfg *c, int employees, int formal, int instructors)
{
	return formal == 0 && instructors == 0 && employees >= c->instructor_priority_employees;
}

org_kind rules_kind_parse(const char *name)
{
	if (!name)
		return KIND_UNKNOWN;
	if (strcmp(name, "党支部") == 0)
		return KIND_BRANCH;
	if (strcmp(name, "党总支") == 0)
		return KIND_GENERAL_BRANCH;
	if (strcmp(name, "党委") == 0)
		return KIND_COMMITTEE;
	return KIND_UNKNOWN;
}

const char *rules_kind_name(org_kind k)
{
	static const char *const N[] = {"党支部", "党总支", "党委", "未知"};
	return N[k];
}

org_kind rules_kind_allowed(const rules_cfg *c, int members)
{
	if (members >= c->party_committee_members)
		return KIND_COMMITTEE;
	if (members >= c->general_branch_members)
		return KIND_GENERAL_BRANCH;
	return KIND_BRANCH;
}

int rules_committee_required(const rules_cfg *c, org_kind k, int formal)
{
	/* General branches and committees are elected bodies by definition. */
	return k == KIND_GENERAL_BRANCH || k == KIND_COMMITTEE || formal >= c->committee_members;
}

int rules_term_end(const rules_cfg *c, org_kind k, int term_start)
{
	int years = k == KIND_COMMITTEE ? c->term_committee_years : c->term_branch_years;
	return date_add_years(term_start, years);
}
