/* The route table: every URL of the application, its permission and kind. One table, so that
 * fgdj serve --routes lists it and tests/e2e/web_matrix.sh checks every route against every role.
 * Keep the rows grouped by page file; a new page group adds its rows here and its NAV entry
 * appears by itself (layout.c). Literal routes are matched before {param} ones only by order:
 * put "/x/new" above "/x/{id}". */
#include "web/pages.h"

const web_route web_routes[] = {
	/* page_static.c */
	{"GET", "/healthz", page_healthz, PERM_PUBLIC, WEB_PAGE, NULL},
	{"GET", "/assets/{name}", page_asset, PERM_PUBLIC, WEB_CACHE, NULL},
	/* page_auth.c */
	{"GET", "/login", page_login, PERM_PUBLIC, WEB_PAGE, NULL},
	{"POST", "/login", page_login_post, PERM_PUBLIC, WEB_NO_CSRF, NULL},
	{"POST", "/logout", page_logout, PERM_LOGIN, WEB_PAGE, NULL},
	{"GET", "/api/v1/session", api_session_get, PERM_LOGIN, WEB_API, NULL},
	{"POST", "/api/v1/session", api_session_post, PERM_PUBLIC, WEB_API | WEB_NO_CSRF, NULL},
	{"DELETE", "/api/v1/session", api_session_delete, PERM_LOGIN, WEB_API, NULL},
	/* page_home.c */
	{"GET", "/", page_home, PERM_LOGIN, WEB_PAGE, NULL},
	{"GET", "/api/v1/stats", api_stats, PERM_REPORTS, WEB_API, NULL},
	/* The ledgers: enterprises, organisations, members, instructors (pages and API). */
#include "web/routes_ledger.inc"
	/* Work tools: findings, plan, import, reports, users, history. */
#include "web/routes_tools.inc"
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
