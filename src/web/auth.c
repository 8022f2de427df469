/* Roles, permissions and scopes: see auth.h (the table below is the model's matrix). */
#include "web/auth.h"

#include <stdio.h>
#include <string.h>

#include "store/scope.h"

#define P(x) (1u << (x))

static const unsigned ROLE_PERMS[ROLE_COUNT] = {
	[ROLE_ADMIN] = P(PERM_READ) | P(PERM_WRITE) | P(PERM_VISIT) | P(PERM_IMPORT) | P(PERM_EXPORT) | P(PERM_REPORTS) |
		       P(PERM_ADMIN),
	[ROLE_DISTRICT] = P(PERM_READ) | P(PERM_WRITE) | P(PERM_VISIT) | P(PERM_IMPORT) | P(PERM_EXPORT) | P(PERM_REPORTS),
	[ROLE_STREET] = P(PERM_READ) | P(PERM_WRITE) | P(PERM_VISIT) | P(PERM_IMPORT) | P(PERM_EXPORT) | P(PERM_REPORTS),
	[ROLE_COMMUNITY] = P(PERM_READ) | P(PERM_WRITE) | P(PERM_VISIT) | P(PERM_IMPORT) | P(PERM_REPORTS),
	[ROLE_SECRETARY] = P(PERM_READ) | P(PERM_WRITE),
	[ROLE_INSTRUCTOR] = P(PERM_READ) | P(PERM_VISIT),
	[ROLE_VIEWER] = P(PERM_READ) | P(PERM_REPORTS),
};

static const struct {
	const char *name, *label;
} PERMS[PERM_COUNT] = {
	[PERM_PUBLIC] = {"public", "公开"},
	[PERM_LOGIN] = {"login", "登录"},
	[PERM_READ] = {"read", "查看台账"},
	[PERM_WRITE] = {"write", "修改台账"},
	[PERM_VISIT] = {"visit", "登记走访记录"},
	[PERM_IMPORT] = {"import", "导入台账"},
	[PERM_EXPORT] = {"export", "导出台账及查看完整个人信息"},
	[PERM_REPORTS] = {"reports", "统计与报告"},
	[PERM_ADMIN] = {"admin", "用户与历史管理"},
};

const char *auth_perm_name(auth_perm p)
{
	return p < PERM_COUNT ? PERMS[p].name : "?";
}

const char *auth_perm_label(auth_perm p)
{
	return p < PERM_COUNT ? PERMS[p].label : "?";
}

int auth_role_has(int role, auth_perm p)
{
	if (role < 0 || role >= ROLE_COUNT || p >= PERM_COUNT)
		return 0;
	if (p == PERM_PUBLIC || p == PERM_LOGIN)
		return 1;
	return (ROLE_PERMS[role] & P(p)) != 0;
}

int auth_can(const auth_user *u, auth_perm p)
{
	if (p == PERM_PUBLIC)
		return 1;
	/* An instructor's account records visits only once linked to its row of the instructor ledger. */
	if (p == PERM_VISIT && u->role == ROLE_INSTRUCTOR && !u->instructor_id)
		return 0;
	return u->id != 0 && auth_role_has(u->role, p);
}

void auth_from_account(auth_user *u, const user_rec *acc)
{
	memset(u, 0, sizeof *u);
	u->id = acc->id;
	snprintf(u->name, sizeof u->name, "%s", acc->name);
	u->role = acc->role;
	u->scope_kind = acc->scope_kind;
	snprintf(u->scope_label, sizeof u->scope_label, "%s", acc->scope_label);
	snprintf(u->scope_level, sizeof u->scope_level, "%s", acc->scope_level);
	if (acc->role == ROLE_INSTRUCTOR && acc->instructor_id) {
		u->instructor_id = acc->instructor_id;
		snprintf(u->instructor_name, sizeof u->instructor_name, "%s", acc->instructor_name);
		snprintf(u->instructor_unit, sizeof u->instructor_unit, "%s", acc->instructor_unit);
	}
	switch (acc->scope_kind) {
	case SCOPE_DISTRICT:
		u->filter.region_id = 0;
		break;
	case SCOPE_REGION:
		u->filter.region_id = acc->scope_region_id;
		break;
	case SCOPE_ORG:
		u->filter.region_id = AUTH_NO_REGION;
		u->scope_org_id = acc->scope_org_id;
		break;
	}
}

store_filter auth_scope(const auth_user *u)
{
	store_filter f = u->filter;
	f.zone_id = 0;
	f.org_id = 0;
	/* An instructor's account writes its own visits; without a linked row, nothing (-1: no row). */
	f.instructor_id = u->role == ROLE_INSTRUCTOR ? (u->instructor_id ? u->instructor_id : -1) : 0;
	if (u->scope_kind == SCOPE_ORG) {
		f.region_id = AUTH_NO_REGION;
		f.org_id = u->scope_org_id;
	}
	return f;
}

int auth_filter_visible(store *s, const auth_user *u, const store_filter *f)
{
	if (u->id == 0)
		return 0;
	switch (u->scope_kind) {
	case SCOPE_DISTRICT:
		return 1;
	case SCOPE_REGION:
		if (f->zone_id || f->region_id == 0 || f->region_id == 1)
			return 0;
		return scope_region_within(s, f->region_id, u->filter.region_id);
	case SCOPE_ORG:
		return 0;
	}
	return 0;
}
