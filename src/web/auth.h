/* auth — who may do what, and where. The authorisation model of the web face.
 *
 * PERMISSIONS. Every route names one permission (web.h, routes.c); the router refuses the
 * request before the handler runs when the user lacks it:
 *   public   anyone, no session needed (login, health check, static assets)
 *   login    any logged-in user (dashboard, logout)
 *   read     read the ledger of the scope: enterprises, organisations, members (masked), instructors
 *   write    create and change ledger rows of the scope
 *   visit    record instructors' visits in the scope (an instructor: only its own, store/scope.h)
 *   import   upload CSV/XLSX files into the ledger of the scope
 *   export   download ledger files, and see personal data unmasked (every such view is logged)
 *   reports  statistics, findings, the work report and statistical tables
 *   admin    accounts, the whole history, settings
 *
 * ROLES → PERMISSIONS (the matrix tests/e2e/web_matrix.sh checks against every route):
 *                read write visit import export reports admin
 *   admin        x    x     x     x      x      x       x
 *   district     x    x     x     x      x      x
 *   street       x    x     x     x      x      x
 *   community    x    x     x     x             x
 *   secretary    x    x
 *   instructor   x          x¹
 *   viewer       x                               x
 *   ¹ only an account linked to its row of the instructor ledger (fgdj user add --instructor), and
 *     only its own visits (store/scope.h); an unlinked instructor's account only reads.
 *
 * SCOPE. Independently of the permission, every user sees only a part of the district:
 *   admin, district                 the whole district
 *   street / community              that region's subtree (a street and its communities)
 *   instructor, viewer              the whole district, or a street/community subtree
 *   secretary                       one organisation (and what it covers)
 * The scope is given to the store as a store_filter (auth_user.filter) so that queries filter in
 * SQL and an out-of-scope row is never read. For an organisation scope the filter's region_id is
 * AUTH_NO_REGION, which matches no region: region queries return nothing unless the store
 * function also takes auth_user.scope_org_id. Anything outside the scope answers 404, exactly
 * as if it did not exist; a permission missing answers 403; no session answers 401 (API) or a
 * redirect to the login page (pages). */
#ifndef FGDJ_AUTH_H
#define FGDJ_AUTH_H
#include <stdint.h>

#include "store/store.h"
#include "store/users.h"

typedef enum auth_perm {
	PERM_PUBLIC,
	PERM_LOGIN,
	PERM_READ,
	PERM_WRITE,
	PERM_VISIT,
	PERM_IMPORT,
	PERM_EXPORT,
	PERM_REPORTS,
	PERM_ADMIN,
	PERM_COUNT
} auth_perm;

/* A region id that no region has: the filter of a user whose scope is not a region. */
#define AUTH_NO_REGION (-1)

/* The user of a request. id 0 = anonymous (nothing else is meaningful then). */
typedef struct auth_user {
	int64_t id;
	char name[USERS_NAME_MAX + 1];
	int role;                /* users_role */
	users_scope_kind scope_kind;
	store_filter filter;     /* the scope for store queries (zone_id always 0) */
	int64_t scope_org_id;    /* SCOPE_ORG: the organisation */
	int64_t instructor_id;   /* an instructor's account linked to its instructor row; else 0 */
	char instructor_name[128], instructor_unit[128]; /* that row's 姓名 and 派出单位 */
	char scope_label[256];   /* region argument for stats_compute, organisation name, "" = district */
	char scope_level[16];    /* its level (users.h user_rec.scope_level) */
	char csrf[65];           /* the session's CSRF token (hex) */
} auth_user;

/* "public", "login", "read", … (the names printed by fgdj serve --routes). */
const char *auth_perm_name(auth_perm p);
/* Chinese name of a permission, for 403 pages. */
const char *auth_perm_label(auth_perm p);
/* 1 when role has permission p (PERM_PUBLIC and PERM_LOGIN: every role). */
int auth_role_has(int role, auth_perm p);
/* 1 when the user may: PERM_PUBLIC for everybody, the rest for logged-in users whose role has it. */
int auth_can(const auth_user *u, auth_perm p);

/* Fills u from an account (csrf left empty). */
void auth_from_account(auth_user *u, const user_rec *acc);

/* 1 when the region or zone of f lies inside the user's scope. District-wide users see
 * everything; a region-scoped user sees its region and its communities, never a zone or the
 * district as a whole; an organisation-scoped user sees no region. */
int auth_filter_visible(store *s, const auth_user *u, const store_filter *f);
/* The user's scope as store/scope.h defines it: the region (AUTH_NO_REGION for none), or the
 * organisation of a secretary. Every read and write the user makes is limited by it. */
store_filter auth_scope(const auth_user *u);

#endif
