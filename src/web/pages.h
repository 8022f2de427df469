/* pages — the handlers of the route table (routes.c), one file per page group:
 *   page_static.c   health check, embedded assets
 *   page_auth.c     login form, logout, the session API
 *   page_home.c     dashboard, statistics API */
#ifndef FGDJ_PAGES_H
#define FGDJ_PAGES_H
#include "web/web.h"

void page_healthz(web_req *r);
void page_asset(web_req *r);

void page_login(web_req *r);
void page_login_post(web_req *r);
void page_logout(web_req *r);
void api_session_get(web_req *r);
void api_session_post(web_req *r);
void api_session_delete(web_req *r);

void page_home(web_req *r);
void api_stats(web_req *r);

#include "web/pages_ledger.h"
#include "web/pages_tools.h"

#endif
